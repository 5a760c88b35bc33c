// Command server is the Zero-Accident Campaign Platform: one binary that migrates the database,
// loads reference and demo data, manages users from the command line and serves the API and the
// single-page app.
//
//	server [serve]                      serve HTTP on LISTEN_ADDR (default :8080)
//	server migrate                      create the database if missing and apply migrations
//	server seed [--demo [--scale N] [--seed S]]
//	                                    load reference data (and demo users, register and events)
//	server user create --username U --role R [--county C | --department D] [--name N]
//	                                    create a user; the password is read from stdin
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/auth"
	"zeroaccident/server/campaign"
	"zeroaccident/server/config"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/grids"
	"zeroaccident/server/postgres"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/report"
	"zeroaccident/server/seed"
	"zeroaccident/server/todo"
	"zeroaccident/server/web"
	"zeroaccident/server/workbench"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], log); err != nil {
		// one clear line, not a stack trace
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func logLevel() slog.Level {
	if os.Getenv("LOG_LEVEL") == "debug" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

func run(ctx context.Context, args []string, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log)
	case "seed":
		return seedCmd(ctx, cfg, args, log)
	case "user":
		return userCmd(ctx, cfg, args, os.Stdin, log)
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, seed or user)", cmd)
	}
}

func open(ctx context.Context, cfg config.Config, log *slog.Logger) (*postgres.DB, error) {
	return postgres.Open(ctx, cfg.DatabaseURL, postgres.Options{MaxOpenConns: cfg.DBMaxConns, SlowThreshold: cfg.SlowQuery, Logger: log})
}

func migrate(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	created, err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	if created {
		log.Info("created database")
	}
	db, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "count", n)
	return nil
}

func newAccounts(cfg config.Config, db *postgres.DB, log *slog.Logger) (*accounts.Service, error) {
	tokens, err := auth.NewTokens(auth.TokenConfig{
		Secret: cfg.JWTSecret, Issuer: "zeroaccident", Audience: "zeroaccident-api", TTL: 30 * time.Minute,
	})
	if err != nil {
		return nil, err
	}
	return accounts.New(db, tokens, nil, log), nil
}

func seedCmd(ctx context.Context, cfg config.Config, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "also create the demo users (password DEMO_PASSWORD, default "+seed.DefaultDemoPassword+"), the demo register and its events")
	scale := fs.Int("scale", 1, "with --demo: size of the demo data; 1 is the city (about 11,000 units), each step adds seven synthetic counties (about 11,000 units)")
	seedValue := fs.Int64("seed", 2020, "with --demo: random seed of the demo data (the same seed gives the same data)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var demoOnly []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "scale" || f.Name == "seed" {
			demoOnly = append(demoOnly, "--"+f.Name)
		}
	})
	if len(demoOnly) > 0 && !*demo {
		verb := "needs"
		if len(demoOnly) > 1 {
			verb = "need"
		}
		return fmt.Errorf("seed: %s %s --demo", strings.Join(demoOnly, " and "), verb)
	}
	if *scale < 1 {
		return fmt.Errorf("seed: --scale must be at least 1, got %d", *scale)
	}
	db, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := seed.Reference(ctx, db); err != nil {
		return err
	}
	log.Info("reference data loaded", "duration_ms", time.Since(start).Milliseconds())
	if !*demo {
		return nil
	}
	acc, err := newAccounts(cfg, db, log)
	if err != nil {
		return err
	}
	password := os.Getenv("DEMO_PASSWORD")
	if password == "" {
		password = seed.DefaultDemoPassword
	}
	n, err := seed.DemoUsers(ctx, db, acc, password)
	if err != nil {
		return err
	}
	log.Info("demo users ready", "created", n)

	start = time.Now()
	// a province-sized set takes minutes: say so before the wait
	log.Info("loading demo data unless present", "scale", *scale, "seed", *seedValue)
	res, err := seed.Demo(ctx, db, *scale, *seedValue, time.Now())
	if err != nil {
		return err
	}
	// after the register, so the grids cover its units; idempotent, so it also runs on a skip
	if err := seed.FieldUsers(ctx, db, password); err != nil {
		return err
	}
	photos, err := seed.DemoPhotos(ctx, db)
	if err != nil {
		return err
	}
	log.Info("demo photos ready", "created", photos)
	if res.Skipped {
		log.Info("demo data already present: nothing loaded", "generated_units", res.ExistingUnits, "scale", res.ExistingScale)
		return nil
	}
	counts, err := db.RowCounts(ctx)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	log.Info("demo data loaded",
		"scale", *scale, "seed", *seedValue, "duration_ms", ms(time.Since(start)),
		"units", res.Units, "safety_officers", res.Officers,
		"inspections", res.Events.Inspections, "inspection_results", res.Events.InspectionResults,
		"hazards", res.Events.Hazards, "hazard_transitions", res.Events.HazardTransitions,
		"incidents", res.Events.Incidents, "certifications", res.Events.Certifications, "blacklist_entries", res.Events.BlacklistEntries,
		"register_generate_ms", ms(res.RegisterGenerate), "register_load_ms", ms(res.RegisterLoad),
		"events_generate_ms", ms(res.EventsGenerate), "events_load_ms", ms(res.EventsLoad), "analyze_ms", ms(res.Analyze))
	log.Info("demo tables", "rows", counts)
	return nil
}

