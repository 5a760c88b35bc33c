package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

const demoPassword = "Demo@2026"

// world is what the clients work on, read once before the run.
type world struct {
	counties  []string // county codes that have a county admin
	standards []string // the 10 creation standards
	// hot units per county: a few units that the county's writers edit, so that two writers of
	// one county meet on the same rows (CONFLICT is an expected outcome)
	hotUnits map[string][]int64
	// tokens by username, logged in once
	tokens map[string]string
	// readers' accounts
	readers []string
}

func prepare(ctx context.Context, base string, db *pgx.Conn, clients int) (*world, error) {
	w := &world{hotUnits: map[string][]int64{}, tokens: map[string]string{}}
	rows, err := db.Query(ctx, `SELECT code FROM counties WHERE NOT synthetic ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("counties: %w", err)
	}
	if w.counties, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, err
	}
	if len(w.counties) == 0 {
		return nil, errors.New("no counties: was the database seeded?")
	}
	rows, err = db.Query(ctx, `SELECT code FROM creation_standards ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("creation standards: %w", err)
	}
	if w.standards, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, err
	}
	for _, c := range w.counties {
		rows, err := db.Query(ctx, `SELECT id FROM units WHERE county_code = $1 AND archived_on IS NULL ORDER BY id LIMIT 12`, c)
		if err != nil {
			return nil, fmt.Errorf("units of %s: %w", c, err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, fmt.Errorf("county %s has no units: was the database seeded?", c)
		}
		w.hotUnits[c] = ids
	}
	w.readers = []string{"analyst", "city_admin"}
	rows, err = db.Query(ctx, `SELECT username FROM users WHERE username LIKE 'dept\_%' ORDER BY username LIMIT 4`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	depts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	w.readers = append(w.readers, depts...)

	users := append([]string{}, w.readers...)
	for _, c := range w.counties {
		users = append(users, "county_admin_"+c)
	}
	g := &gql{base: base, http: newHTTPClient(clients)}
	for _, u := range users {
		var out struct{ Login struct{ AccessToken string } }
		outcome, err := g.do(ctx, "", `mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
			map[string]any{"u": u, "p": demoPassword}, &out)
		if err != nil || outcome != "ok" {
			return nil, fmt.Errorf("log in as %s: %s %v (were the demo users seeded with `seed --demo`?)", u, outcome, err)
		}
		w.tokens[u] = out.Login.AccessToken
	}
	return w, nil
}

func newHTTPClient(clients int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = clients
	// a request never waits longer than this: a hang would show as a "transport" error
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// --- GraphQL over HTTP ----------------------------------------------------------------------------

type gql struct {
	base  string
	token string
	http  *http.Client
}

type gqlError struct {
	Message    string
	Extensions struct{ Code string }
}

// do sends one operation and returns its outcome: "ok", the first error's extensions.code (with
// the HTTP status when it is not 200), "HTTP <status>" for a non-JSON answer, or "transport" when
// no answer came.
func (g *gql) do(ctx context.Context, token, query string, vars map[string]any, out any) (string, error) {
	return g.doKeyed(ctx, token, "", query, vars, out)
}

// doKeyed is do with an Idempotency-Key (none when key is empty).
func (g *gql) doKeyed(ctx context.Context, token, key, query string, vars map[string]any, out any) (string, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return "client", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return "client", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := g.http.Do(req)
	if err != nil {
		return "transport", err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return "transport", err
	}
	var resp struct {
		Data   json.RawMessage
		Errors []gqlError
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return "HTTP " + strconv.Itoa(res.StatusCode), fmt.Errorf("answer %d is not JSON: %.200s", res.StatusCode, raw)
	}
	if len(resp.Errors) > 0 {
		code := resp.Errors[0].Extensions.Code
		switch {
		case code == "":
			code = "HTTP " + strconv.Itoa(res.StatusCode)
		case res.StatusCode != http.StatusOK:
			// e.g. INTERNAL (HTTP 503): the token could not be checked
			code += " (HTTP " + strconv.Itoa(res.StatusCode) + ")"
		}
		return code, fmt.Errorf("%s: %s", code, resp.Errors[0].Message)
	}
	if res.StatusCode != http.StatusOK {
		return "HTTP " + strconv.Itoa(res.StatusCode), fmt.Errorf("status %d", res.StatusCode)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			return "client", fmt.Errorf("decode %.200s: %w", resp.Data, err)
		}
	}
	return "ok", nil
}

// --- the clients ----------------------------------------------------------------------------------

type sample struct {
	op      string
	at      time.Duration // since the start of the run
	took    time.Duration
	outcome string
}

type clientStats struct {
	samples []sample
	// retries of keyed writes whose outcome was unknown
	retries int
}

type client struct {
	id     int
	g      *gql
	w      *world
	led    *ledger
	stats  *clientStats
	start  time.Time
	rnd    *rand.Rand
	user   string
	county string // "" for readers
	seq    int
	// the hazards this client found, to walk through the closed loop
	hazards []*ownHazard
	// units seen in lists: a user opens the units the list showed (and may see: a department
	// user sees only its sectors)
	seen []string
}

type ownHazard struct {
	id      int64
	state   string
	version int
}

func newClient(i int, base string, w *world, led *ledger, stats *clientStats, start time.Time) *client {
	c := &client{
		id: i, w: w, led: led, stats: stats, start: start,
		g:   &gql{base: base, http: newHTTPClient(1)},
		rnd: rand.New(rand.NewPCG(uint64(i), 20260101)),
	}
	// even clients read (analyst, city admin, departments); odd ones are county admins, two of
	// them for the first county so that edits meet
	if i%2 == 0 {
		c.user = w.readers[(i/2)%len(w.readers)]
	} else {
		c.county = w.counties[(i/2)%len(w.counties)]
		c.user = "county_admin_" + c.county
	}
	c.g.token = w.tokens[c.user]
	return c
}

func (c *client) loop(stop time.Time) {
	for time.Now().Before(stop) {
		ctx, cancel := context.WithDeadline(context.Background(), stop.Add(30*time.Second))
		if c.county == "" {
			c.read(ctx)
		} else {
			switch p := c.rnd.IntN(100); {
			case p < 40:
				c.read(ctx)
			case p < 65:
				c.updateUnit(ctx)
			case p < 85:
				c.recordInspection(ctx)
			default:
				c.advanceHazard(ctx)
			}
		}
		cancel()
	}
}

// call runs one operation and records its latency and outcome.
func (c *client) call(ctx context.Context, op, query string, vars map[string]any, out any) string {
	return c.callKeyed(ctx, op, "", query, vars, out)
}

// callKeyed is call with an Idempotency-Key.
func (c *client) callKeyed(ctx context.Context, op, key, query string, vars map[string]any, out any) string {
	t0 := time.Now()
	outcome, _ := c.g.doKeyed(ctx, c.g.token, key, query, vars, out)
	c.stats.samples = append(c.stats.samples, sample{op: op, at: t0.Sub(c.start), took: time.Since(t0), outcome: outcome})
	if classify(outcome) == unknown {
		// the server or the database is in trouble: back off a little, as a browser user would
		time.Sleep(50 * time.Millisecond)
	}
	return outcome
}

const browseQuery = `query BrowseUnits($filter: UnitFilter, $after: String, $year: Int!) {
  units(filter: $filter, first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name category { name } county { name } town { name } openHazardCount zeroAccident(year: $year) blacklisted } }
  }
}`

const unitPageQuery = `query UnitPage($id: ID!) {
  unit(id: $id) {
    id name address principalName principalPhone cityLevel enrolledOn version
    category { code name } sector { number name } county { code name } town { code name }
    safetyOfficers { name phone fullTime }
    history { year zeroAccident certified }
    inspections(first: 5) { totalCount edges { node { id inspectedOn kind } } }
    hazards(first: 5) { totalCount edges { node { id state overdue } } }
    changeLog(first: 5) { totalCount edges { node { action at actorUsername } } }
  }
}`

const referenceQuery = `query Reference {
  counties { code name towns { code name } }
  sectors { number name leadDepartments { name } }
  unitCategories { code name targetGroup }
  targets { year village enterprise }
  creationStandards { code group text }
}`

func (c *client) read(ctx context.Context) {
	switch p := c.rnd.IntN(100); {
	case p < 45:
		// browse a few pages of a list, filtered the way the list page lets users filter
		filter := map[string]any{}
		switch c.rnd.IntN(4) {
		case 0:
			filter["countyCode"] = c.w.counties[c.rnd.IntN(len(c.w.counties))]
		case 1:
			filter["sectorNumber"] = 1 + c.rnd.IntN(25)
		case 2:
			filter["search"] = []string{"村", "社区", "公司", "学校"}[c.rnd.IntN(4)]
		}
		if c.county != "" {
			filter["countyCode"] = c.county
		}
		var after any
		for range 1 + c.rnd.IntN(3) {
			var out struct {
				Units struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node struct{ ID string } }
				}
			}
			if c.call(ctx, "browseUnits", browseQuery, map[string]any{"filter": filter, "after": after, "year": time.Now().Year()}, &out) != "ok" {
				break
			}
			for _, e := range out.Units.Edges {
				if len(c.seen) < 500 {
					c.seen = append(c.seen, e.Node.ID)
				} else {
					c.seen[c.rnd.IntN(len(c.seen))] = e.Node.ID
				}
			}
			if !out.Units.PageInfo.HasNextPage {
				break
			}
			after = out.Units.PageInfo.EndCursor
		}
	case p < 85:
		var id string
		switch {
		case c.county != "":
			id = strconv.FormatInt(c.w.hotUnits[c.county][c.rnd.IntN(len(c.w.hotUnits[c.county]))], 10)
		case len(c.seen) > 0:
			id = c.seen[c.rnd.IntN(len(c.seen))]
		default:
			return
		}
		c.call(ctx, "unitPage", unitPageQuery, map[string]any{"id": id}, nil)
	default:
		c.call(ctx, "reference", referenceQuery, nil, nil)
	}
}

const unitForEditQuery = `query UnitForEdit($id: ID!) {
  unit(id: $id) {
    id name address longitude latitude creditCode principalName principalPhone cityLevel enrolledOn version
    category { code } sector { number } county { code } town { code }
  }
}`

const updateUnitMutation = `mutation UpdateUnit($id: ID!, $version: Int!, $input: UnitInput!) {
  updateUnit(id: $id, version: $version, input: $input) { id name version }
}`

// updateUnit reads a unit and saves it with a new name under the version it read, as the edit
// form does. The name carries a token that identifies this attempt in the database afterwards.
func (c *client) updateUnit(ctx context.Context) {
	hot := c.w.hotUnits[c.county]
	id := hot[c.rnd.IntN(len(hot))]
	var u struct {
		Unit *struct {
			ID, Name, Address, EnrolledOn string
			Longitude, Latitude           *float64
			CreditCode                    *string
			PrincipalName, PrincipalPhone string
			CityLevel                     bool
			Version                       int
			Category, County, Town        struct{ Code string }
			Sector                        struct{ Number int }
		}
	}
	if c.call(ctx, "unitForEdit", unitForEditQuery, map[string]any{"id": strconv.FormatInt(id, 10)}, &u) != "ok" || u.Unit == nil {
		return
	}
	c.seq++
	token := fmt.Sprintf("L%d-%d", c.id, c.seq)
	base, _, _ := strings.Cut(u.Unit.Name, "·")
	name := base + "·" + token
	input := map[string]any{
		"name": name, "categoryCode": u.Unit.Category.Code, "sectorNumber": u.Unit.Sector.Number,
		"countyCode": u.Unit.County.Code, "townCode": u.Unit.Town.Code, "address": u.Unit.Address,
		"longitude": u.Unit.Longitude, "latitude": u.Unit.Latitude, "creditCode": u.Unit.CreditCode,
		"principalName": u.Unit.PrincipalName, "principalPhone": u.Unit.PrincipalPhone,
		"cityLevel": u.Unit.CityLevel, "enrolledOn": u.Unit.EnrolledOn,
	}
	var out struct {
		UpdateUnit struct {
			ID, Name string
			Version  int
		}
	}
	outcome := c.call(ctx, "updateUnit", updateUnitMutation, map[string]any{"id": u.Unit.ID, "version": u.Unit.Version, "input": input}, &out)
	c.led.unitUpdate(id, token, name, u.Unit.Version, out.UpdateUnit.Version, outcome)
}

const recordInspectionMutation = `mutation RecordInspection($input: InspectionInput!) {
  recordInspection(input: $input) { id unit { id } results { standard { code } result } hazards { id state version } }
}`

var inspectionKinds = []string{"SELF_CHECK", "DEPARTMENT", "COUNTY", "SUPERVISION", "UNANNOUNCED", "EXPERT"}

// recordInspection records an inspection with a result for each of the 10 standards and, one
// time in two, a general hazard (which this client then walks through the closed loop).
func (c *client) recordInspection(ctx context.Context) {
	hot := c.w.hotUnits[c.county]
	unit := hot[c.rnd.IntN(len(hot))]
	c.seq++
	token := fmt.Sprintf("load:%d-%d", c.id, c.seq)
	results := make([]map[string]any, len(c.w.standards))
	for i, s := range c.w.standards {
		r := "MET"
		if c.rnd.IntN(10) == 0 {
			r = "NOT_MET"
		}
		results[i] = map[string]any{"standardCode": s, "result": r}
	}
	var hazards []map[string]any
	if c.rnd.IntN(2) == 0 {
		hazards = []map[string]any{{"level": "GENERAL", "description": "消防通道堆放杂物 (" + token + ")", "category": "消防"}}
	}
	yesterday := time.Now().In(chinaTime).AddDate(0, 0, -1).Format(time.DateOnly)
	input := map[string]any{
		"unitId": strconv.FormatInt(unit, 10), "inspectedOn": yesterday, "kind": inspectionKinds[c.rnd.IntN(len(inspectionKinds))],
		"inspectingBody": "县应急管理局", "summary": token, "results": results, "hazards": hazards,
	}
	var out struct {
		RecordInspection struct {
			ID      string
			Unit    struct{ ID string }
			Results []struct{ Result string }
			Hazards []struct {
				ID      string
				State   string
				Version int
			}
		}
	}
	// the inspection carries its token as Idempotency-Key and is retried, body unchanged, until
	// the answer is definite: through a database restart it is then stored exactly once
	outcome := c.callKeyed(ctx, "recordInspection", token, recordInspectionMutation, map[string]any{"input": input}, &out)
	for tries := 1; classify(outcome) == unknown && ctx.Err() == nil && tries < 100; tries++ {
		c.stats.retries++
		time.Sleep(time.Duration(min(tries, 10)) * 100 * time.Millisecond)
		outcome = c.callKeyed(ctx, "recordInspection", token, recordInspectionMutation, map[string]any{"input": input}, &out)
	}
	var hazardIDs []int64
	if outcome == "ok" {
		for _, h := range out.RecordInspection.Hazards {
			id, _ := strconv.ParseInt(h.ID, 10, 64)
			hazardIDs = append(hazardIDs, id)
			c.hazards = append(c.hazards, &ownHazard{id: id, state: h.State, version: h.Version})
		}
	}
	id, _ := strconv.ParseInt(out.RecordInspection.ID, 10, 64)
	c.led.inspection(token, unit, id, len(out.RecordInspection.Results), len(hazards), hazardIDs, outcome)
}

const advanceHazardMutation = `mutation AdvanceHazard($input: AdvanceHazardInput!) {
  advanceHazard(input: $input) { id state version }
}`

const hazardQuery = `query Hazard($id: ID!) { hazard(id: $id) { id state version } }`

// next steps of a general hazard handled by one county admin: fixed on the spot (FOUND →
// VERIFIED), then closed (销号).
var nextState = map[string]string{"FOUND": "VERIFIED", "VERIFIED": "CLOSED"}

func (c *client) advanceHazard(ctx context.Context) {
	var h *ownHazard
	for len(c.hazards) > 0 {
		h = c.hazards[0]
		if nextState[h.state] != "" {
			break
		}
		c.hazards = c.hazards[1:] // closed: done with it
		h = nil
	}
	if h == nil {
		c.recordInspection(ctx)
		return
	}
	to := nextState[h.state]
	var out struct {
		AdvanceHazard struct {
			State   string
			Version int
		}
	}
	outcome := c.call(ctx, "advanceHazard", advanceHazardMutation, map[string]any{"input": map[string]any{
		"id": strconv.FormatInt(h.id, 10), "version": h.version, "to": to, "note": "现场整改完毕",
	}}, &out)
	c.led.transition(h.id, h.state, to, out.AdvanceHazard.Version, outcome)
	if outcome == "ok" {
		h.state, h.version = out.AdvanceHazard.State, out.AdvanceHazard.Version
	} else {
		// refused, or unknown whether it happened: read the hazard again before the next step
		c.resync(ctx, h)
	}
}

func (c *client) resync(ctx context.Context, h *ownHazard) {
	var out struct {
		Hazard *struct {
			State   string
			Version int
		}
	}
	if c.call(ctx, "hazard", hazardQuery, map[string]any{"id": strconv.FormatInt(h.id, 10)}, &out) == "ok" && out.Hazard != nil {
		h.state, h.version = out.Hazard.State, out.Hazard.Version
	}
}

var chinaTime = time.FixedZone("CST", 8*3600)
