package todo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// noDeadline sorts items without a deadline last.
var noDeadline = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

type query struct {
	sql  string
	args []any
}

// items builds the union of the caller's to-do items as (rank, kind, unit_id, hazard_id, d).
func items(a *policy.Actor, kinds []campaign.TodoKind, today time.Time) query {
	scope := policy.ReadScope(a)
	hs, hargs := postgres.ScopeOwnedSQL(scope, "h")
	us, uargs := postgres.ScopeUnitsSQL(scope, "u.")
	monthStart, next := Month(today)
	monthEnd := next.AddDate(0, 0, -1)
	var parts []string
	var args []any
	rank := func(k campaign.TodoKind) int { return slices.Index(campaign.TodoKinds, k) + 1 }
	hazard := func(k campaign.TodoKind, cond string, cargs ...any) {
		parts = append(parts, fmt.Sprintf(`SELECT %d AS rank, '%s' AS kind, h.unit_id, h.id AS hazard_id, coalesce(h.deadline, ?::date) AS d
			FROM hazards h JOIN units u ON u.id = h.unit_id AND u.archived_on IS NULL WHERE %s AND %s`, rank(k), k, hs, cond))
		args = append(append(append(args, noDeadline), hargs...), cargs...)
	}
	unit := func(k campaign.TodoKind, cond string, cargs ...any) {
		parts = append(parts, fmt.Sprintf(`SELECT %d AS rank, '%s' AS kind, u.id AS unit_id, 0::bigint AS hazard_id, ?::date AS d
			FROM units u WHERE u.archived_on IS NULL AND %s AND %s`, rank(k), k, us, cond))
		args = append(append(append(args, monthEnd), uargs...), cargs...)
	}
	for _, k := range kinds {
		switch k {
		case campaign.TodoRectify:
			hazard(k, "h.state IN ('FOUND', 'RECTIFYING')")
		case campaign.TodoVerify:
			// today's rule (campaign.CheckAdvance): the verifier is not who reported the rectification
			// TODO(evidence): narrow by the hazard's source and level once the step rules land
			hazard(k, "((h.state = 'RECTIFYING' AND h.rectified_by IS DISTINCT FROM ?) OR h.state = 'VERIFIED')", a.UserID)
		case campaign.TodoOverdue:
			hazard(k, "h.state <> 'CLOSED' AND h.deadline < ?", today)
		case campaign.TodoDueSoon:
			hazard(k, "h.state <> 'CLOSED' AND h.deadline >= ? AND h.deadline <= ?", today, today.AddDate(0, 0, DueSoonDays))
		case campaign.TodoSelfCheckDue:
			unit(k, "NOT EXISTS (SELECT 1 FROM inspections i WHERE i.unit_id = u.id AND i.kind = ? AND i.inspected_on >= ?)", KindSelfCheck, monthStart)
		case campaign.TodoPatrolDue:
			unit(k, "u.grid_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.unit_id = u.id AND i.kind = ? AND i.inspected_on >= ?)", KindGridPatrol, monthStart)
		}
	}
	if len(parts) == 0 {
		return query{sql: "SELECT 0 AS rank, '' AS kind, 0::bigint AS unit_id, 0::bigint AS hazard_id, now()::date AS d WHERE false"}
	}
	return query{sql: strings.Join(parts, " UNION ALL "), args: args}
}

type itemRow struct {
	Rank     int
	Kind     string
	UnitID   int64
	HazardID int64
	D        time.Time
}

func page(ctx context.Context, db *postgres.DB, q query, after *Cursor, limit int) ([]itemRow, error) {
	sql := "SELECT rank, kind, unit_id, hazard_id, d FROM (" + q.sql + ") t"
	args := append([]any{}, q.args...)
	if after != nil {
		sql += " WHERE (rank, d, unit_id, hazard_id) > (?, ?::date, ?, ?)"
		args = append(args, after.Rank, after.Deadline, after.UnitID, after.HazardID)
	}
	sql += " ORDER BY rank, d, unit_id, hazard_id LIMIT ?"
	args = append(args, limit)
	var rows []itemRow
	if err := db.Conn(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("to-do items: %w", err)
	}
	return rows, nil
}

func counts(ctx context.Context, db *postgres.DB, q query) (Counts, error) {
	var rows []struct {
		Kind  string
		N     int
		Total int
	}
	// per kind, and in all with an item under two kinds counted once, in one statement
	sql := `SELECT kind, count(*) AS n, 0 AS total FROM (` + q.sql + `) t GROUP BY kind
		UNION ALL SELECT '', 0, count(DISTINCT (CASE WHEN hazard_id = 0 THEN rank ELSE 0 END, unit_id, hazard_id)) FROM (` + q.sql + `) t`
	if err := db.Conn(ctx).Raw(sql, append(append([]any{}, q.args...), q.args...)...).Scan(&rows).Error; err != nil {
		return Counts{}, fmt.Errorf("to-do counts: %w", err)
	}
	c := Counts{ByKind: map[campaign.TodoKind]int{}}
	for _, r := range rows {
		if r.Kind == "" {
			c.Total = r.Total
			continue
		}
		c.ByKind[campaign.TodoKind(r.Kind)] = r.N
	}
	return c, nil
}
