package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"zeroaccident/server/campaign"
)

// InTx runs fn in one transaction: every mutation of the API is all-or-nothing. fn gets a *DB whose
// methods run inside the transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx *DB) error) error {
	// inside an ambient transaction (WithTx) this is a savepoint of it
	return db.g(ctx).Transaction(func(g *gorm.DB) error {
		return fn(&DB{gorm: g, sql: db.sql})
	})
}

type ambientKey struct{}

// WithTx returns a context whose statements all run in tx, InTx included (as a savepoint), until
// end is called, so that a caller can commit something of its own with whatever a service
// writes: an idempotency key with the write it guards. Only for code that runs sequentially: one
// transaction is one connection. gqlgen resolves a field's children with the context its resolver
// got, so end must be called when the transaction is over: they then use the pool again.
func WithTx(ctx context.Context, tx *DB) (_ context.Context, end func()) {
	var p atomic.Pointer[DB]
	p.Store(tx)
	return context.WithValue(ctx, ambientKey{}, &p), func() { p.Store(nil) }
}

// g is the gorm handle for ctx: the ambient transaction if there is one, else db's own.
func (db *DB) g(ctx context.Context) *gorm.DB {
	if p, ok := ctx.Value(ambientKey{}).(*atomic.Pointer[DB]); ok {
		if tx := p.Load(); tx != nil {
			return tx.gorm.WithContext(ctx)
		}
	}
	return db.gorm.WithContext(ctx)
}

// mapError turns the database's refusals into errors a user can act on and wraps everything else
// with what was being done.
func mapError(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return campaign.ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return &campaign.Error{Code: campaign.ECONFLICT, Message: "记录已存在 (already exists)", Field: constraintField(pgErr.ConstraintName)}
		case "23503": // foreign_key_violation
			return &campaign.Error{Code: campaign.EINVALID, Message: "引用的记录不存在 (refers to something that does not exist)", Field: constraintField(pgErr.ConstraintName)}
		case "23514", "22001", "22P02": // check_violation, string too long, invalid text
			return &campaign.Error{Code: campaign.EINVALID, Message: "输入不符合要求 (input not accepted)", Field: constraintField(pgErr.ConstraintName)}
		case "40P01", "40001": // deadlock_detected, serialization_failure: the transaction wrote nothing
			return &campaign.Error{Code: campaign.ECONFLICT, Message: "数据正被同时修改，未保存，请重试 (changed by someone else at the same moment; nothing was saved, try again)"}
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// constraintField names the input field behind a constraint, where the constraint says it.
func constraintField(constraint string) string {
	switch constraint {
	case "users_username_idx":
		return "username"
	case "units_active_credit_code_idx":
		return "creditCode"
	}
	return ""
}
