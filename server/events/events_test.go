package events_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var seq atomic.Int64

// newVillage registers a village of 朔城区 enrolled on the baseline date and returns its id.
func newVillage(t *testing.T, app *apptest.App, token string) string {
	t.Helper()
	var out struct{ CreateUnit struct{ ID string } }
	app.Query(t, token, `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, map[string]any{"i": map[string]any{
		"name": fmt.Sprintf("事件测试村%d", seq.Add(1)), "categoryCode": "village_community", "sectorNumber": 18,
		"countyCode": "140602", "townCode": "140602100", "address": "神头镇", "principalName": "村主任",
		"principalPhone": "13912341119", "enrolledOn": "2019-12-31",
	}}).MustDecode(t, &out)
	return out.CreateUnit.ID
}

func allMet() []map[string]any {
	var results []map[string]any
	for _, code := range []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"} {
		results = append(results, map[string]any{"standardCode": code, "result": "MET"})
	}
	return results
}

type hazard struct {
	ID          string
	State       string
	Version     int
	Overdue     bool
	Transitions []struct {
		From, To, ActorName, Note string
		Reopened                  bool
	}
}

const hazardFields = `id state version overdue transitions { from to actorName note reopened }`

// The closed loop of a major hazard, as a county office works it.
func TestMajorHazardLoop(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	county := app.MustLogin(t, "county_admin_140602").AccessToken
	city := app.MustLogin(t, "city_admin").AccessToken
	unit := newVillage(t, app, county)
	var rec struct {
		RecordInspection struct {
			Hazards []hazard
			Results []struct {
				Standard struct{ Code string }
				Result   string
			}
		}
	}
	app.Query(t, county, `mutation($i: InspectionInput!) { recordInspection(input: $i) { results { standard { code } result } hazards { `+hazardFields+` } } }`,
		map[string]any{"i": map[string]any{"unitId": unit, "inspectedOn": "2021-03-15", "kind": "COUNTY", "inspectingBody": "朔城区安委办",
			"results": allMet(), "hazards": []map[string]any{{"level": "MAJOR", "description": "村内燃气管道穿越民房"}}}}).MustDecode(t, &rec)
	h := rec.RecordInspection.Hazards[0]
	if len(rec.RecordInspection.Results) != 10 || h.State != "FOUND" || len(h.Transitions) != 1 {
		t.Fatalf("recorded: %+v", rec)
	}
	advance := func(token string, vars map[string]any) apptest.Result {
		vars["id"] = h.ID
		vars["version"] = h.Version
		return app.Query(t, token, `mutation($in: AdvanceHazardInput!) { advanceHazard(input: $in) { `+hazardFields+` } }`, map[string]any{"in": vars})
	}
	step := func(token string, vars map[string]any) {
		t.Helper()
		var out struct{ AdvanceHazard hazard }
		advance(token, vars).MustDecode(t, &out)
		h = out.AdvanceHazard
	}
	// a major hazard needs its plan, responsible person and deadline before rectification starts
	if res := advance(county, map[string]any{"to": "RECTIFYING"}); res.Code() != campaign.EINVALID || res.Field() != "rectificationPlan" {
		t.Fatalf("rectifying without a plan: %+v", res.Errors)
	}
	if res := advance(county, map[string]any{"to": "VERIFIED"}); res.Code() != campaign.EINVALID {
		t.Fatalf("a major hazard verified on the spot: %+v", res.Errors)
	}
	step(county, map[string]any{"to": "RECTIFYING", "rectificationPlan": "改线并加装报警器", "responsiblePerson": "村主任", "deadline": "2021-04-30", "note": "已制定方案"})
	if res := advance(county, map[string]any{"to": "VERIFIED"}); res.Code() != campaign.EINVALID || res.Field() != "to" {
		t.Fatalf("the rectification reporter verified their own work: %+v", res.Errors)
	}
	if res := advance(county, map[string]any{"to": "CLOSED"}); res.Code() != campaign.EINVALID {
		t.Fatalf("closed before verification: %+v", res.Errors)
	}
	step(city, map[string]any{"to": "VERIFIED", "note": "验收合格"})
	step(county, map[string]any{"to": "CLOSED", "note": "销号"})
	if h.State != "CLOSED" || h.Overdue || len(h.Transitions) != 4 || h.Transitions[2].ActorName != "city_admin" || h.Transitions[3].Note != "销号" {
		t.Fatalf("after the loop: %+v", h)
	}
	// stale version
	if res := app.Query(t, county, `mutation($id: ID!) { reopenHazard(id: $id, version: 1, reason: "复查未整改") { state } }`, map[string]any{"id": h.ID}); res.Code() != campaign.ECONFLICT {
		t.Fatalf("reopen with a stale version: %+v", res.Errors)
	}
	var re struct{ ReopenHazard hazard }
	app.Query(t, county, `mutation($id: ID!, $v: Int!) { reopenHazard(id: $id, version: $v, reason: "复查发现管道仍穿越民房") { `+hazardFields+` } }`,
		map[string]any{"id": h.ID, "v": h.Version}).MustDecode(t, &re)
	last := re.ReopenHazard.Transitions[len(re.ReopenHazard.Transitions)-1]
	if re.ReopenHazard.State != "FOUND" || !last.Reopened || last.From != "CLOSED" {
		t.Fatalf("reopened: %+v", re.ReopenHazard)
	}
	// the deadline has passed and the hazard is open again: overdue, and listed as such
	if !re.ReopenHazard.Overdue {
		t.Fatal("a reopened hazard past its deadline is not overdue")
	}
	var list struct {
		Hazards struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	app.Query(t, county, `query($u: ID!) { hazards(filter: {unitId: $u, overdue: true, level: MAJOR}) { edges { node { id } } } }`, map[string]any{"u": unit}).MustDecode(t, &list)
	if len(list.Hazards.Edges) != 1 || list.Hazards.Edges[0].Node.ID != h.ID {
		t.Fatalf("overdue list: %+v", list)
	}
	var actions []string
	if err := app.DB.Raw(context.Background(), &actions, "SELECT action FROM audit_log WHERE entity = 'hazard' AND entity_id = ? ORDER BY id", h.ID); err != nil {
		t.Fatal(err)
	}
	if strings.Join(actions, ",") != "advanceHazard,advanceHazard,advanceHazard,reopenHazard" {
		t.Fatalf("audit: %v", actions)
	}
}

func TestInspectionNeedsEveryStandard(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	unit := newVillage(t, app, token)
	res := app.Query(t, token, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`, map[string]any{"i": map[string]any{
		"unitId": unit, "inspectedOn": "2021-03-15", "kind": "SELF_CHECK", "inspectingBody": "村委会", "results": allMet()[:9]}})
	if res.Code() != campaign.EINVALID || res.Field() != "results" {
		t.Fatalf("nine standards: %+v", res.Errors)
	}
	var n int
	if err := app.DB.Raw(context.Background(), &n, "SELECT count(*) FROM inspections WHERE unit_id = ?", unit); err != nil || n != 0 {
		t.Fatalf("refused inspection written: %d %v", n, err)
	}
}

