package model

import (
	"time"

	"zeroaccident/server/campaign"
)

// Unit is a unit as the API answers it: the register's row and the related rows its fields show,
// filled in one batch per list (graph.unitNodes). These fields are plain values rather than
// resolvers, so gqlgen resolves them inline instead of starting a goroutine per field and unit.
type Unit struct {
	campaign.Unit
	Category *campaign.UnitCategory
	Sector   *campaign.Sector
	County   *campaign.County
	Town     *campaign.Town
	// VisiblePrincipalPhone is PrincipalPhone as the caller may see it (masked for analysts).
	VisiblePrincipalPhone string
	Blacklisted           bool
	// SafetyOfficers carry their phones as the caller may see them.
	SafetyOfficers     []*campaign.SafetyOfficer
	OpenHazardCount    int
	OverdueHazardCount int
	// LastSelfCheckOn is the day of the unit's latest 自查; SelfCheckedThisMonth whether it falls in
	// the current month.
	LastSelfCheckOn      *time.Time
	SelfCheckedThisMonth bool
	CanEdit              bool
	IncidentsByYear      map[int]int
}

// Archived reports whether the unit has left the register.
func (u *Unit) Archived() bool { return u.ArchivedOn != nil }

// IncidentCount is the number of the unit's incidents in the year.
func (u *Unit) IncidentCount(year int) int { return u.IncidentsByYear[year] }

// ZeroAccident reports whether the unit was enrolled and active in the year without an incident (一票否决).
func (u *Unit) ZeroAccident(year int) bool {
	return campaign.ZeroAccident(u.EnrolledOn, u.ArchivedOn, year, u.IncidentsByYear[year])
}
