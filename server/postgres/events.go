package postgres

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// EventFilter narrows a list of inspections, hazards or incidents.
type EventFilter struct {
	CountyCode   *string
	SectorNumber *int
	UnitID       *int64
	Year         *int
	// Inspections
	Kind *string
	// Hazards
	Source  *string
	Level   *campaign.HazardLevel
	State   *campaign.HazardState
	Overdue *bool
	Today   time.Time
	// Incidents
	Severity *campaign.Severity
}

func applyEventFilter(q *gorm.DB, f EventFilter, table string) *gorm.DB {
	if f.CountyCode != nil {
		q = q.Where(table+".county_code = ?", *f.CountyCode)
	}
	if f.SectorNumber != nil {
		q = q.Where(table+".unit_id IN (SELECT id FROM units WHERE sector_number = ?)", *f.SectorNumber)
	}
	if f.UnitID != nil {
		q = q.Where(table+".unit_id = ?", *f.UnitID)
	}
	return q
}

// ---- inspections ----

type inspectionRow struct {
	ID             int64 `gorm:"primaryKey"`
	UnitID         int64
	CountyCode     string
	InspectedOn    time.Time `gorm:"type:date"`
	Kind           string
	InspectorID    *int64
	InspectorName  string
	InspectingBody string
	Summary        string
	CreatedAt      time.Time `gorm:"default:now()"`
	Version        int       `gorm:"default:1"`
}

func (inspectionRow) TableName() string { return "inspections" }

func toInspection(r inspectionRow) campaign.Inspection {
	return campaign.Inspection{ID: r.ID, UnitID: r.UnitID, CountyCode: r.CountyCode, InspectedOn: r.InspectedOn, Kind: r.Kind,
		InspectorID: r.InspectorID, InspectorName: r.InspectorName, InspectingBody: r.InspectingBody, Summary: r.Summary, CreatedAt: r.CreatedAt}
}

type inspectionResultRow struct {
	InspectionID int64  `gorm:"primaryKey"`
	StandardCode string `gorm:"primaryKey"`
	CountyCode   string
	Result       string
	Remark       string
}

func (inspectionResultRow) TableName() string { return "inspection_results" }

// InsertInspection stores an inspection with its results.
func (db *DB) InsertInspection(ctx context.Context, in campaign.Inspection, results []campaign.InspectionResult) (campaign.Inspection, error) {
	row := inspectionRow{UnitID: in.UnitID, CountyCode: in.CountyCode, InspectedOn: in.InspectedOn, Kind: in.Kind,
		InspectorID: in.InspectorID, InspectorName: in.InspectorName, InspectingBody: in.InspectingBody, Summary: in.Summary}
	g := db.gorm.WithContext(ctx)
	if err := g.Create(&row).Error; err != nil {
		return campaign.Inspection{}, mapError(err, "record inspection")
	}
	rows := make([]inspectionResultRow, len(results))
	for i, r := range results {
		rows[i] = inspectionResultRow{InspectionID: row.ID, StandardCode: r.StandardCode, CountyCode: in.CountyCode, Result: r.Result, Remark: r.Remark}
	}
	if len(rows) > 0 {
		if err := g.Create(&rows).Error; err != nil {
			return campaign.Inspection{}, mapError(err, "record inspection results")
		}
	}
	return toInspection(row), nil
}

// Inspection loads one inspection.
func (db *DB) Inspection(ctx context.Context, id int64) (campaign.Inspection, error) {
	var row inspectionRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.Inspection{}, mapError(err, fmt.Sprintf("load inspection %d", id))
	}
	return toInspection(row), nil
}

// InspectionsByID loads the named inspections.
func (db *DB) InspectionsByID(ctx context.Context, ids []int64) (map[int64]campaign.Inspection, error) {
	var rows []inspectionRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load inspections: %w", err)
	}
	out := make(map[int64]campaign.Inspection, len(rows))
	for _, r := range rows {
		out[r.ID] = toInspection(r)
	}
	return out, nil
}

