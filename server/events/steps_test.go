package events_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"

	"zeroaccident/server/apptest"
	"zeroaccident/server/campaign"
)

type stepHazard struct {
	ID, State, Source string
	Version           int
	FoundBy           *struct{ Username string }
	StandardItem      *struct{ Code string }
	NextSteps         []struct {
		Step, To        string
		Allowed         bool
		NeedsAfterPhoto bool
		Reason          *string
		ReasonEn        *string
	}
}

const stepFields = `id state source version foundBy { username } standardItem { code }
	nextSteps { step to allowed needsAfterPhoto reason reasonEn }`

func (h stepHazard) next(step string) (allowed, photo bool, reason string) {
	for _, s := range h.NextSteps {
		if s.Step == step {
			r := ""
			if s.Reason != nil {
				r = *s.Reason
			}
			return s.Allowed, s.NeedsAfterPhoto, r
		}
	}
	return false, false, "not offered"
}

type field struct {
	app  *apptest.App
	unit string
}

func (f field) hazard(t *testing.T, token, id string) stepHazard {
	t.Helper()
	var out struct{ Hazard stepHazard }
	f.app.Query(t, token, `query($id: ID!) { hazard(id: $id) { `+stepFields+` } }`, map[string]any{"id": id}).MustDecode(t, &out)
	return out.Hazard
}

// record records an inspection of the kind at unit_69's village with one hazard failing 1.1.
func (f field) record(t *testing.T, token, kind, level string, plan bool) apptest.Result {
	t.Helper()
	results := allMet()
	results[0]["result"] = "NOT_MET"
	h := map[string]any{"level": level, "description": "消防通道堵塞", "standardCode": "1.1"}
	if plan {
		h["rectificationPlan"], h["responsiblePerson"], h["deadline"] = "清理通道", "张三", "2026-12-31"
	}
	return f.app.Query(t, token, `mutation($i: InspectionInput!) { recordInspection(input: $i) { hazards { `+stepFields+` } } }`,
		map[string]any{"i": map[string]any{"unitId": f.unit, "inspectedOn": "2026-11-02", "kind": kind, "inspectingBody": "检查组",
			"results": results, "hazards": []map[string]any{h}}})
}

func (f field) advance(t *testing.T, token string, h stepHazard, to string) apptest.Result {
	t.Helper()
	return f.app.Query(t, token, `mutation($id: ID!, $v: Int!, $to: HazardState!) { advanceHazard(input: {id: $id, version: $v, to: $to}) { state } }`,
		map[string]any{"id": h.ID, "v": h.Version, "to": to})
}

func mustCode(t *testing.T, res apptest.Result, code, fieldName string) {
	t.Helper()
	if res.Code() != code || (fieldName != "" && res.Field() != fieldName) {
		t.Fatalf("code %q field %q, want %q %q: %+v", res.Code(), res.Field(), code, fieldName, res.Errors)
	}
}

