package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"zeroaccident/server/accounts"
	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The demo users that stand for each role; scopes: 朔城区, 市住建局 (sector 4 建筑施工), 神头镇
// (140602100), its first grid (第1网格, the town's first six villages) and the first of them.
const (
	anonymous   = "anonymous"
	cityAdmin   = "city_admin"
	countyAdmin = "county_admin_140602"
	deptUser    = "dept_housing_construction"
	analyst     = "analyst"
	townAdmin   = "town_admin_140602100"
	gridWorker  = "grid_140602100_1"
	unitOfficer = "unit_69"
	// countyStaff is a second account of 朔城区, to verify what countyAdmin reported
	countyStaff = "county_staff_140602"
)

var roles = []string{anonymous, cityAdmin, countyAdmin, deptUser, analyst, townAdmin, gridWorker, unitOfficer}

const notFound = campaign.ENOTFOUND

// field extends a row of the matrix with the answers of the field roles.
func field(m map[string]string, town, grid, unit string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	out[townAdmin], out[gridWorker], out[unitOfficer] = town, grid, unit
	return out
}

const (
	ok     = ""
	unauth = campaign.EUNAUTHENTICATED
	forbid = campaign.EFORBIDDEN
)

// signedIn: every signed-in role may, anonymous callers may not.
var signedIn = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: ok, analyst: ok}, ok, ok, ok)

// cityOnly: only the city task-force office may.
var cityOnly = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: forbid, deptUser: forbid, analyst: forbid}, forbid, forbid, forbid)

// workbenchUsers: analysts and the city office keep saved queries.
var workbenchUsers = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: forbid, deptUser: forbid, analyst: ok}, forbid, forbid, forbid)

// everyone: public operations.
var everyone = field(map[string]string{anonymous: ok, cityAdmin: ok, countyAdmin: ok, deptUser: ok, analyst: ok}, ok, ok, ok)

// editors: the city admin, and the county admin for its own county (the cases use 朔城区 units);
// the field roles never edit the register.
var editors = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: forbid, analyst: forbid}, forbid, forbid, forbid)

// editorsNotFound: as editors, for an existing unit the department user cannot even see (a village,
// sector 18, is outside 市住建局's sectors). The fresh villages lie in 神头镇 but in no grid: the town
// admin reads them but may not edit the register, the grid worker and the unit officer cannot see them.
var editorsNotFound = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: campaign.ENOTFOUND, analyst: forbid}, forbid, notFound, notFound)

// recorders: as editorsNotFound, for the events the town admin records in its town.
var recorders = field(editorsNotFound, ok, notFound, notFound)

var userSeq atomic.Int64

