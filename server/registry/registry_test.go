package registry_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var seq atomic.Int64

var codes = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
var codesMu sync.Mutex

// creditCode returns a valid credit code, random enough not to collide with other test units.
func creditCode(t testing.TB) string {
	t.Helper()
	codesMu.Lock()
	defer codesMu.Unlock()
	return campaign.NewCreditCode(codes, "91", "140602")
}

func unitVars(t *testing.T, county, town string) map[string]any {
	return map[string]any{"input": map[string]any{
		"name": fmt.Sprintf("测试煤业有限公司%d", seq.Add(1)), "categoryCode": "factory_mine", "sectorNumber": 1,
		"countyCode": county, "townCode": town, "address": "测试地址1号", "creditCode": creditCode(t),
		"principalName": "张三", "principalPhone": "13912341119", "enrolledOn": "2020-03-01",
	}}
}

const createUnit = `mutation($input: UnitInput!) { createUnit(input: $input) { id version county { code } } }`

type created struct {
	CreateUnit struct {
		ID      string
		Version int
	}
}

func mustCreate(t *testing.T, app *apptest.App, token, county, town string) (string, map[string]any) {
	t.Helper()
	vars := unitVars(t, county, town)
	var out created
	app.Query(t, token, createUnit, vars).MustDecode(t, &out)
	return out.CreateUnit.ID, vars["input"].(map[string]any)
}

func TestMutationScope(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	own, _ := mustCreate(t, app, admin, "140602", "140602001")   // 朔城区, 北城街道
	other, _ := mustCreate(t, app, admin, "140603", "140603100") // 平鲁区

	roles := []struct {
		user             string
		createOwn        string // create in 朔城区
		createOther      string // create in 平鲁区
		editOwn, editOth string
	}{
		{"city_admin", "", "", "", ""},
		{"county_admin_140602", "", campaign.EFORBIDDEN, "", campaign.EFORBIDDEN},
		{"dept_emergency", campaign.EFORBIDDEN, campaign.EFORBIDDEN, campaign.EFORBIDDEN, campaign.EFORBIDDEN},
		{"analyst", campaign.EFORBIDDEN, campaign.EFORBIDDEN, campaign.EFORBIDDEN, campaign.EFORBIDDEN},
	}
	for _, r := range roles {
		t.Run(r.user, func(t *testing.T) {
			token := app.MustLogin(t, r.user).AccessToken
			if got := app.Query(t, token, createUnit, unitVars(t, "140602", "140602001")).Code(); got != r.createOwn {
				t.Errorf("create in 朔城区: %q, want %q", got, r.createOwn)
			}
			if got := app.Query(t, token, createUnit, unitVars(t, "140603", "140603100")).Code(); got != r.createOther {
				t.Errorf("create in 平鲁区: %q, want %q", got, r.createOther)
			}
			for _, c := range []struct {
				id, want string
			}{{own, r.editOwn}, {other, r.editOth}} {
				res := app.Query(t, token, `mutation($id: ID!) { setSafetyOfficers(unitId: $id, version: 1, officers: []) { id } }`, map[string]any{"id": c.id})
				got := res.Code()
				// a unit outside a county admin's scope does not exist for it
				if c.want == campaign.EFORBIDDEN && got == campaign.ENOTFOUND {
					got = campaign.EFORBIDDEN
				}
				// the city admin's edits of earlier subtests moved the version on
				if c.want == "" && got == campaign.ECONFLICT {
					got = ""
				}
				if got != c.want {
					t.Errorf("edit unit %s: %q, want %q (%+v)", c.id, got, c.want, res.Errors)
				}
			}
		})
	}
}

func TestReadScope(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	otherCounty, _ := mustCreate(t, app, admin, "140603", "140603100")
	cases := []struct {
		user     string
		seeOther bool
		check    func(county string, sector int) bool
	}{
		{"city_admin", true, func(string, int) bool { return true }},
		{"analyst", true, func(string, int) bool { return true }},
		{"county_admin_140602", false, func(c string, _ int) bool { return c == "140602" }},
		{"dept_emergency", true, func(_ string, s int) bool { return s >= 1 && s <= 3 }},
		{"dept_housing_construction", false, func(_ string, s int) bool { return s == 4 }},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			token := app.MustLogin(t, c.user).AccessToken
			var out struct {
				Units struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							County struct{ Code string }
							Sector struct{ Number int }
						}
					}
				}
			}
			app.Query(t, token, `{ units(first: 200) { totalCount edges { node { county { code } sector { number } } } } }`, nil).MustDecode(t, &out)
			for _, e := range out.Units.Edges {
				if !c.check(e.Node.County.Code, e.Node.Sector.Number) {
					t.Fatalf("out-of-scope unit in the list: %+v", e.Node)
				}
			}
			res := app.Query(t, token, `query($id: ID!) { unit(id: $id) { id } }`, map[string]any{"id": otherCounty})
			if c.seeOther && res.Code() != "" || !c.seeOther && res.Code() != campaign.ENOTFOUND {
				t.Fatalf("unit in 平鲁区: %+v", res.Errors)
			}
		})
	}
}