func (db *DB) inspectionQuery(ctx context.Context, scope policy.UnitScope, f EventFilter) *gorm.DB {
	q := applyEventFilter(applyOwnedScope(db.gorm.WithContext(ctx).Model(&inspectionRow{}), scope, "inspections"), f, "inspections")
	if f.Kind != nil {
		q = q.Where("inspections.kind = ?", *f.Kind)
	}
	if f.Year != nil {
		q = q.Where("inspections.inspected_on >= ? AND inspections.inspected_on < ?", yearStart(*f.Year), yearStart(*f.Year+1))
	}
	return q
}

func yearStart(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, campaign.Local) }

// InspectionsPage lists inspections newest first (by date, then id), after the given one.
func (db *DB) InspectionsPage(ctx context.Context, scope policy.UnitScope, f EventFilter, after *UnitCursor, limit int) ([]campaign.Inspection, error) {
	q := db.inspectionQuery(ctx, scope, f)
	if after != nil {
		q = q.Where("(inspections.inspected_on, inspections.id) < (?::date, ?)", after.Key, after.ID)
	}
	var rows []inspectionRow
	if err := q.Order("inspections.inspected_on DESC, inspections.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list inspections: %w", err)
	}
	return mapRows(rows, toInspection), nil
}

// CountInspections counts the inspections in scope matching f.
func (db *DB) CountInspections(ctx context.Context, scope policy.UnitScope, f EventFilter) (int, error) {
	var n int64
	if err := db.inspectionQuery(ctx, scope, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count inspections: %w", err)
	}
	return int(n), nil
}

// InspectionResults loads the results of the given inspections, in standard order.
func (db *DB) InspectionResults(ctx context.Context, ids []int64) (map[int64][]campaign.InspectionResult, error) {
	var rows []inspectionResultRow
	err := db.gorm.WithContext(ctx).Table("inspection_results r").Select("r.*").
		Joins("JOIN creation_standards s ON s.code = r.standard_code").
		Where("r.inspection_id IN ?", ids).Order("r.inspection_id, s.sort_order").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load inspection results: %w", err)
	}
	out := make(map[int64][]campaign.InspectionResult, len(ids))
	for _, r := range rows {
		out[r.InspectionID] = append(out[r.InspectionID], campaign.InspectionResult{InspectionID: r.InspectionID, StandardCode: r.StandardCode, Result: r.Result, Remark: r.Remark})
	}
	return out, nil
}

// ---- hazards ----

type hazardRow struct {
	ID                int64 `gorm:"primaryKey"`
	UnitID            int64
	CountyCode        string
	InspectionID      *int64
	Source            string
	FoundBy           *int64
	StandardCode      *string
	Level             string
	State             string
	Description       string
	Category          string
	FoundOn           time.Time  `gorm:"type:date"`
	Deadline          *time.Time `gorm:"type:date"`
	ResponsiblePerson *string
	RectificationPlan *string
	RectifiedBy       *int64
	VerifiedBy        *int64
	ClosedOn          *time.Time `gorm:"type:date"`
	CreatedAt         time.Time  `gorm:"default:now()"`
	UpdatedAt         time.Time  `gorm:"default:now()"`
	Version           int        `gorm:"default:1"`
}

func (hazardRow) TableName() string { return "hazards" }

