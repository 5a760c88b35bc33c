package graph_test

import (
	"testing"

	"zeroaccident/server/apptest"
)

// townInspection records, as the city admin, a county inspection with one general hazard, and an
// incident, at unit_69's village (神头镇, in grid_140602100_1's grid), where the field roles act.
func townInspection(t *testing.T, app *apptest.App) (inspection, hazard, incident string) {
	t.Helper()
	admin := app.MustLogin(t, cityAdmin).AccessToken
	unit := townVillageID(t, app, "140602100")
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

// inTown: readers and writers of unit_69's village: every field role acts on its hazards
// (reporting rectification) and inspections, not on its incidents.
var inTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: forbid}, ok, ok, ok)
var incidentsInTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: forbid}, ok, forbid, forbid)
var readersInTown = field(map[string]string{anonymous: unauth, cityAdmin: ok, countyAdmin: ok, deptUser: notFound, analyst: ok}, ok, ok, ok)

// The attachments' rows of the authorization matrix (issue 12, point 6), kept apart from the main
// list so that the people and evidence branches merge without touching the same lines.
func init() { operations = append(operations, evidenceOperations...) }

// matrixPDF is the smallest file every attachment owner accepts.
const matrixPDF = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"

var evidenceOperations = []operation{
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: HAZARD, id: $id}, file: $f) { id url } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, upload: matrixPDF, expect: recorders},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INCIDENT, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshIncident(t, app)}
		}, upload: matrixPDF, expect: recorders},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INSPECTION, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).inspection}
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
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, expect: readersOfVillage},
	{field: "inspection", query: `query($id: ID!) { inspection(id: $id) { attachments { id } hazards { attachments(stage: AFTER) { id } } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).inspection}
		}, expect: readersOfVillage},
	{field: "incident", query: `query($id: ID!) { incident(id: $id) { attachments { id } } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshIncident(t, app)}
		}, expect: readersOfVillage},
}
