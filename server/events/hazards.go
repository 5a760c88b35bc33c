package events

import (
	"context"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// AdvanceInput moves a hazard along the loop; the plan fields may be filled in on the way out of FOUND.
type AdvanceInput struct {
	ID                int64
	Version           int
	To                campaign.HazardState
	Note              string
	RectificationPlan *string
	ResponsiblePerson *string
	Deadline          *time.Time
}

// AdvanceHazard moves a hazard one step along 排查 → 治理 → 验收 → 销号 under the rules of
// campaign.CheckAdvance, recording who did it, when and why. Writers of the hazard's unit only.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT (stale version).
func (s *Service) AdvanceHazard(ctx context.Context, in AdvanceInput) (campaign.Hazard, error) {
	allow := func(a *policy.Actor, u campaign.Unit) error { return policy.AdvanceHazard(a, u, in.To) }
	return s.changeHazard(ctx, "advanceHazard", in.ID, in.Version, allow, func(tx *postgres.DB, a *policy.Actor, h campaign.Hazard) (campaign.Hazard, string, bool, error) {
		note, err := textField("note", in.Note, 0, 500)
		if err != nil {
			return h, "", false, err
		}
		if h.State == campaign.HazardFound {
			if h.ResponsiblePerson, err = keep(h.ResponsiblePerson, "responsiblePerson", in.ResponsiblePerson, 50); err != nil {
				return h, "", false, err
			}
			if h.RectificationPlan, err = keep(h.RectificationPlan, "rectificationPlan", in.RectificationPlan, 2000); err != nil {
				return h, "", false, err
			}
			if in.Deadline != nil {
				if in.Deadline.Before(h.FoundOn) {
					return h, "", false, campaign.Invalid("deadline", "整改期限不能早于发现日期 (the deadline cannot precede the finding)")
				}
				h.Deadline = in.Deadline
			}
		}
		if err := campaign.CheckAdvance(h, in.To, a.UserID); err != nil {
			return h, "", false, err
		}
		switch in.To {
		case campaign.HazardRectifying:
			h.RectifiedBy = &a.UserID
		case campaign.HazardVerified:
			h.VerifiedBy = &a.UserID
		case campaign.HazardClosed:
			today := s.today()
			h.ClosedOn = &today
		}
		h.State = in.To
		return h, note, false, nil
	})
}

func keep(current *string, field string, given *string, max int) (*string, error) {
	if given == nil {
		return current, nil
	}
	return optionalText(field, given, max)
}

// ReopenHazard sends a hazard back to FOUND (排查) with a reason, clearing its verification and
// closure; the only way back in the loop. Errors as AdvanceHazard.
func (s *Service) ReopenHazard(ctx context.Context, id int64, version int, reason string) (campaign.Hazard, error) {
	return s.changeHazard(ctx, "reopenHazard", id, version, policy.ReopenHazard, func(tx *postgres.DB, a *policy.Actor, h campaign.Hazard) (campaign.Hazard, string, bool, error) {
		r, err := textField("reason", reason, 0, 500)
		if err != nil {
			return h, "", false, err
		}
		if err := campaign.CheckReopen(h, r); err != nil {
			return h, "", false, err
		}
		h.State, h.RectifiedBy, h.VerifiedBy, h.ClosedOn = campaign.HazardFound, nil, nil, nil
		return h, r, true, nil
	})
}

func (s *Service) changeHazard(ctx context.Context, action string, id int64, version int, allow func(*policy.Actor, campaign.Unit) error,
	apply func(tx *postgres.DB, a *policy.Actor, h campaign.Hazard) (campaign.Hazard, string, bool, error)) (campaign.Hazard, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Hazard{}, err
	}
	var out campaign.Hazard
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.HazardForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if _, err := unitForWrite(ctx, tx, a, before.UnitID, allow); err != nil {
			return err
		}
		if before.Version != version {
			return campaign.ErrStale
		}
		after, note, reopened, err := apply(tx, a, before)
		if err != nil {
			return err
		}
		if out, err = tx.UpdateHazard(ctx, after, version); err != nil {
			return err
		}
		from := before.State
		if err := tx.InsertTransition(ctx, out, &from, reopened, &a.UserID, a.Username, note); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(ctx, a, action, "hazard", id, before.CountyCode, before, out))
	})
	return out, err
}

// Hazards lists hazards in the caller's scope, newest first.
func (s *Service) Hazards(ctx context.Context, f postgres.EventFilter, beforeID int64, limit int) ([]campaign.Hazard, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	f.Today = s.today()
	return s.db.HazardsPage(ctx, policy.ReadScope(a), f, beforeID, limit)
}

// CountHazards counts hazards in the caller's scope.
func (s *Service) CountHazards(ctx context.Context, f postgres.EventFilter) (int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return 0, err
	}
	f.Today = s.today()
	return s.db.CountHazards(ctx, policy.ReadScope(a), f)
}

// Hazard returns one hazard of a unit in the caller's scope. Errors: NOT_FOUND.
func (s *Service) Hazard(ctx context.Context, id int64) (campaign.Hazard, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Hazard{}, err
	}
	h, err := s.db.Hazard(ctx, id)
	if err != nil {
		return campaign.Hazard{}, err
	}
	if _, err := unitForRead(ctx, s.db, a, h.UnitID); err != nil {
		return campaign.Hazard{}, err
	}
	return h, nil
}

// Overdue tells whether a hazard is overdue today.
func (s *Service) Overdue(h campaign.Hazard) bool { return h.Overdue(s.today()) }
