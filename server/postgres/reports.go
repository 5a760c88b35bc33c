package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"zeroaccident/server/campaign"
)

type liaisonRow struct {
	ID             int64 `gorm:"primaryKey"`
	CountyCode     *string
	DepartmentCode *string
	Role           string
	Name           string
	Post           string
	OfficePhone    string
	Mobile         string
	UpdatedAt      time.Time `gorm:"default:now()"`
	Version        int       `gorm:"default:1"`
}

func (liaisonRow) TableName() string { return "liaisons" }

func toLiaison(r liaisonRow) campaign.Liaison {
	return campaign.Liaison{ID: r.ID, CountyCode: r.CountyCode, DepartmentCode: r.DepartmentCode, Role: r.Role, Name: r.Name,
		Post: r.Post, OfficePhone: r.OfficePhone, Mobile: r.Mobile, Version: r.Version}
}

// Liaisons lists every liaison: counties first, then departments, leaders before contacts.
func (db *DB) Liaisons(ctx context.Context) ([]campaign.Liaison, error) {
	var rows []liaisonRow
	err := db.g(ctx).Table("liaisons l").Select("l.*").
		Joins("LEFT JOIN departments d ON d.code = l.department_code").
		Order("l.county_code NULLS LAST, d.sort_order, l.role DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list liaisons: %w", err)
	}
	return mapRows(rows, toLiaison), nil
}

// UpsertLiaison stores the liaison of an owner and role. A replacement must carry the version read
// (nil for a new one); otherwise CONFLICT.
func (db *DB) UpsertLiaison(ctx context.Context, l campaign.Liaison, version *int) (campaign.Liaison, error) {
	g := db.g(ctx)
	var existing []liaisonRow
	q := g.Where("role = ?", l.Role)
	if l.CountyCode != nil {
		q = q.Where("county_code = ?", *l.CountyCode)
	} else {
		q = q.Where("department_code = ?", *l.DepartmentCode)
	}
	if err := q.Find(&existing).Error; err != nil {
		return campaign.Liaison{}, fmt.Errorf("look up liaison: %w", err)
	}
	if len(existing) == 0 {
		row := liaisonRow{CountyCode: l.CountyCode, DepartmentCode: l.DepartmentCode, Role: l.Role, Name: l.Name, Post: l.Post, OfficePhone: l.OfficePhone, Mobile: l.Mobile}
		if err := g.Create(&row).Error; err != nil {
			return campaign.Liaison{}, mapError(err, "create liaison")
		}
		return toLiaison(row), nil
	}
	cur := existing[0]
	if version == nil || *version != cur.Version {
		return campaign.Liaison{}, campaign.ErrStale
	}
	res := g.Model(&liaisonRow{}).Where("id = ? AND version = ?", cur.ID, cur.Version).Updates(map[string]any{
		"name": l.Name, "post": l.Post, "office_phone": l.OfficePhone, "mobile": l.Mobile,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()"),
	})
	if res.Error != nil {
		return campaign.Liaison{}, mapError(res.Error, fmt.Sprintf("update liaison %d", cur.ID))
	}
	if res.RowsAffected == 0 {
		return campaign.Liaison{}, campaign.ErrStale
	}
	var row liaisonRow
	if err := g.Take(&row, cur.ID).Error; err != nil {
		return campaign.Liaison{}, mapError(err, "reload liaison")
	}
	return toLiaison(row), nil
}

