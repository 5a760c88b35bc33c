// Package reference serves the plan's fixed facts (counties, towns, sectors, departments, categories,
// targets, standards, the reporting calendar) to signed-in users, with unit counts limited to what
// the caller may see.
package reference

import (
	"context"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the reference-data application service. Every method is for any signed-in user and
// returns UNAUTHENTICATED otherwise.
type Service struct {
	db  *postgres.DB
	now func() time.Time
}

// New returns the reference service.
func New(db *postgres.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// read runs a read of reference data for a signed-in caller.
func read[T any](ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	return policy.SignedIn(ctx, func() (T, error) { return load(ctx) })
}

func (s *Service) Counties(ctx context.Context) ([]campaign.County, error) {
	return read(ctx, s.db.Counties)
}

func (s *Service) Sectors(ctx context.Context) ([]campaign.Sector, error) {
	return read(ctx, s.db.Sectors)
}

func (s *Service) Departments(ctx context.Context) ([]campaign.Department, error) {
	return read(ctx, s.db.Departments)
}

func (s *Service) UnitCategories(ctx context.Context) ([]campaign.UnitCategory, error) {
	return read(ctx, s.db.UnitCategories)
}

func (s *Service) Targets(ctx context.Context) ([]campaign.Target, error) {
	return read(ctx, s.db.Targets)
}

func (s *Service) CreationStandards(ctx context.Context) ([]campaign.CreationStandard, error) {
	return read(ctx, s.db.CreationStandards)
}

// ReportingDeadlines returns the deadlines falling in year (this year when nil).
func (s *Service) ReportingDeadlines(ctx context.Context, year *int) ([]campaign.ReportingDeadline, error) {
	rules, err := read(ctx, s.db.DeadlineRules)
	if err != nil {
		return nil, err
	}
	y := s.now().In(campaign.Local).Year()
	if year != nil {
		if *year < 2020 || *year > 2100 {
			return nil, campaign.Invalid("year", "年份须在 2020-2100 之间 (year must be between 2020 and 2100)")
		}
		y = *year
	}
	return campaign.DeadlinesIn(rules, y, campaign.Local), nil
}

// CountiesByCode, TownsByCounty, TownsByCode, DepartmentsByCode, LeadDepartments and LedSectors
// are the batch loads behind the dataloaders.

func (s *Service) CountiesByCode(ctx context.Context, codes []string) (map[string]campaign.County, error) {
	return read(ctx, func(ctx context.Context) (map[string]campaign.County, error) { return s.db.CountiesByCode(ctx, codes) })
}

func (s *Service) TownsByCounty(ctx context.Context, codes []string) (map[string][]campaign.Town, error) {
	return read(ctx, func(ctx context.Context) (map[string][]campaign.Town, error) { return s.db.TownsByCounty(ctx, codes) })
}

func (s *Service) TownsByCode(ctx context.Context, codes []string) (map[string]campaign.Town, error) {
	return read(ctx, func(ctx context.Context) (map[string]campaign.Town, error) { return s.db.TownsByCode(ctx, codes) })
}

func (s *Service) DepartmentsByCode(ctx context.Context, codes []string) (map[string]campaign.Department, error) {
	return read(ctx, func(ctx context.Context) (map[string]campaign.Department, error) {
		return s.db.DepartmentsByCode(ctx, codes)
	})
}

func (s *Service) SectorsByNumber(ctx context.Context, numbers []int) (map[int]campaign.Sector, error) {
	return read(ctx, func(ctx context.Context) (map[int]campaign.Sector, error) { return s.db.SectorsByNumber(ctx, numbers) })
}

func (s *Service) LeadDepartments(ctx context.Context, sectors []int) (map[int][]campaign.Department, error) {
	return read(ctx, func(ctx context.Context) (map[int][]campaign.Department, error) {
		return s.db.LeadDepartments(ctx, sectors)
	})
}

func (s *Service) LedSectors(ctx context.Context, departments []string) (map[string][]campaign.Sector, error) {
	return read(ctx, func(ctx context.Context) (map[string][]campaign.Sector, error) {
		return s.db.LedSectors(ctx, departments)
	})
}

// StandardsByCode loads creation standards by code.
func (s *Service) StandardsByCode(ctx context.Context, codes []string) (map[string]campaign.CreationStandard, error) {
	all, err := s.CreationStandards(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]campaign.CreationStandard, len(codes))
	for _, c := range all {
		out[c.Code] = c
	}
	return out, nil
}

// UnitCountsByCounty counts the active units the caller may see in each county.
func (s *Service) UnitCountsByCounty(ctx context.Context, codes []string) (map[string]int, error) {
	return s.unitCounts(ctx, "county_code", codes)
}

// UnitCountsByTown counts the active units the caller may see in each town.
func (s *Service) UnitCountsByTown(ctx context.Context, codes []string) (map[string]int, error) {
	return s.unitCounts(ctx, "town_code", codes)
}

func (s *Service) unitCounts(ctx context.Context, by string, codes []string) (map[string]int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	return s.db.ActiveUnitCounts(ctx, policy.ReadScope(a), by, codes)
}
