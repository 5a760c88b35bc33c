// Package events runs the campaign's working cycle: inspections against the creation standards, the
// hazard closed loop (排查 → 治理 → 验收 → 销号), incidents with their severity class and veto, the
// yearly certification of zero-accident status, and the blacklist. Permission rules come from
// server/policy, loop and severity rules from server/campaign; every change is audited in its
// transaction.
package events

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the events application service.
type Service struct {
	db  *postgres.DB
	now func() time.Time
}

// New returns the events service.
func New(db *postgres.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

func (s *Service) today() time.Time { return campaign.DayOf(s.now()) }

// unitForWrite loads a unit the caller may write to under the rule allow: a unit outside its read
// scope is NOT_FOUND, one it may read but not write is FORBIDDEN.
func unitForWrite(ctx context.Context, tx *postgres.DB, a *policy.Actor, id int64, allow func(*policy.Actor, campaign.Unit) error) (campaign.Unit, error) {
	u, err := tx.Unit(ctx, id)
	if err != nil {
		return campaign.Unit{}, err
	}
	if !policy.CanRead(a, u) {
		return campaign.Unit{}, campaign.ErrNotFound
	}
	return u, allow(a, u)
}

// unitForRead loads a unit in the caller's read scope.
func unitForRead(ctx context.Context, db *postgres.DB, a *policy.Actor, id int64) (campaign.Unit, error) {
	u, err := db.Unit(ctx, id)
	if err != nil {
		return campaign.Unit{}, err
	}
	if !policy.CanRead(a, u) {
		return campaign.Unit{}, campaign.ErrNotFound
	}
	return u, nil
}

func entry(ctx context.Context, a *policy.Actor, action, entity string, id int64, county string, before, after any) postgres.AuditEntry {
	return postgres.ChangeBy(ctx, a, action, entity, strconv.FormatInt(id, 10), county, before, after)
}

func textField(field, value string, min, max int) (string, error) {
	v := strings.TrimSpace(value)
	if n := utf8.RuneCountInString(v); n < min || n > max {
		if min > 0 {
			return "", campaign.Invalid(field, "须为 %d-%d 个字符 (must be %d-%d characters)", min, max, min, max)
		}
		return "", campaign.Invalid(field, "最多 %d 个字符 (at most %d characters)", max, max)
	}
	return v, nil
}

// ---- inspections ----

// ResultInput is an inspection's finding on one standard, as typed.
type ResultInput struct {
	StandardCode, Result, Remark string
}

// HazardInput is a hazard found by an inspection, as typed.
type HazardInput struct {
	Level             campaign.HazardLevel
	Description       string
	Category          string
	Deadline          *time.Time
	ResponsiblePerson *string
	RectificationPlan *string
	// StandardCode is the creation standard the hazard fails; it must be marked NOT_MET.
	StandardCode *string
}

// InspectionInput is what recording an inspection takes.
type InspectionInput struct {
	UnitID         int64
	InspectedOn    time.Time
	Kind           string
	InspectorName  string
	InspectingBody string
	Summary        string
	Results        []ResultInput
	Hazards        []HazardInput
}

// RecordInspection stores an inspection, its result for every creation standard and the hazards it
// found, in one transaction. CITY_ADMIN, COUNTY_ADMIN in its county, DEPARTMENT_USER in its sectors.
// Errors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (unit), BAD_USER_INPUT.
func (s *Service) RecordInspection(ctx context.Context, in InspectionInput) (campaign.Inspection, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Inspection{}, err
	}
	var out campaign.Inspection
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		u, err := unitForWrite(ctx, tx, a, in.UnitID, policy.RecordEvents)
		if err != nil {
			return err
		}
		insp, results, err := s.checkInspection(ctx, tx, a, u, in)
		if err != nil {
			return err
		}
		if out, err = tx.InsertInspection(ctx, insp, results); err != nil {
			return err
		}
		hazards := make([]campaign.Hazard, 0, len(in.Hazards))
		notMet := map[string]bool{}
		for _, r := range results {
			notMet[r.StandardCode] = r.Result == campaign.ResultNotMet
		}
		for i, hin := range in.Hazards {
			h, err := checkHazard(i, hin, out, notMet)
			if err != nil {
				return err
			}
			if h, err = tx.InsertHazard(ctx, h); err != nil {
				return err
			}
			if err := tx.InsertTransition(ctx, h, nil, false, &a.UserID, a.Username, "排查发现"); err != nil {
				return err
			}
			hazards = append(hazards, h)
		}
		return tx.Audit(ctx, entry(ctx, a, "recordInspection", "inspection", out.ID, u.CountyCode, nil,
			map[string]any{"inspection": out, "results": results, "hazards": hazards}))
	})
	return out, err
}

