package seed_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/seed"
)

// mustDivisions returns the real counties and towns of the reference seed, plus the synthetic ones
// of the scale.
func mustDivisions(t testing.TB, scale int) ([]campaign.County, []campaign.Town) {
	t.Helper()
	ref, err := seed.LoadReference()
	if err != nil {
		t.Fatalf("load reference: %v", err)
	}
	sc, st := seed.SyntheticDivisions(scale)
	return append(slices.Clone(ref.Counties), sc...), append(slices.Clone(ref.Towns), st...)
}

func mustDemoUnits(t testing.TB, scale int, seedValue int64) ([]campaign.Unit, [][]campaign.SafetyOfficer) {
	t.Helper()
	counties, towns := mustDivisions(t, scale)
	units, officers, err := seed.DemoUnits(scale, seedValue, counties, towns)
	if err != nil {
		t.Fatalf("DemoUnits(%d, %d): %v", scale, seedValue, err)
	}
	if len(officers) != len(units) {
		t.Fatalf("%d officer lists for %d units", len(officers), len(units))
	}
	return units, officers
}

func TestDemoUnitsDeterministic(t *testing.T) {
	a, ao := mustDemoUnits(t, 1, 42)
	t.Run("same seed, same register", func(t *testing.T) {
		b, bo := mustDemoUnits(t, 1, 42)
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ao, bo) {
			t.Fatal("two calls with the same seed differ")
		}
	})
	t.Run("input order does not matter", func(t *testing.T) {
		counties, towns := mustDivisions(t, 1)
		rnd := rand.New(rand.NewPCG(3, 4))
		rnd.Shuffle(len(counties), func(i, j int) { counties[i], counties[j] = counties[j], counties[i] })
		rnd.Shuffle(len(towns), func(i, j int) { towns[i], towns[j] = towns[j], towns[i] })
		b, bo, err := seed.DemoUnits(1, 42, counties, towns)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ao, bo) {
			t.Fatal("shuffled input gives another register")
		}
	})
	t.Run("another seed, another register", func(t *testing.T) {
		b, _ := mustDemoUnits(t, 1, 43)
		if reflect.DeepEqual(a[100:200], b[100:200]) {
			t.Fatal("seeds 42 and 43 give the same units")
		}
	})
}

// allowedSectors says which of the plan's sectors fit each category.
var allowedSectors = map[string][]int{
	"village_community": {campaign.VillageSector},
	"school":            {11},
	"hospital":          {16},
	"scenic_area":       {15},
	"market":            {20},
	"factory_mine":      {1, 2, 3, 4, 5, 7, 8, 10, 12, 13, 18, 19, 22},
	"station":           {5, 24},
	"airport":           {5},
	"business_outlet":   {2, 5, 6, 8, 15, 18, 20, 23},
	"religious_site":    {25},
	"other":             {7, 9, 13, 14, 15, 17, 19, 21},
}