type unitYear struct {
	Year                            int
	Active, ZeroAccident, Certified bool
	Incidents                       int
}

func history(t *testing.T, app *apptest.App, token, unit string) map[int]unitYear {
	t.Helper()
	var out struct{ Unit struct{ History []unitYear } }
	app.Query(t, token, `query($id: ID!) { unit(id: $id) { history { year active zeroAccident certified incidents } } }`, map[string]any{"id": unit}).MustDecode(t, &out)
	m := map[int]unitYear{}
	for _, y := range out.Unit.History {
		m[y.Year] = y
	}
	return m
}

func report(t *testing.T, app *apptest.App, token, unit, at string, deaths int) string {
	t.Helper()
	var out struct {
		ReportIncident struct {
			ID       string
			Severity string
		}
	}
	app.Query(t, token, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id severity } }`, map[string]any{"i": map[string]any{
		"unitId": unit, "occurredAt": at, "kind": "火灾", "deaths": deaths, "seriousInjuries": 0, "injuries": 0, "directLossWan": 1.5}}).MustDecode(t, &out)
	return out.ReportIncident.Severity
}

func TestVeto(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken

	t.Run("an incident on 31 December vetoes that year, not the next", func(t *testing.T) {
		unit := newVillage(t, app, token)
		if sev := report(t, app, token, unit, "2021-12-31T23:30:00+08:00", 3); sev != "LARGER" {
			t.Fatalf("3 deaths classed %s", sev)
		}
		h := history(t, app, token, unit)
		if h[2021].ZeroAccident || h[2021].Incidents != 1 || !h[2022].ZeroAccident || !h[2020].ZeroAccident {
			t.Fatalf("history: %+v", h)
		}
	})
	t.Run("the year is China Standard Time", func(t *testing.T) {
		unit := newVillage(t, app, token)
		report(t, app, token, unit, "2021-12-31T16:30:00Z", 0) // 2022-01-01 00:30 in Shuozhou
		h := history(t, app, token, unit)
		if !h[2021].ZeroAccident || h[2022].ZeroAccident {
			t.Fatalf("history: %+v", h)
		}
	})
	t.Run("an archived unit stops counting", func(t *testing.T) {
		unit := newVillage(t, app, token)
		app.Query(t, token, `mutation($id: ID!) { archiveUnit(id: $id, version: 1, archivedOn: "2021-06-30") { id } }`, map[string]any{"id": unit}).MustDecode(t, &struct{}{})
		h := history(t, app, token, unit)
		if !h[2021].Active || !h[2021].ZeroAccident || h[2022].Active || h[2022].ZeroAccident {
			t.Fatalf("history: %+v", h)
		}
	})
	t.Run("a late incident withdraws the certification", func(t *testing.T) {
		unit := newVillage(t, app, token)
		var cert struct{ CertifyUnits struct{ Certified int } }
		app.Query(t, token, `mutation($id: ID!) { certifyUnits(year: 2021, unitIds: [$id]) { certified } }`, map[string]any{"id": unit}).MustDecode(t, &cert)
		if cert.CertifyUnits.Certified != 1 || !history(t, app, token, unit)[2021].Certified {
			t.Fatalf("certification: %+v", cert)
		}
		report(t, app, token, unit, "2021-08-08T08:00:00+08:00", 0)
		if y := history(t, app, token, unit)[2021]; y.Certified || y.ZeroAccident {
			t.Fatalf("after a late incident: %+v", y)
		}
		var withdrawn int
		if err := app.DB.Raw(context.Background(), &withdrawn, "SELECT count(*) FROM audit_log WHERE action = 'withdrawCertification' AND entity_id = ?", unit); err != nil || withdrawn != 1 {
			t.Fatalf("withdrawal audited %d times (%v)", withdrawn, err)
		}
		// and a vetoed year cannot be certified again
		res := app.Query(t, token, `mutation($id: ID!) { certifyUnits(year: 2021, unitIds: [$id]) { certified } }`, map[string]any{"id": unit})
		if res.Code() != campaign.EINVALID || res.Field() != "unitIds.0" {
			t.Fatalf("certifying a vetoed year: %+v", res.Errors)
		}
	})
	t.Run("a year not yet over cannot be certified", func(t *testing.T) {
		unit := newVillage(t, app, token)
		res := app.Query(t, token, `mutation($id: ID!) { certifyUnits(year: 2026, unitIds: [$id]) { certified } }`, map[string]any{"id": unit})
		if res.Code() != campaign.EINVALID || res.Field() != "year" {
			t.Fatalf("%+v", res.Errors)
		}
	})
}

func TestIncidentInputRefused(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	unit := newVillage(t, app, token)
	for field, edit := range map[string]func(map[string]any){
		"deaths":        func(m map[string]any) { m["deaths"] = -1 },
		"directLossWan": func(m map[string]any) { m["directLossWan"] = -0.01 },
		"occurredAt":    func(m map[string]any) { m["occurredAt"] = "2099-01-01T00:00:00+08:00" },
		"kind":          func(m map[string]any) { m["kind"] = " " },
	} {
		in := map[string]any{"unitId": unit, "occurredAt": "2021-05-01T10:00:00+08:00", "kind": "火灾", "deaths": 0, "seriousInjuries": 0, "injuries": 0, "directLossWan": 0}
		edit(in)
		res := app.Query(t, token, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, map[string]any{"i": in})
		if res.Code() != campaign.EINVALID || res.Field() != field {
			t.Errorf("%s: %+v", field, res.Errors)
		}
	}
	var n int
	if err := app.DB.Raw(context.Background(), &n, "SELECT count(*) FROM incidents WHERE unit_id = ?", unit); err != nil || n != 0 {
		t.Fatalf("refused incidents written: %d %v", n, err)
	}
}

func TestBlacklist(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	county := app.MustLogin(t, "county_admin_140602").AccessToken
	dept := app.MustLogin(t, "dept_agriculture_rural").AccessToken // leads sector 18, the villages'
	unit := newVillage(t, app, county)
	if code := app.Query(t, county, `mutation($id: ID!) { blacklistUnit(unitId: $id, reason: "瞒报事故") { id } }`, map[string]any{"id": unit}).Code(); code != campaign.EFORBIDDEN {
		t.Fatalf("a county admin blacklisted: %q", code)
	}
	var out struct {
		BlacklistUnit struct{ ID, DecidedBy string }
	}
	app.Query(t, dept, `mutation($id: ID!) { blacklistUnit(unitId: $id, reason: "瞒报事故") { id decidedBy } }`, map[string]any{"id": unit}).MustDecode(t, &out)
	if res := app.Query(t, dept, `mutation($id: ID!) { blacklistUnit(unitId: $id, reason: "再次列入") { id } }`, map[string]any{"id": unit}); res.Code() != campaign.EINVALID {
		t.Fatalf("listed twice: %+v", res.Errors)
	}
	listed := func() bool {
		var u struct{ Unit struct{ Blacklisted bool } }
		app.Query(t, county, `query($id: ID!) { unit(id: $id) { blacklisted } }`, map[string]any{"id": unit}).MustDecode(t, &u)
		return u.Unit.Blacklisted
	}
	if !listed() || out.BlacklistUnit.DecidedBy != "市农业农村局" {
		t.Fatalf("after listing: %+v", out)
	}
	app.Query(t, dept, `mutation($id: ID!) { removeFromBlacklist(entryId: $id, reason: "整改到位") { removedOn } }`, map[string]any{"id": out.BlacklistUnit.ID}).MustDecode(t, &struct{}{})
	if listed() {
		t.Fatal("still listed after removal")
	}
}
