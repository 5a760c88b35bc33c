package campaign

import (
	"fmt"
	"testing"
	"time"
)

func TestCheckAdvance(t *testing.T) {
	str := func(s string) *string { return &s }
	deadline := time.Date(2021, 6, 30, 0, 0, 0, 0, Local)
	const reporter, other int64 = 7, 8
	planned := func(h Hazard) Hazard {
		h.RectificationPlan, h.ResponsiblePerson, h.Deadline = str("更换防爆电气设备"), str("王矿长"), &deadline
		return h
	}
	general := Hazard{Level: HazardGeneral}
	major := Hazard{Level: HazardMajor}
	states := []HazardState{HazardFound, HazardRectifying, HazardVerified, HazardClosed}

	// allowed[level][from][to] lists every allowed transition; everything else must be refused
	allowed := map[HazardLevel]map[HazardState][]HazardState{
		HazardGeneral: {HazardFound: {HazardRectifying, HazardVerified}, HazardRectifying: {HazardVerified}, HazardVerified: {HazardClosed}},
		HazardMajor:   {HazardFound: {HazardRectifying}, HazardRectifying: {HazardVerified}, HazardVerified: {HazardClosed}},
	}
	for _, base := range []Hazard{general, planned(major)} {
		for _, from := range states {
			for _, to := range states {
				h := base
				h.State = from
				want := false
				for _, a := range allowed[h.Level][from] {
					want = want || a == to
				}
				t.Run(fmt.Sprintf("%s %s to %s", h.Level, from, to), func(t *testing.T) {
					err := CheckAdvance(h, to, other)
					if (err == nil) != want {
						t.Fatalf("CheckAdvance = %v, want allowed %v", err, want)
					}
					if err != nil && ErrorCode(err) != EINVALID {
						t.Fatalf("refusal is not BAD_USER_INPUT: %v", err)
					}
				})
			}
		}
	}

	t.Run("major without plan cannot leave FOUND", func(t *testing.T) {
		for _, missing := range []func(*Hazard){
			func(h *Hazard) { h.RectificationPlan = nil },
			func(h *Hazard) { h.ResponsiblePerson = str("") },
			func(h *Hazard) { h.Deadline = nil },
		} {
			h := planned(major)
			h.State = HazardFound
			missing(&h)
			if err := CheckAdvance(h, HazardRectifying, other); err == nil {
				t.Fatalf("left FOUND without plan, person and deadline: %+v", h)
			}
		}
	})
	t.Run("the rectification reporter cannot verify", func(t *testing.T) {
		h := planned(major)
		h.State, h.RectifiedBy = HazardRectifying, ptr(reporter)
		if err := CheckAdvance(h, HazardVerified, reporter); err == nil {
			t.Fatal("the reporter verified their own rectification")
		}
		if err := CheckAdvance(h, HazardVerified, other); err != nil {
			t.Fatalf("another user could not verify: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestCheckReopen(t *testing.T) {
	for _, c := range []struct {
		state  HazardState
		reason string
		ok     bool
	}{
		{HazardFound, "复查发现未整改", false},
		{HazardRectifying, "复查发现未整改", true},
		{HazardVerified, "复查发现未整改", true},
		{HazardClosed, "复查发现未整改", true},
		{HazardClosed, "", false},
	} {
		t.Run(fmt.Sprintf("%s %q", c.state, c.reason), func(t *testing.T) {
			if err := CheckReopen(Hazard{State: c.state}, c.reason); (err == nil) != c.ok {
				t.Fatalf("CheckReopen = %v, want ok %v", err, c.ok)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	d := time.Date(2021, 6, 30, 0, 0, 0, 0, Local)
	for _, c := range []struct {
		name  string
		h     Hazard
		today time.Time
		want  bool
	}{
		{"before the deadline", Hazard{State: HazardRectifying, Deadline: &d}, d, false},
		{"the day after", Hazard{State: HazardRectifying, Deadline: &d}, d.AddDate(0, 0, 1), true},
		{"closed late is not overdue", Hazard{State: HazardClosed, Deadline: &d}, d.AddDate(0, 1, 0), false},
		{"no deadline", Hazard{State: HazardFound}, d.AddDate(1, 0, 0), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.h.Overdue(c.today); got != c.want {
				t.Fatalf("Overdue = %v, want %v", got, c.want)
			}
		})
	}
}
