package accounts

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"zeroaccident/server/auth"
	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Me returns the signed-in user. Any signed-in user. Errors: UNAUTHENTICATED.
func (s *Service) Me(ctx context.Context) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	return s.db.User(ctx, a.UserID)
}

// UsersPage lists, by id, the accounts the caller manages that match f: everyone for the city
// office, its county's county staff, town admins, grid workers and unit officers for a county
// admin, its town's grid workers and unit officers for a town admin.
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (search too long).
func (s *Service) UsersPage(ctx context.Context, f postgres.UserFilter, afterID int64, limit int) ([]campaign.User, int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, 0, err
	}
	scope, err := policy.UsersScope(a)
	if err != nil {
		return nil, 0, err
	}
	f.Search = strings.TrimSpace(f.Search)
	if utf8.RuneCountInString(f.Search) > 100 {
		return nil, 0, campaign.Invalid("search", "搜索词最多 100 个字符 (at most 100 characters)")
	}
	if f.Role != nil && !f.Role.Valid() {
		return nil, 0, campaign.Invalid("role", "未知角色 (unknown role)")
	}
	users, err := s.db.UsersPage(ctx, scope, f, afterID, limit)
	if err != nil {
		return nil, 0, err
	}
	total, err := s.db.CountUsers(ctx, scope, f)
	return users, total, err
}

// NewUser is what creating a user takes.
type NewUser struct {
	Username, DisplayName, Password string
	Role                            campaign.Role
	CountyCode, DepartmentCode      *string
	TownCode                        *string
	UnitID                          *int64
	IsPrincipal                     bool
}

