package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

var importHeader = []string{"单位名称*", "单位类别*", "行业领域编号*", "县(市、区)*", "乡镇(街道)*", "地址", "统一社会信用代码",
	"主要负责人", "联系电话", "市直单位", "纳入创建日期*", "安全员姓名", "安全员电话", "安全员类型"}

func importRow(t testing.TB, name, county, town string) []string {
	return []string{name, "厂矿(企业)", "1", county, town, "示例地址8号", creditCode(t), "赵六", "13912341119", "否", "2020-01-01",
		"李四；王五", "13812345678；0349-2345678", "专职；兼职"}
}

func csvFile(t testing.TB, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(append([][]string{importHeader}, rows...)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type importResult struct {
	DryRun                         bool
	TotalRows, ValidRows, Imported int
	Errors                         []struct {
		Row            int
		Field, Message string
	}
}

// upload sends importUnits as a GraphQL multipart request, as the app does.
func upload(t testing.TB, app *apptest.App, token, filename string, content []byte, dryRun, validOnly bool) (importResult, apptest.Result) {
	t.Helper()
	res := app.Upload(t, token, `mutation($f: Upload!, $d: Boolean, $v: Boolean) { importUnits(file: $f, dryRun: $d, validOnly: $v) { dryRun totalRows validRows imported errors { row field message } } }`,
		map[string]any{"d": dryRun, "v": validOnly}, "f", filename, content)
	var out struct{ ImportUnits importResult }
	if res.Code() == "" {
		res.MustDecode(t, &out)
	}
	return out.ImportUnits, res
}

func countNamed(t *testing.T, app *apptest.App, prefix string) int {
	t.Helper()
	var n int
	if err := app.DB.Raw(context.Background(), &n, "SELECT count(*) FROM units WHERE name LIKE ?", prefix+"%"); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportWithOneBadRowWritesNothing(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	prefix := fmt.Sprintf("导入测试%d号", seq.Add(1))
	rows := [][]string{
		importRow(t, prefix+"甲煤业有限公司", "朔城区", "神头镇"),
		importRow(t, prefix+"乙煤业有限公司", "140602", "140602100"),
		importRow(t, prefix+"丙煤业有限公司", "朔城区", "神头镇"),
	}
	rows[1][8] = "12345" // bad phone on file row 3

	res, raw := upload(t, app, token, "units.csv", csvFile(t, rows), false, false)
	if raw.Code() != "" {
		t.Fatalf("%+v", raw.Errors)
	}
	if res.TotalRows != 3 || res.ValidRows != 2 || res.Imported != 0 || len(res.Errors) != 1 ||
		res.Errors[0].Row != 3 || res.Errors[0].Field != "principalPhone" {
		t.Fatalf("result: %+v", res)
	}
	if n := countNamed(t, app, prefix); n != 0 {
		t.Fatalf("%d units written although a row failed", n)
	}

	t.Run("dry run writes nothing", func(t *testing.T) {
		rows[1][8] = "13912341119"
		res, _ := upload(t, app, token, "units.csv", csvFile(t, rows), true, false)
		if !res.DryRun || res.ValidRows != 3 || res.Imported != 0 || len(res.Errors) != 0 || countNamed(t, app, prefix) != 0 {
			t.Fatalf("dry run: %+v", res)
		}
	})
	t.Run("valid only imports the good rows with their officers", func(t *testing.T) {
		rows[1][8] = "12345"
		res, _ := upload(t, app, token, "units.csv", csvFile(t, rows), false, true)
		if res.Imported != 2 || countNamed(t, app, prefix) != 2 {
			t.Fatalf("valid only: %+v", res)
		}
		var officers int
		if err := app.DB.Raw(context.Background(), &officers, `SELECT count(*) FROM safety_officers o JOIN units u ON u.id = o.unit_id WHERE u.name LIKE ?`, prefix+"%"); err != nil {
			t.Fatal(err)
		}
		if officers != 4 {
			t.Fatalf("%d safety officers, want 4", officers)
		}
		var audited int
		if err := app.DB.Raw(context.Background(), &audited, `SELECT count(*) FROM audit_log WHERE action = 'importUnit' AND after->>'name' LIKE ?`, prefix+"%"); err != nil {
			t.Fatal(err)
		}
		if audited != 2 {
			t.Fatalf("%d audit rows, want 2", audited)
		}
	})
	t.Run("the same credit codes again are refused", func(t *testing.T) {
		res, _ := upload(t, app, token, "units.csv", csvFile(t, [][]string{rows[0]}), false, false)
		if res.Imported != 0 || len(res.Errors) != 1 || res.Errors[0].Field != "creditCode" {
			t.Fatalf("%+v", res)
		}
	})
}

func TestImportRowsOfAnotherCountyFail(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "county_admin_140602").AccessToken
	prefix := fmt.Sprintf("越界导入%d号", seq.Add(1))
	res, _ := upload(t, app, token, "units.csv", csvFile(t, [][]string{importRow(t, prefix+"煤业有限公司", "平鲁区", "井坪镇")}), false, false)
	if len(res.Errors) != 1 || res.Errors[0].Field != "countyCode" || res.Imported != 0 {
		t.Fatalf("%+v", res)
	}
	if code := func() string {
		_, raw := upload(t, app, app.MustLogin(t, "analyst").AccessToken, "units.csv", csvFile(t, nil), false, false)
		return raw.Code()
	}(); code != campaign.EFORBIDDEN {
		t.Fatalf("an analyst's import: %q", code)
	}
}

// The downloadable template, filled in, imports; and an XLSX export reads back.
func TestTemplateAndExportRoundTrip(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	tmpl := download(t, app, token, "/export/units-template.xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	sheet := book.GetSheetName(0)
	prefix := fmt.Sprintf("模板导入%d号", seq.Add(1))
	row := importRow(t, prefix+"煤业有限公司", "应县", "金城镇")
	if err := book.SetSheetRow(sheet, "A2", &row); err != nil {
		t.Fatal(err)
	}
	var filled bytes.Buffer
	if err := book.Write(&filled); err != nil {
		t.Fatal(err)
	}
	res, raw := upload(t, app, token, "filled.xlsx", filled.Bytes(), false, false)
	if raw.Code() != "" || res.Imported != 1 {
		t.Fatalf("import of the filled template: %+v %+v", res, raw.Errors)
	}

	csvText := string(download(t, app, token, "/export/units.csv?search="+prefix))
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 2 || records[0][1] != "单位名称" || records[1][1] != prefix+"煤业有限公司" || records[1][4] != "应县" || records[1][12] != "李四；王五" {
		t.Fatalf("CSV export: %v", records)
	}
	xlsx := download(t, app, token, "/export/units.xlsx?search="+prefix)
	out, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	got, err := out.GetRows(out.GetSheetName(0))
	if err != nil || len(got) != 2 || got[1][1] != prefix+"煤业有限公司" {
		t.Fatalf("XLSX export: %v %v", got, err)
	}

	// the same export for a county admin of another county has no rows, and analysts see masked phones
	other := app.MustLogin(t, "county_admin_140603").AccessToken
	if n := strings.Count(string(download(t, app, other, "/export/units.csv?search="+prefix)), "\n"); n != 1 {
		t.Fatalf("another county's admin exported %d lines", n)
	}
	analyst := app.MustLogin(t, "analyst").AccessToken
	if text := string(download(t, app, analyst, "/export/units.csv?search="+prefix)); !strings.Contains(text, "139****1119") || strings.Contains(text, "13912341119") {
		t.Fatalf("analyst export shows phones: %s", text)
	}
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/export/units.csv", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous export: %d", resp.StatusCode)
	}
}

func download(t *testing.T, app *apptest.App, token, path string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, app.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b
}
