package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/apptest"
	"zeroaccident/server/auth"
	"zeroaccident/server/events"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/web"
)

func scrape(t *testing.T, base string) string {
	t.Helper()
	res, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", res.StatusCode, body)
	}
	return string(body)
}

// TestMetricsCountWhatHappens drives the API and reads the counts back from /metrics (the test
// client is on loopback, which may read them without a token).
func TestMetricsCountWhatHappens(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "analyst").AccessToken
	app.Query(t, token, `query Sectors { sectors { number } }`, nil)
	app.Query(t, token, `query Sectors { sectors { number } }`, nil)
	app.Query(t, "", `query Sectors { sectors { number } }`, nil)
	app.Query(t, token, `{ sectors { number } }`, nil)
	app.Query(t, token, `query Broken { sectors { `, nil)
	// an unknown name: five refusals, then the lock-out
	name := fmt.Sprintf("nobody_%d", time.Now().UnixNano())
	for range accounts.MaxFailures + 1 {
		app.Login(t, name, "wrong")
	}

	limited := apptest.MustStart(t, apptest.Options{RateLimit: 0.001, RateBurst: 1})
	for range 3 {
		limited.Query(t, "", `{ __typename }`, nil)
	}

	body := scrape(t, app.URL)
	limitedBody := scrape(t, limited.URL)
	cases := []struct {
		name, metrics, want string
	}{
		{"named query", body, `za_graphql_operations_total{operation="Sectors",status="ok",type="query"} 2`},
		{"anonymous caller refused", body, `za_graphql_operations_total{operation="Sectors",status="UNAUTHENTICATED",type="query"} 1`},
		{"unnamed query", body, `za_graphql_operations_total{operation="(anonymous)",status="ok",type="query"} 1`},
		{"parse error", body, `za_graphql_operations_total{operation="(none)",status="GRAPHQL_PARSE_FAILED",type="invalid"} 1`},
		{"refused logins", body, fmt.Sprintf(`za_graphql_operations_total{operation="(anonymous)",status="UNAUTHENTICATED",type="mutation"} %d`, accounts.MaxFailures+1)},
		{"successful login", body, `za_graphql_operations_total{operation="(anonymous)",status="ok",type="mutation"} 1`},
		{"latency histogram", body, `za_graphql_operation_duration_seconds_count{operation="Sectors",type="query"} 3`},
		{"bad credentials", body, fmt.Sprintf(`za_login_failures_total{reason="bad_credentials"} %d`, accounts.MaxFailures)},
		{"locked", body, `za_login_failures_total{reason="locked"} 1`},
		{"no internal login errors", body, `za_login_failures_total{reason="error"} 0`},
		{"HTTP requests by route", body, `za_http_requests_total{code="200",method="POST",route="/graphql"}`},
		{"HTTP latency", body, `za_http_request_duration_seconds_bucket{route="/graphql",le="+Inf"}`},
		{"pool size", body, `za_db_pool_max_open_connections 20`},
		{"pool in use", body, `za_db_pool_in_use_connections`},
		{"pool closed", body, `za_db_pool_closed_total{reason="max_lifetime"}`},
		{"Go runtime", body, `go_goroutines`},
		{"rate-limit refusals", limitedBody, `za_rate_limited_total 2`},
		{"rate-limit refusals by status", limitedBody, `za_http_requests_total{code="429",method="POST",route="/graphql"} 2`},
		{"nothing refused without a limit", body, `za_rate_limited_total 0`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(tc.metrics, tc.want) {
				t.Errorf("no %q in /metrics", tc.want)
			}
		})
	}
}

// TestMetricsAccess: without METRICS_TOKEN only direct loopback clients read /metrics; with
// one, only its bearers. Everyone else gets 404.
func TestMetricsAccess(t *testing.T) {
	const token = "0123456789abcdef0123"
	open := newHandler(t, "")
	closed := newHandler(t, token)
	cases := []struct {
		name    string
		handler http.Handler
		remote  string
		header  map[string]string
		want    int
	}{
		{"loopback, no token configured", open, "127.0.0.1:40000", nil, 200},
		{"IPv6 loopback, no token configured", open, "[::1]:40000", nil, 200},
		{"remote, no token configured", open, "203.0.113.9:40000", nil, 404},
		{"through a local proxy", open, "127.0.0.1:40000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 404},
		{"through a local proxy (Forwarded)", open, "127.0.0.1:40000", map[string]string{"Forwarded": "for=203.0.113.9"}, 404},
		{"remote with a token that is not configured", open, "203.0.113.9:40000", map[string]string{"Authorization": "Bearer " + token}, 404},
		{"token configured, remote bearer", closed, "203.0.113.9:40000", map[string]string{"Authorization": "Bearer " + token}, 200},
		{"token configured, wrong bearer", closed, "203.0.113.9:40000", map[string]string{"Authorization": "Bearer " + token + "x"}, 404},
		{"token configured, loopback without it", closed, "127.0.0.1:40000", nil, 404},
		{"token configured, loopback with it", closed, "127.0.0.1:40000", map[string]string{"Authorization": "Bearer " + token}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tc.remote
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			tc.handler.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d", rec.Code, tc.want)
			}
			if tc.want == 200 && !strings.Contains(rec.Body.String(), "za_db_pool_open_connections") {
				t.Errorf("body is not the metrics: %.200s", rec.Body.String())
			}
		})
	}
}

func newHandler(t *testing.T, metricsToken string) http.Handler {
	t.Helper()
	db, _ := pgtest.MustDB(t)
	secret, err := auth.GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Secret: secret, Issuer: "zeroaccident", Audience: "zeroaccident-api", TTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return web.NewHandler(web.Deps{
		DB: db, Accounts: accounts.New(db, tokens, nil, log), Reference: reference.New(db, nil), Registry: registry.New(db, nil),
		Events: events.New(db, nil), Log: log, MetricsToken: metricsToken,
	})
}

// TestSecurityHeaders: every kind of answer carries the browser hardening headers, errors too.
func TestSecurityHeaders(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "analyst").AccessToken
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	}
	cases := []struct {
		name, method, path, token, body string
		status                          int
	}{
		{"app", "GET", "/", "", "", 200},
		{"app route", "GET", "/units", "", "", 200},
		{"GraphQL POST", "POST", "/graphql", token, `{"query":"{ sectors { number } }"}`, 200},
		{"GraphQL GET", "GET", "/graphql?query=%7B__typename%7D", token, "", 200},
		{"GraphQL parse error", "POST", "/graphql", token, `{"query":"{"}`, 422},
		{"export", "GET", "/export/units.csv?countyCode=140602", token, "", 200},
		{"export without a token", "GET", "/export/units.csv", "", "", 401},
		{"health", "GET", "/healthz", "", "", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, app.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			for h, v := range want {
				if got := res.Header.Get(h); !strings.Contains(got, v) {
					t.Errorf("%s: %q, want it to contain %q", h, got, v)
				}
			}
			if res.Header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
		})
	}
}
