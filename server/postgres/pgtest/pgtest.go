// Package pgtest gives tests a real PostgreSQL database: one per test binary (that is, per Go
// package), cloned from a template that holds the migrated schema, the reference data and the demo
// users, and dropped when the tests end. The server is the one DATABASE_URL names
// (default 127.0.0.1:5432); scripts/test.sh brings one up when none runs.
package pgtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"zeroaccident/migrations"
	"zeroaccident/server/accounts"
	"zeroaccident/server/auth"
	"zeroaccident/server/postgres"
	"zeroaccident/server/seed"
)

// DemoPassword is the demo users' password in test databases.
const DemoPassword = seed.DefaultDemoPassword

// templateVersion changes the template's name when what the template holds changes in a way the
// migration and data files do not show (seed code).
const templateVersion = "4"

var (
	mu      sync.Mutex
	shared  *postgres.DB
	dbURL   string
	dropFns []func()
)

// Main runs the package's tests and drops the package's database afterwards. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	mu.Lock()
	for _, drop := range dropFns {
		drop()
	}
	mu.Unlock()
	os.Exit(code)
}

// MustDB returns the package's database, creating it from the template on first use. Tests share
// it, so each test creates the rows it needs and asserts only on them.
func MustDB(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		return shared, dbURL
	}
	url, drop, err := createFromTemplate(context.Background(), "za_test")
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	db, err := postgres.Open(context.Background(), url, postgres.Options{Logger: quietLogger()})
	if err != nil {
		drop()
		t.Fatalf("open test database: %v", err)
	}
	shared, dbURL = db, url
	dropFns = append(dropFns, func() { db.Close(); drop() })
	return db, url
}

// MustEmptyDB creates a database with nothing in it (not even migrations), dropped at the end of
// the test.
func MustEmptyDB(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	ctx := context.Background()
	conn, err := adminConn(ctx)
	if err != nil {
		t.Fatalf("connect to test server: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("za_empty_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	url := withDatabase(name)
	db, err := postgres.Open(ctx, url, postgres.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		db.Close()
		dropDatabase(name)
	})
	return db, url
}

// ServerURL is the admin connection the tests use: DATABASE_URL's server, database postgres.
func ServerURL() string {
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	return u
}

func adminConn(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(ServerURL())
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	cfg.Database = "postgres"
	return pgx.ConnectConfig(ctx, cfg)
}

// withDatabase is DATABASE_URL with another database name.
func withDatabase(name string) string {
	u, err := url.Parse(ServerURL())
	if err != nil {
		panic(fmt.Sprintf("DATABASE_URL must be a postgres:// URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

func dropDatabase(name string) {
	ctx := context.Background()
	conn, err := adminConn(ctx)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

// createFromTemplate clones the current template into a new database named prefix_<pid>_<time>.
func createFromTemplate(ctx context.Context, prefix string) (url string, drop func(), err error) {
	tmpl, err := ensureTemplate(ctx)
	if err != nil {
		return "", nil, err
	}
	conn, err := adminConn(ctx)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl); err != nil {
		return "", nil, fmt.Errorf("create %s from %s: %w", name, tmpl, err)
	}
	return withDatabase(name), func() { dropDatabase(name) }, nil
}

// templatePrefix names the templates: za_template_ unless PGTEST_TEMPLATE_PREFIX says otherwise, so
// checkouts of different content sharing one server (parallel branches) do not drop each other's
// template as "older content".
func templatePrefix() string {
	if p := os.Getenv("PGTEST_TEMPLATE_PREFIX"); p != "" {
		return p
	}
	return "za_template_"
}

// ensureTemplate builds the template once per content version. Test binaries run in parallel, so
// the build happens under an advisory lock and is published by renaming a finished database.
func ensureTemplate(ctx context.Context) (string, error) {
	h, err := contentHash()
	if err != nil {
		return "", err
	}
	prefix := templatePrefix()
	name := prefix + h[:12]
	conn, err := adminConn(ctx)
	if err != nil {
		return "", fmt.Errorf("connect to test server %s: %w", ServerURL(), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return "", fmt.Errorf("lock template: %w", err)
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(727274)") //nolint:errcheck // released with the connection anyway
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look up template: %w", err)
	}
	if exists {
		return name, nil
	}
	// templates of older content are of no further use
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", prefix)
	if err != nil {
		return "", fmt.Errorf("list old templates: %w", err)
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("list old templates: %w", err)
	}
	for _, o := range old {
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{o}.Sanitize()+" WITH (FORCE)")
	}
	building := name + "_building"
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+building); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	if err := fillTemplate(ctx, withDatabase(building)); err != nil {
		dropDatabase(building)
		return "", err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
		return "", fmt.Errorf("publish template: %w", err)
	}
	return name, nil
}

func fillTemplate(ctx context.Context, url string) error {
	db, err := postgres.Open(ctx, url, postgres.Options{Logger: quietLogger()})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if err := seed.Reference(ctx, db); err != nil {
		return err
	}
	secret, err := auth.GenerateSecret()
	if err != nil {
		return err
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Secret: secret, Issuer: "t", Audience: "t", TTL: time.Minute})
	if err != nil {
		return err
	}
	if _, err = seed.DemoUsers(ctx, db, accounts.New(db, tokens, nil, quietLogger()), DemoPassword); err != nil {
		return err
	}
	return seed.FieldUsers(ctx, db, DemoPassword)
}

// contentHash identifies what the template holds: the migrations, the seed data and templateVersion.
func contentHash() (string, error) {
	sum := sha256.New()
	sum.Write([]byte(templateVersion))
	for _, fsys := range []fs.FS{migrations.FS, seed.Data} {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			if err != nil {
				return err
			}
			sum.Write([]byte(path))
			sum.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("hash template content: %w", err)
		}
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
