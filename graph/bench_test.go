package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"zeroaccident/server/apptest"
)

// unitsPageDoc is Q2 of scripts/bench: a page of 50 units with every nested field the units list shows.
const unitsPageDoc = `query UnitsPage($first: Int!, $after: String, $filter: UnitFilter, $year: Int!) {
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

// benchPost sends one GraphQL request through the real server and fails on anything but a clean answer.
func benchPost(b *testing.B, app *apptest.App, token string, body []byte) {
	req, err := http.NewRequest(http.MethodPost, app.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	// uncompressed, so the figures compare with those before gzip (Go's client would ask for it)
	req.Header.Set("Accept-Encoding", "identity")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || bytes.Contains(raw, []byte(`"errors"`)) {
		b.Fatalf("status %d, err %v: %.300s", res.StatusCode, err, raw)
	}
}

// BenchmarkUnitsPage runs the benchmark's units page (Q2) through the whole server (HTTP, session
// check, GraphQL, PostgreSQL) as the city admin, with the session check's cache on as in `serve`. Its CPU profile (-cpuprofile) and allocations per
// page are the repeatable measure of what the Go layer costs per request; the client's share is small.
func BenchmarkUnitsPage(b *testing.B) {
	app := apptest.MustStart(b, apptest.Options{WatchSessions: true})
	<-app.Accounts.WaitWatching()
	token := app.MustLogin(b, "city_admin").AccessToken
	body, err := json.Marshal(map[string]any{"query": unitsPageDoc, "variables": map[string]any{"first": 50, "year": 2025}})
	if err != nil {
		b.Fatal(err)
	}
	benchPost(b, app, token, body)
	loop(b, func() { benchPost(b, app, token, body) })
}

// BenchmarkTypename is the smallest signed-in request: what every request pays before its fields.
func BenchmarkTypename(b *testing.B) {
	app := apptest.MustStart(b, apptest.Options{WatchSessions: true})
	<-app.Accounts.WaitWatching()
	token := app.MustLogin(b, "city_admin").AccessToken
	body := []byte(`{"query":"{ __typename }"}`)
	benchPost(b, app, token, body)
	loop(b, func() { benchPost(b, app, token, body) })
}

// loop runs the request b.N times and reports, besides time and allocations, the CPU time of the
// test process per request (server and client share it; the client's part is small). On a shared
// machine CPU time per request is steadier than the time per request.
func loop(b *testing.B, request func()) {
	b.ReportAllocs()
	before := cpuTime(b)
	n := 0
	for b.Loop() {
		request()
		n++
	}
	b.ReportMetric(float64((cpuTime(b)-before).Microseconds())/1000/float64(n), "cpu-ms/op")
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// unitPageDoc is one unit with its profile and its last 20 inspections with their hazards (the
// peer comparison's q3, scripts/bench/peer).
const unitPageDoc = `query UnitLite($id: ID!) {
  unit(id: $id) {
    id name address creditCode principalName principalPhone cityLevel enrolledOn archivedOn version
    county { code name } town { code name } sector { number name } category { code name targetGroup }
    safetyOfficers { id name phone fullTime }
    inspections(first: 20) { edges { node {
      id inspectedOn kind inspectorName inspectingBody summary
      hazards { id level state description category foundOn deadline responsiblePerson rectificationPlan closedOn version }
    } } }
  }
}`

// BenchmarkUnitPage is one unit's page: three levels of nested lists below a root field.
func BenchmarkUnitPage(b *testing.B) {
	app := apptest.MustStart(b, apptest.Options{WatchSessions: true})
	<-app.Accounts.WaitWatching()
	token := app.MustLogin(b, "city_admin").AccessToken
	var id int64
	// the unit with the most inspections (the test data may have none: then the first unit)
	if err := app.DB.Raw(context.Background(), &id, `SELECT u.id FROM units u LEFT JOIN inspections i ON i.unit_id = u.id
		GROUP BY 1 ORDER BY count(i.id) DESC, 1 LIMIT 1`); err != nil || id == 0 {
		b.Fatalf("no unit: %v", err)
	}
	body, err := json.Marshal(map[string]any{"query": unitPageDoc, "variables": map[string]any{"id": id}})
	if err != nil {
		b.Fatal(err)
	}
	benchPost(b, app, token, body)
	loop(b, func() { benchPost(b, app, token, body) })
}
