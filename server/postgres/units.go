package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// UnitFilter narrows a units list; nil fields do not filter.
type UnitFilter struct {
	CountyCode   *string
	TownCode     *string
	SectorNumber *int
	CategoryCode *string
	TargetGroup  *campaign.TargetGroup
	CityLevel    *bool
	Blacklisted  *bool
	// Archived: false = active only, true = archived only, nil = both.
	Archived *bool
	// Search is a substring of the name, address or credit code.
	Search string
	// GridID: the units of one grid.
	GridID *int64
}

// UnitSort is the column a units list is ordered by; the id breaks ties, so pages never overlap.
type UnitSort string

const (
	SortByName       UnitSort = "name"
	SortByCounty     UnitSort = "county_code"
	SortByEnrolledOn UnitSort = "enrolled_on"
	SortByUpdatedAt  UnitSort = "updated_at"
)

// UnitOrder is a sort column and direction.
type UnitOrder struct {
	By   UnitSort
	Desc bool
}

// UnitCursor is the position after which a page starts: the sort key of the last row and its id.
type UnitCursor struct {
	Key string `json:"k"`
	ID  int64  `json:"i"`
}

// SortKey returns the value of u's sort column as a cursor stores it.
func (o UnitOrder) SortKey(u campaign.Unit) string {
	switch o.By {
	case SortByCounty:
		return u.CountyCode
	case SortByEnrolledOn:
		return u.EnrolledOn.Format(time.DateOnly)
	case SortByUpdatedAt:
		return u.UpdatedAt.UTC().Format(time.RFC3339Nano)
	default:
		return u.Name
	}
}

func (o UnitOrder) castKey() string {
	switch o.By {
	case SortByEnrolledOn:
		return "?::date"
	case SortByUpdatedAt:
		return "?::timestamptz"
	default:
		return "?"
	}
}

// likePattern escapes LIKE's wildcards in what the user typed.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

func (db *DB) unitQuery(ctx context.Context, scope policy.UnitScope, f UnitFilter) *gorm.DB {
	q := applyUnitScope(db.gorm.WithContext(ctx).Model(&unitRow{}), scope, "units.")
	q = applyCellFilter(q, f, "units.")
	if f.TownCode != nil {
		q = q.Where("units.town_code = ?", *f.TownCode)
	}
	if f.CityLevel != nil {
		q = q.Where("units.city_level = ?", *f.CityLevel)
	}
	if f.GridID != nil {
		q = q.Where("units.grid_id = ?", *f.GridID)
	}
	if f.Blacklisted != nil {
		cond := "EXISTS (SELECT 1 FROM blacklist_entries b WHERE b.unit_id = units.id AND b.removed_on IS NULL)"
		if !*f.Blacklisted {
			cond = "NOT " + cond
		}
		q = q.Where(cond)
	}
	if f.Archived != nil {
		if *f.Archived {
			q = q.Where("units.archived_on IS NOT NULL")
		} else {
			q = q.Where("units.archived_on IS NULL")
		}
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		p := likePattern(s)
		q = q.Where("(units.name ILIKE ? OR units.address ILIKE ? OR units.credit_code ILIKE ?)", p, p, p)
	}
	return q
}

// applyCellFilter applies the parts of f that the units' summary cells are keyed by too (county,
// sector, category, target group), on the units or the cells under alias.
func applyCellFilter(q *gorm.DB, f UnitFilter, alias string) *gorm.DB {
	if f.CountyCode != nil {
		q = q.Where(alias+"county_code = ?", *f.CountyCode)
	}
	if f.SectorNumber != nil {
		q = q.Where(alias+"sector_number = ?", *f.SectorNumber)
	}
	if f.CategoryCode != nil {
		q = q.Where(alias+"category_code = ?", *f.CategoryCode)
	}
	if f.TargetGroup != nil {
		q = q.Where(alias+"category_code IN (SELECT code FROM unit_categories WHERE target_group = ?)", string(*f.TargetGroup))
	}
	return q
}

// UnitsPage returns up to limit units in scope matching f, in order, after the cursor.
func (db *DB) UnitsPage(ctx context.Context, scope policy.UnitScope, f UnitFilter, o UnitOrder, after *UnitCursor, limit int) ([]campaign.Unit, error) {
	q := db.unitQuery(ctx, scope, f)
	col := "units." + string(o.By)
	dir, cmp := "ASC", ">"
	if o.Desc {
		dir, cmp = "DESC", "<"
	}
	if after != nil {
		q = q.Where(fmt.Sprintf("(%s, units.id) %s (%s, ?)", col, cmp, o.castKey()), after.Key, after.ID)
	}
	var rows []unitRow
	if err := q.Order(col + " " + dir).Order("units.id " + dir).Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return mapRows(rows, toUnit), nil
}

