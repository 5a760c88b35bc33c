package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// Measures chooses the measure families a pivot computes; each costs a pass over its table, so a
// caller asks only for what it shows (附表1 needs only the units).
type Measures struct {
	Units, Incidents, Inspections, HazardsFound, HazardsClosed bool
}

// AllMeasures computes every measure.
var AllMeasures = Measures{Units: true, Incidents: true, Inspections: true, HazardsFound: true, HazardsClosed: true}

// StatFilter narrows the units a pivot covers.
type StatFilter struct {
	CountyCode   *string
	SectorNumber *int
	CategoryCode *string
	TargetGroup  *string
}

// dimension columns: on the active-units relation u (and, for DEPARTMENT, the lead-department join
// d) and the month expression of each event branch.
var dimColumn = map[campaign.StatDimension]string{
	campaign.DimCounty:      "u.county_code",
	campaign.DimTown:        "u.town_code",
	campaign.DimSector:      "u.sector_number",
	campaign.DimDepartment:  "d.department_code",
	campaign.DimCategory:    "u.category_code",
	campaign.DimTargetGroup: "u.target_group",
}

var dimAlias = map[campaign.StatDimension]string{
	campaign.DimCounty: "county_code", campaign.DimTown: "town_code", campaign.DimSector: "sector_number",
	campaign.DimDepartment: "department_code", campaign.DimCategory: "category_code", campaign.DimTargetGroup: "target_group",
	campaign.DimMonth: "month",
}

