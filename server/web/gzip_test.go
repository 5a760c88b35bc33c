package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"zeroaccident/server/apptest"
)

// fetch sends a request and returns the answer's Content-Encoding and its body as sent (the
// transport does not decompress a body when the request sets Accept-Encoding itself).
func fetch(t *testing.T, method, url, token, body, acceptEncoding string) (string, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	} else {
		// without this Go's transport would ask for gzip on its own
		req.Header.Set("Accept-Encoding", "identity")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, raw)
	}
	return res.Header.Get("Content-Encoding"), raw
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Large GraphQL answers and exports are gzipped for clients that accept it, and unchanged for the
// others; a small answer is sent as it is.
func TestAnswersAreGzippedWhenAccepted(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	page := `{"query":"{ units(first: 200) { edges { node { id name address principalName county { name } } } } }"}`

	enc, plain := fetch(t, http.MethodPost, app.URL+"/graphql", token, page, "")
	if enc != "" || !json.Valid(plain) || !bytes.Contains(plain, []byte(`"edges"`)) {
		t.Fatalf("without Accept-Encoding: encoding %q, body %.200s", enc, plain)
	}
	enc, zipped := fetch(t, http.MethodPost, app.URL+"/graphql", token, page, "gzip, deflate, br")
	if enc != "gzip" {
		t.Fatalf("with Accept-Encoding gzip the answer's encoding is %q", enc)
	}
	if got := gunzip(t, zipped); !bytes.Equal(got, plain) {
		t.Fatalf("the gzipped answer differs: %.200s", got)
	}
	if len(zipped) >= len(plain)/2 {
		t.Errorf("gzip made %d bytes of %d", len(zipped), len(plain))
	}

	enc, small := fetch(t, http.MethodPost, app.URL+"/graphql", token, `{"query":"{ __typename }"}`, "gzip")
	if enc != "" || !bytes.Contains(small, []byte(`"Query"`)) {
		t.Fatalf("a small answer: encoding %q, body %s", enc, small)
	}

	_, csvPlain := fetch(t, http.MethodGet, app.URL+"/export/units.csv", token, "", "")
	enc, csvZipped := fetch(t, http.MethodGet, app.URL+"/export/units.csv", token, "", "gzip")
	if enc != "gzip" || !bytes.Equal(gunzip(t, csvZipped), csvPlain) || len(csvPlain) < 1024 {
		t.Fatalf("units export: encoding %q, %d bytes gzipped, %d plain", enc, len(csvZipped), len(csvPlain))
	}
}