// CountUnits counts the units in scope matching f. When f filters only by what the units'
// summary cells are keyed by (county, sector, category, target group, archived or not), it adds
// up the cells (a few thousand rows at the province scale) instead of counting the units.
func (db *DB) CountUnits(ctx context.Context, scope policy.UnitScope, f UnitFilter) (int, error) {
	var n int64
	if !scope.BelowCounty() && f.TownCode == nil && f.GridID == nil && f.CityLevel == nil && f.Blacklisted == nil && strings.TrimSpace(f.Search) == "" {
		q := applyCellFilter(applyUnitScope(db.gorm.WithContext(ctx).Table("stat_unit_cells x"), scope, "x."), f, "x.")
		if f.Archived != nil {
			// archived_year 9999: not archived (migration 00006)
			if *f.Archived {
				q = q.Where("x.archived_year <> 9999")
			} else {
				q = q.Where("x.archived_year = 9999")
			}
		}
		if err := q.Select("coalesce(sum(x.units), 0)").Scan(&n).Error; err != nil {
			return 0, fmt.Errorf("count units from the summary: %w", err)
		}
		return int(n), nil
	}
	if err := db.unitQuery(ctx, scope, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count units: %w", err)
	}
	return int(n), nil
}

// Unit loads one unit; ErrNotFound when there is none.
func (db *DB) Unit(ctx context.Context, id int64) (campaign.Unit, error) {
	var row unitRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.Unit{}, mapError(err, fmt.Sprintf("load unit %d", id))
	}
	return toUnit(row), nil
}

// UnitForUpdate loads one unit and locks it until the transaction ends.
func (db *DB) UnitForUpdate(ctx context.Context, id int64) (campaign.Unit, error) {
	var row unitRow
	if err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error; err != nil {
		return campaign.Unit{}, mapError(err, fmt.Sprintf("lock unit %d", id))
	}
	return toUnit(row), nil
}

// CreateUnit inserts a unit.
func (db *DB) CreateUnit(ctx context.Context, u campaign.Unit) (campaign.Unit, error) {
	row := toUnitRow(u)
	row.ID, row.Version = 0, 1
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return campaign.Unit{}, unitWriteError(err, "create unit")
	}
	return db.Unit(ctx, row.ID)
}

// UpdateUnit overwrites a unit's editable columns if its version is still version.
func (db *DB) UpdateUnit(ctx context.Context, u campaign.Unit, version int) (campaign.Unit, error) {
	res := db.gorm.WithContext(ctx).Model(&unitRow{}).Where("id = ? AND version = ?", u.ID, version).Updates(map[string]any{
		"name": u.Name, "category_code": u.CategoryCode, "sector_number": u.SectorNumber,
		"county_code": u.CountyCode, "town_code": u.TownCode, "address": u.Address,
		"longitude": u.Longitude, "latitude": u.Latitude, "credit_code": u.CreditCode,
		"principal_name": u.PrincipalName, "principal_phone": u.PrincipalPhone, "city_level": u.CityLevel,
		"enrolled_on": u.EnrolledOn, "archived_on": u.ArchivedOn,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()"),
	})
	if res.Error != nil {
		return campaign.Unit{}, unitWriteError(res.Error, fmt.Sprintf("update unit %d", u.ID))
	}
	if res.RowsAffected == 0 {
		if _, err := db.Unit(ctx, u.ID); err != nil {
			return campaign.Unit{}, err
		}
		return campaign.Unit{}, campaign.ErrStale
	}
	return db.Unit(ctx, u.ID)
}

