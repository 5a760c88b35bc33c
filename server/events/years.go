package events

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// History is a unit's zero-accident years from its enrolment to this year. Readers of the unit.
func (s *Service) History(ctx context.Context, u campaign.Unit) ([]campaign.UnitYear, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	if !policy.CanRead(a, u) {
		return nil, campaign.ErrNotFound
	}
	incidents, err := s.db.IncidentsByYear(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	certs, err := s.db.Certifications(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return campaign.History(u, s.now().In(campaign.Local).Year(), incidents, certs), nil
}

// MaxCertifyBatch bounds one certification call.
const MaxCertifyBatch = 500

// CertifyUnits confirms the zero-accident year of units, all or none: county admins their county's
// units, department users the city-level units of their sectors, the city admin any. A vetoed or
// inactive year cannot be certified; a year not yet over neither.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT (field unitIds.N).
func (s *Service) CertifyUnits(ctx context.Context, year int, ids []int64) (int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return 0, err
	}
	if year < 2020 || year >= s.now().In(campaign.Local).Year() {
		return 0, campaign.Invalid("year", "只能认定已结束的年度 (only a finished year can be certified)")
	}
	if len(ids) == 0 || len(ids) > MaxCertifyBatch {
		return 0, campaign.Invalid("unitIds", "一次认定 1-%d 个单位 (certify 1 to %d units at a time)", MaxCertifyBatch, MaxCertifyBatch)
	}
	me, err := s.db.User(ctx, a.UserID)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		units, err := tx.UnitsByID(ctx, ids)
		if err != nil {
			return err
		}
		list := make([]campaign.Unit, len(ids))
		for i, id := range ids {
			u, ok := units[id]
			if !ok || !policy.CanRead(a, u) {
				return campaign.ErrNotFound
			}
			if err := policy.Certify(a, u); err != nil {
				return err
			}
			incidents, err := tx.IncidentsByYear(ctx, u.ID)
			if err != nil {
				return err
			}
			if !campaign.ZeroAccident(u.EnrolledOn, u.ArchivedOn, year, incidents[year]) {
				return campaign.Invalid(fmt.Sprintf("unitIds.%d", i), "“%s”%d年未达到零事故（发生事故或未在册），不能认定 (vetoed or not active that year)", u.Name, year)
			}
			list[i] = u
		}
		if n, err = tx.Certify(ctx, list, year, a.UserID, me.DisplayName); err != nil {
			return err
		}
		for _, u := range list {
			if err := tx.Audit(ctx, entry(ctx, a, "certifyUnit", "unit", u.ID, u.CountyCode, nil, map[string]any{"year": year})); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// BlacklistUnit puts a unit on the blacklist (黑名单) for a serious violation. CITY_ADMIN, or a
// DEPARTMENT_USER for the units of its sectors. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
// BAD_USER_INPUT (reason; the unit is already listed).
func (s *Service) BlacklistUnit(ctx context.Context, unitID int64, reason string) (campaign.BlacklistEntry, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.BlacklistEntry{}, err
	}
	r, err := reasonText(reason)
	if err != nil {
		return campaign.BlacklistEntry{}, err
	}
	me, err := s.db.User(ctx, a.UserID)
	if err != nil {
		return campaign.BlacklistEntry{}, err
	}
	var out campaign.BlacklistEntry
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		u, err := unitForRead(ctx, tx, a, unitID)
		if err != nil {
			return err
		}
		if err := policy.Blacklist(a, u.SectorNumber); err != nil {
			return err
		}
		out, err = tx.InsertBlacklistEntry(ctx, campaign.BlacklistEntry{UnitID: u.ID, CountyCode: u.CountyCode, Reason: r, ListedOn: s.today(), DecidedBy: me.DisplayName}, a.UserID)
		if campaign.ErrorCode(err) == campaign.ECONFLICT {
			return campaign.Invalid("unitId", "该单位已在黑名单中 (the unit is already on the blacklist)")
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, entry(ctx, a, "blacklistUnit", "unit", u.ID, u.CountyCode, nil, out))
	})
	return out, err
}

