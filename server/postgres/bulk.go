package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
)

// BulkInsertUnits loads generated units and their safety officers (officers[i] belong to
// units[i]; officers may be nil) with COPY, in one transaction, and returns how many units it
// wrote. It fills in each unit's ID and each officer's UnitID. It is for demo and benchmark data
// only: it writes no audit log and skips the service layer's checks, so the database's
// constraints are all that holds; a row they refuse rolls the whole load back. It uses a
// connection and transaction of its own, also when called on the *DB of InTx.
func (db *DB) BulkInsertUnits(ctx context.Context, units []campaign.Unit, officers [][]campaign.SafetyOfficer) (int, error) {
	if officers != nil && len(officers) != len(units) {
		return 0, fmt.Errorf("bulk insert units: %d officer lists for %d units", len(officers), len(units))
	}
	if len(units) == 0 {
		return 0, nil
	}
	err := db.withPgx(ctx, func(conn *pgx.Conn) error {
		return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if err := deferStatSummaries(ctx, tx); err != nil {
				return err
			}
			// COPY cannot return generated ids, so take them from the sequence first; the
			// officers need them
			rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, $1)`, len(units))
			if err != nil {
				return fmt.Errorf("reserve %d unit ids: %w", len(units), err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return fmt.Errorf("reserve %d unit ids: %w", len(units), err)
			}
			for i := range units {
				units[i].ID = ids[i]
			}
			n, err := tx.CopyFrom(ctx, pgx.Identifier{"units"},
				[]string{"id", "name", "category_code", "sector_number", "county_code", "town_code", "division_code",
					"address", "longitude", "latitude", "credit_code", "principal_name", "principal_phone",
					"city_level", "enrolled_on", "archived_on"},
				pgx.CopyFromSlice(len(units), func(i int) ([]any, error) {
					u := &units[i]
					return []any{u.ID, u.Name, u.CategoryCode, u.SectorNumber, u.CountyCode, u.TownCode, u.DivisionCode,
						u.Address, u.Longitude, u.Latitude, u.CreditCode, u.PrincipalName, u.PrincipalPhone,
						u.CityLevel, u.EnrolledOn, u.ArchivedOn}, nil
				}))
			if err != nil {
				return fmt.Errorf("copy %d units: %w", len(units), err)
			}
			if int(n) != len(units) {
				return fmt.Errorf("copy units: wrote %d of %d", n, len(units))
			}
			// stream the officers rather than build a second copy of them: at the province scale
			// there are half a million
			total := 0
			for i, list := range officers {
				for pos := range list {
					list[pos].UnitID = units[i].ID
				}
				total += len(list)
			}
			if total == 0 {
				return rebuildStatSummaries(ctx, tx)
			}
			i, pos := 0, -1
			next := func() ([]any, error) {
				pos++
				for i < len(officers) && pos >= len(officers[i]) {
					i, pos = i+1, 0
				}
				if i >= len(officers) {
					return nil, nil
				}
				o := &officers[i][pos]
				// county_code is copied from the unit: an officer row lives in its unit's shard
				return []any{o.UnitID, units[i].CountyCode, o.Name, o.Phone, o.FullTime, pos}, nil
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"safety_officers"},
				[]string{"unit_id", "county_code", "name", "phone", "full_time", "position"},
				pgx.CopyFromFunc(next)); err != nil {
				return fmt.Errorf("copy %d safety officers: %w", total, err)
			}
			return rebuildStatSummaries(ctx, tx)
		})
	})
	if err != nil {
		for i := range units {
			units[i].ID = 0 // the ids were rolled back with everything else
		}
		for _, list := range officers {
			for j := range list {
				list[j].UnitID = 0
			}
		}
		return 0, fmt.Errorf("bulk insert units: %w", err)
	}
	// fresh statistics, or the planner sees empty tables until autovacuum comes by, and the
	// benchmarks that follow a load would measure the wrong plans
	if err := db.g(ctx).Exec("ANALYZE units, safety_officers").Error; err != nil {
		return len(units), fmt.Errorf("analyze after bulk insert: %w", err)
	}
	return len(units), nil
}

// deferStatSummaries stops the summary triggers of migration 00006 for the rest of tx: a bulk
// load rebuilds the summaries once at its end (rebuildStatSummaries) instead of refreshing them
// per statement for hundreds of thousands of units.
func deferStatSummaries(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "SET LOCAL zeroaccident.stat_deferred = 'on'"); err != nil {
		return fmt.Errorf("defer the stat summaries: %w", err)
	}
	return nil
}

func rebuildStatSummaries(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "SELECT stat_rebuild()"); err != nil {
		return fmt.Errorf("rebuild the stat summaries: %w", err)
	}
	return nil
}

// withPgx runs fn on one pooled connection as the pgx connection beneath database/sql, for what
// only pgx offers (COPY).
func (db *DB) withPgx(ctx context.Context, fn func(*pgx.Conn) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("need the pgx driver, got %T", driverConn)
		}
		return fn(c.Conn())
	})
}

// InsertSyntheticDivisions writes the synthetic counties and towns of a province-sized data set;
// running it again changes nothing. It refuses real counties: those come from the reference seed.
// (UpsertReference cannot serve: it writes every part of the reference and fails on empty ones.)
func (db *DB) InsertSyntheticDivisions(ctx context.Context, counties []campaign.County, towns []campaign.Town) error {
	for _, c := range counties {
		if !c.Synthetic {
			return fmt.Errorf("insert synthetic divisions: county %s %s is not synthetic", c.Code, c.Name)
		}
	}
	return db.g(ctx).Transaction(func(tx *gorm.DB) error {
		if len(counties) > 0 {
			rows := mapRows(counties, func(c campaign.County) countyRow {
				return countyRow{Code: c.Code, Name: c.Name, Synthetic: true}
			})
			err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoUpdates: clause.AssignmentColumns([]string{"name", "synthetic"})}).
				CreateInBatches(rows, 1000).Error
			if err != nil {
				return fmt.Errorf("insert %d synthetic counties: %w", len(counties), err)
			}
		}
		if len(towns) > 0 {
			rows := mapRows(towns, func(t campaign.Town) townRow {
				return townRow{Code: t.Code, CountyCode: t.CountyCode, Name: t.Name}
			})
			err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoUpdates: clause.AssignmentColumns([]string{"name"})}).
				CreateInBatches(rows, 1000).Error
			if err != nil {
				return fmt.Errorf("insert %d synthetic towns: %w", len(towns), err)
			}
		}
		return nil
	})
}

// CountGeneratedUnits counts the units that did not come from the division list: everything but
// the real villages. Demo seeding loads generated units only when there are none yet.
func (db *DB) CountGeneratedUnits(ctx context.Context) (int, error) {
	var n int
	err := db.g(ctx).Raw(`SELECT count(*) FROM units WHERE category_code <> ? OR division_code IS NULL`,
		campaign.VillageCategory).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count generated units: %w", err)
	}
	return n, nil
}
