package todo

import (
	"context"
	"slices"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the to-do application service.
type Service struct {
	db  *postgres.DB
	now func() time.Time
}

// New returns the to-do service.
func New(db *postgres.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

func (s *Service) kinds(a *policy.Actor, only *campaign.TodoKind) []campaign.TodoKind {
	kinds := KindsFor(a.Role)
	if only != nil {
		if !slices.Contains(kinds, *only) {
			return nil
		}
		return []campaign.TodoKind{*only}
	}
	return kinds
}

// Items lists the caller's to-do items (of one kind when given), ordered by kind, deadline and
// unit, after the cursor. Any signed-in user, in its own scope. Errors: UNAUTHENTICATED.
func (s *Service) Items(ctx context.Context, only *campaign.TodoKind, after *Cursor, limit int) ([]campaign.TodoItem, []Cursor, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := page(ctx, s.db, items(a, s.kinds(a, only), campaign.DayOf(s.now())), after, limit)
	if err != nil {
		return nil, nil, err
	}
	out := make([]campaign.TodoItem, len(rows))
	cursors := make([]Cursor, len(rows))
	for i, r := range rows {
		it := campaign.TodoItem{Kind: campaign.TodoKind(r.Kind), UnitID: r.UnitID}
		if r.HazardID != 0 {
			id := r.HazardID
			it.HazardID = &id
		}
		if !r.D.Equal(noDeadline) && r.D.Year() < 9999 {
			d := time.Date(r.D.Year(), r.D.Month(), r.D.Day(), 0, 0, 0, 0, campaign.Local)
			it.Deadline = &d
		}
		it.Link = Link(it.Kind, it.UnitID, it.HazardID)
		out[i] = it
		cursors[i] = Cursor{Rank: r.Rank, Deadline: r.D, UnitID: r.UnitID, HazardID: r.HazardID}
	}
	return out, cursors, nil
}

// Counts counts the caller's to-do items per kind, for the menu badge. Errors: UNAUTHENTICATED.
func (s *Service) Counts(ctx context.Context) (Counts, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return Counts{}, err
	}
	return counts(ctx, s.db, items(a, s.kinds(a, nil), campaign.DayOf(s.now())))
}