// LiaisonBefore returns the stored liaison of an owner and role, if any (for the audit).
func (db *DB) LiaisonBefore(ctx context.Context, l campaign.Liaison) (*campaign.Liaison, error) {
	var rows []liaisonRow
	q := db.g(ctx).Where("role = ?", l.Role)
	if l.CountyCode != nil {
		q = q.Where("county_code = ?", *l.CountyCode)
	} else {
		q = q.Where("department_code = ?", *l.DepartmentCode)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("look up liaison: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := toLiaison(rows[0])
	return &out, nil
}

type savedQueryRow struct {
	ID        int64 `gorm:"primaryKey"`
	OwnerID   int64
	Name      string
	Query     string
	Variables string `gorm:"type:jsonb"`
	Shared    bool
	CreatedAt time.Time `gorm:"default:now()"`
	UpdatedAt time.Time `gorm:"default:now()"`
	Version   int       `gorm:"default:1"`
}

func (savedQueryRow) TableName() string { return "saved_queries" }

// MaxSavedQueries bounds the list one analyst sees.
const MaxSavedQueries = 500

// SavedQueries lists the user's queries and those others shared, most recently changed first.
func (db *DB) SavedQueries(ctx context.Context, userID int64) ([]campaign.SavedQuery, error) {
	// flat: gorm's Raw().Scan leaves embedded structs empty
	var rows []struct {
		ID, OwnerID                   int64
		Name, Query, Variables, Owner string
		Shared                        bool
		UpdatedAt                     time.Time
	}
	err := db.g(ctx).Raw(`SELECT q.id, q.owner_id, q.name, q.query, q.variables::text AS variables, q.shared, q.updated_at, u.username AS owner
		FROM saved_queries q JOIN users u ON u.id = q.owner_id
		WHERE q.owner_id = ? OR q.shared ORDER BY q.updated_at DESC, q.id DESC LIMIT ?`, userID, MaxSavedQueries).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list saved queries: %w", err)
	}
	out := make([]campaign.SavedQuery, len(rows))
	for i, r := range rows {
		out[i] = campaign.SavedQuery{ID: r.ID, OwnerID: r.OwnerID, Owner: r.Owner, Name: r.Name, Query: r.Query, Variables: r.Variables, Shared: r.Shared, UpdatedAt: r.UpdatedAt}
	}
	return out, nil
}

// SaveQuery stores a query under the owner's name, replacing one of the same name.
func (db *DB) SaveQuery(ctx context.Context, q campaign.SavedQuery) (campaign.SavedQuery, error) {
	var id int64
	err := db.g(ctx).Raw(`INSERT INTO saved_queries (owner_id, name, query, variables, shared) VALUES (?, ?, ?, ?::jsonb, ?)
		ON CONFLICT (owner_id, name) DO UPDATE SET query = EXCLUDED.query, variables = EXCLUDED.variables, shared = EXCLUDED.shared,
		updated_at = now(), version = saved_queries.version + 1 RETURNING id`, q.OwnerID, q.Name, q.Query, q.Variables, q.Shared).Scan(&id).Error
	if err != nil {
		return campaign.SavedQuery{}, mapError(err, "save query "+q.Name)
	}
	q.ID, q.UpdatedAt = id, time.Now()
	return q, nil
}

// SavedQueryOwner returns the owner of a saved query; ErrNotFound when there is none.
func (db *DB) SavedQueryOwner(ctx context.Context, id int64) (int64, error) {
	var rows []savedQueryRow
	if err := db.g(ctx).Select("owner_id").Where("id = ?", id).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("look up saved query %d: %w", id, err)
	}
	if len(rows) == 0 {
		return 0, campaign.ErrNotFound
	}
	return rows[0].OwnerID, nil
}

// DeleteSavedQuery deletes a saved query (saved queries are the analysts' own notes, not records).
func (db *DB) DeleteSavedQuery(ctx context.Context, id int64) error {
	return mapError(db.g(ctx).Delete(&savedQueryRow{}, id).Error, fmt.Sprintf("delete saved query %d", id))
}

// SetTarget inserts or replaces a year's targets.
func (db *DB) SetTarget(ctx context.Context, t campaign.Target) (campaign.Target, error) {
	err := db.g(ctx).Exec(`INSERT INTO targets (year, village, enterprise) VALUES (?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET village = EXCLUDED.village, enterprise = EXCLUDED.enterprise,
		version = targets.version + 1, updated_at = now()`, t.Year, t.Village, t.Enterprise).Error
	return t, mapError(err, fmt.Sprintf("set target %d", t.Year))
}

// Target loads a year's targets, or nil.
func (db *DB) Target(ctx context.Context, year int) (*campaign.Target, error) {
	var rows []targetRow
	if err := db.g(ctx).Where("year = ?", year).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load target %d: %w", year, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &campaign.Target{Year: rows[0].Year, Village: rows[0].Village, Enterprise: rows[0].Enterprise}, nil
}
