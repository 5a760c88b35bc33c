package report_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var seq atomic.Int64

// fixture is what the test registered in 右玉县 (140623) and knows without asking the pivot.
type fixture struct {
	// expected[year][category] = {units, zero-accident units} of the units the test created
	expected map[int]map[string][2]int
}

type planned struct {
	category, sector string
	enrolled         string
	archived         string // "" = never
	incidentYears    []int
}

// registerFixture creates units with known enrolments, archives and incidents, so the expected
// figures follow from the plan alone.
func registerFixture(t *testing.T, app *apptest.App) fixture {
	t.Helper()
	admin := app.MustLogin(t, "city_admin").AccessToken
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	plans := []planned{
		{"school", "11", "2019-12-31", "", nil},
		{"school", "11", "2019-12-31", "", []int{2021}},
		{"school", "11", "2021-06-01", "", []int{2022, 2022}},
		{"school", "11", "2022-12-31", "", nil},
		{"hospital", "16", "2019-12-31", "2021-12-31", []int{2020}},
		{"hospital", "16", "2019-12-31", "2022-01-01", nil},
		{"hospital", "16", "2020-05-05", "", []int{2022}},
	}
	f := fixture{expected: map[int]map[string][2]int{}}
	for _, p := range plans {
		in := map[string]any{"name": fmt.Sprintf("统计测试单位%d", seq.Add(1)), "categoryCode": p.category, "sectorNumber": mustAtoi(p.sector),
			"countyCode": "140623", "townCode": "140623100", "address": "新城镇", "creditCode": campaign.NewCreditCode(rnd, "12", "140623"),
			"principalName": "负责人", "principalPhone": "13912341119", "enrolledOn": p.enrolled}
		var out struct{ CreateUnit struct{ ID string } }
		app.Query(t, admin, `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, map[string]any{"i": in}).MustDecode(t, &out)
		id := out.CreateUnit.ID
		for _, y := range p.incidentYears {
			app.Query(t, admin, `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, map[string]any{"i": map[string]any{
				"unitId": id, "occurredAt": fmt.Sprintf("%d-07-01T10:00:00+08:00", y), "kind": "火灾", "deaths": 0, "seriousInjuries": 0, "injuries": 0, "directLossWan": 1}}).MustDecode(t, &struct{}{})
		}
		if p.archived != "" {
			app.Query(t, admin, `mutation($id: ID!, $d: Date) { archiveUnit(id: $id, version: 1, archivedOn: $d) { id } }`, map[string]any{"id": id, "d": p.archived}).MustDecode(t, &struct{}{})
		}
		enrolled, _ := time.Parse(time.DateOnly, p.enrolled)
		for y := 2020; y <= 2023; y++ {
			var archived *time.Time
			if p.archived != "" {
				a, _ := time.Parse(time.DateOnly, p.archived)
				archived = &a
			}
			// the rule, stated again here on purpose: enrolled by the year's end, not archived before it began
			active := enrolled.Year() <= y && (archived == nil || archived.Year() >= y)
			if !active {
				continue
			}
			vetoed := false
			for _, iy := range p.incidentYears {
				vetoed = vetoed || iy == y
			}
			if f.expected[y] == nil {
				f.expected[y] = map[string][2]int{}
			}
			c := f.expected[y][p.category]
			c[0]++
			if !vetoed {
				c[1]++
			}
			f.expected[y][p.category] = c
		}
	}
	return f
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

type statRow struct {
	County            *struct{ Code string }
	Category          *struct{ Code string }
	Units             int
	ZeroAccidentUnits int
}

type table1 struct {
	Table1 struct {
		AsOf string
		Rows []struct {
			County struct{ Code string }
			Cells  []struct {
				Category            struct{ Code string }
				Total, ZeroAccident int
			}
			Total, ZeroAccident int
		}
		Totals struct{ Total, ZeroAccident int }
	}
}

