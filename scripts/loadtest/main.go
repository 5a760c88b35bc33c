// Command loadtest is the load and fault test of scripts/loadtest.sh: it starts the server on a
// free 127.0.0.1 port against a database that already holds the demo data, runs concurrent
// clients with a realistic mix of reads and writes for a bounded time, restarts PostgreSQL once
// in the middle, stops the server with SIGTERM, and then checks against the database that every
// write the API acknowledged is stored and that nothing else changed. It prints the request
// count, errors by kind, latency percentiles and "N passed, N failed" for its invariants, and
// exits 1 when an invariant fails.
//
// It sends traffic to the loopback address only, and every loop ends by itself at -duration.
//
//	loadtest -server BIN -db URL [-clients 16] [-duration 60s] [-restart SCRIPT] [-out DIR]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"time"
)

func main() {
	var opt options
	flag.StringVar(&opt.serverBin, "server", "", "the server binary (built from ./server)")
	flag.StringVar(&opt.dbURL, "db", "", "the database, migrated and seeded with --demo")
	flag.IntVar(&opt.clients, "clients", 16, "concurrent clients (1-64)")
	flag.DurationVar(&opt.duration, "duration", 60*time.Second, "how long the clients run (5s-10m)")
	flag.StringVar(&opt.restart, "restart", "", "a program that restarts PostgreSQL, run once at half time (none: no restart)")
	flag.StringVar(&opt.outDir, "out", "", "folder for the server log and the log of acknowledged writes (default: a temporary folder)")
	flag.Parse()
	if err := opt.check(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	failed, err := run(opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

type options struct {
	serverBin, dbURL, restart, outDir string
	clients                           int
	duration                          time.Duration
}

func (o *options) check() error {
	switch {
	case o.serverBin == "" || o.dbURL == "":
		return errors.New("-server and -db are required")
	case o.clients < 1 || o.clients > 64:
		return fmt.Errorf("-clients %d: want 1-64", o.clients)
	case o.duration < 5*time.Second || o.duration > 10*time.Minute:
		return fmt.Errorf("-duration %s: want 5s-10m", o.duration)
	}
	if o.outDir == "" {
		d, err := os.MkdirTemp("", "za-loadtest-")
		if err != nil {
			return err
		}
		o.outDir = d
	}
	return os.MkdirAll(o.outDir, 0o755)
}

func run(opt options) (failed int, err error) {
	ctx := context.Background()
	// this connection reads the world and the baseline; it does not survive the restart, and the
	// checks open their own
	db, err := openCheckDB(ctx, opt.dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close(context.Background())

	srv, err := startServer(opt)
	if err != nil {
		return 0, err
	}
	defer srv.kill()
	fmt.Printf("server on %s (log: %s)\n", srv.base, srv.logPath)

	ackLog, err := os.Create(filepath.Join(opt.outDir, "acknowledged-writes.jsonl"))
	if err != nil {
		return 0, err
	}
	defer ackLog.Close()
	led := newLedger(ackLog)

	world, err := prepare(ctx, srv.base, db, opt.clients)
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	baseline, err := takeBaseline(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("baseline: %w", err)
	}

	fmt.Printf("running %d clients for %s", opt.clients, opt.duration)
	if opt.restart != "" {
		fmt.Printf(", restarting PostgreSQL at %s", opt.duration/2)
	}
	fmt.Println()
	start := time.Now()
	stop := start.Add(opt.duration)
	var wg sync.WaitGroup
	stats := make([]*clientStats, opt.clients)
	for i := range opt.clients {
		stats[i] = &clientStats{}
		c := newClient(i, srv.base, world, led, stats[i], start)
		wg.Go(func() { c.loop(stop) })
	}
	var fault faultReport
	if opt.restart != "" {
		fault = restartMidway(srv.base, opt.restart, start, opt.duration/2)
	}
	wg.Wait()
	elapsed := time.Since(start)

	// the server's own lifecycle is part of the test: SIGTERM, drain, exit 0
	exitCode, exitErr := srv.stop(30 * time.Second)

	rep := report{
		clients: opt.clients, elapsed: elapsed, samples: merge(stats), retryCount: retries(stats), fault: fault, led: led,
		serverExit: exitCode, serverExitErr: exitErr, start: start,
	}
	rep.printTraffic()
	results := checkInvariants(ctx, opt.dbURL, baseline, led, &rep)
	return printInvariants(results), nil
}

// --- the server process -----------------------------------------------------------------------

type serverProc struct {
	cmd     *exec.Cmd
	base    string
	logPath string
	done    chan struct{}
	err     error
}

var servingRE = regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)

func startServer(opt options) (*serverProc, error) {
	logPath := filepath.Join(opt.outDir, "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(opt.serverBin, "serve")
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+opt.dbURL, "LISTEN_ADDR=127.0.0.1:0", "RATE_LIMIT_RPS=0", "SHUTDOWN_TIMEOUT=20s", "APP_ENV=development")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", opt.serverBin, err)
	}
	p := &serverProc{cmd: cmd, logPath: logPath, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logFile, line)
			if m := servingRE.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(logFile, stderr)
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	select {
	case a := <-addr:
		host, _, err := net.SplitHostPort(a)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			p.kill()
			return nil, fmt.Errorf("the server listens on %s, not on loopback: refusing to send load there", a)
		}
		p.base = "http://" + a
	case <-p.done:
		return nil, fmt.Errorf("the server exited at start-up (%v): see %s", p.err, logPath)
	case <-time.After(90 * time.Second):
		p.kill()
		return nil, fmt.Errorf("the server did not start within 90 s: see %s", logPath)
	}
	deadline := time.Now().Add(30 * time.Second)
	for httpStatus(p.base+"/readyz") != http.StatusOK {
		if time.Now().After(deadline) {
			p.kill()
			return nil, fmt.Errorf("/readyz not 200 within 30 s: see %s", logPath)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return p, nil
}

// stop sends SIGTERM and returns the exit code.
func (p *serverProc) stop(within time.Duration) (int, error) {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return -1, err
	}
	select {
	case <-p.done:
	case <-time.After(within):
		p.kill()
		return -1, fmt.Errorf("still running %s after SIGTERM", within)
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, p.err
}

func (p *serverProc) kill() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

var probe = &http.Client{Timeout: 5 * time.Second}

func httpStatus(u string) int {
	res, err := probe.Get(u)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// --- the fault ----------------------------------------------------------------------------------

type faultReport struct {
	ran        bool
	err        error
	at         time.Duration // since the start of the run
	took       time.Duration // the restart command
	notReadyAt time.Duration // first /readyz other than 200 (0: none seen)
	readyAfter time.Duration // from the end of the restart to /readyz 200 again
	recovered  bool
}

// restartMidway waits until half time, runs the restart program, and measures how long the API
// takes to be ready again, probing /readyz every 100 ms (from the start of the restart).
func restartMidway(base, program string, start time.Time, at time.Duration) faultReport {
	time.Sleep(time.Until(start.Add(at)))
	r := faultReport{ran: true, at: time.Since(start)}
	probing := make(chan struct{})
	var notReady time.Duration
	var probeWG sync.WaitGroup
	probeWG.Go(func() {
		for {
			select {
			case <-probing:
				return
			default:
			}
			if notReady == 0 && httpStatus(base+"/readyz") != http.StatusOK {
				notReady = time.Since(start)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	t0 := time.Now()
	out, err := exec.Command(program).CombinedOutput()
	r.took = time.Since(t0)
	close(probing)
	probeWG.Wait()
	r.notReadyAt = notReady
	if err != nil {
		r.err = fmt.Errorf("%s: %v: %s", program, err, out)
		return r
	}
	t1 := time.Now()
	for time.Since(t1) < 60*time.Second {
		if httpStatus(base+"/readyz") == http.StatusOK {
			r.readyAfter = time.Since(t1)
			r.recovered = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return r
}
