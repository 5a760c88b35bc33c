// Command bench measures the GraphQL API of a running server from a second process over loopback,
// and the SQL that the server runs for the same requests directly against PostgreSQL. It is driven
// by scripts/bench.sh, which makes the database, seeds it, starts the server and stops it again.
//
//	bench run    -api http://127.0.0.1:PORT -database-url URL -server-bin PATH -scale N -out FILE.json …
//	bench report -doc docs/benchmarks.md FILE.json …
//
// run measures, for a fixed duration each and with each number of concurrent clients, the latency
// (p50/p95/p99) and throughput of five requests:
//
//	Q1 the city dashboard: targetAttainment + table1 of this year (city_admin)
//	Q2 a units page: units(first: 50) with its nested fields and totalCount (city_admin), over
//	   pages found by a first walk (unfiltered and filtered by county)
//	Q3 a unit page: unit(id) with its profile, history, inspections (with hazards and results)
//	   and incidents, for random units
//	Q4 stats(year: last year, groupBy: [COUNTY, CATEGORY, MONTH]) with every measure
//	Q5 login (argon2id: expensive on purpose)
//
// For Q1, Q2 and Q4 it first captures the SQL the server runs for each request: it starts a second
// server (-server-bin serve) whose DATABASE_URL points at a small PostgreSQL wire-protocol relay in
// this process, sends each request once and records every statement (its text, parameter types and
// the exact parameter bytes and formats of its Bind message). It then replays those statements,
// prepared once per connection as the server's pgx statement cache does, with pgx directly against
// PostgreSQL, and reports API / SQL latency ratios.
//
// report writes the figures of one or more result files between the generated-section markers of
// the benchmarks page (the rest of the page, the analysis, is kept as it is).
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"
	_ "time/tzdata" // the campaign's years are Asia/Shanghai years, also where the system has no zoneinfo

	"github.com/jackc/pgx/v5"

	"zeroaccident/server/postgres"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bench run … | bench report … (see scripts/bench.sh)")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runCmd(os.Args[2:])
	case "report":
		err = reportCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want run or report)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: error:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------------------------
// results

// Measure is one run: one request kind, one number of clients, API or SQL. Times in milliseconds.
type Measure struct {
	Query    string  `json:"query"`
	Clients  int     `json:"clients"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	FirstErr string  `json:"firstError,omitempty"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	Mean     float64 `json:"mean"`
	P50      float64 `json:"p50"`
	P95      float64 `json:"p95"`
	P99      float64 `json:"p99"`
	Max      float64 `json:"max"`
	// Load1 is the 1-minute load average when the run ended (the machine is shared).
	Load1 float64 `json:"load1"`
	// ServerCPU and ClientCPU are the CPU time (user+system) the server process and this program
	// spent per successful request during the run, in ms (0: not known).
	ServerCPU float64 `json:"serverCpuMsPerRequest,omitempty"`
	ClientCPU float64 `json:"clientCpuMsPerRequest,omitempty"`
	// Parts: the same run split by kind of variant (Q2: unfiltered pages, pages of one county).
	Parts []Measure `json:"parts,omitempty"`
}

// Captured describes the statements captured for one request kind.
type Captured struct {
	Variants int `json:"variants"`
	// Statements per request (min and max over the variants) and the statements of the first
	// variant, their text cut to a readable length.
	MinStatements int      `json:"minStatements"`
	MaxStatements int      `json:"maxStatements"`
	First         []string `json:"first"`
}

// Results is what one run of a scale produced.
type Results struct {
	Scale          int                 `json:"scale"`
	Database       string              `json:"database"`
	Date           time.Time           `json:"date"`
	Year           int                 `json:"year"`
	Seconds        float64             `json:"seconds"`
	Warmup         float64             `json:"warmup"`
	SeedSeconds    float64             `json:"seedSeconds"`
	MigrateSeconds float64             `json:"migrateSeconds"`
	Machine        Machine             `json:"machine"`
	Rows           map[string]int64    `json:"rows"`
	API            []Measure           `json:"api"`
	SQL            []Measure           `json:"sql"`
	Captured       map[string]Captured `json:"captured"`
	Notes          []string            `json:"notes,omitempty"`
}

// Machine is where and with what the figures were taken.
type Machine struct {
	NProc      int               `json:"nproc"`
	MemTotal   string            `json:"memTotal"`
	CPUModel   string            `json:"cpuModel"`
	Kernel     string            `json:"kernel"`
	GoVersion  string            `json:"goVersion"`
	PostgreSQL string            `json:"postgresql"`
	PGSettings map[string]string `json:"pgSettings"`
	GitCommit  string            `json:"gitCommit"`
	GitDirty   int               `json:"gitDirtyFiles"`
}

// ---------------------------------------------------------------------------------------------
// the requests

const q1Doc = `query Dashboard($year: Int!) {
  targetAttainment(year: $year) {
    year
    target { year village enterprise }
    total { ...attainment }
    counties { ...attainment }
  }
  table1(year: $year) {
    year
    asOf
    rows { ...table1Row }
    totals { ...table1Row }
  }
}
fragment attainment on Attainment {
  county { code name }
  villageUnits villageZeroAccident villageRate
  enterpriseUnits enterpriseZeroAccident enterpriseRate
  villageGap enterpriseGap villageMet enterpriseMet
}
fragment table1Row on Table1Row {
  county { code name }
  cells { category { code name targetGroup } total zeroAccident }
  total
  zeroAccident
}`

const q2Doc = `query UnitsPage($first: Int!, $after: String, $filter: UnitFilter, $year: Int!) {
  units(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id name address creditCode principalName principalPhone cityLevel enrolledOn archived canEdit version
        county { name }
        town { name }
        sector { name }
        category { name targetGroup }
        safetyOfficers { name phone }
        openHazardCount
        incidentCount(year: $year)
        zeroAccident(year: $year)
        blacklisted
      }
    }
  }
}`

// the walk that finds the pages of Q2: only the cursors, 200 units a step
const walkDoc = `query Walk($after: String, $filter: UnitFilter) {
  units(first: 200, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } }
}`

const q3Doc = `query UnitPage($id: ID!) {
  unit(id: $id) {
    id name divisionCode address longitude latitude creditCode principalName principalPhone
    cityLevel enrolledOn archivedOn archived blacklisted canEdit createdAt updatedAt version
    category { code name targetGroup }
    sector { number name }
    county { code name }
    town { code name }
    safetyOfficers { id name phone fullTime }
    openHazardCount
    blacklist { id reason listedOn decidedBy removedOn removedReason }
    history { year active incidents zeroAccident certified certifiedBy certifiedAt }
    inspections(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id inspectedOn kind inspectorName inspectingBody summary createdAt
          results { standard { code group text } result remark }
          hazards {
            id level state description category foundOn deadline responsiblePerson
            rectificationPlan closedOn overdue canEdit version
            transitions { from to reopened actorName note at }
          }
        }
      }
    }
    incidents(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id occurredAt kind deaths seriousInjuries injuries directLossWan severity description canEdit version
          sector { number name }
        }
      }
    }
  }
}`