// TouchUnit bumps a unit's version if it is still version (for changes to its dependent rows).
func (db *DB) TouchUnit(ctx context.Context, id int64, version int) error {
	res := db.gorm.WithContext(ctx).Model(&unitRow{}).Where("id = ? AND version = ?", id, version).
		Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")})
	if res.Error != nil {
		return fmt.Errorf("touch unit %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return campaign.ErrStale
	}
	return nil
}

// unitWriteError names the field behind the register's own constraints.
func unitWriteError(err error, what string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.ConstraintName {
		case "units_active_credit_code_idx":
			return campaign.Invalid("creditCode", "该统一社会信用代码已被其他在册单位使用 (another active unit has this credit code)")
		case "units_town_code_county_code_fkey":
			return campaign.Invalid("townCode", "乡镇(街道)不属于所选县(市、区) (the town is not in the county)")
		case "units_category_code_fkey":
			return campaign.Invalid("categoryCode", "单位类别不存在 (unknown category)")
		case "units_sector_number_fkey":
			return campaign.Invalid("sectorNumber", "行业领域不存在 (unknown sector)")
		case "units_county_code_fkey":
			return campaign.Invalid("countyCode", "县(市、区)不存在 (unknown county)")
		}
	}
	return mapError(err, what)
}

// CreditCodeTaken reports whether an active unit other than exceptID has the credit code.
func (db *DB) CreditCodeTaken(ctx context.Context, code string, exceptID int64) (bool, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&unitRow{}).
		Where("credit_code = ? AND archived_on IS NULL AND id <> ?", code, exceptID).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("look up credit code: %w", err)
	}
	return n > 0, nil
}

type safetyOfficerRow struct {
	ID         int64 `gorm:"primaryKey"`
	UnitID     int64
	CountyCode string
	Name       string
	Phone      string
	FullTime   bool
	Position   int
}

func (safetyOfficerRow) TableName() string { return "safety_officers" }

// SafetyOfficers loads the officers of the given units, in their order.
func (db *DB) SafetyOfficers(ctx context.Context, unitIDs []int64) (map[int64][]campaign.SafetyOfficer, error) {
	var rows []safetyOfficerRow
	if err := db.gorm.WithContext(ctx).Where("unit_id IN ?", unitIDs).Order("unit_id, position").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load safety officers: %w", err)
	}
	out := make(map[int64][]campaign.SafetyOfficer, len(unitIDs))
	for _, r := range rows {
		out[r.UnitID] = append(out[r.UnitID], campaign.SafetyOfficer{ID: r.ID, UnitID: r.UnitID, Name: r.Name, Phone: r.Phone, FullTime: r.FullTime})
	}
	return out, nil
}

// ReplaceSafetyOfficers replaces a unit's officers.
func (db *DB) ReplaceSafetyOfficers(ctx context.Context, unitID int64, countyCode string, officers []campaign.SafetyOfficer) error {
	g := db.gorm.WithContext(ctx)
	if err := g.Where("unit_id = ?", unitID).Delete(&safetyOfficerRow{}).Error; err != nil {
		return fmt.Errorf("clear safety officers of unit %d: %w", unitID, err)
	}
	if len(officers) == 0 {
		return nil
	}
	rows := make([]safetyOfficerRow, len(officers))
	for i, o := range officers {
		rows[i] = safetyOfficerRow{UnitID: unitID, CountyCode: countyCode, Name: o.Name, Phone: o.Phone, FullTime: o.FullTime, Position: i}
	}
	return mapError(g.Create(&rows).Error, fmt.Sprintf("store safety officers of unit %d", unitID))
}

// UnitStats are the counts a units list shows for each unit.
type UnitStats struct {
	OpenHazards     int
	Blacklisted     bool
	IncidentsByYear map[int]int
}

// UnitStats loads open hazards, blacklist state and incidents per year of the given units in one
// statement: a units page shows all three.
func (db *DB) UnitStats(ctx context.Context, unitIDs []int64) (map[int64]UnitStats, error) {
	var rows []struct {
		ID          int64
		OpenHazards int
		Blacklisted bool
		Incidents   string
	}
	err := db.gorm.WithContext(ctx).Raw(`
		SELECT u.id,
		       (SELECT count(*) FROM hazards h WHERE h.unit_id = u.id AND h.state <> 'CLOSED') AS open_hazards,
		       EXISTS (SELECT 1 FROM blacklist_entries b WHERE b.unit_id = u.id AND b.removed_on IS NULL) AS blacklisted,
		       coalesce((SELECT json_object_agg(y, n) FROM (
		           SELECT i.occurred_year AS y, count(*) AS n FROM incidents i WHERE i.unit_id = u.id GROUP BY 1) s), '{}') AS incidents
		FROM units u WHERE u.id IN ?`, unitIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load unit stats: %w", err)
	}
	out := make(map[int64]UnitStats, len(rows))
	for _, r := range rows {
		s := UnitStats{OpenHazards: r.OpenHazards, Blacklisted: r.Blacklisted, IncidentsByYear: map[int]int{}}
		if err := json.Unmarshal([]byte(r.Incidents), &s.IncidentsByYear); err != nil {
			return nil, fmt.Errorf("unit %d incidents by year: %w", r.ID, err)
		}
		out[r.ID] = s
	}
	return out, nil
}

