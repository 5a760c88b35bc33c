package policy

import "zeroaccident/server/campaign"

// AttachToInspection allows attaching photos and documents to an inspection of the unit u: the same
// rule as recording it.
func AttachToInspection(a *Actor, u campaign.Unit) error { return RecordEvents(a, u) }

// AttachToIncident allows attaching files to an incident of the unit u: whoever may report and
// correct it (not grid workers nor unit officers).
func AttachToIncident(a *Actor, u campaign.Unit) error { return RecordIncidents(a, u) }

// AttachToHazard allows attaching a hazard's photos (整改前 / 整改后 / 验收): whoever may act on the
// hazard, the same rule as advancing or reopening it.
func AttachToHazard(a *Actor, u campaign.Unit, h campaign.Hazard) error {
	return ActOnHazard(a, u, h)
}

// ReadAttachment allows reading a file: whoever may read the row that owns it (an inspection,
// hazard or incident of the unit u).
func ReadAttachment(a *Actor, u campaign.Unit) error {
	if !CanRead(a, u) {
		return campaign.ErrNotFound
	}
	return nil
}
