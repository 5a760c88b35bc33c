package grids

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

type gridRow struct {
	ID         int64 `gorm:"primaryKey"`
	CountyCode string
	TownCode   string
	Name       string
	CreatedAt  time.Time `gorm:"default:now()"`
	UpdatedAt  time.Time `gorm:"default:now()"`
	Version    int       `gorm:"default:1"`
}

func (gridRow) TableName() string { return "grids" }

func toGrid(r gridRow) campaign.Grid {
	return campaign.Grid{ID: r.ID, CountyCode: r.CountyCode, TownCode: r.TownCode, Name: r.Name,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
}

// store is the grids' SQL, on the shared core.
type store struct{ db *postgres.DB }

func scoped(q *gorm.DB, s policy.GridScope) *gorm.DB {
	if s.None {
		return q.Where("false")
	}
	if s.CountyCode != "" {
		q = q.Where("grids.county_code = ?", s.CountyCode)
	}
	if s.TownCode != "" {
		q = q.Where("grids.town_code = ?", s.TownCode)
	}
	if s.IDs != nil {
		if len(s.IDs) == 0 {
			return q.Where("false")
		}
		q = q.Where("grids.id IN ?", s.IDs)
	}
	return q
}

// Filter narrows a grids list.
type Filter struct {
	CountyCode, TownCode *string
}

func (st store) query(ctx context.Context, db *postgres.DB, s policy.GridScope, f Filter) *gorm.DB {
	q := scoped(db.Conn(ctx).Model(&gridRow{}), s)
	if f.CountyCode != nil {
		q = q.Where("grids.county_code = ?", *f.CountyCode)
	}
	if f.TownCode != nil {
		q = q.Where("grids.town_code = ?", *f.TownCode)
	}
	return q
}

func (st store) page(ctx context.Context, s policy.GridScope, f Filter, afterID int64, limit int) ([]campaign.Grid, error) {
	var rows []gridRow
	if err := st.query(ctx, st.db, s, f).Where("grids.id > ?", afterID).Order("grids.id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list grids: %w", err)
	}
	out := make([]campaign.Grid, len(rows))
	for i, r := range rows {
		out[i] = toGrid(r)
	}
	return out, nil
}

func (st store) count(ctx context.Context, s policy.GridScope, f Filter) (int, error) {
	var n int64
	if err := st.query(ctx, st.db, s, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count grids: %w", err)
	}
	return int(n), nil
}

func (st store) byID(ctx context.Context, ids []int64) (map[int64]campaign.Grid, error) {
	var rows []gridRow
	if err := st.db.Conn(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load grids: %w", err)
	}
	out := make(map[int64]campaign.Grid, len(rows))
	for _, r := range rows {
		out[r.ID] = toGrid(r)
	}
	return out, nil
}