const q4Doc = `query Pivot($year: Int!) {
  stats(year: $year, groupBy: [COUNTY, CATEGORY, MONTH]) {
    county { code name }
    town { code name }
    sector { number name }
    department { code name }
    category { code name targetGroup }
    targetGroup
    month
    units zeroAccidentUnits zeroAccidentRate
    incidents deaths seriousInjuries economicLossWan
    inspections hazardsFound hazardsClosed openHazards overdueHazards openMajorHazards medianDaysToClose
  }
}`

const q5Doc = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    accessToken accessTokenExpiresAt refreshToken
    user { id username displayName role active }
  }
}`

// workload is one request kind: its variants (request bodies, chosen at random per request) and,
// when compared with SQL, the statements each variant runs.
type workload struct {
	id, title string
	bodies    [][]byte
	anonymous bool
	// sql: replayed against PostgreSQL and compared; capture: how many variants to capture the
	// statements of (for the replay, EXPLAIN and the statement count)
	sql     bool
	capture int
	stmts   [][]stmt
	// kinds names the kind of each variant, when the figures are also given by kind
	kinds []string
}

func body(doc string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

// ---------------------------------------------------------------------------------------------
// the API client

type api struct {
	base  string
	hc    *http.Client
	token string
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func newAPI(base string) *api {
	tr := &http.Transport{
		Proxy:               nil, // loopback only, whatever HTTP_PROXY says
		MaxIdleConns:        128,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}
	return &api{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// post sends one GraphQL request and returns its data; a non-200 answer or any GraphQL error is an
// error.
func (a *api) post(ctx context.Context, b []byte, anonymous bool) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/graphql", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" && !anonymous {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	derr := json.NewDecoder(resp.Body).Decode(&r)
	_, _ = io.Copy(io.Discard, resp.Body)
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		return nil, fmt.Errorf("HTTP %d: %s (%v)", resp.StatusCode, e.Message, e.Extensions["code"])
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if derr != nil {
		return nil, fmt.Errorf("decode answer: %w", derr)
	}
	if len(r.Data) == 0 || string(r.Data) == "null" {
		return nil, errors.New("answer without data")
	}
	return r.Data, nil
}

func (a *api) login(ctx context.Context, user, password string) (string, error) {
	data, err := a.post(ctx, body(q5Doc, map[string]any{"username": user, "password": password}), true)
	if err != nil {
		return "", fmt.Errorf("log in as %s: %w", user, err)
	}
	var d struct {
		Login struct {
			AccessToken string `json:"accessToken"`
		} `json:"login"`
	}
	if err := json.Unmarshal(data, &d); err != nil || d.Login.AccessToken == "" {
		return "", fmt.Errorf("log in as %s: no access token in %s", user, data)
	}
	return d.Login.AccessToken, nil
}

func waitReady(ctx context.Context, base string, max time.Duration) error {
	hc := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{Proxy: nil}}
	deadline := time.Now().Add(max)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/readyz did not answer 200 within %s", base, max)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// ---------------------------------------------------------------------------------------------
// the measuring loop

// measure runs do from each of clients goroutines for warmup+dur and keeps the latencies of the
// requests started after the warm-up. A client whose requests are slower than the run goes on
// until it has minPerClient of them (bounded by the context), so a slow request still gets
// figures; throughput is over the time from the end of the warm-up to the last answer.
func measure(ctx context.Context, query string, clients int, warmup, dur time.Duration, kinds []string, serverPID int, newWorker func(i int) (worker, func(), error)) (Measure, error) {
	const minPerClient = 2
	m := Measure{Query: query, Clients: clients}
	workers := make([]worker, clients)
	closers := make([]func(), 0, clients)
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for i := range clients {
		w, c, err := newWorker(i)
		if err != nil {
			return m, err
		}
		workers[i] = w
		if c != nil {
			closers = append(closers, c)
		}
	}
	start := time.Now()
	from, end := start.Add(warmup), start.Add(warmup+dur)
	// CPU counters at the end of the warm-up (a request in flight then is counted, a small error)
	cpuAt := make(chan [2]time.Duration, 1)
	go func() {
		select {
		case <-time.After(time.Until(from)):
		case <-ctx.Done():
		}
		cpuAt <- [2]time.Duration{procCPU(serverPID), selfCPU()}
	}()
	var mu sync.Mutex
	var all []time.Duration
	byKind := map[string][]time.Duration{}
	last := end
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			kindLat := map[string][]time.Duration{}
			errs, firstErr, measured := 0, "", 0
			var done time.Time
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(end) && measured >= minPerClient {
					break
				}
				variant, err := workers[i](ctx)
				done = time.Now()
				if t0.Before(from) {
					continue
				}
				measured++
				if err != nil {
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
					continue
				}
				lat = append(lat, done.Sub(t0))
				if variant < len(kinds) {
					kindLat[kinds[variant]] = append(kindLat[kinds[variant]], done.Sub(t0))
				}
			}
			mu.Lock()
			all = append(all, lat...)
			for k, l := range kindLat {
				byKind[k] = append(byKind[k], l...)
			}
			m.Errors += errs
			if m.FirstErr == "" {
				m.FirstErr = firstErr
			}
			if done.After(last) {
				last = done
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return m, err
	}
	cpu0 := <-cpuAt
	server, client := procCPU(serverPID)-cpu0[0], selfCPU()-cpu0[1]
	m.Seconds = last.Sub(from).Seconds()
	m.Requests = len(all) + m.Errors
	m.fill(all)
	if n := len(all); n > 0 {
		if serverPID > 0 && cpu0[0] >= 0 {
			m.ServerCPU = ms(server / time.Duration(n))
		}
		m.ClientCPU = ms(client / time.Duration(n))
	}
	for _, k := range slices.Sorted(maps.Keys(byKind)) {
		part := Measure{Query: query + " " + k, Clients: clients, Seconds: m.Seconds, Requests: len(byKind[k])}
		part.fill(byKind[k])
		m.Parts = append(m.Parts, part)
	}
	m.Load1 = loadavg()
	return m, nil
}

// procCPU is the user+system CPU time of a process so far (-1 when unknown).
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return -1
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// the fields after the command name, which is in parentheses and may hold spaces
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports
const clockTicks = 100

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// worker sends one request and says which variant it was.
type worker func(context.Context) (variant int, err error)

// fill sets the throughput and latency figures from the latencies of the successful requests.
func (m *Measure) fill(lat []time.Duration) {
	slices.Sort(lat)
	m.RPS = float64(len(lat)) / m.Seconds
	if n := len(lat); n > 0 {
		var sum time.Duration
		for _, d := range lat {
			sum += d
		}
		m.Mean = ms(sum / time.Duration(n))
		m.P50, m.P95, m.P99, m.Max = ms(pct(lat, 50)), ms(pct(lat, 95)), ms(pct(lat, 99)), ms(lat[n-1])
	}
}

// pct is the nearest-rank percentile of sorted durations.
func pct(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

func loadavg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

// ---------------------------------------------------------------------------------------------
// statement capture: a PostgreSQL wire-protocol relay that records what a client sends

// stmt is one statement as the server sent it: an extended-protocol Bind of a parsed statement
// (exact parameter bytes, formats and types), or a simple query.
type stmt struct {
	SQL           string
	OIDs          []uint32
	ParamFormats  []int16
	Params        [][]byte
	ResultFormats []int16
	Simple        bool
}

type relay struct {
	ln       net.Listener
	upstream string // "tcp" address or unix socket path
	network  string
	mu       sync.Mutex
	on       bool
	got      []stmt
}

func newRelay(upNetwork, upAddr string) (*relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &relay{ln: ln, upstream: upAddr, network: upNetwork}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	return r, nil
}

func (r *relay) start() {
	r.mu.Lock()
	r.on, r.got = true, nil
	r.mu.Unlock()
}

func (r *relay) stop() []stmt {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.got
}

func (r *relay) record(s stmt) {
	r.mu.Lock()
	if r.on {
		r.got = append(r.got, s)
	}
	r.mu.Unlock()
}

const (
	sslRequestCode    = 80877103
	gssEncRequestCode = 80877104
)

func (r *relay) serve(c net.Conn) {
	defer c.Close()
	up, err := net.DialTimeout(r.network, r.upstream, 5*time.Second)
	if err != nil {
		return
	}
	defer up.Close()
	in := bufio.NewReader(c)
	// start-up: refuse TLS and GSS encryption ourselves (the relay must see plain messages), pass the
	// start-up (or cancel) message on
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(in, hdr[:]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(hdr[:]))
		if n < 8 || n > 1<<20 {
			return
		}
		msg := make([]byte, n)
		copy(msg, hdr[:])
		if _, err := io.ReadFull(in, msg[4:]); err != nil {
			return
		}
		if code := binary.BigEndian.Uint32(msg[4:8]); code == sslRequestCode || code == gssEncRequestCode {
			if _, err := c.Write([]byte{'N'}); err != nil {
				return
			}
			continue
		}
		if _, err := up.Write(msg); err != nil {
			return
		}
		break
	}
	go func() {
		_, _ = io.Copy(c, up)
		c.Close()
	}()
	parsed := map[string]stmt{} // prepared statement name → text and parameter types
	for {
		typ, err := in.ReadByte()
		if err != nil {
			return
		}
		var hdr [4]byte
		if _, err := io.ReadFull(in, hdr[:]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(hdr[:]))
		if n < 4 {
			return
		}
		msg := make([]byte, 1+n)
		msg[0] = typ
		copy(msg[1:], hdr[:])
		if _, err := io.ReadFull(in, msg[5:]); err != nil {
			return
		}
		// recorded before it is passed on: the answer, and so the HTTP response, comes after
		switch p := (&wire{b: msg[5:]}); typ {
		case 'P':
			name, sql := p.cstring(), p.cstring()
			oids := make([]uint32, p.int16())
			for i := range oids {
				oids[i] = p.uint32()
			}
			if !p.bad {
				parsed[name] = stmt{SQL: sql, OIDs: oids}
			}
		case 'B':
			_ = p.cstring() // portal
			s, known := parsed[p.cstring()]
			s.ParamFormats = make([]int16, p.int16())
			for i := range s.ParamFormats {
				s.ParamFormats[i] = int16(p.int16())
			}
			s.Params = make([][]byte, p.int16())
			for i := range s.Params {
				s.Params[i] = p.bytes()
			}
			s.ResultFormats = make([]int16, p.int16())
			for i := range s.ResultFormats {
				s.ResultFormats[i] = int16(p.int16())
			}
			if !p.bad && known {
				r.record(s)
			}
		case 'Q':
			if sql := p.cstring(); !p.bad {
				r.record(stmt{SQL: sql, Simple: true})
			}
		}
		if _, err := up.Write(msg); err != nil {
			return
		}
	}
}

// wire reads the fields of one protocol message; bad turns true on a short or malformed one.
type wire struct {
	b   []byte
	bad bool
}

func (w *wire) cstring() string {
	i := bytes.IndexByte(w.b, 0)
	if i < 0 {
		w.bad = true
		return ""
	}
	s := string(w.b[:i])
	w.b = w.b[i+1:]
	return s
}

func (w *wire) int16() int {
	if len(w.b) < 2 {
		w.bad = true
		return 0
	}
	v := int(int16(binary.BigEndian.Uint16(w.b)))
	w.b = w.b[2:]
	return max(v, 0)
}

func (w *wire) uint32() uint32 {
	if len(w.b) < 4 {
		w.bad = true
		return 0
	}
	v := binary.BigEndian.Uint32(w.b)
	w.b = w.b[4:]
	return v
}

func (w *wire) bytes() []byte {
	n := int32(w.uint32())
	if n < 0 {
		return nil // NULL
	}
	if int(n) > len(w.b) {
		w.bad = true
		return nil
	}
	v := bytes.Clone(w.b[:n])
	if v == nil {
		v = []byte{}
	}
	w.b = w.b[n:]
	return v
}

// isNoise: statements that belong to the connection pool, not to the request (pgx's ping of a
// connection idle for over a second when database/sql hands it out).
func isNoise(s stmt) bool {
	t := strings.TrimSpace(s.SQL)
	return s.Simple && (t == "" || t == ";" || strings.HasPrefix(t, "-- ping"))
}

// captureServer is a second server whose database connections go through the relay.
type captureServer struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

var servingAddr = regexp.MustCompile(`"msg":"serving".*"addr":"([^"]+)"`)

