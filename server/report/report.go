// Package report produces the task force's figures: pivot statistics over units, incidents,
// inspections and hazards, the yearly target attainment, the plan's tables 附表1 and 附表2 (on screen
// and as spreadsheets laid out like the originals) and the monthly bulletin. Figures always cover
// the caller's scope only.
package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the report application service.
type Service struct {
	db  *postgres.DB
	now func() time.Time
}

// New returns the report service.
func New(db *postgres.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

func (s *Service) today() time.Time { return campaign.DayOf(s.now()) }

// MaxDimensions is how many dimensions one pivot may combine.
const MaxDimensions = 3

func (s *Service) checkYear(year int) error {
	if year < 2020 || year > s.today().Year() {
		return campaign.Invalid("year", "年份须在 2020 年到今年之间 (year must be between 2020 and this year)")
	}
	return nil
}

// Stats computes a pivot of the caller's scope for a year by up to three dimensions. Any signed-in
// user. Errors: UNAUTHENTICATED, BAD_USER_INPUT (year, groupBy).
func (s *Service) Stats(ctx context.Context, year int, dims []campaign.StatDimension, f postgres.StatFilter, m postgres.Measures) ([]campaign.StatRow, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.checkYear(year); err != nil {
		return nil, err
	}
	if len(dims) > MaxDimensions {
		return nil, campaign.Invalid("groupBy", "最多按 %d 个维度分组 (at most %d dimensions)", MaxDimensions, MaxDimensions)
	}
	for i, d := range dims {
		if slices.Contains(dims[:i], d) {
			return nil, campaign.Invalid("groupBy", "维度 %s 重复 (dimension %s given twice)", d, d)
		}
	}
	return s.db.Pivot(ctx, policy.ReadScope(a), year, dims, f, m, s.today())
}

// unitsOnly is what the rates need: units and zero-accident units, which every pivot has.
var unitsOnly = postgres.Measures{}

// TargetAttainment compares the year's village and enterprise zero-accident rates of the caller's
// scope and of each county in it with the year's targets. Any signed-in user.
func (s *Service) TargetAttainment(ctx context.Context, year int) (campaign.TargetReport, error) {
	rows, err := s.Stats(ctx, year, []campaign.StatDimension{campaign.DimCounty, campaign.DimTargetGroup}, postgres.StatFilter{}, unitsOnly)
	if err != nil {
		return campaign.TargetReport{}, err
	}
	target, err := s.db.Target(ctx, year)
	if err != nil {
		return campaign.TargetReport{}, err
	}
	return campaign.BuildTargetReport(year, target, rows), nil
}

// Table1 lays out 附表1 for the year: the caller's counties (the real ones; the province-scale
// benchmark's synthetic counties are left out of the plan's table) by category. Any signed-in user.
func (s *Service) Table1(ctx context.Context, year int) (campaign.Table1, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Table1{}, err
	}
	rows, err := s.Stats(ctx, year, []campaign.StatDimension{campaign.DimCounty, campaign.DimCategory}, postgres.StatFilter{}, unitsOnly)
	if err != nil {
		return campaign.Table1{}, err
	}
	counties, err := s.db.Counties(ctx)
	if err != nil {
		return campaign.Table1{}, err
	}
	scope := policy.ReadScope(a)
	var shown []campaign.County
	for _, c := range counties {
		if !c.Synthetic && (scope.CountyCode == "" || scope.CountyCode == c.Code) {
			shown = append(shown, c)
		}
	}
	categories, err := s.db.UnitCategories(ctx)
	if err != nil {
		return campaign.Table1{}, err
	}
	return campaign.BuildTable1(year, campaign.Table1Date(year, s.today()), shown, categories, rows), nil
}

// SetTarget sets a year's targets (fractions between 0 and 1). CITY_ADMIN only.
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT.
func (s *Service) SetTarget(ctx context.Context, t campaign.Target) (campaign.Target, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return t, err
	}
	if err := policy.ManageTargets(a); err != nil {
		return t, err
	}
	if t.Year < 2020 || t.Year > 2100 {
		return t, campaign.Invalid("year", "年份须在 2020-2100 之间 (year must be between 2020 and 2100)")
	}
	for field, v := range map[string]float64{"village": t.Village, "enterprise": t.Enterprise} {
		if v <= 0 || v > 1 {
			return t, campaign.Invalid(field, "目标须为 0 到 1 之间的比例，如 0.8 表示 80%% (a fraction between 0 and 1, e.g. 0.8 for 80 %%)")
		}
	}
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.Target(ctx, t.Year)
		if err != nil {
			return err
		}
		if _, err := tx.SetTarget(ctx, t); err != nil {
			return err
		}
		return tx.Audit(ctx, postgres.ChangeBy(ctx, a, "setTarget", "target", fmt.Sprint(t.Year), "", before, t))
	})
	return t, err
}

// Liaisons lists 附表2. Any signed-in user; mobiles masked for analysts.
func (s *Service) Liaisons(ctx context.Context) ([]campaign.Liaison, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Liaisons(ctx)
	for i := range list {
		list[i].Mobile = policy.MaskPhone(a, list[i].Mobile)
	}
	return list, err
}

// SetLiaison stores the leader or contact of a county or a lead department. CITY_ADMIN only.
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, CONFLICT.
func (s *Service) SetLiaison(ctx context.Context, l campaign.Liaison, version *int) (campaign.Liaison, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return l, err
	}
	if err := policy.ManageTargets(a); err != nil {
		return l, err
	}
	if (l.CountyCode == nil) == (l.DepartmentCode == nil) {
		return l, campaign.Invalid("countyCode", "须且只能指定县(市、区)或牵头部门之一 (give either a county or a department)")
	}
	l.Name, l.Post, l.OfficePhone, l.Mobile = strings.TrimSpace(l.Name), strings.TrimSpace(l.Post), strings.TrimSpace(l.OfficePhone), strings.TrimSpace(l.Mobile)
	if n := utf8.RuneCountInString(l.Name); n < 1 || n > 50 {
		return l, campaign.Invalid("name", "姓名须为 1-50 个字符 (name must be 1-50 characters)")
	}
	if utf8.RuneCountInString(l.Post) > 100 {
		return l, campaign.Invalid("post", "职务最多 100 个字符 (post: at most 100 characters)")
	}
	if l.Mobile != "" {
		if err := campaign.CheckPhone(l.Mobile); err != nil {
			return l, campaign.Invalid("mobile", "%s", err.Error())
		}
	}
	if l.OfficePhone != "" {
		if err := campaign.CheckPhone(l.OfficePhone); err != nil {
			return l, campaign.Invalid("officePhone", "%s", err.Error())
		}
	}
	var out campaign.Liaison
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		before, err := tx.LiaisonBefore(ctx, l)
		if err != nil {
			return err
		}
		if out, err = tx.UpsertLiaison(ctx, l, version); err != nil {
			if campaign.ErrorCode(err) == campaign.EINVALID {
				return campaign.Invalid("countyCode", "不存在的县(市、区)或部门 (unknown county or department)")
			}
			return err
		}
		return tx.Audit(ctx, postgres.ChangeBy(ctx, a, "setLiaison", "liaison", fmt.Sprint(out.ID), "", before, out))
	})
	return out, err
}
