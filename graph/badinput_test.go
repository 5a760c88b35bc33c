package graph_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// with returns a copy of m with the given keys changed.
func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// Bad input is never INTERNAL: each answers BAD_USER_INPUT on the input at fault, and writes
// nothing.
func TestBadInputIsNeverInternal(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	unit := villageID(t, app, "140602")
	const create = `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`
	const report = `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`
	incident := map[string]any{"unitId": unit, "occurredAt": "2021-05-01T08:00:00+08:00", "kind": "火灾", "deaths": 0, "seriousInjuries": 0, "injuries": 1, "directLossWan": 1.5}
	units := func() int {
		var n int
		if err := app.DB.Raw(t.Context(), &n, "SELECT count(*) FROM units"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := units()
	forged := base64.StdEncoding.EncodeToString([]byte(`{"x":[1,2,3]}`))
	cases := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"NUL in a name", create, map[string]any{"i": with(villageInput(), "name", "村\x00名")}, "name"},
		{"NUL in an address", create, map[string]any{"i": with(villageInput(), "address", "神头\x00镇")}, "address"},
		{"NUL in a search", `query($s: String) { units(filter: {search: $s}) { totalCount } }`, map[string]any{"s": "a\x00b"}, "search"},
		{"NUL in a description", report, map[string]any{"i": with(incident, "description", "x\x00y")}, "description"},
		{"unparsable date", create, map[string]any{"i": with(villageInput(), "enrolledOn", "2020-13-45")}, "enrolledOn"},
		{"year 10000 date", create, map[string]any{"i": with(villageInput(), "enrolledOn", "10000-01-01")}, "enrolledOn"},
		{"year 10000 time", report, map[string]any{"i": with(incident, "occurredAt", "10000-01-01T00:00:00Z")}, "occurredAt"},
		{"unparsable time", report, map[string]any{"i": with(incident, "occurredAt", "2021-02-30T25:00:00Z")}, "occurredAt"},
		{"int past 2^31 in a filter", `{ units(filter: {sectorNumber: 3000000000}) { totalCount } }`, nil, "sectorNumber"},
		{"int past 2^31 as a year", `{ stats(year: 3000000000, groupBy: [COUNTY]) { units } }`, nil, "year"},
		{"int past 2^31 as deaths", report, map[string]any{"i": with(incident, "deaths", 3000000000)}, "deaths"},
		{"int past 2^31 as a page", `{ units(first: 3000000000) { totalCount } }`, nil, "first"},
		{"int past 2^31 as a version", `mutation($i: UnitInput!) { updateUnit(id: "` + unit + `", version: 3000000000, input: $i) { id } }`, map[string]any{"i": villageInput()}, "version"},
		{"int past 2^31 as a sector", create, map[string]any{"i": with(villageInput(), "sectorNumber", 3000000000)}, "sectorNumber"},
		{"id past 2^63", `{ unit(id: "99999999999999999999") { id } }`, nil, "id"},
		{"forged cursor", `query($a: String) { units(after: $a) { totalCount } }`, map[string]any{"a": forged}, "after"},
		{"forged incident cursor", `query($a: String) { incidents(after: $a) { totalCount } }`, map[string]any{"a": forged}, "after"},
		{"unknown category", create, map[string]any{"i": with(villageInput(), "categoryCode", "no_such")}, "categoryCode"},
		{"unknown county", create, map[string]any{"i": with(villageInput(), "countyCode", "999999")}, "countyCode"},
		{"unknown sector", create, map[string]any{"i": with(villageInput(), "sectorNumber", 99)}, "sectorNumber"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := app.Query(t, token, c.query, c.vars)
			if res.Code() != campaign.EINVALID || res.Field() != c.field {
				t.Fatalf("got %q on %q, want BAD_USER_INPUT on %q: %+v", res.Code(), res.Field(), c.field, res.Errors)
			}
		})
	}
	t.Run("3000-character username", func(t *testing.T) {
		res := app.Login(t, strings.Repeat("u", 3000), "whatever-password")
		if res.Code() != campaign.EINVALID || res.Field() != "username" {
			t.Fatalf("got %q on %q: %+v", res.Code(), res.Field(), res.Errors)
		}
	})
	if n := units() - before; n != 0 {
		t.Fatalf("refused input wrote %d units", n)
	}
}

// A body holding NaN or Infinity (not JSON) gets 400 with a code, and the error does not echo it.
func TestNonJSONNumbersInTheBody(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	for _, body := range []string{
		`{"query":"mutation($v: Float!) { setTarget(year: 2030, village: $v, enterprise: 0.9) { year } }","variables":{"v":NaN},"secret":"ECHO-ME"}`,
		`{"query":"{ me { id } }","variables":{"v":Infinity},"secret":"ECHO-ME"}`,
		`{"query":"{ me { id } }","variables":{"v":-Infinity},"secret":"ECHO-ME"}`,
	} {
		res := app.Post(t, token, "application/json", []byte(body))
		if res.Status != 400 || res.Code() == "" || res.Code() == campaign.EINTERNAL {
			t.Fatalf("%s: %d %+v", body, res.Status, res.Errors)
		}
		if strings.Contains(res.Errors[0].Message, "ECHO-ME") || strings.Contains(res.Errors[0].Message, "{") {
			t.Fatalf("the error echoes the body: %s", res.Errors[0].Message)
		}
	}
}