func toHazard(r hazardRow) campaign.Hazard {
	return campaign.Hazard{ID: r.ID, UnitID: r.UnitID, CountyCode: r.CountyCode, InspectionID: r.InspectionID,
		Source: r.Source, FoundBy: r.FoundBy, StandardCode: r.StandardCode, Level: campaign.HazardLevel(r.Level), State: campaign.HazardState(r.State), Description: r.Description, Category: r.Category,
		FoundOn: r.FoundOn, Deadline: r.Deadline, ResponsiblePerson: r.ResponsiblePerson, RectificationPlan: r.RectificationPlan,
		RectifiedBy: r.RectifiedBy, VerifiedBy: r.VerifiedBy, ClosedOn: r.ClosedOn, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
}

func fromHazard(h campaign.Hazard) hazardRow {
	return hazardRow{ID: h.ID, UnitID: h.UnitID, CountyCode: h.CountyCode, InspectionID: h.InspectionID,
		Source: h.Source, FoundBy: h.FoundBy, StandardCode: h.StandardCode, Level: string(h.Level),
		State: string(h.State), Description: h.Description, Category: h.Category, FoundOn: h.FoundOn, Deadline: h.Deadline,
		ResponsiblePerson: h.ResponsiblePerson, RectificationPlan: h.RectificationPlan, RectifiedBy: h.RectifiedBy,
		VerifiedBy: h.VerifiedBy, ClosedOn: h.ClosedOn, Version: h.Version}
}

// InsertHazard stores a new hazard.
func (db *DB) InsertHazard(ctx context.Context, h campaign.Hazard) (campaign.Hazard, error) {
	row := fromHazard(h)
	row.ID, row.Version = 0, 1
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return campaign.Hazard{}, mapError(err, "record hazard")
	}
	return toHazard(row), nil
}

// Hazard loads one hazard.
func (db *DB) Hazard(ctx context.Context, id int64) (campaign.Hazard, error) {
	var row hazardRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.Hazard{}, mapError(err, fmt.Sprintf("load hazard %d", id))
	}
	return toHazard(row), nil
}

// HazardForUpdate loads one hazard and locks it.
func (db *DB) HazardForUpdate(ctx context.Context, id int64) (campaign.Hazard, error) {
	var row hazardRow
	if err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error; err != nil {
		return campaign.Hazard{}, mapError(err, fmt.Sprintf("lock hazard %d", id))
	}
	return toHazard(row), nil
}

// UpdateHazard writes a hazard's loop columns if its version is still version.
func (db *DB) UpdateHazard(ctx context.Context, h campaign.Hazard, version int) (campaign.Hazard, error) {
	res := db.gorm.WithContext(ctx).Model(&hazardRow{}).Where("id = ? AND version = ?", h.ID, version).Updates(map[string]any{
		"state": string(h.State), "deadline": h.Deadline, "responsible_person": h.ResponsiblePerson,
		"rectification_plan": h.RectificationPlan, "rectified_by": h.RectifiedBy, "verified_by": h.VerifiedBy,
		"closed_on": h.ClosedOn, "version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()"),
	})
	if res.Error != nil {
		return campaign.Hazard{}, mapError(res.Error, fmt.Sprintf("update hazard %d", h.ID))
	}
	if res.RowsAffected == 0 {
		return campaign.Hazard{}, campaign.ErrStale
	}
	return db.Hazard(ctx, h.ID)
}

type transitionRow struct {
	ID         int64 `gorm:"primaryKey"`
	HazardID   int64
	CountyCode string
	FromState  *string
	ToState    string
	Reopened   bool
	ActorID    *int64
	ActorName  string
	Note       string
	At         time.Time `gorm:"default:now()"`
}

func (transitionRow) TableName() string { return "hazard_transitions" }

// InsertTransition records one step of a hazard's loop.
func (db *DB) InsertTransition(ctx context.Context, h campaign.Hazard, from *campaign.HazardState, reopened bool, actorID *int64, actorName, note string) error {
	row := transitionRow{HazardID: h.ID, CountyCode: h.CountyCode, ToState: string(h.State), Reopened: reopened, ActorID: actorID, ActorName: actorName, Note: note}
	if from != nil {
		s := string(*from)
		row.FromState = &s
	}
	return mapError(db.gorm.WithContext(ctx).Create(&row).Error, fmt.Sprintf("record transition of hazard %d", h.ID))
}

