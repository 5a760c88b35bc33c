package graph_test

import (
	"strings"
	"testing"

	"zeroaccident/server/apptest"
)

// The audit log stores rows with stable camelCase names, not Go's field names, and analysts
// still see the phones in it masked.
func TestAuditJSONNames(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	id := freshVillageID(t, app)
	admin := app.MustLogin(t, cityAdmin).AccessToken
	in := with(villageInput(), "principalPhone", "13912345678")
	app.Query(t, admin, `mutation($id: ID!, $i: UnitInput!) { updateUnit(id: $id, version: 1, input: $i) { id } }`, map[string]any{"id": id, "i": in}).MustDecode(t, &struct{}{})
	for user, phone := range map[string]string{cityAdmin: "13912345678", analyst: "139****5678"} {
		var out struct {
			Unit struct {
				ChangeLog struct {
					Edges []struct {
						Node struct{ Before, After *string }
					}
				}
			}
		}
		app.Query(t, app.MustLogin(t, user).AccessToken, `query($id: ID!) { unit(id: $id) { changeLog { edges { node { before after } } } } }`,
			map[string]any{"id": id}).MustDecode(t, &out)
		if len(out.Unit.ChangeLog.Edges) == 0 || out.Unit.ChangeLog.Edges[0].Node.After == nil {
			t.Fatalf("%s: no change log: %+v", user, out)
		}
		after := strings.ReplaceAll(*out.Unit.ChangeLog.Edges[0].Node.After, `": `, `":`)
		for _, want := range []string{`"principalPhone":"` + phone + `"`, `"countyCode":"140602"`, `"id":`} {
			if !strings.Contains(after, want) {
				t.Errorf("%s: the stored row %s lacks %s", user, after, want)
			}
		}
		if strings.Contains(after, `"CountyCode"`) || strings.Contains(after, `"ID"`) {
			t.Errorf("%s: Go field names in the audit log: %s", user, after)
		}
	}
}
