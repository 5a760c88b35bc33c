package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/idempotency"
)

type keyedAnswer struct {
	status int
	body   []byte
	code   string
}

func keyedPost(t *testing.T, app *apptest.App, token, key string, body []byte) keyedAnswer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(idempotency.Header, key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return keyedAnswer{}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out struct {
		Errors []struct{ Extensions map[string]any }
	}
	_ = json.Unmarshal(b, &out)
	a := keyedAnswer{status: res.StatusCode, body: b}
	if len(out.Errors) > 0 {
		a.code, _ = out.Errors[0].Extensions["code"].(string)
	}
	return a
}

// A mutation retried with its Idempotency-Key and the same body is carried out once and answered
// with the first answer; concurrent retries write once too; another body under the key is
// refused; keys are per user; a failed attempt leaves the key free; old keys are cleaned up.
func TestIdempotentMutations(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, cityAdmin).AccessToken
	named := func(name string) int {
		var n int
		if err := app.DB.Raw(t.Context(), &n, "SELECT count(*) FROM units WHERE name = ?", name); err != nil {
			t.Fatal(err)
		}
		return n
	}
	createBody := func(name string) []byte {
		b, _ := json.Marshal(map[string]any{"query": `mutation($i: UnitInput!) { createUnit(input: $i) { id name county { name } } }`,
			"variables": map[string]any{"i": with(villageInput(), "name", name)}})
		return b
	}

	body := createBody("幂等测试一村")
	first := keyedPost(t, app, admin, "key-1", body)
	again := keyedPost(t, app, admin, "key-1", body)
	if first.status != 200 || first.code != "" || !bytes.Equal(first.body, again.body) {
		t.Fatalf("first %d %s, retry %d %s", first.status, first.body, again.status, again.body)
	}
	if n := named("幂等测试一村"); n != 1 {
		t.Fatalf("a retried mutation wrote %d units", n)
	}
	if other := keyedPost(t, app, admin, "key-1", createBody("幂等测试别村")); other.status != 422 || other.code != idempotency.CodeKeyReused {
		t.Fatalf("the key with another body: %d %s", other.status, other.body)
	}

	// ten concurrent retries of one request: one write, every answer the first or ALREADY_APPLIED
	body = createBody("幂等测试并发村")
	var wg sync.WaitGroup
	answers := make([]keyedAnswer, 10)
	for i := range answers {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = keyedPost(t, app, admin, "key-concurrent", body) }()
	}
	wg.Wait()
	if n := named("幂等测试并发村"); n != 1 {
		t.Fatalf("10 concurrent retries wrote %d units", n)
	}
	for _, a := range answers {
		if !(a.status == 200 && a.code == "") && a.code != idempotency.CodeAlreadyApplied {
			t.Errorf("a concurrent retry: %d %s", a.status, a.body)
		}
	}

	// another user's key of the same name is another key
	county := app.MustLogin(t, countyAdmin).AccessToken
	if a := keyedPost(t, app, county, "key-1", createBody("幂等测试县村")); a.status != 200 || a.code != "" {
		t.Fatalf("another user's key-1: %d %s", a.status, a.body)
	}
	// a refused attempt commits nothing, its key included
	bad := createBody("坏")
	if a := keyedPost(t, app, admin, "key-2", bad); a.code != "BAD_USER_INPUT" {
		t.Fatalf("a refused mutation: %d %s", a.status, a.body)
	}
	if a := keyedPost(t, app, admin, "key-2", createBody("幂等测试二村")); a.status != 200 || a.code != "" || named("幂等测试二村") != 1 {
		t.Fatalf("the key after a refused attempt: %d %s", a.status, a.body)
	}
	// keys are kept 8 days, then cleaned up
	if err := app.DB.Exec(t.Context(), "UPDATE idempotency_keys SET created_at = now() - interval '9 days' WHERE key = 'key-2'"); err != nil {
		t.Fatal(err)
	}
	if n, err := idempotency.New(app.DB).Cleanup(t.Context()); err != nil || n != 1 {
		t.Fatalf("cleanup removed %d keys: %v", n, err)
	}
	var left int
	if err := app.DB.Raw(t.Context(), &left, "SELECT count(*) FROM idempotency_keys"); err != nil || left != 3 {
		t.Fatalf("%d keys left, want 3 (%v)", left, err)
	}
	_ = fmt.Sprint
}