// Stats, 附表1 and the counts known from the inserted rows agree, for several scopes.
func TestStatsAndTable1Agree(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	fx := registerFixture(t, app)
	var villages int
	if err := app.DB.Raw(context.Background(), &villages, "SELECT count(*) FROM units WHERE county_code = '140623' AND category_code = 'village_community'"); err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2020, 2021, 2022} {
		for _, user := range []string{"city_admin", "analyst", "county_admin_140623", "county_admin_140602", "dept_education"} {
			t.Run(fmt.Sprintf("%d/%s", year, user), func(t *testing.T) {
				token := app.MustLogin(t, user).AccessToken
				var st struct{ Stats []statRow }
				app.Query(t, token, `query($y: Int!) { stats(year: $y, groupBy: [COUNTY, CATEGORY], filter: {countyCode: "140623"}) { county { code } category { code } units zeroAccidentUnits } }`,
					map[string]any{"y": year}).MustDecode(t, &st)
				var tb table1
				app.Query(t, token, `query($y: Int!) { table1(year: $y) { asOf rows { county { code } cells { category { code } total zeroAccident } total zeroAccident } totals { total zeroAccident } } }`,
					map[string]any{"y": year}).MustDecode(t, &tb)

				fromStats := map[string][2]int{}
				for _, r := range st.Stats {
					fromStats[r.Category.Code] = [2]int{r.Units, r.ZeroAccidentUnits}
				}
				fromTable := map[string][2]int{}
				rowsOf140623 := 0
				for _, row := range tb.Table1.Rows {
					if row.County.Code == "140623" {
						rowsOf140623++
						for _, c := range row.Cells {
							if c.Total > 0 {
								fromTable[c.Category.Code] = [2]int{c.Total, c.ZeroAccident}
							}
						}
					}
				}
				expected := map[string][2]int{}
				switch user {
				case "county_admin_140602":
					// another county: nothing of 右玉县
				case "dept_education":
					// 市教育局 leads sector 11: only the schools
					expected["school"] = fx.expected[year]["school"]
				default:
					for cat, n := range fx.expected[year] {
						expected[cat] = n
					}
					// villages of the reference seed have no incidents in this test database
					expected["village_community"] = [2]int{villages, villages}
				}
				for cat, n := range expected {
					if n[0] == 0 {
						delete(expected, cat)
					}
				}
				if fmt.Sprint(fromStats) != fmt.Sprint(expected) {
					t.Errorf("stats: %v, want %v", fromStats, expected)
				}
				if fmt.Sprint(fromTable) != fmt.Sprint(expected) {
					t.Errorf("table1: %v, want %v", fromTable, expected)
				}
				wantRows := map[string]int{"county_admin_140602": 0, "dept_education": 1}
				if want, ok := wantRows[user]; ok && rowsOf140623 != want || !ok && rowsOf140623 != 1 {
					t.Errorf("table1 has %d rows for 右玉县", rowsOf140623)
				}
				if user == "county_admin_140623" && len(tb.Table1.Rows) != 1 {
					t.Errorf("a county admin's 附表1 has %d rows", len(tb.Table1.Rows))
				}
				sum := 0
				for _, row := range tb.Table1.Rows {
					sum += row.Total
				}
				if sum != tb.Table1.Totals.Total {
					t.Errorf("total row %d, rows sum to %d", tb.Table1.Totals.Total, sum)
				}
				if tb.Table1.AsOf != fmt.Sprintf("%d-12-31", year) {
					t.Errorf("asOf %s", tb.Table1.AsOf)
				}
			})
		}
	}
}

