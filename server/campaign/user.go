package campaign

import (
	"slices"
	"time"
)

// Role is a user's role; the names match the GraphQL enum.
type Role string

const (
	RoleCityAdmin      Role = "CITY_ADMIN"
	RoleCountyAdmin    Role = "COUNTY_ADMIN"
	RoleDepartmentUser Role = "DEPARTMENT_USER"
	RoleAnalyst        Role = "ANALYST"
	// RoleTownAdmin is a town's safety office (乡镇/街道安监站): one town.
	RoleTownAdmin Role = "TOWN_ADMIN"
	// RoleGridWorker is a grid worker (网格员): the units of the grids assigned to it, in one town.
	RoleGridWorker Role = "GRID_WORKER"
	// RoleUnitOfficer is a unit's own principal or safety officer (主要负责人或安全员): one unit.
	RoleUnitOfficer Role = "UNIT_OFFICER"
)

// Roles lists every role.
var Roles = []Role{RoleCityAdmin, RoleCountyAdmin, RoleDepartmentUser, RoleAnalyst, RoleTownAdmin, RoleGridWorker, RoleUnitOfficer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is an account of the platform. The password hash never leaves the storage and accounts packages.
type User struct {
	ID             int64
	Username       string
	DisplayName    string
	Role           Role
	CountyCode     *string
	DepartmentCode *string
	// TownCode is the town of a town admin, a grid worker or a unit officer; UnitID a unit officer's unit.
	TownCode *string
	UnitID   *int64
	// IsPrincipal marks a unit officer's account as the unit's 主要负责人, who signs its returns.
	IsPrincipal bool
	// MustChangePassword: the account still has its one-time initial password.
	MustChangePassword bool
	// CreatedBy is the user who created the account (nil for the command line and the seed).
	CreatedBy    *int64
	Active       bool
	TokenVersion int
	CreatedAt    time.Time
	Version      int
}
