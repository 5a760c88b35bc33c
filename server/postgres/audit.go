package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ActorID       *int64
	ActorUsername string
	ActorRole     string
	Action        string
	Entity        string
	EntityID      string
	CountyCode    *string
	Before, After any
	RequestID     string
}

type auditRow struct {
	ID            int64     `gorm:"primaryKey"`
	At            time.Time `gorm:"default:now()"`
	ActorID       *int64
	ActorUsername string
	ActorRole     string
	Action        string
	Entity        string
	EntityID      string
	CountyCode    *string
	Before        []byte `gorm:"type:jsonb"`
	After         []byte `gorm:"type:jsonb"`
	RequestID     string
}

func (auditRow) TableName() string { return "audit_log" }

// Audit appends an entry; call it inside the transaction of the change it records.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	row := auditRow{
		ActorID: e.ActorID, ActorUsername: e.ActorUsername, ActorRole: e.ActorRole, Action: e.Action,
		Entity: e.Entity, EntityID: e.EntityID, CountyCode: e.CountyCode, RequestID: e.RequestID,
	}
	var err error
	if row.Before, err = jsonOrNil(e.Before); err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Entity, err)
	}
	if row.After, err = jsonOrNil(e.After); err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Entity, err)
	}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Entity, err)
	}
	return nil
}

func jsonOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}
