package campaign

import "time"

// Unit is a 创建单位: a village, school, hospital, mine, shop… that must reach zero accidents.
type Unit struct {
	ID           int64
	Name         string
	CategoryCode string
	SectorNumber int
	CountyCode   string
	TownCode     string
	// GridID is the grid (网格) the unit is in, if any: at most one.
	GridID         *int64
	DivisionCode   *string
	Address        string
	Longitude      *float64
	Latitude       *float64
	CreditCode     *string
	PrincipalName  string
	PrincipalPhone string
	CityLevel      bool
	EnrolledOn     time.Time
	ArchivedOn     *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int
}

// VillageSector is the sector villages and communities are registered under: 农业、农村 (18),
// whose lead department, 市农业农村局, oversees rural work. The plan itself assigns villages to the
// county and town governments; the sector only decides which department browses them.
const VillageSector = 18

// BaselineDate is the plan's baseline for the register (附表1: 截至2019年12月31日).
var BaselineDate = time.Date(2019, 12, 31, 0, 0, 0, 0, Local)

// SafetyOfficer is a unit's 安全员.
type SafetyOfficer struct {
	ID       int64
	UnitID   int64
	Name     string
	Phone    string
	FullTime bool
}

// AuditEntry is one row of the audit log as users read it.
type AuditEntry struct {
	ID            int64
	At            time.Time
	ActorUsername string
	ActorRole     string
	Action        string
	Before, After *string
}
