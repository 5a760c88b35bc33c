// Package policy is the one place that decides who may do what. Every application service asks it
// before reading or writing, and storage queries apply the row filter it returns, so a county admin's
// lists never contain another county's rows. It is pure: the Actor carries everything it needs.
package policy

import (
	"context"
	"slices"

	"zeroaccident/server/campaign"
)

// The roles, re-exported so policy rules read naturally.
const (
	CityAdmin      = campaign.RoleCityAdmin
	CountyAdmin    = campaign.RoleCountyAdmin
	DepartmentUser = campaign.RoleDepartmentUser
	Analyst        = campaign.RoleAnalyst
)

// Actor is the authenticated caller of a request.
type Actor struct {
	UserID   int64
	Username string
	Role     campaign.Role
	// CountyCode is the county a county admin is confined to.
	CountyCode string
	// DepartmentCode is a department user's department; Sectors the sectors it leads.
	DepartmentCode string
	Sectors        []int
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the request's actor, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Authenticated returns the request's actor or UNAUTHENTICATED.
func Authenticated(ctx context.Context) (*Actor, error) {
	a := ActorFrom(ctx)
	if a == nil {
		return nil, campaign.ErrUnauthenticated
	}
	return a, nil
}

// SignedIn runs a read that every signed-in user may make (reference data, or the batch loads
// behind a list whose rows were already checked), and answers UNAUTHENTICATED otherwise.
func SignedIn[T any](ctx context.Context, load func() (T, error)) (T, error) {
	if _, err := Authenticated(ctx); err != nil {
		var zero T
		return zero, err
	}
	return load()
}

// UnitScope is the row filter for anything owned by a unit: the storage layer adds
// `county_code = CountyCode` when it is set and `sector_number IN Sectors` when Sectors is not nil.
// The zero value means every row.
type UnitScope struct {
	CountyCode string
	Sectors    []int
}

// All reports whether the scope lets every row through.
func (s UnitScope) All() bool { return s.CountyCode == "" && s.Sectors == nil }

// ReadScope is the set of units (and their inspections, hazards, incidents) the actor may read.
func ReadScope(a *Actor) UnitScope {
	switch a.Role {
	case CountyAdmin:
		return UnitScope{CountyCode: a.CountyCode}
	case DepartmentUser:
		// a non-nil empty slice: a department that leads no sector sees no units, not all of them
		return UnitScope{Sectors: append([]int{}, a.Sectors...)}
	default:
		return UnitScope{}
	}
}

// ManageUsers allows the city task-force office to manage user accounts.
func ManageUsers(a *Actor) error {
	if a.Role != CityAdmin {
		return campaign.ErrForbidden
	}
	return nil
}

// SeesPersonalPhones reports whether personal phone numbers are shown unmasked to the actor.
// Analysts study the campaign; they have no need to call people.
func SeesPersonalPhones(a *Actor) bool { return a.Role != Analyst }

// MaskPhone shows a personal phone number as the actor may see it: 139****1119 for analysts.
func MaskPhone(a *Actor, phone string) string {
	if SeesPersonalPhones(a) || phone == "" {
		return phone
	}
	r := []rune(phone)
	if len(r) < 8 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

// CanRead reports whether a unit-owned row (its county and sector) is in the actor's read scope.
func CanRead(a *Actor, countyCode string, sectorNumber int) bool {
	s := ReadScope(a)
	if s.CountyCode != "" && s.CountyCode != countyCode {
		return false
	}
	return s.Sectors == nil || slices.Contains(s.Sectors, sectorNumber)
}

// EditUnitsIn allows keeping the register of units in a county: the city task-force office
// anywhere, a county admin in its own county. Department users and analysts never edit the register.
func EditUnitsIn(a *Actor, countyCode string) error {
	switch {
	case a.Role == CityAdmin:
		return nil
	case a.Role == CountyAdmin && a.CountyCode == countyCode:
		return nil
	}
	return campaign.ErrForbidden
}

// RecordEvents allows recording inspections, hazards and incidents of a unit: the city task-force
// office anywhere, a county admin in its county, a department user in the sectors it leads.
func RecordEvents(a *Actor, countyCode string, sectorNumber int) error {
	switch a.Role {
	case CityAdmin:
		return nil
	case CountyAdmin:
		if a.CountyCode == countyCode {
			return nil
		}
	case DepartmentUser:
		if slices.Contains(a.Sectors, sectorNumber) {
			return nil
		}
	}
	return campaign.ErrForbidden
}

// Certify allows confirming a unit's zero-accident year (认定): county governments certify their
// county's units, a sector's lead department certifies the city-level units (市直单位) of its sectors.
// The city task-force office may certify any unit.
func Certify(a *Actor, u campaign.Unit) error {
	switch a.Role {
	case CityAdmin:
		return nil
	case CountyAdmin:
		if a.CountyCode == u.CountyCode && !u.CityLevel {
			return nil
		}
	case DepartmentUser:
		if u.CityLevel && slices.Contains(a.Sectors, u.SectorNumber) {
			return nil
		}
	}
	return campaign.ErrForbidden
}

// Blacklist allows listing a unit on the blacklist and lifting it: the city task-force office, or a
// lead department for the units of its sectors.
func Blacklist(a *Actor, sectorNumber int) error {
	switch {
	case a.Role == CityAdmin:
		return nil
	case a.Role == DepartmentUser && slices.Contains(a.Sectors, sectorNumber):
		return nil
	}
	return campaign.ErrForbidden
}

// ManageTargets allows setting the yearly targets and the liaison list (附表2): the city task-force
// office.
func ManageTargets(a *Actor) error {
	if a.Role != CityAdmin {
		return campaign.ErrForbidden
	}
	return nil
}

// UseWorkbench allows keeping saved queries: analysts, and the city office that also studies the
// figures.
func UseWorkbench(a *Actor) error {
	if a.Role != Analyst && a.Role != CityAdmin {
		return campaign.ErrForbidden
	}
	return nil
}