func lockGrid(ctx context.Context, tx *postgres.DB, id int64) (campaign.Grid, error) {
	var row gridRow
	err := tx.Conn(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error
	return toGrid(row), postgres.MapError(err, fmt.Sprintf("lock grid %d", id))
}

func insertGrid(ctx context.Context, tx *postgres.DB, g campaign.Grid) (campaign.Grid, error) {
	row := gridRow{CountyCode: g.CountyCode, TownCode: g.TownCode, Name: g.Name}
	if err := tx.Conn(ctx).Create(&row).Error; err != nil {
		return g, nameError(postgres.MapError(err, "create grid"))
	}
	return toGrid(row), nil
}

// nameError names the field of a duplicate grid name.
func nameError(err error) error {
	if campaign.ErrorCode(err) == campaign.ECONFLICT {
		return &campaign.Error{Code: campaign.ECONFLICT, Field: "name", Message: "该乡镇已有同名网格 (the town already has a grid of this name)"}
	}
	return err
}

// bump sets the grid's name (when given) and moves its version on, if it is still at version.
func bump(ctx context.Context, tx *postgres.DB, id int64, version int, name *string) (campaign.Grid, error) {
	set := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	if name != nil {
		set["name"] = *name
	}
	res := tx.Conn(ctx).Model(&gridRow{}).Where("id = ? AND version = ?", id, version).Updates(set)
	if res.Error != nil {
		return campaign.Grid{}, nameError(postgres.MapError(res.Error, fmt.Sprintf("update grid %d", id)))
	}
	if res.RowsAffected == 0 {
		return campaign.Grid{}, campaign.ErrStale
	}
	return lockGrid(ctx, tx, id)
}

func deleteGrid(ctx context.Context, tx *postgres.DB, id int64) error {
	// units.grid_id is ON DELETE SET NULL, grid_workers cascade
	return postgres.MapError(tx.Conn(ctx).Exec(`DELETE FROM grids WHERE id = ?`, id).Error, fmt.Sprintf("delete grid %d", id))
}

// unitsOutside counts the given units that are not active units of the town.
func unitsOutside(ctx context.Context, tx *postgres.DB, town string, ids []int64) (int, error) {
	var n int
	err := tx.Conn(ctx).Raw(`SELECT ? - count(*) FROM units WHERE id IN ? AND town_code = ? AND archived_on IS NULL`, len(ids), ids, town).Scan(&n).Error
	return n, postgres.MapError(err, "check grid units")
}

func setUnits(ctx context.Context, tx *postgres.DB, id int64, ids []int64) error {
	q := tx.Conn(ctx)
	if len(ids) == 0 {
		return postgres.MapError(q.Exec(`UPDATE units SET grid_id = NULL WHERE grid_id = ?`, id).Error, "clear grid units")
	}
	if err := q.Exec(`UPDATE units SET grid_id = NULL WHERE grid_id = ? AND id NOT IN ?`, id, ids).Error; err != nil {
		return postgres.MapError(err, "clear grid units")
	}
	return postgres.MapError(q.Exec(`UPDATE units SET grid_id = ? WHERE id IN ? AND grid_id IS DISTINCT FROM ?`, id, ids, id).Error, "set grid units")
}

// workersOutside counts the given users that are not active grid workers of the town.
func workersOutside(ctx context.Context, tx *postgres.DB, town string, ids []int64) (int, error) {
	var n int
	err := tx.Conn(ctx).Raw(`SELECT ? - count(*) FROM users WHERE id IN ? AND town_code = ? AND role = 'GRID_WORKER' AND active`, len(ids), ids, town).Scan(&n).Error
	return n, postgres.MapError(err, "check grid workers")
}

func setWorkers(ctx context.Context, tx *postgres.DB, id int64, ids []int64) error {
	q := tx.Conn(ctx)
	if err := q.Exec(`DELETE FROM grid_workers WHERE grid_id = ?`, id).Error; err != nil {
		return postgres.MapError(err, "clear grid workers")
	}
	if len(ids) == 0 {
		return nil
	}
	return postgres.MapError(q.Exec(`INSERT INTO grid_workers (grid_id, user_id) SELECT ?, unnest(?::bigint[])`, id, int64Array(ids)).Error, "set grid workers")
}

func int64Array(ids []int64) string {
	b := []byte{'{'}
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%d", id)
	}
	return string(append(b, '}'))
}

// workerIDs returns the worker user ids of each grid, in one statement.
func (st store) workerIDs(ctx context.Context, grids []int64) (map[int64][]int64, error) {
	var rows []struct{ GridID, UserID int64 }
	err := st.db.Conn(ctx).Raw(`SELECT w.grid_id, w.user_id FROM grid_workers w JOIN users u ON u.id = w.user_id
		WHERE w.grid_id IN ? AND u.active ORDER BY w.grid_id, w.user_id`, grids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load grid workers: %w", err)
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.GridID] = append(out[r.GridID], r.UserID)
	}
	return out, nil
}

// unitCounts counts each grid's active units in the scope, in one statement.
func (st store) unitCounts(ctx context.Context, scope policy.UnitScope, grids []int64) (map[int64]int, error) {
	var rows []struct {
		GridID int64
		N      int
	}
	q := postgres.ScopeUnits(st.db.Conn(ctx).Table("units"), scope, "units.").
		Select("units.grid_id, count(*) AS n").Where("units.grid_id IN ? AND units.archived_on IS NULL", grids).Group("units.grid_id")
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count grid units: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.GridID] = r.N
	}
	return out, nil
}