func TestValidation(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	existing, existingInput := mustCreate(t, app, token, "140602", "140602001")
	_ = existing
	future := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	cases := []struct {
		name  string
		edit  func(in map[string]any)
		field string
	}{
		{"credit code with a wrong check character", func(in map[string]any) {
			c := in["creditCode"].(string)
			last := "0"
			if c[17] == '0' {
				last = "1"
			}
			in["creditCode"] = c[:17] + last
		}, "creditCode"},
		{"credit code of 17 characters", func(in map[string]any) { in["creditCode"] = "91140602MA0K12345" }, "creditCode"},
		{"credit code with the letter O", func(in map[string]any) { in["creditCode"] = "91140602MA0K1O345X" }, "creditCode"},
		{"credit code of another active unit", func(in map[string]any) { in["creditCode"] = existingInput["creditCode"] }, "creditCode"},
		{"enterprise without credit code", func(in map[string]any) { delete(in, "creditCode") }, "creditCode"},
		{"mobile with 10 digits", func(in map[string]any) { in["principalPhone"] = "1391234111" }, "principalPhone"},
		{"mobile starting 12", func(in map[string]any) { in["principalPhone"] = "12912341119" }, "principalPhone"},
		{"landline of another city", func(in map[string]any) { in["principalPhone"] = "0351-1234567" }, "principalPhone"},
		{"town of another county", func(in map[string]any) { in["townCode"] = "140603100" }, "townCode"},
		{"unknown category", func(in map[string]any) { in["categoryCode"] = "spaceport" }, "categoryCode"},
		{"name of one character", func(in map[string]any) { in["name"] = "矿" }, "name"},
		{"name of 101 characters", func(in map[string]any) { in["name"] = strings.Repeat("矿", 101) }, "name"},
		{"enrolled in the future", func(in map[string]any) { in["enrolledOn"] = future }, "enrolledOn"},
		{"latitude without longitude", func(in map[string]any) { in["latitude"] = 39.3 }, "longitude"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vars := unitVars(t, "140602", "140602001")
			in := vars["input"].(map[string]any)
			c.edit(in)
			res := app.Query(t, token, createUnit, vars)
			if res.Code() != campaign.EINVALID || res.Field() != c.field {
				t.Fatalf("got %q on %q, want BAD_USER_INPUT on %q: %+v", res.Code(), res.Field(), c.field, res.Errors)
			}
			var n int
			if err := app.DB.Raw(context.Background(), &n, "SELECT count(*) FROM units WHERE name = ?", in["name"]); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("the refused unit was written")
			}
		})
	}
	t.Run("accepted: landline and a village without credit code", func(t *testing.T) {
		vars := unitVars(t, "140602", "140602001")
		in := vars["input"].(map[string]any)
		in["principalPhone"], in["categoryCode"], in["sectorNumber"] = "0349-2345678", "village_community", 18
		delete(in, "creditCode")
		if res := app.Query(t, token, createUnit, vars); res.Code() != "" {
			t.Fatalf("%+v", res.Errors)
		}
	})
}

// Two editors saving the same version: one wins, the other is told, and the row is the winner's.
func TestConcurrentUpdatesConflict(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	id, base := mustCreate(t, app, token, "140602", "140602001")
	const update = `mutation($id: ID!, $input: UnitInput!) { updateUnit(id: $id, version: 1, input: $input) { name version } }`
	names := []string{"甲方保存的名称", "乙方保存的名称"}
	codes := make([]string, 2)
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := map[string]any{}
			for k, v := range base {
				in[k] = v
			}
			in["name"] = names[i]
			codes[i] = app.Query(t, token, update, map[string]any{"id": id, "input": in}).Code()
		}()
	}
	wg.Wait()
	winner := -1
	for i, c := range codes {
		switch c {
		case "":
			if winner >= 0 {
				t.Fatalf("both updates succeeded: %v", codes)
			}
			winner = i
		case campaign.ECONFLICT:
		default:
			t.Fatalf("unexpected codes %v", codes)
		}
	}
	if winner < 0 {
		t.Fatalf("neither update succeeded: %v", codes)
	}
	var stored struct {
		Name    string
		Version int
	}
	if err := app.DB.Raw(context.Background(), &stored, "SELECT name, version FROM units WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	if stored.Name != names[winner] || stored.Version != 2 {
		t.Fatalf("stored %+v, want the winner's %q at version 2", stored, names[winner])
	}
}

