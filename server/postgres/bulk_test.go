package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/seed"
)

// mustReferenceDB is a database of the test's own with the schema and the reference data: a bulk
// load adds ten thousand units, which tests sharing pgtest.MustDB's database should never see.
func mustReferenceDB(t testing.TB) *postgres.DB {
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

// mustDemoRegister generates the demo register of a scale for the database's divisions, writing
// the synthetic ones first.
func mustDemoRegister(t testing.TB, db *postgres.DB, scale int) ([]campaign.Unit, [][]campaign.SafetyOfficer) {
	t.Helper()
	ctx := context.Background()
	sc, st := seed.SyntheticDivisions(scale)
	if err := db.InsertSyntheticDivisions(ctx, sc, st); err != nil {
		t.Fatalf("insert synthetic divisions: %v", err)
	}
	counties, err := db.Counties(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, len(counties))
	for i, c := range counties {
		codes[i] = c.Code
	}
	byCounty, err := db.TownsByCounty(ctx, codes)
	if err != nil {
		t.Fatal(err)
	}
	var towns []campaign.Town
	for _, c := range codes {
		towns = append(towns, byCounty[c]...)
	}
	units, officers, err := seed.DemoUnits(scale, 42, counties, towns)
	if err != nil {
		t.Fatalf("demo units: %v", err)
	}
	return units, officers
}

// storedUnit is a units row as the test reads it back.
type storedUnit struct {
	ID             int64
	Name           string
	CategoryCode   string
	SectorNumber   int
	CountyCode     string
	TownCode       string
	DivisionCode   *string
	Address        string
	Longitude      *float64
	Latitude       *float64
	CreditCode     *string
	PrincipalName  string
	PrincipalPhone string
	CityLevel      bool
	EnrolledOn     time.Time
	ArchivedOn     *time.Time
	Version        int
}

func TestBulkInsertUnits(t *testing.T) {
	db := mustReferenceDB(t)
	ctx := context.Background()
	units, officers := mustDemoRegister(t, db, 1)

	before, err := db.CountGeneratedUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before != 0 {
		t.Fatalf("%d generated units before loading: the real villages must not count", before)
	}
	start := time.Now()
	n, err := db.BulkInsertUnits(ctx, units, officers)
	if err != nil {
		t.Fatalf("bulk insert: %v", err)
	}
	t.Logf("loaded %d units in %v", n, time.Since(start))
	if n != len(units) {
		t.Fatalf("wrote %d of %d units", n, len(units))
	}

	t.Run("row counts", func(t *testing.T) {
		after, err := db.CountGeneratedUnits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after != len(units) {
			t.Errorf("CountGeneratedUnits = %d, want %d", after, len(units))
		}
		wantOfficers := 0
		for _, list := range officers {
			wantOfficers += len(list)
		}
		var counts struct{ Villages, Officers, Mismatched int }
		err = db.Raw(ctx, &counts, `SELECT
			(SELECT count(*) FROM units WHERE division_code IS NOT NULL) AS villages,
			(SELECT count(*) FROM safety_officers) AS officers,
			(SELECT count(*) FROM safety_officers o JOIN units u ON u.id = o.unit_id WHERE o.county_code <> u.county_code) AS mismatched`)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Villages != 1277 || counts.Officers != wantOfficers || counts.Mismatched != 0 {
			t.Errorf("villages %d (want 1277), officers %d (want %d), officers in another county than their unit %d",
				counts.Villages, counts.Officers, wantOfficers, counts.Mismatched)
		}
	})

	t.Run("ids filled in", func(t *testing.T) {
		seen := map[int64]bool{}
		for i, u := range units {
			if u.ID == 0 || seen[u.ID] {
				t.Fatalf("unit %d: id %d missing or repeated", i, u.ID)
			}
			seen[u.ID] = true
			for _, o := range officers[i] {
				if o.UnitID != u.ID {
					t.Fatalf("unit %d: officer with unit id %d", u.ID, o.UnitID)
				}
			}
		}
	})

	t.Run("sampled rows", func(t *testing.T) {
		samples := []int{0, 1, len(units) / 3, len(units) / 2, len(units) - 1}
		for _, pick := range []func(campaign.Unit) bool{
			func(u campaign.Unit) bool { return u.ArchivedOn != nil },
			func(u campaign.Unit) bool { return u.Longitude != nil },
			func(u campaign.Unit) bool { return u.Longitude == nil },
			func(u campaign.Unit) bool { return u.CityLevel },
			func(u campaign.Unit) bool { return !u.EnrolledOn.Equal(campaign.BaselineDate) },
			func(u campaign.Unit) bool { return u.CategoryCode == "airport" },
		} {
			if i := slices.IndexFunc(units, pick); i >= 0 {
				samples = append(samples, i)
			}
		}
		for _, i := range samples {
			want := units[i]
			var got storedUnit
			if err := db.Raw(ctx, &got, `SELECT * FROM units WHERE id = ?`, want.ID); err != nil {
				t.Fatal(err)
			}
			day := func(t *time.Time) string {
				if t == nil {
					return ""
				}
				return t.Format(time.DateOnly)
			}
			eq := got.Name == want.Name && got.CategoryCode == want.CategoryCode && got.SectorNumber == want.SectorNumber &&
				got.CountyCode == want.CountyCode && got.TownCode == want.TownCode && got.DivisionCode == nil &&
				got.Address == want.Address && equalPtr(got.Longitude, want.Longitude) && equalPtr(got.Latitude, want.Latitude) &&
				equalPtr(got.CreditCode, want.CreditCode) && got.PrincipalName == want.PrincipalName &&
				got.PrincipalPhone == want.PrincipalPhone && got.CityLevel == want.CityLevel &&
				day(&got.EnrolledOn) == day(&want.EnrolledOn) && day(got.ArchivedOn) == day(want.ArchivedOn) && got.Version == 1
			if !eq {
				t.Errorf("unit %d:\n got  %+v\n want %+v", want.ID, got, want)
			}
			var gotOfficers []struct {
				Name, Phone string
				FullTime    bool
				Position    int
			}
			if err := db.Raw(ctx, &gotOfficers, `SELECT name, phone, full_time, position FROM safety_officers WHERE unit_id = ? ORDER BY position`, want.ID); err != nil {
				t.Fatal(err)
			}
			if len(gotOfficers) != len(officers[i]) {
				t.Fatalf("unit %d: %d officers stored, want %d", want.ID, len(gotOfficers), len(officers[i]))
			}
			for j, o := range officers[i] {
				if g := gotOfficers[j]; g.Name != o.Name || g.Phone != o.Phone || g.FullTime != o.FullTime || g.Position != j {
					t.Errorf("unit %d officer %d: got %+v, want %+v", want.ID, j, g, o)
				}
			}
		}
	})

	t.Run("a refused row rolls the whole load back", func(t *testing.T) {
		bad := slices.Clone(units[:3])
		for i := range bad {
			bad[i].CreditCode = nil // not to clash with the loaded ones
		}
		bad[2].TownCode = "140603100" // a town of another county
		if _, err := db.BulkInsertUnits(ctx, bad, nil); err == nil {
			t.Fatal("loaded a unit whose town lies in another county")
		}
		if bad[0].ID != 0 {
			t.Errorf("ids of a rolled-back load kept: %d", bad[0].ID)
		}
		after, err := db.CountGeneratedUnits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after != len(units) {
			t.Errorf("%d generated units after a failed load, want %d", after, len(units))
		}
	})

	t.Run("officer lists must match the units", func(t *testing.T) {
		if _, err := db.BulkInsertUnits(ctx, units[:2], officers[:1]); err == nil || !strings.Contains(err.Error(), "officer lists") {
			t.Errorf("error %v, want one about officer lists", err)
		}
	})
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func TestInsertSyntheticDivisions(t *testing.T) {
	db := mustReferenceDB(t)
	ctx := context.Background()
	counties, towns := seed.SyntheticDivisions(3)
	for round := range 2 { // running it again changes nothing
		if err := db.InsertSyntheticDivisions(ctx, counties, towns); err != nil {
			t.Fatalf("round %d: %v", round+1, err)
		}
	}
	var got struct{ Synthetic, Real, Towns int }
	if err := db.Raw(ctx, &got, `SELECT
		(SELECT count(*) FROM counties WHERE synthetic) AS synthetic,
		(SELECT count(*) FROM counties WHERE NOT synthetic) AS real,
		(SELECT count(*) FROM towns WHERE county_code LIKE '99%') AS towns`); err != nil {
		t.Fatal(err)
	}
	if got.Synthetic != len(counties) || got.Real != 7 || got.Towns != len(towns) {
		t.Errorf("got %+v, want %d synthetic counties, 7 real ones and %d towns", got, len(counties), len(towns))
	}

	t.Run("empty is fine", func(t *testing.T) {
		if err := db.InsertSyntheticDivisions(ctx, nil, nil); err != nil {
			t.Error(err)
		}
	})
	t.Run("real counties are refused", func(t *testing.T) {
		err := db.InsertSyntheticDivisions(ctx, []campaign.County{{Code: "140602", Name: "朔城区"}}, nil)
		if err == nil || !strings.Contains(err.Error(), "not synthetic") {
			t.Errorf("error %v, want a refusal", err)
		}
	})
}

// Scale 2 loads the synthetic counties' units and villages next to the real ones.
func TestBulkInsertUnitsScale2(t *testing.T) {
	db := mustReferenceDB(t)
	ctx := context.Background()
	units, officers := mustDemoRegister(t, db, 2)
	if _, err := db.BulkInsertUnits(ctx, units, officers); err != nil {
		t.Fatal(err)
	}
	var got struct{ Synthetic, SyntheticVillages, Generated int }
	if err := db.Raw(ctx, &got, `SELECT
		(SELECT count(*) FROM units u JOIN counties c ON c.code = u.county_code WHERE c.synthetic) AS synthetic,
		(SELECT count(*) FROM units WHERE county_code LIKE '99%' AND category_code = 'village_community' AND division_code IS NULL) AS synthetic_villages,
		(SELECT count(*) FROM units WHERE category_code <> 'village_community' OR division_code IS NULL) AS generated`); err != nil {
		t.Fatal(err)
	}
	n, err := db.CountGeneratedUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", got)
	if got.Generated != len(units) || n != len(units) || got.Synthetic < 10_000 || got.SyntheticVillages < 7*170 {
		t.Errorf("got %+v and CountGeneratedUnits %d, for %d loaded units", got, n, len(units))
	}
}

// BenchmarkBulkInsertUnits loads the scale-1 register (about 10,000 units and 15,000 officers)
// into a database holding the reference data; the rows are deleted between rounds, untimed.
func BenchmarkBulkInsertUnits(b *testing.B) {
	db := mustReferenceDB(b)
	ctx := context.Background()
	units, officers := mustDemoRegister(b, db, 1)
	for b.Loop() {
		if _, err := db.BulkInsertUnits(ctx, units, officers); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := db.Exec(ctx, `DELETE FROM safety_officers`); err != nil {
			b.Fatal(err)
		}
		if err := db.Exec(ctx, `DELETE FROM units WHERE division_code IS NULL`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(units))*float64(b.N)/b.Elapsed().Seconds(), "units/s")
}
