package seed_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/seed"
)

// demoToday is the day the demo tests pretend it is.
var demoToday = time.Date(2026, 11, 29, 12, 0, 0, 0, campaign.Local)

// mustEventUnits is the real villages and the demo register of a scale with ids 1…n, as they
// would be stored.
func mustEventUnits(t testing.TB, scale int) []campaign.Unit {
	t.Helper()
	ref, err := seed.LoadReference()
	if err != nil {
		t.Fatalf("load reference: %v", err)
	}
	generated, _ := mustDemoUnits(t, scale, 42)
	units := append(slices.Clone(ref.Villages), generated...)
	for i := range units {
		units[i].ID = int64(i + 1)
	}
	return units
}

func TestDemoEventsDeterministic(t *testing.T) {
	units := mustEventUnits(t, 1)
	a := seed.DemoEvents(units, 7, demoToday)
	t.Run("same input, same events", func(t *testing.T) {
		if b := seed.DemoEvents(units, 7, demoToday); !reflect.DeepEqual(a, b) {
			t.Fatal("two calls with the same arguments differ")
		}
	})
	t.Run("unit order does not matter", func(t *testing.T) {
		shuffled := slices.Clone(units)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if b := seed.DemoEvents(shuffled, 7, demoToday); !reflect.DeepEqual(a, b) {
			t.Fatal("shuffled units give other events")
		}
	})
	t.Run("another seed, other events", func(t *testing.T) {
		b := seed.DemoEvents(units, 8, demoToday)
		if reflect.DeepEqual(a.Incidents, b.Incidents) {
			t.Fatal("seeds 7 and 8 give the same incidents")
		}
	})
	t.Run("a county's events do not depend on other counties", func(t *testing.T) {
		// at scale 2 the real counties have the same units and ids, followed by synthetic ones
		real := func(s seed.DemoEventSet) []campaign.Incident {
			return slices.DeleteFunc(slices.Clone(s.Incidents), func(i campaign.Incident) bool { return strings.HasPrefix(i.CountyCode, "99") })
		}
		b := seed.DemoEvents(mustEventUnits(t, 2), 7, demoToday)
		if !reflect.DeepEqual(real(a), real(b)) {
			t.Fatal("the real counties' incidents change when synthetic counties are added")
		}
	})
}

func TestDemoEventsRules(t *testing.T) {
	units := mustEventUnits(t, 1)
	for _, tc := range []struct {
		name  string
		today time.Time
	}{
		{"late in the year", demoToday},
		{"early in January, before the year's certifications", time.Date(2025, 1, 3, 8, 30, 0, 0, campaign.Local)},
		{"on New Year's Day at noon", time.Date(2024, 1, 1, 12, 0, 0, 0, campaign.Local)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := seed.DemoEvents(units, 2020, tc.today)
			checkEventRules(t, units, set, tc.today)
		})
	}
}

