// Package policy is the one place that decides who may do what. Every application service asks it
// before reading or writing, and storage queries apply the row filter it returns, so a county admin's
// lists never contain another county's rows. It is pure: the Actor carries everything it needs.
package policy

import (
	"context"
	"slices"
	"sync/atomic"

	"zeroaccident/server/campaign"
)

// The roles, re-exported so policy rules read naturally.
const (
	CityAdmin      = campaign.RoleCityAdmin
	CountyAdmin    = campaign.RoleCountyAdmin
	DepartmentUser = campaign.RoleDepartmentUser
	Analyst        = campaign.RoleAnalyst
	TownAdmin      = campaign.RoleTownAdmin
	GridWorker     = campaign.RoleGridWorker
	UnitOfficer    = campaign.RoleUnitOfficer
)

// Actor is the authenticated caller of a request.
type Actor struct {
	UserID   int64
	Username string
	Role     campaign.Role
	// CountyCode is the county a county admin, town admin, grid worker or unit officer sits in.
	CountyCode string
	// DepartmentCode is a department user's department; Sectors the sectors it leads.
	DepartmentCode string
	Sectors        []int
	// TownCode is a town admin's or grid worker's town, and a unit officer's unit's town.
	TownCode string
	// UnitID is a unit officer's unit.
	UnitID int64
	// GridIDs are the grids a grid worker is assigned to, loaded with every request's session
	// check (not kept in the token), so a re-assignment takes effect at once.
	GridIDs []int64
	// Principal: a unit officer whose account is the unit's 主要负责人.
	Principal bool
	// MustChangePassword: the account still has its one-time initial password, so the API answers
	// only the operations that let the user sign in, change it and sign out.
	MustChangePassword bool
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the request's actor, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	switch v := ctx.Value(actorKey{}).(type) {
	case *Actor:
		return v
	case *pendingActor:
		return v.actor.Load()
	}
	return nil
}

// pendingActor is the caller that a sign-in field of an anonymous request authenticates: the
// rest of that field's answer is read as the user who just signed in.
type pendingActor struct{ actor atomic.Pointer[Actor] }

// WithPendingActor returns an anonymous request's context in which SetPendingActor can later name
// the caller.
func WithPendingActor(ctx context.Context) context.Context {
	return context.WithValue(ctx, actorKey{}, &pendingActor{})
}

// SetPendingActor names the caller of a context made by WithPendingActor (elsewhere it does nothing).
func SetPendingActor(ctx context.Context, a *Actor) {
	if p, ok := ctx.Value(actorKey{}).(*pendingActor); ok {
		p.actor.Store(a)
	}
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
// `county_code = CountyCode` when it is set, `sector_number IN Sectors` when Sectors is not nil,
// `town_code = TownCode`, `id = UnitID` and `grid_id IN GridIDs` likewise, on the units directly and
// on unit-owned rows through their unit. The zero value means every row; a non-nil empty Sectors or
// GridIDs means no row.
type UnitScope struct {
	CountyCode string
	Sectors    []int
	TownCode   string
	UnitID     int64
	GridIDs    []int64
}

// All reports whether the scope lets every row through.
func (s UnitScope) All() bool {
	return s.CountyCode == "" && s.Sectors == nil && s.TownCode == "" && s.UnitID == 0 && s.GridIDs == nil
}

// BelowCounty reports whether the scope narrows below a county (a town, grids or a unit), which
// the county-level summaries cannot answer.
func (s UnitScope) BelowCounty() bool { return s.TownCode != "" || s.UnitID != 0 || s.GridIDs != nil }

// ReadScope is the set of units (and their inspections, hazards, incidents) the actor may read.
func ReadScope(a *Actor) UnitScope {
	switch a.Role {
	case CountyAdmin:
		return UnitScope{CountyCode: a.CountyCode}
	case DepartmentUser:
		// a non-nil empty slice: a department that leads no sector sees no units, not all of them
		return UnitScope{Sectors: append([]int{}, a.Sectors...)}
	case TownAdmin:
		return UnitScope{CountyCode: a.CountyCode, TownCode: a.TownCode}
	case GridWorker:
		return UnitScope{CountyCode: a.CountyCode, TownCode: a.TownCode, GridIDs: append([]int64{}, a.GridIDs...)}
	case UnitOfficer:
		return UnitScope{CountyCode: a.CountyCode, UnitID: a.UnitID}
	case CityAdmin, Analyst:
		return UnitScope{}
	default:
		// an unknown role reads nothing
		return UnitScope{UnitID: -1}
	}
}

// Contains reports whether a unit lies in the scope.
func (s UnitScope) Contains(u campaign.Unit) bool {
	switch {
	case s.CountyCode != "" && s.CountyCode != u.CountyCode,
		s.Sectors != nil && !slices.Contains(s.Sectors, u.SectorNumber),
		s.TownCode != "" && s.TownCode != u.TownCode,
		s.UnitID != 0 && s.UnitID != u.ID,
		s.GridIDs != nil && (u.GridID == nil || !slices.Contains(s.GridIDs, *u.GridID)):
		return false
	}
	return true
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

// CanRead reports whether a unit (and so what it owns) is in the actor's read scope.
func CanRead(a *Actor, u campaign.Unit) bool { return ReadScope(a).Contains(u) }

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

// RecordEvents allows recording inspections and hazards of a unit: the city task-force office
// anywhere, a county admin in its county, a department user in the sectors it leads, a town admin
// in its town, a grid worker at the units of its grids (patrols) and a unit officer at its own unit
// (self-checks). Which kind of inspection each may record is the inspection's own rule.
func RecordEvents(a *Actor, u campaign.Unit) error {
	switch a.Role {
	case CityAdmin:
		return nil
	case CountyAdmin:
		if a.CountyCode == u.CountyCode {
			return nil
		}
	case DepartmentUser:
		if slices.Contains(a.Sectors, u.SectorNumber) {
			return nil
		}
	case TownAdmin, GridWorker, UnitOfficer:
		if ReadScope(a).Contains(u) {
			return nil
		}
	}
	return campaign.ErrForbidden
}

// RecordIncidents allows reporting and correcting a unit's incidents (事故): the writers of
// RecordEvents but grid workers and unit officers. An incident vetoes the unit's zero-accident
// year, so it is the government's record, not the unit's own.
func RecordIncidents(a *Actor, u campaign.Unit) error {
	if a.Role == GridWorker || a.Role == UnitOfficer {
		return campaign.ErrForbidden
	}
	return RecordEvents(a, u)
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

// FieldRole reports whether a role is one of the field roles of issue 12 (town, grid, unit).
func FieldRole(r campaign.Role) bool { return r == TownAdmin || r == GridWorker || r == UnitOfficer }

// UseWorkbench allows keeping saved queries: analysts, and the city office that also studies the
// figures.
func UseWorkbench(a *Actor) error {
	if a.Role != Analyst && a.Role != CityAdmin {
		return campaign.ErrForbidden
	}
	return nil
}
