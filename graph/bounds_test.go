package graph_test

import (
	"strings"
	"testing"
	"time"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// Every string and list input is bounded, names are visible text, and dates lie in the
// campaign's era; each refusal names the input and writes nothing.
func TestInputsAreBounded(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	unit := villageID(t, app, "140602")
	const create = `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`
	const report = `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`
	const inspect = `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`
	incident := map[string]any{"unitId": unit, "occurredAt": "2021-05-01T08:00:00+08:00", "kind": "火灾", "deaths": 0, "seriousInjuries": 0, "injuries": 1, "directLossWan": 1.5}
	var enrolled string
	if err := app.DB.Raw(t.Context(), &enrolled, "SELECT to_char(enrolled_on, 'YYYY-MM-DD') FROM units WHERE id = ?", unit); err != nil {
		t.Fatal(err)
	}
	manyHazards := make([]map[string]any, 101)
	for i := range manyHazards {
		manyHazards[i] = map[string]any{"level": "GENERAL", "description": "灭火器过期"}
	}
	manyIDs := make([]string, 201)
	for i := range manyIDs {
		manyIDs[i] = unit
	}
	counts := func() (n int) {
		if err := app.DB.Raw(t.Context(), &n, "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM incidents) + (SELECT count(*) FROM inspections) + (SELECT count(*) FROM saved_queries)"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := counts()
	cases := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"search of 101 characters", `query($s: String) { units(filter: {search: $s}) { totalCount } }`, map[string]any{"s": strings.Repeat("村", 101)}, "search"},
		{"search of 50,000 characters", `query($s: String) { units(filter: {search: $s}) { totalCount } }`, map[string]any{"s": strings.Repeat("a", 50000)}, "search"},
		{"name of 201 characters", `mutation($n: String!) { saveQuery(name: $n, query: "{ me { id } }") { id } }`, map[string]any{"n": strings.Repeat("名", 201)}, "name"},
		{"text of 5,001 characters", report, map[string]any{"i": with(incident, "description", strings.Repeat("字", 5001))}, "description"},
		{"id of 101 characters", `query($id: ID!) { unit(id: $id) { id } }`, map[string]any{"id": strings.Repeat("1", 101)}, "id"},
		{"101 hazards", inspect, map[string]any{"i": with(inspectionVars(unit), "hazards", manyHazards)}, "hazards"},
		{"201 unit ids", `mutation($ids: [ID!]!) { certifyUnits(year: 2021, unitIds: $ids) { certified } }`, map[string]any{"ids": manyIDs}, "unitIds"},
		{"invisible name", create, map[string]any{"i": with(villageInput(), "name", "\u200b\u200b\u3000\u200d")}, "name"},
		{"control character in a name", create, map[string]any{"i": with(villageInput(), "principalName", "张\u0007三")}, "principalName"},
		{"newline in a name", create, map[string]any{"i": with(villageInput(), "name", "某某\n村")}, "name"},
		{"bidi override in a name", create, map[string]any{"i": with(villageInput(), "name", "某某村\u202egnp.exe")}, "name"},
		{"bidi isolate in an inspector's name", inspect, map[string]any{"i": with(inspectionVars(unit), "inspectorName", "李\u2067四")}, "inspectorName"},
		{"date before 1949-10-01", create, map[string]any{"i": with(villageInput(), "enrolledOn", "1949-09-30")}, "enrolledOn"},
		{"time before 1949-10-01", report, map[string]any{"i": with(incident, "occurredAt", "1900-01-01T00:00:00Z")}, "occurredAt"},
		{"enrolment in the future", create, map[string]any{"i": with(villageInput(), "enrolledOn", "2999-01-01")}, "enrolledOn"},
		{"incident in the future", report, map[string]any{"i": with(incident, "occurredAt", "2999-01-01T00:00:00Z")}, "occurredAt"},
		{"inspection in the future", inspect, map[string]any{"i": with(inspectionVars(unit), "inspectedOn", "2999-01-01")}, "inspectedOn"},
		{"incident before the unit's enrolment", report, map[string]any{"i": with(incident, "occurredAt", enrolled+"T00:00:00+08:00")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.field == "" {
				// the day before enrolment, at noon China time
				c.field = "occurredAt"
				c.vars["i"].(map[string]any)["occurredAt"] = dayBefore(t, enrolled) + "T12:00:00+08:00"
			}
			res := app.Query(t, token, c.query, c.vars)
			if res.Code() != campaign.EINVALID || res.Field() != c.field {
				t.Fatalf("got %q on %q, want BAD_USER_INPUT on %q: %+v", res.Code(), res.Field(), c.field, res.Errors)
			}
		})
	}
	if n := counts() - before; n != 0 {
		t.Fatalf("refused input wrote %d rows", n)
	}
	// the bounds leave ordinary input alone: Chinese names with a middle dot, long texts within bounds
	ok := with(villageInput(), "principalName", "阿卜杜拉·买买提")
	if res := app.Query(t, token, create, map[string]any{"i": ok}); res.Code() != "" {
		t.Fatalf("an ordinary unit: %+v", res.Errors)
	}
	if res := app.Query(t, token, report, map[string]any{"i": with(incident, "description", strings.Repeat("字", 3999)+"\n")}); res.Code() != "" {
		t.Fatalf("an incident with a long description: %+v", res.Errors)
	}
}

func dayBefore(t *testing.T, date string) string {
	t.Helper()
	d, err := timeParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(0, 0, -1).Format("2006-01-02")
}

func timeParseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
