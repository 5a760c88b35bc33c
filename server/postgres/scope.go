package postgres

import (
	"gorm.io/gorm"

	"zeroaccident/server/policy"
)

// applyUnitScope adds the policy's row filter to a query over a table carrying county_code and
// sector_number (alias is the table alias with its dot, or "").
func applyUnitScope(q *gorm.DB, scope policy.UnitScope, alias string) *gorm.DB {
	if scope.CountyCode != "" {
		q = q.Where(alias+"county_code = ?", scope.CountyCode)
	}
	if scope.Sectors != nil {
		if len(scope.Sectors) == 0 {
			return q.Where("false")
		}
		q = q.Where(alias+"sector_number IN ?", scope.Sectors)
	}
	return q
}
