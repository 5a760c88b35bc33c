package postgres

import (
	"strings"

	"gorm.io/gorm"

	"zeroaccident/server/policy"
)

// unitConds are the conditions of a scope on the units table (alias is the table alias with its
// dot, or ""). ok is false when the scope admits no unit at all.
func unitConds(scope policy.UnitScope, alias string) (conds []string, args []any, ok bool) {
	add := func(c string, a any) { conds, args = append(conds, alias+c), append(args, a) }
	if scope.CountyCode != "" {
		add("county_code = ?", scope.CountyCode)
	}
	if scope.Sectors != nil {
		if len(scope.Sectors) == 0 {
			return nil, nil, false
		}
		add("sector_number IN ?", scope.Sectors)
	}
	if scope.TownCode != "" {
		add("town_code = ?", scope.TownCode)
	}
	if scope.UnitID != 0 {
		add("id = ?", scope.UnitID)
	}
	if scope.GridIDs != nil {
		if len(scope.GridIDs) == 0 {
			return nil, nil, false
		}
		add("grid_id IN ?", scope.GridIDs)
	}
	return conds, args, true
}

// applyUnitScope adds the policy's row filter to a query over the units table (alias is the
// table alias with its dot, or "").
func applyUnitScope(q *gorm.DB, scope policy.UnitScope, alias string) *gorm.DB {
	conds, args, ok := unitConds(scope, alias)
	if !ok {
		return q.Where("false")
	}
	for i, c := range conds {
		q = q.Where(c, args[i])
	}
	return q
}

// ownedScope is the policy's row filter on a table of rows owned by a unit (inspections, hazards,
// incidents, the per-unit summaries…) that carry unit_id and county_code: the county (indexed on
// these tables) directly, the unit directly, and whatever else through the unit, so one builder
// serves every unit-owned query. col is the table or alias without the dot.
func ownedScope(scope policy.UnitScope, col string) (string, []any) {
	var conds []string
	var args []any
	if scope.CountyCode != "" {
		conds, args = append(conds, col+".county_code = ?"), append(args, scope.CountyCode)
	}
	if scope.UnitID != 0 {
		conds, args = append(conds, col+".unit_id = ?"), append(args, scope.UnitID)
	}
	rest := scope
	rest.CountyCode, rest.UnitID = "", 0
	if !rest.All() {
		sub, subArgs, ok := unitConds(rest, "")
		if !ok {
			return "false", nil
		}
		conds = append(conds, col+".unit_id IN (SELECT id FROM units WHERE "+strings.Join(sub, " AND ")+")")
		args = append(args, subArgs...)
	}
	if len(conds) == 0 {
		return "true", nil
	}
	return strings.Join(conds, " AND "), args
}

// applyOwnedScope filters rows owned by a unit to the policy's scope (see ownedScope).
func applyOwnedScope(q *gorm.DB, scope policy.UnitScope, table string) *gorm.DB {
	if scope.All() {
		return q
	}
	cond, args := ownedScope(scope, table)
	return q.Where(cond, args...)
}