func startCaptureServer(ctx context.Context, bin, dbURL string, logPath string) (*captureServer, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DATABASE_URL", "LISTEN_ADDR", "RATE_LIMIT_RPS", "LOG_LEVEL":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "DATABASE_URL="+dbURL, "LISTEN_ADDR=127.0.0.1:0", "RATE_LIMIT_RPS=0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	cmd.Stdout = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start capture server %s: %w", bin, err)
	}
	addr := make(chan string, 1)
	s := &captureServer{cmd: cmd, done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logf, line)
			if m := servingAddr.FindStringSubmatch(line); m != nil && !sent {
				addr <- m[1]
				sent = true
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		logf.Close()
		close(s.done)
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case <-s.done:
		return nil, fmt.Errorf("the capture server exited at start-up (log: %s)", logPath)
	case <-time.After(90 * time.Second):
		s.stop()
		return nil, fmt.Errorf("the capture server did not start listening within 90 s (log: %s)", logPath)
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	if err := waitReady(ctx, s.base, 60*time.Second); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *captureServer) stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(25 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// relayURL is dbURL with its host and port replaced by the relay's, without TLS.
func relayURL(cfg *pgx.ConnConfig, relayAddr string) string {
	u := url.URL{Scheme: "postgres", Host: relayAddr, Path: "/" + cfg.Database, RawQuery: "sslmode=disable"}
	if cfg.Password != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
	} else {
		u.User = url.User(cfg.User)
	}
	return u.String()
}

// ---------------------------------------------------------------------------------------------
// SQL replay

