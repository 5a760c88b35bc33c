package files_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"strings"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
	"zeroaccident/server/files"
	"zeroaccident/server/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func photo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for x := 0; x < 640; x++ {
		img.Set(x, x%480, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const upload = `mutation($o: AttachmentOwnerInput!, $s: AttachmentStage, $f: Upload!) {
	uploadAttachment(owner: $o, stage: $s, file: $f) { id kind stage fileName contentType size width height url thumbnailUrl uploadedBy } }`

type attachment struct {
	ID, Kind, Stage, FileName, ContentType, URL, UploadedBy string
	Size, Width, Height                                     int
	ThumbnailURL                                            *string
}

// inspect records, as the city admin, an inspection of a 朔城区 village with one general hazard and
// reports an incident there; it returns their ids.
func inspect(t *testing.T, app *apptest.App) (inspection, hazard, incident string) {
	t.Helper()
	admin := app.MustLogin(t, "city_admin").AccessToken
	var unit string
	if err := app.DB.Raw(context.Background(), &unit, "SELECT id::text FROM units WHERE county_code = '140602' AND category_code = 'village_community' ORDER BY id LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	var results []map[string]any
	for _, code := range []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"} {
		results = append(results, map[string]any{"standardCode": code, "result": "MET"})
	}
	var out struct {
		RecordInspection struct {
			ID      string
			Hazards []struct{ ID string }
		}
		ReportIncident struct{ ID string }
	}
	app.Query(t, admin, `mutation($i: InspectionInput!, $n: IncidentInput!) { recordInspection(input: $i) { id hazards { id } } reportIncident(input: $n) { id } }`,
		map[string]any{
			"i": map[string]any{"unitId": unit, "inspectedOn": "2021-04-01", "kind": "COUNTY", "inspectingBody": "朔城区应急管理局",
				"results": results, "hazards": []map[string]any{{"level": "GENERAL", "description": "灭火器过期"}}},
			"n": map[string]any{"unitId": unit, "occurredAt": "2021-05-01T10:00:00+08:00", "kind": "火灾", "deaths": 0,
				"seriousInjuries": 0, "injuries": 1, "directLossWan": 2.5},
		}).MustDecode(t, &out)
	return out.RecordInspection.ID, out.RecordInspection.Hazards[0].ID, out.ReportIncident.ID
}

func get(t *testing.T, app *apptest.App, token, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, app.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func count(t *testing.T, app *apptest.App) int {
	t.Helper()
	var n int
	if err := app.DB.Raw(context.Background(), &n, "SELECT (SELECT count(*) FROM attachments) + (SELECT count(*) FROM attachment_blobs)"); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUploadAndServe(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	inspection, hazard, incident := inspect(t, app)
	admin := app.MustLogin(t, "city_admin").AccessToken

	var up struct{ UploadAttachment attachment }
	app.Upload(t, admin, upload, map[string]any{"o": map[string]any{"type": "HAZARD", "id": hazard}, "s": "AFTER"},
		"f", "整改后.png", photo(t)).MustDecode(t, &up)
	a := up.UploadAttachment
	// the client called it a PNG; the bytes are a JPEG, and the name follows the bytes
	if a.Kind != "PHOTO" || a.Stage != "AFTER" || a.ContentType != "image/jpeg" || a.FileName != "整改后.png.jpg" ||
		a.Width != 640 || a.Height != 480 || a.ThumbnailURL == nil || a.URL != "/files/"+a.ID || a.UploadedBy != "city_admin" {
		t.Fatalf("uploaded %+v", a)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
	var doc struct{ UploadAttachment attachment }
	app.Upload(t, admin, upload, map[string]any{"o": map[string]any{"type": "INCIDENT", "id": incident}}, "f", "调查报告.pdf", pdf).MustDecode(t, &doc)
	if d := doc.UploadAttachment; d.Kind != "DOCUMENT" || d.Stage != "EVIDENCE" || d.ThumbnailURL != nil || d.Size != len(pdf) {
		t.Fatalf("document %+v", d)
	}
	app.Upload(t, admin, upload, map[string]any{"o": map[string]any{"type": "INSPECTION", "id": inspection}}, "f", "现场.jpg", photo(t)).MustDecode(t, &struct{}{})

	t.Run("listed on their rows", func(t *testing.T) {
		var out struct {
			Hazard struct {
				All, After, Before []struct{ ID string }
			}
			Incident   struct{ Attachments []struct{ ID string } }
			Inspection struct{ Attachments []struct{ ID string } }
		}
		app.Query(t, admin, `query($h: ID!, $i: ID!, $n: ID!) {
			hazard(id: $h) { all: attachments { id } after: attachments(stage: AFTER) { id } before: attachments(stage: BEFORE) { id } }
			incident(id: $n) { attachments { id } } inspection(id: $i) { attachments { id } } }`,
			map[string]any{"h": hazard, "i": inspection, "n": incident}).MustDecode(t, &out)
		if len(out.Hazard.All) != 1 || len(out.Hazard.After) != 1 || len(out.Hazard.Before) != 0 ||
			len(out.Incident.Attachments) != 1 || len(out.Inspection.Attachments) != 1 {
			t.Fatalf("%+v", out)
		}
	})

	t.Run("served with safe headers", func(t *testing.T) {
		res, body := get(t, app, admin, a.URL)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			res.Header.Get("Cache-Control") != "private, no-store" ||
			res.Header.Get("Content-Disposition") != "inline; filename*=utf-8''%E6%95%B4%E6%94%B9%E5%90%8E.png.jpg" {
			t.Fatalf("%d %v", res.StatusCode, res.Header)
		}
		if _, err := jpeg.Decode(bytes.NewReader(body)); err != nil {
			t.Fatalf("served photo: %v", err)
		}
		res, body = get(t, app, admin, *a.ThumbnailURL)
		img, err := jpeg.Decode(bytes.NewReader(body))
		if res.StatusCode != 200 || err != nil || img.Bounds().Dx() != files.ThumbSize {
			t.Fatalf("thumbnail: %d %v", res.StatusCode, err)
		}
		res, body = get(t, app, admin, "/files/"+doc.UploadAttachment.ID)
		if res.StatusCode != 200 || !bytes.Equal(body, pdf) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("pdf: %d %v", res.StatusCode, res.Header)
		}
		if res, _ := get(t, app, admin, "/files/"+doc.UploadAttachment.ID+"/thumb"); res.StatusCode != 404 {
			t.Fatalf("a document's thumbnail: %d", res.StatusCode)
		}
	})

	t.Run("only to readers of the owning row", func(t *testing.T) {
		cases := []struct {
			user   string
			status int
		}{
			{"", 401},
			{"county_admin_140602", 200},
			{"analyst", 200},
			{"county_admin_140603", 404},       // another county
			{"dept_housing_construction", 404}, // sector 4; the village is sector 18
		}
		for _, c := range cases {
			token := ""
			if c.user != "" {
				token = app.MustLogin(t, c.user).AccessToken
			}
			for _, path := range []string{a.URL, *a.ThumbnailURL} {
				if res, _ := get(t, app, token, path); res.StatusCode != c.status {
					t.Errorf("%s %s: %d, want %d", c.user, path, res.StatusCode, c.status)
				}
			}
			if c.status == 404 {
				var out struct{ Hazard *struct{ ID string } }
				if res := app.Query(t, token, `query($h: ID!) { hazard(id: $h) { id attachments { id } } }`, map[string]any{"h": hazard}); res.Code() != campaign.ENOTFOUND {
					t.Errorf("%s reads the hazard's attachments: %s %+v", c.user, res.Data, out)
				}
			}
		}
		if res, _ := get(t, app, admin, "/files/999999999"); res.StatusCode != 404 {
			t.Errorf("unknown file: %d", res.StatusCode)
		}
		if res, _ := get(t, app, admin, "/files/abc"); res.StatusCode != 404 {
			t.Errorf("bad id: %d", res.StatusCode)
		}
	})

	t.Run("refused uploads write nothing", func(t *testing.T) {
		before := count(t, app)
		owner := map[string]any{"type": "HAZARD", "id": hazard}
		cases := []struct {
			name, user, field, code string
			vars                    map[string]any
			content                 []byte
		}{
			{"svg", "city_admin", "file", campaign.EINVALID, map[string]any{"o": owner}, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
			{"html named jpg", "city_admin", "file", campaign.EINVALID, map[string]any{"o": owner}, []byte("<!DOCTYPE html><script>alert(1)</script>")},
			{"executable", "city_admin", "file", campaign.EINVALID, map[string]any{"o": owner}, append([]byte("MZ\x90\x00"), make([]byte, 100)...)},
			{"evidence stage on a hazard", "city_admin", "stage", campaign.EINVALID, map[string]any{"o": owner, "s": "EVIDENCE"}, photo(t)},
			{"after stage on an incident", "city_admin", "stage", campaign.EINVALID, map[string]any{"o": map[string]any{"type": "INCIDENT", "id": incident}, "s": "AFTER"}, photo(t)},
			{"unknown hazard", "city_admin", "", campaign.ENOTFOUND, map[string]any{"o": map[string]any{"type": "HAZARD", "id": "999999999"}}, photo(t)},
			{"bad owner id", "city_admin", "owner.id", campaign.EINVALID, map[string]any{"o": map[string]any{"type": "HAZARD", "id": "x"}}, photo(t)},
			{"analyst", "analyst", "", campaign.EFORBIDDEN, map[string]any{"o": owner}, photo(t)},
			{"another county", "county_admin_140603", "", campaign.ENOTFOUND, map[string]any{"o": owner}, photo(t)},
			{"anonymous", "", "", campaign.EUNAUTHENTICATED, map[string]any{"o": owner}, photo(t)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				token := ""
				if c.user != "" {
					token = app.MustLogin(t, c.user).AccessToken
				}
				res := app.Upload(t, token, upload, c.vars, "f", "x.jpg", c.content)
				if res.Code() != c.code || (c.field != "" && res.Field() != c.field) {
					t.Fatalf("code %q field %q, want %q %q: %+v", res.Code(), res.Field(), c.code, c.field, res.Errors)
				}
			})
		}
		if after := count(t, app); after != before {
			t.Fatalf("refused uploads wrote %d rows", after-before)
		}
	})

	t.Run("at most MaxPerOwner per row", func(t *testing.T) {
		_, _, incident := inspect(t, app)
		o := map[string]any{"o": map[string]any{"type": "INCIDENT", "id": incident}}
		for i := 0; i < files.MaxPerOwner; i++ {
			if res := app.Upload(t, admin, upload, o, "f", fmt.Sprintf("%d.pdf", i), pdf); res.Code() != "" {
				t.Fatalf("upload %d: %+v", i, res.Errors)
			}
		}
		if res := app.Upload(t, admin, upload, o, "f", "one-too-many.pdf", pdf); res.Code() != campaign.EINVALID || res.Field() != "file" {
			t.Fatalf("file %d: %+v", files.MaxPerOwner+1, res.Errors)
		}
	})
}

// Attachments of a page of rows cost one statement per owner type, however many rows.
func TestAttachmentsAreBatched(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	admin := app.MustLogin(t, "city_admin").AccessToken
	measure := func() int64 {
		t.Helper()
		app.Statements.Store(0)
		res := app.Query(t, admin, `{ hazards(first: 50) { edges { node { attachments { id url } } } }
			inspections(first: 50) { edges { node { attachments { id } hazards { attachments(stage: AFTER) { id } } } } }
			incidents(first: 50) { edges { node { attachments { id } } } } }`, nil)
		if res.Code() != "" {
			t.Fatalf("%+v", res.Errors)
		}
		return app.Statements.Load()
	}
	_, hazard, _ := inspect(t, app)
	app.Upload(t, admin, upload, map[string]any{"o": map[string]any{"type": "HAZARD", "id": hazard}, "s": "AFTER"}, "f", "a.jpg", photo(t)).MustDecode(t, &struct{}{})
	one := measure()
	for i := 0; i < 5; i++ {
		_, hazard, _ := inspect(t, app)
		app.Upload(t, admin, upload, map[string]any{"o": map[string]any{"type": "HAZARD", "id": hazard}}, "f", "b.jpg", photo(t)).MustDecode(t, &struct{}{})
	}
	six := measure()
	if one != six {
		t.Fatalf("1 row of each costs %d statements, 6 cost %d: attachments are loaded per row", one, six)
	}
	// authentication, 3 pages with their counts, hazards of the inspections, attachments by 3 owner types
	if six > 12 {
		t.Fatalf("%d statements", six)
	}
}