func villageID(t *testing.T, app *apptest.App, county string) string {
	t.Helper()
	var id int64
	if err := app.DB.Raw(context.Background(), &id, "SELECT id FROM units WHERE county_code = ? AND category_code = 'village_community' ORDER BY id LIMIT 1", county); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

// townVillageID is the first village of a town (for 神头镇: unit_69's unit, in grid_140602100_1's grid).
func townVillageID(t *testing.T, app *apptest.App, town string) string {
	t.Helper()
	var id int64
	if err := app.DB.Raw(context.Background(), &id, "SELECT id FROM units WHERE town_code = ? AND category_code = 'village_community' ORDER BY id LIMIT 1", town); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

func villageInput() map[string]any {
	return map[string]any{"name": fmt.Sprintf("矩阵测试村%d", userSeq.Add(1)), "categoryCode": "village_community", "sectorNumber": 18,
		"countyCode": "140602", "townCode": "140602100", "address": "神头镇", "principalName": "村主任", "principalPhone": "13912341119",
		"enrolledOn": "2020-01-01"}
}

func newVillage(*testing.T, *apptest.App, apptest.Session) map[string]any {
	return map[string]any{"i": villageInput()}
}

// freshVillageID registers a new village of 朔城区 at version 1 for a case that changes one.
func freshVillageID(t *testing.T, app *apptest.App) string {
	t.Helper()
	admin := app.MustLogin(t, cityAdmin).AccessToken
	var out struct{ CreateUnit struct{ ID string } }
	app.Query(t, admin, `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, map[string]any{"i": villageInput()}).MustDecode(t, &out)
	return out.CreateUnit.ID
}

// readersOfVillage: a 朔城区 village is readable by everyone but a department user of another sector.
var readersOfVillage = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: campaign.ENOTFOUND, analyst: ok}, ok, notFound, notFound)

func inspectionVars(unitID string) map[string]any {
	var results []map[string]any
	for _, code := range []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"} {
		results = append(results, map[string]any{"standardCode": code, "result": "MET"})
	}
	return map[string]any{"unitId": unitID, "inspectedOn": "2021-04-01", "kind": "COUNTY", "inspectingBody": "朔城区应急管理局",
		"results": results, "hazards": []map[string]any{{"level": "GENERAL", "description": "灭火器过期"}}}
}

func incidentVars(unitID string) map[string]any {
	return map[string]any{"unitId": unitID, "occurredAt": "2021-05-01T10:00:00+08:00", "kind": "火灾", "deaths": 0,
		"seriousInjuries": 0, "injuries": 1, "directLossWan": 2.5}
}

type inspected struct{ inspection, hazard string }

// freshInspection records, as the city admin, an inspection of a new 朔城区 village with one
// general hazard (version 1, FOUND).
func freshInspection(t *testing.T, app *apptest.App) inspected {
	t.Helper()
	admin := app.MustLogin(t, cityAdmin).AccessToken
	var out struct {
		RecordInspection struct {
			ID      string
			Hazards []struct{ ID string }
		}
	}
	app.Query(t, admin, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id hazards { id } } }`,
		map[string]any{"i": inspectionVars(freshVillageID(t, app))}).MustDecode(t, &out)
	return inspected{out.RecordInspection.ID, out.RecordInspection.Hazards[0].ID}
}

// freshIncident reports, as the city admin, an incident at a new 朔城区 village.
func freshIncident(t *testing.T, app *apptest.App) string {
	t.Helper()
	admin := app.MustLogin(t, cityAdmin).AccessToken
	var out struct{ ReportIncident struct{ ID string } }
	app.Query(t, admin, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`,
		map[string]any{"i": incidentVars(freshVillageID(t, app))}).MustDecode(t, &out)
	return out.ReportIncident.ID
}

func freshVillage(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
	return map[string]any{"id": freshVillageID(t, app)}
}

// freshUserID creates a throwaway user for mutations that change or end an account.
func freshUserID(t *testing.T, app *apptest.App) string {
	t.Helper()
	u, err := app.Accounts.CreateUserUnchecked(context.Background(), accounts.NewUser{
		Username: fmt.Sprintf("target_%d_%d", time.Now().UnixNano()%1e9, userSeq.Add(1)), DisplayName: "目标用户",
		Password: "target-password", Role: campaign.RoleAnalyst,
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(u.ID)
}

type operation struct {
	field  string // the Query or Mutation field the case covers
	query  string
	vars   func(t *testing.T, app *apptest.App, s apptest.Session) map[string]any
	expect map[string]string
	// inputCode is what an allowed caller gets when the case's input is deliberately refused after
	// the permission check (so the matrix does not change the demo users' passwords).
	inputCode string
	// upload, when set, is a CSV file sent as variable $f in a multipart request.
	upload string
}

func none(*testing.T, *apptest.App, apptest.Session) map[string]any { return nil }

var operations = []operation{
	{field: "counties", query: `{ counties { code } }`, vars: none, expect: signedIn},
	{field: "county", query: `{ county(code: "140602") { name } }`, vars: none, expect: signedIn},
	{field: "towns", query: `{ towns(countyCode: "140602") { code } }`, vars: none, expect: signedIn},
	{field: "sectors", query: `{ sectors { number } }`, vars: none, expect: signedIn},
	{field: "sector", query: `{ sector(number: 5) { name } }`, vars: none, expect: signedIn},
	{field: "departments", query: `{ departments { code } }`, vars: none, expect: signedIn},
	{field: "department", query: `{ department(code: "emergency") { name } }`, vars: none, expect: signedIn},
	{field: "unitCategories", query: `{ unitCategories { code targetGroup } }`, vars: none, expect: signedIn},
	{field: "targets", query: `{ targets { year } }`, vars: none, expect: signedIn},
	{field: "creationStandards", query: `{ creationStandards { code } }`, vars: none, expect: signedIn},
	{field: "reportingDeadlines", query: `{ reportingDeadlines(year: 2020) { due } }`, vars: none, expect: signedIn},
	{field: "me", query: `{ me { username } }`, vars: none, expect: signedIn},
	{field: "users", query: `{ users(first: 5) { totalCount } }`, vars: none, expect: managers},
	{field: "units", query: `{ units(first: 5) { totalCount } }`, vars: none, expect: signedIn},
	{field: "unit", query: `query($id: ID!) { unit(id: $id) { name } }`, vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
		return map[string]any{"id": townVillageID(t, app, "140602100")}
	}, expect: field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: campaign.ENOTFOUND, analyst: ok}, ok, ok, ok)}, // 神头镇's first village: unit_69's own, in grid 1
	{field: "createUnit", query: `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, vars: newVillage, expect: editors},
	{field: "updateUnit", query: `mutation($id: ID!, $i: UnitInput!) { updateUnit(id: $id, version: 1, input: $i) { id } }`,
		vars: func(t *testing.T, app *apptest.App, s apptest.Session) map[string]any {
			v := newVillage(t, app, s)
			v["id"] = freshVillageID(t, app)
			return v
		}, expect: editorsNotFound},
	{field: "archiveUnit", query: `mutation($id: ID!) { archiveUnit(id: $id, version: 1) { archived } }`, vars: freshVillage, expect: editorsNotFound},
	{field: "restoreUnit", query: `mutation($id: ID!) { restoreUnit(id: $id, version: 1) { archived } }`, vars: freshVillage, expect: editorsNotFound, inputCode: campaign.EINVALID},
	{field: "setSafetyOfficers", query: `mutation($id: ID!) { setSafetyOfficers(unitId: $id, version: 1, officers: []) { id } }`, vars: freshVillage, expect: editorsNotFound},
	{field: "importUnits", query: `mutation($f: Upload!) { importUnits(file: $f, dryRun: true) { validRows } }`, vars: none,
		upload: "单位名称,单位类别,行业领域编号,县(市、区),乡镇(街道),纳入创建日期\n矩阵导入村,村(社区),18,朔城区,神头镇,2020-01-01\n",
		expect: editors},
	{field: "inspections", query: `{ inspections(first: 5) { totalCount } }`, vars: none, expect: signedIn},
	{field: "hazards", query: `{ hazards(first: 5, filter: {overdue: true}) { totalCount } }`, vars: none, expect: signedIn},
	{field: "incidents", query: `{ incidents(first: 5) { totalCount } }`, vars: none, expect: signedIn},
	{field: "inspection", query: `query($id: ID!) { inspection(id: $id) { kind } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).inspection}
		}, expect: readersOfVillage},
	{field: "hazard", query: `query($id: ID!) { hazard(id: $id) { state } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, expect: readersOfVillage},
	{field: "incident", query: `query($id: ID!) { incident(id: $id) { severity } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshIncident(t, app)}
		}, expect: readersOfVillage},
	{field: "recordInspection", query: `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"i": inspectionVars(freshVillageID(t, app))}
		}, expect: recorders},
	{field: "advanceHazard", query: `mutation($id: ID!) { advanceHazard(input: {id: $id, version: 1, to: RECTIFYING}) { state } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, expect: recorders},
	{field: "reopenHazard", query: `mutation($id: ID!) { reopenHazard(id: $id, version: 1, reason: "复查") { state } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, expect: recorders, inputCode: campaign.EINVALID}, // a FOUND hazard cannot be reopened
	{field: "reportIncident", query: `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"i": incidentVars(freshVillageID(t, app))}
		}, expect: recorders},
	{field: "updateIncident", query: `mutation($id: ID!, $i: IncidentInput!) { updateIncident(id: $id, version: 1, input: $i) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			id := freshIncident(t, app)
			var unit string
			if err := app.DB.Raw(context.Background(), &unit, "SELECT unit_id::text FROM incidents WHERE id = ?", id); err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": id, "i": incidentVars(unit)}
		}, expect: recorders},
	{field: "certifyUnits", query: `mutation($id: ID!) { certifyUnits(year: 2021, unitIds: [$id]) { certified } }`, vars: freshVillage,
		expect: editorsNotFound},
	{field: "blacklistUnit", query: `mutation($id: ID!) { blacklistUnit(unitId: $id, reason: "严重违法违规") { id } }`, vars: freshVillage,
		expect: field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: forbid, deptUser: campaign.ENOTFOUND, analyst: forbid}, forbid, notFound, notFound)},
	{field: "removeFromBlacklist", query: `mutation($id: ID!) { removeFromBlacklist(entryId: $id, reason: "整改到位") { removedOn } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			admin := app.MustLogin(t, cityAdmin).AccessToken
			var out struct{ BlacklistUnit struct{ ID string } }
			app.Query(t, admin, `mutation($id: ID!) { blacklistUnit(unitId: $id, reason: "严重违法违规") { id } }`,
				map[string]any{"id": freshVillageID(t, app)}).MustDecode(t, &out)
			return map[string]any{"id": out.BlacklistUnit.ID}
		}, expect: field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: forbid, deptUser: campaign.ENOTFOUND, analyst: forbid}, forbid, notFound, notFound)},
	{field: "stats", query: `{ stats(year: 2021, groupBy: [COUNTY, CATEGORY, MONTH]) { units } }`, vars: none, expect: signedIn},
	{field: "targetAttainment", query: `{ targetAttainment(year: 2021) { total { villageRate } } }`, vars: none, expect: signedIn},
	{field: "table1", query: `{ table1(year: 2021) { totals { total } } }`, vars: none, expect: signedIn},
	{field: "liaisons", query: `{ liaisons { name mobile } }`, vars: none, expect: signedIn},
	{field: "savedQueries", query: `{ savedQueries { name } }`, vars: none, expect: workbenchUsers},
	{field: "setTarget", query: `mutation { setTarget(year: 2030, village: 0.9, enterprise: 0.95) { year } }`, vars: none, expect: cityOnly},
	{field: "setLiaison", query: `mutation($n: String!) { setLiaison(input: {countyCode: "140621", role: LEADER, name: $n, post: "副县长", mobile: "13912341119"}) { id } }`,
		// only the city admin gets through, once per test database: it creates the liaison
		vars: func(*testing.T, *apptest.App, apptest.Session) map[string]any {
			return map[string]any{"n": fmt.Sprintf("联络员%d", userSeq.Add(1))}
		}, expect: cityOnly},
	{field: "saveQuery", query: `mutation($n: String!) { saveQuery(name: $n, query: "{ me { id } }") { id } }`,
		vars: func(*testing.T, *apptest.App, apptest.Session) map[string]any {
			return map[string]any{"n": fmt.Sprintf("矩阵查询%d", userSeq.Add(1))}
		}, expect: workbenchUsers},
	{field: "deleteSavedQuery", query: `mutation($id: ID!) { deleteSavedQuery(id: $id) }`,
		vars: func(t *testing.T, app *apptest.App, s apptest.Session) map[string]any {
			// the caller's own query where it may have one; the analyst's otherwise
			token := s.AccessToken
			if code := app.Query(t, token, `{ savedQueries { id } }`, nil).Code(); code != "" {
				token = app.MustLogin(t, analyst).AccessToken
			}
			var out struct{ SaveQuery struct{ ID string } }
			app.Query(t, token, `mutation($n: String!) { saveQuery(name: $n, query: "{ me { id } }") { id } }`,
				map[string]any{"n": fmt.Sprintf("待删查询%d", userSeq.Add(1))}).MustDecode(t, &out)
			return map[string]any{"id": out.SaveQuery.ID}
		}, expect: workbenchUsers},
	{field: "login", query: `mutation { login(username: "analyst", password: "Demo@2026") { accessToken } }`, vars: none, expect: everyone},
	{field: "refreshToken", query: `mutation($t: String!) { refreshToken(token: $t) { accessToken } }`,
		vars: func(t *testing.T, _ *apptest.App, s apptest.Session) map[string]any {
			return map[string]any{"t": s.RefreshToken}
		}, expect: everyone},
	{field: "logout", query: `mutation($r: String) { logout(refreshToken: $r) }`,
		vars: func(t *testing.T, _ *apptest.App, s apptest.Session) map[string]any {
			return map[string]any{"r": s.RefreshToken}
		}, expect: signedIn},
	{field: "changePassword", query: `mutation { changePassword(oldPassword: "not-the-password", newPassword: "whatever-new-1") }`,
		vars: none, expect: signedIn, inputCode: campaign.EINVALID},
	{field: "createUser", query: `mutation($u: String!) { createUser(input: {username: $u, displayName: "新用户", password: "new-user-pass", role: ANALYST}) { id } }`,
		vars: func(*testing.T, *apptest.App, apptest.Session) map[string]any {
			return map[string]any{"u": fmt.Sprintf("new_%d_%d", time.Now().UnixNano()%1e9, userSeq.Add(1))}
		}, expect: cityOnly},
	{field: "updateUser", query: `mutation($id: ID!) { updateUser(input: {id: $id, version: 1, displayName: "改名"}) { displayName } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshUserID(t, app)}
		}, expect: managersNotFound},
	{field: "deactivateUser", query: `mutation($id: ID!) { deactivateUser(id: $id, version: 1) { active } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshUserID(t, app)}
		}, expect: managersNotFound},
	{field: "resetPassword", query: `mutation($id: ID!) { resetPassword(id: $id, newPassword: "reset-pass-123") }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshUserID(t, app)}
		}, expect: managersNotFound},
	{field: "createUnitOfficers", query: `mutation($id: ID!) { createUnitOfficers(input: {unitIds: [$id]}) { created { username } } }`,
		vars: freshVillage, expect: field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: forbid, analyst: forbid}, ok, forbid, forbid)},
	{field: "grids", query: `{ grids(first: 5) { totalCount edges { node { name workers { username } unitCount } } } }`, vars: none, expect: signedIn},
	{field: "grid", query: `query($id: ID!) { grid(id: $id) { name } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": workerGridID(t, app)}
		}, expect: field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: ok}, ok, ok, ok)},
	{field: "createGrid", query: `mutation($n: String!) { createGrid(input: {townCode: "140602100", name: $n}) { id } }`,
		vars: func(*testing.T, *apptest.App, apptest.Session) map[string]any {
			return map[string]any{"n": fmt.Sprintf("矩阵网格%d", userSeq.Add(1))}
		}, expect: gridManagers},
	{field: "renameGrid", query: `mutation($id: ID!, $n: String!) { renameGrid(id: $id, version: 1, name: $n) { name } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshGridID(t, app), "n": fmt.Sprintf("改名网格%d", userSeq.Add(1))}
		}, expect: gridEditors},
	{field: "deleteGrid", query: `mutation($id: ID!) { deleteGrid(id: $id, version: 1) }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshGridID(t, app)}
		}, expect: gridEditors},
	{field: "setGridUnits", query: `mutation($id: ID!, $u: ID!) { setGridUnits(id: $id, version: 1, unitIds: [$u]) { unitCount } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshGridID(t, app), "u": freshVillageID(t, app)}
		}, expect: gridEditors},
	{field: "setGridWorkers", query: `mutation($id: ID!) { setGridWorkers(id: $id, version: 1, userIds: []) { workers { username } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshGridID(t, app)}
		}, expect: gridEditors},
	{field: "myTodo", query: `{ myTodo { counts { total } items(first: 5) { totalCount edges { node { kind link unit { id } hazard { id } } } } } }`,
		vars: none, expect: signedIn},
}

// managers: who manages accounts (the city office, county and town admins).
var managers = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: forbid, analyst: forbid}, ok, forbid, forbid)

// managersNotFound: as managers, for an analyst's account, which only the city office manages: the
// county and town admins do not even see it.
var managersNotFound = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: notFound, deptUser: forbid, analyst: forbid}, notFound, forbid, forbid)

// gridManagers: who defines 神头镇's grids.
var gridManagers = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: forbid, analyst: forbid}, ok, forbid, forbid)

// gridEditors: as gridManagers, for a fresh grid of 神头镇 that the department user and the grid
// worker (not assigned to it) cannot see, and the unit officer sees but may not change.
var gridEditors = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: forbid}, ok, notFound, forbid)

// workerGridID is the grid gridWorker is assigned to.
func workerGridID(t *testing.T, app *apptest.App) string {
	t.Helper()
	var id int64
	if err := app.DB.Raw(context.Background(), &id, `SELECT min(w.grid_id) FROM grid_workers w JOIN users u ON u.id = w.user_id WHERE u.username = ?`, gridWorker); err != nil || id == 0 {
		t.Fatalf("grid of %s: %d %v", gridWorker, id, err)
	}
	return fmt.Sprint(id)
}

// freshGridID creates, as the city admin, a new grid of 神头镇 at version 1.
func freshGridID(t *testing.T, app *apptest.App) string {
	t.Helper()
	admin := app.MustLogin(t, cityAdmin).AccessToken
	var out struct{ CreateGrid struct{ ID string } }
	app.Query(t, admin, `mutation($n: String!) { createGrid(input: {townCode: "140602100", name: $n}) { id } }`,
		map[string]any{"n": fmt.Sprintf("新网格%d", userSeq.Add(1))}).MustDecode(t, &out)
	return out.CreateGrid.ID
}

func TestAuthorizationMatrix(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	for _, op := range operations {
		for _, role := range roles {
			t.Run(op.field+"/"+role, func(t *testing.T) {
				// a fresh session per case: logout and refresh end the one they are given
				loginAs := role
				if role == anonymous {
					loginAs = analyst // anonymous callers may still present someone's refresh token
				}
				s := app.MustLogin(t, loginAs)
				token := s.AccessToken
				if role == anonymous {
					token = ""
				}
				var res apptest.Result
				if op.upload != "" {
					res = app.Upload(t, token, op.query, op.vars(t, app, s), "f", "matrix.csv", []byte(op.upload))
				} else {
					res = app.Query(t, token, op.query, op.vars(t, app, s))
				}
				want, listed := op.expect[role]
				if !listed {
					t.Fatalf("no expectation for role %s", role)
				}
				if want == ok && op.inputCode != "" {
					want = op.inputCode
				}
				if got := res.Code(); got != want {
					t.Fatalf("code %q, want %q (errors %+v)", got, want, res.Errors)
				}
				if want == ok && len(res.Data) < 5 {
					t.Fatalf("allowed but no data: %s", res.Data)
				}
			})
		}
	}
}

// Every root field of the schema must be in the matrix: a new operation cannot ship untested.
func TestMatrixCoversSchema(t *testing.T) {
	files, err := filepath.Glob("schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("schema files: %v %v", files, err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	covered := map[string]bool{}
	for _, op := range operations {
		covered[op.field] = true
	}
	var missing []string
	for _, typ := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range typ.Fields {
			if len(f.Name) > 2 && f.Name[:2] == "__" {
				continue
			}
			if !covered[f.Name] {
				missing = append(missing, typ.Name+"."+f.Name)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("operations without a row in the authorization matrix: %v", missing)
	}
}

// Counts in lists follow the caller's scope: a county admin counts only its own county's units.
func TestUnitCountsFollowScope(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	var total int
	if err := app.DB.Raw(context.Background(), &total, "SELECT count(*) FROM units WHERE archived_on IS NULL"); err != nil {
		t.Fatal(err)
	}
	var own int
	if err := app.DB.Raw(context.Background(), &own, "SELECT count(*) FROM units WHERE archived_on IS NULL AND county_code = '140602'"); err != nil {
		t.Fatal(err)
	}
	if own == 0 || own == total {
		t.Fatalf("test data: %d units in 140602 of %d", own, total)
	}
	var town, grid int
	if err := app.DB.Raw(context.Background(), &town, "SELECT count(*) FROM units WHERE archived_on IS NULL AND town_code = '140602100'"); err != nil {
		t.Fatal(err)
	}
	if err := app.DB.Raw(context.Background(), &grid, `SELECT count(*) FROM units WHERE archived_on IS NULL AND grid_id IN
		(SELECT grid_id FROM grid_workers w JOIN users u ON u.id = w.user_id WHERE u.username = ?)`, gridWorker); err != nil {
		t.Fatal(err)
	}
	if town < 2 || grid < 2 || grid >= town {
		t.Fatalf("test data: %d units in 140602100, %d in the grid", town, grid)
	}
	cases := []struct {
		user      string
		wantTotal int
		wantOther int // units counted outside 140602
	}{
		{cityAdmin, total, total - own},
		{analyst, total, total - own},
		{countyAdmin, own, 0},
		{deptUser, 0, 0}, // 市住建局 leads 建筑施工; the seeded villages are in sector 18
		{townAdmin, town, 0},
		{gridWorker, grid, 0},
		{unitOfficer, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			var out struct {
				Counties []struct {
					Code      string
					UnitCount int
					Towns     []struct{ UnitCount int }
				}
			}
			s := app.MustLogin(t, c.user)
			app.Query(t, s.AccessToken, `{ counties { code unitCount towns { unitCount } } }`, nil).MustDecode(t, &out)
			sum, other, townSum := 0, 0, 0
			for _, county := range out.Counties {
				sum += county.UnitCount
				if county.Code != "140602" {
					other += county.UnitCount
				}
				for _, town := range county.Towns {
					townSum += town.UnitCount
				}
			}
			if sum != c.wantTotal || other != c.wantOther || townSum != c.wantTotal {
				t.Fatalf("counted %d (towns %d), %d outside 140602; want %d, %d", sum, townSum, other, c.wantTotal, c.wantOther)
			}
		})
	}
}
