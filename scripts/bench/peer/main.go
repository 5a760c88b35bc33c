// Command peer compares this server with PostGraphile 5.1.5 serving a copy of the same database
// (scripts/bench-peer.sh starts both). Three steps:
//
//	peer compare  both servers answer the same data: page 1 and every following page of the units
//	              list (each walked with its own cursors), 200 units with their inspections and
//	              hazards, the counties with their unit counts
//	peer run      timed closed-loop runs of the same logical requests, alternating A B A B, with
//	              the server processes' CPU and their PostgreSQL backends' CPU per request
//	peer report   writes the ratios into docs/benchmarks.md between the peer markers
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

type config struct {
	goURL, pglURL, token string
	goDB, pglDB          string // database URLs (Q3's unit ids, backend CPU by database name)
	year                 int
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.goURL, "go", "", "this server's /graphql URL")
	fs.StringVar(&c.pglURL, "pgl", "", "PostGraphile's /graphql URL")
	fs.StringVar(&c.token, "token", "", "access token for this server (city_admin)")
	fs.StringVar(&c.goDB, "go-db", "", "this server's database URL")
	fs.StringVar(&c.pglDB, "pgl-db", "", "PostGraphile's database URL")
	fs.IntVar(&c.year, "year", time.Now().Year(), "year of incidentCount and zeroAccident")
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peer compare|run|report [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "compare":
		err = compareCmd(os.Args[2:])
	case "run":
		err = runCmd(os.Args[2:])
	case "report":
		err = reportCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func body(doc string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

// kinds builds the requests: q2 units page, q3 one unit (200 ids drawn from all units, archived
// ones too), qc counties, q0 { __typename }.
func kinds(ctx context.Context, c config, want map[string]bool) ([]kind, error) {
	var out []kind
	if want["q2"] {
		v := map[string]any{"first": 50, "year": c.year}
		out = append(out, kind{id: "q2", title: "units page (50 units, every nested field)",
			variants: []request{{body(goUnitsPage, v), body(pglUnitsPage, v)}}})
	}
	if want["q3"] {
		ids, err := unitIDs(ctx, c.goDB)
		if err != nil {
			return nil, err
		}
		k := kind{id: "q3", title: "one unit with officers and its last 20 inspections with hazards"}
		for _, id := range ids {
			k.variants = append(k.variants, request{body(goUnit, map[string]any{"id": strconv.FormatInt(id, 10)}),
				body(pglUnit, map[string]any{"id": strconv.FormatInt(id, 10)})})
		}
		out = append(out, k)
	}
	if want["qc"] {
		out = append(out, kind{id: "qc", title: "counties with unit counts", variants: []request{{body(goCounties, nil), body(pglCounties, nil)}}})
	}
	if want["q0"] {
		out = append(out, kind{id: "q0", title: "`{ __typename }` (this server with a token)", variants: []request{{body(typename, nil), body(typename, nil)}}})
	}
	return out, nil
}

func unitIDs(ctx context.Context, url string) ([]int64, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect for unit ids: %w", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT id FROM units ORDER BY md5(id::text) LIMIT 200`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}, Timeout: 60 * time.Second}

// post sends one body and returns the answer's data; an HTTP error or a GraphQL error is an error.
func post(url, token string, b []byte) (json.RawMessage, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal(raw, &out) != nil || len(out.Errors) > 0 || len(out.Data) == 0 {
		return nil, fmt.Errorf("%s: HTTP %d: %.300s", url, res.StatusCode, raw)
	}
	return out.Data, nil
}

// ---------------------------------------------------------------------------------------------
// compare

// normalize removes the differences that are only naming: PostGraphile's `nodes` wrappers, its
// totalCount object for a count, enum case; cursors are each server's own and are dropped.
func normalize(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if n, ok := x["nodes"]; ok {
				return normalize(n, key)
			}
			if t, ok := x["totalCount"]; ok && key == "unitCount" {
				return t
			}
		}
		out := map[string]any{}
		for k, e := range x {
			if k == "cursor" || k == "startCursor" || k == "endCursor" {
				continue
			}
			out[k] = normalize(e, k)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e, key)
		}
		return out
	case string:
		if key == "targetGroup" {
			return strings.ToUpper(x)
		}
		return x
	}
	return v
}

