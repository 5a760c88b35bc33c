package registry_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

// zipBomb returns a small XLSX workbook whose sheet unzips to about size bytes.
func zipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var tmpl bytes.Buffer
	f := excelize.NewFile()
	if err := f.Write(&tmpl); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(tmpl.Bytes()), int64(tmpl.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name == "xl/worksheets/sheet1.xml" {
			row := []byte(`<row><c t="inlineStr"><is><t>零事故创建单位零事故创建单位</t></is></c></row>`)
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			for n := 0; n < size; n += len(row) {
				_, _ = w.Write(row)
			}
			_, _ = io.WriteString(w, `</sheetData></worksheet>`)
			continue
		}
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func tempFiles(t *testing.T) int {
	m, _ := filepath.Glob(filepath.Join(os.TempDir(), "excelize-*"))
	return len(m)
}

// An XLSX import is read within limits on its unzipped size: a small workbook that unzips to
// hundreds of megabytes is refused, and leaves no temporary file behind.
func TestImportOfAZipBombIsRefused(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	bomb := zipBomb(t, 100<<20)
	t.Logf("a %d KB workbook that unzips to 100 MB", len(bomb)>>10)
	before := tempFiles(t)
	_, res := upload(t, app, token, "bomb.xlsx", bomb, true, false)
	// refused for its size, not for what it holds (it has no header row either)
	if res.Code() != campaign.EINVALID || res.Field() != "file" || !strings.Contains(res.Errors[0].Message, "unzips") {
		t.Fatalf("zip bomb: %+v", res.Errors)
	}
	if n := tempFiles(t) - before; n > 0 {
		t.Fatalf("the import left %d temporary files", n)
	}
}

// Multipart requests (with their larger body limit) are for the operations that take an upload.
func TestMultipartOnlyForUploads(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	big := bytes.Repeat([]byte("x"), 2<<20)
	res := app.Upload(t, token, `{ me { username } }`, nil, "f", "pad.txt", big)
	if res.Status != http.StatusRequestEntityTooLarge && res.Status != http.StatusBadRequest {
		t.Fatalf("a 2 MiB multipart query: %d %+v", res.Status, res.Errors)
	}
	res = app.Upload(t, token, `mutation { logout }`, nil, "f", "x.txt", []byte("x"))
	if res.Status != http.StatusBadRequest || res.Code() != "BAD_REQUEST" {
		t.Fatalf("a multipart mutation without an upload: %d %+v", res.Status, res.Errors)
	}
	// the import itself still goes through
	if _, res := upload(t, app, token, "units.csv", csvFile(t, [][]string{importRow(t, "多部件测试厂", "140602", "140602100")}), true, false); res.Code() != "" {
		t.Fatalf("import: %+v", res.Errors)
	}
}

// Every CSV export neutralises cells a spreadsheet would run as a formula.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, "city_admin").AccessToken
	payloads := []string{"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"}
	for i, p := range payloads {
		in := map[string]any{"name": "公式测试" + string(rune('A'+i)) + "厂", "categoryCode": "factory_mine", "sectorNumber": 1, "countyCode": "140602",
			"townCode": "140602100", "address": p, "creditCode": creditCode(t), "principalName": "赵六", "principalPhone": "13912341119", "enrolledOn": "2020-01-01"}
		if res := app.Query(t, token, `mutation($i: UnitInput!) { createUnit(input: $i) { id } }`, map[string]any{"i": in}); res.Code() != "" {
			t.Fatalf("create %q: %+v", p, res.Errors)
		}
	}
	body := download(t, app, token, "/export/units.csv?search="+"公式测试")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(payloads)+1 {
		t.Fatalf("%d rows exported, want %d", len(rows)-1, len(payloads))
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q of %v starts a formula", cell, r[0])
			}
		}
	}
}

// /export/* is rate-limited like /graphql.
func TestExportsAreRateLimited(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{RateLimit: 1, RateBurst: 3})
	token := app.MustLogin(t, "city_admin").AccessToken
	limited := false
	for i := 0; i < 10 && !limited; i++ {
		req, _ := http.NewRequest(http.MethodGet, app.URL+"/export/liaisons.xlsx", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		limited = resp.StatusCode == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("10 downloads in a row at 1 a second (burst 3) were all answered")
	}
}
