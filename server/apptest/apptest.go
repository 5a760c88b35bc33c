// Package apptest starts the whole server (real HTTP handler, real PostgreSQL from pgtest) for
// end-to-end tests of the API, and speaks GraphQL to it the way a client does.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/auth"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/grids"
	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/report"
	"zeroaccident/server/todo"
	"zeroaccident/server/web"
	"zeroaccident/server/workbench"
)

// App is a running server.
type App struct {
	URL      string
	DB       *postgres.DB
	Accounts *accounts.Service
	Tokens   *auth.Tokens
	// Statements counts the SQL statements of the requests sent through the server.
	Statements atomic.Int64
}

// Options change how the server is started.
type Options struct {
	// RateLimit per client address; 0 (the default in tests) turns it off.
	RateLimit float64
	RateBurst int
	// Now is the clock of the application services (time.Now by default).
	Now func() time.Time
	// WatchSessions lets the session check reuse its results as `serve` does (accounts.WatchSessions);
	// off by default, so the statement counts of the other tests include the session check.
	WatchSessions bool
}

// MustStart starts a server on the package's test database; it stops when the test ends.
func MustStart(t testing.TB, opt Options) *App {
	t.Helper()
	db, _ := pgtest.MustDB(t)
	secret, err := auth.GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Secret: secret, Issuer: "zeroaccident", Audience: "zeroaccident-api", TTL: 30 * time.Minute, Now: opt.Now})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	app := &App{DB: db, Tokens: tokens, Accounts: accounts.New(db, tokens, opt.Now, log)}
	h := web.NewHandler(web.Deps{
		DB: db, Accounts: app.Accounts, Reference: reference.New(db, opt.Now), Registry: registry.New(db, opt.Now), Events: events.New(db, opt.Now), Files: files.New(db, nil), Report: report.New(db, opt.Now), Workbench: workbench.New(db),
		Grids: grids.New(db), Todo: todo.New(db, opt.Now), Log: log,
		RateLimit: opt.RateLimit, RateBurst: opt.RateBurst,
	})
	if opt.WatchSessions {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); app.Accounts.WatchSessions(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(postgres.WithStatementCounter(r.Context(), &app.Statements)))
	}))
	t.Cleanup(srv.Close)
	app.URL = srv.URL
	return app
}

// Error is one GraphQL error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Result is a GraphQL response.
type Result struct {
	Status int
	Header http.Header     `json:"-"`
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Code is extensions.code of the first error, or "" when there is none.
func (r Result) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Field is extensions.field of the first error.
func (r Result) Field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// MustDecode unmarshals data into v, failing the test on GraphQL errors.
func (r Result) MustDecode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// Query POSTs a GraphQL operation with an optional bearer token.
func (a *App) Query(t testing.TB, token, query string, vars map[string]any) Result {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return a.Post(t, token, "application/json", body)
}

// Post sends a raw body to /graphql.
func (a *App) Post(t testing.TB, token, contentType string, body []byte) Result {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(t, req)
}

// Get sends a GraphQL operation as a GET request.
func (a *App) Get(t testing.TB, token, rawQuery string) Result {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, a.URL+"/graphql?"+rawQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(t, req)
}

func (a *App) do(t testing.TB, req *http.Request) Result {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := Result{Status: res.StatusCode, Header: res.Header}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response %d is not GraphQL JSON: %s", res.StatusCode, raw)
	}
	return out
}

// Session is what login returns.
type Session struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

const loginMutation = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken } }`

// Login logs in and returns the response.
func (a *App) Login(t testing.TB, username, password string) Result {
	t.Helper()
	return a.Query(t, "", loginMutation, map[string]any{"u": username, "p": password})
}

// MustLogin logs in with the demo password and returns the session.
func (a *App) MustLogin(t testing.TB, username string) Session {
	t.Helper()
	return a.MustLoginWith(t, username, pgtest.DemoPassword)
}

// MustLoginWith logs in with the given password and returns the session.
func (a *App) MustLoginWith(t testing.TB, username, password string) Session {
	t.Helper()
	var out struct{ Login Session }
	a.Login(t, username, password).MustDecode(t, &out)
	return out.Login
}

// Upload sends an operation with one file as a GraphQL multipart request (the upload spec the app
// uses): the file goes to the variable named fileVar.
func (a *App) Upload(t testing.TB, token, query string, vars map[string]any, fileVar, filename string, content []byte) Result {
	t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars[fileVar] = nil
	ops, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.`+fileVar+`"]}`)
	fw, err := mw.CreateFormFile("0", filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return a.Post(t, token, mw.FormDataContentType(), body.Bytes())
}
