package policy

import (
	"testing"

	"zeroaccident/server/campaign"
)

var (
	city     = &Actor{UserID: 1, Role: CityAdmin}
	county   = &Actor{UserID: 2, Role: CountyAdmin, CountyCode: "140602"}
	emergent = &Actor{UserID: 3, Role: DepartmentUser, DepartmentCode: "emergency", Sectors: []int{1, 2, 3}}
	idle     = &Actor{UserID: 4, Role: DepartmentUser, DepartmentCode: "nothing", Sectors: nil}
	analyst  = &Actor{UserID: 5, Role: Analyst}
)

func TestReadScope(t *testing.T) {
	cases := []struct {
		name   string
		a      *Actor
		county string
		sector int
		want   bool
	}{
		{"city admin reads everything", city, "140603", 18, true},
		{"analyst reads everything", analyst, "140603", 18, true},
		{"county admin in its county", county, "140602", 18, true},
		{"county admin elsewhere", county, "140603", 18, false},
		{"department in its sector", emergent, "140603", 2, true},
		{"department outside its sectors", emergent, "140602", 4, false},
		{"department leading no sector sees nothing", idle, "140602", 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CanRead(c.a, c.county, c.sector); got != c.want {
				t.Fatalf("CanRead = %v, want %v", got, c.want)
			}
		})
	}
	if s := ReadScope(idle); s.Sectors == nil || len(s.Sectors) != 0 || s.All() {
		t.Fatalf("a department without sectors must get an empty, non-nil filter: %+v", s)
	}
	if !ReadScope(analyst).All() || ReadScope(county).All() {
		t.Fatal("All() is wrong")
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
		{"record events at 140602 sector 2", func(a *Actor) error { return RecordEvents(a, "140602", 2) }},
		{"record events at 140603 sector 4", func(a *Actor) error { return RecordEvents(a, "140603", 4) }},
		{"certify a county unit of 140602", func(a *Actor) error { return Certify(a, u("140602", 2, false)) }},
		{"certify a city-level unit of sector 2", func(a *Actor) error { return Certify(a, u("140602", 2, true)) }},
		{"blacklist in sector 2", func(a *Actor) error { return Blacklist(a, 2) }},
		{"manage users", ManageUsers},
		{"manage targets", ManageTargets},
		{"use the workbench", UseWorkbench},
	}
	// allowed[rule] lists the actors for whom the rule answers nil
	allowed := map[string][]*Actor{
		"edit units in 140602":                  {city, county},
		"record events at 140602 sector 2":      {city, county, emergent},
		"record events at 140603 sector 4":      {city},
		"certify a county unit of 140602":       {city, county},
		"certify a city-level unit of sector 2": {city, emergent},
		"blacklist in sector 2":                 {city, emergent},
		"manage users":                          {city},
		"manage targets":                        {city},
		"use the workbench":                     {city, analyst},
	}
	for _, r := range rules {
		for _, a := range []*Actor{city, county, emergent, idle, analyst} {
			want := false
			for _, ok := range allowed[r.name] {
				want = want || ok == a
			}
			t.Run(r.name+"/"+string(a.Role)+a.CountyCode+a.DepartmentCode, func(t *testing.T) {
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
