// Package config reads the server's configuration from the environment, once, at start-up, and
// validates it; nothing else in the program reads environment variables.
package config

import (
	"fmt"
	"strconv"
	"time"

	"zeroaccident/server/auth"
)

// DefaultDatabaseURL is the local development database.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/zeroaccident?sslmode=disable"

// Config is the whole configuration.
type Config struct {
	DatabaseURL string
	ListenAddr  string
	JWTSecret   []byte `json:"-"`
	// JWTSecretGenerated is true when no JWT_SECRET was given and a random development key is in
	// use: tokens then stop working when the server restarts.
	JWTSecretGenerated bool
	// Production refuses development conveniences (a generated JWT key).
	Production bool
	// RateLimit is requests per second per client address (0 turns the limit off), RateBurst the burst.
	RateLimit       float64
	RateBurst       int
	ShutdownTimeout time.Duration
	SlowQuery       time.Duration
	DBMaxConns      int
	// DBWaitTimeout is how long `serve` waits for PostgreSQL to answer at start-up (a database
	// container that starts at the same time as the server is not an error); 0 fails at once.
	DBWaitTimeout time.Duration
	// DBStatementTimeout bounds every SQL statement on the server side (PostgreSQL's
	// statement_timeout), so a runaway query cannot hold a connection for ever.
	DBStatementTimeout time.Duration
	// RequestTimeout bounds the work of one API request (its context deadline), so a request
	// fails instead of hanging when the database stops answering.
	RequestTimeout time.Duration
	// MetricsToken, when set, lets GET /metrics be read from anywhere with
	// "Authorization: Bearer <token>"; when empty, /metrics answers loopback clients only.
	MetricsToken string `json:"-"`
}

// FromEnv reads the configuration through getenv (os.Getenv in main, a map in tests).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: or(getenv("DATABASE_URL"), DefaultDatabaseURL),
		ListenAddr:  or(getenv("LISTEN_ADDR"), ":8080"),
		Production:  getenv("APP_ENV") == "production",
	}
	var err error
	if c.RateLimit, err = parseFloat(getenv, "RATE_LIMIT_RPS", 50); err != nil {
		return c, err
	}
	burst, err := parseFloat(getenv, "RATE_LIMIT_BURST", 200)
	if err != nil {
		return c, err
	}
	c.RateBurst = int(burst)
	conns, err := parseFloat(getenv, "DB_MAX_CONNS", 20)
	if err != nil {
		return c, err
	}
	c.DBMaxConns = int(conns)
	if c.ShutdownTimeout, err = parseDuration(getenv, "SHUTDOWN_TIMEOUT", 20*time.Second); err != nil {
		return c, err
	}
	if c.SlowQuery, err = parseDuration(getenv, "SLOW_QUERY_THRESHOLD", 200*time.Millisecond); err != nil {
		return c, err
	}
	// the pool treats 0 as "the default": refused here rather than silently meaning 200ms
	if c.SlowQuery == 0 {
		return c, fmt.Errorf("SLOW_QUERY_THRESHOLD=%q: want a positive duration (1ms logs nearly every statement; unset means 200ms)", getenv("SLOW_QUERY_THRESHOLD"))
	}
	if c.DBWaitTimeout, err = parseDuration(getenv, "DB_WAIT_TIMEOUT", 60*time.Second); err != nil {
		return c, err
	}
	if c.DBStatementTimeout, err = parseDuration(getenv, "DB_STATEMENT_TIMEOUT", 15*time.Second); err != nil {
		return c, err
	}
	if c.RequestTimeout, err = parseDuration(getenv, "REQUEST_TIMEOUT", 60*time.Second); err != nil {
		return c, err
	}
	c.MetricsToken = getenv("METRICS_TOKEN")
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return c, fmt.Errorf("METRICS_TOKEN is too short: use 16 characters or more (e.g. `openssl rand -hex 16`)")
	}
	if s := getenv("JWT_SECRET"); s != "" {
		if c.JWTSecret, err = auth.ParseSecret(s); err != nil {
			return c, fmt.Errorf("JWT_SECRET: %w", err)
		}
	} else if c.Production {
		return c, fmt.Errorf("JWT_SECRET is required when APP_ENV=production (32 random bytes, e.g. `openssl rand -base64 32`)")
	} else {
		if c.JWTSecret, err = auth.GenerateSecret(); err != nil {
			return c, fmt.Errorf("generate development JWT key: %w", err)
		}
		c.JWTSecretGenerated = true
	}
	return c, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func parseFloat(getenv func(string) string, name string, def float64) (float64, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%s=%q: want a non-negative number", name, s)
	}
	return v, nil
}

func parseDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%s=%q: want a duration such as 20s", name, s)
	}
	return v, nil
}