func (s *Service) checkInspection(ctx context.Context, tx *postgres.DB, a *policy.Actor, u campaign.Unit, in InspectionInput) (campaign.Inspection, []campaign.InspectionResult, error) {
	insp := campaign.Inspection{UnitID: u.ID, CountyCode: u.CountyCode, InspectedOn: in.InspectedOn, Kind: in.Kind, InspectorID: &a.UserID}
	if !slices.Contains(campaign.InspectionKinds, in.Kind) {
		return insp, nil, campaign.Invalid("kind", "未知的检查方式 (unknown inspection kind)")
	}
	if err := policy.RecordInspectionKind(a, in.Kind); err != nil {
		return insp, nil, err
	}
	if in.InspectedOn.After(s.today()) {
		return insp, nil, campaign.Invalid("inspectedOn", "检查日期不能晚于今天 (the inspection date cannot be in the future)")
	}
	if in.InspectedOn.Before(u.EnrolledOn) {
		return insp, nil, campaign.Invalid("inspectedOn", "检查日期早于单位纳入创建日期 (before the unit was enrolled)")
	}
	name := in.InspectorName
	if strings.TrimSpace(name) == "" {
		me, err := tx.User(ctx, a.UserID)
		if err != nil {
			return insp, nil, err
		}
		name = me.DisplayName
	}
	var err error
	if insp.InspectorName, err = textField("inspectorName", name, 1, 100); err != nil {
		return insp, nil, err
	}
	if insp.InspectingBody, err = textField("inspectingBody", in.InspectingBody, 1, 100); err != nil {
		return insp, nil, err
	}
	if insp.Summary, err = textField("summary", in.Summary, 0, 2000); err != nil {
		return insp, nil, err
	}
	standards, err := tx.CreationStandards(ctx)
	if err != nil {
		return insp, nil, err
	}
	given := map[string]ResultInput{}
	for i, r := range in.Results {
		if _, dup := given[r.StandardCode]; dup {
			return insp, nil, campaign.Invalid(fmt.Sprintf("results.%d.standardCode", i), "标准 %s 重复 (standard %s given twice)", r.StandardCode, r.StandardCode)
		}
		given[r.StandardCode] = r
	}
	var results []campaign.InspectionResult
	for _, std := range standards {
		r, ok := given[std.Code]
		if !ok {
			return insp, nil, campaign.Invalid("results", "须对 10 项创建标准逐项给出结果，缺少 %s (a result is required for every standard; %s is missing)", std.Code, std.Code)
		}
		remark, err := textField("results.remark", r.Remark, 0, 500)
		if err != nil {
			return insp, nil, err
		}
		results = append(results, campaign.InspectionResult{StandardCode: std.Code, Result: r.Result, Remark: remark})
		delete(given, std.Code)
	}
	for code := range given {
		return insp, nil, campaign.Invalid("results", "未知的创建标准 %s (unknown standard)", code)
	}
	return insp, results, nil
}

// checkHazard builds a hazard found by insp; notMet tells, by standard code, whether the
// inspection marked it 不符合, which a hazard's standard must be.
func checkHazard(i int, in HazardInput, insp campaign.Inspection, notMet map[string]bool) (campaign.Hazard, error) {
	field := func(name string) string { return fmt.Sprintf("hazards.%d.%s", i, name) }
	h := campaign.Hazard{UnitID: insp.UnitID, CountyCode: insp.CountyCode, InspectionID: &insp.ID, Source: insp.Kind,
		FoundBy: insp.InspectorID, Level: in.Level, State: campaign.HazardFound, FoundOn: insp.InspectedOn, Deadline: in.Deadline}
	if in.StandardCode != nil {
		failed, known := notMet[*in.StandardCode]
		switch {
		case !known:
			return h, campaign.Invalid(field("standardCode"), "未知的创建标准 %s (unknown standard)", *in.StandardCode)
		case !failed:
			return h, campaign.Invalid(field("standardCode"), "标准 %s 未标为不符合，不能据此提出隐患 (standard %s is not marked not met)", *in.StandardCode, *in.StandardCode)
		}
		code := *in.StandardCode
		h.StandardCode = &code
	}
	if in.Level != campaign.HazardGeneral && in.Level != campaign.HazardMajor {
		return h, campaign.Invalid(field("level"), "未知的隐患等级 (unknown level)")
	}
	var err error
	if h.Description, err = textField(field("description"), in.Description, 2, 2000); err != nil {
		return h, err
	}
	if h.Category, err = textField(field("category"), in.Category, 0, 50); err != nil {
		return h, err
	}
	if in.Deadline != nil && in.Deadline.Before(insp.InspectedOn) {
		return h, campaign.Invalid(field("deadline"), "整改期限不能早于发现日期 (the deadline cannot precede the finding)")
	}
	if h.ResponsiblePerson, err = optionalText(field("responsiblePerson"), in.ResponsiblePerson, 50); err != nil {
		return h, err
	}
	if h.RectificationPlan, err = optionalText(field("rectificationPlan"), in.RectificationPlan, 2000); err != nil {
		return h, err
	}
	return h, nil
}

func optionalText(field string, v *string, max int) (*string, error) {
	if v == nil || strings.TrimSpace(*v) == "" {
		return nil, nil
	}
	t, err := textField(field, *v, 1, max)
	return &t, err
}

// Inspections lists inspections in the caller's scope, newest first.
func (s *Service) Inspections(ctx context.Context, f postgres.EventFilter, after *postgres.UnitCursor, limit int) ([]campaign.Inspection, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	return s.db.InspectionsPage(ctx, policy.ReadScope(a), f, after, limit)
}

// CountInspections counts inspections in the caller's scope.
func (s *Service) CountInspections(ctx context.Context, f postgres.EventFilter) (int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return 0, err
	}
	return s.db.CountInspections(ctx, policy.ReadScope(a), f)
}

// Inspection returns one inspection of a unit in the caller's scope. Errors: NOT_FOUND.
func (s *Service) Inspection(ctx context.Context, id int64) (campaign.Inspection, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Inspection{}, err
	}
	insp, err := s.db.Inspection(ctx, id)
	if err != nil {
		return campaign.Inspection{}, err
	}
	if _, err := unitForRead(ctx, s.db, a, insp.UnitID); err != nil {
		return campaign.Inspection{}, err
	}
	return insp, nil
}
