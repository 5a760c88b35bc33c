package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// The field roles' scope (issue 12): a unit officer reads and writes its own unit only, a town
// admin its town, a grid worker the units of its grids; through top-level fields, nested fields and
// exports.
func TestFieldRoleScopes(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	ctx := context.Background()
	own := townVillageID(t, app, "140602100") // unit_69's unit, in grid_140602100_1's grid
	var outsideGrid, otherTown string
	if err := app.DB.Raw(ctx, &outsideGrid, `SELECT id::text FROM units WHERE town_code = '140602100' AND grid_id IS DISTINCT FROM
		(SELECT grid_id FROM units WHERE id = ?) ORDER BY id LIMIT 1`, own); err != nil || outsideGrid == "" {
		t.Fatalf("unit outside the grid: %v", err)
	}
	if err := app.DB.Raw(ctx, &otherTown, `SELECT id::text FROM units WHERE town_code <> '140602100' AND county_code = '140602' ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	// a hazard at each of the three units, recorded by the city office
	admin := app.MustLogin(t, cityAdmin).AccessToken
	hazardAt := map[string]string{}
	for _, u := range []string{own, outsideGrid, otherTown} {
		var out struct {
			RecordInspection struct{ Hazards []struct{ ID string } }
		}
		app.Query(t, admin, `mutation($i: InspectionInput!) { recordInspection(input: $i) { hazards { id } } }`,
			map[string]any{"i": inspectionVars(u)}).MustDecode(t, &out)
		hazardAt[u] = out.RecordInspection.Hazards[0].ID
	}
	type seen struct{ own, outsideGrid, otherTown string }
	cases := []struct {
		user string
		want seen // the code reading each unit answers
	}{
		{unitOfficer, seen{ok, notFound, notFound}},
		{gridWorker, seen{ok, notFound, notFound}},
		{townAdmin, seen{ok, ok, notFound}},
		{countyAdmin, seen{ok, ok, ok}},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			token := app.MustLogin(t, c.user).AccessToken
			for unit, want := range map[string]string{own: c.want.own, outsideGrid: c.want.outsideGrid, otherTown: c.want.otherTown} {
				if got := app.Query(t, token, `query($id: ID!) { unit(id: $id) { name } }`, map[string]any{"id": unit}).Code(); got != want {
					t.Errorf("unit %s: %q, want %q", unit, got, want)
				}
				if got := app.Query(t, token, `query($id: ID!) { hazard(id: $id) { unit { name } } }`, map[string]any{"id": hazardAt[unit]}).Code(); got != want {
					t.Errorf("hazard at unit %s: %q, want %q", unit, got, want)
				}
				// writing: recording an inspection; the others are refused before anything is written
				if got := app.Query(t, token, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`,
					map[string]any{"i": inspectionVars(unit)}).Code(); got != want {
					t.Errorf("recording at unit %s: %q, want %q", unit, got, want)
				}
			}
			// lists and nested lists hold only units in scope
			var out struct {
				Units struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							ID   string
							Town struct{ Code string }
						}
					}
				}
				Hazards struct {
					Edges []struct {
						Node struct{ Unit struct{ ID string } }
					}
				}
			}
			app.Query(t, token, `{ units(first: 200) { totalCount edges { node { id town { code } } } }
				hazards(first: 200) { edges { node { unit { id } } } } }`, nil).MustDecode(t, &out)
			inScope := map[string]bool{}
			for _, e := range out.Units.Edges {
				inScope[e.Node.ID] = true
			}
			for _, e := range out.Hazards.Edges {
				if !inScope[e.Node.Unit.ID] && c.user != countyAdmin {
					t.Errorf("hazard of unit %s outside the listed units", e.Node.Unit.ID)
				}
			}
			if c.user == unitOfficer && (out.Units.TotalCount != 1 || len(out.Units.Edges) != 1 || out.Units.Edges[0].Node.ID != own) {
				t.Errorf("a unit officer lists %d units (%+v), want its own", out.Units.TotalCount, out.Units.Edges)
			}
			// exports follow the same scope
			csvText := string(get(t, app, token, "/export/units.csv", http.StatusOK))
			lines := strings.Count(strings.TrimSpace(csvText), "\n")
			if c.user == unitOfficer && lines != 1 {
				t.Errorf("a unit officer's export has %d rows, want 1", lines)
			}
			if c.user != countyAdmin && lines != out.Units.TotalCount {
				t.Errorf("export has %d rows, the list %d", lines, out.Units.TotalCount)
			}
		})
	}
	// a grid worker's scope follows a re-assignment at once (the grids load with every request)
	worker := app.MustLogin(t, gridWorker).AccessToken
	if code := app.Query(t, worker, `query($id: ID!) { unit(id: $id) { name } }`, map[string]any{"id": outsideGrid}).Code(); code != notFound {
		t.Fatalf("before: %q", code)
	}
	var g struct{ CreateGrid struct{ ID string } }
	app.Query(t, admin, `mutation { createGrid(input: {townCode: "140602100", name: "重新分配网格"}) { id } }`, nil).MustDecode(t, &g)
	var workerID string
	if err := app.DB.Raw(ctx, &workerID, `SELECT id::text FROM users WHERE username = ?`, gridWorker); err != nil {
		t.Fatal(err)
	}
	app.Query(t, admin, `mutation($g: ID!, $u: ID!) { setGridUnits(id: $g, version: 1, unitIds: [$u]) { id } }`,
		map[string]any{"g": g.CreateGrid.ID, "u": outsideGrid}).MustDecode(t, &struct{}{})
	app.Query(t, admin, `mutation($g: ID!, $w: ID!) { setGridWorkers(id: $g, version: 2, userIds: [$w]) { id } }`,
		map[string]any{"g": g.CreateGrid.ID, "w": workerID}).MustDecode(t, &struct{}{})
	if code := app.Query(t, worker, `query($id: ID!) { unit(id: $id) { name grid { name } } }`, map[string]any{"id": outsideGrid}).Code(); code != ok {
		t.Fatalf("after the assignment: %q", code)
	}
}