// RemoveFromBlacklist lifts a listing with a reason. Same roles as BlacklistUnit.
func (s *Service) RemoveFromBlacklist(ctx context.Context, entryID int64, reason string) (campaign.BlacklistEntry, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.BlacklistEntry{}, err
	}
	r, err := reasonText(reason)
	if err != nil {
		return campaign.BlacklistEntry{}, err
	}
	var out campaign.BlacklistEntry
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.BlacklistEntryForUpdate(ctx, entryID)
		if err != nil {
			return err
		}
		u, err := unitForRead(ctx, tx, a, before.UnitID)
		if err != nil {
			return err
		}
		if err := policy.Blacklist(a, u.SectorNumber); err != nil {
			return err
		}
		if before.RemovedOn != nil {
			return campaign.Invalid("entryId", "该记录已移出黑名单 (already removed)")
		}
		if out, err = tx.RemoveBlacklistEntry(ctx, entryID, s.today(), r, a.UserID); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(ctx, a, "removeFromBlacklist", "unit", u.ID, u.CountyCode, before, out))
	})
	return out, err
}

func reasonText(reason string) (string, error) {
	r := strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(r); n < 2 || n > 500 {
		return "", campaign.Invalid("reason", "原因须为 2-500 个字符 (the reason must be 2-500 characters)")
	}
	return r, nil
}

// The batch loads behind the events' dataloaders; the parent rows were already checked.

func (s *Service) ResultsByInspection(ctx context.Context, ids []int64) (map[int64][]campaign.InspectionResult, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.InspectionResult, error) { return s.db.InspectionResults(ctx, ids) })
}

func (s *Service) HazardsByInspection(ctx context.Context, ids []int64) (map[int64][]campaign.Hazard, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.Hazard, error) { return s.db.HazardsByInspection(ctx, ids) })
}

func (s *Service) TransitionsByHazard(ctx context.Context, ids []int64) (map[int64][]campaign.HazardTransition, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.HazardTransition, error) { return s.db.Transitions(ctx, ids) })
}

func (s *Service) InspectionsByID(ctx context.Context, ids []int64) (map[int64]campaign.Inspection, error) {
	return policy.SignedIn(ctx, func() (map[int64]campaign.Inspection, error) { return s.db.InspectionsByID(ctx, ids) })
}

func (s *Service) UnitsByID(ctx context.Context, ids []int64) (map[int64]campaign.Unit, error) {
	return policy.SignedIn(ctx, func() (map[int64]campaign.Unit, error) { return s.db.UnitsByID(ctx, ids) })
}

func (s *Service) BlacklistByUnit(ctx context.Context, ids []int64) (map[int64][]campaign.BlacklistEntry, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.BlacklistEntry, error) { return s.db.BlacklistEntries(ctx, ids) })
}

// CanWrite reports whether the caller may record events (inspections, hazards) for a unit.
func (s *Service) CanWrite(ctx context.Context, u campaign.Unit) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && policy.RecordEvents(a, u) == nil
}

// CanWriteIncidents reports whether the caller may report and correct a unit's incidents.
func (s *Service) CanWriteIncidents(ctx context.Context, u campaign.Unit) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && policy.RecordIncidents(a, u) == nil
}

// UsersByID loads the users who found hazards, for the batch loads behind lists whose rows were
// already checked against the caller's scope.
func (s *Service) UsersByID(ctx context.Context, ids []int64) (map[int64]campaign.User, error) {
	return policy.SignedIn(ctx, func() (map[int64]campaign.User, error) { return s.db.UsersByID(ctx, ids) })
}

// HazardsByID loads hazards for the batch loaders behind lists whose rows were already checked.
func (s *Service) HazardsByID(ctx context.Context, ids []int64) (map[int64]campaign.Hazard, error) {
	return policy.SignedIn(ctx, func() (map[int64]campaign.Hazard, error) { return s.db.HazardsByID(ctx, ids) })
}