// The database's CHECK constraints (migrations 00001 and 00003), which generated rows must pass.
var (
	dbCreditCode = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$`)
	dbPhone      = regexp.MustCompile(`^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})$`)
	dbCountyCode = regexp.MustCompile(`^[0-9]{6}$`)
	dbTownCode   = regexp.MustCompile(`^[0-9]{9}$`)
)

// checkRegister asserts what every generated register must satisfy.
func checkRegister(t *testing.T, counties []campaign.County, towns []campaign.Town, units []campaign.Unit, officers [][]campaign.SafetyOfficer) {
	t.Helper()
	townByCode := map[string]campaign.Town{}
	for _, tw := range towns {
		townByCode[tw.Code] = tw
	}
	synthetic, countyName := map[string]bool{}, map[string]string{}
	for _, c := range counties {
		synthetic[c.Code] = c.Synthetic
		countyName[c.Code] = c.Name
	}
	codes := map[string]int{}
	names := map[string]bool{}
	lastDay := time.Date(2022, 12, 31, 0, 0, 0, 0, campaign.Local)
	for i, u := range units {
		where := func() string { return u.Name + " (" + u.CategoryCode + ", " + u.TownCode + ")" }
		tw, ok := townByCode[u.TownCode]
		if !ok || tw.CountyCode != u.CountyCode {
			t.Errorf("%s: town %s is not in county %s", where(), u.TownCode, u.CountyCode)
		}
		if n := utf8.RuneCountInString(u.Name); n < 2 || n > 100 {
			t.Errorf("%s: name of %d characters", where(), n)
		}
		// the generator falls back to numbering a name when it finds no free one
		if bare := strings.ReplaceAll(u.Name, countyName[u.CountyCode], ""); strings.ContainsAny(bare, "（0123456789") && !strings.Contains(bare, "千伏") {
			t.Errorf("%s: a fallback name: the word pools are too small", where())
		}
		if key := u.TownCode + "|" + u.Name; names[key] {
			t.Errorf("%s: name used twice in the town", where())
		} else {
			names[key] = true
		}
		if n := utf8.RuneCountInString(u.Address); n > 200 || !strings.Contains(u.Address, tw.Name) {
			t.Errorf("%s: address %q not in town %s or too long", where(), u.Address, tw.Name)
		}
		if !slices.Contains(allowedSectors[u.CategoryCode], u.SectorNumber) {
			t.Errorf("%s: sector %d does not fit", where(), u.SectorNumber)
		}
		if u.DivisionCode != nil {
			t.Errorf("%s: generated unit with a division code", where())
		}
		if (u.Longitude == nil) != (u.Latitude == nil) {
			t.Errorf("%s: only one of longitude and latitude", where())
		}
		if u.Longitude != nil && (*u.Longitude < 111.9 || *u.Longitude > 113.6 || *u.Latitude < 39.0 || *u.Latitude > 40.3) {
			t.Errorf("%s: location %f,%f outside Shuozhou", where(), *u.Longitude, *u.Latitude)
		}
		if u.Longitude != nil && synthetic[u.CountyCode] {
			t.Errorf("%s: synthetic county's unit placed on the map", where())
		}
		if u.EnrolledOn.Before(campaign.BaselineDate) || u.EnrolledOn.After(lastDay) || u.EnrolledOn.Location() != campaign.Local {
			t.Errorf("%s: enrolled on %v", where(), u.EnrolledOn)
		}
		if u.ArchivedOn != nil && !u.ArchivedOn.After(u.EnrolledOn) {
			t.Errorf("%s: archived %v before enrolled %v", where(), *u.ArchivedOn, u.EnrolledOn)
		}
		if u.CategoryCode == campaign.VillageCategory {
			if !synthetic[u.CountyCode] || u.CreditCode != nil || len(officers[i]) != 0 {
				t.Errorf("%s: villages are generated only for synthetic counties, without code or officers", where())
			}
			continue
		}
		if u.CreditCode == nil {
			t.Errorf("%s: no credit code", where())
			continue
		}
		code := *u.CreditCode
		if err := campaign.CheckCreditCode(code); err != nil || !dbCreditCode.MatchString(code) {
			t.Errorf("%s: credit code %s: %v", where(), code, err)
		}
		if codes[code]++; codes[code] == 2 {
			t.Errorf("%s: credit code %s used twice", where(), code)
		}
		region := code[2:8]
		if region != u.CountyCode && !(u.CityLevel && region == u.CountyCode[:4]+"00") {
			t.Errorf("%s: credit code %s registered in %s", where(), code, region)
		}
		if err := campaign.CheckPhone(u.PrincipalPhone); err != nil || !dbPhone.MatchString(u.PrincipalPhone) || u.PrincipalName == "" {
			t.Errorf("%s: principal %q %q: %v", where(), u.PrincipalName, u.PrincipalPhone, err)
		}
		if n := len(officers[i]); n < 1 || n > 3 {
			t.Errorf("%s: %d safety officers", where(), n)
		}
		for _, o := range officers[i] {
			if n := utf8.RuneCountInString(o.Name); n < 2 || n > 50 || !campaign.IsMobile(o.Phone) || !dbPhone.MatchString(o.Phone) {
				t.Errorf("%s: officer %q %q", where(), o.Name, o.Phone)
			}
		}
	}
}

func TestDemoUnitsScale1(t *testing.T) {
	counties, towns := mustDivisions(t, 1)
	units, officers := mustDemoUnits(t, 1, 42)
	checkRegister(t, counties, towns, units, officers)

	perCategory := map[string]int{}
	var cityLevel, archived, baseline, located, fullTime, officerCount int
	for i, u := range units {
		perCategory[u.CategoryCode]++
		if u.CityLevel {
			cityLevel++
		}
		if u.ArchivedOn != nil {
			archived++
		}
		if u.EnrolledOn.Equal(campaign.BaselineDate) {
			baseline++
		}
		if u.Longitude != nil {
			located++
		}
		for _, o := range officers[i] {
			officerCount++
			if o.FullTime {
				fullTime++
			}
		}
	}
	n := len(units)
	t.Logf("%d units, %d officers (%d full time), per category %v, city-level %d, archived %d, on the baseline %d, located %d",
		n, officerCount, fullTime, perCategory, cityLevel, archived, baseline, located)

	t.Run("size", func(t *testing.T) {
		if n < 9_500 || n > 10_500 {
			t.Errorf("%d units, want about 10,000", n)
		}
	})
	t.Run("proportions", func(t *testing.T) {
		want := []struct {
			category string
			min, max int
		}{
			{"business_outlet", 3_400, 4_200},
			{"factory_mine", 2_300, 2_900},
			{"school", 750, 1_050},
			{"hospital", 600, 800},
			{"market", 600, 800},
			{"other", 700, 900},
			{"religious_site", 200, 300},
			{"scenic_area", 100, 200},
			{"station", 10, 60},
			{"airport", 1, 1},
			{"village_community", 0, 0},
		}
		for _, w := range want {
			if got := perCategory[w.category]; got < w.min || got > w.max {
				t.Errorf("%s: %d units, want %d-%d", w.category, got, w.min, w.max)
			}
		}
	})
	t.Run("the airport is 朔州滋润机场 in 朔城区", func(t *testing.T) {
		i := slices.IndexFunc(units, func(u campaign.Unit) bool { return u.CategoryCode == "airport" })
		if i < 0 || units[i].Name != "朔州滋润机场" || units[i].CountyCode != "140602" {
			t.Errorf("airport: %+v", units[i])
		}
	})
	t.Run("shares", func(t *testing.T) {
		share := func(k int) float64 { return float64(k) / float64(n) }
		for _, s := range []struct {
			name     string
			got      float64
			min, max float64
		}{
			{"city-level", share(cityLevel), 0.02, 0.045},
			{"archived", share(archived), 0.01, 0.03},
			{"enrolled on the baseline", share(baseline), 0.80, 0.95},
			{"with a location", share(located), 0.75, 0.95},
		} {
			if s.got < s.min || s.got > s.max {
				t.Errorf("%s: %.3f, want %.3f-%.3f", s.name, s.got, s.min, s.max)
			}
		}
	})
	t.Run("every real county and town has units", func(t *testing.T) {
		perCounty, perTown := map[string]int{}, map[string]int{}
		for _, u := range units {
			perCounty[u.CountyCode]++
			perTown[u.TownCode]++
		}
		for _, c := range counties {
			if perCounty[c.Code] < 300 {
				t.Errorf("county %s %s: %d units", c.Code, c.Name, perCounty[c.Code])
			}
		}
		for _, tw := range towns {
			if perTown[tw.Code] == 0 {
				t.Errorf("town %s %s: no units", tw.Code, tw.Name)
			}
		}
	})
}

func TestSyntheticDivisions(t *testing.T) {
	for _, scale := range []int{0, 1} {
		if c, tw := seed.SyntheticDivisions(scale); c != nil || tw != nil {
			t.Errorf("scale %d: %d synthetic counties, %d towns", scale, len(c), len(tw))
		}
	}
	ref, err := seed.LoadReference()
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []int{2, 30} {
		t.Run(fmt.Sprintf("scale %d", scale), func(t *testing.T) {
			counties, towns := seed.SyntheticDivisions(scale)
			if want := (scale - 1) * 7; len(counties) != want {
				t.Fatalf("%d counties, want %d", len(counties), want)
			}
			codes := map[string]bool{}
			for _, c := range ref.Counties {
				codes[c.Code] = true
			}
			for _, c := range counties {
				if codes[c.Code] || !dbCountyCode.MatchString(c.Code) || !strings.HasPrefix(c.Code, "99") || !c.Synthetic {
					t.Errorf("county %+v: duplicate, malformed or not synthetic", c)
				}
				if n := utf8.RuneCountInString(c.Name); n < 2 || n > 50 {
					t.Errorf("county %+v: name length %d", c, n)
				}
				codes[c.Code] = true
			}
			perCounty := map[string]int{}
			for _, tw := range towns {
				if codes[tw.Code] || !dbTownCode.MatchString(tw.Code) || tw.Code[:6] != tw.CountyCode {
					t.Errorf("town %+v: duplicate or malformed code", tw)
				}
				codes[tw.Code] = true
				perCounty[tw.CountyCode]++
			}
			for _, c := range counties {
				if n := perCounty[c.Code]; n < 8 || n > 12 {
					t.Errorf("county %s: %d towns, want about 10", c.Code, n)
				}
			}
		})
	}
}

func TestDemoUnitsScale2(t *testing.T) {
	counties, towns := mustDivisions(t, 2)
	units, officers := mustDemoUnits(t, 2, 42)
	checkRegister(t, counties, towns, units, officers)
	one, oneOfficers := mustDemoUnits(t, 1, 42)

	t.Run("real counties as at scale 1", func(t *testing.T) {
		if !reflect.DeepEqual(units[:len(one)], one) || !reflect.DeepEqual(officers[:len(one)], oneOfficers) {
			t.Error("the real counties' units change with the scale")
		}
	})
	var generated, villages, airports int
	for _, u := range units[len(one):] {
		switch u.CategoryCode {
		case campaign.VillageCategory:
			villages++
			if u.SectorNumber != campaign.VillageSector || u.DivisionCode != nil {
				t.Errorf("village %+v", u)
			}
		case "airport":
			airports++
			generated++
		default:
			generated++
		}
		if !strings.HasPrefix(u.CountyCode, "99") {
			t.Fatalf("unit %q after the real ones in county %s", u.Name, u.CountyCode)
		}
	}
	t.Logf("synthetic counties: %d units, %d villages, %d airports", generated, villages, airports)
	if generated < 9_000 || generated > 11_000 {
		t.Errorf("%d units in the synthetic counties, want about 10,000", generated)
	}
	if villages < 7*170 || villages > 7*190 {
		t.Errorf("%d synthetic villages, want about %d", villages, 7*180)
	}
	if airports != 1 {
		t.Errorf("%d airports in seven synthetic counties, want 1", airports)
	}
}

func TestDemoUnitsRefuses(t *testing.T) {
	counties, towns := mustDivisions(t, 1)
	tests := []struct {
		name     string
		scale    int
		counties []campaign.County
		towns    []campaign.Town
		want     string
	}{
		{"scale 0", 0, counties, towns, "at least 1"},
		{"scale 2 without synthetic counties", 2, counties, towns, "synthetic counties"},
		{"county without towns", 1, append(slices.Clone(counties), campaign.County{Code: "140699", Name: "无乡县"}), towns, "no towns"},
		{"town of an unknown county", 1, counties, append(slices.Clone(towns), campaign.Town{Code: "140699001", CountyCode: "140699", Name: "某街道"}), "not given"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := seed.DemoUnits(tc.scale, 1, tc.counties, tc.towns)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func BenchmarkDemoUnits(b *testing.B) {
	counties, towns := mustDivisions(b, 1)
	for b.Loop() {
		if _, _, err := seed.DemoUnits(1, 42, counties, towns); err != nil {
			b.Fatal(err)
		}
	}
}

// The province-sized set keeps every rule too, and has its size.
func TestDemoUnitsScale30(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 335,000 units")
	}
	counties, towns := mustDivisions(t, 30)
	units, officers := mustDemoUnits(t, 30, 42)
	checkRegister(t, counties, towns, units, officers)
	generated := 0
	for _, u := range units {
		if u.CategoryCode != campaign.VillageCategory {
			generated++
		}
	}
	t.Logf("%d units, %d besides villages", len(units), generated)
	if generated < 285_000 || generated > 315_000 {
		t.Errorf("%d units besides villages, want about 300,000", generated)
	}
}
