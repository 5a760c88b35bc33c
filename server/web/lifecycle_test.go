package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"zeroaccident/server/accounts"
	"zeroaccident/server/auth"
	"zeroaccident/server/events"
	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/web"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// --- the real binary ---------------------------------------------------------------------------

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// serverBinary builds ./server once per test binary: the lifecycle is about the process (signals,
// exit codes), so it is tested on the process.
func serverBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "za-server-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "server")
		out, err := exec.Command("go", "build", "-o", binPath, "zeroaccident/server").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// process is a started `server serve` with its log (stderr) collected line by line.
type process struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  []string
	addr chan string
	done chan struct{}
	err  error
}

var servingRE = regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)

func startServer(t *testing.T, env ...string) *process {
	t.Helper()
	cmd := exec.Command(serverBinary(t), "serve")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR=127.0.0.1:0", "RATE_LIMIT_RPS=0", "LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, addr: make(chan string, 1), done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log = append(p.log, line)
			p.mu.Unlock()
			if m := servingRE.FindStringSubmatch(line); m != nil {
				p.addr <- m[1]
			}
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("server log:\n%s", p.logText())
		}
	})
	return p
}

func (p *process) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

// waitServing returns the address the server listens on.
func (p *process) waitServing(t *testing.T, within time.Duration) string {
	t.Helper()
	select {
	case a := <-p.addr:
		return a
	case <-p.done:
		t.Fatalf("server exited before serving: %v", p.err)
	case <-time.After(within):
		t.Fatalf("server not serving within %s", within)
	}
	return ""
}

// wait returns the exit code.
func (p *process) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("server still running %s after the signal", within)
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	if p.err != nil {
		t.Fatalf("wait: %v", p.err)
	}
	return 0
}

const loginBody = `{"query":"mutation { login(username: \"analyst\", password: \"Demo@2026\") { accessToken } }"}`

// TestShutdownFinishesRequestsInFlight holds a request open by sending its body slowly (a real
// in-flight request, no test hook in the server), sends SIGTERM while it is open, and checks that
// the server stops accepting, still answers that request with 200 (using the database, so the
// pool must not be closed before the drain), and exits 0.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	_, dbURL := pgtest.MustDB(t)
	p := startServer(t, "DATABASE_URL="+dbURL, "SHUTDOWN_TIMEOUT=20s")
	addr := p.waitServing(t, 60*time.Second)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", addr, len(loginBody))
	half := len(loginBody) / 2
	if _, err := io.WriteString(conn, head+loginBody[:half]); err != nil {
		t.Fatal(err)
	}
	// the server has read the headers: the connection is active, so Shutdown must wait for it
	time.Sleep(300 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// stops accepting: new connections are refused while the old request is still open
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 5 s after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case <-p.done:
		t.Fatalf("the server exited with a request in flight: %v", p.err)
	default:
	}
	if _, err := io.WriteString(conn, loginBody[half:]); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read the in-flight answer: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"accessToken":"`)) {
		t.Fatalf("in-flight request: %d %s", res.StatusCode, body)
	}
	if code := p.wait(t, 10*time.Second); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	if !strings.Contains(p.logText(), `"msg":"stopped"`) {
		t.Error(`no "stopped" line in the log`)
	}
}

// TestStartupWaitsForDatabase starts the server before its database answers.
func TestStartupWaitsForDatabase(t *testing.T) {
	_, dbURL := pgtest.MustDB(t)
	cases := []struct {
		name      string
		startDBIn time.Duration // < 0: never
		wait      string
		wantExit  int
		wantLog   string
	}{
		{name: "database comes up within DB_WAIT_TIMEOUT", startDBIn: 2 * time.Second, wait: "30s", wantLog: "PostgreSQL answers"},
		{name: "database never comes", startDBIn: -1, wait: "2s", wantExit: 1, wantLog: "did not answer within 2s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			proxy := newTCPProxy(t, dbURL)
			proxy.cut() // the database is "down"
			p := startServer(t, "DATABASE_URL="+proxy.dbURL, "DB_WAIT_TIMEOUT="+tc.wait)
			waiting := fmt.Sprintf("waiting for PostgreSQL at %s", proxy.addr)
			waitFor(t, 5*time.Second, "the waiting log line", func() bool { return strings.Contains(p.logText(), waiting) })
			if tc.startDBIn < 0 {
				if code := p.wait(t, 15*time.Second); code != tc.wantExit {
					t.Fatalf("exit code %d, want %d", code, tc.wantExit)
				}
			} else {
				time.Sleep(tc.startDBIn)
				proxy.restore()
				addr := p.waitServing(t, 15*time.Second)
				waitFor(t, 5*time.Second, "/readyz 200", func() bool { return status(t, "http://"+addr+"/readyz") == http.StatusOK })
				_ = p.cmd.Process.Signal(syscall.SIGTERM)
				if code := p.wait(t, 10*time.Second); code != tc.wantExit {
					t.Fatalf("exit code %d, want %d", code, tc.wantExit)
				}
			}
			if !strings.Contains(p.logText(), tc.wantLog) {
				t.Errorf("log lacks %q", tc.wantLog)
			}
		})
	}
}

// --- database faults (in process, through a TCP proxy that the test cuts) ----------------------

