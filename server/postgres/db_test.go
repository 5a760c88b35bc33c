package postgres_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/reqinfo"
)

// TestSlowQueryLog: statements at or over SLOW_QUERY_THRESHOLD are logged with their SQL and the
// request id; faster ones are not.
func TestSlowQueryLog(t *testing.T) {
	_, url := pgtest.MustDB(t)
	cases := []struct {
		name      string
		threshold time.Duration
		query     string
		logged    bool
	}{
		{"over the threshold", 50 * time.Millisecond, "SELECT pg_sleep(0.1)", true},
		{"under the threshold", time.Hour, "SELECT pg_sleep(0.1)", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			db, err := postgres.Open(context.Background(), url, postgres.Options{
				SlowThreshold: tc.threshold, Logger: slog.New(slog.NewJSONHandler(&buf, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := reqinfo.With(context.Background(), "req-slow-1", "127.0.0.1")
			var out []struct{ PgSleep string }
			if err := db.Raw(ctx, &out, tc.query); err != nil {
				t.Fatal(err)
			}
			log := buf.String()
			if got := strings.Contains(log, `"msg":"slow query"`); got != tc.logged {
				t.Fatalf("logged %v, want %v: %s", got, tc.logged, log)
			}
			if tc.logged && (!strings.Contains(log, `"sql":"SELECT pg_sleep(0.1)"`) || !strings.Contains(log, `"request_id":"req-slow-1"`)) {
				t.Errorf("slow-query line lacks the SQL or the request id: %s", log)
			}
		})
	}
}

// TestStatementTimeout: the pool's connections carry statement_timeout unless the URL sets one.
func TestStatementTimeout(t *testing.T) {
	_, url := pgtest.MustDB(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	cases := []struct {
		name    string
		url     string
		timeout time.Duration
		want    string
	}{
		{"from the options", url, 1500 * time.Millisecond, "1500ms"},
		{"the URL wins", url + sep + "statement_timeout=2500", 1500 * time.Millisecond, "2500ms"},
		{"none", url, 0, "0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db, err := postgres.Open(context.Background(), tc.url, postgres.Options{StatementTimeout: tc.timeout})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var got []struct{ StatementTimeout string }
			if err := db.Raw(context.Background(), &got, "SHOW statement_timeout"); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].StatementTimeout != tc.want {
				t.Fatalf("statement_timeout %+v, want %s", got, tc.want)
			}
		})
	}
	// and it is enforced
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := postgres.Open(context.Background(), url, postgres.Options{StatementTimeout: 200 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	err = db.Exec(context.Background(), "SELECT pg_sleep(5)")
	if err == nil || !strings.Contains(err.Error(), "statement timeout") {
		t.Fatalf("pg_sleep(5) under a 200 ms timeout: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("cancelled after %s", took)
	}
}

// TestWaitForDatabase: an answering server returns at once; a missing one is retried until the
// wait is over, and a cancelled context stops the wait.
func TestWaitForDatabase(t *testing.T) {
	_, url := pgtest.MustDB(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name    string
		ctx     context.Context
		url     string
		wait    time.Duration
		wantErr string
		atLeast time.Duration
	}{
		{"answers", context.Background(), url, time.Second, "", 0},
		{"nobody listens", context.Background(), "postgres://postgres@127.0.0.1:1/x?sslmode=disable", 1500 * time.Millisecond, "did not answer within 1.5s", 1400 * time.Millisecond},
		{"stopped", cancelled, "postgres://postgres@127.0.0.1:1/x?sslmode=disable", time.Minute, "context canceled", 0},
		{"not a URL", context.Background(), "postgres://%zz", time.Minute, "parse DATABASE_URL", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			start := time.Now()
			err := postgres.WaitForDatabase(tc.ctx, tc.url, tc.wait, slog.New(slog.NewJSONHandler(&buf, nil)))
			took := time.Since(start)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
			if took < tc.atLeast || took > tc.atLeast+3*time.Second {
				t.Errorf("took %s, want about %s", took, tc.atLeast)
			}
			if tc.atLeast > 0 && !strings.Contains(buf.String(), "waiting for PostgreSQL at 127.0.0.1:1") {
				t.Errorf("no waiting line in the log: %s", buf.String())
			}
		})
	}
}