func decode(raw json.RawMessage) (map[string]any, error) {
	var m map[string]any
	err := json.Unmarshal(raw, &m)
	return m, err
}

// differences lists where a and b differ (at most 10 lines).
func differences(a, b any, path string, out *[]string) {
	if len(*out) >= 10 {
		return
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, path+": object against "+fmt.Sprintf("%T", b))
			return
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			differences(x[k], y[k], path+"."+k, out)
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			*out = append(*out, fmt.Sprintf("%s: list of %d against %v", path, len(x), b))
			return
		}
		for i := range x {
			differences(x[i], y[i], fmt.Sprintf("%s[%d]", path, i), out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: this server %v, PostGraphile %v", path, a, b))
		}
	}
}

func compareOne(c config, r request) ([]string, map[string]any, map[string]any, error) {
	gr, err := post(c.goURL, c.token, r.goBody)
	if err != nil {
		return nil, nil, nil, err
	}
	pr, err := post(c.pglURL, "", r.pglBody)
	if err != nil {
		return nil, nil, nil, err
	}
	g, err := decode(gr)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := decode(pr)
	if err != nil {
		return nil, nil, nil, err
	}
	var d []string
	differences(normalize(g, ""), normalize(p, ""), "", &d)
	return d, g, p, nil
}

func compareCmd(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ExitOnError)
	var c config
	c.flags(fs)
	fs.Parse(args)
	ctx := context.Background()
	ks, err := kinds(ctx, c, map[string]bool{"q3": true, "qc": true})
	if err != nil {
		return err
	}
	bad := 0
	for _, k := range ks {
		n := 0
		for _, v := range k.variants {
			d, _, _, err := compareOne(c, v)
			if err != nil {
				return err
			}
			bad += len(d)
			n++
			for _, l := range d {
				fmt.Printf("  [%s] %s\n", k.id, l)
			}
		}
		fmt.Printf("[%s] %d requests compared\n", k.id, n)
	}
	// every page of the active units, each server following its own cursors; hasPreviousPage is
	// left out: after a cursor this server says true and PostGraphile false (Relay allows both)
	pages, units := 0, 0
	var goAfter, pglAfter any
	for {
		v := func(after any) map[string]any { return map[string]any{"first": 50, "year": c.year, "after": after} }
		d, g, p, err := compareOne(c, request{body(goUnitsPage, v(goAfter)), body(pglUnitsPage, v(pglAfter))})
		if err != nil {
			return err
		}
		gu, pu := g["units"].(map[string]any), p["units"].(map[string]any)
		gi, pi := gu["pageInfo"].(map[string]any), pu["pageInfo"].(map[string]any)
		kept := d[:0]
		for _, l := range d {
			if !strings.HasPrefix(l, ".units.pageInfo.hasPreviousPage") {
				kept = append(kept, l)
			}
		}
		bad += len(kept)
		for _, l := range kept {
			fmt.Printf("  [q2 page %d] %s\n", pages+1, l)
		}
		pages++
		units += len(gu["edges"].([]any))
		if len(kept) > 0 || gi["hasNextPage"] != true {
			break
		}
		goAfter, pglAfter = gi["endCursor"], pi["endCursor"]
	}
	fmt.Printf("[q2] %d pages, %d units compared\n", pages, units)
	if bad > 0 {
		return fmt.Errorf("the servers answer differently (%d differences)", bad)
	}
	fmt.Println("EQUAL")
	return nil
}

// ---------------------------------------------------------------------------------------------
// run

// result is one timed run of one server.
type result struct {
	Query, Server      string
	Clients, Round     int
	Seconds            float64
	N, Errors          int
	RPS, P50, P95, P99 float64
	ServerCPUms        float64 // per request
	DBCPUms            float64 // per request, the backends of the server's database
	Load1              float64
	FirstError         string `json:",omitempty"`
}

