package graph_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

func TestReferenceData(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, analyst).AccessToken
	var out struct {
		Counties []struct {
			Name  string
			Towns []struct{ Code string }
		}
		Sectors []struct {
			Number          int
			Name            string
			LeadDepartments []struct{ Name string }
		}
		Departments    []struct{ Code string }
		UnitCategories []struct {
			Code, TargetGroup string
		}
		Targets []struct {
			Year                int
			Village, Enterprise float64
		}
		CreationStandards []struct{ Code string }
		Y2020             []struct{ Due, What string } `json:"y2020"`
		Y2025             []struct {
			Due       string
			Recurring bool
		} `json:"y2025"`
	}
	app.Query(t, token, `{
		counties { name towns { code } }
		sectors { number name leadDepartments { name } }
		departments { code }
		unitCategories { code targetGroup }
		targets { year village enterprise }
		creationStandards { code }
		y2020: reportingDeadlines(year: 2020) { due what }
		y2025: reportingDeadlines(year: 2025) { due recurring }
	}`, nil).MustDecode(t, &out)

	var names []string
	towns := 0
	for _, c := range out.Counties {
		names = append(names, c.Name)
		towns += len(c.Towns)
	}
	if got := strings.Join(names, ","); got != "朔城区,平鲁区,山阴县,应县,右玉县,山西朔州经济开发区,怀仁市" {
		t.Errorf("counties: %s", got)
	}
	if towns != 72 {
		t.Errorf("towns: %d, want 72", towns)
	}
	if len(out.Sectors) != 25 {
		t.Fatalf("sectors: %d, want 25", len(out.Sectors))
	}
	if s := out.Sectors[4]; s.Number != 5 || s.Name != "道路交通运输" || len(s.LeadDepartments) != 2 ||
		s.LeadDepartments[0].Name != "市交通局" || s.LeadDepartments[1].Name != "市公安交警支队" {
		t.Errorf("sector 5: %+v", s)
	}
	if len(out.Departments) != 24 || len(out.UnitCategories) != 11 || len(out.CreationStandards) != 10 {
		t.Errorf("departments %d, categories %d, standards %d", len(out.Departments), len(out.UnitCategories), len(out.CreationStandards))
	}
	villages := 0
	for _, c := range out.UnitCategories {
		if c.TargetGroup == "VILLAGE" {
			villages++
		}
	}
	if villages != 1 || out.UnitCategories[0].Code != "village_community" {
		t.Errorf("only 村(社区) is in the village group: %+v", out.UnitCategories)
	}
	if len(out.Targets) != 3 || out.Targets[0].Year != 2020 || out.Targets[0].Village != 0.75 || out.Targets[2].Enterprise != 0.9 {
		t.Errorf("targets: %+v", out.Targets)
	}
	var due []string
	for _, d := range out.Y2020 {
		due = append(due, d.Due)
	}
	if got := strings.Join(due, ","); got != "2020-01-15,2020-05-10,2020-05-15,2020-06-25,2020-07-15" {
		t.Errorf("2020 deadlines: %s", got)
	}
	if len(out.Y2025) != 2 || out.Y2025[0].Due != "2025-01-15" || out.Y2025[1].Due != "2025-07-15" || !out.Y2025[0].Recurring {
		t.Errorf("2025 deadlines: %+v", out.Y2025)
	}
}

// Nested reference fields are batched: the statement count does not grow with the number of
// counties, towns or sectors in the answer.
func TestReferenceQueriesAreBatched(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	count := func(query string) int64 {
		t.Helper()
		app.Statements.Store(0)
		if res := app.Query(t, token, query, nil); res.Code() != "" {
			t.Fatalf("%s: %+v", query, res.Errors)
		}
		return app.Statements.Load()
	}
	all := count(`{ counties { unitCount towns { name unitCount county { name } } } sectors { leadDepartments { name sectors { number } } } }`)
	one := count(`{ county(code: "140623") { unitCount towns { name unitCount county { name } } } sector(number: 5) { leadDepartments { name sectors { number } } } }`)
	// 1 authentication + counties + towns + county counts + town counts + sectors + leads + led sectors
	if all > 8 {
		t.Errorf("all counties and sectors cost %d statements, want at most 8", all)
	}
	if all != one {
		t.Errorf("7 counties cost %d statements, one county %d: the cost grows with the rows", all, one)
	}
}

