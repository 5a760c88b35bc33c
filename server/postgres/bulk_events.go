package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"zeroaccident/server/campaign"
)

// BulkInspection is a generated inspection with its results. The results' InspectionID is not
// read: they are written with the inspection's id, so identical result lists may share one slice.
type BulkInspection struct {
	campaign.Inspection
	Results []campaign.InspectionResult
}

// BulkHazard is a generated hazard with the steps it took. Inspection is the index into
// EventSet.Inspections of the inspection that found it, or -1; the transitions' HazardID is not
// read, they are written with the hazard's id.
type BulkHazard struct {
	campaign.Hazard
	Inspection  int
	Transitions []campaign.HazardTransition
}

// BulkCertification is a certification with the county of its unit, which every unit-owned row
// carries.
type BulkCertification struct {
	campaign.Certification
	CountyCode string
}

// EventSet is a generated history of inspections, hazards, incidents, certifications and
// blacklist entries of units already stored, for BulkInsertEvents.
type EventSet struct {
	Inspections    []BulkInspection
	Hazards        []BulkHazard
	Incidents      []campaign.Incident
	Certifications []BulkCertification
	Blacklist      []campaign.BlacklistEntry
}

// EventCounts are the rows of each table a bulk load wrote.
type EventCounts struct {
	Inspections, InspectionResults, Hazards, HazardTransitions, Incidents, Certifications, BlacklistEntries int
}

// eventTables are the tables BulkInsertEvents writes, in load order.
var eventTables = []string{"inspections", "inspection_results", "hazards", "hazard_transitions", "incidents", "certifications", "blacklist_entries"}

// BulkInsertEvents loads a generated event history with COPY, in one transaction, and fills in
// the ids of the inspections, hazards (and their InspectionID), incidents and blacklist entries.
// Like BulkInsertUnits it is for demo and benchmark data only: no audit log, no service checks;
// the database's constraints decide, and a row they refuse rolls the whole load back.
//
// The foreign keys and secondary indexes of the loaded tables are dropped for the load and put
// back before the commit: foreign keys checked row by row cost four fifths of the time (3 million
// results took a minute instead of ten seconds), and rows in time order land all over the unit
// indexes; checked and built once afterwards they cost a few joins and sorts. This follows
// PostgreSQL's advice for populating a database; it needs the role that owns the tables (the one
// that ran the migrations) and locks the tables until the commit, which suits a seed.
func (db *DB) BulkInsertEvents(ctx context.Context, set *EventSet) (EventCounts, error) {
	for i, h := range set.Hazards {
		if h.Inspection < -1 || h.Inspection >= len(set.Inspections) {
			return EventCounts{}, fmt.Errorf("bulk insert events: hazard %d refers to inspection %d of %d", i, h.Inspection, len(set.Inspections))
		}
	}
	var counts EventCounts
	err := db.withPgx(ctx, func(conn *pgx.Conn) error {
		return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// a province-sized load runs single statements for half a minute: the pool's
			// statement timeout (DB_STATEMENT_TIMEOUT) is for requests, not for this
			if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
				return fmt.Errorf("lift the statement timeout: %w", err)
			}
			if err := deferStatSummaries(ctx, tx); err != nil {
				return err
			}
			if err := reserveEventIDs(ctx, tx, set); err != nil {
				return err
			}
			restoreKeys, err := dropForeignKeys(ctx, tx, eventTables)
			if err != nil {
				return err
			}
			restoreIndexes, err := dropIndexes(ctx, tx, eventTables)
			if err != nil {
				return err
			}
			if counts, err = copyEvents(ctx, tx, set); err != nil {
				return err
			}
			// unique indexes first: they check what they guard, and the keys need the others'
			if err := restoreIndexes(); err != nil {
				return err
			}
			if err := restoreKeys(); err != nil {
				return err
			}
			return rebuildStatSummaries(ctx, tx)
		})
	})
	if err != nil {
		clearEventIDs(set) // the ids were rolled back with everything else
		return EventCounts{}, fmt.Errorf("bulk insert events: %w", err)
	}
	return counts, nil
}