// Transitions loads the steps of the given hazards, oldest first.
func (db *DB) Transitions(ctx context.Context, hazardIDs []int64) (map[int64][]campaign.HazardTransition, error) {
	var rows []transitionRow
	if err := db.gorm.WithContext(ctx).Where("hazard_id IN ?", hazardIDs).Order("hazard_id, at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load hazard transitions: %w", err)
	}
	out := make(map[int64][]campaign.HazardTransition, len(hazardIDs))
	for _, r := range rows {
		t := campaign.HazardTransition{ID: r.ID, HazardID: r.HazardID, To: campaign.HazardState(r.ToState), Reopened: r.Reopened, ActorName: r.ActorName, Note: r.Note, At: r.At}
		if r.FromState != nil {
			f := campaign.HazardState(*r.FromState)
			t.From = &f
		}
		out[r.HazardID] = append(out[r.HazardID], t)
	}
	return out, nil
}

// HazardsByInspection loads the hazards each inspection found.
func (db *DB) HazardsByInspection(ctx context.Context, inspectionIDs []int64) (map[int64][]campaign.Hazard, error) {
	var rows []hazardRow
	if err := db.gorm.WithContext(ctx).Where("inspection_id IN ?", inspectionIDs).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load hazards of inspections: %w", err)
	}
	out := make(map[int64][]campaign.Hazard, len(inspectionIDs))
	for _, r := range rows {
		out[*r.InspectionID] = append(out[*r.InspectionID], toHazard(r))
	}
	return out, nil
}

func (db *DB) hazardQuery(ctx context.Context, scope policy.UnitScope, f EventFilter) *gorm.DB {
	q := applyEventFilter(applyOwnedScope(db.gorm.WithContext(ctx).Model(&hazardRow{}), scope, "hazards"), f, "hazards")
	if f.Source != nil {
		q = q.Where("hazards.source = ?", *f.Source)
	}
	if f.Level != nil {
		q = q.Where("hazards.level = ?", string(*f.Level))
	}
	if f.State != nil {
		q = q.Where("hazards.state = ?", string(*f.State))
	}
	if f.Overdue != nil {
		cond := "(hazards.state <> 'CLOSED' AND hazards.deadline IS NOT NULL AND hazards.deadline < ?)"
		if !*f.Overdue {
			cond = "NOT " + cond
		}
		q = q.Where(cond, f.Today)
	}
	if f.Year != nil {
		q = q.Where("hazards.found_on >= ? AND hazards.found_on < ?", yearStart(*f.Year), yearStart(*f.Year+1))
	}
	return q
}

// HazardsPage lists hazards newest first (by id) before the given id.
func (db *DB) HazardsPage(ctx context.Context, scope policy.UnitScope, f EventFilter, beforeID int64, limit int) ([]campaign.Hazard, error) {
	q := db.hazardQuery(ctx, scope, f)
	if beforeID > 0 {
		q = q.Where("hazards.id < ?", beforeID)
	}
	var rows []hazardRow
	if err := q.Order("hazards.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list hazards: %w", err)
	}
	return mapRows(rows, toHazard), nil
}

// CountHazards counts the hazards in scope matching f.
func (db *DB) CountHazards(ctx context.Context, scope policy.UnitScope, f EventFilter) (int, error) {
	var n int64
	if err := db.hazardQuery(ctx, scope, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count hazards: %w", err)
	}
	return int(n), nil
}

// ---- incidents ----

type incidentRow struct {
	ID              int64 `gorm:"primaryKey"`
	UnitID          int64
	CountyCode      string
	SectorNumber    int
	OccurredAt      time.Time
	OccurredYear    int
	Kind            string
	Deaths          int
	SeriousInjuries int
	Injuries        int
	DirectLossWan   float64
	Severity        string
	Description     string
	ReportedBy      *int64
	CreatedAt       time.Time `gorm:"default:now()"`
	UpdatedAt       time.Time `gorm:"default:now()"`
	Version         int       `gorm:"default:1"`
}

func (incidentRow) TableName() string { return "incidents" }