// A grid worker records patrols and hazards but never verifies or closes; a unit officer
// rectifies its own hazards; a second county account verifies what the first reported.
func TestFieldRoleHazardSteps(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	own := townVillageID(t, app, "140602100")
	record := func(token string) (id string) {
		var out struct {
			RecordInspection struct{ Hazards []struct{ ID string } }
		}
		app.Query(t, token, `mutation($i: InspectionInput!) { recordInspection(input: $i) { hazards { id } } }`,
			map[string]any{"i": inspectionVars(own)}).MustDecode(t, &out)
		return out.RecordInspection.Hazards[0].ID
	}
	advance := func(token, id string, version int, to string) string {
		return app.Query(t, token, `mutation($id: ID!, $v: Int!, $to: HazardState!) { advanceHazard(input: {id: $id, version: $v, to: $to}) { state } }`,
			map[string]any{"id": id, "v": version, "to": to}).Code()
	}
	worker := app.MustLogin(t, gridWorker).AccessToken
	officer := app.MustLogin(t, unitOfficer).AccessToken
	h := record(worker)
	if code := advance(worker, h, 1, "VERIFIED"); code != forbid {
		t.Errorf("a grid worker verified: %q", code)
	}
	if code := advance(officer, h, 1, "VERIFIED"); code != forbid {
		t.Errorf("a unit officer verified: %q", code)
	}
	if code := advance(officer, h, 1, "RECTIFYING"); code != ok {
		t.Fatalf("the unit officer could not rectify: %q", code)
	}
	if code := app.Query(t, officer, `mutation($id: ID!) { reopenHazard(id: $id, version: 2, reason: "复查") { state } }`, map[string]any{"id": h}).Code(); code != forbid {
		t.Errorf("a unit officer reopened: %q", code)
	}
	town := app.MustLogin(t, townAdmin).AccessToken
	if code := advance(town, h, 2, "VERIFIED"); code != ok {
		t.Fatalf("the town admin could not verify: %q", code)
	}
	if code := advance(town, h, 3, "CLOSED"); code != ok {
		t.Fatalf("the town admin could not close: %q", code)
	}
	// the county: one account reports the rectification, the other verifies
	county := app.MustLogin(t, countyAdmin).AccessToken
	staff := app.MustLogin(t, countyStaff).AccessToken
	h2 := record(county)
	if code := advance(county, h2, 1, "RECTIFYING"); code != ok {
		t.Fatal(code)
	}
	if code := advance(county, h2, 2, "VERIFIED"); code != campaign.EINVALID {
		t.Errorf("the reporter verified its own rectification: %q", code)
	}
	if code := advance(staff, h2, 2, "VERIFIED"); code != ok {
		t.Errorf("the second county account could not verify: %q", code)
	}
}

