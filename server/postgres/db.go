// Package postgres is the storage layer: gorm row types, every SQL query of the system, schema
// migrations and the mapping of database errors to campaign errors. Nothing above it writes SQL.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"zeroaccident/migrations"
	"zeroaccident/server/reqinfo"
)

// DB is the storage handle shared by the application services.
type DB struct {
	gorm *gorm.DB
	sql  *sql.DB
}

// Options tune the connection pool and logging.
type Options struct {
	MaxOpenConns  int
	SlowThreshold time.Duration
	Logger        *slog.Logger
	// StatementTimeout is PostgreSQL's statement_timeout for every connection of the pool, unless
	// the URL sets one itself; 0 leaves the server's default (none).
	StatementTimeout time.Duration
}

// Pool limits that hold whatever the options say.
const (
	// ConnectTimeout bounds opening one connection when the URL sets no connect_timeout: a host
	// that drops packets would otherwise hold a request until its context ends.
	ConnectTimeout = 5 * time.Second
	// ConnMaxLifetime recycles connections so that a pool spreads again over a server that
	// restarted or failed over, and server-side memory of long-lived backends is returned.
	ConnMaxLifetime = 30 * time.Minute
)

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	if opt.MaxOpenConns == 0 {
		opt.MaxOpenConns = 20
	}
	if opt.SlowThreshold == 0 {
		opt.SlowThreshold = 200 * time.Millisecond
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	dialector := gormpg.New(gormpg.Config{DSN: url, OptionOpenDB: []stdlib.OptionOpenDB{
		stdlib.OptionBeforeConnect(connDefaults(opt.StatementTimeout)),
	}})
	g, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 slowLogger{log: opt.Logger, threshold: opt.SlowThreshold},
		SkipDefaultTransaction: true,
		TranslateError:         false,
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", describeConnError(err))
	}
	if err := registerStatementCounter(g); err != nil {
		return nil, err
	}
	s, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s.SetMaxOpenConns(opt.MaxOpenConns)
	s.SetMaxIdleConns(opt.MaxOpenConns)
	s.SetConnMaxIdleTime(5 * time.Minute)
	s.SetConnMaxLifetime(ConnMaxLifetime)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.PingContext(pingCtx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to database: %w", describeConnError(err))
	}
	return &DB{gorm: g, sql: s}, nil
}

// SessionDefaults are the run-time parameters every pool connection gets unless its URL sets
// them (connDefaults says why); the benchmark's SQL replay uses them too, to run what the server runs.
var SessionDefaults = map[string]string{"jit": "off", "work_mem": "16MB"}

// connDefaults fills in what the URL leaves unset on each new connection: a connect timeout, the
// statement timeout, jit=off and work_mem=16MB. Values in the URL win, so an operator can still
// tune one database. JIT is off because the planner's row estimates for the pivot's joins are
// high enough to make it compile the statement on every request, which cost more than the query;
// at the default 4MB of work_mem a province-sized pivot sorts on disk (docs/benchmarks.md).
func connDefaults(statementTimeout time.Duration) func(context.Context, *pgx.ConnConfig) error {
	return func(_ context.Context, c *pgx.ConnConfig) error {
		if c.ConnectTimeout == 0 {
			c.ConnectTimeout = ConnectTimeout
		}
		defaults := maps.Clone(SessionDefaults)
		if statementTimeout > 0 {
			defaults["statement_timeout"] = strconv.FormatInt(statementTimeout.Milliseconds(), 10)
		}
		var params map[string]string
		for k, v := range defaults {
			if _, set := c.RuntimeParams[k]; set {
				continue
			}
			if params == nil {
				// c is a shallow copy shared by concurrent connects: never write into its map
				params = maps.Clone(c.RuntimeParams)
				if params == nil {
					params = map[string]string{}
				}
			}
			params[k] = v
		}
		if params != nil {
			c.RuntimeParams = params
		}
		return nil
	}
}

// WaitForDatabase waits until a PostgreSQL server answers at url, retrying with exponential
// backoff (100 ms doubling up to 5 s) for at most maxWait, and logging what it waits for. A
// server that starts together with the application (containers, a reboot) is then no reason to
// fail. It returns at once when url cannot be parsed, and ctx's error when ctx ends first.
func WaitForDatabase(ctx context.Context, url string, maxWait time.Duration, log *slog.Logger) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = ConnectTimeout
	}
	if log == nil {
		log = slog.Default()
	}
	where := net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	deadline := time.Now().Add(maxWait)
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := ping(ctx, cfg)
		if err == nil {
			if attempt > 1 {
				log.Info("PostgreSQL answers", "addr", where, "attempts", attempt)
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("PostgreSQL at %s did not answer within %s: %w", where, maxWait, describeConnError(err))
		}
		wait := min(delay, left)
		log.Warn(fmt.Sprintf("waiting for PostgreSQL at %s …", where), "attempt", attempt,
			"retry_in", wait.Round(10*time.Millisecond).String(), "gives_up_in", left.Round(time.Second).String(), "err", describeConnError(err).Error())
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

func ping(ctx context.Context, cfg *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.Ping(ctx)
}

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Stats reports the connection pool's state (for metrics).
func (db *DB) Stats() sql.DBStats { return db.sql.Stats() }

func (db *DB) provider() (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectPostgres, db.sql, migrations.FS)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}

// MigrateDownAll rolls every migration back (used by the migration test).
func (db *DB) MigrateDownAll(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		return fmt.Errorf("roll back migrations: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether every embedded migration has been applied.
func (db *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := db.provider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	return !pending, nil
}

// EnsureDatabase creates the database named in url if it does not exist yet, connecting to the
// server's maintenance database with the same credentials.
func EnsureDatabase(ctx context.Context, url string) (created bool, err error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return false, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	name := cfg.Database
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, fmt.Errorf("connect to database server: %w", describeConnError(err))
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return false, fmt.Errorf("look up database %q: %w", name, err)
	}
	if exists {
		return false, nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return false, fmt.Errorf("create database %q: %w", name, err)
	}
	return true, nil
}

// describeConnError shortens pgx's connection errors to the part a person needs to read.
func describeConnError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("%s (SQLSTATE %s)", pgErr.Message, pgErr.Code)
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return connErr.Unwrap()
	}
	return err
}

// slowLogger logs statements slower than the threshold and errors other than "no rows"; gorm's
// default logger would print every statement or none.
type slowLogger struct {
	log       *slog.Logger
	threshold time.Duration
}

func (l slowLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l slowLogger) Info(context.Context, string, ...any)     {}
func (l slowLogger) Warn(context.Context, string, ...any)     {}
func (l slowLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, "gorm", "msg", fmt.Sprintf(msg, args...))
}
func (l slowLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	if elapsed < l.threshold {
		return
	}
	sqlText, rows := fc()
	// the request id ties the statement to its request's access-log line and error answer
	l.log.WarnContext(ctx, "slow query", "duration_ms", elapsed.Milliseconds(), "rows", rows, "sql", truncate(sqlText, 500),
		"request_id", reqinfo.ID(ctx))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
