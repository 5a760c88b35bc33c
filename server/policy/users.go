package policy

import (
	"slices"

	"zeroaccident/server/campaign"
)

// Account is the place of an account in the hierarchy, as the user rules see it: its role and
// scope, and who created it.
type Account struct {
	Role       campaign.Role
	CountyCode string
	TownCode   string
	// CreatorLevel is the Level of the role of whoever created the account; 0 when the command
	// line or the seed did.
	CreatorLevel int
}

// Level orders the managing levels: the city office above the counties above the towns. Roles that
// manage no one are level 0.
func Level(r campaign.Role) int {
	switch r {
	case CityAdmin:
		return 3
	case CountyAdmin:
		return 2
	case TownAdmin:
		return 1
	}
	return 0
}

// managedRoles are the roles each managing role may hand out, each within the manager's own scope.
var managedRoles = map[campaign.Role][]campaign.Role{
	CountyAdmin: {CountyAdmin, TownAdmin, GridWorker, UnitOfficer},
	TownAdmin:   {GridWorker, UnitOfficer},
}

// ManageAnyUsers allows opening the users page: whoever manages some accounts (the city office,
// county admins, town admins).
func ManageAnyUsers(a *Actor) error {
	if Level(a.Role) == 0 {
		return campaign.ErrForbidden
	}
	return nil
}

// ManageUsers is ManageAnyUsers: kept for the rules that only ask whether the caller manages
// accounts at all.
func ManageUsers(a *Actor) error { return ManageAnyUsers(a) }

// ManageAccount allows holding (creating, editing, deactivating) an account of the given role and
// scope: the city office any account; a county admin the county staff, town admins, grid workers
// and unit officers of its county; a town admin the grid workers and unit officers of its town.
// So nobody grants a role or a scope wider than its own.
func ManageAccount(a *Actor, t Account) error {
	switch a.Role {
	case CityAdmin:
		return nil
	case CountyAdmin:
		if slices.Contains(managedRoles[CountyAdmin], t.Role) && t.CountyCode == a.CountyCode && a.CountyCode != "" {
			return nil
		}
	case TownAdmin:
		if slices.Contains(managedRoles[TownAdmin], t.Role) && t.TownCode == a.TownCode && a.TownCode != "" {
			return nil
		}
	}
	return campaign.ErrForbidden
}

// ResetPasswordOf allows resetting an account's password: whoever may manage the account, at the
// level that created it or above (a town admin cannot reset what the county handed out).
func ResetPasswordOf(a *Actor, t Account) error {
	if err := ManageAccount(a, t); err != nil {
		return err
	}
	if Level(a.Role) < t.CreatorLevel {
		return campaign.ErrForbidden
	}
	return nil
}

// UserListScope is the row filter of the users page: the accounts the actor may manage.
type UserListScope struct {
	// All: no filter (the city office).
	All bool
	// CountyCode or TownCode confine the list; Roles lists the roles shown.
	CountyCode, TownCode string
	Roles                []campaign.Role
}

// UsersScope is what the actor's users page lists. Errors: FORBIDDEN for those who manage no one.
func UsersScope(a *Actor) (UserListScope, error) {
	switch a.Role {
	case CityAdmin:
		return UserListScope{All: true}, nil
	case CountyAdmin:
		return UserListScope{CountyCode: a.CountyCode, Roles: managedRoles[CountyAdmin]}, nil
	case TownAdmin:
		return UserListScope{TownCode: a.TownCode, Roles: managedRoles[TownAdmin]}, nil
	}
	return UserListScope{}, campaign.ErrForbidden
}

// AllowedWhilePasswordChange are the root operations a user who must change the one-time password
// may still call.
var AllowedWhilePasswordChange = []string{"me", "changePassword", "logout", "refreshToken", "login"}

// ErrPasswordChangeRequired answers every other operation of such a user.
var ErrPasswordChangeRequired = &campaign.Error{Code: campaign.EPASSWORDCHANGE,
	Message: "请先修改初始密码 (change your initial password first)"}