// Pivot computes a pivot for one year with one SQL statement: each measure family is aggregated
// by the dimensions in its own branch (units, incidents, inspections, hazards found, hazards
// closed) and the branches are summed by dimension. today decides which hazards are overdue.
func (db *DB) Pivot(ctx context.Context, scope policy.UnitScope, year int, dims []campaign.StatDimension, f StatFilter, m Measures, today time.Time) ([]campaign.StatRow, error) {
	if m == (Measures{}) {
		m.Units = true // the dimension values alone still come from the units
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, campaign.Local)
	end := start.AddDate(1, 0, 0)
	// units counted in the year: enrolled by its end and not archived before it began
	var where []string
	var args []any
	where = append(where, "x.enrolled_on < ?", "(x.archived_on IS NULL OR x.archived_on >= ?)")
	args = append(args, end, start)
	if scope.CountyCode != "" {
		where, args = append(where, "x.county_code = ?"), append(args, scope.CountyCode)
	}
	if scope.Sectors != nil {
		if len(scope.Sectors) == 0 {
			where = append(where, "false")
		} else {
			where, args = append(where, "x.sector_number IN ?"), append(args, scope.Sectors)
		}
	}
	if f.CountyCode != nil {
		where, args = append(where, "x.county_code = ?"), append(args, *f.CountyCode)
	}
	if f.SectorNumber != nil {
		where, args = append(where, "x.sector_number = ?"), append(args, *f.SectorNumber)
	}
	if f.CategoryCode != nil {
		where, args = append(where, "x.category_code = ?"), append(args, *f.CategoryCode)
	}
	if f.TargetGroup != nil {
		where, args = append(where, "c.target_group = ?"), append(args, *f.TargetGroup)
	}
	units := `SELECT x.id, x.county_code, x.town_code, x.sector_number, x.category_code, c.target_group
		FROM units x JOIN unit_categories c ON c.code = x.category_code WHERE ` + strings.Join(where, " AND ")

	byMonth := false
	// cols select each dimension under its alias; exprs group by the column itself, since the event
	// tables have columns of the same names (county_code) that would make an alias ambiguous
	var cols, aliases, exprs []string
	joinDept := ""
	for _, d := range dims {
		if d == campaign.DimMonth {
			byMonth = true
			continue
		}
		col, ok := dimColumn[d]
		if !ok {
			return nil, fmt.Errorf("stats: unknown dimension %q", d)
		}
		if d == campaign.DimDepartment {
			joinDept = " JOIN sector_lead_departments d ON d.sector_number = u.sector_number"
		}
		cols = append(cols, col+" AS "+dimAlias[d])
		aliases = append(aliases, dimAlias[d])
		exprs = append(exprs, col)
	}
	// branch builds one aggregate: its dimension columns, the month expression when grouping by
	// month, its measures and its FROM/WHERE.
	branch := func(monthExpr, measures, from string) string {
		sel := append([]string{}, cols...)
		group := append([]string{}, exprs...)
		if byMonth {
			sel = append(sel, monthExpr+" AS month")
			group = append(group, monthExpr)
		}
		q := "SELECT " + strings.Join(append(sel, measures), ", ") + " FROM " + from + joinDept
		if len(group) > 0 {
			q += " GROUP BY " + strings.Join(group, ", ")
		}
		return q
	}
	const zeros = "0::bigint"
	measureList := func(vals map[string]string) string {
		names := []string{"units", "zero_units", "incidents", "deaths", "serious", "loss", "inspections", "found", "closed", "open", "overdue", "open_major"}
		out := make([]string, 0, len(names)+1)
		for _, n := range names {
			v, ok := vals[n]
			if !ok {
				v = zeros
				if n == "loss" {
					v = "0::numeric"
				}
			}
			out = append(out, v+" AS "+n)
		}
		m, ok := vals["median"]
		if !ok {
			m = "NULL::float8"
		}
		return strings.Join(append(out, m+" AS median"), ", ")
	}
	local := "AT TIME ZONE 'Asia/Shanghai'"
	var branches []string
	var bargs []any
	// units and zero-accident units: grouped by the month of the first incident, so a month's
	// cumulative zero-accident count needs no row per unit and month
	firstIncident := `(SELECT unit_id, min(extract(month FROM occurred_at ` + local + `))::int AS first_month
		FROM incidents WHERE occurred_year = ? GROUP BY unit_id)`
	if m.Units && byMonth {
		inner := "SELECT " + strings.Join(append(append([]string{}, cols...), "f.first_month", "count(*) AS n"), ", ") +
			" FROM u LEFT JOIN " + firstIncident + " f ON f.unit_id = u.id" + joinDept +
			" GROUP BY " + strings.Join(append(append([]string{}, exprs...), "f.first_month"), ", ")
		outerCols := append([]string{}, aliases...)
		branches = append(branches, "SELECT "+strings.Join(append(outerCols, "m AS month",
			measureList(map[string]string{"units": "sum(g.n)::bigint", "zero_units": "(sum(g.n) FILTER (WHERE g.first_month IS NULL OR g.first_month > m))::bigint"})), ", ")+
			" FROM ("+inner+") g CROSS JOIN generate_series(1, 12) m GROUP BY "+strings.Join(append(outerCols, "m"), ", "))
	} else if m.Units {
		branches = append(branches, branch("", measureList(map[string]string{
			"units": "count(*)", "zero_units": "count(*) FILTER (WHERE f.unit_id IS NULL)",
		}), "u LEFT JOIN "+firstIncident+" f ON f.unit_id = u.id"))
	}
	if m.Units {
		bargs = append(bargs, year)
	}
	if m.Incidents {
		branches = append(branches, branch("extract(month FROM i.occurred_at "+local+")::int", measureList(map[string]string{
			"incidents": "count(*)", "deaths": "sum(i.deaths)", "serious": "sum(i.serious_injuries)", "loss": "sum(i.direct_loss_wan)",
		}), "incidents i JOIN u ON u.id = i.unit_id AND i.occurred_year = ?"))
		bargs = append(bargs, year)
	}
	if m.Inspections {
		branches = append(branches, branch("extract(month FROM s.inspected_on)::int", measureList(map[string]string{"inspections": "count(*)"}),
			"inspections s JOIN u ON u.id = s.unit_id AND s.inspected_on >= ? AND s.inspected_on < ?"))
		bargs = append(bargs, start, end)
	}
	if m.HazardsFound {
		branches = append(branches, branch("extract(month FROM h.found_on)::int", measureList(map[string]string{
			"found":      "count(*)",
			"open":       "count(*) FILTER (WHERE h.state <> 'CLOSED')",
			"overdue":    "count(*) FILTER (WHERE h.state <> 'CLOSED' AND h.deadline < ?)",
			"open_major": "count(*) FILTER (WHERE h.state <> 'CLOSED' AND h.level = 'MAJOR')",
		}), "hazards h JOIN u ON u.id = h.unit_id AND h.found_on >= ? AND h.found_on < ?"))
		bargs = append(bargs, today, start, end) // the overdue cutoff comes first: it is in the SELECT list
	}
	if m.HazardsClosed {
		branches = append(branches, branch("extract(month FROM h.closed_on)::int", measureList(map[string]string{
			"closed": "count(*)",
			"median": "percentile_cont(0.5) WITHIN GROUP (ORDER BY (h.closed_on - h.found_on))",
		}), "hazards h JOIN u ON u.id = h.unit_id AND h.closed_on >= ? AND h.closed_on < ?"))
		bargs = append(bargs, start, end)
	}

	outer := append([]string{}, aliases...)
	if byMonth {
		outer = append(outer, "month")
	}
	sums := []string{"sum(units)::bigint AS units", "sum(zero_units)::bigint AS zero_units", "sum(incidents)::bigint AS incidents",
		"sum(deaths)::bigint AS deaths", "sum(serious)::bigint AS serious", "sum(loss)::float8 AS loss",
		"sum(inspections)::bigint AS inspections", "sum(found)::bigint AS found", "sum(closed)::bigint AS closed",
		"sum(open)::bigint AS open", "sum(overdue)::bigint AS overdue", "sum(open_major)::bigint AS open_major", "max(median) AS median"}
	q := "WITH u AS (" + units + ") SELECT " + strings.Join(append(append([]string{}, outer...), sums...), ", ") +
		" FROM (" + strings.Join(branches, " UNION ALL ") + ") b"
	if len(outer) > 0 {
		q += " GROUP BY " + strings.Join(outer, ", ") + " ORDER BY " + strings.Join(outer, ", ")
	}
	var rows []struct {
		CountyCode, TownCode, DepartmentCode, CategoryCode, TargetGroup *string
		SectorNumber, Month                                             *int
		Units, ZeroUnits, Incidents, Deaths, Serious                    int
		Loss                                                            float64
		Inspections, Found, Closed, Open, Overdue, OpenMajor            int
		Median                                                          *float64
	}
	if err := db.gorm.WithContext(ctx).Raw(q, append(args, bargs...)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("stats for %d by %v: %w", year, dims, err)
	}
	out := make([]campaign.StatRow, len(rows))
	for i, r := range rows {
		out[i] = campaign.StatRow{CountyCode: r.CountyCode, TownCode: r.TownCode, SectorNumber: r.SectorNumber,
			DepartmentCode: r.DepartmentCode, CategoryCode: r.CategoryCode, TargetGroup: r.TargetGroup, Month: r.Month,
			Units: r.Units, ZeroAccidentUnits: r.ZeroUnits, Incidents: r.Incidents, Deaths: r.Deaths, SeriousInjuries: r.Serious,
			EconomicLossWan: r.Loss, Inspections: r.Inspections, HazardsFound: r.Found, HazardsClosed: r.Closed,
			OpenHazards: r.Open, OverdueHazards: r.Overdue, OpenMajorHazards: r.OpenMajor, MedianDaysToClose: r.Median}
	}
	return out, nil
}
