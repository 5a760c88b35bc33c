package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

type userRow struct {
	ID                 int64 `gorm:"primaryKey"`
	Username           string
	DisplayName        string
	PasswordHash       string
	Role               string
	CountyCode         *string
	DepartmentCode     *string
	TownCode           *string
	UnitID             *int64
	IsPrincipal        bool
	MustChangePassword bool
	CreatedBy          *int64
	Active             bool
	TokenVersion       int       `gorm:"default:1"`
	CreatedAt          time.Time `gorm:"default:now()"`
	UpdatedAt          time.Time `gorm:"default:now()"`
	Version            int       `gorm:"default:1"`
}

func (userRow) TableName() string { return "users" }

func toUser(r userRow) campaign.User {
	return campaign.User{
		ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Role: campaign.Role(r.Role),
		CountyCode: r.CountyCode, DepartmentCode: r.DepartmentCode, TownCode: r.TownCode, UnitID: r.UnitID,
		IsPrincipal: r.IsPrincipal, MustChangePassword: r.MustChangePassword, CreatedBy: r.CreatedBy, Active: r.Active,
		TokenVersion: r.TokenVersion, CreatedAt: r.CreatedAt, Version: r.Version,
	}
}

// CreateUser inserts a user with its password hash.
func (db *DB) CreateUser(ctx context.Context, u campaign.User, passwordHash string) (campaign.User, error) {
	row := userRow{
		Username: u.Username, DisplayName: u.DisplayName, PasswordHash: passwordHash, Role: string(u.Role),
		CountyCode: u.CountyCode, DepartmentCode: u.DepartmentCode, TownCode: u.TownCode, UnitID: u.UnitID,
		IsPrincipal: u.IsPrincipal, MustChangePassword: u.MustChangePassword, CreatedBy: u.CreatedBy, Active: true,
	}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return campaign.User{}, mapError(err, "create user "+u.Username)
	}
	return db.User(ctx, row.ID)
}

// User loads one user.
func (db *DB) User(ctx context.Context, id int64) (campaign.User, error) {
	var row userRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.User{}, mapError(err, fmt.Sprintf("load user %d", id))
	}
	return toUser(row), nil
}

// UserForUpdate loads one user and locks its row until the transaction ends.
func (db *DB) UserForUpdate(ctx context.Context, id int64) (campaign.User, error) {
	var row userRow
	if err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error; err != nil {
		return campaign.User{}, mapError(err, fmt.Sprintf("lock user %d", id))
	}
	return toUser(row), nil
}

// Credentials loads a user and its password hash by username; ErrNotFound when there is none.
func (db *DB) Credentials(ctx context.Context, username string) (campaign.User, string, error) {
	var row userRow
	err := db.gorm.WithContext(ctx).Where("username = ?", username).Take(&row).Error
	if err != nil {
		return campaign.User{}, "", mapError(err, "load credentials of "+username)
	}
	return toUser(row), row.PasswordHash, nil
}

// PasswordHash loads a user's password hash.
func (db *DB) PasswordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	err := db.gorm.WithContext(ctx).Model(&userRow{}).Select("password_hash").Where("id = ?", id).Take(&hash).Error
	return hash, mapError(err, fmt.Sprintf("load password of user %d", id))
}

// UserChanges are the columns UpdateUser may set; nil leaves a column as it is.
type UserChanges struct {
	DisplayName    *string
	Role           *campaign.Role
	CountyCode     **string
	DepartmentCode **string
	TownCode       **string
	UnitID         **int64
	IsPrincipal    *bool
	// MustChangePassword is set by a reset to a one-time password and cleared by the user's own change.
	MustChangePassword *bool
	PasswordHash       *string
	Active             *bool
	// BumpTokenVersion invalidates every access token issued so far.
	BumpTokenVersion bool
}

// UpdateUser applies changes if the stored version still equals version, and returns the new row.
func (db *DB) UpdateUser(ctx context.Context, id int64, version int, c UserChanges) (campaign.User, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	if c.DisplayName != nil {
		set["display_name"] = *c.DisplayName
	}
	if c.Role != nil {
		set["role"] = string(*c.Role)
	}
	if c.CountyCode != nil {
		set["county_code"] = *c.CountyCode
	}
	if c.DepartmentCode != nil {
		set["department_code"] = *c.DepartmentCode
	}
	if c.TownCode != nil {
		set["town_code"] = *c.TownCode
	}
	if c.UnitID != nil {
		set["unit_id"] = *c.UnitID
	}
	if c.IsPrincipal != nil {
		set["is_principal"] = *c.IsPrincipal
	}
	if c.MustChangePassword != nil {
		set["must_change_password"] = *c.MustChangePassword
	}
	if c.PasswordHash != nil {
		set["password_hash"] = *c.PasswordHash
	}
	if c.Active != nil {
		set["active"] = *c.Active
	}
	if c.BumpTokenVersion {
		set["token_version"] = gorm.Expr("token_version + 1")
	}
	res := db.gorm.WithContext(ctx).Model(&userRow{}).Where("id = ? AND version = ?", id, version).Updates(set)
	if res.Error != nil {
		return campaign.User{}, mapError(res.Error, fmt.Sprintf("update user %d", id))
	}
	if res.RowsAffected == 0 {
		if _, err := db.User(ctx, id); err != nil {
			return campaign.User{}, err
		}
		return campaign.User{}, campaign.ErrStale
	}
	return db.User(ctx, id)
}

