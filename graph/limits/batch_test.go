package limits

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// echo answers with the body it read, so a test sees whether the body
// reached the next handler whole.
func echo(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read: "+err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	_, _ = w.Write(b)
}

func TestRejectBatches(t *testing.T) {
	long := `{"query":"{ me { id } }","variables":{"pad":"` + strings.Repeat("x", 10_000) + `"}}`
	tests := []struct {
		name     string
		method   string
		body     string
		rejected bool
	}{
		{name: "single operation passes whole", method: http.MethodPost, body: `{"query":"{ me { id } }"}`},
		{name: "body longer than the peek buffer passes whole", method: http.MethodPost, body: long},
		{name: "leading whitespace then object", method: http.MethodPost, body: " \r\n\t" + `{"query":"{ me { id } }"}`},
		{name: "batch", method: http.MethodPost, body: `[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]`, rejected: true},
		{name: "batch after whitespace", method: http.MethodPost, body: "\n  \t[{\"query\":\"{ me { id } }\"}]", rejected: true},
		{name: "empty array", method: http.MethodPost, body: `[]`, rejected: true},
		{name: "empty body", method: http.MethodPost, body: ``},
		{name: "only whitespace", method: http.MethodPost, body: "   "},
		{name: "whitespace beyond the peek window is left to gqlgen", method: http.MethodPost, body: strings.Repeat(" ", peekLimit+1) + "[]"},
		{name: "bracket inside the object", method: http.MethodPost, body: `{"query":"query($ids: [ID!]!) { me { id } }"}`},
		{name: "GET is not inspected", method: http.MethodGet, body: `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/graphql", strings.NewReader(tt.body))
			w := httptest.NewRecorder()
			RejectBatches(http.HandlerFunc(echo)).ServeHTTP(w, r)

			if !tt.rejected {
				if w.Code != http.StatusOK || w.Body.String() != tt.body {
					t.Errorf("got %d with %d body bytes, want 200 echoing all %d bytes", w.Code, w.Body.Len(), len(tt.body))
				}
				return
			}
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400", w.Code)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			var resp struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("body %q is not JSON: %v", w.Body.String(), err)
			}
			if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_REQUEST" ||
				resp.Errors[0].Message != "不支持批量操作：每个请求只能包含一个操作 (batched operations are not supported)" {
				t.Errorf("body = %s, want one BAD_REQUEST error", w.Body.String())
			}
		})
	}
}

func TestRejectBatchesKeepsReadErrors(t *testing.T) {
	// A body cap installed before this middleware must still trip in the
	// handler after it: the error the peek saw has to be handed on.
	h := func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 16)
		RejectBatches(http.HandlerFunc(echo)).ServeHTTP(w, r)
	}
	tests := []struct {
		name   string
		body   string
		status int
	}{
		{name: "within the cap", body: `{"query":"{a}"}`, status: http.StatusOK},
		{name: "over the cap", body: `{"query":"{ me { id name } }"}`, status: http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h(w, httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tt.body)))
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %q)", w.Code, tt.status, w.Body.String())
			}
		})
	}
}

func TestRejectBatchesClosesOriginalBody(t *testing.T) {
	body := &closeRecorder{Reader: strings.NewReader(`{"query":"{a}"}`)}
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	r.Body = body
	RejectBatches(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if err := r.Body.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})).ServeHTTP(httptest.NewRecorder(), r)
	if !body.closed {
		t.Error("closing the request body did not reach the original body")
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error {
	if c.closed {
		return errors.New("closed twice")
	}
	c.closed = true
	return nil
}