// checkEventRules checks every row of a demo event set against the domain's rules and the
// schema's constraints.
func checkEventRules(t *testing.T, units []campaign.Unit, set seed.DemoEventSet, today time.Time) {
	t.Helper()
	byID := map[int64]*campaign.Unit{}
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, campaign.Local)
	lastDay := campaign.DayOf(today)
	day := campaign.DayOf
	// inWindow: the unit counts in the day's year and is on the register that day
	inWindow := func(u *campaign.Unit, d time.Time) bool {
		return campaign.ActiveIn(u.EnrolledOn, u.ArchivedOn, d.Year()) && !d.Before(day(u.EnrolledOn)) &&
			(u.ArchivedOn == nil || !d.After(day(*u.ArchivedOn)))
	}
	errs := 0
	fail := func(format string, args ...any) {
		t.Helper()
		if errs++; errs <= 20 {
			t.Errorf(format, args...)
		}
	}
	standards := []string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4"}

	incidentYears := map[int64]map[int]bool{}
	for i, inc := range set.Incidents {
		u := byID[inc.UnitID]
		switch {
		case u == nil:
			fail("incident %d: unknown unit %d", i, inc.UnitID)
			continue
		case inc.Severity != campaign.SeverityOf(inc.Deaths, inc.SeriousInjuries, inc.DirectLossWan):
			fail("incident %d: severity %s, SeverityOf says %s", i, inc.Severity, campaign.SeverityOf(inc.Deaths, inc.SeriousInjuries, inc.DirectLossWan))
		case inc.Severity != campaign.SeverityGeneral && inc.Severity != campaign.SeverityLarger:
			fail("incident %d: severity %s above LARGER", i, inc.Severity)
		case inc.OccurredAt.Before(start) || inc.OccurredAt.After(today):
			fail("incident %d: occurred %v, outside 2020-01-01…today", i, inc.OccurredAt)
		case !inWindow(u, day(inc.OccurredAt.In(campaign.Local))):
			fail("incident %d: at %v, when unit %d (enrolled %v, archived %v) was not on the register", i, inc.OccurredAt, u.ID, u.EnrolledOn, u.ArchivedOn)
		case inc.CountyCode != u.CountyCode || inc.SectorNumber != u.SectorNumber:
			fail("incident %d: county %s sector %d, unit's %s %d", i, inc.CountyCode, inc.SectorNumber, u.CountyCode, u.SectorNumber)
		case inc.Deaths < 0 || inc.SeriousInjuries < 0 || inc.Injuries < 0 || inc.DirectLossWan < 0:
			fail("incident %d: negative figures %+v", i, inc)
		case utf8.RuneCountInString(inc.Kind) < 1 || utf8.RuneCountInString(inc.Kind) > 50 || utf8.RuneCountInString(inc.Description) > 4000:
			fail("incident %d: kind %q or description too long", i, inc.Kind)
		case !strings.Contains(inc.Description, u.Name):
			fail("incident %d: description %q does not name the unit", i, inc.Description)
		}
		if incidentYears[inc.UnitID] == nil {
			incidentYears[inc.UnitID] = map[int]bool{}
		}
		incidentYears[inc.UnitID][inc.Year()] = true
	}

	for i, in := range set.Inspections {
		u := byID[in.UnitID]
		switch {
		case u == nil:
			fail("inspection %d: unknown unit %d", i, in.UnitID)
			continue
		case in.CountyCode != u.CountyCode:
			fail("inspection %d: county %s, unit's %s", i, in.CountyCode, u.CountyCode)
		case in.InspectedOn.Before(start) || in.InspectedOn.After(lastDay) || in.CreatedAt.After(today) || in.CreatedAt.Before(in.InspectedOn):
			fail("inspection %d: on %v created %v, outside 2020-01-01…today", i, in.InspectedOn, in.CreatedAt)
		case !inWindow(u, in.InspectedOn):
			fail("inspection %d: on %v, when unit %d was not on the register", i, in.InspectedOn, u.ID)
		case !slices.Contains([]string{campaign.InspectionSelfCheck, campaign.InspectionDepartment, campaign.InspectionCounty,
			campaign.InspectionSupervision, campaign.InspectionUnannounced, campaign.InspectionExpert}, in.Kind):
			fail("inspection %d: kind %q", i, in.Kind)
		case strings.HasPrefix(u.CountyCode, "99") && in.Kind != campaign.InspectionSelfCheck:
			fail("inspection %d: a synthetic county's unit inspected by %s", i, in.Kind)
		case utf8.RuneCountInString(in.InspectorName) < 1 || utf8.RuneCountInString(in.InspectorName) > 100 || in.InspectingBody == "":
			fail("inspection %d: inspector %q of %q", i, in.InspectorName, in.InspectingBody)
		case utf8.RuneCountInString(in.Summary) > 2000 || in.Summary == "":
			fail("inspection %d: summary %q", i, in.Summary)
		case len(in.Results) != len(standards):
			fail("inspection %d: %d results", i, len(in.Results))
			continue
		}
		noGoods := u.CategoryCode == campaign.VillageCategory || u.CategoryCode == "school"
		for j, r := range in.Results {
			switch {
			case r.StandardCode != standards[j]:
				fail("inspection %d: result %d is for %s, want %s", i, j, r.StandardCode, standards[j])
			case (r.Result == campaign.ResultNotApplicable) != (r.StandardCode == "3.2" && noGoods):
				fail("inspection %d of a %s: %s is %s", i, u.CategoryCode, r.StandardCode, r.Result)
			case r.Result != campaign.ResultMet && r.Result != campaign.ResultNotMet && r.Result != campaign.ResultNotApplicable:
				fail("inspection %d: result %q", i, r.Result)
			case (r.Result == campaign.ResultNotMet) != (r.Remark != "") || utf8.RuneCountInString(r.Remark) > 500:
				fail("inspection %d: %s %s with remark %q", i, r.StandardCode, r.Result, r.Remark)
			}
		}
	}

	for i, h := range set.Hazards {
		u := byID[h.UnitID]
		if u == nil || h.Inspection < 0 || h.Inspection >= len(set.Inspections) {
			fail("hazard %d: unit %d, inspection index %d", i, h.UnitID, h.Inspection)
			continue
		}
		in := set.Inspections[h.Inspection]
		notMet := slices.ContainsFunc(in.Results, func(r campaign.InspectionResult) bool { return r.Result == campaign.ResultNotMet })
		switch {
		case in.UnitID != h.UnitID || !h.FoundOn.Equal(in.InspectedOn) || h.CountyCode != u.CountyCode:
			fail("hazard %d: unit %d found %v, its inspection: unit %d on %v", i, h.UnitID, h.FoundOn, in.UnitID, in.InspectedOn)
		case !notMet:
			fail("hazard %d: found by an inspection where every standard was met", i)
		case h.Level != campaign.HazardGeneral && h.Level != campaign.HazardMajor:
			fail("hazard %d: level %q", i, h.Level)
		case utf8.RuneCountInString(h.Description) < 2 || utf8.RuneCountInString(h.Description) > 2000:
			fail("hazard %d: description %q", i, h.Description)
		case h.Deadline != nil && h.Deadline.Before(h.FoundOn):
			fail("hazard %d: deadline %v before %v", i, h.Deadline, h.FoundOn)
		case h.Level == campaign.HazardMajor && h.State != campaign.HazardFound &&
			(h.RectificationPlan == nil || h.ResponsiblePerson == nil || h.Deadline == nil):
			fail("hazard %d: major hazard left FOUND without plan, person and deadline", i)
		case (h.State == campaign.HazardClosed) != (h.ClosedOn != nil):
			fail("hazard %d: state %s, closed on %v", i, h.State, h.ClosedOn)
		case h.RectifiedBy != nil || h.VerifiedBy != nil:
			fail("hazard %d: demo hazards name no users", i)
		case len(h.Transitions) == 0:
			fail("hazard %d: no transitions", i)
			continue
		}
		// replay the loop under the domain's rules, with an id per actor name
		first := h.Transitions[0]
		if first.From != nil || first.To != campaign.HazardFound || !first.At.Equal(in.CreatedAt) {
			fail("hazard %d: first step %v→%s at %v, want the finding at the inspection (%v)", i, first.From, first.To, first.At, in.CreatedAt)
		}
		ids := map[string]int64{}
		actor := func(name string) int64 {
			if _, ok := ids[name]; !ok {
				ids[name] = int64(len(ids) + 1)
			}
			return ids[name]
		}
		replay := h.Hazard
		replay.State, replay.RectifiedBy, replay.VerifiedBy = campaign.HazardFound, nil, nil
		prev := first.At
		for k, tr := range h.Transitions[1:] {
			a := actor(tr.ActorName)
			if tr.From == nil || *tr.From != replay.State {
				fail("hazard %d step %d: from %v, but the hazard is %s", i, k+1, tr.From, replay.State)
				break
			}
			if err := campaign.CheckAdvance(replay, tr.To, a); err != nil {
				fail("hazard %d step %d: %s→%s refused: %v", i, k+1, replay.State, tr.To, err)
				break
			}
			if !tr.At.After(prev) || tr.At.After(today) || tr.ActorName == "" {
				fail("hazard %d step %d: at %v after %v (today %v), actor %q", i, k+1, tr.At, prev, today, tr.ActorName)
			}
			if tr.To == campaign.HazardRectifying {
				replay.RectifiedBy = &a
			}
			prev, replay.State = tr.At, tr.To
		}
		last := h.Transitions[len(h.Transitions)-1]
		if replay.State != h.State || (h.ClosedOn != nil && !h.ClosedOn.Equal(day(last.At))) {
			fail("hazard %d: state %s closed %v, but its steps end in %s at %v", i, h.State, h.ClosedOn, replay.State, last.At)
		}
	}

	certified := map[[2]int64]bool{}
	for i, c := range set.Certifications {
		u := byID[c.UnitID]
		key := [2]int64{c.UnitID, int64(c.Year)}
		switch {
		case u == nil:
			fail("certification %d: unknown unit %d", i, c.UnitID)
		case c.Year >= today.Year() || c.Year < 2020:
			fail("certification %d: year %d is not over on %v", i, c.Year, today)
		case incidentYears[c.UnitID][c.Year]:
			fail("certification %d: unit %d certified for %d, which an incident vetoed", i, c.UnitID, c.Year)
		case !campaign.ActiveIn(u.EnrolledOn, u.ArchivedOn, c.Year):
			fail("certification %d: unit %d was not active in %d", i, c.UnitID, c.Year)
		case c.CertifiedAt.After(today) || c.CertifiedAt.Year() != c.Year+1:
			fail("certification %d of %d: certified at %v", i, c.Year, c.CertifiedAt)
		case certified[key]:
			fail("certification %d: unit %d certified twice for %d", i, c.UnitID, c.Year)
		case c.CountyCode != u.CountyCode || c.CertifiedByName == "":
			fail("certification %d: county %s by %q", i, c.CountyCode, c.CertifiedByName)
		case !u.CityLevel && !strings.HasSuffix(c.CertifiedByName, "人民政府") && !strings.HasSuffix(c.CertifiedByName, "管理委员会"):
			fail("certification %d: a county unit certified by %q", i, c.CertifiedByName)
		}
		certified[key] = true
	}

	listed := map[string]int{}
	for i, b := range set.Blacklist {
		u := byID[b.UnitID]
		if u == nil {
			fail("blacklist entry %d: unknown unit %d", i, b.UnitID)
			continue
		}
		listed[b.CountyCode]++
		before := slices.ContainsFunc(set.Incidents, func(inc campaign.Incident) bool {
			return inc.UnitID == b.UnitID && inc.OccurredAt.Before(b.ListedOn)
		})
		switch {
		case b.CountyCode != u.CountyCode || strings.HasPrefix(b.CountyCode, "99"):
			fail("blacklist entry %d: county %s", i, b.CountyCode)
		case u.CategoryCode == campaign.VillageCategory || !before:
			fail("blacklist entry %d: unit %d (%s) had no incident before %v", i, u.ID, u.CategoryCode, b.ListedOn)
		case b.ListedOn.After(lastDay) || b.DecidedBy == "" || utf8.RuneCountInString(b.Reason) < 2:
			fail("blacklist entry %d: %+v", i, b)
		}
		for y := b.ListedOn.Year(); y < today.Year(); y++ {
			if certified[[2]int64{b.UnitID, int64(y)}] {
				fail("blacklist entry %d: unit %d certified for %d while blacklisted", i, b.UnitID, y)
			}
		}
	}
	for code, n := range listed {
		if n > 1 {
			fail("county %s: %d blacklisted units, want one", code, n)
		}
	}
	if errs > 20 {
		t.Errorf("… %d violations in all", errs)
	}
}

