package idempotency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"zeroaccident/server/postgres"
)

type store struct{ db *postgres.DB }

type keyRow struct {
	RequestHash string
	Response    []byte
}

func (s store) lookup(ctx context.Context, userID int64, key string) (Prior, error) {
	var row keyRow
	err := s.db.Conn(ctx).Raw("SELECT request_hash, response FROM idempotency_keys WHERE user_id = ? AND key = ?", userID, key).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Prior{}, nil
	}
	if err != nil {
		return Prior{}, fmt.Errorf("look up idempotency key: %w", err)
	}
	return Prior{Found: true, Hash: row.RequestHash, Response: row.Response}, nil
}

// reserve inserts the key; false when it exists (committed by another request, which the insert
// waits for when it is still in flight).
func (s store) reserve(ctx context.Context, userID int64, key, hash string) (bool, error) {
	res := s.db.Conn(ctx).Exec("INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", userID, key, hash)
	if res.Error != nil {
		return false, fmt.Errorf("reserve idempotency key: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

func (s store) setResponse(ctx context.Context, userID int64, key string, response []byte) error {
	if err := s.db.Conn(ctx).Exec("UPDATE idempotency_keys SET response = ? WHERE user_id = ? AND key = ? AND response IS NULL", response, userID, key).Error; err != nil {
		return fmt.Errorf("store idempotent answer: %w", err)
	}
	return nil
}

func (s store) deleteBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.db.Conn(ctx).Exec("DELETE FROM idempotency_keys WHERE created_at < ?", t)
	if res.Error != nil {
		return 0, fmt.Errorf("delete old idempotency keys: %w", res.Error)
	}
	return res.RowsAffected, nil
}
