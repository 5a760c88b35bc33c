package campaign

import (
	"testing"
	"time"
)

func str(s string) *string { return &s }

func TestBuildTargetReport(t *testing.T) {
	target := &Target{Year: 2021, Village: 0.78, Enterprise: 0.88}
	rows := []StatRow{
		{CountyCode: str("140602"), TargetGroup: str("village"), Units: 100, ZeroAccidentUnits: 78},
		{CountyCode: str("140602"), TargetGroup: str("enterprise"), Units: 50, ZeroAccidentUnits: 40},
		{CountyCode: str("140603"), TargetGroup: str("village"), Units: 100, ZeroAccidentUnits: 70},
	}
	rep := BuildTargetReport(2021, target, rows)
	if len(rep.Counties) != 2 {
		t.Fatalf("counties: %d", len(rep.Counties))
	}
	a, b := rep.Counties[0], rep.Counties[1]
	cases := []struct {
		name string
		got  any
		want any
	}{
		{"exactly at the target is met", *a.VillageMet, true},
		{"below the target is not", *a.EnterpriseMet, false},
		{"enterprise gap", round(*a.EnterpriseGap), round(0.8 - 0.88)},
		{"no enterprises: no verdict", b.EnterpriseMet == nil && b.EnterpriseRate == nil, true},
		{"total village units", rep.Total.VillageUnits, 200},
		{"total village rate", *rep.Total.VillageRate, 0.74},
		{"total village met", *rep.Total.VillageMet, false},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if noTarget := BuildTargetReport(2030, nil, rows); noTarget.Total.VillageGap != nil || noTarget.Total.VillageRate == nil {
		t.Errorf("without a target: %+v", noTarget.Total)
	}
}

func round(f float64) float64 { return float64(int(f*1e6+0.5*sign(f))) / 1e6 }

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func TestBuildTable1(t *testing.T) {
	counties := []County{{Code: "140602", Name: "朔城区"}, {Code: "140603", Name: "平鲁区"}}
	cats := []UnitCategory{{Code: "village_community"}, {Code: "school"}}
	rows := []StatRow{
		{CountyCode: str("140602"), CategoryCode: str("village_community"), Units: 10, ZeroAccidentUnits: 8},
		{CountyCode: str("140602"), CategoryCode: str("school"), Units: 3, ZeroAccidentUnits: 3},
		{CountyCode: str("140999"), CategoryCode: str("school"), Units: 99, ZeroAccidentUnits: 99}, // not listed: left out
	}
	tb := BuildTable1(2021, time.Date(2021, 12, 31, 0, 0, 0, 0, Local), counties, cats, rows)
	if len(tb.Rows) != 2 || tb.Rows[1].Total != 0 || len(tb.Rows[1].Cells) != 2 {
		t.Fatalf("a county without units still has its row of zeros: %+v", tb.Rows)
	}
	if tb.Rows[0].Total != 13 || tb.Rows[0].ZeroAccident != 11 || tb.Totals.Total != 13 || tb.Totals.Cells[1].Total != 3 {
		t.Fatalf("counts: %+v / %+v", tb.Rows[0], tb.Totals)
	}
}

func TestTable1Date(t *testing.T) {
	for _, c := range []struct {
		year  int
		today string
		want  string
	}{
		{2021, "2026-11-29", "2021-12-31"},
		{2026, "2026-11-29", "2026-11-29"},
		{2026, "2026-12-31", "2026-12-31"},
	} {
		today, _ := time.ParseInLocation(time.DateOnly, c.today, Local)
		if got := Table1Date(c.year, today).Format(time.DateOnly); got != c.want {
			t.Errorf("Table1Date(%d, %s) = %s, want %s", c.year, c.today, got, c.want)
		}
	}
}
