package campaign

import "time"

// Inspection kinds (检查方式); a hazard's source is the kind of the inspection that found it.
const (
	InspectionSelfCheck    = "SELF_CHECK"    // 自查
	InspectionGridPatrol   = "GRID_PATROL"   // 网格巡查
	InspectionTown         = "TOWN"          // 乡镇检查
	InspectionCounty       = "COUNTY"        // 县级检查
	InspectionDepartment   = "DEPARTMENT"    // 部门检查
	InspectionSupervision  = "SUPERVISION"   // 督导
	InspectionUnannounced  = "UNANNOUNCED"   // 明查暗访
	InspectionExpert       = "EXPERT"        // 专家会诊
	InspectionPublicReport = "PUBLIC_REPORT" // 群众举报
)

// InspectionKinds are the kinds in the order the campaign lists them.
var InspectionKinds = []string{InspectionSelfCheck, InspectionGridPatrol, InspectionTown, InspectionCounty,
	InspectionDepartment, InspectionSupervision, InspectionUnannounced, InspectionExpert, InspectionPublicReport}

// SelfFound reports whether a hazard of this source was found by the unit itself (自查), as the
// national campaigns count 自查 against 检查 (every other source).
func SelfFound(source string) bool { return source == InspectionSelfCheck }

// Standard results.
const (
	ResultMet           = "MET"
	ResultNotMet        = "NOT_MET"
	ResultNotApplicable = "NOT_APPLICABLE"
)

// Inspection is a 检查/排查 of a unit.
type Inspection struct {
	ID             int64
	UnitID         int64
	CountyCode     string
	InspectedOn    time.Time
	Kind           string
	InspectorID    *int64
	InspectorName  string
	InspectingBody string
	Summary        string
	CreatedAt      time.Time
}

// InspectionResult is an inspection's finding on one creation standard.
type InspectionResult struct {
	InspectionID int64
	StandardCode string
	Result       string
	Remark       string
}

// Incident is a 事故 at a unit.
type Incident struct {
	ID              int64
	UnitID          int64
	CountyCode      string
	SectorNumber    int
	OccurredAt      time.Time
	Kind            string
	Deaths          int
	SeriousInjuries int
	Injuries        int
	DirectLossWan   float64
	Severity        Severity
	Description     string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
}

// Year is the calendar year an incident counts in: China Standard Time, as the plan's years are.
func (i Incident) Year() int { return i.OccurredAt.In(Local).Year() }

// UnitYear is one year of a unit's zero-accident history.
type UnitYear struct {
	Year         int
	Active       bool
	Incidents    int
	ZeroAccident bool
	Certified    bool
	CertifiedBy  *string
	CertifiedAt  *time.Time
}

// Certification is an authority's confirmation (认定) of a unit's zero-accident year.
type Certification struct {
	UnitID          int64
	Year            int
	CertifiedByName string
	CertifiedAt     time.Time
}

// BlacklistEntry is a 黑名单 listing of a unit.
type BlacklistEntry struct {
	ID            int64
	UnitID        int64
	CountyCode    string
	Reason        string
	ListedOn      time.Time
	DecidedBy     string
	RemovedOn     *time.Time
	RemovedReason *string
	Version       int
}

// History builds a unit's zero-accident years from its enrolment year to the given year, from its
// incident counts and certifications by year.
func History(u Unit, through int, incidents map[int]int, certs map[int]Certification) []UnitYear {
	var out []UnitYear
	for y := u.EnrolledOn.In(Local).Year(); y <= through; y++ {
		uy := UnitYear{Year: y, Active: ActiveIn(u.EnrolledOn, u.ArchivedOn, y), Incidents: incidents[y]}
		uy.ZeroAccident = ZeroAccident(u.EnrolledOn, u.ArchivedOn, y, incidents[y])
		if c, ok := certs[y]; ok {
			name, at := c.CertifiedByName, c.CertifiedAt
			uy.Certified, uy.CertifiedBy, uy.CertifiedAt = true, &name, &at
		}
		out = append(out, uy)
	}
	return out
}
