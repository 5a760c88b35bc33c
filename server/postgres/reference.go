package postgres

import (
	"context"
	"fmt"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

type countyRow struct {
	Code      string
	Name      string
	Synthetic bool
}

func (countyRow) TableName() string { return "counties" }

type townRow struct {
	Code       string
	CountyCode string
	Name       string
}

func (townRow) TableName() string { return "towns" }

type departmentRow struct {
	Code      string
	Name      string
	Note      *string
	SortOrder int
}

func (departmentRow) TableName() string { return "departments" }

type sectorRow struct {
	Number int
	Name   string
	Note   *string
}

func (sectorRow) TableName() string { return "sectors" }

type categoryRow struct {
	Code        string
	Name        string
	TargetGroup string
	SortOrder   int
}

func (categoryRow) TableName() string { return "unit_categories" }

type targetRow struct {
	Year       int
	Village    float64
	Enterprise float64
}

func (targetRow) TableName() string { return "targets" }

type standardRow struct {
	Code      string
	GroupName string
	Text      string
	SortOrder int
}

func (standardRow) TableName() string { return "creation_standards" }

type deadlineRow struct {
	ID    int
	Year  *int
	Month int
	Day   int
	What  string
}

func (deadlineRow) TableName() string { return "reporting_deadlines" }

func toCounty(r countyRow) campaign.County {
	return campaign.County{Code: r.Code, Name: r.Name, Synthetic: r.Synthetic}
}
func toTown(r townRow) campaign.Town {
	return campaign.Town{Code: r.Code, CountyCode: r.CountyCode, Name: r.Name}
}
func toDepartment(r departmentRow) campaign.Department {
	return campaign.Department{Code: r.Code, Name: r.Name, Note: r.Note}
}
func toSector(r sectorRow) campaign.Sector {
	return campaign.Sector{Number: r.Number, Name: r.Name, Note: r.Note}
}

func mapRows[R, T any](rows []R, conv func(R) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = conv(r)
	}
	return out
}

// Counties lists every county by code.
func (db *DB) Counties(ctx context.Context) ([]campaign.County, error) {
	var rows []countyRow
	if err := db.g(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list counties: %w", err)
	}
	return mapRows(rows, toCounty), nil
}

// CountiesByCode loads the named counties.
func (db *DB) CountiesByCode(ctx context.Context, codes []string) (map[string]campaign.County, error) {
	var rows []countyRow
	if err := db.g(ctx).Where("code IN ?", codes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load counties %v: %w", codes, err)
	}
	out := make(map[string]campaign.County, len(rows))
	for _, r := range rows {
		out[r.Code] = toCounty(r)
	}
	return out, nil
}

// TownsByCounty loads the towns of the named counties, by code within each county.
func (db *DB) TownsByCounty(ctx context.Context, countyCodes []string) (map[string][]campaign.Town, error) {
	var rows []townRow
	if err := db.g(ctx).Where("county_code IN ?", countyCodes).Order("code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load towns of counties %v: %w", countyCodes, err)
	}
	out := make(map[string][]campaign.Town, len(countyCodes))
	for _, r := range rows {
		out[r.CountyCode] = append(out[r.CountyCode], toTown(r))
	}
	return out, nil
}

// TownsByCode loads the named towns.
func (db *DB) TownsByCode(ctx context.Context, codes []string) (map[string]campaign.Town, error) {
	var rows []townRow
	if err := db.g(ctx).Where("code IN ?", codes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load towns %v: %w", codes, err)
	}
	out := make(map[string]campaign.Town, len(rows))
	for _, r := range rows {
		out[r.Code] = toTown(r)
	}
	return out, nil
}

// Departments lists every department in the plan's order.
func (db *DB) Departments(ctx context.Context) ([]campaign.Department, error) {
	var rows []departmentRow
	if err := db.g(ctx).Order("sort_order").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list departments: %w", err)
	}
	return mapRows(rows, toDepartment), nil
}

// DepartmentsByCode loads the named departments.
func (db *DB) DepartmentsByCode(ctx context.Context, codes []string) (map[string]campaign.Department, error) {
	var rows []departmentRow
	if err := db.g(ctx).Where("code IN ?", codes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load departments %v: %w", codes, err)
	}
	out := make(map[string]campaign.Department, len(rows))
	for _, r := range rows {
		out[r.Code] = toDepartment(r)
	}
	return out, nil
}

// Sectors lists every sector by number.
func (db *DB) Sectors(ctx context.Context) ([]campaign.Sector, error) {
	var rows []sectorRow
	if err := db.g(ctx).Order("number").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list sectors: %w", err)
	}
	return mapRows(rows, toSector), nil
}