// reserveEventIDs takes the ids of the rows other rows refer to from their sequences: COPY cannot
// return generated ids.
func reserveEventIDs(ctx context.Context, tx pgx.Tx, set *EventSet) error {
	reserve := func(table string, n int) ([]int64, error) {
		if n == 0 {
			return nil, nil
		}
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
		if err != nil {
			return nil, fmt.Errorf("reserve %d %s ids: %w", n, table, err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, fmt.Errorf("reserve %d %s ids: %w", n, table, err)
		}
		return ids, nil
	}
	ids, err := reserve("inspections", len(set.Inspections))
	if err != nil {
		return err
	}
	for i := range set.Inspections {
		set.Inspections[i].ID = ids[i]
	}
	if ids, err = reserve("hazards", len(set.Hazards)); err != nil {
		return err
	}
	for i := range set.Hazards {
		h := &set.Hazards[i]
		h.ID = ids[i]
		h.InspectionID = nil
		if h.Inspection >= 0 {
			id := set.Inspections[h.Inspection].ID
			h.InspectionID = &id
		}
	}
	if ids, err = reserve("incidents", len(set.Incidents)); err != nil {
		return err
	}
	for i := range set.Incidents {
		set.Incidents[i].ID = ids[i]
	}
	if ids, err = reserve("blacklist_entries", len(set.Blacklist)); err != nil {
		return err
	}
	for i := range set.Blacklist {
		set.Blacklist[i].ID = ids[i]
	}
	return nil
}

func clearEventIDs(set *EventSet) {
	for i := range set.Inspections {
		set.Inspections[i].ID = 0
	}
	for i := range set.Hazards {
		set.Hazards[i].ID, set.Hazards[i].InspectionID = 0, nil
	}
	for i := range set.Incidents {
		set.Incidents[i].ID = 0
	}
	for i := range set.Blacklist {
		set.Blacklist[i].ID = 0
	}
}

// dropForeignKeys drops the foreign keys of the tables and returns the function that adds them
// again, under their names and definitions as the catalog had them: whatever later migrations
// change, the load puts back what it found.
func dropForeignKeys(ctx context.Context, tx pgx.Tx, tables []string) (restore func() error, err error) {
	rows, err := tx.Query(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
		FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY conrelid::regclass::text, conname`, tables)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	type fk struct{ table, name, def string }
	fks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (fk, error) {
		var f fk
		err := r.Scan(&f.table, &f.name, &f.def)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	for _, f := range fks {
		// the table name comes from regclass, which quotes it where needed
		if _, err := tx.Exec(ctx, "ALTER TABLE "+f.table+" DROP CONSTRAINT "+pgx.Identifier{f.name}.Sanitize()); err != nil {
			return nil, fmt.Errorf("drop foreign key %s of %s: %w", f.name, f.table, err)
		}
	}
	return func() error {
		for _, f := range fks {
			if _, err := tx.Exec(ctx, "ALTER TABLE "+f.table+" ADD CONSTRAINT "+pgx.Identifier{f.name}.Sanitize()+" "+f.def); err != nil {
				return fmt.Errorf("check foreign key %s of %s: %w", f.name, f.table, err)
			}
		}
		return nil
	}, nil
}

// dropIndexes drops the indexes of the tables that back no constraint (the primary keys stay:
// the ids arrive in order, which keeps them cheap) and returns the function that builds them
// again from their definitions; a unique one checks its rows when built.
func dropIndexes(ctx context.Context, tx pgx.Tx, tables []string) (restore func() error, err error) {
	rows, err := tx.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i
		WHERE i.indrelid = ANY($1::regclass[])
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
		ORDER BY 1`, tables)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	type index struct{ name, def string }
	indexes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var x index
		err := r.Scan(&x.name, &x.def)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	for _, x := range indexes {
		if _, err := tx.Exec(ctx, "DROP INDEX "+x.name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", x.name, err)
		}
	}
	return func() error {
		for _, x := range indexes {
			if _, err := tx.Exec(ctx, x.def); err != nil {
				return fmt.Errorf("build index %s: %w", x.name, err)
			}
		}
		return nil
	}, nil
}

// copyEvents streams every table of the set; nested rows (results, transitions) are produced
// while COPY reads them rather than flattened first: at the province scale there are millions.
func copyEvents(ctx context.Context, tx pgx.Tx, set *EventSet) (EventCounts, error) {
	var c EventCounts
	load := func(table string, cols []string, src pgx.CopyFromSource) (int, error) {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		if err != nil {
			return 0, fmt.Errorf("copy %s: %w", table, err)
		}
		return int(n), nil
	}
	var err error

	ins := set.Inspections
	if c.Inspections, err = load("inspections",
		[]string{"id", "unit_id", "county_code", "inspected_on", "kind", "inspector_id", "inspector_name", "inspecting_body", "summary", "created_at"},
		pgx.CopyFromSlice(len(ins), func(i int) ([]any, error) {
			in := &ins[i].Inspection
			return []any{in.ID, in.UnitID, in.CountyCode, in.InspectedOn, in.Kind, in.InspectorID, in.InspectorName,
				in.InspectingBody, in.Summary, createdAt(in.CreatedAt)}, nil
		})); err != nil {
		return c, err
	}
	i, j := 0, -1
	if c.InspectionResults, err = load("inspection_results",
		[]string{"inspection_id", "standard_code", "county_code", "result", "remark"},
		pgx.CopyFromFunc(func() ([]any, error) {
			j++
			for i < len(ins) && j >= len(ins[i].Results) {
				i, j = i+1, 0
			}
			if i >= len(ins) {
				return nil, nil
			}
			r := &ins[i].Results[j]
			return []any{ins[i].ID, r.StandardCode, ins[i].CountyCode, r.Result, r.Remark}, nil
		})); err != nil {
		return c, err
	}

	hz := set.Hazards
	if c.Hazards, err = load("hazards",
		[]string{"id", "unit_id", "county_code", "inspection_id", "source", "found_by", "standard_code", "level", "state", "description",
			"category", "found_on", "deadline", "responsible_person", "rectification_plan", "rectified_by", "verified_by", "closed_on",
			"created_at", "updated_at"},
		pgx.CopyFromSlice(len(hz), func(i int) ([]any, error) {
			h := &hz[i].Hazard
			updated := h.UpdatedAt
			if updated.IsZero() {
				updated = h.CreatedAt
			}
			// a generated hazard comes from its inspection and whoever made it, unless it says otherwise
			source, foundBy := h.Source, h.FoundBy
			if k := hz[i].Inspection; k >= 0 && k < len(ins) {
				if source == "" {
					source = ins[k].Kind
				}
				if foundBy == nil {
					foundBy = ins[k].InspectorID
				}
			}
			if source == "" {
				source = campaign.InspectionCounty
			}
			return []any{h.ID, h.UnitID, h.CountyCode, h.InspectionID, source, foundBy, h.StandardCode, string(h.Level), string(h.State), h.Description, h.Category,
				h.FoundOn, h.Deadline, h.ResponsiblePerson, h.RectificationPlan, h.RectifiedBy, h.VerifiedBy, h.ClosedOn,
				createdAt(h.CreatedAt), createdAt(updated)}, nil
		})); err != nil {
		return c, err
	}
	i, j = 0, -1
	if c.HazardTransitions, err = load("hazard_transitions",
		[]string{"hazard_id", "county_code", "from_state", "to_state", "reopened", "actor_id", "actor_name", "note", "at"},
		pgx.CopyFromFunc(func() ([]any, error) {
			j++
			for i < len(hz) && j >= len(hz[i].Transitions) {
				i, j = i+1, 0
			}
			if i >= len(hz) {
				return nil, nil
			}
			t := &hz[i].Transitions[j]
			var from *string
			if t.From != nil {
				s := string(*t.From)
				from = &s
			}
			return []any{hz[i].ID, hz[i].CountyCode, from, string(t.To), t.Reopened, nil, t.ActorName, t.Note, t.At}, nil
		})); err != nil {
		return c, err
	}

	inc := set.Incidents
	if c.Incidents, err = load("incidents",
		[]string{"id", "unit_id", "county_code", "sector_number", "occurred_at", "occurred_year", "kind", "deaths", "serious_injuries",
			"injuries", "direct_loss_wan", "severity", "description", "created_at", "updated_at"},
		pgx.CopyFromSlice(len(inc), func(i int) ([]any, error) {
			n := &inc[i]
			updated := n.UpdatedAt
			if updated.IsZero() {
				updated = n.CreatedAt
			}
			return []any{n.ID, n.UnitID, n.CountyCode, n.SectorNumber, n.OccurredAt, n.Year(), n.Kind, n.Deaths, n.SeriousInjuries,
				n.Injuries, n.DirectLossWan, string(n.Severity), n.Description, createdAt(n.CreatedAt), createdAt(updated)}, nil
		})); err != nil {
		return c, err
	}

	certs := set.Certifications
	if c.Certifications, err = load("certifications",
		[]string{"unit_id", "county_code", "year", "certified_by_name", "certified_at"},
		pgx.CopyFromSlice(len(certs), func(i int) ([]any, error) {
			ct := &certs[i]
			return []any{ct.UnitID, ct.CountyCode, ct.Year, ct.CertifiedByName, createdAt(ct.CertifiedAt)}, nil
		})); err != nil {
		return c, err
	}

	bl := set.Blacklist
	if c.BlacklistEntries, err = load("blacklist_entries",
		[]string{"id", "unit_id", "county_code", "reason", "listed_on", "decided_by_name", "removed_on", "removed_reason", "created_at"},
		pgx.CopyFromSlice(len(bl), func(i int) ([]any, error) {
			e := &bl[i]
			return []any{e.ID, e.UnitID, e.CountyCode, e.Reason, e.ListedOn, e.DecidedBy, e.RemovedOn, e.RemovedReason, e.ListedOn}, nil
		})); err != nil {
		return c, err
	}
	return c, nil
}

// createdAt is a generated row's creation time: when it happened, as if it had been entered then,
// or now when the generator left it open.
func createdAt(t time.Time) any {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// Analyze refreshes the planner's statistics of the whole database: after a bulk load the
// planner would otherwise see empty tables until autovacuum comes by.
func (db *DB) Analyze(ctx context.Context) error {
	if err := db.gorm.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// ReferenceVillages loads the units of the division list (the real villages and communities,
// which have a division code) by id: with the generated register they are the units demo
// events happen at.
func (db *DB) ReferenceVillages(ctx context.Context) ([]campaign.Unit, error) {
	var rows []unitRow
	if err := db.gorm.WithContext(ctx).Where("division_code IS NOT NULL").Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load reference villages: %w", err)
	}
	return mapRows(rows, toUnit), nil
}

// DemoTables are the tables demo data fills, as RowCounts reports them.
var DemoTables = append([]string{"units", "safety_officers"}, eventTables...)

// RowCounts counts the rows of the demo tables, exactly: for the seed command's report and for
// tests that check a second seed changes nothing.
func (db *DB) RowCounts(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(DemoTables))
	for _, t := range DemoTables {
		var n int64
		if err := db.gorm.WithContext(ctx).Table(t).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}
