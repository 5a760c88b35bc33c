package campaign

import "time"

// StatDimension is a dimension a pivot can group by.
type StatDimension string

const (
	DimCounty      StatDimension = "COUNTY"
	DimTown        StatDimension = "TOWN"
	DimSector      StatDimension = "SECTOR"
	DimDepartment  StatDimension = "DEPARTMENT"
	DimCategory    StatDimension = "CATEGORY"
	DimTargetGroup StatDimension = "TARGET_GROUP"
	DimMonth       StatDimension = "MONTH"
	// DimSource splits inspections and hazards by the kind of inspection (自查 vs 检查 per kind);
	// units and incidents have no source and repeat on each source's row.
	DimSource StatDimension = "SOURCE"
)

// StatRow is one row of a pivot: the grouped dimension values (nil when not grouped) and the measures.
type StatRow struct {
	CountyCode     *string
	TownCode       *string
	SectorNumber   *int
	DepartmentCode *string
	CategoryCode   *string
	TargetGroup    *string
	Month          *int
	Source         *string

	Units, ZeroAccidentUnits                 int
	Incidents, Deaths, SeriousInjuries       int
	EconomicLossWan                          float64
	Inspections, HazardsFound, HazardsClosed int
	OpenHazards, OverdueHazards              int
	OpenMajorHazards                         int
	MedianDaysToClose                        *float64
}

// Rate is zero-accident units over units, or nil without units.
func Rate(zero, units int) *float64 {
	if units == 0 {
		return nil
	}
	r := float64(zero) / float64(units)
	return &r
}

// Attainment is an area's zero-accident rates by target group against the year's target.
type Attainment struct {
	CountyCode                              *string
	VillageUnits, VillageZeroAccident       int
	EnterpriseUnits, EnterpriseZeroAccident int
	VillageRate, EnterpriseRate             *float64
	VillageGap, EnterpriseGap               *float64
	VillageMet, EnterpriseMet               *bool
}

// TargetReport is the year's attainment for the whole scope and each county.
type TargetReport struct {
	Year     int
	Target   *Target
	Total    *Attainment
	Counties []*Attainment
}

// assess fills the rates, gaps and verdicts of an attainment from its counts and the target.
func (a *Attainment) assess(t *Target) {
	a.VillageRate = Rate(a.VillageZeroAccident, a.VillageUnits)
	a.EnterpriseRate = Rate(a.EnterpriseZeroAccident, a.EnterpriseUnits)
	if t == nil {
		return
	}
	a.VillageGap, a.VillageMet = gap(a.VillageRate, t.Village)
	a.EnterpriseGap, a.EnterpriseMet = gap(a.EnterpriseRate, t.Enterprise)
}

// gap is rate minus target; a target is met when the rate reaches it. Without units there is
// nothing to judge.
func gap(rate *float64, target float64) (*float64, *bool) {
	if rate == nil {
		return nil, nil
	}
	g := *rate - target
	// rates are ratios of integers: compare with a tolerance so 0.75 reached is 0.75 met
	met := g > -1e-9
	return &g, &met
}

// BuildTargetReport turns a pivot by county and target group into the attainment report; the
// total is summed over the rows given (the caller's scope).
func BuildTargetReport(year int, target *Target, rows []StatRow) TargetReport {
	rep := TargetReport{Year: year, Target: target, Total: &Attainment{}}
	byCounty := map[string]*Attainment{}
	for _, r := range rows {
		if r.CountyCode == nil || r.TargetGroup == nil {
			continue
		}
		a, ok := byCounty[*r.CountyCode]
		if !ok {
			code := *r.CountyCode
			a = &Attainment{CountyCode: &code}
			byCounty[code] = a
			rep.Counties = append(rep.Counties, a)
		}
		for _, dst := range []*Attainment{a, rep.Total} {
			if TargetGroup(*r.TargetGroup) == TargetGroupVillage {
				dst.VillageUnits += r.Units
				dst.VillageZeroAccident += r.ZeroAccidentUnits
			} else {
				dst.EnterpriseUnits += r.Units
				dst.EnterpriseZeroAccident += r.ZeroAccidentUnits
			}
		}
	}
	rep.Total.assess(target)
	for _, a := range rep.Counties {
		a.assess(target)
	}
	return rep
}

// Table1 is 附表1: per county and category, the units and the zero-accident units.
type Table1 struct {
	Year   int
	AsOf   time.Time
	Rows   []*Table1Row
	Totals *Table1Row
}

// Table1Row is one county's row (CountyCode nil on the total row).
type Table1Row struct {
	CountyCode          *string
	Cells               []*Table1Cell
	Total, ZeroAccident int
}

// Table1Cell is one category's pair of counts.
type Table1Cell struct {
	CategoryCode        string
	Total, ZeroAccident int
}

// BuildTable1 lays a pivot by county and category out as 附表1: every county of the list in order
// (also those without units), every category in 附表1's order, and a total row.
func BuildTable1(year int, asOf time.Time, counties []County, categories []UnitCategory, rows []StatRow) Table1 {
	type key struct{ county, category string }
	counts := map[key][2]int{}
	for _, r := range rows {
		if r.CountyCode != nil && r.CategoryCode != nil {
			counts[key{*r.CountyCode, *r.CategoryCode}] = [2]int{r.Units, r.ZeroAccidentUnits}
		}
	}
	newRow := func(code *string) *Table1Row {
		row := &Table1Row{CountyCode: code}
		for _, c := range categories {
			row.Cells = append(row.Cells, &Table1Cell{CategoryCode: c.Code})
		}
		return row
	}
	t := Table1{Year: year, AsOf: asOf, Totals: newRow(nil)}
	for _, county := range counties {
		code := county.Code
		row := newRow(&code)
		for i, cell := range row.Cells {
			n := counts[key{code, cell.CategoryCode}]
			cell.Total, cell.ZeroAccident = n[0], n[1]
			row.Total += n[0]
			row.ZeroAccident += n[1]
			t.Totals.Cells[i].Total += n[0]
			t.Totals.Cells[i].ZeroAccident += n[1]
		}
		t.Totals.Total += row.Total
		t.Totals.ZeroAccident += row.ZeroAccident
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Table1Date is the day 附表1 counts are taken on: 31 December, or today for the current year.
func Table1Date(year int, today time.Time) time.Time {
	end := time.Date(year, 12, 31, 0, 0, 0, 0, Local)
	if today.Before(end) {
		return DayOf(today)
	}
	return end
}

// Liaison roles of 附表2.
const (
	LiaisonLeader  = "LEADER"  // 分管负责人
	LiaisonContact = "CONTACT" // 具体责任人
)

// Liaison is a 联络员 of a county or a lead department (附表2).
type Liaison struct {
	ID             int64
	CountyCode     *string
	DepartmentCode *string
	Role           string
	Name           string
	Post           string
	OfficePhone    string
	Mobile         string
	Version        int
}

// SavedQuery is an analyst's saved GraphQL query.
type SavedQuery struct {
	ID        int64
	OwnerID   int64
	Owner     string
	Name      string
	Query     string
	Variables string
	Shared    bool
	UpdatedAt time.Time
}
