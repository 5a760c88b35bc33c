// Package registry keeps the register of units (创建单位): listing and searching them within the
// caller's scope, creating and editing them with optimistic locking, archiving instead of deleting,
// their safety officers, and bulk import and export. Every method asks server/policy first and
// every change is audited in the same transaction.
package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the registry application service.
type Service struct {
	db  *postgres.DB
	now func() time.Time
}

// New returns the registry service.
func New(db *postgres.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// Units lists the units the caller may see. Any signed-in user. Errors: UNAUTHENTICATED.
func (s *Service) Units(ctx context.Context, f postgres.UnitFilter, o postgres.UnitOrder, after *postgres.UnitCursor, limit int) ([]campaign.Unit, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	return s.db.UnitsPage(ctx, policy.ReadScope(a), f, o, after, limit)
}

// CountUnits counts the units the caller may see. Any signed-in user. Errors: UNAUTHENTICATED.
func (s *Service) CountUnits(ctx context.Context, f postgres.UnitFilter) (int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return 0, err
	}
	return s.db.CountUnits(ctx, policy.ReadScope(a), f)
}

// Unit returns one unit in the caller's scope. Errors: UNAUTHENTICATED, NOT_FOUND (also for a unit
// outside the scope, so nobody can probe for ids).
func (s *Service) Unit(ctx context.Context, id int64) (campaign.Unit, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Unit{}, err
	}
	u, err := s.db.Unit(ctx, id)
	if err != nil {
		return campaign.Unit{}, err
	}
	if !policy.CanRead(a, u) {
		return campaign.Unit{}, campaign.ErrNotFound
	}
	return u, nil
}

// CanEdit reports whether the caller may edit the unit.
func (s *Service) CanEdit(ctx context.Context, u campaign.Unit) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && policy.EditUnitsIn(a, u.CountyCode) == nil
}

// VisiblePhone shows a personal phone number as the caller may see it (masked for analysts).
func (s *Service) VisiblePhone(ctx context.Context, phone string) string {
	a := policy.ActorFrom(ctx)
	if a == nil {
		return ""
	}
	return policy.MaskPhone(a, phone)
}

// CreateUnit registers a unit. CITY_ADMIN anywhere, COUNTY_ADMIN in its county.
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT (with the field).
func (s *Service) CreateUnit(ctx context.Context, in campaign.UnitInput) (campaign.Unit, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Unit{}, err
	}
	in.Normalize()
	if err := policy.EditUnitsIn(a, in.CountyCode); err != nil {
		return campaign.Unit{}, err
	}
	var created campaign.Unit
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		if err := s.validate(ctx, tx, in, 0); err != nil {
			return err
		}
		u, err := tx.CreateUnit(ctx, unitFromInput(campaign.Unit{}, in))
		if err != nil {
			return err
		}
		created = u
		return tx.Audit(ctx, s.entry(ctx, a, "createUnit", u, nil, u))
	})
	return created, err
}

// UpdateUnit overwrites a unit's fields if version is still current. The caller must be allowed to
// edit the unit's county before and after the change.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT (someone saved first).
func (s *Service) UpdateUnit(ctx context.Context, id int64, version int, in campaign.UnitInput) (campaign.Unit, error) {
	in.Normalize()
	return s.change(ctx, "updateUnit", id, version, func(tx *postgres.DB, a *policy.Actor, before campaign.Unit) (campaign.Unit, error) {
		if err := policy.EditUnitsIn(a, in.CountyCode); err != nil {
			return campaign.Unit{}, err
		}
		if err := s.validate(ctx, tx, in, id); err != nil {
			return campaign.Unit{}, err
		}
		return tx.UpdateUnit(ctx, unitFromInput(before, in), version)
	})
}

// ArchiveUnit takes a unit off the active register from a date (default today); it is never
// deleted, and it still counts for the years it was active. Errors as UpdateUnit.
func (s *Service) ArchiveUnit(ctx context.Context, id int64, version int, on *time.Time) (campaign.Unit, error) {
	return s.change(ctx, "archiveUnit", id, version, func(tx *postgres.DB, _ *policy.Actor, before campaign.Unit) (campaign.Unit, error) {
		if before.ArchivedOn != nil {
			return campaign.Unit{}, campaign.Invalid("id", "该单位已归档 (the unit is already archived)")
		}
		day := s.today()
		if on != nil {
			day = *on
		}
		if day.Before(before.EnrolledOn) || day.After(s.today()) {
			return campaign.Unit{}, campaign.Invalid("archivedOn", "归档日期须在纳入创建日期与今天之间 (the archive date must lie between enrolment and today)")
		}
		after := before
		after.ArchivedOn = &day
		return tx.UpdateUnit(ctx, after, version)
	})
}