// UserFilter narrows the users page.
type UserFilter struct {
	// Search is a substring of the username or the display name.
	Search               string
	Role                 *campaign.Role
	CountyCode, TownCode *string
	Active               *bool
}

func (db *DB) userQuery(ctx context.Context, scope policy.UserListScope, f UserFilter) *gorm.DB {
	q := db.gorm.WithContext(ctx).Model(&userRow{})
	if !scope.All {
		if scope.CountyCode != "" {
			q = q.Where("county_code = ?", scope.CountyCode)
		}
		if scope.TownCode != "" {
			q = q.Where("town_code = ?", scope.TownCode)
		}
		if scope.CountyCode == "" && scope.TownCode == "" {
			q = q.Where("false")
		}
		roles := make([]string, len(scope.Roles))
		for i, r := range scope.Roles {
			roles[i] = string(r)
		}
		q = q.Where("role IN ?", roles)
	}
	if f.Search != "" {
		q = q.Where("(username || ' ' || display_name) ILIKE ?", likePattern(f.Search))
	}
	if f.Role != nil {
		q = q.Where("role = ?", string(*f.Role))
	}
	if f.CountyCode != nil {
		q = q.Where("county_code = ?", *f.CountyCode)
	}
	if f.TownCode != nil {
		q = q.Where("town_code = ?", *f.TownCode)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	return q
}

// UsersPage lists the users in scope matching f by id after the given id.
func (db *DB) UsersPage(ctx context.Context, scope policy.UserListScope, f UserFilter, afterID int64, limit int) ([]campaign.User, error) {
	var rows []userRow
	err := db.userQuery(ctx, scope, f).Where("id > ?", afterID).Order("id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list users after %d: %w", afterID, err)
	}
	return mapRows(rows, toUser), nil
}

// CountUsers counts the users in scope matching f.
func (db *DB) CountUsers(ctx context.Context, scope policy.UserListScope, f UserFilter) (int, error) {
	var n int64
	if err := db.userQuery(ctx, scope, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return int(n), nil
}

// Principal is what the server needs to know about a token's user on every request.
type Principal struct {
	User    campaign.User
	Sectors []int
	// Grids are the grids a grid worker is assigned to.
	Grids []int64
	// UnitCountyCode and UnitTownCode are a unit officer's unit's county and town as they are now.
	UnitCountyCode, UnitTownCode *string
	// SessionLive is false once the token's login session (refresh-token family) was revoked.
	SessionLive bool
}

// Principal loads the user behind an access token, the sectors its department leads, the grids it
// works, its unit's place and whether the token's session is still live, in one statement: it runs
// on every authenticated request.
func (db *DB) Principal(ctx context.Context, userID int64, sessionID uuid.UUID) (Principal, error) {
	// gorm's Raw().Scan does not fill embedded structs, hence the flat row
	var row struct {
		ID                 int64
		Username           string
		DisplayName        string
		Role               string
		CountyCode         *string
		DepartmentCode     *string
		TownCode           *string
		UnitID             *int64
		IsPrincipal        bool
		MustChangePassword bool
		CreatedBy          *int64
		Active             bool
		TokenVersion       int
		CreatedAt          time.Time
		Version            int
		Sectors            string
		Grids              string
		UnitCounty         *string
		UnitTown           *string
		SessionLive        bool
	}
	err := db.gorm.WithContext(ctx).Raw(`
		SELECT u.id, u.username, u.display_name, u.role, u.county_code, u.department_code, u.town_code,
		       u.unit_id, u.is_principal, u.must_change_password, u.created_by, u.active,
		       u.token_version, u.created_at, u.version,
		       array_to_string(ARRAY(SELECT l.sector_number FROM sector_lead_departments l
		             WHERE l.department_code = u.department_code ORDER BY 1), ',') AS sectors,
		       array_to_string(ARRAY(SELECT g.grid_id FROM grid_workers g WHERE g.user_id = u.id ORDER BY 1), ',') AS grids,
		       un.county_code AS unit_county, un.town_code AS unit_town,
		       EXISTS (SELECT 1 FROM refresh_tokens t
		               WHERE t.family_id = ? AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_live
		FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ?`, sessionID, userID).Scan(&row).Error
	if err != nil {
		return Principal{}, fmt.Errorf("load principal %d: %w", userID, err)
	}
	if row.ID == 0 {
		return Principal{}, campaign.ErrNotFound
	}
	p := Principal{SessionLive: row.SessionLive, UnitCountyCode: row.UnitCounty, UnitTownCode: row.UnitTown, User: campaign.User{
		ID: row.ID, Username: row.Username, DisplayName: row.DisplayName, Role: campaign.Role(row.Role),
		CountyCode: row.CountyCode, DepartmentCode: row.DepartmentCode, TownCode: row.TownCode, UnitID: row.UnitID,
		IsPrincipal: row.IsPrincipal, MustChangePassword: row.MustChangePassword, CreatedBy: row.CreatedBy, Active: row.Active,
		TokenVersion: row.TokenVersion, CreatedAt: row.CreatedAt, Version: row.Version,
	}}
	for f := range strings.SplitSeq(row.Sectors, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return Principal{}, fmt.Errorf("load principal %d: sector %q: %w", userID, f, err)
		}
		p.Sectors = append(p.Sectors, n)
	}
	for f := range strings.SplitSeq(row.Grids, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return Principal{}, fmt.Errorf("load principal %d: grid %q: %w", userID, f, err)
		}
		p.Grids = append(p.Grids, n)
	}
	return p, nil
}

type refreshTokenRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	FamilyID  uuid.UUID
	TokenHash []byte
	CreatedAt time.Time `gorm:"default:now()"`
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

// RefreshToken is a stored refresh token (its hash only).
type RefreshToken struct {
	ID        int64
	UserID    int64
	FamilyID  uuid.UUID
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// InsertRefreshToken stores a refresh token's hash in its family.
func (db *DB) InsertRefreshToken(ctx context.Context, userID int64, family uuid.UUID, hash []byte, expires time.Time) error {
	row := refreshTokenRow{UserID: userID, FamilyID: family, TokenHash: hash, ExpiresAt: expires}
	return mapError(db.gorm.WithContext(ctx).Create(&row).Error, "store refresh token")
}

// RefreshTokenForUpdate finds a refresh token by hash and locks it; ErrNotFound when unknown.
func (db *DB) RefreshTokenForUpdate(ctx context.Context, hash []byte) (RefreshToken, error) {
	var row refreshTokenRow
	err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Where("token_hash = ?", hash).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return RefreshToken{}, campaign.ErrNotFound
	}
	if err != nil {
		return RefreshToken{}, fmt.Errorf("load refresh token: %w", err)
	}
	return RefreshToken{ID: row.ID, UserID: row.UserID, FamilyID: row.FamilyID, ExpiresAt: row.ExpiresAt, UsedAt: row.UsedAt, RevokedAt: row.RevokedAt}, nil
}

// MarkRefreshTokenUsed records that a refresh token was rotated.
func (db *DB) MarkRefreshTokenUsed(ctx context.Context, id int64) error {
	err := db.gorm.WithContext(ctx).Model(&refreshTokenRow{}).Where("id = ?", id).Update("used_at", gorm.Expr("now()")).Error
	return mapError(err, fmt.Sprintf("mark refresh token %d used", id))
}

// RevokeRefreshFamily revokes every token of a login session.
func (db *DB) RevokeRefreshFamily(ctx context.Context, family uuid.UUID) error {
	err := db.gorm.WithContext(ctx).Model(&refreshTokenRow{}).
		Where("family_id = ? AND revoked_at IS NULL", family).Update("revoked_at", gorm.Expr("now()")).Error
	return mapError(err, "revoke refresh token family "+family.String())
}

// RevokeUserRefreshTokens revokes every session of a user.
func (db *DB) RevokeUserRefreshTokens(ctx context.Context, userID int64) error {
	err := db.gorm.WithContext(ctx).Model(&refreshTokenRow{}).
		Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", gorm.Expr("now()")).Error
	return mapError(err, fmt.Sprintf("revoke refresh tokens of user %d", userID))
}

// RecordLoginFailure notes a failed login for the name typed.
func (db *DB) RecordLoginFailure(ctx context.Context, username, clientIP string, at time.Time) error {
	err := db.gorm.WithContext(ctx).Exec(`INSERT INTO login_failures (username, client_ip, at) VALUES (?, ?, ?)`, username, clientIP, at).Error
	return mapError(err, "record login failure of "+username)
}

