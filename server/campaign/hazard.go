package campaign

import "time"

// HazardLevel is 一般隐患 or 重大隐患.
type HazardLevel string

const (
	HazardGeneral HazardLevel = "GENERAL"
	HazardMajor   HazardLevel = "MAJOR"
)

// HazardState is a step of the closed loop 排查 → 治理 → 验收 → 销号.
type HazardState string

const (
	HazardFound      HazardState = "FOUND"      // 排查
	HazardRectifying HazardState = "RECTIFYING" // 治理
	HazardVerified   HazardState = "VERIFIED"   // 验收
	HazardClosed     HazardState = "CLOSED"     // 销号
)

// Hazard is a 隐患 found at a unit.
type Hazard struct {
	ID           int64
	UnitID       int64
	CountyCode   string
	SectorNumber int
	InspectionID *int64
	// Source is the kind of inspection that found it (InspectionSelfCheck: the unit itself).
	Source string
	// FoundBy is the user who recorded it; StandardCode the creation standard it fails, if one.
	FoundBy           *int64
	StandardCode      *string
	Level             HazardLevel
	State             HazardState
	Description       string
	Category          string
	FoundOn           time.Time
	Deadline          *time.Time
	ResponsiblePerson *string
	RectificationPlan *string
	// RectifiedBy is the user who reported the rectification (moved the hazard to RECTIFYING).
	RectifiedBy *int64
	VerifiedBy  *int64
	ClosedOn    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
}

// Overdue reports whether a hazard is past its deadline and not closed, on the given day.
func (h Hazard) Overdue(today time.Time) bool {
	return h.State != HazardClosed && h.Deadline != nil && h.Deadline.Before(today)
}

// HazardTransition is one step a hazard took, with who, when and why.
type HazardTransition struct {
	ID        int64
	HazardID  int64
	From      *HazardState
	To        HazardState
	Reopened  bool
	ActorName string
	Note      string
	At        time.Time
}

// CheckAdvance applies the closed loop's rules to moving h to the state to, by the user actor.
// A general hazard fixed on the spot may go straight from FOUND to VERIFIED (边排查边整治); a major
// one needs its plan, responsible person and deadline before it leaves FOUND (限期整改); the
// verifier must not be whoever reported the rectification; only a verified hazard is closed.
func CheckAdvance(h Hazard, to HazardState, actor int64) error {
	switch {
	case h.State == HazardFound && to == HazardRectifying:
	case h.State == HazardFound && to == HazardVerified && h.Level == HazardGeneral:
	case h.State == HazardRectifying && to == HazardVerified:
		if h.RectifiedBy != nil && *h.RectifiedBy == actor {
			return Invalid("to", "验收人不能是报告整改的人 (the verifier must be someone other than who reported the rectification)")
		}
	case h.State == HazardVerified && to == HazardClosed:
	case h.State == HazardFound && to == HazardVerified:
		return Invalid("to", "重大隐患须经治理后验收 (a major hazard must be rectified before verification)")
	default:
		return Invalid("to", "隐患不能从%s转为%s (a hazard cannot go from %s to %s)", hazardStateNames[h.State], hazardStateNames[to], h.State, to)
	}
	if h.Level == HazardMajor && h.State == HazardFound &&
		(h.RectificationPlan == nil || *h.RectificationPlan == "" || h.ResponsiblePerson == nil || *h.ResponsiblePerson == "" || h.Deadline == nil) {
		return Invalid("rectificationPlan", "重大隐患须先明确整改方案、责任人和整改期限 (a major hazard needs a rectification plan, a responsible person and a deadline)")
	}
	return nil
}

// CheckReopen allows sending a hazard back to FOUND, with a reason, from any later state.
func CheckReopen(h Hazard, reason string) error {
	if h.State == HazardFound {
		return Invalid("id", "隐患尚处于排查状态，无需重新打开 (the hazard is still open)")
	}
	if len([]rune(reason)) < 2 {
		return Invalid("reason", "请说明重新打开的原因 (give a reason for reopening)")
	}
	return nil
}

var hazardStateNames = map[HazardState]string{
	HazardFound: "排查", HazardRectifying: "治理", HazardVerified: "验收", HazardClosed: "销号",
}
