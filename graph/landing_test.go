package graph_test

import (
	"testing"
	"time"

	"zeroaccident/server/apptest"
)

type statRow struct {
	Town                                                          *struct{ Code string }
	TargetGroup                                                   *string
	Units, ZeroAccidentUnits, Incidents, OpenHazards, Inspections int
	OverdueHazards, HazardsFound                                  int
}

// The landing pages' figures: a town admin's statistics (from the per-unit summaries) agree with
// its county's row for the town, a county's town filter gives the same, and the units' and
// towns' self-check and overdue counts agree with the to-do list.
func TestLandingFigures(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	own := townVillageID(t, app, "140602100")
	admin := app.MustLogin(t, cityAdmin).AccessToken
	year := time.Now().Year()
	vars := inspectionVars(own)
	// found the day before yesterday (of this year, unless today is 1 or 2 January), due yesterday
	vars["inspectedOn"] = time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
	vars["hazards"] = []map[string]any{{"level": "GENERAL", "description": "过期灭火器", "deadline": time.Now().AddDate(0, 0, -1).Format(time.DateOnly)}}
	app.Query(t, admin, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`, map[string]any{"i": vars}).MustDecode(t, &struct{}{})
	inc := incidentVars(own)
	inc["occurredAt"] = time.Now().Add(-time.Hour).Format(time.RFC3339)
	app.Query(t, admin, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, map[string]any{"i": inc}).MustDecode(t, &struct{}{})

	const fields = `town { code } targetGroup units zeroAccidentUnits incidents openHazards overdueHazards hazardsFound inspections`
	stats := func(token, groupBy, filter string) []statRow {
		t.Helper()
		var out struct{ Stats []statRow }
		app.Query(t, token, `query($y: Int!) { stats(year: $y, groupBy: [`+groupBy+`]`+filter+`) { `+fields+` } }`, map[string]any{"y": year}).MustDecode(t, &out)
		return out.Stats
	}
	county := app.MustLogin(t, countyAdmin).AccessToken
	town := app.MustLogin(t, townAdmin).AccessToken
	var countyRow statRow
	for _, r := range stats(county, "TOWN", "") {
		if r.Town != nil && r.Town.Code == "140602100" {
			countyRow = r
		}
	}
	mine := stats(town, "", "")
	filtered := stats(county, "", `, filter: {townCode: "140602100"}`)
	if len(mine) != 1 || len(filtered) != 1 {
		t.Fatalf("rows: %d and %d", len(mine), len(filtered))
	}
	strip := func(r statRow) statRow { r.Town = nil; return r }
	if strip(mine[0]) != strip(countyRow) || strip(filtered[0]) != strip(countyRow) {
		t.Errorf("神头镇: town admin %+v, county filter %+v, county row %+v", mine[0], filtered[0], countyRow)
	}
	if mine[0].Incidents < 1 || mine[0].OverdueHazards < 1 || mine[0].Units < 2 || mine[0].ZeroAccidentUnits >= mine[0].Units {
		t.Errorf("the town's figures miss what was recorded: %+v", mine[0])
	}
	// by target group, the zero-accident rate of the town's villages
	groups := stats(town, "TARGET_GROUP", "")
	if len(groups) == 0 {
		t.Fatal("no target group rows")
	}
	// the unit officer's statistics are its unit's
	if u := stats(app.MustLogin(t, unitOfficer).AccessToken, "", ""); len(u) != 1 || u[0].Units != 1 || u[0].Incidents < 1 {
		t.Errorf("the unit officer's figures: %+v", u)
	}
	var page struct {
		Unit struct {
			OverdueHazardCount, OpenHazardCount int
			SelfCheckedThisMonth                bool
			LastSelfCheckOn                     *string
		}
		County struct {
			Towns []struct {
				Code                         string
				SelfCheckDueCount, UnitCount int
			}
		}
		Town struct{ SelfCheckDueCount, UnitCount int }
	}
	app.Query(t, town, `query($id: ID!) { unit(id: $id) { overdueHazardCount openHazardCount selfCheckedThisMonth lastSelfCheckOn }
		county(code: "140602") { towns { code selfCheckDueCount unitCount } } }`, map[string]any{"id": own}).MustDecode(t, &page)
	for _, tw := range page.County.Towns {
		if tw.Code == "140602100" {
			page.Town.SelfCheckDueCount, page.Town.UnitCount = tw.SelfCheckDueCount, tw.UnitCount
		} else if tw.SelfCheckDueCount != 0 || tw.UnitCount != 0 {
			t.Errorf("the town admin counts units of town %s: %+v", tw.Code, tw)
		}
	}
	// inspectionVars records a COUNTY inspection, not a self-check
	if page.Unit.OverdueHazardCount < 1 || page.Unit.OpenHazardCount < page.Unit.OverdueHazardCount || page.Unit.SelfCheckedThisMonth {
		t.Errorf("unit figures: %+v", page.Unit)
	}
	var todo struct {
		MyTodo struct{ Counts struct{ SelfCheckDue int } }
	}
	app.Query(t, town, `{ myTodo { counts { selfCheckDue } } }`, nil).MustDecode(t, &todo)
	if page.Town.SelfCheckDueCount != todo.MyTodo.Counts.SelfCheckDue || page.Town.SelfCheckDueCount == 0 || page.Town.SelfCheckDueCount > page.Town.UnitCount {
		t.Errorf("self-checks due: town %d, to-do %d, units %d", page.Town.SelfCheckDueCount, todo.MyTodo.Counts.SelfCheckDue, page.Town.UnitCount)
	}
}
