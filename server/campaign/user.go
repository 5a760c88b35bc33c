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
)

// Roles lists every role.
var Roles = []Role{RoleCityAdmin, RoleCountyAdmin, RoleDepartmentUser, RoleAnalyst}

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
	Active         bool
	TokenVersion   int
	CreatedAt      time.Time
	Version        int
}
