package campaign

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, Local)
	if err != nil {
		panic(err)
	}
	return t
}

func dayPtr(s string) *time.Time {
	t := day(s)
	return &t
}

func TestZeroAccident(t *testing.T) {
	cases := []struct {
		name      string
		enrolled  string
		archived  *time.Time
		year      int
		incidents int
		active    bool
		zero      bool
	}{
		{"baseline unit, no incident", "2019-12-31", nil, 2020, 0, true, true},
		{"one incident vetoes the year", "2019-12-31", nil, 2020, 1, true, false},
		{"enrolled on the last day of the year counts", "2021-12-31", nil, 2021, 0, true, true},
		{"enrolled the next year does not count", "2022-01-01", nil, 2021, 0, false, false},
		{"archived during the year still counts", "2019-12-31", dayPtr("2021-06-30"), 2021, 0, true, true},
		{"archived on 1 January counts for that year", "2019-12-31", dayPtr("2021-01-01"), 2021, 0, true, true},
		{"archived before the year began stops counting", "2019-12-31", dayPtr("2020-12-31"), 2021, 0, false, false},
		{"inactive and vetoed is simply not counted", "2023-03-01", nil, 2022, 2, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ActiveIn(day(c.enrolled), c.archived, c.year); got != c.active {
				t.Errorf("ActiveIn = %v, want %v", got, c.active)
			}
			if got := ZeroAccident(day(c.enrolled), c.archived, c.year, c.incidents); got != c.zero {
				t.Errorf("ZeroAccident = %v, want %v", got, c.zero)
			}
		})
	}
}
