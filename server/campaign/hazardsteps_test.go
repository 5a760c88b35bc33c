package campaign

import (
	"fmt"
	"testing"
)

// Who may take each hazard step, for every step × source × level × role. The table is written out
// by hand from issue 12 point 5, not computed from the rule it tests.
func TestHazardStepRule(t *testing.T) {
	allRoles := []Role{RoleCityAdmin, RoleCountyAdmin, RoleDepartmentUser, RoleAnalyst, RoleTownAdmin, RoleGridWorker, RoleUnitOfficer}
	// y: allowed; p: allowed once an after photo is attached; -: refused
	type row map[Role]string
	// columns in the order of allRoles: city county dept analyst town grid unit
	parse := func(s string) row {
		r := row{}
		for i, c := range s {
			r[allRoles[i]] = string(c)
		}
		return r
	}
	selfGeneral := map[HazardStep]row{
		StepRectify: parse("yyy-yyy"),
		StepVerify:  parse("yyy-y-p"),
		StepClose:   parse("yyy-y-p"),
		StepReopen:  parse("yyy-y--"),
	}
	byLevel := map[HazardStep]row{ // found by a government level, or major whoever found it
		StepRectify: parse("yyy-yyy"),
		StepVerify:  parse("yyy-y--"),
		StepClose:   parse("yyy-y--"),
		StepReopen:  parse("yyy-y--"),
	}
	for _, source := range InspectionKinds {
		for _, level := range []HazardLevel{HazardGeneral, HazardMajor} {
			want := byLevel
			if source == InspectionSelfCheck && level == HazardGeneral {
				want = selfGeneral
			}
			for _, step := range HazardSteps {
				for _, role := range allRoles {
					t.Run(fmt.Sprintf("%s/%s/%s/%s", step, source, level, role), func(t *testing.T) {
						got := HazardStepRule(step, source, level, role)
						w := want[step][role]
						if got.Allowed != (w != "-") || got.NeedsAfterPhoto != (w == "p") {
							t.Fatalf("got %+v, want %q", got, w)
						}
						if !got.Allowed && (got.Reason.Zh == "" || got.Reason.En == "") {
							t.Fatalf("refused without saying who may: %+v", got)
						}
					})
				}
			}
		}
	}
}

func TestNextSteps(t *testing.T) {
	cases := []struct {
		state HazardState
		level HazardLevel
		want  string
	}{
		{HazardFound, HazardGeneral, "[RECTIFY VERIFY]"},
		{HazardFound, HazardMajor, "[RECTIFY]"},
		{HazardRectifying, HazardMajor, "[VERIFY REOPEN]"},
		{HazardVerified, HazardGeneral, "[CLOSE REOPEN]"},
		{HazardClosed, HazardMajor, "[REOPEN]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(NextSteps(Hazard{State: c.state, Level: c.level})); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.state, c.level, got, c.want)
		}
		// every step the loop offers is one CheckAdvance or CheckReopen lets through for someone
		for _, s := range NextSteps(Hazard{State: c.state, Level: c.level}) {
			h := Hazard{State: c.state, Level: c.level}
			if c.level == HazardMajor {
				plan, who := "方案", "张三"
				h.RectificationPlan, h.ResponsiblePerson, h.Deadline = &plan, &who, &h.FoundOn
			}
			var err error
			if s == StepReopen {
				err = CheckReopen(h, "抽查不合格")
			} else {
				err = CheckAdvance(h, StepTo(s), 1)
			}
			if err != nil {
				t.Errorf("%s %s: step %s offered but refused: %v", c.state, c.level, s, err)
			}
		}
	}
}
