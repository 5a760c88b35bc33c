package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"zeroaccident/server/policy"
	"zeroaccident/server/reqinfo"
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
	if err := db.g(ctx).Create(&row).Error; err != nil {
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

// ChangeBy describes a change an actor made, for the audit log; the request id comes from the
// context. countyCode is the county of the changed row, or "" for rows of no county.
func ChangeBy(ctx context.Context, a *policy.Actor, action, entity, entityID, countyCode string, before, after any) AuditEntry {
	e := AuditEntry{
		ActorUsername: a.Username, ActorRole: string(a.Role), Action: action, Entity: entity, EntityID: entityID,
		Before: before, After: after, RequestID: reqinfo.ID(ctx),
	}
	if a.UserID != 0 { // 0 is the command-line operator, who has no account
		id := a.UserID
		e.ActorID = &id
	}
	if countyCode != "" {
		e.CountyCode = &countyCode
	}
	return e
}