func get(t *testing.T, app *apptest.App, token, path string, status int) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, app.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d %s, want %d", path, resp.StatusCode, b, status)
	}
	return b
}

func postSheet(t *testing.T, app *apptest.App, token, sheetToken string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/export/officer-passwords.xlsx", strings.NewReader(url.Values{"token": {sheetToken}}.Encode()))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// Delegated accounts: each level creates accounts below it in its own place only; the accounts it
// creates must change their one-time password before anything else.
func TestDelegatedAccounts(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	county := app.MustLogin(t, countyAdmin).AccessToken
	town := app.MustLogin(t, townAdmin).AccessToken
	n := 0
	create := func(token, role, extra string) apptest.Result {
		n++
		return app.Query(t, token, fmt.Sprintf(`mutation { createUser(input: {username: "deleg_%d_%s", displayName: "新账户", password: "Initial-pass-1", role: %s%s}) { id username mustChangePassword town { code } unit { id } } }`,
			n, strings.ToLower(role), role, extra), nil)
	}
	own := townVillageID(t, app, "140602100")
	other := townVillageID(t, app, "140602101")
	cases := []struct {
		name, token, role, extra, want string
	}{
		{"county creates a town admin of its county", county, "TOWN_ADMIN", `, townCode: "140602101"`, ok},
		{"county creates county staff", county, "COUNTY_ADMIN", `, countyCode: "140602"`, ok},
		{"county creates a unit officer", county, "UNIT_OFFICER", fmt.Sprintf(`, unitId: "%s"`, other), ok},
		{"county creates a town admin elsewhere", county, "TOWN_ADMIN", `, townCode: "140603100"`, forbid},
		{"county creates another county's admin", county, "COUNTY_ADMIN", `, countyCode: "140603"`, forbid},
		{"county creates a city admin", county, "CITY_ADMIN", "", forbid},
		{"county creates an analyst", county, "ANALYST", "", forbid},
		{"town creates a grid worker", town, "GRID_WORKER", `, townCode: "140602100"`, ok},
		{"town creates a unit officer of its town", town, "UNIT_OFFICER", fmt.Sprintf(`, unitId: "%s", isPrincipal: true`, own), ok},
		{"town creates a unit officer of another town", town, "UNIT_OFFICER", fmt.Sprintf(`, unitId: "%s"`, other), campaign.EINVALID},
		{"town creates a grid worker elsewhere", town, "GRID_WORKER", `, townCode: "140602101"`, forbid},
		{"town creates a town admin", town, "TOWN_ADMIN", `, townCode: "140602100"`, forbid},
		{"town creates county staff", town, "COUNTY_ADMIN", `, countyCode: "140602"`, forbid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := create(c.token, c.role, c.extra)
			if got := res.Code(); got != c.want {
				t.Fatalf("code %q, want %q (%+v)", got, c.want, res.Errors)
			}
			if c.want == ok && !strings.Contains(string(res.Data), `"mustChangePassword":true`) {
				t.Fatalf("created without a forced password change: %s", res.Data)
			}
		})
	}
	// the town's users page lists only its grid workers and unit officers
	var page struct {
		Users struct {
			Edges []struct {
				Node struct {
					Role string
					Town *struct{ Code string }
				}
			}
		}
	}
	app.Query(t, town, `{ users(first: 200) { edges { node { role town { code } } } } }`, nil).MustDecode(t, &page)
	if len(page.Users.Edges) == 0 {
		t.Fatal("the town admin sees no accounts")
	}
	for _, e := range page.Users.Edges {
		if (e.Node.Role != "GRID_WORKER" && e.Node.Role != "UNIT_OFFICER") || e.Node.Town == nil || e.Node.Town.Code != "140602100" {
			t.Errorf("the town admin's page lists %+v", e.Node)
		}
	}
	var filtered struct{ Users struct{ TotalCount int } }
	app.Query(t, county, `{ users(first: 1, filter: {role: TOWN_ADMIN, townCode: "140602100", search: "town_admin"}) { totalCount } }`, nil).MustDecode(t, &filtered)
	if filtered.Users.TotalCount != 1 {
		t.Errorf("filtered to 神头镇's town admin: %d accounts", filtered.Users.TotalCount)
	}
	// nobody deactivates their own account; a town admin cannot reset what the county handed out
	var me struct{ Me struct{ ID string } }
	app.Query(t, town, `{ me { id } }`, nil).MustDecode(t, &me)
	if code := app.Query(t, town, `mutation($id: ID!) { deactivateUser(id: $id, version: 1) { active } }`, map[string]any{"id": me.Me.ID}).Code(); code != campaign.EINVALID {
		t.Errorf("deactivating oneself: %q", code)
	}
	var made struct {
		CreateUser struct{ ID, Username string }
	}
	create(county, "GRID_WORKER", `, townCode: "140602100"`).MustDecode(t, &made)
	if code := app.Query(t, town, `mutation($id: ID!) { resetPassword(id: $id, newPassword: "Reset-pass-99") }`, map[string]any{"id": made.CreateUser.ID}).Code(); code != forbid {
		t.Errorf("the town admin reset a county-made account: %q", code)
	}
	if code := app.Query(t, county, `mutation($id: ID!) { resetPassword(id: $id, newPassword: "Reset-pass-99") }`, map[string]any{"id": made.CreateUser.ID}).Code(); code != ok {
		t.Errorf("the creating county could not reset: %q", code)
	}

	// the first sign-in: only me, changePassword, logout and refreshToken until the password changes
	s := app.MustLoginWith(t, made.CreateUser.Username, "Reset-pass-99")
	login := app.Query(t, "", `mutation($u: String!) { login(username: $u, password: "Reset-pass-99") { mustChangePassword user { mustChangePassword } } }`,
		map[string]any{"u": made.CreateUser.Username})
	if strings.Count(string(login.Data), `"mustChangePassword":true`) != 2 {
		t.Fatalf("login does not say the password must change: %s", login.Data)
	}
	if code := app.Query(t, s.AccessToken, `{ units(first: 1) { totalCount } }`, nil).Code(); code != campaign.EPASSWORDCHANGE {
		t.Errorf("units before the change: %q", code)
	}
	if code := app.Query(t, s.AccessToken, `{ me { username mustChangePassword } }`, nil).Code(); code != ok {
		t.Errorf("me before the change: %q", code)
	}
	get(t, app, s.AccessToken, "/export/units.csv", http.StatusForbidden)
	if code := app.Query(t, s.AccessToken, `mutation { changePassword(oldPassword: "Reset-pass-99", newPassword: "My-own-pass-7") }`, nil).Code(); code != ok {
		t.Fatalf("changePassword: %q", code)
	}
	s = app.MustLoginWith(t, made.CreateUser.Username, "My-own-pass-7")
	if code := app.Query(t, s.AccessToken, `{ units(first: 1) { totalCount } }`, nil).Code(); code != ok {
		t.Errorf("units after the change: %q", code)
	}
	var audited int
	if err := app.DB.Raw(context.Background(), &audited, `SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action IN ('createUser', 'resetPassword', 'changePassword')`, made.CreateUser.ID); err != nil || audited != 3 {
		t.Errorf("audited account changes: %d %v", audited, err)
	}
}

