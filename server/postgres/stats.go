package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// Measures chooses the parts of a pivot that cost more than the summary cells: overdue hazards
// (counted from the hazards, as they depend on today) and the hazards closed with their median
// days (a histogram). Units, incidents, inspections and the other hazard counts always come.
type Measures struct {
	Overdue, Closed bool
}

// AllMeasures computes every measure.
var AllMeasures = Measures{Overdue: true, Closed: true}

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

// sqlPart is a piece of a statement with the arguments of its placeholders, so that pieces can be
// put together without losing the order of the arguments.
type sqlPart struct {
	sql  string
	args []any
}

// prefixed puts prefix before each name.
func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
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
	start := time.Date(year, 1, 1, 0, 0, 0, 0, campaign.Local)
	end := start.AddDate(1, 0, 0)

	// the caller's scope and the filter, on x (units or summary rows) and c (their category)
	var conds []string
	var condArgs []any
	add := func(cond string, arg ...any) { conds, condArgs = append(conds, cond), append(condArgs, arg...) }
	// a scope below the county (a town, grids, a unit) is answered from the per-unit ledgers; the
	// scope's own condition differs between those (unit_id) and the units table (id)
	perUnit := scope.BelowCounty()
	var scopeSQL, unitsScopeSQL string
	var scopeArgs, unitsScopeArgs []any
	if perUnit {
		scopeSQL, scopeArgs = ownedScope(scope, "x")
		uconds, uargs, ok := unitConds(scope, "x.")
		unitsScopeSQL, unitsScopeArgs = strings.Join(uconds, " AND "), uargs
		if !ok {
			unitsScopeSQL, unitsScopeArgs = "false", nil
		} else if unitsScopeSQL == "" {
			unitsScopeSQL = "true"
		}
	} else {
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
		c, a := append([]string{cond}, conds...), append(args, condArgs...)
		if perUnit {
			c, a = append(c, scopeSQL), append(a, scopeArgs...)
		}
		return sqlPart{strings.Join(c, " AND "), a}
	}
	// unitsScoped is scoped for a query over the units table aliased x
	unitsScoped := func(cond string, args ...any) sqlPart {
		c, a := append([]string{cond}, conds...), append(args, condArgs...)
		if perUnit {
			c, a = append(c, unitsScopeSQL), append(a, unitsScopeArgs...)
		}
		return sqlPart{strings.Join(c, " AND "), a}
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
	if byTown || perUnit {
		unitsFrom, unitsExpr, eventsFrom, closesFrom = "stat_unit_ledger x", "count(*)", "stat_event_ledger x", "stat_close_ledger x"
	}
	months, monthCol := "x.month = 0", []string{}
	if byMonth {
		months, monthCol = "x.month > 0", []string{"x.month"}
	}
	// the rows: each group of units counted in the year (by month, twelve rows each) with its
	// events. Every group of events, overdue or closed hazards is among them, since the
	// summaries (and the overdue query) count a unit's events only in the years it is counted in.
	uc := scoped("x.enrolled_year <= ? AND x.archived_year >= ?", year, year)
	// without dimensions, one row (the scope's totals) even when it has no units
	having := ""
	if len(exprs) > 0 {
		having = " HAVING " + unitsExpr + " > 0"
	}
	uc.sql = "uc AS (SELECT " + selectCols("coalesce("+unitsExpr+", 0) AS units") + " FROM " + unitsFrom + joins +
		" WHERE " + uc.sql + groupBy() + having + ")"
	ec := scoped("x.year = ? AND "+months, year)
	ec.sql = "ec AS (SELECT " + selectCols(append(monthCol, "sum(x.first_incident_units) AS fi", "sum(x.incidents) AS incidents",
		"sum(x.deaths) AS deaths", "sum(x.serious) AS serious", "sum(x.loss) AS loss", "sum(x.inspections) AS inspections",
		"sum(x.found) AS found", "sum(x.open) AS open", "sum(x.open_major) AS open_major")...) +
		" FROM " + eventsFrom + joins + " WHERE " + ec.sql + groupBy(monthCol...) + ")"
	with := []sqlPart{uc, ec}

	keys := append([]string{}, aliases...) // of a row: the dimensions and the month
	if byMonth {
		keys = append(keys, "month")
	}
	// on joins relation a to relation b by keys
	on := func(a, b string, keys []string) string {
		conds := []string{"true"}
		for _, k := range keys {
			conds = append(conds, a+"."+k+" = "+b+"."+k)
		}
		return strings.Join(conds, " AND ")
	}
	base := make([]string, len(aliases))
	for i, a := range aliases {
		base[i] = "uc." + a + " AS " + a
	}
	if byMonth {
		// a month's zero-accident units: the year's units less those whose first incident of
		// the year came in that month or before
		base = append(base, "m AS month", "uc.units", "uc.units - sum(coalesce(e.fi, 0)) OVER ("+partitionBy(prefixed("uc.", aliases))+"ORDER BY m) AS zero_units")
	} else {
		base = append(base, "uc.units", "uc.units - coalesce(e.fi, 0) AS zero_units")
	}
	for _, n := range []string{"incidents", "deaths", "serious", "inspections", "found", "open", "open_major"} {
		base = append(base, "coalesce(e."+n+", 0) AS "+n)
	}
	base = append(base, "coalesce(e.loss, 0)::float8 AS loss")
	from := "uc LEFT JOIN ec e ON " + on("e", "uc", aliases)
	if byMonth {
		from = "uc CROSS JOIN generate_series(1, 12) m LEFT JOIN ec e ON " + on("e", "uc", aliases) + " AND e.month = m"
	}
	q := sqlPart{sql: "SELECT b.*"}
	joinsSQL := ""
	var joinArgs []any
	if m.Overdue {
		// overdue depends on today, so it is counted from the hazards: the open ones past their
		// deadline (an index) of the units counted in the year, found in it
		monthExpr := "extract(month FROM h.found_on)::int"
		sel, group := selectCols("count(*) AS overdue"), groupBy()
		if byMonth {
			sel, group = selectCols(monthExpr+" AS month", "count(*) AS overdue"), groupBy(monthExpr)
		}
		w := unitsScoped("h.state <> 'CLOSED' AND h.deadline < ? AND h.found_on >= ? AND h.found_on < ? AND x.enrolled_on < ? AND (x.archived_on IS NULL OR x.archived_on >= ?)",
			today, start, end, end, start)
		q.sql += ", coalesce(o.overdue, 0) AS overdue"
		joinsSQL += " LEFT JOIN (SELECT " + sel + " FROM hazards h JOIN units x ON x.id = h.unit_id" + joins + " WHERE " + w.sql + group + ") o ON " + on("o", "b", keys)
		joinArgs = append(joinArgs, w.args...)
	} else {
		q.sql += ", 0 AS overdue"
	}
	if m.Closed {
		// the median of a histogram of days: percentile_cont(0.5) is the mean of the values at
		// positions floor((n-1)/2) and ceil((n-1)/2) (from 0) of the sorted days
		cc := scoped("x.year = ? AND "+months, year)
		cc.sql = "cc AS (SELECT " + selectCols(append(monthCol, "x.days", "sum(x.n) AS n")...) + " FROM " + closesFrom + joins +
			" WHERE " + cc.sql + groupBy(append(monthCol, "x.days")...) + ")"
		with = append(with, cc)
		closes := "SELECT " + strings.Join(append(append([]string{}, keys...), "sum(n) AS closed",
			"((min(days) FILTER (WHERE below > (total - 1) / 2) + min(days) FILTER (WHERE below > total / 2)) / 2.0)::float8 AS median"), ", ") +
			" FROM (SELECT *, sum(n) OVER (" + partitionBy(keys) + "ORDER BY days) AS below, sum(n) OVER (" +
			strings.TrimSuffix(partitionBy(keys), " ") + ") AS total FROM cc) t"
		if len(keys) > 0 {
			closes += " GROUP BY " + strings.Join(keys, ", ")
		}
		q.sql += ", coalesce(c.closed, 0) AS closed, c.median"
		joinsSQL += " LEFT JOIN (" + closes + ") c ON " + on("c", "b", keys)
	} else {
		q.sql += ", 0 AS closed, NULL::float8 AS median"
	}
	w := joinParts(", ", with...)
	q.sql = "WITH " + w.sql + " " + q.sql + " FROM (SELECT " + strings.Join(base, ", ") + " FROM " + from + ") b" + joinsSQL
	q.args = append(w.args, joinArgs...)
	if len(keys) > 0 {
		q.sql += " ORDER BY " + strings.Join(prefixed("b.", keys), ", ")
	}
	var rows []struct {
		CountyCode, TownCode, DepartmentCode, CategoryCode, TargetGroup *string
		SectorNumber, Month                                             *int
		Units, ZeroUnits, Incidents, Deaths, Serious                    int
		Loss                                                            float64
		Inspections, Found, Closed, Open, Overdue, OpenMajor            int
		Median                                                          *float64
	}
	if err := db.gorm.WithContext(ctx).Raw(q.sql, q.args...).Scan(&rows).Error; err != nil {
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
