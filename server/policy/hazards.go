package policy

import "zeroaccident/server/campaign"

// writesFor reports whether the unit u is within the units the actor records events for (its
// county, sectors, town, grids or unit; everything for the city). Hazard steps add their own rule
// on top.
func writesFor(a *Actor, u campaign.Unit) bool {
	return RecordEvents(a, u) == nil
}

// HazardStep decides whether the actor may take step on the hazard h of unit u (which the caller
// has already found in the actor's read scope): the actor must write for the unit, and
// campaign.HazardStepRule decides by the hazard's source and level and the actor's role. A refusal
// says who may instead.
func HazardStep(a *Actor, u campaign.Unit, h campaign.Hazard, step campaign.HazardStep) campaign.StepRule {
	if !writesFor(a, u) {
		r := campaign.HazardStepRule(step, h.Source, h.Level, a.Role)
		if r.Allowed {
			r = campaign.StepRule{Reason: campaign.Message{Zh: "不在您的管辖范围 (outside your scope)", En: "outside your scope"}}
		}
		return r
	}
	return campaign.HazardStepRule(step, h.Source, h.Level, a.Role)
}

// ActOnHazard allows whoever may take some step of the hazard now, or could report it (attach its
// photos, say): a writer for the unit with any step allowed by the rule.
func ActOnHazard(a *Actor, u campaign.Unit, h campaign.Hazard) error {
	for _, s := range campaign.HazardSteps {
		if HazardStep(a, u, h, s).Allowed {
			return nil
		}
	}
	return campaign.ErrForbidden
}

// RecordInspectionKind allows the kind of inspection the actor records: a unit officer records its
// unit's self-checks (自查) and a grid worker its patrols (网格巡查), nothing else; the government
// levels record any kind (including a unit's self-check typed in for a unit without an account).
func RecordInspectionKind(a *Actor, kind string) error {
	switch {
	case a.Role == UnitOfficer && kind != campaign.InspectionSelfCheck:
		return campaign.Invalid("kind", "单位账号只能录入自查 (a unit records self-checks only)")
	case a.Role == GridWorker && kind != campaign.InspectionGridPatrol:
		return campaign.Invalid("kind", "网格员只能录入网格巡查 (a grid worker records patrols only)")
	}
	return nil
}
