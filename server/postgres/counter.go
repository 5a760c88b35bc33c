package postgres

import (
	"context"
	"fmt"
	"sync/atomic"

	"gorm.io/gorm"
)

type counterKey struct{}

// WithStatementCounter returns a context in which every SQL statement run through the storage layer
// increments n. Tests use it to prove that a request costs a bounded number of statements.
func WithStatementCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, counterKey{}, n)
}

func registerStatementCounter(g *gorm.DB) error {
	count := func(db *gorm.DB) {
		if db.Statement == nil || db.Statement.Context == nil {
			return
		}
		if n, ok := db.Statement.Context.Value(counterKey{}).(*atomic.Int64); ok {
			n.Add(1)
		}
	}
	cb := g.Callback()
	for name, err := range map[string]error{
		"query":  cb.Query().After("gorm:query").Register("za:count_query", count),
		"create": cb.Create().After("gorm:create").Register("za:count_create", count),
		"update": cb.Update().After("gorm:update").Register("za:count_update", count),
		"delete": cb.Delete().After("gorm:delete").Register("za:count_delete", count),
		"row":    cb.Row().After("gorm:row").Register("za:count_row", count),
		"raw":    cb.Raw().After("gorm:raw").Register("za:count_raw", count),
	} {
		if err != nil {
			return fmt.Errorf("register %s statement counter: %w", name, err)
		}
	}
	return nil
}
