package events

import (
	"context"
	"strings"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/files"
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
	return s.changeHazard(ctx, "advanceHazard", in.ID, in.Version, campaign.StepOf(in.To), func(tx *postgres.DB, a *policy.Actor, h campaign.Hazard) (campaign.Hazard, string, bool, error) {
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
	return s.changeHazard(ctx, "reopenHazard", id, version, campaign.StepReopen, func(tx *postgres.DB, a *policy.Actor, h campaign.Hazard) (campaign.Hazard, string, bool, error) {
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

// changeHazard takes a step of a hazard in one transaction: outside the caller's read scope it is
// NOT_FOUND; a step policy.HazardStep refuses is FORBIDDEN with who may instead; a unit closing its
// own hazard needs its after photo first (BAD_USER_INPUT on "photos").
func (s *Service) changeHazard(ctx context.Context, action string, id int64, version int, step campaign.HazardStep,
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
		u, err := unitForRead(ctx, tx, a, before.UnitID)
		if err != nil {
			return err
		}
		if err := s.mayTake(ctx, tx, a, u, before, step); err != nil {
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

// mayTake applies the step rules; a step that is not one (advancing to FOUND) is left to
// CheckAdvance, provided the caller may act on the hazard at all.
func (s *Service) mayTake(ctx context.Context, tx *postgres.DB, a *policy.Actor, u campaign.Unit, h campaign.Hazard, step campaign.HazardStep) error {
	if step == "" {
		return policy.ActOnHazard(a, u, h)
	}
	r := policy.HazardStep(a, u, h, step)
	if !r.Allowed {
		return &campaign.Error{Code: campaign.EFORBIDDEN, Message: r.Reason.Zh}
	}
	if r.NeedsAfterPhoto {
		ok, err := files.HasHazardPhoto(ctx, tx, h.ID, files.StageAfter)
		if err != nil {
			return err
		}
		if !ok {
			return campaign.Invalid("photos", "%s", campaign.NeedsAfterPhotoMessage().Zh)
		}
	}
	return nil
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

// NextStep is a step the loop allows from a hazard's state and whether the caller may take it.
type NextStep struct {
	Step            campaign.HazardStep
	To              campaign.HazardState
	Allowed         bool
	NeedsAfterPhoto bool
	Reason          *string
	ReasonEn        *string
}

// NextSteps tells the caller, for each step the loop allows next, whether it may take it and if
// not who may: the step rules (policy.HazardStep), then the loop's own (CheckAdvance: the verifier
// is not who reported the rectification). u is the hazard's unit, hasAfterPhoto whether an AFTER
// photo is attached; a major hazard's missing plan is named, since the step's input supplies it.
func (s *Service) NextSteps(ctx context.Context, h campaign.Hazard, u campaign.Unit, hasAfterPhoto bool) []NextStep {
	a := policy.ActorFrom(ctx)
	var out []NextStep
	for _, step := range campaign.NextSteps(h) {
		ns := NextStep{Step: step, To: campaign.StepTo(step)}
		var reason campaign.Message
		if a == nil {
			reason = campaign.Message{Zh: campaign.ErrUnauthenticated.Message, En: "please sign in"}
		} else {
			r := policy.HazardStep(a, u, h, step)
			ns.Allowed, ns.NeedsAfterPhoto, reason = r.Allowed, r.NeedsAfterPhoto && !hasAfterPhoto, r.Reason
			if ns.NeedsAfterPhoto {
				reason = campaign.NeedsAfterPhotoMessage()
			}
			if ns.Allowed && step != campaign.StepReopen {
				if err := campaign.CheckAdvance(h, ns.To, a.UserID); err != nil {
					ce, _ := err.(*campaign.Error)
					reason = splitMessage(ce.Message)
					// the plan, person and deadline come with the step itself
					ns.Allowed = ce.Field == "rectificationPlan"
				}
			}
		}
		if reason.Zh != "" {
			reason = splitMessage(reason.Zh)
			ns.Reason, ns.ReasonEn = &reason.Zh, &reason.En
		}
		out = append(out, ns)
	}
	return out
}

// CanAct reports whether the caller may take some step of the hazard (Hazard.canEdit).
func (s *Service) CanAct(ctx context.Context, h campaign.Hazard, u campaign.Unit) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && policy.ActOnHazard(a, u, h) == nil
}

// splitMessage parses today's "中文 (English)" messages into their two languages (the campaign's
// messages carry both in Zh until issue 20 separates them).
func splitMessage(m string) campaign.Message {
	if i := strings.LastIndex(m, " ("); i > 0 && strings.HasSuffix(m, ")") {
		return campaign.Message{Zh: m[:i], En: m[i+2 : len(m)-1]}
	}
	return campaign.Message{Zh: m, En: m}
}
