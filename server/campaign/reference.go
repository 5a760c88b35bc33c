package campaign

import (
	"slices"
	"time"
)

// County is a county-level division (县/市/区, or the economic development zone).
type County struct {
	Code      string
	Name      string
	Synthetic bool
}

// Town is a 乡镇/街道.
type Town struct {
	Code       string
	CountyCode string
	Name       string
}

// Department is a city department that may lead sectors (牵头部门).
type Department struct {
	Code string
	Name string
	Note *string
}

// Sector is one of the plan's sector responsibilities (行业领域).
type Sector struct {
	Number int
	Name   string
	Note   *string
}

// TargetGroup is what the plan sets yearly targets for.
type TargetGroup string

const (
	TargetGroupVillage    TargetGroup = "village"
	TargetGroupEnterprise TargetGroup = "enterprise"
)

// UnitCategory is one of the 11 categories of 附表1.
type UnitCategory struct {
	Code        string
	Name        string
	TargetGroup TargetGroup
}

// Target is a year's zero-accident rate targets as fractions.
type Target struct {
	Year       int
	Village    float64
	Enterprise float64
}

// CreationStandard is one of the 10 creation standards (创建工作标准).
type CreationStandard struct {
	Code  string
	Group string
	Text  string
}

// ReportingDeadline is a concrete date on which a report is due.
type ReportingDeadline struct {
	Due       time.Time
	What      string
	Recurring bool
}

// DeadlineRule is a stored rule: a one-off date when Year is set, else a date every year.
type DeadlineRule struct {
	Year       *int
	Month, Day int
	What       string
}

// DeadlinesIn expands the rules into the concrete deadlines of one year, in date order.
func DeadlinesIn(rules []DeadlineRule, year int, loc *time.Location) []ReportingDeadline {
	var out []ReportingDeadline
	for _, r := range rules {
		if r.Year != nil && *r.Year != year {
			continue
		}
		out = append(out, ReportingDeadline{
			Due:       time.Date(year, time.Month(r.Month), r.Day, 0, 0, 0, 0, loc),
			What:      r.What,
			Recurring: r.Year == nil,
		})
	}
	slices.SortStableFunc(out, func(a, b ReportingDeadline) int { return a.Due.Compare(b.Due) })
	return out
}

// Local is the time zone the plan's dates and calendar years are in (China Standard Time).
var Local = time.FixedZone("CST", 8*60*60)

// DayOf is the calendar day of t in Shuozhou, as midnight China Standard Time: deadlines,
// enrolments and "today" are days, not instants.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(Local).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Local)
}