// TestDatabaseOutage cuts the server's database connection and checks that requests fail fast,
// that /readyz says so, and that everything recovers by itself when the connection comes back.
func TestDatabaseOutage(t *testing.T) {
	_, dbURL := pgtest.MustDB(t)
	cases := []struct {
		name string
		// how the database goes away
		fail func(*tcpProxy)
	}{
		{name: "connections reset (server down)", fail: (*tcpProxy).cut},
		{name: "packets dropped (network partition)", fail: (*tcpProxy).stall},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			proxy := newTCPProxy(t, dbURL)
			base := startInProcess(t, proxy.dbURL, 3*time.Second)
			token := login(t, base)
			if got := graphQL(t, base, token, `{ sectors { number } }`); got.Status != 200 || len(got.Errors) > 0 {
				t.Fatalf("before the outage: %+v", got)
			}

			tc.fail(proxy)

			start := time.Now()
			if s := status(t, base+"/readyz"); s != http.StatusServiceUnavailable {
				t.Errorf("/readyz during the outage: %d, want 503", s)
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("/readyz took %s during the outage", took)
			}
			start = time.Now()
			got := graphQL(t, base, token, `{ sectors { number } }`)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("query took %s during the outage, want < 5 s", took)
			}
			if got.Status != http.StatusServiceUnavailable || got.code() != "INTERNAL" || got.requestID() == "" {
				t.Errorf("signed-in query during the outage: %+v, want 503 INTERNAL with a request id", got)
			}
			start = time.Now()
			got = graphQL(t, base, "", `mutation { login(username: "analyst", password: "Demo@2026") { accessToken } }`)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("login took %s during the outage, want < 5 s", took)
			}
			if got.code() != "INTERNAL" {
				t.Errorf("login during the outage: %+v, want INTERNAL", got)
			}

			proxy.restore()

			waitFor(t, 15*time.Second, "/readyz 200 after the outage", func() bool { return status(t, base+"/readyz") == http.StatusOK })
			if got := graphQL(t, base, token, `{ sectors { number } }`); got.Status != 200 || len(got.Errors) > 0 {
				t.Fatalf("after the outage: %+v", got)
			}
		})
	}
}

// startInProcess serves web.NewHandler on a pool opened through dbURL (the proxy), with the
// production pool settings.
func startInProcess(t *testing.T, dbURL string, requestTimeout time.Duration) string {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := postgres.Open(context.Background(), dbURL, postgres.Options{StatementTimeout: 15 * time.Second, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	secret, err := auth.GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.NewTokens(auth.TokenConfig{Secret: secret, Issuer: "zeroaccident", Audience: "zeroaccident-api", TTL: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.NewHandler(web.Deps{
		DB: db, Accounts: accounts.New(db, tokens, nil, log), Reference: reference.New(db, nil), Registry: registry.New(db, nil),
		Events: events.New(db, nil), Log: log, RequestTimeout: requestTimeout,
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type gqlResult struct {
	Status int
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
}

func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (r gqlResult) requestID() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["requestId"].(string)
	return c
}

var client = &http.Client{Timeout: 30 * time.Second}

func graphQL(t *testing.T, base, token, query string) gqlResult {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := gqlResult{Status: res.StatusCode}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("answer %d is not JSON: %s", res.StatusCode, raw)
	}
	return out
}

func login(t *testing.T, base string) string {
	t.Helper()
	got := graphQL(t, base, "", `mutation { login(username: "analyst", password: "Demo@2026") { accessToken } }`)
	var out struct{ Login struct{ AccessToken string } }
	if err := json.Unmarshal(got.Data, &out); err != nil || out.Login.AccessToken == "" {
		t.Fatalf("login: %+v", got)
	}
	return out.Login.AccessToken
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func waitFor(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tcpProxy forwards 127.0.0.1:<port> to the test database's server. cut() closes the listener
// and every connection (what a stopped server looks like); stall() keeps the connections but
// forwards nothing (a network partition); restore() brings the forwarding back on the same port.
type tcpProxy struct {
	t      *testing.T
	target string
	addr   string
	dbURL  string

	mu      sync.Mutex
	ln      net.Listener
	conns   map[net.Conn]struct{}
	stalled chan struct{} // non-nil while stalled; closed to resume
}

func newTCPProxy(t *testing.T, dbURL string) *tcpProxy {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "5432")
	}
	p := &tcpProxy{t: t, target: target, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	u.Host = p.addr
	p.dbURL = u.String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *tcpProxy) forward(c net.Conn) {
	p.gate()
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	if !p.track(c, up) {
		return
	}
	go p.pipe(up, c)
	p.pipe(c, up)
}

func (p *tcpProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil { // cut meanwhile
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

// pipe copies from src to dst, holding every chunk while the proxy is stalled.
func (p *tcpProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.gate()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *tcpProxy) gate() {
	p.mu.Lock()
	ch := p.stalled
	p.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
	if p.stalled != nil {
		close(p.stalled)
		p.stalled = nil
	}
}

func (p *tcpProxy) stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stalled == nil {
		p.stalled = make(chan struct{})
	}
}

func (p *tcpProxy) restore() {
	p.mu.Lock()
	if p.stalled != nil {
		close(p.stalled)
		p.stalled = nil
	}
	listening := p.ln != nil
	p.mu.Unlock()
	if listening {
		return
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