func TestArchiveRestoreOfficersAndHistory(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	id, _ := mustCreate(t, app, token, "140602", "140602001")
	steps := []struct {
		query string
		vars  map[string]any
	}{
		{`mutation($id: ID!) { setSafetyOfficers(unitId: $id, version: 1, officers: [{name: "李四", phone: "13812345678", fullTime: true}, {name: "王五", phone: "0349-2345678", fullTime: false}]) { version } }`, nil},
		{`mutation($id: ID!) { archiveUnit(id: $id, version: 2) { archived } }`, nil},
		{`mutation($id: ID!) { restoreUnit(id: $id, version: 3) { archived } }`, nil},
	}
	for _, s := range steps {
		app.Query(t, token, s.query, map[string]any{"id": id}).MustDecode(t, &struct{}{})
	}
	var out struct {
		Unit struct {
			Archived       bool
			Version        int
			SafetyOfficers []struct {
				Name     string
				FullTime bool
			}
			ChangeLog struct {
				TotalCount int
				Edges      []struct{ Node struct{ Action string } }
			}
		}
	}
	app.Query(t, token, `query($id: ID!) { unit(id: $id) { archived version safetyOfficers { name fullTime } changeLog(first: 10) { totalCount edges { node { action } } } } }`,
		map[string]any{"id": id}).MustDecode(t, &out)
	u := out.Unit
	if u.Archived || u.Version != 4 || len(u.SafetyOfficers) != 2 || u.SafetyOfficers[0].Name != "李四" || !u.SafetyOfficers[0].FullTime {
		t.Fatalf("unit after the steps: %+v", u)
	}
	var actions []string
	for _, e := range u.ChangeLog.Edges {
		actions = append(actions, e.Node.Action)
	}
	if fmt.Sprint(actions) != "[restoreUnit archiveUnit setSafetyOfficers createUnit]" || u.ChangeLog.TotalCount != 4 {
		t.Fatalf("history: %v (%d)", actions, u.ChangeLog.TotalCount)
	}
	// the archive refuses a second archive and a restore of an active unit
	if code := app.Query(t, token, `mutation($id: ID!) { restoreUnit(id: $id, version: 4) { id } }`, map[string]any{"id": id}).Code(); code != campaign.EINVALID {
		t.Fatalf("restoring an active unit: %q", code)
	}
}

func TestAnalystsSeeMaskedPhones(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	id, _ := mustCreate(t, app, admin, "140602", "140602001")
	app.Query(t, admin, `mutation($id: ID!) { setSafetyOfficers(unitId: $id, version: 1, officers: [{name: "李四", phone: "13812345678", fullTime: true}]) { id } }`, map[string]any{"id": id}).MustDecode(t, &struct{}{})
	for user, want := range map[string][2]string{
		"analyst":    {"139****1119", "138****5678"},
		"city_admin": {"13912341119", "13812345678"},
	} {
		var out struct {
			Unit struct {
				PrincipalPhone string
				SafetyOfficers []struct{ Phone string }
			}
		}
		token := app.MustLogin(t, user).AccessToken
		app.Query(t, token, `query($id: ID!) { unit(id: $id) { principalPhone safetyOfficers { phone } } }`, map[string]any{"id": id}).MustDecode(t, &out)
		if out.Unit.PrincipalPhone != want[0] || out.Unit.SafetyOfficers[0].Phone != want[1] {
			t.Errorf("%s sees %+v, want %v", user, out.Unit, want)
		}
	}
}

// A page of units with every nested field costs a bounded number of statements, whatever its size.
func TestUnitsPageStatementCount(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	const q = `query($n: Int!) { units(first: $n) { totalCount edges { node {
		id name county { name } town { name } sector { name } category { name targetGroup }
		safetyOfficers { name phone } openHazardCount incidentCount(year: 2021) zeroAccident(year: 2021) blacklisted
	} } } }`
	for _, n := range []int{50, 10, 200} {
		app.Statements.Store(0)
		var out struct {
			Units struct{ Edges []struct{} }
		}
		app.Query(t, token, q, map[string]any{"n": n}).MustDecode(t, &out)
		if len(out.Units.Edges) != n {
			t.Fatalf("page of %d has %d units", n, len(out.Units.Edges))
		}
		if got := app.Statements.Load(); got > 8 {
			t.Errorf("a page of %d units cost %d statements, want at most 8", n, got)
		}
	}
}

func TestChangeLogMasksPhonesForAnalysts(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	id, _ := mustCreate(t, app, admin, "140602", "140602001")
	app.Query(t, admin, `mutation($id: ID!) { setSafetyOfficers(unitId: $id, version: 1, officers: [{name: "李四", phone: "13812345678", fullTime: true}]) { id } }`, map[string]any{"id": id}).MustDecode(t, &struct{}{})
	read := func(user string) string {
		var out struct {
			Unit struct {
				ChangeLog struct {
					Edges []struct {
						Node struct{ Action, After string }
					}
				}
			}
		}
		app.Query(t, app.MustLogin(t, user).AccessToken, `query($id: ID!) { unit(id: $id) { changeLog { edges { node { action after } } } } }`,
			map[string]any{"id": id}).MustDecode(t, &out)
		all := ""
		for _, e := range out.Unit.ChangeLog.Edges {
			all += e.Node.Action + e.Node.After
		}
		return all
	}
	if got := read("analyst"); strings.Contains(got, "13912341119") || strings.Contains(got, "13812345678") || !strings.Contains(got, "138****5678") {
		t.Fatalf("analyst's change log: %s", got)
	}
	if got := read("city_admin"); !strings.Contains(got, "13812345678") || !strings.Contains(got, "李四") {
		t.Fatalf("the officers are not in the change log: %s", got)
	}
}
