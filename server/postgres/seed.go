package postgres

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"zeroaccident/server/campaign"
)

// Reference is the plan's fixed data as the seed loads it.
type Reference struct {
	Counties    []campaign.County
	Towns       []campaign.Town
	Departments []campaign.Department
	Sectors     []campaign.Sector
	SectorLeads map[int][]string
	Categories  []campaign.UnitCategory
	Targets     []campaign.Target
	Standards   []campaign.CreationStandard
	Deadlines   []campaign.DeadlineRule
	// Villages are the real villages and communities, registered as units.
	Villages []campaign.Unit
}

// UpsertReference writes the reference data in one transaction. Names follow the files; rows users
// may change later (targets, village units) are only inserted when missing, so a re-seed keeps edits.
func (db *DB) UpsertReference(ctx context.Context, ref *Reference) error {
	return db.g(ctx).Transaction(func(tx *gorm.DB) error {
		upsert := func(what string, rows any, key string, cols ...string) error {
			c := clause.OnConflict{Columns: []clause.Column{{Name: key}}, DoUpdates: clause.AssignmentColumns(cols)}
			if len(cols) == 0 {
				c = clause.OnConflict{Columns: []clause.Column{{Name: key}}, DoNothing: true}
			}
			if err := tx.Clauses(c).CreateInBatches(rows, 500).Error; err != nil {
				return fmt.Errorf("seed %s: %w", what, err)
			}
			return nil
		}
		if err := upsert("counties", mapRows(ref.Counties, func(c campaign.County) countyRow {
			return countyRow{Code: c.Code, Name: c.Name, Synthetic: c.Synthetic}
		}), "code", "name"); err != nil {
			return err
		}
		if err := upsert("towns", mapRows(ref.Towns, func(t campaign.Town) townRow {
			return townRow{Code: t.Code, CountyCode: t.CountyCode, Name: t.Name}
		}), "code", "name"); err != nil {
			return err
		}
		var depts []departmentRow
		for i, d := range ref.Departments {
			depts = append(depts, departmentRow{Code: d.Code, Name: d.Name, Note: d.Note, SortOrder: i + 1})
		}
		if err := upsert("departments", depts, "code", "name", "note", "sort_order"); err != nil {
			return err
		}
		if err := upsert("sectors", mapRows(ref.Sectors, func(s campaign.Sector) sectorRow {
			return sectorRow{Number: s.Number, Name: s.Name, Note: s.Note}
		}), "number", "name", "note"); err != nil {
			return err
		}
		type leadRow struct {
			SectorNumber   int
			DepartmentCode string
		}
		var leads []leadRow
		for _, s := range ref.Sectors {
			for _, d := range ref.SectorLeads[s.Number] {
				leads = append(leads, leadRow{SectorNumber: s.Number, DepartmentCode: d})
			}
		}
		if err := tx.Table("sector_lead_departments").Clauses(clause.OnConflict{DoNothing: true}).Create(&leads).Error; err != nil {
			return fmt.Errorf("seed sector lead departments: %w", err)
		}
		var cats []categoryRow
		for i, c := range ref.Categories {
			cats = append(cats, categoryRow{Code: c.Code, Name: c.Name, TargetGroup: string(c.TargetGroup), SortOrder: i + 1})
		}
		if err := upsert("unit categories", cats, "code", "name", "target_group", "sort_order"); err != nil {
			return err
		}
		if err := upsert("targets", mapRows(ref.Targets, func(t campaign.Target) targetRow {
			return targetRow{Year: t.Year, Village: t.Village, Enterprise: t.Enterprise}
		}), "year"); err != nil {
			return err
		}
		var stds []standardRow
		for i, s := range ref.Standards {
			stds = append(stds, standardRow{Code: s.Code, GroupName: s.Group, Text: s.Text, SortOrder: i + 1})
		}
		if err := upsert("creation standards", stds, "code", "group_name", "text", "sort_order"); err != nil {
			return err
		}
		for _, d := range ref.Deadlines {
			err := tx.Exec(`INSERT INTO reporting_deadlines (year, month, day, what) VALUES (?, ?, ?, ?)
				ON CONFLICT (year, month, day) DO UPDATE SET what = EXCLUDED.what`, d.Year, d.Month, d.Day, d.What).Error
			if err != nil {
				return fmt.Errorf("seed reporting deadline %02d-%02d: %w", d.Month, d.Day, err)
			}
		}
		if len(ref.Villages) > 0 {
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "division_code"}}, DoNothing: true}).
				CreateInBatches(mapRows(ref.Villages, toUnitRow), 500).Error; err != nil {
				return fmt.Errorf("seed villages: %w", err)
			}
		}
		return nil
	})
}