// connectLikeServer opens a connection with the run-time parameters the server's pool sets
// (postgres.SessionDefaults), where the URL leaves them unset, so that the replay and EXPLAIN
// plan and run as the server does.
func connectLikeServer(ctx context.Context, dbURL string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	for k, v := range postgres.SessionDefaults {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// sqlWorker opens one connection, prepares every distinct statement of the workload on it (as the
// server's pgx statement cache does on first use) and returns a function that runs the statements
// of one random variant, one after the other.
func sqlWorker(ctx context.Context, dbURL string, w *workload, seed uint64) (worker, func(), error) {
	conn, err := connectLikeServer(ctx, dbURL)
	if err != nil {
		return nil, nil, fmt.Errorf("connect for SQL replay: %w", err)
	}
	names := map[string]string{}
	for _, v := range w.stmts {
		for _, s := range v {
			if s.Simple {
				continue
			}
			key := stmtKey(s)
			if _, ok := names[key]; ok {
				continue
			}
			name := fmt.Sprintf("bench_%d", len(names))
			if _, err := conn.PgConn().Prepare(ctx, name, s.SQL, s.OIDs); err != nil {
				conn.Close(ctx)
				return nil, nil, fmt.Errorf("prepare %.120q: %w", s.SQL, err)
			}
			names[key] = name
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	run := func(ctx context.Context) (int, error) {
		v := rng.IntN(len(w.stmts))
		for _, s := range w.stmts[v] {
			if s.Simple {
				if _, err := conn.PgConn().Exec(ctx, s.SQL).ReadAll(); err != nil {
					return v, err
				}
				continue
			}
			rr := conn.PgConn().ExecPrepared(ctx, names[stmtKey(s)], s.Params, s.ParamFormats, s.ResultFormats)
			if _, err := rr.Close(); err != nil {
				return v, fmt.Errorf("%.80q: %w", s.SQL, err)
			}
		}
		return v, nil
	}
	return run, func() { conn.Close(context.Background()) }, nil
}

// inList matches the parameter list gorm writes for IN ?: statements that differ only in its length
// are one statement for EXPLAIN.
var inList = regexp.MustCompile(`IN \(\$\d+(,\$\d+)*\)`)

// explainAll writes, for each compared workload, every distinct statement it runs (its first
// occurrence over the variants; IN lists of any length count as one) with its parameters, its
// median time over 11 runs as a prepared statement, and EXPLAIN (ANALYZE, BUFFERS) of it with the
// same parameter bytes.
func explainAll(ctx context.Context, dbURL string, loads []*workload, dir string, scale int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	conn, err := connectLikeServer(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	pc := conn.PgConn()
	for _, w := range loads {
		if len(w.stmts) == 0 {
			continue
		}
		var out strings.Builder
		seen := map[string]bool{}
		n := 0
		for vi, v := range w.stmts {
			for _, s := range v {
				shape := inList.ReplaceAllString(s.SQL, "IN (…)")
				if s.Simple || seen[shape] {
					continue
				}
				seen[shape] = true
				n++
				name := fmt.Sprintf("explain_%s_%d", w.id, n)
				if _, err := pc.Prepare(ctx, name, s.SQL, s.OIDs); err != nil {
					return fmt.Errorf("prepare %.80q: %w", s.SQL, err)
				}
				var times []time.Duration
				for range 11 {
					t0 := time.Now()
					if _, err := pc.ExecPrepared(ctx, name, s.Params, s.ParamFormats, s.ResultFormats).Close(); err != nil {
						return fmt.Errorf("run %.80q: %w", s.SQL, err)
					}
					times = append(times, time.Since(t0))
				}
				slices.Sort(times)
				fmt.Fprintf(&out, "=== %s statement %d (variant %d): median %.2f ms, min %.2f ms over 11 runs\n%s\n-- parameters:", w.id, n, vi,
					ms(times[5]), ms(times[0]), s.SQL)
				for i, p := range s.Params {
					f := int16(0)
					switch {
					case len(s.ParamFormats) == 1:
						f = s.ParamFormats[0]
					case i < len(s.ParamFormats):
						f = s.ParamFormats[i]
					}
					if f == 0 || p == nil {
						fmt.Fprintf(&out, " $%d=%q", i+1, p)
					} else {
						fmt.Fprintf(&out, " $%d=0x%x", i+1, p)
					}
				}
				out.WriteString("\n")
				// the same parameter bytes: types are inferred as for the statement itself
				ename := name + "_x"
				if _, err := pc.Prepare(ctx, ename, "EXPLAIN (ANALYZE, BUFFERS) "+s.SQL, s.OIDs); err != nil {
					return fmt.Errorf("prepare EXPLAIN of %.80q: %w", s.SQL, err)
				}
				res := pc.ExecPrepared(ctx, ename, s.Params, s.ParamFormats, nil).Read()
				if res.Err != nil {
					return fmt.Errorf("EXPLAIN %.80q: %w", s.SQL, res.Err)
				}
				for _, row := range res.Rows {
					out.Write(row[0])
					out.WriteString("\n")
				}
				out.WriteString("\n")
			}
		}
		path := fmt.Sprintf("%s/explain-s%d-%s.txt", dir, scale, w.id)
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			return err
		}
		logf("%s: EXPLAIN ANALYZE of %d statements in %s", w.id, n, path)
	}
	return nil
}

func stmtKey(s stmt) string { return fmt.Sprint(s.OIDs) + "\x00" + s.SQL }

// ---------------------------------------------------------------------------------------------
// run

type runFlags struct {
	api, dbURL, serverBin, out, workDir string
	scale                               int
	seconds, warmup                     float64
	clients, queries                    string
	seedSeconds, migrateSeconds         float64
	user, password                      string
	q2Variants, q3Units                 int
	explainDir                          string
	serverPID                           int
}

func runCmd(args []string) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.StringVar(&f.api, "api", "", "base URL of the server to measure (http://127.0.0.1:PORT)")
	fs.StringVar(&f.dbURL, "database-url", "", "the server's database, for the SQL replay and the units sample")
	fs.StringVar(&f.serverBin, "server-bin", "", "the server binary, started once more behind the capture relay (empty: no SQL comparison)")
	fs.StringVar(&f.out, "out", "", "write the results (JSON) here")
	fs.StringVar(&f.workDir, "work-dir", os.TempDir(), "where the capture server's log goes")
	fs.IntVar(&f.scale, "scale", 1, "the seed scale of the database (for the report)")
	fs.Float64Var(&f.seconds, "seconds", 20, "measuring time of each run")
	fs.Float64Var(&f.warmup, "warmup", 2, "warm-up before each run (not counted)")
	fs.StringVar(&f.clients, "clients", "1,16", "numbers of concurrent clients")
	fs.StringVar(&f.queries, "queries", "Q1,Q2,Q3,Q4,Q5", "which requests to measure")
	fs.Float64Var(&f.seedSeconds, "seed-seconds", 0, "how long seed --demo took (for the report)")
	fs.Float64Var(&f.migrateSeconds, "migrate-seconds", 0, "how long migrate took (for the report)")
	fs.StringVar(&f.user, "user", "city_admin", "the demo user to sign in as")
	fs.StringVar(&f.password, "password", cmp.Or(os.Getenv("DEMO_PASSWORD"), "Demo@2026"), "the demo password")
	fs.IntVar(&f.q2Variants, "q2-pages", 64, "how many different units pages Q2 cycles through")
	fs.IntVar(&f.q3Units, "q3-units", 1000, "how many random units Q3 picks from")
	fs.IntVar(&f.serverPID, "server-pid", 0, "the measured server's process id, to report its CPU time per request (0: not reported)")
	fs.StringVar(&f.explainDir, "explain-dir", "", "write EXPLAIN (ANALYZE, BUFFERS) of every distinct captured statement, with its parameters and median time, here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if f.api == "" || f.dbURL == "" {
		return errors.New("run: -api and -database-url are required")
	}
	var clients []int
	for _, s := range strings.Split(f.clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return fmt.Errorf("run: bad -clients %q", f.clients)
		}
		clients = append(clients, n)
	}
	want := map[string]bool{}
	for _, q := range strings.Split(f.queries, ",") {
		want[strings.ToUpper(strings.TrimSpace(q))] = true
	}
	dur, warmup := time.Duration(f.seconds*float64(time.Second)), time.Duration(f.warmup*float64(time.Second))
	// bounded: every run, the preparation and the capture, with a generous margin
	limit := time.Duration(2*len(clients)*len(want))*(dur+warmup) + 45*time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()

	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	now := time.Now().In(shanghai)
	res := Results{Scale: f.scale, Date: time.Now().UTC(), Year: now.Year(), Seconds: f.seconds, Warmup: f.warmup,
		SeedSeconds: f.seedSeconds, MigrateSeconds: f.migrateSeconds, Captured: map[string]Captured{}}
	pgcfg, err := pgx.ParseConfig(f.dbURL)
	if err != nil {
		return fmt.Errorf("parse -database-url: %w", err)
	}
	res.Database = pgcfg.Database
	db, err := pgx.Connect(ctx, f.dbURL)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", pgcfg.Database, err)
	}
	defer db.Close(context.Background())
	res.Machine = machine(ctx, db)
	if res.Rows, err = rowCounts(ctx, db); err != nil {
		return err
	}
	logf("scale %d: database %s, %d units (%d active), %d inspections, %d hazards, %d incidents", f.scale, res.Database,
		res.Rows["units"], res.Rows["units (active)"], res.Rows["inspections"], res.Rows["hazards"], res.Rows["incidents"])

	a := newAPI(f.api)
	if err := waitReady(ctx, a.base, 60*time.Second); err != nil {
		return err
	}
	if a.token, err = a.login(ctx, f.user, f.password); err != nil {
		return err
	}

	// the workloads
	var loads []*workload
	if want["Q1"] {
		loads = append(loads, &workload{id: "Q1", title: "city dashboard (targetAttainment + table1, this year)", sql: true,
			bodies: [][]byte{body(q1Doc, map[string]any{"year": res.Year})}})
	}
	if want["Q2"] {
		pages, note, err := q2Pages(ctx, a, f.q2Variants, uint64(f.scale))
		if err != nil {
			return err
		}
		res.Notes = append(res.Notes, note)
		w := &workload{id: "Q2", title: "units page (units(first: 50) with nested fields and totalCount)", sql: true}
		for _, p := range pages {
			vars := map[string]any{"first": 50, "year": res.Year}
			if p.after != "" {
				vars["after"] = p.after
			}
			kind := "unfiltered"
			if p.county != "" {
				vars["filter"] = map[string]any{"countyCode": p.county}
				kind = "by county"
			}
			w.bodies = append(w.bodies, body(q2Doc, vars))
			w.kinds = append(w.kinds, kind)
		}
		loads = append(loads, w)
	}
	if want["Q3"] {
		ids, err := randomUnits(ctx, db, f.q3Units)
		if err != nil {
			return err
		}
		// captured for EXPLAIN and the statement count, not replayed
		w := &workload{id: "Q3", title: "unit page (profile, history, 20 inspections with hazards and results, 20 incidents)", capture: 20}
		for _, id := range ids {
			w.bodies = append(w.bodies, body(q3Doc, map[string]any{"id": strconv.FormatInt(id, 10)}))
		}
		res.Notes = append(res.Notes, fmt.Sprintf("Q3 picks at random among %d units drawn at random from all units (archived ones included).", len(ids)))
		loads = append(loads, w)
	}
	if want["Q4"] {
		loads = append(loads, &workload{id: "Q4", title: "pivot stats(year: last year, groupBy: [COUNTY, CATEGORY, MONTH]), every measure", sql: true,
			bodies: [][]byte{body(q4Doc, map[string]any{"year": res.Year - 1})}})
	}
	if want["Q5"] {
		loads = append(loads, &workload{id: "Q5", title: "login (argon2id m=19 MiB t=2)", anonymous: true,
			bodies: [][]byte{body(q5Doc, map[string]any{"username": f.user, "password": f.password})}})
	}
	// every variant must answer without errors before anything is timed
	for _, w := range loads {
		for i, b := range w.bodies {
			if _, err := a.post(ctx, b, w.anonymous); err != nil {
				return fmt.Errorf("%s variant %d: %w", w.id, i, err)
			}
		}
	}

	// capture the SQL of the compared workloads through a second server behind the relay
	for _, w := range loads {
		if w.sql {
			w.capture = len(w.bodies)
		}
	}
	if f.serverBin != "" && slices.ContainsFunc(loads, func(w *workload) bool { return w.capture > 0 }) {
		if err := capture(ctx, f, pgcfg, loads, &res); err != nil {
			return err
		}
	} else {
		for _, w := range loads {
			w.sql, w.capture = false, 0
		}
	}

	if f.explainDir != "" {
		if err := explainAll(ctx, f.dbURL, loads, f.explainDir, f.scale); err != nil {
			return err
		}
	}

	for _, w := range loads {
		// a fresh token for each request kind: access tokens live 30 minutes, a scale-30 run is longer
		if !w.anonymous {
			if a.token, err = a.login(ctx, f.user, f.password); err != nil {
				return err
			}
		}
		for _, n := range clients {
			logf("%s API, %d client(s), %.0f s …", w.id, n, f.seconds)
			m, err := measure(ctx, w.id, n, warmup, dur, w.kinds, f.serverPID, func(i int) (worker, func(), error) {
				rng := rand.New(rand.NewPCG(uint64(f.scale), uint64(i)))
				return func(ctx context.Context) (int, error) {
					v := rng.IntN(len(w.bodies))
					_, err := a.post(ctx, w.bodies[v], w.anonymous)
					return v, err
				}, nil, nil
			})
			if err != nil {
				return err
			}
			res.API = append(res.API, m)
			logMeasure("API", m)
			if w.sql {
				logf("%s SQL, %d client(s), %.0f s …", w.id, n, f.seconds)
				m, err := measure(ctx, w.id, n, warmup, dur, w.kinds, 0, func(i int) (worker, func(), error) {
					return sqlWorker(ctx, f.dbURL, w, uint64(f.scale)*1000+uint64(i))
				})
				if err != nil {
					return err
				}
				res.SQL = append(res.SQL, m)
				logMeasure("SQL", m)
			}
		}
	}
	printTable(os.Stdout, &res)
	if f.out != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.out, append(b, '\n'), 0o644); err != nil {
			return err
		}
		logf("results written to %s", f.out)
	}
	return nil
}