var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,63}$`)

// CreateUser creates an account with a one-time password the user must change at the first sign-in.
// The city office any account, a county admin those of its county, a town admin the grid workers
// and unit officers of its town (policy.ManageAccount); the command line uses CreateUserUnchecked.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (unit), BAD_USER_INPUT, CONFLICT (name taken).
func (s *Service) CreateUser(ctx context.Context, in NewUser) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageAnyUsers(a); err != nil {
		return campaign.User{}, err
	}
	return s.createUser(ctx, a, in, true)
}

// CreateUserUnchecked creates an account on behalf of the operator of the command line.
func (s *Service) CreateUserUnchecked(ctx context.Context, in NewUser) (campaign.User, error) {
	return s.createUser(ctx, &policy.Actor{Username: "system", Role: policy.CityAdmin}, in, false)
}

func (s *Service) createUser(ctx context.Context, a *policy.Actor, in NewUser, oneTime bool) (campaign.User, error) {
	in.Username = NormalizeUsername(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if !usernamePattern.MatchString(in.Username) {
		return campaign.User{}, campaign.Invalid("username", "用户名须以小写字母开头，3-64 位小写字母、数字或 _.- (3-64 lower-case letters, digits or _.-, starting with a letter)")
	}
	if err := validateDisplayName(in.DisplayName); err != nil {
		return campaign.User{}, err
	}
	if err := auth.ValidateNewPassword(in.Password); err != nil {
		return campaign.User{}, campaign.Invalid("password", "%s", err.Error())
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return campaign.User{}, fmt.Errorf("hash password of %s: %w", in.Username, err)
	}
	var created campaign.User
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		sc, err := resolveScope(ctx, tx, a, scopeInput{in.Role, in.CountyCode, in.DepartmentCode, in.TownCode, in.UnitID, in.IsPrincipal})
		if err != nil {
			return err
		}
		if err := policy.ManageAccount(a, sc.account()); err != nil {
			return err
		}
		u := campaign.User{
			Username: in.Username, DisplayName: in.DisplayName, Role: in.Role,
			CountyCode: sc.county, DepartmentCode: sc.department, TownCode: sc.town, UnitID: sc.unit,
			IsPrincipal: sc.principal, MustChangePassword: oneTime,
		}
		if a.UserID != 0 {
			u.CreatedBy = &a.UserID
		}
		u, err = tx.CreateUser(ctx, u, hash)
		if err != nil {
			return scopeFieldError(err, sc.county, sc.department)
		}
		created = u
		return tx.Audit(ctx, s.entry(ctx, a, "createUser", "user", strconv.FormatInt(u.ID, 10), nil, u))
	})
	return created, err
}

func validateDisplayName(name string) error {
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return campaign.Invalid("displayName", "姓名须为 1-100 个字符 (display name must be 1-100 characters)")
	}
	return nil
}

// scopeInput is a role with the scope fields as given.
type scopeInput struct {
	role                     campaign.Role
	county, department, town *string
	unit                     *int64
	principal                bool
}

// scope is a role's scope as stored: the fields the role has, filled in from the town or the unit.
type scope struct {
	role                     campaign.Role
	county, department, town *string
	unit                     *int64
	principal                bool
}

func (s scope) account() policy.Account {
	acc := policy.Account{Role: s.role}
	if s.county != nil {
		acc.CountyCode = *s.county
	}
	if s.town != nil {
		acc.TownCode = *s.town
	}
	return acc
}

func accountOf(u campaign.User) policy.Account {
	return scope{role: u.Role, county: u.CountyCode, town: u.TownCode}.account()
}

// resolveScope checks that the scope fits the role (a county for county staff, a department for a
// department user, a town for town admins and grid workers, a unit for unit officers, nothing for
// the others) and fills in what follows: a town's county, a unit's town and county. A unit officer
// may only be created for a unit the caller can see (NOT_FOUND otherwise).
func resolveScope(ctx context.Context, tx *postgres.DB, a *policy.Actor, in scopeInput) (scope, error) {
	out := scope{role: in.role}
	if !in.role.Valid() {
		return out, campaign.Invalid("role", "未知角色 (unknown role)")
	}
	has := func(p *string) bool { return p != nil && *p != "" }
	needsCounty := in.role == policy.CountyAdmin
	needsTown := in.role == policy.TownAdmin || in.role == policy.GridWorker
	needsUnit := in.role == policy.UnitOfficer
	switch {
	case needsCounty && !has(in.county):
		return out, campaign.Invalid("countyCode", "县级账户须指定所属县 (a county account needs a county)")
	case !needsCounty && !needsTown && !needsUnit && in.county != nil:
		return out, campaign.Invalid("countyCode", "该角色不属于某个县 (this role has no county)")
	case in.role == policy.DepartmentUser && !has(in.department):
		return out, campaign.Invalid("departmentCode", "部门用户须指定所属部门 (a department user needs a department)")
	case in.role != policy.DepartmentUser && in.department != nil:
		return out, campaign.Invalid("departmentCode", "只有部门用户可指定部门 (only department users have a department)")
	case needsTown && !has(in.town):
		return out, campaign.Invalid("townCode", "乡镇账户和网格员须指定所属乡镇 (a town account or grid worker needs a town)")
	case !needsTown && in.town != nil && !needsUnit:
		return out, campaign.Invalid("townCode", "该角色不属于某个乡镇 (this role has no town)")
	case needsUnit && in.unit == nil:
		return out, campaign.Invalid("unitId", "单位账户须指定所属单位 (a unit officer needs a unit)")
	case !needsUnit && in.unit != nil:
		return out, campaign.Invalid("unitId", "只有单位账户可指定单位 (only unit officers have a unit)")
	case !needsUnit && in.principal:
		return out, campaign.Invalid("isPrincipal", "只有单位账户可标为主要负责人 (only a unit officer can be the principal)")
	}
	out.department, out.principal = in.department, in.principal
	switch {
	case needsCounty:
		out.county = in.county
	case needsTown:
		t, err := tx.TownsByCode(ctx, []string{*in.town})
		if err != nil {
			return out, err
		}
		town, ok := t[*in.town]
		if !ok || (has(in.county) && *in.county != town.CountyCode) {
			return out, campaign.Invalid("townCode", "不存在的乡镇代码，或不在所选县 (unknown town, or not in the county given)")
		}
		out.town, out.county = &town.Code, &town.CountyCode
	case needsUnit:
		u, err := tx.Unit(ctx, *in.unit)
		if errors.Is(err, campaign.ErrNotFound) || (err == nil && a.UserID != 0 && !policy.CanRead(a, u)) {
			return out, campaign.Invalid("unitId", "不存在的单位 (unknown unit)")
		}
		if err != nil {
			return out, err
		}
		out.unit, out.town, out.county = &u.ID, &u.TownCode, &u.CountyCode
	}
	return out, nil
}

// scopeFieldError names the field when the database refuses an unknown county or department.
func scopeFieldError(err error, county, department *string) error {
	var e *campaign.Error
	if errors.As(err, &e) && e.Code == campaign.EINVALID && e.Field == "" {
		field := "departmentCode"
		if county != nil {
			field = "countyCode"
		}
		return campaign.Invalid(field, "不存在的县或部门代码 (unknown county or department code)")
	}
	return err
}

// manageable loads an account the caller may manage: NOT_FOUND when the caller does not see it at
// all (outside its users page), FORBIDDEN never (what one may not manage one does not see).
func (s *Service) manageable(ctx context.Context, tx *postgres.DB, a *policy.Actor, id int64) (campaign.User, policy.Account, error) {
	u, err := tx.UserForUpdate(ctx, id)
	if err != nil {
		return u, policy.Account{}, err
	}
	acc := accountOf(u)
	if u.CreatedBy != nil {
		creator, err := tx.User(ctx, *u.CreatedBy)
		if err != nil {
			return u, acc, err
		}
		acc.CreatorLevel = policy.Level(creator.Role)
	}
	if err := policy.ManageAccount(a, acc); err != nil {
		return u, acc, campaign.ErrNotFound
	}
	return u, acc, nil
}

// UserUpdate is what updating a user may change; nil leaves a field as it is.
type UserUpdate struct {
	ID                         int64
	Version                    int
	DisplayName                *string
	Role                       *campaign.Role
	CountyCode, DepartmentCode *string
	TownCode                   *string
	UnitID                     *int64
	IsPrincipal                *bool
}

// UpdateUser changes a user's name, role or scope. A change of role or scope ends the user's sessions,
// since their tokens carry the old scope. Whoever manages both the account as it is and as it
// becomes; nobody changes their own role or scope.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT (stale version).
func (s *Service) UpdateUser(ctx context.Context, in UserUpdate) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageAnyUsers(a); err != nil {
		return campaign.User{}, err
	}
	var updated campaign.User
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, _, err := s.manageable(ctx, tx, a, in.ID)
		if err != nil {
			return err
		}
		ch := postgres.UserChanges{}
		if in.DisplayName != nil {
			name := strings.TrimSpace(*in.DisplayName)
			if err := validateDisplayName(name); err != nil {
				return err
			}
			ch.DisplayName = &name
		}
		var county, dept *string
		if in.Role != nil || in.CountyCode != nil || in.DepartmentCode != nil || in.TownCode != nil || in.UnitID != nil || in.IsPrincipal != nil {
			if in.ID == a.UserID {
				return campaign.Invalid("role", "不能修改自己的角色或范围 (you cannot change your own role or scope)")
			}
			role := before.Role
			if in.Role != nil {
				role = *in.Role
			}
			// the scope follows the role: fields not given are kept where the role still has them
			si := scopeInput{role: role, county: in.CountyCode, department: in.DepartmentCode, town: in.TownCode, unit: in.UnitID}
			if in.IsPrincipal != nil {
				si.principal = *in.IsPrincipal
			} else if role == policy.UnitOfficer {
				si.principal = before.IsPrincipal
			}
			if si.county == nil && si.town == nil && (role == policy.CountyAdmin || role == policy.TownAdmin || role == policy.GridWorker) {
				si.county = before.CountyCode
			}
			if si.town == nil && (role == policy.TownAdmin || role == policy.GridWorker) {
				si.town = before.TownCode
			}
			if si.department == nil && role == policy.DepartmentUser {
				si.department = before.DepartmentCode
			}
			if si.unit == nil && role == policy.UnitOfficer {
				si.unit = before.UnitID
			}
			sc, err := resolveScope(ctx, tx, a, si)
			if err != nil {
				return err
			}
			if err := policy.ManageAccount(a, sc.account()); err != nil {
				return err
			}
			county, dept = sc.county, sc.department
			ch.Role, ch.CountyCode, ch.DepartmentCode = &role, &sc.county, &sc.department
			ch.TownCode, ch.UnitID, ch.IsPrincipal = &sc.town, &sc.unit, &sc.principal
			ch.BumpTokenVersion = true
		}
		updated, err = tx.UpdateUser(ctx, in.ID, in.Version, ch)
		if err != nil {
			return scopeFieldError(err, county, dept)
		}
		if ch.BumpTokenVersion {
			if err := tx.RevokeUserRefreshTokens(ctx, in.ID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, s.entry(ctx, a, "updateUser", "user", strconv.FormatInt(in.ID, 10), before, updated))
	})
	s.sessionsChanged(in.ID)
	return updated, err
}

// DeactivateUser disables an account and ends all its sessions. Whoever manages the account
// (policy.ManageAccount); never one's own. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
// BAD_USER_INPUT, CONFLICT.
func (s *Service) DeactivateUser(ctx context.Context, id int64, version int) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageAnyUsers(a); err != nil {
		return campaign.User{}, err
	}
	if id == a.UserID {
		return campaign.User{}, campaign.Invalid("id", "不能停用自己的账户 (you cannot deactivate your own account)")
	}
	inactive := false
	return s.changeAndRevoke(ctx, a, "deactivateUser", id, &version, postgres.UserChanges{Active: &inactive, BumpTokenVersion: true},
		func(tx *postgres.DB) error { _, _, err := s.manageable(ctx, tx, a, id); return err })
}

// ResetPassword sets a new one-time password for a user, which the user must change at the next
// sign-in, and ends all its sessions. Whoever manages the account, at the level that created it or
// above (policy.ResetPasswordOf). Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.
func (s *Service) ResetPassword(ctx context.Context, id int64, newPassword string) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if err := policy.ManageAnyUsers(a); err != nil {
		return err
	}
	hash, err := newPasswordHash("newPassword", newPassword)
	if err != nil {
		return err
	}
	must := id != a.UserID
	_, err = s.changeAndRevoke(ctx, a, "resetPassword", id, nil, postgres.UserChanges{PasswordHash: &hash, MustChangePassword: &must, BumpTokenVersion: true},
		func(tx *postgres.DB) error {
			_, acc, err := s.manageable(ctx, tx, a, id)
			if err != nil {
				return err
			}
			return policy.ResetPasswordOf(a, acc)
		})
	return err
}

// ChangePassword changes the caller's own password after checking the old one, and ends every
// session of the caller (including this one). Any signed-in user.
// Errors: UNAUTHENTICATED, BAD_USER_INPUT (wrong old password, weak new one).
func (s *Service) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	current, err := s.db.PasswordHash(ctx, a.UserID)
	if err != nil {
		return err
	}
	ok, err := auth.CheckPassword(current, oldPassword)
	if err != nil {
		return fmt.Errorf("check password of user %d: %w", a.UserID, err)
	}
	if !ok {
		return campaign.Invalid("oldPassword", "原密码错误 (the current password is wrong)")
	}
	hash, err := newPasswordHash("newPassword", newPassword)
	if err != nil {
		return err
	}
	if newPassword == oldPassword {
		return campaign.Invalid("newPassword", "新密码不能与原密码相同 (the new password must differ from the current one)")
	}
	done := false
	_, err = s.changeAndRevoke(ctx, a, "changePassword", a.UserID, nil, postgres.UserChanges{PasswordHash: &hash, MustChangePassword: &done, BumpTokenVersion: true}, nil)
	return err
}

func newPasswordHash(field, pw string) (string, error) {
	if err := auth.ValidateNewPassword(pw); err != nil {
		return "", campaign.Invalid(field, "%s", err.Error())
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return hash, nil
}

// changeAndRevoke applies changes that end every session of the user, and audits them. A nil
// version means "whatever is stored" (password resets do not race with edits in a harmful way).
func (s *Service) changeAndRevoke(ctx context.Context, a *policy.Actor, action string, id int64, version *int, ch postgres.UserChanges, allow func(tx *postgres.DB) error) (campaign.User, error) {
	var updated campaign.User
	err := s.db.InTx(ctx, func(tx *postgres.DB) error {
		if allow != nil {
			if err := allow(tx); err != nil {
				return err
			}
		}
		before, err := tx.UserForUpdate(ctx, id)
		if err != nil {
			return err
		}
		v := before.Version
		if version != nil {
			v = *version
		}
		if updated, err = tx.UpdateUser(ctx, id, v, ch); err != nil {
			return err
		}
		if err := tx.RevokeUserRefreshTokens(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, s.entry(ctx, a, action, "user", strconv.FormatInt(id, 10), before, updated))
	})
	s.sessionsChanged(id)
	return updated, err
}