func TestQueryLimits(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, analyst).AccessToken
	deep := "{ counties { towns { county { towns { county { towns { county { towns { county { towns { county { towns { county { towns { county { towns { name } } } } } } } } } } } } } } } } }"
	aliases := "{" + strings.Repeat("a0: me { id } ", 1)
	for i := 1; i <= 31; i++ {
		aliases += " a" + strings.Repeat("x", i) + ": me { id }"
	}
	aliases += " }"
	cases := []struct {
		name, query string
		code        string
	}{
		{"too deep", deep, "QUERY_TOO_COMPLEX"},
		{"too many aliases", aliases, "QUERY_TOO_COMPLEX"},
		{"too complex", "{" + strings.Repeat(" u%d: users(first: 200) { edges { node { county { towns { county { name } } } } } }", 5) + "}", "COMPLEXITY_LIMIT_EXCEEDED"},
		{"too many tokens", "{ " + strings.Repeat("me { id } ", 2000) + "}", "GRAPHQL_PARSE_FAILED"},
		{"no suggestions", `{ me { usernam } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for i := range cases {
		// number the aliases of repeated fields
		for n := 0; strings.Contains(cases[i].query, "%d"); n++ {
			cases[i].query = strings.Replace(cases[i].query, "%d", fmt.Sprint(n), 1)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := app.Query(t, token, c.query, nil)
			if res.Code() != c.code {
				t.Fatalf("code %q, want %q: %+v", res.Code(), c.code, res.Errors)
			}
			if strings.Contains(res.Errors[0].Message, "Did you mean") {
				t.Fatalf("the error suggests field names: %s", res.Errors[0].Message)
			}
			if res.Status < 400 {
				t.Fatalf("status %d for a refused operation", res.Status)
			}
		})
	}

	t.Run("batch", func(t *testing.T) {
		res := app.Post(t, token, "application/json", []byte(`[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]`))
		if res.Status != 400 || res.Code() != "BAD_REQUEST" {
			t.Fatalf("batched request: %d %+v", res.Status, res.Errors)
		}
	})
	t.Run("mutation over GET", func(t *testing.T) {
		res := app.Get(t, token, "query="+url.QueryEscape(`mutation { logout }`))
		if res.Status != 405 || res.Code() != "BAD_REQUEST" {
			t.Fatalf("mutation over GET: %d %+v", res.Status, res.Errors)
		}
	})
	t.Run("query over GET", func(t *testing.T) {
		res := app.Get(t, token, "query="+url.QueryEscape(`{ me { username } }`))
		if res.Status != 200 || res.Code() != "" {
			t.Fatalf("query over GET: %d %+v", res.Status, res.Errors)
		}
	})
	t.Run("body too large", func(t *testing.T) {
		body := `{"query":"{ me { id } }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`
		res := app.Post(t, token, "application/json", []byte(body))
		if res.Status != 413 || res.Code() != "BAD_REQUEST" {
			t.Fatalf("a 2 MiB body: %d %+v", res.Status, res.Errors)
		}
	})
}

func TestIntrospectionOnlyForSignedInUsers(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	const q = `{ __schema { queryType { name } } }`
	if res := app.Query(t, "", q, nil); len(res.Errors) == 0 {
		t.Fatalf("anonymous introspection was answered: %s", res.Data)
	}
	token := app.MustLogin(t, analyst).AccessToken
	var out struct {
		Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
	}
	app.Query(t, token, q, nil).MustDecode(t, &out)
	if out.Schema.QueryType.Name != "Query" {
		t.Fatalf("introspection: %+v", out)
	}
}

func TestAnonymousCallersOnlyReachLogin(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	res := app.Query(t, "", `{ counties { name } }`, nil)
	if res.Code() != campaign.EUNAUTHENTICATED || string(res.Data) != "null" {
		t.Fatalf("anonymous counties: %s %+v", res.Data, res.Errors)
	}
	res = app.Query(t, "not.a.token", `{ me { id } }`, nil)
	if res.Code() != campaign.EUNAUTHENTICATED {
		t.Fatalf("a garbage token: %+v", res.Errors)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	cases := []struct {
		name, query, field string
	}{
		{"username", `mutation { createUser(input: {username: "X y", displayName: "某人", password: "long-enough-1", role: ANALYST}) { id } }`, "username"},
		{"short password", `mutation { createUser(input: {username: "short_pw", displayName: "某人", password: "short", role: ANALYST}) { id } }`, "password"},
		{"county admin without county", `mutation { createUser(input: {username: "no_county", displayName: "某人", password: "long-enough-1", role: COUNTY_ADMIN}) { id } }`, "countyCode"},
		{"unknown county", `mutation { createUser(input: {username: "bad_county", displayName: "某人", password: "long-enough-1", role: COUNTY_ADMIN, countyCode: "999999"}) { id } }`, "countyCode"},
		{"page size", `{ users(first: 1000) { totalCount } }`, "first"},
		{"cursor", `{ users(after: "garbage") { totalCount } }`, "after"},
		{"year", `{ reportingDeadlines(year: 1999) { due } }`, "year"},
	}
	for i := range cases {
		// number the aliases of repeated fields
		for n := 0; strings.Contains(cases[i].query, "%d"); n++ {
			cases[i].query = strings.Replace(cases[i].query, "%d", fmt.Sprint(n), 1)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := app.Query(t, token, c.query, nil)
			if res.Code() != campaign.EINVALID || res.Field() != c.field {
				t.Fatalf("got %q field %q, want BAD_USER_INPUT on %q: %+v", res.Code(), res.Field(), c.field, res.Errors)
			}
		})
	}
	var n int
	if err := app.DB.Raw(t.Context(), &n, "SELECT count(*) FROM users WHERE username IN ('short_pw', 'no_county', 'bad_county')"); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("refused input wrote %d users", n)
	}
}

func TestUsersPagination(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, cityAdmin).AccessToken
	type page struct {
		Users struct {
			TotalCount int
			Edges      []struct{ Node struct{ Username string } }
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	seen := map[string]bool{}
	var after *string
	total := -1
	for pages := 0; pages < 100; pages++ {
		var p page
		app.Query(t, token, `query($a: String) { users(first: 7, after: $a) { totalCount edges { node { username } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"a": after}).MustDecode(t, &p)
		total = p.Users.TotalCount
		for _, e := range p.Users.Edges {
			if seen[e.Node.Username] {
				t.Fatalf("%s on two pages", e.Node.Username)
			}
			seen[e.Node.Username] = true
		}
		if !p.Users.PageInfo.HasNextPage {
			break
		}
		after = p.Users.PageInfo.EndCursor
	}
	if len(seen) != total || total < 33 {
		t.Fatalf("walked %d users, totalCount %d", len(seen), total)
	}
}