func toIncident(r incidentRow) campaign.Incident {
	return campaign.Incident{ID: r.ID, UnitID: r.UnitID, CountyCode: r.CountyCode, SectorNumber: r.SectorNumber, OccurredAt: r.OccurredAt,
		Kind: r.Kind, Deaths: r.Deaths, SeriousInjuries: r.SeriousInjuries, Injuries: r.Injuries, DirectLossWan: r.DirectLossWan,
		Severity: campaign.Severity(r.Severity), Description: r.Description, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
}

// InsertIncident stores an incident.
func (db *DB) InsertIncident(ctx context.Context, i campaign.Incident, reportedBy *int64) (campaign.Incident, error) {
	row := incidentRow{UnitID: i.UnitID, CountyCode: i.CountyCode, SectorNumber: i.SectorNumber, OccurredAt: i.OccurredAt, OccurredYear: i.Year(),
		Kind: i.Kind, Deaths: i.Deaths, SeriousInjuries: i.SeriousInjuries, Injuries: i.Injuries, DirectLossWan: i.DirectLossWan,
		Severity: string(i.Severity), Description: i.Description, ReportedBy: reportedBy}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return campaign.Incident{}, mapError(err, "report incident")
	}
	return db.Incident(ctx, row.ID)
}

// Incident loads one incident.
func (db *DB) Incident(ctx context.Context, id int64) (campaign.Incident, error) {
	var row incidentRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.Incident{}, mapError(err, fmt.Sprintf("load incident %d", id))
	}
	return toIncident(row), nil
}

// IncidentForUpdate loads one incident and locks it.
func (db *DB) IncidentForUpdate(ctx context.Context, id int64) (campaign.Incident, error) {
	var row incidentRow
	if err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error; err != nil {
		return campaign.Incident{}, mapError(err, fmt.Sprintf("lock incident %d", id))
	}
	return toIncident(row), nil
}

// UpdateIncident overwrites an incident if its version is still version.
func (db *DB) UpdateIncident(ctx context.Context, i campaign.Incident, version int) (campaign.Incident, error) {
	res := db.gorm.WithContext(ctx).Model(&incidentRow{}).Where("id = ? AND version = ?", i.ID, version).Updates(map[string]any{
		"occurred_at": i.OccurredAt, "occurred_year": i.Year(), "kind": i.Kind, "deaths": i.Deaths,
		"serious_injuries": i.SeriousInjuries, "injuries": i.Injuries, "direct_loss_wan": i.DirectLossWan,
		"severity": string(i.Severity), "description": i.Description,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()"),
	})
	if res.Error != nil {
		return campaign.Incident{}, mapError(res.Error, fmt.Sprintf("update incident %d", i.ID))
	}
	if res.RowsAffected == 0 {
		return campaign.Incident{}, campaign.ErrStale
	}
	return db.Incident(ctx, i.ID)
}

func (db *DB) incidentQuery(ctx context.Context, scope policy.UnitScope, f EventFilter) *gorm.DB {
	q := applyOwnedScope(db.gorm.WithContext(ctx).Model(&incidentRow{}), scope, "incidents")
	if f.CountyCode != nil {
		q = q.Where("incidents.county_code = ?", *f.CountyCode)
	}
	if f.SectorNumber != nil {
		q = q.Where("incidents.sector_number = ?", *f.SectorNumber)
	}
	if f.UnitID != nil {
		q = q.Where("incidents.unit_id = ?", *f.UnitID)
	}
	if f.Year != nil {
		q = q.Where("incidents.occurred_year = ?", *f.Year)
	}
	if f.Severity != nil {
		q = q.Where("incidents.severity = ?", string(*f.Severity))
	}
	return q
}

