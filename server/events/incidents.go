package events

import (
	"context"
	"fmt"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// IncidentInput is what reporting an incident takes.
type IncidentInput struct {
	UnitID          int64
	OccurredAt      time.Time
	Kind            string
	Deaths          int
	SeriousInjuries int
	Injuries        int
	DirectLossWan   float64
	Description     string
}

func (s *Service) checkIncident(in IncidentInput, u campaign.Unit) (campaign.Incident, error) {
	i := campaign.Incident{UnitID: u.ID, CountyCode: u.CountyCode, SectorNumber: u.SectorNumber, OccurredAt: in.OccurredAt,
		Deaths: in.Deaths, SeriousInjuries: in.SeriousInjuries, Injuries: in.Injuries, DirectLossWan: in.DirectLossWan}
	var err error
	if i.Kind, err = textField("kind", in.Kind, 1, 50); err != nil {
		return i, err
	}
	if i.Description, err = textField("description", in.Description, 0, 4000); err != nil {
		return i, err
	}
	for field, n := range map[string]int{"deaths": in.Deaths, "seriousInjuries": in.SeriousInjuries, "injuries": in.Injuries} {
		if n < 0 {
			return i, campaign.Invalid(field, "人数不能为负 (cannot be negative)")
		}
	}
	if in.DirectLossWan < 0 || in.DirectLossWan > 1e10 {
		return i, campaign.Invalid("directLossWan", "直接经济损失须为非负数（万元）(direct loss must be a non-negative amount in 万元)")
	}
	if in.OccurredAt.After(s.now()) {
		return i, campaign.Invalid("occurredAt", "事故时间不能晚于现在 (the incident cannot be in the future)")
	}
	if i.Year() < 2000 {
		return i, campaign.Invalid("occurredAt", "事故时间无效 (invalid time)")
	}
	i.Severity = campaign.SeverityOf(in.Deaths, in.SeriousInjuries, in.DirectLossWan)
	return i, nil
}

// ReportIncident records an incident at a unit. It vetoes the unit's zero-accident year
// (一票否决): a certification of that year is withdrawn in the same transaction, and audited.
// Writers of the unit only. Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.
func (s *Service) ReportIncident(ctx context.Context, in IncidentInput) (campaign.Incident, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Incident{}, err
	}
	var out campaign.Incident
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		u, err := unitForWrite(ctx, tx, a, in.UnitID, policy.RecordIncidents)
		if err != nil {
			return err
		}
		i, err := s.checkIncident(in, u)
		if err != nil {
			return err
		}
		if out, err = tx.InsertIncident(ctx, i, &a.UserID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, entry(ctx, a, "reportIncident", "incident", out.ID, u.CountyCode, nil, out)); err != nil {
			return err
		}
		return s.withdrawVetoed(ctx, tx, a, u, out)
	})
	return out, err
}

// withdrawVetoed withdraws the certification of the year an incident falls in.
func (s *Service) withdrawVetoed(ctx context.Context, tx *postgres.DB, a *policy.Actor, u campaign.Unit, i campaign.Incident) error {
	reason := fmt.Sprintf("%d年发生事故（编号 %d），一票否决", i.Year(), i.ID)
	withdrawn, err := tx.WithdrawCertification(ctx, u.ID, i.Year(), reason)
	if err != nil || !withdrawn {
		return err
	}
	return tx.Audit(ctx, entry(ctx, a, "withdrawCertification", "unit", u.ID, u.CountyCode, nil,
		map[string]any{"year": i.Year(), "reason": reason}))
}

// UpdateIncident corrects an incident if version is still current; its severity is recomputed, and
// a move into another year vetoes that year too. Errors as ReportIncident, and CONFLICT.
func (s *Service) UpdateIncident(ctx context.Context, id int64, version int, in IncidentInput) (campaign.Incident, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Incident{}, err
	}
	var out campaign.Incident
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		u, err := unitForWrite(ctx, tx, a, before.UnitID, policy.RecordIncidents)
		if err != nil {
			return err
		}
		if in.UnitID != before.UnitID {
			return campaign.Invalid("unitId", "事故所属单位不能更改，请删除后重新报告 (an incident cannot move to another unit)")
		}
		if before.Version != version {
			return campaign.ErrStale
		}
		i, err := s.checkIncident(in, u)
		if err != nil {
			return err
		}
		i.ID = id
		if out, err = tx.UpdateIncident(ctx, i, version); err != nil {
			return err
		}
		if err := tx.Audit(ctx, entry(ctx, a, "updateIncident", "incident", id, u.CountyCode, before, out)); err != nil {
			return err
		}
		return s.withdrawVetoed(ctx, tx, a, u, out)
	})
	return out, err
}

// Incidents lists incidents in the caller's scope, newest first.
func (s *Service) Incidents(ctx context.Context, f postgres.EventFilter, beforeID int64, limit int) ([]campaign.Incident, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	return s.db.IncidentsPage(ctx, policy.ReadScope(a), f, beforeID, limit)
}

// CountIncidents counts incidents in the caller's scope.
func (s *Service) CountIncidents(ctx context.Context, f postgres.EventFilter) (int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return 0, err
	}
	return s.db.CountIncidents(ctx, policy.ReadScope(a), f)
}

// Incident returns one incident in the caller's scope. Errors: NOT_FOUND.
func (s *Service) Incident(ctx context.Context, id int64) (campaign.Incident, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Incident{}, err
	}
	i, err := s.db.Incident(ctx, id)
	if err != nil {
		return campaign.Incident{}, err
	}
	if _, err := unitForRead(ctx, s.db, a, i.UnitID); err != nil {
		return campaign.Incident{}, err
	}
	return i, nil
}