// The demo must show what the campaign's pages are about: open and overdue hazards this year,
// casualties, a 较大事故 or two, one blacklisted company per county, and certifications.
func TestDemoEventsContent(t *testing.T) {
	units := mustEventUnits(t, 1)
	set := seed.DemoEvents(units, 2020, demoToday)
	var overdueMajor, openGeneral, fatal, larger, onTheSpot, external int
	for _, h := range set.Hazards {
		open := h.State != campaign.HazardClosed
		switch {
		case h.Level == campaign.HazardMajor && open && h.Deadline != nil && h.Deadline.Before(demoToday):
			overdueMajor++
		case h.Level == campaign.HazardGeneral && open:
			openGeneral++
		}
		if len(h.Transitions) > 1 && h.Transitions[1].To == campaign.HazardVerified {
			onTheSpot++
		}
	}
	for _, inc := range set.Incidents {
		if inc.Deaths > 0 {
			fatal++
		}
		if inc.Severity == campaign.SeverityLarger {
			larger++
		}
	}
	for _, in := range set.Inspections {
		if in.Kind != campaign.InspectionSelfCheck {
			external++
		}
	}
	t.Logf("%d inspections (%d external), %d hazards (%d overdue major, %d open general, %d fixed on the spot), %d incidents (%d fatal, %d larger), %d certifications, %d blacklisted",
		len(set.Inspections), external, len(set.Hazards), overdueMajor, openGeneral, onTheSpot, len(set.Incidents), fatal, larger, len(set.Certifications), len(set.Blacklist))
	for _, c := range []struct {
		what     string
		got      int
		min, max int
	}{
		{"overdue major hazards", overdueMajor, 1, 40},
		{"open general hazards", openGeneral, 1, 200},
		{"hazards fixed on the spot", onTheSpot, 1, len(set.Hazards)},
		{"fatal incidents", fatal, 10, len(set.Incidents) / 10},
		{"larger accidents", larger, 0, 7},
		{"blacklisted units", len(set.Blacklist), 7, 7},
		// about 40 % of the real units' yearly rounds include an external inspection
		{"external inspections", external, len(set.Inspections) / 5, len(set.Inspections) / 2},
	} {
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s: %d, want %d…%d", c.what, c.got, c.min, c.max)
		}
	}
	// roughly nine in ten zero-accident years of finished years are certified
	zero := 0
	vetoed := map[string]bool{}
	for _, inc := range set.Incidents {
		vetoed[fmt.Sprint(inc.UnitID, inc.Year())] = true
	}
	for _, u := range units {
		for y := 2020; y < demoToday.Year(); y++ {
			if campaign.ActiveIn(u.EnrolledOn, u.ArchivedOn, y) && !vetoed[fmt.Sprint(u.ID, y)] {
				zero++
			}
		}
	}
	if share := float64(len(set.Certifications)) / float64(zero); share < 0.8 || share > 0.95 {
		t.Errorf("%.2f of the zero-accident years certified, want about 0.9", share)
	}
}

// Synthetic counties keep a province-sized set small: a self-check every second year, nothing else.
func TestDemoEventsSyntheticCounties(t *testing.T) {
	units := slices.DeleteFunc(mustEventUnits(t, 2), func(u campaign.Unit) bool { return !strings.HasPrefix(u.CountyCode, "99") })
	set := seed.DemoEvents(units, 2020, demoToday)
	perUnit := map[int64]int{}
	for _, in := range set.Inspections {
		perUnit[in.UnitID]++
	}
	for _, u := range units {
		// 2020…2026 is seven years: three or four self-checks for a unit there all along
		if u.EnrolledOn.Equal(campaign.BaselineDate) && u.ArchivedOn == nil && (perUnit[u.ID] < 3 || perUnit[u.ID] > 4) {
			t.Fatalf("unit %d: %d inspections, want 3 or 4", u.ID, perUnit[u.ID])
		}
	}
	if len(set.Blacklist) != 0 {
		t.Errorf("%d blacklist entries in synthetic counties, want none", len(set.Blacklist))
	}
}
