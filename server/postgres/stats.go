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
	CountyCode *string
	// TownCode: one town, from the per-unit ledgers
	TownCode     *string
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
	perUnit := scope.BelowCounty() || f.TownCode != nil
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
	if f.TownCode != nil {
		add("x.town_code = ?", *f.TownCode)
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

	byMonth, byTown, bySource := false, false, false
	// cols select each dimension under its alias; exprs group by the column itself, since the
	// hazards have columns of the same names (county_code) that would make an alias ambiguous
	var cols, aliases, exprs []string
	joins := " JOIN unit_categories c ON c.code = x.category_code"
	for _, d := range dims {
		switch d {
		case campaign.DimMonth:
			byMonth = true
			continue
		case campaign.DimSource:
			bySource = true
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
	// (by source alone, no rows without units, as for any other dimension)
	if len(exprs) > 0 || bySource {
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
	if bySource {
		// inspections and hazards by source come from their own family (migration 00015); units
		// and incidents have no source and repeat on each source's row of their group
		sourcesFrom := "stat_source_cells x"
		if byTown || perUnit {
			sourcesFrom = "stat_source_ledger x"
		}
		sc := scoped("x.year = ? AND "+months, year)
		sc.sql = "sc AS (SELECT " + selectCols(append(monthCol, "x.source", "sum(x.inspections) AS inspections", "sum(x.found) AS found",
			"sum(x.open) AS open", "sum(x.open_major) AS open_major", "sum(x.closed) AS closed")...) +
			" FROM " + sourcesFrom + joins + " WHERE " + sc.sql + groupBy(append(monthCol, "x.source")...) + ")"
		with = append(with, sc)
	}

	keys := append([]string{}, aliases...) // of a row: the dimensions, the month and the source
	if byMonth {
		keys = append(keys, "month")
	}
	if bySource {
		keys = append(keys, "source")
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
		// by source, each source's row of a group runs its own sum
		part := prefixed("uc.", aliases)
		if bySource {
			part = append(part, "src")
		}
		base = append(base, "m AS month", "uc.units", "uc.units - sum(coalesce(e.fi, 0)) OVER ("+partitionBy(part)+"ORDER BY m) AS zero_units")
	} else {
		base = append(base, "uc.units", "uc.units - coalesce(e.fi, 0) AS zero_units")
	}
	for _, n := range []string{"incidents", "deaths", "serious"} {
		base = append(base, "coalesce(e."+n+", 0) AS "+n)
	}
	bySourceFrom := "e"
	if bySource {
		bySourceFrom = "s"
		base = append(base, "src AS source", "src_order", "coalesce(s.closed, 0) AS source_closed")
	}
	for _, n := range []string{"inspections", "found", "open", "open_major"} {
		base = append(base, "coalesce("+bySourceFrom+"."+n+", 0) AS "+n)
	}
	base = append(base, "coalesce(e.loss, 0)::float8 AS loss")
	from := "uc LEFT JOIN ec e ON " + on("e", "uc", aliases)
	if byMonth {
		from = "uc CROSS JOIN generate_series(1, 12) m LEFT JOIN ec e ON " + on("e", "uc", aliases) + " AND e.month = m"
	}
	if bySource {
		// every kind, in the campaign's order, for each group (and month)
		kinds := make([]string, len(campaign.InspectionKinds))
		for i, k := range campaign.InspectionKinds {
			kinds[i] = "('" + k + "', " + fmt.Sprint(i) + ")"
		}
		monthOn := ""
		if byMonth {
			monthOn = " AND s.month = m"
		}
		from += " CROSS JOIN (VALUES " + strings.Join(kinds, ", ") + ") k(src, src_order) LEFT JOIN sc s ON " +
			on("s", "uc", aliases) + monthOn + " AND s.source = src"
	}
	q := sqlPart{sql: "SELECT b.*"}
	joinsSQL := ""
	var joinArgs []any
	if m.Overdue {
		// overdue depends on today, so it is counted from the hazards: the open ones past their
		// deadline (an index) of the units counted in the year, found in it
		monthExpr := "extract(month FROM h.found_on)::int"
		var extraSel, extraGroup []string
		if byMonth {
			extraSel, extraGroup = append(extraSel, monthExpr+" AS month"), append(extraGroup, monthExpr)
		}
		if bySource {
			extraSel, extraGroup = append(extraSel, "h.source AS source"), append(extraGroup, "h.source")
		}
		sel, group := selectCols(append(extraSel, "count(*) AS overdue")...), groupBy(extraGroup...)
		w := unitsScoped("h.state <> 'CLOSED' AND h.deadline < ? AND h.found_on >= ? AND h.found_on < ? AND x.enrolled_on < ? AND (x.archived_on IS NULL OR x.archived_on >= ?)",
			today, start, end, end, start)
		q.sql += ", coalesce(o.overdue, 0) AS overdue"
		joinsSQL += " LEFT JOIN (SELECT " + sel + " FROM hazards h JOIN units x ON x.id = h.unit_id" + joins + " WHERE " + w.sql + group + ") o ON " + on("o", "b", keys)
		joinArgs = append(joinArgs, w.args...)
	} else {
		q.sql += ", 0 AS overdue"
	}
	if m.Closed && bySource {
		// closes by source are counted, not binned by days: no median by source
		q.sql += ", b.source_closed AS closed, NULL::float8 AS median"
	} else if m.Closed {
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
		order := prefixed("b.", keys)
		if bySource {
			order[len(order)-1] = "b.src_order"
		}
		q.sql += " ORDER BY " + strings.Join(order, ", ")
	}
	var rows []struct {
		CountyCode, TownCode, DepartmentCode, CategoryCode, TargetGroup, Source *string
		SectorNumber, Month                                                     *int
		Units, ZeroUnits, Incidents, Deaths, Serious                            int
		Loss                                                                    float64
		Inspections, Found, Closed, Open, Overdue, OpenMajor                    int
		Median                                                                  *float64
	}
	if err := db.gorm.WithContext(ctx).Raw(q.sql, q.args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("stats for %d by %v: %w", year, dims, err)
	}
	out := make([]campaign.StatRow, len(rows))
	for i, r := range rows {
		out[i] = campaign.StatRow{CountyCode: r.CountyCode, TownCode: r.TownCode, SectorNumber: r.SectorNumber,
			DepartmentCode: r.DepartmentCode, CategoryCode: r.CategoryCode, TargetGroup: r.TargetGroup, Month: r.Month, Source: r.Source,
			Units: r.Units, ZeroAccidentUnits: r.ZeroUnits, Incidents: r.Incidents, Deaths: r.Deaths, SeriousInjuries: r.Serious,
			EconomicLossWan: r.Loss, Inspections: r.Inspections, HazardsFound: r.Found, HazardsClosed: r.Closed,
			OpenHazards: r.Open, OverdueHazards: r.Overdue, OpenMajorHazards: r.OpenMajor, MedianDaysToClose: r.Median}
	}
	return out, nil
}