func afterPhoto(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The loop by level (issue 12, point 5), as the field roles work it through the API.
func TestHazardStepsByLevel(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	var unit string
	if err := app.DB.Raw(context.Background(), &unit, "SELECT unit_id::text FROM users WHERE username = 'unit_69'"); err != nil {
		t.Fatal(err)
	}
	f := field{app, unit}
	officer := app.MustLogin(t, "unit_69").AccessToken
	town := app.MustLogin(t, "town_admin_140602100").AccessToken
	grid := app.MustLogin(t, "grid_140602100_1").AccessToken
	county := app.MustLogin(t, "county_admin_140602").AccessToken
	staff := app.MustLogin(t, "county_staff_140602").AccessToken

	t.Run("a unit records self-checks only", func(t *testing.T) {
		mustCode(t, f.record(t, officer, "COUNTY", "GENERAL", false), campaign.EINVALID, "kind")
		mustCode(t, f.record(t, grid, "COUNTY", "GENERAL", false), campaign.EINVALID, "kind")
		res := f.app.Query(t, officer, `mutation($i: InspectionInput!) { recordInspection(input: $i) { id } }`,
			map[string]any{"i": map[string]any{"unitId": f.unit, "inspectedOn": "2026-11-02", "kind": "SELF_CHECK", "inspectingBody": "本单位",
				"results": allMet(), "hazards": []map[string]any{{"level": "GENERAL", "description": "灭火器过期", "standardCode": "1.2"}}}})
		mustCode(t, res, campaign.EINVALID, "hazards.0.standardCode") // 1.2 was marked MET
	})

	t.Run("a general hazard the unit found itself: the unit closes it with an after photo", func(t *testing.T) {
		var out struct{ RecordInspection struct{ Hazards []stepHazard } }
		f.record(t, officer, "SELF_CHECK", "GENERAL", false).MustDecode(t, &out)
		h := out.RecordInspection.Hazards[0]
		if h.Source != "SELF_CHECK" || h.FoundBy == nil || h.FoundBy.Username != "unit_69" || h.StandardItem == nil || h.StandardItem.Code != "1.1" {
			t.Fatalf("hazard %+v", h)
		}
		if ok, photo, _ := h.next("VERIFY"); !ok || !photo {
			t.Fatalf("the unit may verify once it has an after photo: %+v", h.NextSteps)
		}
		mustCode(t, f.advance(t, officer, h, "VERIFIED"), campaign.EINVALID, "photos")
		var up struct{ UploadAttachment struct{ ID string } }
		app.Upload(t, officer, `mutation($id: ID!, $f: Upload!) { uploadAttachment(owner: {type: HAZARD, id: $id}, stage: AFTER, file: $f) { id } }`,
			map[string]any{"id": h.ID}, "f", "整改后.jpg", afterPhoto(t)).MustDecode(t, &up)
		h = f.hazard(t, officer, h.ID)
		if ok, photo, _ := h.next("VERIFY"); !ok || photo {
			t.Fatalf("after the photo: %+v", h.NextSteps)
		}
		mustCode(t, f.advance(t, officer, h, "VERIFIED"), "", "")
		h = f.hazard(t, officer, h.ID)
		mustCode(t, f.advance(t, officer, h, "CLOSED"), "", "")
		h = f.hazard(t, officer, h.ID)
		if ok, _, reason := h.next("REOPEN"); ok || reason == "" {
			t.Fatalf("the unit does not spot-check itself: %+v", h.NextSteps)
		}
		reopen := `mutation($id: ID!, $v: Int!) { reopenHazard(id: $id, version: $v, reason: "抽查发现未整改到位") { state } }`
		mustCode(t, app.Query(t, officer, reopen, map[string]any{"id": h.ID, "v": h.Version}), campaign.EFORBIDDEN, "")
		mustCode(t, app.Query(t, grid, reopen, map[string]any{"id": h.ID, "v": h.Version}), campaign.EFORBIDDEN, "")
		mustCode(t, app.Query(t, town, reopen, map[string]any{"id": h.ID, "v": h.Version}), "", "")
	})

	t.Run("a major hazard found by the county: the unit rectifies, the town verifies and closes", func(t *testing.T) {
		var out struct{ RecordInspection struct{ Hazards []stepHazard } }
		f.record(t, county, "COUNTY", "MAJOR", true).MustDecode(t, &out)
		h := out.RecordInspection.Hazards[0]
		if h.Source != "COUNTY" || h.FoundBy.Username != "county_admin_140602" {
			t.Fatalf("%+v", h)
		}
		mustCode(t, f.advance(t, officer, h, "RECTIFYING"), "", "")
		h = f.hazard(t, officer, h.ID)
		if ok, _, reason := h.next("VERIFY"); ok || reason == "" {
			t.Fatalf("the unit must not verify a county's finding: %+v", h.NextSteps)
		}
		mustCode(t, f.advance(t, officer, h, "VERIFIED"), campaign.EFORBIDDEN, "")
		mustCode(t, f.advance(t, grid, h, "VERIFIED"), campaign.EFORBIDDEN, "")
		if ok, _, _ := f.hazard(t, town, h.ID).next("VERIFY"); !ok {
			t.Fatal("the town may verify")
		}
		mustCode(t, f.advance(t, town, h, "VERIFIED"), "", "")
		h = f.hazard(t, town, h.ID)
		mustCode(t, f.advance(t, officer, h, "CLOSED"), campaign.EFORBIDDEN, "")
		mustCode(t, f.advance(t, town, h, "CLOSED"), "", "")
	})

	t.Run("a second county account verifies what the first reported", func(t *testing.T) {
		var out struct{ RecordInspection struct{ Hazards []stepHazard } }
		f.record(t, county, "COUNTY", "GENERAL", false).MustDecode(t, &out)
		h := out.RecordInspection.Hazards[0]
		mustCode(t, f.advance(t, county, h, "RECTIFYING"), "", "")
		h = f.hazard(t, county, h.ID)
		ok, _, reason := h.next("VERIFY")
		if ok || reason == "" {
			t.Fatalf("the reporter is told it may not verify: %+v", h.NextSteps)
		}
		mustCode(t, f.advance(t, county, h, "VERIFIED"), campaign.EINVALID, "to")
		if ok, _, _ := f.hazard(t, staff, h.ID).next("VERIFY"); !ok {
			t.Fatal("the second account may verify")
		}
		mustCode(t, f.advance(t, staff, h, "VERIFIED"), "", "")
	})
}
