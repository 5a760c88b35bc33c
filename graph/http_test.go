package graph_test

import (
	"net/http"
	"testing"

	"zeroaccident/server/apptest"
)

// Answers with personal data or tokens are never stored by a browser or a proxy.
func TestAnswersAreNotCached(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	for name, res := range map[string]apptest.Result{
		"a query":      app.Query(t, token, `{ me { username } }`, nil),
		"a refusal":    app.Query(t, token, `{ unit(id: "999999999") { id } }`, nil),
		"a sign-in":    app.Login(t, cityAdmin, "wrong-password"),
		"a GET query":  app.Get(t, token, "query=%7B%20me%20%7B%20id%20%7D%20%7D"),
		"an anonymous": app.Query(t, "", `{ me { id } }`, nil),
	} {
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", name, got)
		}
	}
	for _, path := range []string{"/export/units.csv", "/export/liaisons.xlsx", "/export/table1.xlsx?year=1800"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, app.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s (%d): Cache-Control %q, want no-store", path, res.StatusCode, got)
		}
	}
}

// The login payload's user is filled in as me is: county and department included.
func TestLoginPayloadUserIsComplete(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	const q = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { username county { code name } department { code name } } } }`
	for user, want := range map[string][2]string{countyAdmin: {"140602", ""}, deptUser: {"", "housing_construction"}} {
		var out struct {
			Login struct {
				User struct {
					County, Department *struct{ Code, Name string }
				}
			}
		}
		app.Query(t, "", q, map[string]any{"u": user, "p": "Demo@2026"}).MustDecode(t, &out)
		u := out.Login.User
		if want[0] != "" && (u.County == nil || u.County.Code != want[0] || u.County.Name == "") {
			t.Errorf("%s: county %+v, want %s", user, u.County, want[0])
		}
		if want[1] != "" && (u.Department == nil || u.Department.Code != want[1] || u.Department.Name == "") {
			t.Errorf("%s: department %+v, want %s", user, u.Department, want[1])
		}
	}
}
