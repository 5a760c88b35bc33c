package postgres

import (
	"context"

	"gorm.io/gorm"

	"zeroaccident/server/policy"
)

// Conn is the shared core that feature packages' stores write their SQL against: the pool, or the
// transaction when db came from InTx, bound to the request's context (so the statement counter and
// deadlines apply).
func (db *DB) Conn(ctx context.Context) *gorm.DB { return db.gorm.WithContext(ctx) }

// MapError maps the database's refusals to campaign errors for a feature store, as the core's own
// queries do.
func MapError(err error, what string) error { return mapError(err, what) }

// ScopeOwned filters a feature table of unit-owned rows (with unit_id and county_code) to the
// policy's scope, through the one scope builder.
func ScopeOwned(q *gorm.DB, scope policy.UnitScope, table string) *gorm.DB {
	return applyOwnedScope(q, scope, table)
}