// RestoreUnit puts an archived unit back on the active register. Errors as UpdateUnit; a credit code
// taken meanwhile by another active unit is BAD_USER_INPUT.
func (s *Service) RestoreUnit(ctx context.Context, id int64, version int) (campaign.Unit, error) {
	return s.change(ctx, "restoreUnit", id, version, func(tx *postgres.DB, _ *policy.Actor, before campaign.Unit) (campaign.Unit, error) {
		if before.ArchivedOn == nil {
			return campaign.Unit{}, campaign.Invalid("id", "该单位未归档 (the unit is not archived)")
		}
		after := before
		after.ArchivedOn = nil
		return tx.UpdateUnit(ctx, after, version)
	})
}

// OfficerInput is one safety officer as typed.
type OfficerInput struct {
	Name, Phone string
	FullTime    bool
}

// MaxOfficers bounds a unit's safety officers.
const MaxOfficers = 50

// SetSafetyOfficers replaces a unit's safety officers. Errors as UpdateUnit; a bad name or phone is
// BAD_USER_INPUT with the field officers.N.name / officers.N.phone.
func (s *Service) SetSafetyOfficers(ctx context.Context, unitID int64, version int, officers []OfficerInput) (campaign.Unit, error) {
	clean, err := checkOfficers(officers)
	if err != nil {
		return campaign.Unit{}, err
	}
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Unit{}, err
	}
	var after campaign.Unit
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := lockForEdit(ctx, tx, a, unitID, version)
		if err != nil {
			return err
		}
		old, err := tx.SafetyOfficers(ctx, []int64{unitID})
		if err != nil {
			return err
		}
		if err := tx.ReplaceSafetyOfficers(ctx, unitID, before.CountyCode, clean); err != nil {
			return err
		}
		if err := tx.TouchUnit(ctx, unitID, version); err != nil {
			return err
		}
		if after, err = tx.Unit(ctx, unitID); err != nil {
			return err
		}
		// the change log shows the unit with its officers before and after
		type withOfficers struct {
			campaign.Unit
			SafetyOfficers []campaign.SafetyOfficer
		}
		return tx.Audit(ctx, s.entry(ctx, a, "setSafetyOfficers", after,
			withOfficers{before, old[unitID]}, withOfficers{after, clean}))
	})
	return after, err
}

func checkOfficers(officers []OfficerInput) ([]campaign.SafetyOfficer, error) {
	if len(officers) > MaxOfficers {
		return nil, campaign.Invalid("officers", "安全员最多 %d 名 (at most %d safety officers)", MaxOfficers, MaxOfficers)
	}
	out := make([]campaign.SafetyOfficer, len(officers))
	for i, o := range officers {
		name, phone := strings.TrimSpace(o.Name), strings.TrimSpace(o.Phone)
		if n := utf8.RuneCountInString(name); n < 1 || n > 50 {
			return nil, campaign.Invalid(fmt.Sprintf("officers.%d.name", i), "安全员姓名须为 1-50 个字符 (name must be 1-50 characters)")
		}
		if err := campaign.CheckPhone(phone); err != nil {
			return nil, campaign.Invalid(fmt.Sprintf("officers.%d.phone", i), "%s", err.Error())
		}
		out[i] = campaign.SafetyOfficer{Name: name, Phone: phone, FullTime: o.FullTime}
	}
	return out, nil
}

// change runs an edit of one unit: lock it, check the caller may edit its county, check the
// version, apply, audit.
func (s *Service) change(ctx context.Context, action string, id int64, version int,
	apply func(tx *postgres.DB, a *policy.Actor, before campaign.Unit) (campaign.Unit, error)) (campaign.Unit, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Unit{}, err
	}
	var after campaign.Unit
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := lockForEdit(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if after, err = apply(tx, a, before); err != nil {
			return err
		}
		return tx.Audit(ctx, s.entry(ctx, a, action, after, before, after))
	})
	return after, err
}

// lockForEdit locks a unit the caller may edit at the version it read: NOT_FOUND outside the
// caller's read scope, FORBIDDEN where it may read but not edit, CONFLICT for a stale version.
func lockForEdit(ctx context.Context, tx *postgres.DB, a *policy.Actor, id int64, version int) (campaign.Unit, error) {
	u, err := tx.UnitForUpdate(ctx, id)
	if err != nil {
		return campaign.Unit{}, err
	}
	if !policy.CanRead(a, u) {
		return campaign.Unit{}, campaign.ErrNotFound
	}
	if err := policy.EditUnitsIn(a, u.CountyCode); err != nil {
		return campaign.Unit{}, err
	}
	if u.Version != version {
		return campaign.Unit{}, campaign.ErrStale
	}
	return u, nil
}

