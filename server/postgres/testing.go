package postgres

import (
	"context"
	"fmt"
)

// Raw runs a query and scans its result into dest. It is for tests and tools that check the
// database directly; application code uses the named methods.
func (db *DB) Raw(ctx context.Context, dest any, sql string, args ...any) error {
	if err := db.g(ctx).Raw(sql, args...).Scan(dest).Error; err != nil {
		return fmt.Errorf("raw query: %w", err)
	}
	return nil
}

// Exec runs a statement; for tests and tools, like Raw.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	if err := db.g(ctx).Exec(sql, args...).Error; err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	return nil
}