// Bulk unit-officer accounts: one per unit, idempotent, the passwords delivered once to the
// creator as a sheet and stored nowhere in clear.
func TestBulkUnitOfficers(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	county := app.MustLogin(t, countyAdmin).AccessToken
	type batch struct {
		CreateUnitOfficers struct {
			Created    []struct{ Username string }
			Skipped    []struct{ Username string }
			SheetToken *string
			Remaining  int
		}
	}
	const q = `mutation { createUnitOfficers(input: {townCode: "140602101"}) { created { username } skipped { username unit { id } } sheetToken remaining } }`
	var first batch
	app.Query(t, county, q, nil).MustDecode(t, &first)
	b := first.CreateUnitOfficers
	if len(b.Created) == 0 || b.SheetToken == nil {
		t.Fatalf("nothing created: %+v", b)
	}
	var second batch
	app.Query(t, county, q, nil).MustDecode(t, &second)
	if len(second.CreateUnitOfficers.Created) != 0 || second.CreateUnitOfficers.SheetToken != nil {
		t.Errorf("a second run created %d accounts", len(second.CreateUnitOfficers.Created))
	}
	// the chosen units that have an officer are skipped and reported
	var chosen batch
	app.Query(t, county, `mutation($id: ID!) { createUnitOfficers(input: {unitIds: [$id]}) { created { username } skipped { username } sheetToken remaining } }`,
		map[string]any{"id": townVillageID(t, app, "140602101")}).MustDecode(t, &chosen)
	if len(chosen.CreateUnitOfficers.Skipped) != 1 || len(chosen.CreateUnitOfficers.Created) != 0 {
		t.Errorf("chosen unit with an officer: %+v", chosen.CreateUnitOfficers)
	}
	// someone else cannot take the sheet; its creator can, once
	if status, _ := postSheet(t, app, app.MustLogin(t, countyStaff).AccessToken, *b.SheetToken); status != http.StatusNotFound {
		t.Errorf("another account got the sheet: %d", status)
	}
	status, body := postSheet(t, app, county, *b.SheetToken)
	if status != http.StatusOK {
		t.Fatalf("sheet: %d %s", status, body)
	}
	if status, _ := postSheet(t, app, county, *b.SheetToken); status != http.StatusNotFound {
		t.Errorf("the sheet was served twice: %d", status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != len(b.Created)+1 {
		t.Fatalf("sheet rows %d for %d accounts: %v", len(rows), len(b.Created), err)
	}
	user, password := rows[1][0], rows[1][3]
	var stored int
	if err := app.DB.Raw(context.Background(), &stored, `SELECT count(*) FROM users WHERE password_hash LIKE ? OR username = ? AND password_hash = ?`, "%"+password+"%", user, password); err != nil || stored != 0 {
		t.Errorf("the password is stored in clear: %d %v", stored, err)
	}
	s := app.MustLoginWith(t, user, password)
	if code := app.Query(t, s.AccessToken, `{ units(first: 1) { totalCount } }`, nil).Code(); code != campaign.EPASSWORDCHANGE {
		t.Errorf("a bulk-created account works before its password changes: %q", code)
	}
	// a town admin may only create for its own town
	town := app.MustLogin(t, townAdmin).AccessToken
	if code := app.Query(t, town, `mutation { createUnitOfficers(input: {townCode: "140602101"}) { remaining } }`, nil).Code(); code != forbid {
		t.Errorf("a town admin created officers of another town: %q", code)
	}
}