// Place is a town together with its county.
type Place struct {
	Town   campaign.Town
	County campaign.County
}

// Places loads the named towns with their counties in one statement.
func (db *DB) Places(ctx context.Context, townCodes []string) (map[string]Place, error) {
	var rows []struct {
		Code, Name, CountyCode, CountyName string
		Synthetic                          bool
	}
	err := db.gorm.WithContext(ctx).Table("towns t").
		Select("t.code, t.name, t.county_code, c.name AS county_name, c.synthetic").
		Joins("JOIN counties c ON c.code = t.county_code").Where("t.code IN ?", townCodes).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load towns %v: %w", townCodes, err)
	}
	out := make(map[string]Place, len(rows))
	for _, r := range rows {
		out[r.Code] = Place{
			Town:   campaign.Town{Code: r.Code, Name: r.Name, CountyCode: r.CountyCode},
			County: campaign.County{Code: r.CountyCode, Name: r.CountyName, Synthetic: r.Synthetic},
		}
	}
	return out, nil
}

// CategoriesByCode loads the named unit categories.
func (db *DB) CategoriesByCode(ctx context.Context, codes []string) (map[string]campaign.UnitCategory, error) {
	var rows []categoryRow
	if err := db.gorm.WithContext(ctx).Where("code IN ?", codes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load unit categories %v: %w", codes, err)
	}
	out := make(map[string]campaign.UnitCategory, len(rows))
	for _, r := range rows {
		out[r.Code] = campaign.UnitCategory{Code: r.Code, Name: r.Name, TargetGroup: campaign.TargetGroup(r.TargetGroup)}
	}
	return out, nil
}

// AuditHistory lists the audit entries of one entity, newest first, before the given id (0: from
// the newest).
func (db *DB) AuditHistory(ctx context.Context, entity, entityID string, beforeID int64, limit int) ([]campaign.AuditEntry, int, error) {
	// a fresh statement each time: gorm carries a counted query's SELECT over to the next use
	base := func() *gorm.DB {
		return db.gorm.WithContext(ctx).Model(&auditRow{}).Where("entity = ? AND entity_id = ?", entity, entityID)
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count history of %s %s: %w", entity, entityID, err)
	}
	q := base()
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var rows []auditRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("load history of %s %s: %w", entity, entityID, err)
	}
	out := make([]campaign.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = campaign.AuditEntry{ID: r.ID, At: r.At, ActorUsername: r.ActorUsername, ActorRole: r.ActorRole, Action: r.Action,
			Before: jsonText(r.Before), After: jsonText(r.After)}
	}
	return out, int(total), nil
}

func jsonText(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

// InsertUnits inserts units with their safety officers in batches and returns the new ids in order.
// Call it inside a transaction (an import is all or nothing).
func (db *DB) InsertUnits(ctx context.Context, units []campaign.Unit, officers [][]campaign.SafetyOfficer) ([]int64, error) {
	rows := make([]unitRow, len(units))
	for i, u := range units {
		rows[i] = toUnitRow(u)
		rows[i].ID, rows[i].Version = 0, 1
	}
	g := db.gorm.WithContext(ctx)
	if err := g.CreateInBatches(&rows, 500).Error; err != nil {
		return nil, unitWriteError(err, "insert units")
	}
	ids := make([]int64, len(rows))
	var officerRows []safetyOfficerRow
	for i, r := range rows {
		ids[i] = r.ID
		if i < len(officers) {
			for pos, o := range officers[i] {
				officerRows = append(officerRows, safetyOfficerRow{UnitID: r.ID, CountyCode: r.CountyCode, Name: o.Name, Phone: o.Phone, FullTime: o.FullTime, Position: pos})
			}
		}
	}
	if len(officerRows) > 0 {
		if err := g.CreateInBatches(&officerRows, 1000).Error; err != nil {
			return nil, mapError(err, "insert safety officers")
		}
	}
	return ids, nil
}

// AuditMany appends many entries in batches (an import records one per unit).
func (db *DB) AuditMany(ctx context.Context, entries []AuditEntry) error {
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{ActorID: e.ActorID, ActorUsername: e.ActorUsername, ActorRole: e.ActorRole, Action: e.Action,
			Entity: e.Entity, EntityID: e.EntityID, CountyCode: e.CountyCode, RequestID: e.RequestID}
		var err error
		if rows[i].Before, err = jsonOrNil(e.Before); err != nil {
			return fmt.Errorf("audit %s: %w", e.Action, err)
		}
		if rows[i].After, err = jsonOrNil(e.After); err != nil {
			return fmt.Errorf("audit %s: %w", e.Action, err)
		}
	}
	if err := db.gorm.WithContext(ctx).CreateInBatches(&rows, 500).Error; err != nil {
		return fmt.Errorf("audit %d entries: %w", len(rows), err)
	}
	return nil
}

