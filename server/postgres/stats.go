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

// dimension columns: on x, the units or their summary rows (which carry the same attribute
// columns), and for DEPARTMENT the lead-department join d.
var dimColumn = map[campaign.StatDimension]string{
	campaign.DimCounty:      "x.county_code",
	campaign.DimTown:        "x.town_code",
	campaign.DimSector:      "x.sector_number",
	campaign.DimDepartment:  "d.department_code",
	campaign.DimCategory:    "x.category_code",
	campaign.DimTargetGroup: "c.target_group",
}

var dimAlias = map[campaign.StatDimension]string{
	campaign.DimCounty: "county_code", campaign.DimTown: "town_code", campaign.DimSector: "sector_number",
	campaign.DimDepartment: "department_code", campaign.DimCategory: "category_code", campaign.DimTargetGroup: "target_group",
	campaign.DimMonth: "month",
}

// measureNames are the columns every branch of a pivot selects, in this order.
var measureNames = []string{"units", "zero_units", "incidents", "deaths", "serious", "loss", "inspections",
	"found", "closed", "open", "overdue", "open_major", "median"}

// measureList selects vals under measureNames, zero (or NULL, for the median) for the others.
func measureList(vals map[string]string) string {
	out := make([]string, 0, len(measureNames))
	for _, n := range measureNames {
		v, ok := vals[n]
		if !ok {
			switch n {
			case "loss":
				v = "0::numeric"
			case "median":
				v = "NULL::float8"
			default:
				v = "0::bigint"
			}
		}
		out = append(out, v+" AS "+n)
	}
	return strings.Join(out, ", ")
}

// sqlPart is a piece of a statement with the arguments of its placeholders, so that pieces can be
// put together without losing the order of the arguments.
type sqlPart struct {
	sql  string
	args []any
}

// partitionBy is the PARTITION BY clause of a window over cols (with a trailing space), or nothing.
func partitionBy(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return "PARTITION BY " + strings.Join(cols, ", ") + " "
}

func joinParts(sep string, parts ...sqlPart) sqlPart {
	var out sqlPart
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.sql
		out.args = append(out.args, p.args...)
	}
	out.sql = strings.Join(texts, sep)
	return out
}

