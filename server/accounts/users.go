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

// UsersPage lists users by id. CITY_ADMIN only. Errors: UNAUTHENTICATED, FORBIDDEN.
func (s *Service) UsersPage(ctx context.Context, afterID int64, limit int) ([]campaign.User, int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := policy.ManageUsers(a); err != nil {
		return nil, 0, err
	}
	users, err := s.db.UsersPage(ctx, afterID, limit)
	if err != nil {
		return nil, 0, err
	}
	total, err := s.db.CountUsers(ctx)
	return users, total, err
}

// NewUser is what creating a user takes.
type NewUser struct {
	Username, DisplayName, Password string
	Role                            campaign.Role
	CountyCode, DepartmentCode      *string
}

var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,63}$`)

// CreateUser creates an account. CITY_ADMIN only (the command line uses CreateUserUnchecked).
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, CONFLICT (name taken).
func (s *Service) CreateUser(ctx context.Context, in NewUser) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageUsers(a); err != nil {
		return campaign.User{}, err
	}
	return s.createUser(ctx, a, in)
}

// CreateUserUnchecked creates an account on behalf of the operator of the command line.
func (s *Service) CreateUserUnchecked(ctx context.Context, in NewUser) (campaign.User, error) {
	return s.createUser(ctx, &policy.Actor{Username: "system", Role: policy.CityAdmin}, in)
}

func (s *Service) createUser(ctx context.Context, a *policy.Actor, in NewUser) (campaign.User, error) {
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
	if err := validateScope(in.Role, in.CountyCode, in.DepartmentCode); err != nil {
		return campaign.User{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return campaign.User{}, fmt.Errorf("hash password of %s: %w", in.Username, err)
	}
	var created campaign.User
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		u, err := tx.CreateUser(ctx, campaign.User{
			Username: in.Username, DisplayName: in.DisplayName, Role: in.Role,
			CountyCode: in.CountyCode, DepartmentCode: in.DepartmentCode,
		}, hash)
		if err != nil {
			return scopeFieldError(err, in.CountyCode, in.DepartmentCode)
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

// validateScope checks that the scope fits the role: a county for a county admin, a department for a
// department user, nothing for the others.
func validateScope(role campaign.Role, county, department *string) error {
	if !role.Valid() {
		return campaign.Invalid("role", "未知角色 (unknown role)")
	}
	switch {
	case role == policy.CountyAdmin && (county == nil || *county == ""):
		return campaign.Invalid("countyCode", "县级管理员须指定所属县 (a county admin needs a county)")
	case role != policy.CountyAdmin && county != nil:
		return campaign.Invalid("countyCode", "只有县级管理员可指定县 (only county admins have a county)")
	case role == policy.DepartmentUser && (department == nil || *department == ""):
		return campaign.Invalid("departmentCode", "部门用户须指定所属部门 (a department user needs a department)")
	case role != policy.DepartmentUser && department != nil:
		return campaign.Invalid("departmentCode", "只有部门用户可指定部门 (only department users have a department)")
	}
	return nil
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

// UserUpdate is what updating a user may change; nil leaves a field as it is.
type UserUpdate struct {
	ID                         int64
	Version                    int
	DisplayName                *string
	Role                       *campaign.Role
	CountyCode, DepartmentCode *string
}

// UpdateUser changes a user's name, role or scope. A change of role or scope ends the user's sessions,
// since their tokens carry the old scope. CITY_ADMIN only.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT (stale version).
func (s *Service) UpdateUser(ctx context.Context, in UserUpdate) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageUsers(a); err != nil {
		return campaign.User{}, err
	}
	var updated campaign.User
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.UserForUpdate(ctx, in.ID)
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
		role, county, dept := before.Role, before.CountyCode, before.DepartmentCode
		if in.Role != nil || in.CountyCode != nil || in.DepartmentCode != nil {
			if in.Role != nil {
				role = *in.Role
			}
			// the scope follows the role: fields not given are cleared when the role no longer has them
			county, dept = in.CountyCode, in.DepartmentCode
			if county == nil && role == policy.CountyAdmin {
				county = before.CountyCode
			}
			if dept == nil && role == policy.DepartmentUser {
				dept = before.DepartmentCode
			}
			if err := validateScope(role, county, dept); err != nil {
				return err
			}
			ch.Role, ch.CountyCode, ch.DepartmentCode = &role, &county, &dept
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

// DeactivateUser disables an account and ends all its sessions. CITY_ADMIN only; not oneself.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT.
func (s *Service) DeactivateUser(ctx context.Context, id int64, version int) (campaign.User, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.User{}, err
	}
	if err := policy.ManageUsers(a); err != nil {
		return campaign.User{}, err
	}
	if id == a.UserID {
		return campaign.User{}, campaign.Invalid("id", "不能停用自己的账户 (you cannot deactivate your own account)")
	}
	inactive := false
	return s.changeAndRevoke(ctx, a, "deactivateUser", id, &version, postgres.UserChanges{Active: &inactive, BumpTokenVersion: true})
}

// ResetPassword sets a new password for a user and ends all its sessions. CITY_ADMIN only.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.
func (s *Service) ResetPassword(ctx context.Context, id int64, newPassword string) error {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return err
	}
	if err := policy.ManageUsers(a); err != nil {
		return err
	}
	hash, err := newPasswordHash("newPassword", newPassword)
	if err != nil {
		return err
	}
	_, err = s.changeAndRevoke(ctx, a, "resetPassword", id, nil, postgres.UserChanges{PasswordHash: &hash, BumpTokenVersion: true})
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
	_, err = s.changeAndRevoke(ctx, a, "changePassword", a.UserID, nil, postgres.UserChanges{PasswordHash: &hash, BumpTokenVersion: true})
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
func (s *Service) changeAndRevoke(ctx context.Context, a *policy.Actor, action string, id int64, version *int, ch postgres.UserChanges) (campaign.User, error) {
	var updated campaign.User
	err := s.db.InTx(ctx, func(tx *postgres.DB) error {
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
