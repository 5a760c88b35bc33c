package graph_test

import (
	"testing"

	"zeroaccident/server/apptest"
)

// The attachments' rows of the authorization matrix (issue 12, point 6), kept apart from the main
// list so that the people and evidence branches merge without touching the same lines.
func init() { operations = append(operations, evidenceOperations...) }

// matrixPDF is the smallest file every attachment owner accepts.
const matrixPDF = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"

var evidenceOperations = []operation{
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: HAZARD, id: $id}, file: $f) { id url } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).hazard}
		}, upload: matrixPDF, expect: editorsNotFound},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INCIDENT, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshIncident(t, app)}
		}, upload: matrixPDF, expect: editorsNotFound},
	{field: "uploadAttachment", query: `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: INSPECTION, id: $id}, file: $f) { id } }`,
		vars: func(t *testing.T, app *apptest.App, _ apptest.Session) map[string]any {
			return map[string]any{"id": freshInspection(t, app).inspection}
		}, upload: matrixPDF, expect: editorsNotFound},
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