// IncidentsPage lists incidents newest first (by id) before the given id.
func (db *DB) IncidentsPage(ctx context.Context, scope policy.UnitScope, f EventFilter, beforeID int64, limit int) ([]campaign.Incident, error) {
	q := db.incidentQuery(ctx, scope, f)
	if beforeID > 0 {
		q = q.Where("incidents.id < ?", beforeID)
	}
	var rows []incidentRow
	if err := q.Order("incidents.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	return mapRows(rows, toIncident), nil
}

// CountIncidents counts the incidents in scope matching f.
func (db *DB) CountIncidents(ctx context.Context, scope policy.UnitScope, f EventFilter) (int, error) {
	var n int64
	if err := db.incidentQuery(ctx, scope, f).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count incidents: %w", err)
	}
	return int(n), nil
}

// ---- certifications ----

// Certifications loads a unit's active certifications by year.
func (db *DB) Certifications(ctx context.Context, unitID int64) (map[int]campaign.Certification, error) {
	var rows []struct {
		Year            int
		CertifiedByName string
		CertifiedAt     time.Time
	}
	err := db.gorm.WithContext(ctx).Table("certifications").Select("year, certified_by_name, certified_at").
		Where("unit_id = ? AND withdrawn_at IS NULL", unitID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load certifications of unit %d: %w", unitID, err)
	}
	out := make(map[int]campaign.Certification, len(rows))
	for _, r := range rows {
		out[r.Year] = campaign.Certification{UnitID: unitID, Year: r.Year, CertifiedByName: r.CertifiedByName, CertifiedAt: r.CertifiedAt}
	}
	return out, nil
}

// IncidentsByYear counts a unit's incidents per year.
func (db *DB) IncidentsByYear(ctx context.Context, unitID int64) (map[int]int, error) {
	var rows []struct{ Year, N int }
	err := db.gorm.WithContext(ctx).Table("incidents").Select("occurred_year AS year, count(*) AS n").
		Where("unit_id = ?", unitID).Group("occurred_year").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count incidents of unit %d: %w", unitID, err)
	}
	out := make(map[int]int, len(rows))
	for _, r := range rows {
		out[r.Year] = r.N
	}
	return out, nil
}

// Certify records certifications; units already certified for the year are left as they are.
func (db *DB) Certify(ctx context.Context, units []campaign.Unit, year int, byID int64, byName string) (int, error) {
	n := 0
	for _, u := range units {
		res := db.gorm.WithContext(ctx).Exec(`INSERT INTO certifications (unit_id, county_code, year, certified_by, certified_by_name)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id, year) WHERE withdrawn_at IS NULL DO NOTHING`, u.ID, u.CountyCode, year, byID, byName)
		if res.Error != nil {
			return n, mapError(res.Error, fmt.Sprintf("certify unit %d for %d", u.ID, year))
		}
		n += int(res.RowsAffected)
	}
	return n, nil
}