func TestTable1Workbook(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	var tb table1
	app.Query(t, token, `{ table1(year: 2021) { rows { county { code } total zeroAccident } totals { total zeroAccident } } }`, nil).MustDecode(t, &tb)
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/export/table1.xlsx?year=2021", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	get := func(cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get("A2") != "全市“零事故”村(社区)、企业、单位统计表" || get("A4") != "县(市区)" || get("B4") != "村(社区)" ||
		get("B5") != "总数量" || get("C5") != "零事故数量" || get("V4") != "其它" || get("W5") != "零事故数量" {
		t.Fatalf("headers: A2=%q A4=%q B4=%q B5=%q C5=%q V4=%q W5=%q", get("A2"), get("A4"), get("B4"), get("B5"), get("C5"), get("V4"), get("W5"))
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	ranges := map[string]bool{}
	for _, m := range merged {
		ranges[m.GetStartAxis()+":"+m.GetEndAxis()] = true
	}
	for _, want := range []string{"A2:W2", "A4:A5", "B4:C4", "D4:E4", "V4:W4"} {
		if !ranges[want] {
			t.Errorf("missing merged cells %s (have %v)", want, ranges)
		}
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	// rows 6..12 are the 7 counties, 13 the total, then the two notes
	names := []string{"朔城区", "平鲁区", "山阴县", "应县", "右玉县", "山西朔州经济开发区", "怀仁市"}
	sumTotals := 0
	for i, name := range names {
		r := rows[5+i]
		if r[0] != name {
			t.Fatalf("row %d is %q, want %s", 6+i, r[0], name)
		}
		for c := 1; c < len(r); c += 2 {
			sumTotals += mustAtoi(r[c])
		}
	}
	total := rows[5+len(names)]
	totalUnits := 0
	for c := 1; c < len(total); c += 2 {
		totalUnits += mustAtoi(total[c])
	}
	if total[0] != "合计" || totalUnits != sumTotals || totalUnits != tb.Table1.Totals.Total {
		t.Fatalf("total row %v: %d, counties sum to %d, API says %d", total[:3], totalUnits, sumTotals, tb.Table1.Totals.Total)
	}
	if rows[6+len(names)][0] != "注:1.统计基数以2019年12月31日为标准。" || rows[7+len(names)][0] != "2.“零事故”是指零安全事故。" {
		t.Fatalf("notes: %v %v", rows[6+len(names)], rows[7+len(names)])
	}
}

func TestTargets(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	county := app.MustLogin(t, "county_admin_140602").AccessToken
	if code := app.Query(t, county, `mutation { setTarget(year: 2027, village: 0.85, enterprise: 0.93) { year } }`, nil).Code(); code != campaign.EFORBIDDEN {
		t.Fatalf("a county admin set a target: %q", code)
	}
	if res := app.Query(t, admin, `mutation { setTarget(year: 2027, village: 85, enterprise: 0.93) { year } }`, nil); res.Code() != campaign.EINVALID || res.Field() != "village" {
		t.Fatalf("85 (not a fraction): %+v", res.Errors)
	}
	app.Query(t, admin, `mutation { setTarget(year: 2027, village: 0.85, enterprise: 0.93) { year } }`, nil).MustDecode(t, &struct{}{})
	var out struct{ Targets []struct{ Year int } }
	app.Query(t, admin, `{ targets { year } }`, nil).MustDecode(t, &out)
	if len(out.Targets) != 4 || out.Targets[3].Year != 2027 {
		t.Fatalf("targets: %+v", out)
	}
	var rep struct {
		TargetAttainment struct {
			Target struct{ Village float64 }
			Total  struct {
				VillageUnits, VillageZeroAccident int
				VillageRate                       float64
				VillageMet                        bool
			}
			Counties []struct{ County struct{ Code string } }
		}
	}
	app.Query(t, county, `{ targetAttainment(year: 2021) { target { village } total { villageUnits villageZeroAccident villageRate villageMet } counties { county { code } } } }`, nil).MustDecode(t, &rep)
	tr := rep.TargetAttainment
	if tr.Target.Village != 0.78 || len(tr.Counties) != 1 || tr.Counties[0].County.Code != "140602" || tr.Total.VillageUnits == 0 ||
		tr.Total.VillageRate != float64(tr.Total.VillageZeroAccident)/float64(tr.Total.VillageUnits) || tr.Total.VillageMet != (tr.Total.VillageRate >= 0.78) {
		t.Fatalf("attainment: %+v", tr)
	}
}

func TestSavedQueries(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	analyst := app.MustLogin(t, "analyst").AccessToken
	admin := app.MustLogin(t, "city_admin").AccessToken
	county := app.MustLogin(t, "county_admin_140602").AccessToken
	name := fmt.Sprintf("各县零事故率%d", seq.Add(1))
	var saved struct{ SaveQuery struct{ ID string } }
	app.Query(t, analyst, `mutation($n: String!) { saveQuery(name: $n, query: "{ targetAttainment(year: 2021) { total { villageRate } } }", variables: "{}", shared: true) { id } }`,
		map[string]any{"n": name}).MustDecode(t, &saved)
	if res := app.Query(t, analyst, `mutation { saveQuery(name: "坏查询", query: "{ units {") { id } }`, nil); res.Field() != "query" {
		t.Fatalf("an unparsable query was saved: %+v", res.Errors)
	}
	if code := app.Query(t, county, `{ savedQueries { id } }`, nil).Code(); code != campaign.EFORBIDDEN {
		t.Fatalf("a county admin reads saved queries: %q", code)
	}
	var list struct {
		SavedQueries []struct {
			ID, Owner string
			Mine      bool
		}
	}
	app.Query(t, admin, `{ savedQueries { id owner mine } }`, nil).MustDecode(t, &list)
	found := false
	for _, q := range list.SavedQueries {
		found = found || q.ID == saved.SaveQuery.ID && q.Owner == "analyst" && !q.Mine
	}
	if !found {
		t.Fatalf("the shared query is not listed for the city admin: %+v", list)
	}
	if code := app.Query(t, admin, `mutation($id: ID!) { deleteSavedQuery(id: $id) }`, map[string]any{"id": saved.SaveQuery.ID}).Code(); code != campaign.EFORBIDDEN {
		t.Fatalf("someone else deleted the query: %q", code)
	}
	app.Query(t, analyst, `mutation($id: ID!) { deleteSavedQuery(id: $id) }`, map[string]any{"id": saved.SaveQuery.ID}).MustDecode(t, &struct{}{})
}