// load runs clients closed-loop for d: each sends its next request when it has read the answer.
func load(url, token string, bodies [][]byte, clients int, d time.Duration) (lat []time.Duration, errs int, elapsed time.Duration, firstErr string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errCount atomic.Int64
	start := time.Now()
	deadline := start.Add(d)
	for i := range clients {
		wg.Go(func() {
			var mine []time.Duration
			for j := i; time.Now().Before(deadline); j++ {
				t := time.Now()
				_, err := post(url, token, bodies[j%len(bodies)])
				if err != nil {
					if errCount.Add(1) == 1 {
						mu.Lock()
						firstErr = err.Error()
						mu.Unlock()
					}
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return lat, int(errCount.Load()), time.Since(start), firstErr
}

func pct(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i].Microseconds()) / 1000
}

func runCmd(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	var c config
	c.flags(fs)
	goPID := fs.Int("go-pid", 0, "this server's process id")
	pglPID := fs.Int("pgl-pid", 0, "PostGraphile's process id")
	queries := fs.String("queries", "q2,q3,qc,q0", "which requests")
	clientsFlag := fs.String("clients", "1,16", "concurrent clients")
	rounds := fs.Int("rounds", 2, "A B rounds per request and clients")
	seconds := fs.Float64("seconds", 10, "seconds per run")
	warmup := fs.Float64("warmup", 2, "seconds of warm-up per server, not recorded")
	out := fs.String("out", "", "results file (JSON lines)")
	fs.Parse(args)
	want := map[string]bool{}
	for _, q := range strings.Split(*queries, ",") {
		want[strings.TrimSpace(q)] = true
	}
	var clients []int
	for _, s := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-clients: %q", s)
		}
		clients = append(clients, n)
	}
	ctx := context.Background()
	ks, err := kinds(ctx, c, want)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	type server struct {
		name, url, token, db string
		pid                  int
	}
	servers := []server{{"go", c.goURL, c.token, dbName(c.goDB), *goPID}, {"pgl", c.pglURL, "", dbName(c.pglDB), *pglPID}}
	for _, k := range ks {
		for _, n := range clients {
			for _, s := range servers {
				load(s.url, s.token, bodiesOf(k, s.name), n, time.Duration(*warmup*float64(time.Second)))
			}
			for round := 1; round <= *rounds; round++ {
				for _, s := range servers {
					bodies := bodiesOf(k, s.name)
					cpu0, err := procCPU(s.pid)
					if err != nil {
						return err
					}
					db := newBackendCPU(s.db)
					lat, errs, el, first := load(s.url, s.token, bodies, n, time.Duration(*seconds*float64(time.Second)))
					dbms := db.stop()
					cpu1, err := procCPU(s.pid)
					if err != nil {
						return err
					}
					sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
					r := result{Query: k.id, Server: s.name, Clients: n, Round: round, Seconds: el.Seconds(), N: len(lat), Errors: errs,
						RPS: float64(len(lat)) / el.Seconds(), P50: pct(lat, .5), P95: pct(lat, .95), P99: pct(lat, .99),
						Load1: load1(), FirstError: first}
					if len(lat) > 0 {
						r.ServerCPUms = (cpu1 - cpu0).Seconds() * 1000 / float64(len(lat))
						r.DBCPUms = dbms / float64(len(lat))
					}
					if err := enc.Encode(r); err != nil {
						return err
					}
					fmt.Printf("[%s c=%2d %-3s round %d] %8.1f req/s  p50 %7.2f  p95 %7.2f ms  server CPU/req %6.2f ms  db CPU/req %6.2f ms  errors %d  load %.1f\n",
						r.Query, n, s.name, round, r.RPS, r.P50, r.P95, r.ServerCPUms, r.DBCPUms, errs, r.Load1)
				}
			}
		}
	}
	return nil
}

func bodiesOf(k kind, server string) [][]byte {
	out := make([][]byte, len(k.variants))
	for i, v := range k.variants {
		if server == "go" {
			out[i] = v.goBody
		} else {
			out[i] = v.pglBody
		}
	}
	return out
}

func dbName(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return ""
	}
	return cfg.Database
}
