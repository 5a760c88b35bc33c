package postgres

import (
	"strings"

	"gorm.io/gorm"

	"zeroaccident/server/policy"
)

// ScopeUnits filters a query over the units table (alias with its dot, or "") to the policy's
// scope, through the one scope builder.
func ScopeUnits(q *gorm.DB, scope policy.UnitScope, alias string) *gorm.DB {
	return applyUnitScope(q, scope, alias)
}

// ScopeOwnedSQL is the scope builder's condition on a table of unit-owned rows (alias without the
// dot), for feature stores that write raw SQL.
func ScopeOwnedSQL(scope policy.UnitScope, alias string) (string, []any) {
	return ownedScope(scope, alias)
}

// ScopeUnitsSQL is the scope builder's condition on the units table (alias with its dot, or ""),
// for feature stores that write raw SQL.
func ScopeUnitsSQL(scope policy.UnitScope, alias string) (string, []any) {
	conds, args, ok := unitConds(scope, alias)
	if !ok {
		return "false", nil
	}
	if len(conds) == 0 {
		return "true", nil
	}
	return strings.Join(conds, " AND "), args
}