// SectorsByNumber loads the numbered sectors.
func (db *DB) SectorsByNumber(ctx context.Context, numbers []int) (map[int]campaign.Sector, error) {
	var rows []sectorRow
	if err := db.g(ctx).Where("number IN ?", numbers).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load sectors %v: %w", numbers, err)
	}
	out := make(map[int]campaign.Sector, len(rows))
	for _, r := range rows {
		out[r.Number] = toSector(r)
	}
	return out, nil
}

// LeadDepartments loads the lead departments of the numbered sectors.
func (db *DB) LeadDepartments(ctx context.Context, sectorNumbers []int) (map[int][]campaign.Department, error) {
	var rows []struct {
		SectorNumber int
		Code, Name   string
		Note         *string
	}
	err := db.g(ctx).Table("sector_lead_departments AS l").
		Select("l.sector_number, d.code, d.name, d.note").
		Joins("JOIN departments d ON d.code = l.department_code").
		Where("l.sector_number IN ?", sectorNumbers).
		Order("l.sector_number, d.sort_order").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load lead departments of sectors %v: %w", sectorNumbers, err)
	}
	out := make(map[int][]campaign.Department, len(sectorNumbers))
	for _, r := range rows {
		out[r.SectorNumber] = append(out[r.SectorNumber], campaign.Department{Code: r.Code, Name: r.Name, Note: r.Note})
	}
	return out, nil
}

// LedSectors loads the sectors each named department leads.
func (db *DB) LedSectors(ctx context.Context, departmentCodes []string) (map[string][]campaign.Sector, error) {
	var rows []struct {
		DepartmentCode string
		Number         int
		Name           string
		Note           *string
	}
	err := db.g(ctx).Table("sector_lead_departments AS l").
		Select("l.department_code, s.number, s.name, s.note").
		Joins("JOIN sectors s ON s.number = l.sector_number").
		Where("l.department_code IN ?", departmentCodes).
		Order("l.department_code, s.number").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load sectors of departments %v: %w", departmentCodes, err)
	}
	out := make(map[string][]campaign.Sector, len(departmentCodes))
	for _, r := range rows {
		out[r.DepartmentCode] = append(out[r.DepartmentCode], campaign.Sector{Number: r.Number, Name: r.Name, Note: r.Note})
	}
	return out, nil
}

// UnitCategories lists the 11 categories in 附表1's order.
func (db *DB) UnitCategories(ctx context.Context) ([]campaign.UnitCategory, error) {
	var rows []categoryRow
	if err := db.g(ctx).Order("sort_order").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list unit categories: %w", err)
	}
	return mapRows(rows, func(r categoryRow) campaign.UnitCategory {
		return campaign.UnitCategory{Code: r.Code, Name: r.Name, TargetGroup: campaign.TargetGroup(r.TargetGroup)}
	}), nil
}

// Targets lists the yearly targets by year.
func (db *DB) Targets(ctx context.Context) ([]campaign.Target, error) {
	var rows []targetRow
	if err := db.g(ctx).Order("year").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	return mapRows(rows, func(r targetRow) campaign.Target {
		return campaign.Target{Year: r.Year, Village: r.Village, Enterprise: r.Enterprise}
	}), nil
}

// CreationStandards lists the 10 creation standards in order.
func (db *DB) CreationStandards(ctx context.Context) ([]campaign.CreationStandard, error) {
	var rows []standardRow
	if err := db.g(ctx).Order("sort_order").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list creation standards: %w", err)
	}
	return mapRows(rows, func(r standardRow) campaign.CreationStandard {
		return campaign.CreationStandard{Code: r.Code, Group: r.GroupName, Text: r.Text}
	}), nil
}

// DeadlineRules lists the stored reporting-deadline rules.
func (db *DB) DeadlineRules(ctx context.Context) ([]campaign.DeadlineRule, error) {
	var rows []deadlineRow
	if err := db.g(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list reporting deadlines: %w", err)
	}
	return mapRows(rows, func(r deadlineRow) campaign.DeadlineRule {
		return campaign.DeadlineRule{Year: r.Year, Month: r.Month, Day: r.Day, What: r.What}
	}), nil
}

// ActiveUnitCounts counts the active units in scope per county or per town (by = "county_code" or
// "town_code"), for the given codes.
func (db *DB) ActiveUnitCounts(ctx context.Context, scope policy.UnitScope, by string, codes []string) (map[string]int, error) {
	if by != "county_code" && by != "town_code" {
		return nil, fmt.Errorf("count units by %q: unknown grouping", by)
	}
	var rows []struct {
		Code string
		N    int
	}
	q := db.g(ctx).Table("units").
		Select(by+" AS code, count(*) AS n").
		Where(by+" IN ?", codes).Where("archived_on IS NULL")
	q = applyUnitScope(q, scope, "")
	if err := q.Group(by).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count units by %s: %w", by, err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Code] = r.N
	}
	return out, nil
}
