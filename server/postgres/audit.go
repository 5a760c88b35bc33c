package postgres

import (
	"bytes"
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
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	// The stored shape has stable camelCase names ("countyCode", "id"), whatever the Go field is
	// called or whether it has a json tag: renaming a Go field must not change the audit log.
	// Migration 00022 gave the rows of before this the same names (AuditKey there in SQL).
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return json.Marshal(camelKeys(tree))
}

func camelKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			out[AuditKey(k)] = camelKeys(child)
		}
		return out
	case []any:
		for i := range x {
			x[i] = camelKeys(x[i])
		}
	}
	return v
}

// AuditKey is the stored name of a field: its leading capitals lower-cased ("ID" → "id",
// "CountyCode" → "countyCode", "IDCard" → "idCard"; "UnitID" → "unitID").
func AuditKey(k string) string {
	r := []rune(k)
	n := 0
	for n < len(r) && r[n] >= 'A' && r[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(r) && r[n] >= 'a' && r[n] <= 'z' {
		n--
	}
	for i := 0; i < n; i++ {
		r[i] += 'a' - 'A'
	}
	return string(r)
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
