package campaign

import "time"

// ActiveIn reports whether a unit counts in a calendar year: enrolled by the end of the year and
// not archived before the year began.
func ActiveIn(enrolledOn time.Time, archivedOn *time.Time, year int) bool {
	if enrolledOn.Year() > year {
		return false
	}
	return archivedOn == nil || archivedOn.Year() >= year
}

// ZeroAccident is a unit's zero-accident status for a year: active in it and without any incident
// in it. A single incident vetoes the year (一票否决), whatever its severity.
func ZeroAccident(enrolledOn time.Time, archivedOn *time.Time, year, incidents int) bool {
	return ActiveIn(enrolledOn, archivedOn, year) && incidents == 0
}
