package campaign

// HazardStep is an action on a hazard: one step along the loop, or sending it back.
type HazardStep string

const (
	StepRectify HazardStep = "RECTIFY" // 报告整改: to RECTIFYING
	StepVerify  HazardStep = "VERIFY"  // 验收: to VERIFIED
	StepClose   HazardStep = "CLOSE"   // 销号: to CLOSED
	StepReopen  HazardStep = "REOPEN"  // 复查退回 (spot-check): back to FOUND
)

// HazardSteps are every step, in loop order.
var HazardSteps = []HazardStep{StepRectify, StepVerify, StepClose, StepReopen}

// StepTo is the state a step leads to.
func StepTo(s HazardStep) HazardState {
	switch s {
	case StepRectify:
		return HazardRectifying
	case StepVerify:
		return HazardVerified
	case StepClose:
		return HazardClosed
	}
	return HazardFound
}

// StepOf is the step that moves a hazard to the state to by advancing it ("" for FOUND, which only
// reopening reaches).
func StepOf(to HazardState) HazardStep {
	switch to {
	case HazardRectifying:
		return StepRectify
	case HazardVerified:
		return StepVerify
	case HazardClosed:
		return StepClose
	}
	return ""
}

// Message is a short text in both languages of the interface.
type Message struct{ Zh, En string }

// StepRule is who may take a step: whether the role may, whether it must first attach a photo
// taken after the rectification (整改后), and when it may not, who may instead.
type StepRule struct {
	Allowed         bool
	NeedsAfterPhoto bool
	Reason          Message
}

// tier is how high a role stands in the campaign's hierarchy, for the rule "the town, the level
// that found it, or above".
type tier int

const (
	tierNone tier = iota
	tierUnit
	tierGrid
	tierTown
	tierCounty
	tierCity
)

func roleTier(r Role) tier {
	switch r {
	case RoleUnitOfficer:
		return tierUnit
	case RoleGridWorker:
		return tierGrid
	case RoleTownAdmin:
		return tierTown
	case RoleCountyAdmin:
		return tierCounty
	case RoleCityAdmin, RoleDepartmentUser: // a department is the city's lead for its sectors
		return tierCity
	}
	return tierNone
}

var (
	msgAnalyst    = Message{"分析人员只读 (analysts only read)", "analysts only read"}
	msgGrid       = Message{"网格员巡查、报告隐患和整改情况，不能验收、销号或退回；由乡镇或以上验收 (grid workers patrol and report hazards and their rectification; the town or above verifies, closes and reopens)", "grid workers patrol and report hazards and their rectification; the town or above verifies, closes and reopens"}
	msgByTown     = Message{"检查发现的隐患和重大隐患由乡镇（或发现它的层级）及以上验收、销号 (hazards found by an inspection, and every major hazard, are verified and closed by the town, the level that found them, or above)", "hazards found by an inspection, and every major hazard, are verified and closed by the town, the level that found them, or above"}
	msgSpotCheck  = Message{"由乡镇及以上抽查退回 (the town or above spot-checks and reopens)", "the town or above spot-checks and reopens"}
	msgNeedsPhoto = Message{"单位自行验收、销号前须上传整改后照片 (the unit needs an after photo before it verifies or closes on its own)", "the unit needs an after photo before it verifies or closes on its own"}
)

// HazardStepRule is the one rule of who may take each step of a hazard, by where it came from
// (source: the kind of inspection that found it), its level and the actor's role. The actor's
// scope over the hazard's unit is checked before (server/policy); the loop's own rules
// (CheckAdvance: the order of states, a major hazard's plan, the verifier not being who reported
// the rectification) after.
//
//   - A general hazard the unit found itself (自查): the unit rectifies, verifies and closes it on
//     its own, with an after photo; the town or above may also verify and close it, and spot-checks
//     it (reopens).
//   - A hazard found by any other source, and every major hazard: the unit (or the town or above on
//     its behalf, or its grid worker) rectifies and reports; the town, the level that found it, or above verifies,
//     closes and reopens; the unit does not.
//   - Grid workers patrol and report hazards, and may report that rectification began (for a unit
//     without an account); they never verify, close or reopen. Analysts take no step.
func HazardStepRule(step HazardStep, source string, level HazardLevel, role Role) StepRule {
	t := roleTier(role)
	if t == tierNone {
		return StepRule{Reason: msgAnalyst}
	}
	selfGeneral := SelfFound(source) && level == HazardGeneral
	switch step {
	case StepRectify:
		if t != tierNone {
			return StepRule{Allowed: true}
		}
	case StepVerify, StepClose:
		if t >= tierTown {
			return StepRule{Allowed: true}
		}
		if t == tierGrid {
			return StepRule{Reason: msgGrid}
		}
		if selfGeneral {
			return StepRule{Allowed: true, NeedsAfterPhoto: true}
		}
		return StepRule{Reason: msgByTown}
	case StepReopen:
		if t >= tierTown {
			return StepRule{Allowed: true}
		}
		if t == tierGrid {
			return StepRule{Reason: msgGrid}
		}
		return StepRule{Reason: msgSpotCheck}
	}
	return StepRule{Reason: Message{"未知的步骤 (unknown step)", "unknown step"}}
}

// NeedsAfterPhotoMessage is what a unit is told when it closes its own hazard without a photo.
func NeedsAfterPhotoMessage() Message { return msgNeedsPhoto }

// NextSteps are the steps the loop allows from a hazard's state, whoever takes them: reopening from
// any state but FOUND, and from FOUND the direct verification of a general hazard (边排查边整治).
func NextSteps(h Hazard) []HazardStep {
	switch h.State {
	case HazardFound:
		if h.Level == HazardGeneral {
			return []HazardStep{StepRectify, StepVerify}
		}
		return []HazardStep{StepRectify}
	case HazardRectifying:
		return []HazardStep{StepVerify, StepReopen}
	case HazardVerified:
		return []HazardStep{StepClose, StepReopen}
	case HazardClosed:
		return []HazardStep{StepReopen}
	}
	return nil
}
