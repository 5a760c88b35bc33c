package policy

import "zeroaccident/server/campaign"

// writesFor reports whether the unit u is within the units the actor records events for (its
// county, its sectors, everything for the city). Hazard steps add their own rule on top.
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