// ActiveCreditCodes returns which of the codes an active unit already has.
func (db *DB) ActiveCreditCodes(ctx context.Context, codes []string) (map[string]bool, error) {
	var taken []string
	err := db.gorm.WithContext(ctx).Model(&unitRow{}).Where("credit_code IN ? AND archived_on IS NULL", codes).Pluck("credit_code", &taken).Error
	if err != nil {
		return nil, fmt.Errorf("look up credit codes: %w", err)
	}
	out := make(map[string]bool, len(taken))
	for _, c := range taken {
		out[c] = true
	}
	return out, nil
}

// ExportRow is a unit with the names a spreadsheet shows.
type ExportRow struct {
	campaign.Unit
	CategoryName, CountyName, TownName, SectorName string
	Blacklisted                                    bool
	Officers                                       []campaign.SafetyOfficer
}

// EachUnit calls fn for every unit in scope matching f, by id, fetching batchSize rows at a time so
// an export of the whole register never holds it in memory.
func (db *DB) EachUnit(ctx context.Context, scope policy.UnitScope, f UnitFilter, batchSize int, fn func(ExportRow) error) error {
	names, err := db.referenceNames(ctx)
	if err != nil {
		return err
	}
	var after int64
	for {
		var rows []unitRow
		if err := db.unitQuery(ctx, scope, f).Where("units.id > ?", after).Order("units.id").Limit(batchSize).Find(&rows).Error; err != nil {
			return fmt.Errorf("export units after %d: %w", after, err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		officers, err := db.SafetyOfficers(ctx, ids)
		if err != nil {
			return err
		}
		var listed []int64
		if err := db.gorm.WithContext(ctx).Table("blacklist_entries").Where("unit_id IN ? AND removed_on IS NULL", ids).Pluck("unit_id", &listed).Error; err != nil {
			return fmt.Errorf("export blacklist state: %w", err)
		}
		blacklisted := make(map[int64]bool, len(listed))
		for _, id := range listed {
			blacklisted[id] = true
		}
		for _, r := range rows {
			row := ExportRow{Unit: toUnit(r), CategoryName: names.categories[r.CategoryCode], CountyName: names.counties[r.CountyCode],
				TownName: names.towns[r.TownCode], SectorName: names.sectors[r.SectorNumber], Blacklisted: blacklisted[r.ID], Officers: officers[r.ID]}
			if err := fn(row); err != nil {
				return err
			}
		}
		after = rows[len(rows)-1].ID
	}
}

type names struct {
	counties, towns, categories map[string]string
	sectors                     map[int]string
}

// referenceNames loads the names of every county, town, category and sector (a few thousand rows
// at most), so exported rows need no joins.
func (db *DB) referenceNames(ctx context.Context) (names, error) {
	n := names{counties: map[string]string{}, towns: map[string]string{}, categories: map[string]string{}, sectors: map[int]string{}}
	var counties []countyRow
	var towns []townRow
	var cats []categoryRow
	var sectors []sectorRow
	g := db.gorm.WithContext(ctx)
	for _, load := range []func() error{
		func() error { return g.Find(&counties).Error },
		func() error { return g.Find(&towns).Error },
		func() error { return g.Find(&cats).Error },
		func() error { return g.Find(&sectors).Error },
	} {
		if err := load(); err != nil {
			return n, fmt.Errorf("load reference names: %w", err)
		}
	}
	for _, c := range counties {
		n.counties[c.Code] = c.Name
	}
	for _, t := range towns {
		n.towns[t.Code] = t.Name
	}
	for _, c := range cats {
		n.categories[c.Code] = c.Name
	}
	for _, s := range sectors {
		n.sectors[s.Number] = s.Name
	}
	return n, nil
}
