package policy

import (
	"fmt"
	"testing"

	"zeroaccident/server/campaign"
)

var (
	city     = &Actor{UserID: 1, Role: CityAdmin}
	county   = &Actor{UserID: 2, Role: CountyAdmin, CountyCode: "140602"}
	emergent = &Actor{UserID: 3, Role: DepartmentUser, DepartmentCode: "emergency", Sectors: []int{1, 2, 3}}
	idle     = &Actor{UserID: 4, Role: DepartmentUser, DepartmentCode: "nothing", Sectors: nil}
	analyst  = &Actor{UserID: 5, Role: Analyst}
	town     = &Actor{UserID: 6, Role: TownAdmin, CountyCode: "140602", TownCode: "140602100"}
	grid     = &Actor{UserID: 7, Role: GridWorker, CountyCode: "140602", TownCode: "140602100", GridIDs: []int64{11}}
	gridless = &Actor{UserID: 8, Role: GridWorker, CountyCode: "140602", TownCode: "140602100"}
	officer  = &Actor{UserID: 9, Role: UnitOfficer, CountyCode: "140602", TownCode: "140602100", UnitID: 101}
)

var actors = []*Actor{city, county, emergent, idle, analyst, town, grid, gridless, officer}

func gridOf(id int64) *int64 { return &id }

// unit 101 of 神头镇 (140602100) in grid 11, unit 102 beside it outside any grid, unit 103 of
// another town of 朔城区 in grid 12, unit 104 of 平鲁区.
var (
	inGrid    = campaign.Unit{ID: 101, CountyCode: "140602", TownCode: "140602100", SectorNumber: 18, GridID: gridOf(11)}
	noGrid    = campaign.Unit{ID: 102, CountyCode: "140602", TownCode: "140602100", SectorNumber: 2}
	otherTown = campaign.Unit{ID: 103, CountyCode: "140602", TownCode: "140602101", SectorNumber: 18, GridID: gridOf(12)}
	otherCnty = campaign.Unit{ID: 104, CountyCode: "140603", TownCode: "140603100", SectorNumber: 4}
)

func TestReadScope(t *testing.T) {
	// readers[unit] lists who may read it
	readers := map[int64][]*Actor{
		inGrid.ID:    {city, analyst, county, town, grid, officer},
		noGrid.ID:    {city, analyst, county, emergent, town},
		otherTown.ID: {city, analyst, county},
		otherCnty.ID: {city, analyst},
	}
	for _, u := range []campaign.Unit{inGrid, noGrid, otherTown, otherCnty} {
		for _, a := range actors {
			want := false
			for _, r := range readers[u.ID] {
				want = want || r == a
			}
			t.Run(fmt.Sprintf("%s%d/unit%d", a.Role, a.UserID, u.ID), func(t *testing.T) {
				if got := CanRead(a, u); got != want {
					t.Fatalf("CanRead = %v, want %v", got, want)
				}
			})
		}
	}
	if s := ReadScope(idle); s.Sectors == nil || len(s.Sectors) != 0 || s.All() {
		t.Fatalf("a department without sectors must get an empty, non-nil filter: %+v", s)
	}
	if s := ReadScope(gridless); s.GridIDs == nil || len(s.GridIDs) != 0 || s.All() {
		t.Fatalf("a grid worker without grids must get an empty, non-nil filter: %+v", s)
	}
	if !ReadScope(analyst).All() || ReadScope(county).All() || ReadScope(officer).All() {
		t.Fatal("All() is wrong")
	}
	if ReadScope(county).BelowCounty() || !ReadScope(town).BelowCounty() || !ReadScope(officer).BelowCounty() || !ReadScope(gridless).BelowCounty() {
		t.Fatal("BelowCounty() is wrong")
	}
	if !ReadScope(&Actor{Role: "NOBODY"}).BelowCounty() || ReadScope(&Actor{Role: "NOBODY"}).Contains(inGrid) {
		t.Fatal("an unknown role must read nothing")
	}
}

// step is the rule of taking a step of a general hazard of unit u found by source.
func step(u campaign.Unit, source string, s campaign.HazardStep) func(*Actor) error {
	return func(a *Actor) error {
		if !HazardStep(a, u, campaign.Hazard{Source: source, Level: campaign.HazardGeneral}, s).Allowed {
			return campaign.ErrForbidden
		}
		return nil
	}
}