// WithdrawCertification withdraws a unit's active certification of a year, if any.
func (db *DB) WithdrawCertification(ctx context.Context, unitID int64, year int, reason string) (bool, error) {
	res := db.gorm.WithContext(ctx).Exec(`UPDATE certifications SET withdrawn_at = now(), withdrawn_reason = ?
		WHERE unit_id = ? AND year = ? AND withdrawn_at IS NULL`, reason, unitID, year)
	if res.Error != nil {
		return false, fmt.Errorf("withdraw certification of unit %d for %d: %w", unitID, year, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// UnitsByID loads the named units.
func (db *DB) UnitsByID(ctx context.Context, ids []int64) (map[int64]campaign.Unit, error) {
	var rows []unitRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	out := make(map[int64]campaign.Unit, len(rows))
	for _, r := range rows {
		out[r.ID] = toUnit(r)
	}
	return out, nil
}

// ---- blacklist ----

type blacklistRow struct {
	ID            int64 `gorm:"primaryKey"`
	UnitID        int64
	CountyCode    string
	Reason        string
	ListedOn      time.Time `gorm:"type:date"`
	DecidedBy     *int64
	DecidedByName string
	RemovedOn     *time.Time `gorm:"type:date"`
	RemovedReason *string
	RemovedBy     *int64
	CreatedAt     time.Time `gorm:"default:now()"`
	Version       int       `gorm:"default:1"`
}

func (blacklistRow) TableName() string { return "blacklist_entries" }

func toBlacklist(r blacklistRow) campaign.BlacklistEntry {
	return campaign.BlacklistEntry{ID: r.ID, UnitID: r.UnitID, CountyCode: r.CountyCode, Reason: r.Reason, ListedOn: r.ListedOn,
		DecidedBy: r.DecidedByName, RemovedOn: r.RemovedOn, RemovedReason: r.RemovedReason, Version: r.Version}
}

// InsertBlacklistEntry lists a unit; a unit already listed is a CONFLICT.
func (db *DB) InsertBlacklistEntry(ctx context.Context, e campaign.BlacklistEntry, byID int64) (campaign.BlacklistEntry, error) {
	row := blacklistRow{UnitID: e.UnitID, CountyCode: e.CountyCode, Reason: e.Reason, ListedOn: e.ListedOn, DecidedBy: &byID, DecidedByName: e.DecidedBy}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return campaign.BlacklistEntry{}, mapError(err, "blacklist unit")
	}
	return toBlacklist(row), nil
}

// BlacklistEntryForUpdate loads one entry and locks it.
func (db *DB) BlacklistEntryForUpdate(ctx context.Context, id int64) (campaign.BlacklistEntry, error) {
	var row blacklistRow
	if err := db.gorm.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&row, id).Error; err != nil {
		return campaign.BlacklistEntry{}, mapError(err, fmt.Sprintf("lock blacklist entry %d", id))
	}
	return toBlacklist(row), nil
}

// RemoveBlacklistEntry lifts a listing.
func (db *DB) RemoveBlacklistEntry(ctx context.Context, id int64, on time.Time, reason string, byID int64) (campaign.BlacklistEntry, error) {
	err := db.gorm.WithContext(ctx).Model(&blacklistRow{}).Where("id = ?", id).Updates(map[string]any{
		"removed_on": on, "removed_reason": reason, "removed_by": byID, "version": gorm.Expr("version + 1"),
	}).Error
	if err != nil {
		return campaign.BlacklistEntry{}, mapError(err, fmt.Sprintf("remove blacklist entry %d", id))
	}
	var row blacklistRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return campaign.BlacklistEntry{}, mapError(err, fmt.Sprintf("load blacklist entry %d", id))
	}
	return toBlacklist(row), nil
}

// BlacklistEntries loads the listings of the given units, newest first.
func (db *DB) BlacklistEntries(ctx context.Context, unitIDs []int64) (map[int64][]campaign.BlacklistEntry, error) {
	var rows []blacklistRow
	if err := db.gorm.WithContext(ctx).Where("unit_id IN ?", unitIDs).Order("unit_id, listed_on DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load blacklist entries: %w", err)
	}
	out := make(map[int64][]campaign.BlacklistEntry, len(unitIDs))
	for _, r := range rows {
		out[r.UnitID] = append(out[r.UnitID], toBlacklist(r))
	}
	return out, nil
}

// IncidentsBetween lists the incidents in scope that happened in [from, to), oldest first, at most limit.
func (db *DB) IncidentsBetween(ctx context.Context, scope policy.UnitScope, from, to time.Time, limit int) ([]campaign.Incident, error) {
	var rows []incidentRow
	err := db.incidentQuery(ctx, scope, EventFilter{}).Where("incidents.occurred_at >= ? AND incidents.occurred_at < ?", from, to).
		Order("incidents.occurred_at, incidents.id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list incidents from %s: %w", from.Format(time.DateOnly), err)
	}
	return mapRows(rows, toIncident), nil
}

// HazardsByID loads hazards by id, in one statement.
func (db *DB) HazardsByID(ctx context.Context, ids []int64) (map[int64]campaign.Hazard, error) {
	var rows []hazardRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load hazards: %w", err)
	}
	out := make(map[int64]campaign.Hazard, len(rows))
	for _, r := range rows {
		out[r.ID] = toHazard(r)
	}
	return out, nil
}