func capture(ctx context.Context, f runFlags, pgcfg *pgx.ConnConfig, loads []*workload, res *Results) error {
	network, addr := "tcp", net.JoinHostPort(pgcfg.Host, strconv.Itoa(int(pgcfg.Port)))
	if strings.HasPrefix(pgcfg.Host, "/") {
		network, addr = "unix", fmt.Sprintf("%s/.s.PGSQL.%d", pgcfg.Host, pgcfg.Port)
	}
	rl, err := newRelay(network, addr)
	if err != nil {
		return err
	}
	defer rl.ln.Close()
	logPath := fmt.Sprintf("%s/capture-server-s%d.log", f.workDir, f.scale)
	logf("capturing SQL: second server behind the relay %s (log: %s)", rl.ln.Addr(), logPath)
	srv, err := startCaptureServer(ctx, f.serverBin, relayURL(pgcfg, rl.ln.Addr().String()), logPath)
	if err != nil {
		return err
	}
	defer srv.stop()
	ca := newAPI(srv.base)
	if ca.token, err = ca.login(ctx, f.user, f.password); err != nil {
		return err
	}
	for _, w := range loads {
		if w.capture == 0 {
			continue
		}
		c := Captured{Variants: min(w.capture, len(w.bodies)), MinStatements: math.MaxInt}
		for i, b := range w.bodies[:c.Variants] {
			// once unrecorded, so the statements are prepared and every loader is warm, then recorded
			if _, err := ca.post(ctx, b, w.anonymous); err != nil {
				return fmt.Errorf("%s variant %d on the capture server: %w", w.id, i, err)
			}
			rl.start()
			_, err := ca.post(ctx, b, w.anonymous)
			got := rl.stop()
			if err != nil {
				return fmt.Errorf("%s variant %d on the capture server: %w", w.id, i, err)
			}
			got = slices.DeleteFunc(got, isNoise)
			if len(got) == 0 {
				return fmt.Errorf("%s variant %d: no statements captured", w.id, i)
			}
			w.stmts = append(w.stmts, got)
			c.MinStatements, c.MaxStatements = min(c.MinStatements, len(got)), max(c.MaxStatements, len(got))
			if i == 0 {
				for _, s := range got {
					c.First = append(c.First, oneLine(s.SQL, 400))
				}
			}
		}
		res.Captured[w.id] = c
		logf("%s: %d variant(s), %d-%d statements per request", w.id, c.Variants, c.MinStatements, c.MaxStatements)
	}
	srv.stop()
	return nil
}