func userCmd(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: server user create --username U --role R [--county C | --department D] [--name N]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	name := fs.String("name", "", "display name (default: the username)")
	role := fs.String("role", "", "CITY_ADMIN, COUNTY_ADMIN, DEPARTMENT_USER or ANALYST")
	county := fs.String("county", "", "county code, for COUNTY_ADMIN")
	dept := fs.String("department", "", "department code, for DEPARTMENT_USER")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *name == "" {
		*name = *username
	}
	fmt.Fprint(os.Stderr, "password: ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	db, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := newAccounts(cfg, db, log)
	if err != nil {
		return err
	}
	u, err := acc.CreateUserUnchecked(ctx, accounts.NewUser{
		Username: *username, DisplayName: *name, Password: strings.TrimRight(line, "\r\n"),
		Role: campaign.Role(*role), CountyCode: optional(*county), DepartmentCode: optional(*dept),
	})
	if err != nil {
		return err
	}
	fmt.Printf("created user %s (id %d, %s)\n", u.Username, u.ID, u.Role)
	return nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	// A database that starts together with the server (containers, a reboot) is waited for
	// rather than being a reason to exit; a stop signal during the wait is a normal stop.
	if err := postgres.WaitForDatabase(ctx, cfg.DatabaseURL, cfg.DBWaitTimeout, log); err != nil {
		if ctx.Err() != nil {
			log.Info("stopped before PostgreSQL answered")
			return nil
		}
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, postgres.Options{
		MaxOpenConns: cfg.DBMaxConns, SlowThreshold: cfg.SlowQuery, StatementTimeout: cfg.DBStatementTimeout, Logger: log,
	})
	if err != nil {
		return err
	}
	// closed after the HTTP server has drained: in-flight requests still need it
	defer db.Close()
	if cfg.JWTSecretGenerated {
		log.Warn("JWT_SECRET is not set: using a random development key; tokens end when the server restarts")
	}
	acc, err := newAccounts(cfg, db, log)
	if err != nil {
		return err
	}
	// the session check reuses its results while it hears of their changes (accounts.WatchSessions);
	// stopped before the pool closes
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	go acc.WatchSessions(watchCtx)
	srv := &http.Server{
		Handler: web.NewHandler(web.Deps{
			DB: db, Accounts: acc, Reference: reference.New(db, nil), Registry: registry.New(db, nil), Events: events.New(db, nil), Files: files.New(db, nil), Report: report.New(db, nil), Workbench: workbench.New(db),
			Grids: grids.New(db), Todo: todo.New(db, nil), Log: log,
			RateLimit: cfg.RateLimit, RateBurst: cfg.RateBurst, RequestTimeout: cfg.RequestTimeout, MetricsToken: cfg.MetricsToken,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Listening before serving reports a taken port as a start-up error, and gives the real
	// address when LISTEN_ADDR asks for port 0 (tests).
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	// A second signal kills the process at once (the default action) instead of waiting.
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	log.Info("shutting down: no new connections, waiting for requests in flight", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// the deadline passed: cut what still runs, and say so with a non-zero exit
		_ = srv.Close()
		return fmt.Errorf("shut down: requests still running after SHUTDOWN_TIMEOUT=%s were cut: %w", cfg.ShutdownTimeout, err)
	}
	if err := db.Close(); err != nil {
		log.Warn("close database pool", "err", err)
	}
	log.Info("stopped")
	return nil
}