// RecentLoginFailures returns the times of the name's failed logins since the given time, newest first.
func (db *DB) RecentLoginFailures(ctx context.Context, username string, since time.Time, limit int) ([]time.Time, error) {
	var at []time.Time
	err := db.gorm.WithContext(ctx).Table("login_failures").Select("at").
		Where("username = ? AND at > ?", username, since).Order("at DESC").Limit(limit).Scan(&at).Error
	if err != nil {
		return nil, fmt.Errorf("load login failures of %s: %w", username, err)
	}
	return at, nil
}

// ClearLoginFailures forgets a name's failed logins after a successful one.
func (db *DB) ClearLoginFailures(ctx context.Context, username string) error {
	err := db.gorm.WithContext(ctx).Exec(`DELETE FROM login_failures WHERE username = ?`, username).Error
	return mapError(err, "clear login failures of "+username)
}

// UsersByID loads users by id, in one statement.
func (db *DB) UsersByID(ctx context.Context, ids []int64) (map[int64]campaign.User, error) {
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	out := make(map[int64]campaign.User, len(rows))
	for _, r := range rows {
		out[r.ID] = toUser(r)
	}
	return out, nil
}

// OfficerUsernames returns, for each of the units that has one, the username of an officer account.
func (db *DB) OfficerUsernames(ctx context.Context, unitIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		UnitID   int64
		Username string
	}
	err := db.gorm.WithContext(ctx).Raw(`SELECT DISTINCT ON (unit_id) unit_id, username FROM users
		WHERE unit_id IN ? AND role = 'UNIT_OFFICER' ORDER BY unit_id, id`, unitIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load officer accounts: %w", err)
	}
	for _, r := range rows {
		out[r.UnitID] = r.Username
	}
	return out, nil
}

// UnitsWithoutOfficer returns up to limit active units of a town in scope that have no officer
// account, by id, and how many such units there are beyond them.
func (db *DB) UnitsWithoutOfficer(ctx context.Context, scope policy.UnitScope, town string, limit int) ([]campaign.Unit, int, error) {
	q := func() *gorm.DB {
		return applyUnitScope(db.gorm.WithContext(ctx).Model(&unitRow{}), scope, "units.").
			Where("units.town_code = ? AND units.archived_on IS NULL", town).
			Where("NOT EXISTS (SELECT 1 FROM users o WHERE o.unit_id = units.id AND o.role = 'UNIT_OFFICER')")
	}
	var rows []unitRow
	if err := q().Order("units.id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("units without officer in %s: %w", town, err)
	}
	var n int64
	if err := q().Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("count units without officer in %s: %w", town, err)
	}
	return mapRows(rows, toUnit), int(n) - len(rows), nil
}

// FreeUsername returns base, or base_2, base_3… when it is taken.
func (db *DB) FreeUsername(ctx context.Context, base string) (string, error) {
	var taken []string
	err := db.gorm.WithContext(ctx).Raw(`SELECT username FROM users WHERE username = ? OR username LIKE ?`, base, base+`\_%`).Scan(&taken).Error
	if err != nil {
		return "", fmt.Errorf("free username %s: %w", base, err)
	}
	set := map[string]bool{}
	for _, t := range taken {
		set[t] = true
	}
	name := base
	for i := 2; set[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	return name, nil
}

type passwordSheetRow struct {
	ID        int64 `gorm:"primaryKey"`
	TokenHash []byte
	CreatedBy int64
	Sealed    []byte
	ExpiresAt time.Time
}

func (passwordSheetRow) TableName() string { return "password_sheets" }

// InsertPasswordSheet keeps a sealed password sheet for its one download.
func (db *DB) InsertPasswordSheet(ctx context.Context, tokenHash []byte, createdBy int64, sealed []byte, expires time.Time) error {
	row := passwordSheetRow{TokenHash: tokenHash, CreatedBy: createdBy, Sealed: sealed, ExpiresAt: expires}
	return mapError(db.gorm.WithContext(ctx).Create(&row).Error, "store password sheet")
}

// TakePasswordSheet removes and returns the caller's unexpired sealed sheet of the token hash (and
// every expired sheet on the way); ErrNotFound when there is none.
func (db *DB) TakePasswordSheet(ctx context.Context, tokenHash []byte, userID int64, now time.Time) ([]byte, error) {
	if err := db.gorm.WithContext(ctx).Exec(`DELETE FROM password_sheets WHERE expires_at <= ?`, now).Error; err != nil {
		return nil, mapError(err, "drop expired password sheets")
	}
	var row passwordSheetRow
	err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("token_hash = ? AND created_by = ?", tokenHash, userID).Take(&row).Error
	if err != nil {
		return nil, mapError(err, "take password sheet")
	}
	if err := db.gorm.WithContext(ctx).Delete(&passwordSheetRow{}, row.ID).Error; err != nil {
		return nil, mapError(err, "take password sheet")
	}
	return row.Sealed, nil
}
