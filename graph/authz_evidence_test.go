package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"zeroaccident/server/apptest"
)

// The rows below share their inspections, hazards and incidents (one set per test server), so the
// matrix does not fill 神头镇 with villages and unit_69 with hazards that other tests count.
var (
	sharedMu   sync.Mutex
	sharedRows = map[*apptest.App]map[string][3]string{}
)

func shared(t *testing.T, app *apptest.App, key string, make func() [3]string) [3]string {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedRows[app] == nil {
		sharedRows[app] = map[string][3]string{}
	}
	if v, ok := sharedRows[app][key]; ok {
		return v
	}
	v := make()
	sharedRows[app][key] = v
	return v
}

// villageRows: an inspection with its hazard, and an incident, at a fresh 朔城区 village.
func villageRows(t *testing.T, app *apptest.App) (inspection, hazard, incident string) {
	v := shared(t, app, "village", func() [3]string {
		in := freshInspection(t, app)
		return [3]string{in.inspection, in.hazard, freshIncident(t, app)}
	})
	return v[0], v[1], v[2]
}

// townInspection records, as the city admin, a county inspection with one general hazard, and an
// incident, at a unit of grid_140602100_1's grid other than unit_69's, where the town admin and the
// grid worker act and the unit officer sees nothing; once per test server.
func townInspection(t *testing.T, app *apptest.App) (inspection, hazard, incident string) {
	t.Helper()
	v := shared(t, app, "grid", func() [3]string {
		i, h, n := recordInGrid(t, app)
		return [3]string{i, h, n}
	})
	return v[0], v[1], v[2]
}

func recordInGrid(t *testing.T, app *apptest.App) (inspection, hazard, incident string) {
	admin := app.MustLogin(t, cityAdmin).AccessToken
	var id int64
	if err := app.DB.Raw(context.Background(), &id, `SELECT u.id FROM units u JOIN users o ON o.username = ?
		WHERE u.grid_id = (SELECT grid_id FROM units WHERE id = o.unit_id) AND u.id <> o.unit_id ORDER BY u.id LIMIT 1`, unitOfficer); err != nil || id == 0 {
		t.Fatalf("a unit in the grid worker's grid: %d %v", id, err)
	}
	unit := fmt.Sprint(id)
	var out struct {
		RecordInspection struct {
			ID      string
			Hazards []struct{ ID string }
		}
		ReportIncident struct{ ID string }
	}
	app.Query(t, admin, `mutation($i: InspectionInput!, $n: IncidentInput!) { recordInspection(input: $i) { id hazards { id } } reportIncident(input: $n) { id } }`,
		map[string]any{"i": inspectionVars(unit), "n": incidentVars(unit)}).MustDecode(t, &out)
	return out.RecordInspection.ID, out.RecordInspection.Hazards[0].ID, out.ReportIncident.ID
}

// inTown: readers and writers of a unit in the grid worker's grid: the town admin and the grid
// worker act on its hazards (reporting rectification) and inspections, only the town admin on its
// incidents; the unit officer of another unit does not see it. (The unit officer's own unit:
// server/events/steps_test.go and server/files.)
var inTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: forbid}, ok, ok, notFound)
var incidentsInTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: forbid}, ok, forbid, notFound)
var readersInTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: ok}, ok, ok, notFound)

// The attachments' rows of the authorization matrix (issue 12, point 6), kept apart from the main
// list so that the people and evidence branches merge without touching the same lines.
func init() { operations = append(operations, evidenceOperations...) }

// matrixPDF is the smallest file every attachment owner accepts.
const matrixPDF = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"

var evidenceOperations = []operation{
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: HAZARD, id: $id}, file: $f) { id url } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, h, _ := villageRows(t, app)
			return map[string]any{"id": h}
		}, upload: matrixPDF, expect: recorders},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INCIDENT, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, _, n := villageRows(t, app)
			return map[string]any{"id": n}
		}, upload: matrixPDF, expect: recorders},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INSPECTION, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			i, _, _ := villageRows(t, app)
			return map[string]any{"id": i}
		}, upload: matrixPDF, expect: recorders},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: HAZARD, id: $id}, stage: AFTER, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, h, _ := townInspection(t, app)
			return map[string]any{"id": h}
		}, upload: matrixPDF, expect: inTown},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INSPECTION, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			i, _, _ := townInspection(t, app)
			return map[string]any{"id": i}
		}, upload: matrixPDF, expect: inTown},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INCIDENT, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, _, n := townInspection(t, app)
			return map[string]any{"id": n}
		}, upload: matrixPDF, expect: incidentsInTown},
	{field: "hazard", query: `query($id: ID!) { hazard(id: $id) { attachments { id } nextSteps { step allowed reason } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, h, _ := townInspection(t, app)
			return map[string]any{"id": h}
		}, expect: readersInTown},
	// nested: a row's files are read with the row
	{field: "hazard", query: `query($id: ID!) { hazard(id: $id) { attachments { id url thumbnailUrl } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, h, _ := villageRows(t, app)
			return map[string]any{"id": h}
		}, expect: readersOfVillage},
	{field: "inspection", query: `query($id: ID!) { inspection(id: $id) { attachments { id } hazards { attachments(stage: AFTER) { id } } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			i, _, _ := villageRows(t, app)
			return map[string]any{"id": i}
		}, expect: readersOfVillage},
	{field: "incident", query: `query($id: ID!) { incident(id: $id) { attachments { id } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			_, _, n := villageRows(t, app)
			return map[string]any{"id": n}
		}, expect: readersOfVillage},
}
