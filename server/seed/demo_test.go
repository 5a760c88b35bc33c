package seed_test

import (
	"context"
	"strings"
	"testing"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/seed"
)

// mustSeededDB is a database of the test's own with the schema and the reference data: demo data
// adds hundreds of thousands of rows, which tests sharing pgtest.MustDB's database should never see.
func mustSeededDB(t testing.TB) *postgres.DB {
	t.Helper()
	db, _ := pgtest.MustEmptyDB(t)
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatalf("seed reference: %v", err)
	}
	return db
}

func TestDemo(t *testing.T) {
	db := mustSeededDB(t)
	ctx := context.Background()
	first, err := seed.Demo(ctx, db, 1, 7, demoToday)
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	t.Logf("%+v", first)
	counts, err := db.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rows: %v", counts)
	ev := first.Events
	for table, want := range map[string]int{
		"units": 1277 + first.Units, "safety_officers": first.Officers,
		"inspections": ev.Inspections, "inspection_results": 10 * ev.Inspections, "hazards": ev.Hazards,
		"hazard_transitions": ev.HazardTransitions, "incidents": ev.Incidents, "certifications": ev.Certifications,
		"blacklist_entries": 7,
	} {
		if got := counts[table]; got != int64(want) || want == 0 {
			t.Errorf("%s: %d rows, want %d (and some)", table, got, want)
		}
	}
	if first.Skipped || first.Units < 9000 {
		t.Fatalf("first run: %+v", first)
	}

	// 自查 is the most common source of hazards, as the plan intends, and every generated hazard
	// names the standard its inspection found not met
	var sources []struct {
		Source string
		N      int
	}
	if err := db.Raw(ctx, &sources, "SELECT source, count(*) AS n FROM hazards GROUP BY source ORDER BY n DESC"); err != nil {
		t.Fatal(err)
	}
	if len(sources) < 2 || sources[0].Source != campaign.InspectionSelfCheck {
		t.Errorf("hazards by source: %+v", sources)
	}
	var unnamed int
	if err := db.Raw(ctx, &unnamed, `SELECT count(*) FROM hazards h WHERE standard_code IS NULL OR NOT EXISTS (
		SELECT 1 FROM inspection_results r WHERE r.inspection_id = h.inspection_id AND r.standard_code = h.standard_code AND r.result = 'NOT_MET')`); err != nil {
		t.Fatal(err)
	}
	if unnamed != 0 {
		t.Errorf("%d hazards without a failed standard of their inspection", unnamed)
	}
	if err := seed.FieldUsers(ctx, db, "demo-password-1"); err != nil {
		t.Fatal(err)
	}
	photos, err := seed.DemoPhotos(ctx, db)
	if err != nil || photos < seed.DemoPhotoHazards {
		t.Fatalf("demo photos: %d %v", photos, err)
	}
	var stages []string
	if err := db.Raw(ctx, &stages, "SELECT DISTINCT stage FROM attachments ORDER BY stage"); err != nil {
		t.Fatal(err)
	}
	if strings.Join(stages, ",") != "AFTER,BEFORE,VERIFICATION" {
		t.Errorf("photo stages %v", stages)
	}
	if again, err := seed.DemoPhotos(ctx, db); err != nil || again != 0 {
		t.Errorf("second run stored %d photos (%v)", again, err)
	}

	for _, tc := range []struct {
		name    string
		scale   int
		wantErr string
	}{
		{"seeding twice changes nothing", 1, ""},
		{"a larger scale is refused, not mixed in", 2, "fresh database"},
		{"a scale below one is refused", 0, "at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := seed.Demo(ctx, db, tc.scale, 7, demoToday)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("demo: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			case tc.wantErr == "" && (!res.Skipped || res.ExistingScale != 1 || res.ExistingUnits != first.Units):
				t.Errorf("result %+v, want skipped over %d generated units of scale 1", res, first.Units)
			}
			after, err := db.RowCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for table, n := range counts {
				if after[table] != n {
					t.Errorf("%s: %d rows before, %d after", table, n, after[table])
				}
			}
			counties, err := db.Counties(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(counties) != 7 {
				t.Errorf("%d counties, want the 7 real ones", len(counties))
			}
		})
	}
}
