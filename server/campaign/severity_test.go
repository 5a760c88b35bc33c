package campaign

import (
	"fmt"
	"testing"
)

func TestSeverityOf(t *testing.T) {
	cases := []struct {
		deaths, serious int
		loss            float64
		want            Severity
	}{
		{0, 0, 0, SeverityGeneral},
		{2, 9, 999.99, SeverityGeneral},
		// 较大: 3 deaths, 10 serious injuries or 1000万 — each bound on its own
		{3, 0, 0, SeverityLarger},
		{0, 10, 0, SeverityLarger},
		{0, 0, 1000, SeverityLarger},
		{9, 49, 4999.99, SeverityLarger},
		// 重大: 10 deaths, 50 serious injuries, 5000万
		{10, 0, 0, SeverityMajor},
		{0, 50, 0, SeverityMajor},
		{0, 0, 5000, SeverityMajor},
		{29, 99, 9999.99, SeverityMajor},
		// 特别重大: 30 deaths, 100 serious injuries, 1亿
		{30, 0, 0, SeverityExtraordinary},
		{0, 100, 0, SeverityExtraordinary},
		{0, 0, 10000, SeverityExtraordinary},
		// the highest class any measure reaches wins
		{1, 60, 10, SeverityMajor},
		{2, 1, 12000, SeverityExtraordinary},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d deaths %d serious %.2f wan", c.deaths, c.serious, c.loss), func(t *testing.T) {
			if got := SeverityOf(c.deaths, c.serious, c.loss); got != c.want {
				t.Fatalf("SeverityOf = %s, want %s", got, c.want)
			}
		})
	}
}
