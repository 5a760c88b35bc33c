package graph_test

import (
	"context"
	"fmt"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

func statements(t *testing.T, app *apptest.App, token, query string, vars map[string]any) int64 {
	t.Helper()
	app.Statements.Store(0)
	if res := app.Query(t, token, query, vars); res.Code() != "" {
		t.Fatalf("%s: %+v", query, res.Errors)
	}
	return app.Statements.Load()
}

// A town admin defines grids; a unit is in at most one; the grids list with its workers and unit
// counts costs the same number of statements for one grid as for a page of them.
func TestGrids(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	ctx := context.Background()
	town := app.MustLogin(t, townAdmin).AccessToken
	var units []string
	if err := app.DB.Raw(ctx, &units, `SELECT id::text FROM units WHERE town_code = '140602100' ORDER BY id LIMIT 3`); err != nil || len(units) < 3 {
		t.Fatalf("units: %v %v", units, err)
	}
	var workers []string
	if err := app.DB.Raw(ctx, &workers, `SELECT id::text FROM users WHERE town_code = '140602100' AND role = 'GRID_WORKER' ORDER BY id LIMIT 2`); err != nil || len(workers) < 2 {
		t.Fatalf("workers: %v %v", workers, err)
	}
	var g struct {
		CreateGrid struct{ ID string }
	}
	app.Query(t, town, `mutation { createGrid(input: {townCode: "140602100", name: "测试网格"}) { id } }`, nil).MustDecode(t, &g)
	if code := app.Query(t, town, `mutation { createGrid(input: {townCode: "140602100", name: "测试网格"}) { id } }`, nil).Code(); code != campaign.ECONFLICT {
		t.Errorf("a second grid of the same name: %q", code)
	}
	if code := app.Query(t, town, `mutation { createGrid(input: {townCode: "140602100", name: ""}) { id } }`, nil).Code(); code != campaign.EINVALID {
		t.Errorf("an empty name: %q", code)
	}
	var set struct {
		SetGridUnits struct {
			UnitCount int
			Version   int
		}
	}
	app.Query(t, town, `mutation($id: ID!, $u: [ID!]!) { setGridUnits(id: $id, version: 1, unitIds: $u) { unitCount version } }`,
		map[string]any{"id": g.CreateGrid.ID, "u": units}).MustDecode(t, &set)
	if set.SetGridUnits.UnitCount != 3 {
		t.Errorf("grid holds %d units, want 3", set.SetGridUnits.UnitCount)
	}
	// the units left their old grids: a unit is in at most one
	var in int
	if err := app.DB.Raw(ctx, &in, `SELECT count(*) FROM units WHERE id IN ? AND grid_id = ?`, units, g.CreateGrid.ID); err != nil || in != 3 {
		t.Errorf("units in the grid: %d %v", in, err)
	}
	if code := app.Query(t, town, `mutation($id: ID!, $u: [ID!]!) { setGridUnits(id: $id, version: 2, unitIds: $u) { unitCount } }`,
		map[string]any{"id": g.CreateGrid.ID, "u": []string{townVillageID(t, app, "140602101")}}).Code(); code != campaign.EINVALID {
		t.Errorf("a unit of another town: %q", code)
	}
	if code := app.Query(t, town, `mutation($id: ID!, $w: [ID!]!) { setGridWorkers(id: $id, version: 2, userIds: $w) { workers { username } } }`,
		map[string]any{"id": g.CreateGrid.ID, "w": workers}).Code(); code != ok {
		t.Errorf("setGridWorkers: %q", code)
	}
	if code := app.Query(t, town, `mutation($id: ID!) { setGridWorkers(id: $id, version: 2, userIds: ["1"]) { id } }`,
		map[string]any{"id": g.CreateGrid.ID}).Code(); code != campaign.ECONFLICT {
		t.Errorf("a stale version: %q", code)
	}
	const list = `query($first: Int!) { grids(townCode: "140602100", first: $first) { totalCount edges { node { name town { name } county { name } workers { username town { name } } unitCount } } } }`
	one := statements(t, app, town, list, map[string]any{"first": 1})
	many := statements(t, app, town, list, map[string]any{"first": 20})
	if one != many {
		t.Errorf("one grid costs %d statements, twenty %d: the cost grows with the rows", one, many)
	}
	// one grid's page of units (Grid.units is a connection per grid, like Unit.hazards)
	const gridUnits = `query($id: ID!, $first: Int!) { grid(id: $id) { units(first: $first) { totalCount edges { node { name town { name } grid { name workers { username } } } } } } }`
	if one, many := statements(t, app, town, gridUnits, map[string]any{"id": g.CreateGrid.ID, "first": 1}),
		statements(t, app, town, gridUnits, map[string]any{"id": g.CreateGrid.ID, "first": 3}); one != many {
		t.Errorf("a grid's units: one %d statements, three %d", one, many)
	}
	if code := app.Query(t, town, `mutation($id: ID!) { deleteGrid(id: $id, version: 3) }`, map[string]any{"id": g.CreateGrid.ID}).Code(); code != ok {
		t.Errorf("deleteGrid: %q", code)
	}
	if err := app.DB.Raw(ctx, &in, `SELECT count(*) FROM units WHERE id IN ? AND grid_id IS NOT NULL`, units); err != nil || in != 0 {
		t.Errorf("units still in a grid after its deletion: %d %v", in, err)
	}
}

// 我的待办: per role, and its cost does not grow with the page.
func TestMyTodo(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	own := townVillageID(t, app, "140602100")
	admin := app.MustLogin(t, cityAdmin).AccessToken
	vars := inspectionVars(own)
	vars["inspectedOn"] = "2021-04-01"
	vars["hazards"] = []map[string]any{{"level": "GENERAL", "description": "过期灭火器", "deadline": "2021-05-01"},
		{"level": "GENERAL", "description": "通道堵塞"}}
	app.Query(t, admin, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`, map[string]any{"i": vars}).MustDecode(t, &struct{}{})
	type todo struct {
		MyTodo struct {
			Counts struct{ Rectify, Verify, Overdue, SelfCheckDue, PatrolDue, Total int }
			Items  struct {
				TotalCount int
				Edges      []struct {
					Cursor string
					Node   struct {
						Kind, Link string
						Unit       struct{ ID string }
						Hazard     *struct{ ID string }
					}
				}
				PageInfo struct{ HasNextPage bool }
			}
		}
	}
	const q = `query($first: Int, $after: String, $kind: TodoKind) { myTodo { counts { rectify verify overdue selfCheckDue patrolDue total }
		items(first: $first, after: $after, kind: $kind) { totalCount pageInfo { hasNextPage } edges { cursor node { kind link deadline unit { id name town { name } } hazard { id state } } } } } }`
	officer := app.MustLogin(t, unitOfficer).AccessToken
	var o todo
	app.Query(t, officer, q, map[string]any{"first": 50}).MustDecode(t, &o)
	c := o.MyTodo.Counts
	if c.Rectify < 2 || c.Overdue < 1 || c.SelfCheckDue != 1 || c.Verify != 0 || c.PatrolDue != 0 {
		t.Errorf("the unit officer's counts: %+v", c)
	}
	for _, e := range o.MyTodo.Items.Edges {
		if e.Node.Unit.ID != own {
			t.Errorf("an item of unit %s in a unit officer's list", e.Node.Unit.ID)
		}
		if e.Node.Link == "" {
			t.Errorf("an item without a link: %+v", e.Node)
		}
	}
	// paging walks every item once
	seen, after := 0, any(nil)
	for range 20 {
		var p todo
		app.Query(t, officer, q, map[string]any{"first": 1, "after": after}).MustDecode(t, &p)
		seen += len(p.MyTodo.Items.Edges)
		if !p.MyTodo.Items.PageInfo.HasNextPage {
			break
		}
		after = p.MyTodo.Items.Edges[0].Cursor
	}
	if seen != o.MyTodo.Items.TotalCount || seen != len(o.MyTodo.Items.Edges) {
		t.Errorf("paged %d items, listed %d, counted %d", seen, len(o.MyTodo.Items.Edges), o.MyTodo.Items.TotalCount)
	}
	// the grid worker patrols its grid's units; the town admin verifies what the unit rectified
	var w todo
	app.Query(t, app.MustLogin(t, gridWorker).AccessToken, q, map[string]any{"first": 5, "kind": "PATROL_DUE"}).MustDecode(t, &w)
	if w.MyTodo.Counts.PatrolDue == 0 || w.MyTodo.Counts.Rectify != 0 || w.MyTodo.Items.TotalCount != w.MyTodo.Counts.PatrolDue {
		t.Errorf("the grid worker's counts: %+v, items %d", w.MyTodo.Counts, w.MyTodo.Items.TotalCount)
	}
	var h struct {
		Hazards struct{ Edges []struct{ Node struct{ ID string } } }
	}
	app.Query(t, officer, `{ hazards(first: 1) { edges { node { id } } } }`, nil).MustDecode(t, &h)
	app.Query(t, officer, `mutation($id: ID!) { advanceHazard(input: {id: $id, version: 1, to: RECTIFYING}) { state } }`,
		map[string]any{"id": h.Hazards.Edges[0].Node.ID}).MustDecode(t, &struct{}{})
	var ta todo
	app.Query(t, app.MustLogin(t, townAdmin).AccessToken, q, map[string]any{"first": 5, "kind": "VERIFY"}).MustDecode(t, &ta)
	found := false
	for _, e := range ta.MyTodo.Items.Edges {
		found = found || (e.Node.Hazard != nil && e.Node.Hazard.ID == h.Hazards.Edges[0].Node.ID)
	}
	if !found || ta.MyTodo.Counts.Verify == 0 {
		t.Errorf("the town admin's list lacks the rectified hazard: %+v", ta.MyTodo)
	}
	// the analyst only reads
	var an todo
	app.Query(t, app.MustLogin(t, analyst).AccessToken, q, map[string]any{"first": 5}).MustDecode(t, &an)
	if an.MyTodo.Counts.Total != 0 {
		t.Errorf("an analyst has to-do items: %+v", an.MyTodo.Counts)
	}
	// statement counts: one page or twenty items, the same
	town := app.MustLogin(t, townAdmin).AccessToken
	one := statements(t, app, town, q, map[string]any{"first": 1})
	many := statements(t, app, town, q, map[string]any{"first": 20})
	if one != many || many > 12 {
		t.Errorf("to-do: one item %d statements, twenty %d (want equal, at most 12)", one, many)
	}
	if code := app.Query(t, town, q, map[string]any{"first": 1, "after": "bm9wZQ"}).Code(); code != campaign.EINVALID {
		t.Errorf("a bad cursor: %q", code)
	}
	_ = fmt.Sprint
}