var spaces = regexp.MustCompile(`\s+`)

func oneLine(s string, n int) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	if len(s) > n {
		return s[:n] + " …"
	}
	return s
}

type q2Page struct{ county, after string }

// q2Pages finds the pages Q2 cycles through: half from a walk of the unfiltered list (200 units a
// step, so the pages spread over the first 200×n units), half from walks of counties drawn at
// random, a few pages deep each.
func q2Pages(ctx context.Context, a *api, n int, seed uint64) ([]q2Page, string, error) {
	walk := func(county string, steps int) ([]string, error) {
		cursors := []string{""}
		after := ""
		for len(cursors) < steps {
			vars := map[string]any{}
			if after != "" {
				vars["after"] = after
			}
			if county != "" {
				vars["filter"] = map[string]any{"countyCode": county}
			}
			data, err := a.post(ctx, body(walkDoc, vars), false)
			if err != nil {
				return nil, fmt.Errorf("walk units: %w", err)
			}
			var d struct {
				Units struct {
					PageInfo struct {
						HasNextPage bool   `json:"hasNextPage"`
						EndCursor   string `json:"endCursor"`
					} `json:"pageInfo"`
				} `json:"units"`
			}
			if err := json.Unmarshal(data, &d); err != nil {
				return nil, err
			}
			if !d.Units.PageInfo.HasNextPage {
				break
			}
			after = d.Units.PageInfo.EndCursor
			cursors = append(cursors, after)
		}
		return cursors, nil
	}
	unfiltered, err := walk("", max(n/2, 1))
	if err != nil {
		return nil, "", err
	}
	var pages []q2Page
	for _, c := range unfiltered {
		pages = append(pages, q2Page{after: c})
	}
	data, err := a.post(ctx, body(`{ counties { code } }`, nil), false)
	if err != nil {
		return nil, "", err
	}
	var d struct {
		Counties []struct {
			Code string `json:"code"`
		} `json:"counties"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, "", err
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	rng.Shuffle(len(d.Counties), func(i, j int) { d.Counties[i], d.Counties[j] = d.Counties[j], d.Counties[i] })
	perCounty := 4
	counties := 0
	for _, c := range d.Counties {
		if len(pages) >= n {
			break
		}
		cursors, err := walk(c.Code, min(perCounty, n-len(pages)))
		if err != nil {
			return nil, "", err
		}
		counties++
		for _, cur := range cursors {
			pages = append(pages, q2Page{county: c.Code, after: cur})
		}
	}
	note := fmt.Sprintf("Q2 cycles at random through %d pages: %d of the unfiltered list (name order, the first page and pages starting every 200 units from there) and %d filtered by one of %d counties drawn at random (up to %d pages deep each); every page asks for totalCount.",
		len(pages), len(unfiltered), len(pages)-len(unfiltered), counties, perCounty)
	return pages, note, nil
}

func randomUnits(ctx context.Context, db *pgx.Conn, n int) ([]int64, error) {
	// a fixed random seed: the same database gives the same sample
	if _, err := db.Exec(ctx, `SELECT setseed(0.2020)`); err != nil {
		return nil, err
	}
	rows, err := db.Query(ctx, `SELECT id FROM units ORDER BY random() LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("sample units: %w", err)
	}
	if len(ids) == 0 {
		return nil, errors.New("sample units: the database has no units (seed --demo first)")
	}
	return ids, nil
}

func rowCounts(ctx context.Context, db *pgx.Conn) (map[string]int64, error) {
	out := map[string]int64{}
	for name, q := range map[string]string{
		"counties":           `SELECT count(*) FROM counties`,
		"towns":              `SELECT count(*) FROM towns`,
		"units":              `SELECT count(*) FROM units`,
		"units (active)":     `SELECT count(*) FROM units WHERE archived_on IS NULL`,
		"safety_officers":    `SELECT count(*) FROM safety_officers`,
		"inspections":        `SELECT count(*) FROM inspections`,
		"inspection_results": `SELECT count(*) FROM inspection_results`,
		"hazards":            `SELECT count(*) FROM hazards`,
		"hazard_transitions": `SELECT count(*) FROM hazard_transitions`,
		"incidents":          `SELECT count(*) FROM incidents`,
		"certifications":     `SELECT count(*) FROM certifications`,
		"blacklist_entries":  `SELECT count(*) FROM blacklist_entries`,
	} {
		var n int64
		if err := db.QueryRow(ctx, q).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", name, err)
		}
		out[name] = n
	}
	var size int64
	if err := db.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&size); err == nil {
		out["database size (MB)"] = size >> 20
	}
	return out, nil
}

