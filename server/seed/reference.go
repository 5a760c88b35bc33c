package seed

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// Data holds the reference files copied from shared/data (see the README for their origin).
//
//go:embed data
var Data embed.FS

type referenceFile struct {
	Departments []struct {
		Code, Name string
		Note       *string
	}
	Sectors []struct {
		Number int
		Name   string
		Lead   []string
		Note   *string
	}
	UnitCategories []struct {
		Code, Name  string
		TargetGroup string `json:"target_group"`
	} `json:"unit_categories"`
	Targets []struct {
		Year                int
		Village, Enterprise float64
	}
	CreationStandards []struct {
		Code, Group, Text string
	} `json:"creation_standards"`
	ReportingDeadlines []struct {
		Due, What string
	} `json:"reporting_deadlines"`
}

// LoadReference reads the embedded reference files into the shape the storage layer writes.
func LoadReference() (*postgres.Reference, error) {
	raw, err := Data.ReadFile("data/reference.json")
	if err != nil {
		return nil, fmt.Errorf("read reference.json: %w", err)
	}
	var f referenceFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("parse reference.json: %w", err)
	}
	ref := &postgres.Reference{SectorLeads: map[int][]string{}}
	for _, d := range f.Departments {
		ref.Departments = append(ref.Departments, campaign.Department{Code: d.Code, Name: d.Name, Note: d.Note})
	}
	for _, s := range f.Sectors {
		ref.Sectors = append(ref.Sectors, campaign.Sector{Number: s.Number, Name: s.Name, Note: s.Note})
		ref.SectorLeads[s.Number] = s.Lead
	}
	for _, c := range f.UnitCategories {
		ref.Categories = append(ref.Categories, campaign.UnitCategory{Code: c.Code, Name: c.Name, TargetGroup: campaign.TargetGroup(c.TargetGroup)})
	}
	for _, t := range f.Targets {
		ref.Targets = append(ref.Targets, campaign.Target{Year: t.Year, Village: t.Village, Enterprise: t.Enterprise})
	}
	for _, s := range f.CreationStandards {
		ref.Standards = append(ref.Standards, campaign.CreationStandard{Code: s.Code, Group: s.Group, Text: s.Text})
	}
	for _, d := range f.ReportingDeadlines {
		rule, err := parseDeadline(d.Due, d.What)
		if err != nil {
			return nil, err
		}
		ref.Deadlines = append(ref.Deadlines, rule)
	}
	if err := loadDivisions(ref); err != nil {
		return nil, err
	}
	return ref, nil
}

// parseDeadline turns the transcription's "2020-05-10", "every year 07-15" and
// "every year 01-15 (of the next year)" into rules, and its English half-year notes into the
// Chinese the UI shows.
func parseDeadline(due, what string) (campaign.DeadlineRule, error) {
	switch {
	case strings.HasSuffix(what, ", first half"):
		what = "上半年" + strings.TrimSuffix(what, ", first half")
	case strings.HasSuffix(what, ", second half"):
		what = "上年下半年" + strings.TrimSuffix(what, ", second half")
	}
	if rest, ok := strings.CutPrefix(due, "every year "); ok {
		var m, d int
		if _, err := fmt.Sscanf(rest[:5], "%02d-%02d", &m, &d); err != nil {
			return campaign.DeadlineRule{}, fmt.Errorf("parse recurring deadline %q: %w", due, err)
		}
		return campaign.DeadlineRule{Month: m, Day: d, What: what}, nil
	}
	t, err := time.Parse(time.DateOnly, due)
	if err != nil {
		return campaign.DeadlineRule{}, fmt.Errorf("parse deadline %q: %w", due, err)
	}
	y := t.Year()
	return campaign.DeadlineRule{Year: &y, Month: int(t.Month()), Day: t.Day(), What: what}, nil
}

// loadDivisions reads the counties, towns and villages of shuozhou-divisions.csv; every village
// and community becomes a unit of category village_community in its real town.
func loadDivisions(ref *postgres.Reference) error {
	raw, err := Data.ReadFile("data/shuozhou-divisions.csv")
	if err != nil {
		return fmt.Errorf("read divisions: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	if _, err := r.Read(); err != nil { // header: level,code,name,parent_code
		return fmt.Errorf("read divisions header: %w", err)
	}
	countyName := map[string]string{}
	town := map[string]campaign.Town{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read divisions line %d: %w", line, err)
		}
		level, code, name, parent := rec[0], rec[1], rec[2], rec[3]
		switch level {
		case "county":
			ref.Counties = append(ref.Counties, campaign.County{Code: code, Name: name})
			countyName[code] = name
		case "town":
			t := campaign.Town{Code: code, CountyCode: parent, Name: name}
			ref.Towns = append(ref.Towns, t)
			town[code] = t
		case "village":
			t, ok := town[parent]
			if !ok {
				return fmt.Errorf("divisions line %d: village %s before its town %s", line, code, parent)
			}
			division := code
			ref.Villages = append(ref.Villages, campaign.Unit{
				Name:         name,
				CategoryCode: "village_community",
				SectorNumber: campaign.VillageSector,
				CountyCode:   t.CountyCode,
				TownCode:     t.Code,
				DivisionCode: &division,
				Address:      "朔州市" + countyName[t.CountyCode] + t.Name + name,
				EnrolledOn:   campaign.BaselineDate,
			})
		}
	}
	return nil
}

// Reference loads the plan's reference data into db; running it again changes nothing.
func Reference(ctx context.Context, db *postgres.DB) error {
	ref, err := LoadReference()
	if err != nil {
		return err
	}
	return db.UpsertReference(ctx, ref)
}
