package model

import "zeroaccident/server/campaign"

// StatRow is a pivot row with its dimension objects already looked up. gqlgen runs every field
// that has a resolver in a goroutine of its own; a province-sized pivot has 30,000 rows, and
// resolving each row's county and category that way cost seconds (docs/benchmarks.md). Plain
// fields are marshalled in place.
type StatRow struct {
	campaign.StatRow
	County           *campaign.County
	Town             *campaign.Town
	Sector           *campaign.Sector
	Department       *campaign.Department
	Category         *campaign.UnitCategory
	TargetGroup      *campaign.TargetGroup
	ZeroAccidentRate *float64
	// Source shadows the domain row's string with the GraphQL enum.
	Source *InspectionKind
}