func machine(ctx context.Context, db *pgx.Conn) Machine {
	m := Machine{NProc: runtime.NumCPU(), GoVersion: runtime.Version(), PGSettings: map[string]string{}}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.Fields(v)[0], 64)
				m.MemTotal = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command("go", "version").Output(); err == nil {
		m.GoVersion = strings.TrimSpace(string(out))
	}
	_ = db.QueryRow(ctx, `SELECT version()`).Scan(&m.PostgreSQL)
	for _, s := range []string{"shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather", "jit", "random_page_cost"} {
		var v string
		if err := db.QueryRow(ctx, "SELECT current_setting($1)", s).Scan(&v); err == nil {
			m.PGSettings[s] = v
		}
	}
	if out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		m.GitCommit = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil {
		if t := strings.TrimSpace(string(out)); t != "" {
			m.GitDirty = len(strings.Split(t, "\n"))
		}
	}
	return m
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "    "+format+"\n", args...)
}

func logMeasure(kind string, m Measure) {
	logf("  %s %s c=%d: %d requests, %.1f/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %d %s",
		kind, m.Query, m.Clients, m.Requests, m.RPS, m.P50, m.P95, m.P99, m.Errors, m.FirstErr)
}

// ---------------------------------------------------------------------------------------------
// tables and targets

func find(ms []Measure, q string, clients int) *Measure {
	for i := range ms {
		if ms[i].Query == q && ms[i].Clients == clients {
			return &ms[i]
		}
	}
	return nil
}

func ratio(a, b float64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// printTable prints the figures of one scale as a plain-text table.
func printTable(w io.Writer, r *Results) {
	fmt.Fprintf(w, "\nscale %d (%s): %d units, seed %.0f s; %g s per run after %g s warm-up; times in ms\n",
		r.Scale, r.Database, r.Rows["units"], r.SeedSeconds, r.Seconds, r.Warmup)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "query\tclients\treq/s\tp50\tp95\tp99\terrors\tsrv CPU/req\tSQL p50\tSQL p95\tSQL req/s\tAPI/SQL p50\tAPI/SQL p95\t")
	for _, m := range r.API {
		rows := append([]Measure{m}, m.Parts...)
		sql := find(r.SQL, m.Query, m.Clients)
		for i, a := range rows {
			line := fmt.Sprintf("%s\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%d\t%s\t", a.Query, a.Clients, a.RPS, a.P50, a.P95, a.P99, a.Errors, cpu(a.ServerCPU))
			var s *Measure
			if sql != nil {
				s = sql
				if i > 0 {
					s = find(sql.Parts, a.Query, a.Clients)
				}
			}
			if s != nil {
				line += fmt.Sprintf("%.2f\t%.2f\t%.1f\t%s\t%s\t", s.P50, s.P95, s.RPS, ratio(a.P50, s.P50), ratio(a.P95, s.P95))
			} else {
				line += "–\t–\t–\t–\t–\t"
			}
			fmt.Fprintln(tw, line)
		}
	}
	tw.Flush()
}

type target struct {
	what    string
	query   string
	part    string // a part of the run (Q2 by kind of page), "" for the whole run
	clients int
	measure string // "p95", "rps", "ratio50"
	limit   float64
	atLeast bool
}

func targetsFor(scale int) []target {
	pivot := 250.0
	if scale <= 1 {
		pivot = 50
	}
	var ts []target
	for _, c := range []int{1, 16} {
		ts = append(ts,
			target{what: fmt.Sprintf("Q1 p95 ≤ %g ms", pivot), query: "Q1", clients: c, measure: "p95", limit: pivot},
			target{what: fmt.Sprintf("Q4 p95 ≤ %g ms", pivot), query: "Q4", clients: c, measure: "p95", limit: pivot},
			target{what: "Q2 p95 ≤ 15 ms", query: "Q2", clients: c, measure: "p95", limit: 15},
			target{what: "Q3 p95 ≤ 15 ms", query: "Q3", clients: c, measure: "p95", limit: 15},
		)
	}
	if scale <= 1 {
		ts = append(ts, target{what: "Q2 ≥ 1,500 req/s", query: "Q2", clients: 16, measure: "rps", limit: 1500, atLeast: true})
	}
	for _, c := range []int{1, 16} {
		for _, q := range []string{"Q1", "Q2", "Q4"} {
			ts = append(ts, target{what: q + " API/SQL p50 ≤ 1.5", query: q, clients: c, measure: "ratio50", limit: 1.5})
			if q == "Q2" {
				// the mixed p50 falls between two kinds of pages of very different cost: by kind too
				for _, part := range []string{"unfiltered", "by county"} {
					ts = append(ts, target{what: "Q2 " + part + " API/SQL p50 ≤ 1.5", query: q, part: "Q2 " + part, clients: c, measure: "ratio50", limit: 1.5})
				}
			}
		}
	}
	return ts
}

// evaluate returns the measured value and whether the target is met (ok=false: not measured).
func (t target) evaluate(r *Results) (val float64, met, ok bool) {
	m := find(r.API, t.query, t.clients)
	if m == nil {
		return 0, false, false
	}
	if m.Errors > 0 {
		// failed requests miss every target of their run, whatever the others' figures
		return math.NaN(), false, true
	}
	switch t.measure {
	case "p95":
		val = m.P95
	case "rps":
		val = m.RPS
	case "ratio50":
		s := find(r.SQL, t.query, t.clients)
		a := m
		if s != nil && t.part != "" {
			a, s = find(m.Parts, t.part, t.clients), find(s.Parts, t.part, t.clients)
		}
		if a == nil || s == nil || s.P50 <= 0 {
			return 0, false, false
		}
		val = a.P50 / s.P50
	}
	if t.atLeast {
		return val, val >= t.limit, true
	}
	return val, val <= t.limit, true
}