func TestWriteRules(t *testing.T) {
	u := func(county string, sector int, cityLevel bool) campaign.Unit {
		return campaign.Unit{CountyCode: county, SectorNumber: sector, CityLevel: cityLevel}
	}
	type rule struct {
		name string
		run  func(*Actor) error
	}
	rules := []rule{
		{"edit units in 140602", func(a *Actor) error { return EditUnitsIn(a, "140602") }},
		{"record events at 140602 sector 2", func(a *Actor) error { return RecordEvents(a, noGrid) }},
		{"record events at 140603 sector 4", func(a *Actor) error { return RecordEvents(a, otherCnty) }},
		{"record events in grid 11", func(a *Actor) error { return RecordEvents(a, inGrid) }},
		{"record events in another town", func(a *Actor) error { return RecordEvents(a, otherTown) }},
		{"report incidents in grid 11", func(a *Actor) error { return RecordIncidents(a, inGrid) }},
		{"rectify in grid 11", step(inGrid, campaign.InspectionCounty, campaign.StepRectify)},
		{"verify in grid 11", step(inGrid, campaign.InspectionCounty, campaign.StepVerify)},
		{"close in grid 11", step(inGrid, campaign.InspectionCounty, campaign.StepClose)},
		{"reopen in grid 11", step(inGrid, campaign.InspectionCounty, campaign.StepReopen)},
		{"close a self-found hazard in grid 11", step(inGrid, campaign.InspectionSelfCheck, campaign.StepClose)},
		{"reopen a self-found hazard in grid 11", step(inGrid, campaign.InspectionSelfCheck, campaign.StepReopen)},
		{"close a self-found hazard in another town", step(otherTown, campaign.InspectionSelfCheck, campaign.StepClose)},
		{"certify in grid 11", func(a *Actor) error { return Certify(a, inGrid) }},
		{"blacklist in sector 18", func(a *Actor) error { return Blacklist(a, 18) }},
		{"certify a county unit of 140602", func(a *Actor) error { return Certify(a, u("140602", 2, false)) }},
		{"certify a city-level unit of sector 2", func(a *Actor) error { return Certify(a, u("140602", 2, true)) }},
		{"blacklist in sector 2", func(a *Actor) error { return Blacklist(a, 2) }},
		{"manage users", ManageUsers},
		{"manage targets", ManageTargets},
		{"use the workbench", UseWorkbench},
	}
	// allowed[rule] lists the actors for whom the rule answers nil
	allowed := map[string][]*Actor{
		"edit units in 140602":                      {city, county},
		"record events at 140602 sector 2":          {city, county, emergent, town},
		"record events at 140603 sector 4":          {city},
		"record events in grid 11":                  {city, county, town, grid, officer},
		"record events in another town":             {city, county},
		"report incidents in grid 11":               {city, county, town},
		"rectify in grid 11":                        {city, county, town, grid, officer},
		"verify in grid 11":                         {city, county, town},
		"close in grid 11":                          {city, county, town},
		"reopen in grid 11":                         {city, county, town},
		"close a self-found hazard in grid 11":      {city, county, town, officer},
		"reopen a self-found hazard in grid 11":     {city, county, town},
		"close a self-found hazard in another town": {city, county},
		"certify in grid 11":                        {city, county},
		"blacklist in sector 18":                    {city},
		"certify a county unit of 140602":           {city, county},
		"certify a city-level unit of sector 2":     {city, emergent},
		"blacklist in sector 2":                     {city, emergent},
		"manage users":                              {city},
		"manage targets":                            {city},
		"use the workbench":                         {city, analyst},
	}
	for _, r := range rules {
		for _, a := range actors {
			want := false
			for _, ok := range allowed[r.name] {
				want = want || ok == a
			}
			t.Run(fmt.Sprintf("%s/%s%d", r.name, a.Role, a.UserID), func(t *testing.T) {
				err := r.run(a)
				if (err == nil) != want {
					t.Fatalf("err = %v, want allowed %v", err, want)
				}
				if err != nil && campaign.ErrorCode(err) != campaign.EFORBIDDEN {
					t.Fatalf("refusal is not FORBIDDEN: %v", err)
				}
			})
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for _, c := range []struct {
		a        *Actor
		in, want string
	}{
		{analyst, "13912341119", "139****1119"},
		{analyst, "0349-2345678", "034****5678"},
		{analyst, "", ""},
		{county, "13912341119", "13912341119"},
	} {
		if got := MaskPhone(c.a, c.in); got != c.want {
			t.Errorf("MaskPhone(%s, %q) = %q, want %q", c.a.Role, c.in, got, c.want)
		}
	}
}