// validate checks an input against the rules and the register.
func (s *Service) validate(ctx context.Context, tx *postgres.DB, in campaign.UnitInput, exceptID int64) error {
	if err := in.Validate(s.now()); err != nil {
		return err
	}
	cats, err := tx.CategoriesByCode(ctx, []string{in.CategoryCode})
	if err != nil {
		return err
	}
	if _, ok := cats[in.CategoryCode]; !ok {
		return campaign.Invalid("categoryCode", "单位类别不存在 (unknown category)")
	}
	places, err := tx.Places(ctx, []string{in.TownCode})
	if err != nil {
		return err
	}
	if p, ok := places[in.TownCode]; !ok || p.County.Code != in.CountyCode {
		return campaign.Invalid("townCode", "乡镇(街道)不属于所选县(市、区) (the town is not in the county)")
	}
	if in.CreditCode != nil {
		taken, err := tx.CreditCodeTaken(ctx, *in.CreditCode, exceptID)
		if err != nil {
			return err
		}
		if taken {
			return campaign.Invalid("creditCode", "该统一社会信用代码已被其他在册单位使用 (another active unit has this credit code)")
		}
	}
	return nil
}

func (s *Service) today() time.Time { return campaign.DayOf(s.now()) }

func unitFromInput(u campaign.Unit, in campaign.UnitInput) campaign.Unit {
	u.Name, u.CategoryCode, u.SectorNumber = in.Name, in.CategoryCode, in.SectorNumber
	u.CountyCode, u.TownCode, u.Address = in.CountyCode, in.TownCode, in.Address
	u.Longitude, u.Latitude, u.CreditCode = in.Longitude, in.Latitude, in.CreditCode
	u.PrincipalName, u.PrincipalPhone, u.CityLevel = in.PrincipalName, in.PrincipalPhone, in.CityLevel
	u.EnrolledOn = in.EnrolledOn
	return u
}

func (s *Service) entry(ctx context.Context, a *policy.Actor, action string, u campaign.Unit, before, after any) postgres.AuditEntry {
	return postgres.ChangeBy(ctx, a, action, "unit", strconv.FormatInt(u.ID, 10), u.CountyCode, before, after)
}

// History lists the recorded changes of a unit the caller may read, newest first. The recorded
// rows carry phone numbers: analysts get them masked, as everywhere else.
func (s *Service) History(ctx context.Context, unitID, beforeID int64, limit int) ([]campaign.AuditEntry, int, error) {
	if _, err := s.Unit(ctx, unitID); err != nil {
		return nil, 0, err
	}
	entries, total, err := s.db.AuditHistory(ctx, "unit", strconv.FormatInt(unitID, 10), beforeID, limit)
	if err != nil {
		return nil, 0, err
	}
	a := policy.ActorFrom(ctx)
	if policy.SeesPersonalPhones(a) {
		return entries, total, nil
	}
	for i := range entries {
		entries[i].Before = maskPhones(a, entries[i].Before)
		entries[i].After = maskPhones(a, entries[i].After)
	}
	return entries, total, nil
}

// maskPhones masks every string under a key that names a phone number (PrincipalPhone, Phone,
// Mobile …) in a recorded JSON row.
func maskPhones(a *policy.Actor, text *string) *string {
	if text == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(*text), &v); err != nil {
		masked := "{}"
		return &masked // unreadable: show nothing rather than risk a number
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if str, ok := child.(string); ok && (strings.Contains(k, "Phone") || strings.Contains(k, "Mobile")) {
					x[k] = policy.MaskPhone(a, str)
				} else {
					x[k] = walk(child)
				}
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	b, _ := json.Marshal(walk(v))
	out := string(b)
	return &out
}

// The batch loads behind the units list's dataloaders; the units themselves were already checked.

func (s *Service) Places(ctx context.Context, townCodes []string) (map[string]postgres.Place, error) {
	return policy.SignedIn(ctx, func() (map[string]postgres.Place, error) { return s.db.Places(ctx, townCodes) })
}

func (s *Service) Categories(ctx context.Context, codes []string) (map[string]campaign.UnitCategory, error) {
	return policy.SignedIn(ctx, func() (map[string]campaign.UnitCategory, error) { return s.db.CategoriesByCode(ctx, codes) })
}

func (s *Service) SafetyOfficers(ctx context.Context, unitIDs []int64) (map[int64][]campaign.SafetyOfficer, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.SafetyOfficer, error) { return s.db.SafetyOfficers(ctx, unitIDs) })
}

func (s *Service) Stats(ctx context.Context, unitIDs []int64) (map[int64]postgres.UnitStats, error) {
	return policy.SignedIn(ctx, func() (map[int64]postgres.UnitStats, error) { return s.db.UnitStats(ctx, unitIDs) })
}