func formatVal(t target, v float64) string {
	if math.IsNaN(v) {
		return "errors"
	}
	switch t.measure {
	case "rps":
		return fmt.Sprintf("%.0f req/s", v)
	case "ratio50":
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.1f ms", v)
}

func verdict(t target, v float64, met bool) string {
	if met {
		return "met"
	}
	if math.IsNaN(v) {
		return "**missed**: requests failed (see the errors column)"
	}
	switch {
	case t.atLeast:
		return fmt.Sprintf("**missed** (%.0f%% of target)", 100*v/t.limit)
	default:
		return fmt.Sprintf("**missed** by %s (×%.1f)", formatVal(t, v-t.limit), v/t.limit)
	}
}

// ---------------------------------------------------------------------------------------------
// report

const (
	beginMarker = "<!-- BEGIN GENERATED by scripts/bench.sh: do not edit by hand -->"
	endMarker   = "<!-- END GENERATED -->"
)

func reportCmd(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	doc := fs.String("doc", "docs/benchmarks.md", "the page to write the figures into")
	command := fs.String("command", "scripts/bench.sh", "the command that produced the figures (for the page)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var all []*Results
	for _, p := range fs.Args() {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var r Results
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		all = append(all, &r)
	}
	if len(all) == 0 {
		return errors.New("report: no result files given")
	}
	slices.SortFunc(all, func(a, b *Results) int { return cmp.Compare(a.Scale, b.Scale) })
	gen := render(all, *command)
	old, err := os.ReadFile(*doc)
	var page string
	switch {
	case errors.Is(err, os.ErrNotExist):
		page = "# Benchmarks\n\n" + gen + "\n"
	case err != nil:
		return err
	default:
		s := string(old)
		i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
		if i < 0 || j < i {
			page = strings.TrimRight(s, "\n") + "\n\n" + gen + "\n"
		} else {
			page = s[:i] + gen + s[j+len(endMarker):]
		}
	}
	if err := os.WriteFile(*doc, []byte(page), 0o644); err != nil {
		return err
	}
	logf("figures written to %s", *doc)
	return nil
}

func render(all []*Results, command string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m := all[0].Machine
	p("%s\n\n", beginMarker)
	p("### Where and when\n\n")
	p("| | |\n|---|---|\n")
	p("| date | %s |\n", all[len(all)-1].Date.Format("2006-01-02 15:04 MST"))
	p("| command | `%s` |\n", command)
	p("| machine | %d CPU (nproc), %s memory, %s; Linux %s |\n", m.NProc, m.MemTotal, m.CPUModel, m.Kernel)
	p("| Go | %s |\n", m.GoVersion)
	p("| PostgreSQL | %s |\n", m.PostgreSQL)
	var settings []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m.PGSettings {
			if !yield(k) {
				return
			}
		}
	}) {
		settings = append(settings, k+"="+m.PGSettings[k])
	}
	var session []string
	for _, k := range slices.Sorted(maps.Keys(postgres.SessionDefaults)) {
		session = append(session, k+"="+postgres.SessionDefaults[k])
	}
	p("| PostgreSQL settings | %s (the server's, nothing tuned); the application's connections and the SQL replay set %s |\n",
		strings.Join(settings, ", "), strings.Join(session, ", "))
	dirty := ""
	if m.GitDirty > 0 {
		dirty = fmt.Sprintf(" plus uncommitted changes in %d tracked files (work in progress of others when measured)", m.GitDirty)
	}
	p("| code | git commit `%s`%s |\n", m.GitCommit, dirty)
	p("| runs | %g s each after a %g s warm-up, closed loop (each client sends its next request when the answer is read), 1 and 16 clients, HTTP/1.1 keep-alive over 127.0.0.1, server with RATE_LIMIT_RPS=0; client, server and PostgreSQL share the machine |\n\n",
		all[0].Seconds, all[0].Warmup)

	p("### Data\n\n| | %s |\n|---|%s\n", strings.Join(mapSlice(all, func(r *Results) string { return fmt.Sprintf("scale %d", r.Scale) }), " | "), strings.Repeat("---:|", len(all)))
	p("| `seed --demo --scale N` | %s |\n", strings.Join(mapSlice(all, func(r *Results) string { return fmt.Sprintf("**%s**", dur(r.SeedSeconds)) }), " | "))
	p("| `migrate` | %s |\n", strings.Join(mapSlice(all, func(r *Results) string { return dur(r.MigrateSeconds) }), " | "))
	for _, k := range []string{"counties", "towns", "units", "units (active)", "safety_officers", "inspections", "inspection_results", "hazards", "hazard_transitions", "incidents", "certifications", "blacklist_entries", "database size (MB)"} {
		p("| %s | %s |\n", k, strings.Join(mapSlice(all, func(r *Results) string { return thousands(r.Rows[k]) }), " | "))
	}
	p("\n")

	for _, r := range all {
		p("### Scale %d (database `%s`, this year %d, last year %d)\n\n", r.Scale, r.Database, r.Year, r.Year-1)
		p("Times in milliseconds. server CPU/req: CPU time (user+system) of the server process per request during the run. SQL: the statements the server ran for the same request, replayed with pgx directly against PostgreSQL, one after the other on one connection per client. load: 1-minute load average at the end of the run (2 CPUs; the machine was shared).\n\n")
		p("| query | clients | req/s | p50 | p95 | p99 | errors | server CPU/req | SQL p50 | SQL p95 | SQL req/s | API/SQL p50 | API/SQL p95 | load |\n")
		p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, m := range r.API {
			sql := find(r.SQL, m.Query, m.Clients)
			for i, a := range append([]Measure{m}, m.Parts...) {
				name := a.Query
				var s *Measure
				if sql != nil {
					s = sql
					if i > 0 {
						s = find(sql.Parts, a.Query, a.Clients)
					}
				}
				if i > 0 {
					name = "↳ " + name
				}
				p("| %s | %d | %s | %.2f | %.2f | %.2f | %d | %s |", name, a.Clients, rps(a.RPS), a.P50, a.P95, a.P99, a.Errors, cpu(a.ServerCPU))
				switch {
				case s != nil && a.Errors == 0:
					p(" %.2f | %.2f | %s | %s | %s |", s.P50, s.P95, rps(s.RPS), ratio(a.P50, s.P50), ratio(a.P95, s.P95))
				case s != nil:
					p(" %.2f | %.2f | %s | – | – |", s.P50, s.P95, rps(s.RPS))
				default:
					p(" – | – | – | – | – |")
				}
				p(" %.1f |\n", m.Load1)
			}
		}
		p("\n")
		for _, n := range r.Notes {
			p("- %s\n", n)
		}
		for _, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
			if c, ok := r.Captured[q]; ok {
				p("- %s runs %s statements per request (%d variant(s) captured).\n", q, span(c.MinStatements, c.MaxStatements), c.Variants)
			}
		}
		for _, a := range r.API {
			if a.Errors > 0 {
				p("- %s with %d clients: %d errors, the first: `%s`\n", a.Query, a.Clients, a.Errors, a.FirstErr)
			}
		}
		p("\n")
	}

	p("### Targets\n\n")
	p("Latency targets are judged on p95 with 1 client (one user's wait); the 16-client column shows the same figure under load. The API/SQL ratio is p50 API / p50 SQL.\n\n")
	p("| scale | target | 1 client | | 16 clients | |\n|---:|---|---:|---|---:|---|\n")
	for _, r := range all {
		seen := map[string]bool{}
		for _, t := range targetsFor(r.Scale) {
			if seen[t.what] {
				continue
			}
			seen[t.what] = true
			cells := []string{}
			for _, c := range []int{1, 16} {
				if t.measure == "rps" && c == 1 {
					cells = append(cells, "", "")
					continue
				}
				tt := t
				tt.clients = c
				v, met, ok := tt.evaluate(r)
				if !ok {
					cells = append(cells, "–", "not measured")
					continue
				}
				cells = append(cells, formatVal(tt, v), verdict(tt, v, met))
			}
			p("| %d | %s | %s |\n", r.Scale, t.what, strings.Join(cells, " | "))
		}
	}
	p("\n")
	p("<details><summary>Statements captured (first variant of each query, text shortened)</summary>\n\n")
	for _, r := range all {
		for _, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
			c, ok := r.Captured[q]
			if !ok {
				continue
			}
			p("**scale %d, %s**\n\n", r.Scale, q)
			for i, s := range c.First {
				p("%d. `%s`\n", i+1, strings.ReplaceAll(s, "`", "'"))
			}
			p("\n")
		}
	}
	p("</details>\n\n%s", endMarker)
	return b.String()
}

func cpu(v float64) string {
	if v <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

func mapSlice[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func span(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return fmt.Sprintf("%d–%d", a, b)
}

func rps(v float64) string {
	if v >= 100 {
		return thousands(int64(math.Round(v)))
	}
	return fmt.Sprintf("%.1f", v)
}

func dur(s float64) string {
	if s <= 0 {
		return "–"
	}
	if s < 120 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%d min %02d s", int(s)/60, int(s)%60)
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[0] != '-' {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
