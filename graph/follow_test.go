package graph_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// A unit's inspections, hazards and incidents follow it when it moves to another county or
// sector: after each of several random moves, the old county (or sector) reads none of them by
// id, nested, in lists or exports, the new one reads all, and the statistics count them where the
// unit is now, without drift.
func TestEventsFollowTheirUnit(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, cityAdmin).AccessToken
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(uint64(seed), 7))

	var towns []struct{ Code, CountyCode string }
	if err := app.DB.Raw(t.Context(), &towns, "SELECT code, county_code FROM towns ORDER BY code"); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("随迁测试村%d", seed%100000)
	in := with(villageInput(), "name", name, "enrolledOn", "2020-01-01")
	var created struct{ CreateUnit struct{ ID string } }
	app.Query(t, admin, `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, map[string]any{"i": in}).MustDecode(t, &created)
	unit := created.CreateUnit.ID
	var insp struct {
		RecordInspection struct {
			ID      string
			Hazards []struct{ ID string }
		}
	}
	app.Query(t, admin, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id hazards { id } } }`,
		map[string]any{"i": with(inspectionVars(unit), "inspectedOn", "2021-05-02")}).MustDecode(t, &insp)
	var inc struct{ ReportIncident struct{ ID string } }
	app.Query(t, admin, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, map[string]any{"i": map[string]any{
		"unitId": unit, "occurredAt": "2021-05-03T08:00:00+08:00", "kind": "火灾", "deaths": 0, "seriousInjuries": 0, "injuries": 1, "directLossWan": 1.5,
	}}).MustDecode(t, &inc)
	ids := map[string]string{"inspection": insp.RecordInspection.ID, "hazard": insp.RecordInspection.Hazards[0].ID, "incident": inc.ReportIncident.ID}

	tokens := map[string]string{}
	token := func(user string) string {
		if tokens[user] == "" {
			tokens[user] = app.MustLogin(t, user).AccessToken
		}
		return tokens[user]
	}
	incidentsByCounty := func() map[string]int {
		var out struct {
			Stats []struct {
				County    struct{ Code string }
				Incidents int
			}
		}
		app.Query(t, admin, `{ stats(year: 2021, groupBy: [COUNTY]) { county { code } incidents } }`, nil).MustDecode(t, &out)
		m := map[string]int{}
		for _, r := range out.Stats {
			m[r.County.Code] = r.Incidents
		}
		return m
	}
	download := func(user, path string) []byte {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, app.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token(user))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s: %d %s", user, path, res.StatusCode, b)
		}
		return b
	}
	bulletinNames := func(user string) bool {
		f, err := excelize.OpenReader(bytes.NewReader(download(user, "/export/bulletin.xlsx?month=2021-05")))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, r := range rows {
				if strings.Contains(strings.Join(r, "|"), name) {
					return true
				}
			}
		}
		return false
	}
	// check: what user sees of the unit's rows, given whether the unit is in their scope
	check := func(step, user string, sees bool) {
		t.Helper()
		tok := token(user)
		for kind, id := range ids {
			res := app.Query(t, tok, fmt.Sprintf(`{ x: %s(id: "%s") { id unit { id name } } }`, kind, id), nil)
			var out struct{ X *struct{ ID string } }
			if sees {
				res.MustDecode(t, &out)
				if out.X == nil {
					t.Errorf("%s: %s cannot read %s %s", step, user, kind, id)
				}
			} else if res.Code() != campaign.ENOTFOUND && !(res.Code() == "" && strings.Contains(string(res.Data), "null")) {
				t.Errorf("%s: %s reads %s %s of a unit outside their scope: %s %+v", step, user, kind, id, res.Data, res.Errors)
			}
		}
		if sees {
			var out struct {
				Incident struct{ CanEdit bool }
			}
			app.Query(t, tok, `query($id: ID!) { incident(id: $id) { canEdit } }`, map[string]any{"id": ids["incident"]}).MustDecode(t, &out)
			if user != deptUser && !out.Incident.CanEdit {
				t.Errorf("%s: %s may not edit the incident of a unit in their county", step, user)
			}
			var nested struct {
				Unit struct {
					Inspections, Hazards, Incidents struct{ TotalCount int }
				}
			}
			app.Query(t, tok, `query($id: ID!) { unit(id: $id) { inspections { totalCount } hazards { totalCount } incidents { totalCount } } }`,
				map[string]any{"id": unit}).MustDecode(t, &nested)
			if u := nested.Unit; u.Inspections.TotalCount != 1 || u.Hazards.TotalCount != 1 || u.Incidents.TotalCount != 1 {
				t.Errorf("%s: %s sees nested %+v", step, user, u)
			}
		}
		var lists struct {
			Inspections, Hazards, Incidents struct{ TotalCount int }
		}
		res := app.Query(t, tok, `query($u: ID) { inspections(filter: {unitId: $u}) { totalCount } hazards(filter: {unitId: $u}) { totalCount } incidents(filter: {unitId: $u}) { totalCount } }`,
			map[string]any{"u": unit})
		if res.Code() == "" {
			res.MustDecode(t, &lists)
		} else if sees || res.Code() != campaign.ENOTFOUND {
			t.Fatalf("%s: %s lists: %+v", step, user, res.Errors)
		}
		want := 0
		if sees {
			want = 1
		}
		if lists.Inspections.TotalCount != want || lists.Hazards.TotalCount != want || lists.Incidents.TotalCount != want {
			t.Errorf("%s: %s lists %+v, want %d of each", step, user, lists, want)
		}
		if got := bytes.Contains(download(user, "/export/units.csv"), []byte(name)); got != sees {
			t.Errorf("%s: %s's units export names the unit: %t", step, user, got)
		}
		if got := bulletinNames(user); got != sees {
			t.Errorf("%s: %s's bulletin names the unit: %t", step, user, got)
		}
	}
	county, sector := "140602", 18
	version := 1
	before := incidentsByCounty()
	for step := 0; step < 5; step++ {
		label := fmt.Sprintf("after move %d (%s, sector %d)", step, county, sector)
		if step == 0 {
			label = "before any move"
		}
		for _, c := range []string{"140602", "140603", "140621", "140622", "140623", "140671", "140681"} {
			check(label, "county_admin_"+c, c == county)
		}
		check(label, deptUser, sector == 4)
		var drift int
		if err := app.DB.Raw(t.Context(), &drift, "SELECT count(*) FROM stat_drift"); err != nil {
			t.Fatal(err)
		}
		if drift != 0 {
			t.Fatalf("%s: %d rows of statistics drift", label, drift)
		}
		if step == 4 || t.Failed() {
			break
		}
		// move to a random town of another county, and to sector 4 or another every other time
		town := towns[rnd.IntN(len(towns))]
		for town.CountyCode == county {
			town = towns[rnd.IntN(len(towns))]
		}
		from := county
		county, sector = town.CountyCode, []int{4, 18, 1 + rnd.IntN(25)}[rnd.IntN(3)]
		moved := with(in, "countyCode", county, "townCode", town.Code, "sectorNumber", sector)
		res := app.Query(t, admin, `mutation($id: ID!, $v: Int!, $i: UnitInput!) { updateUnit(id: $id, version: $v, input: $i) { version } }`,
			map[string]any{"id": unit, "v": version, "i": moved})
		var out struct{ UpdateUnit struct{ Version int } }
		res.MustDecode(t, &out)
		version = out.UpdateUnit.Version
		after := incidentsByCounty()
		if after[from] != before[from]-1 || after[county] != before[county]+1 {
			t.Errorf("move %s → %s: incidents of 2021 %d → %d and %d → %d", from, county, before[from], after[from], before[county], after[county])
		}
		before = after
	}
}