// Pivot computes a pivot for one year with one SQL statement. Every measure but overdue hazards
// comes from the summaries of migration 00006 (the county-level cells, or the per-unit ledgers
// when grouping by town); overdue hazards, which depend on today, from the hazards themselves.
// The branches are summed by dimension.
func (db *DB) Pivot(ctx context.Context, scope policy.UnitScope, year int, dims []campaign.StatDimension, f StatFilter, m Measures, today time.Time) ([]campaign.StatRow, error) {
	if m == (Measures{}) {
		m.Units = true // the dimension values alone still come from the units
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, campaign.Local)
	end := start.AddDate(1, 0, 0)

	// the caller's scope and the filter, on x (units or summary rows) and c (their category)
	var conds []string
	var condArgs []any
	add := func(cond string, arg ...any) { conds, condArgs = append(conds, cond), append(condArgs, arg...) }
	if scope.CountyCode != "" {
		add("x.county_code = ?", scope.CountyCode)
	}
	if scope.Sectors != nil {
		if len(scope.Sectors) == 0 {
			add("false")
		} else {
			add("x.sector_number IN ?", scope.Sectors)
		}
	}
	if f.CountyCode != nil {
		add("x.county_code = ?", *f.CountyCode)
	}
	if f.SectorNumber != nil {
		add("x.sector_number = ?", *f.SectorNumber)
	}
	if f.CategoryCode != nil {
		add("x.category_code = ?", *f.CategoryCode)
	}
	if f.TargetGroup != nil {
		add("c.target_group = ?", *f.TargetGroup)
	}
	scoped := func(cond string, args ...any) sqlPart {
		return sqlPart{strings.Join(append([]string{cond}, conds...), " AND "), append(args, condArgs...)}
	}

	byMonth, byTown := false, false
	// cols select each dimension under its alias; exprs group by the column itself, since the
	// hazards have columns of the same names (county_code) that would make an alias ambiguous
	var cols, aliases, exprs []string
	joins := " JOIN unit_categories c ON c.code = x.category_code"
	for _, d := range dims {
		switch d {
		case campaign.DimMonth:
			byMonth = true
			continue
		case campaign.DimTown:
			byTown = true
		case campaign.DimDepartment:
			joins += " JOIN sector_lead_departments d ON d.sector_number = x.sector_number"
		}
		col, ok := dimColumn[d]
		if !ok {
			return nil, fmt.Errorf("stats: unknown dimension %q", d)
		}
		cols = append(cols, col+" AS "+dimAlias[d])
		aliases = append(aliases, dimAlias[d])
		exprs = append(exprs, col)
	}
	groupBy := func(extra ...string) string {
		if g := append(append([]string{}, exprs...), extra...); len(g) > 0 {
			return " GROUP BY " + strings.Join(g, ", ")
		}
		return ""
	}
	selectCols := func(extra ...string) string {
		return strings.Join(append(append([]string{}, cols...), extra...), ", ")
	}

	// the county-level cells answer every grouping but by town; the ledgers, a row per unit (and
	// month), carry the town. Month 0 holds the year's totals.
	unitsFrom, unitsExpr, eventsFrom, closesFrom := "stat_unit_cells x", "sum(x.units)", "stat_event_cells x", "stat_close_cells x"
	if byTown {
		unitsFrom, unitsExpr, eventsFrom, closesFrom = "stat_unit_ledger x", "count(*)", "stat_event_ledger x", "stat_close_ledger x"
	}
	months, monthCol := "x.month = 0", []string{}
	if byMonth {
		months, monthCol = "x.month > 0", []string{"x.month"}
	}
	var with []sqlPart
	var branches []sqlPart
	if m.Units || m.Incidents || m.Inspections || m.HazardsFound {
		uc := scoped("x.enrolled_year <= ? AND x.archived_year >= ?", year, year)
		uc.sql = "uc AS (SELECT " + selectCols(unitsExpr+" AS units") + " FROM " + unitsFrom + joins +
			" WHERE " + uc.sql + groupBy() + " HAVING " + unitsExpr + " > 0)"
		ec := scoped("x.year = ? AND "+months, year)
		ec.sql = "ec AS (SELECT " + selectCols(append(monthCol, "sum(x.first_incident_units) AS fi", "sum(x.incidents) AS incidents",
			"sum(x.deaths) AS deaths", "sum(x.serious) AS serious", "sum(x.loss) AS loss", "sum(x.inspections) AS inspections",
			"sum(x.found) AS found", "sum(x.open) AS open", "sum(x.open_major) AS open_major")...) +
			" FROM " + eventsFrom + joins + " WHERE " + ec.sql + groupBy(monthCol...) + ")"
		with = append(with, uc, ec)

		// every group of events is a group of units too: the summaries count a unit's events
		// only in the years the unit is counted in
		on := []string{"true"}
		ucCols := make([]string, len(aliases))
		for i, a := range aliases {
			on = append(on, "e."+a+" = uc."+a)
			ucCols[i] = "uc." + a
		}
		events := map[string]string{"units": "uc.units"}
		for _, n := range []string{"incidents", "deaths", "serious", "loss", "inspections", "found", "open", "open_major"} {
			events[n] = "coalesce(e." + n + ", 0)"
		}
		if byMonth {
			// a month's zero-accident units: the year's units less those whose first incident
			// of the year came in that month or before
			events["zero_units"] = "uc.units - sum(coalesce(e.fi, 0)) OVER (" + partitionBy(ucCols) + "ORDER BY m)"
			branches = append(branches, sqlPart{sql: "SELECT " + strings.Join(append(ucCols, "m AS month", measureList(events)), ", ") +
				" FROM uc CROSS JOIN generate_series(1, 12) m LEFT JOIN ec e ON " + strings.Join(append(on, "e.month = m"), " AND ")})
		} else {
			events["zero_units"] = "uc.units - coalesce(e.fi, 0)"
			branches = append(branches, sqlPart{sql: "SELECT " + strings.Join(append(ucCols, measureList(events)), ", ") +
				" FROM uc LEFT JOIN ec e ON " + strings.Join(on, " AND ")})
		}
	}
	if m.HazardsFound {
		// overdue depends on today, so it is counted from the hazards: the open ones past their
		// deadline (an index) of the units counted in the year, found in it
		monthExpr := "extract(month FROM h.found_on)::int"
		sel, group := selectCols(), groupBy()
		if byMonth {
			sel, group = selectCols(monthExpr+" AS month"), groupBy(monthExpr)
		}
		if sel != "" {
			sel += ", "
		}
		w := scoped("h.state <> 'CLOSED' AND h.deadline < ? AND h.found_on >= ? AND h.found_on < ? AND x.enrolled_on < ? AND (x.archived_on IS NULL OR x.archived_on >= ?)",
			today, start, end, end, start)
		branches = append(branches, sqlPart{"SELECT " + sel + measureList(map[string]string{"overdue": "count(*)"}) +
			" FROM hazards h JOIN units x ON x.id = h.unit_id" + joins + " WHERE " + w.sql + group, w.args})
	}
	if m.HazardsClosed {
		// the median of a histogram of days: percentile_cont(0.5) is the mean of the values at
		// positions floor((n-1)/2) and ceil((n-1)/2) (from 0) of the sorted days
		cc := scoped("x.year = ? AND "+months, year)
		cc.sql = "cc AS (SELECT " + selectCols(append(monthCol, "x.days", "sum(x.n) AS n")...) + " FROM " + closesFrom + joins +
			" WHERE " + cc.sql + groupBy(append(monthCol, "x.days")...) + ")"
		with = append(with, cc)
		part := append([]string{}, aliases...)
		if byMonth {
			part = append(part, "month")
		}
		q := "SELECT " + strings.Join(append(append([]string{}, part...), measureList(map[string]string{
			"closed": "sum(n)",
			"median": "((min(days) FILTER (WHERE below > (total - 1) / 2) + min(days) FILTER (WHERE below > total / 2)) / 2.0)::float8",
		})), ", ") + " FROM (SELECT *, sum(n) OVER (" + partitionBy(part) + "ORDER BY days) AS below, sum(n) OVER (" +
			strings.TrimSuffix(partitionBy(part), " ") + ") AS total FROM cc) t"
		if len(part) > 0 {
			q += " GROUP BY " + strings.Join(part, ", ")
		}
		branches = append(branches, sqlPart{sql: q})
	}

	outer := append([]string{}, aliases...)
	if byMonth {
		outer = append(outer, "month")
	}
	sums := []string{"coalesce(sum(units), 0)::bigint AS units", "coalesce(sum(zero_units), 0)::bigint AS zero_units",
		"coalesce(sum(incidents), 0)::bigint AS incidents", "coalesce(sum(deaths), 0)::bigint AS deaths",
		"coalesce(sum(serious), 0)::bigint AS serious", "coalesce(sum(loss), 0)::float8 AS loss",
		"coalesce(sum(inspections), 0)::bigint AS inspections", "coalesce(sum(found), 0)::bigint AS found",
		"coalesce(sum(closed), 0)::bigint AS closed", "coalesce(sum(open), 0)::bigint AS open",
		"coalesce(sum(overdue), 0)::bigint AS overdue", "coalesce(sum(open_major), 0)::bigint AS open_major", "max(median) AS median"}
	body := joinParts(" UNION ALL ", branches...)
	q := "SELECT " + strings.Join(append(append([]string{}, outer...), sums...), ", ") + " FROM (" + body.sql + ") b"
	if len(outer) > 0 {
		q += " GROUP BY " + strings.Join(outer, ", ") + " ORDER BY " + strings.Join(outer, ", ")
	}
	if len(with) > 0 {
		w := joinParts(", ", with...)
		q = "WITH " + w.sql + " " + q
		body.args = append(w.args, body.args...)
	}
	var rows []struct {
		CountyCode, TownCode, DepartmentCode, CategoryCode, TargetGroup *string
		SectorNumber, Month                                             *int
		Units, ZeroUnits, Incidents, Deaths, Serious                    int
		Loss                                                            float64
		Inspections, Found, Closed, Open, Overdue, OpenMajor            int
		Median                                                          *float64
	}
	if err := db.gorm.WithContext(ctx).Raw(q, body.args...).Scan(&rows).Error; err != nil {
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
