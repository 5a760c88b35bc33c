package campaign

// The field roles of issue 12, under the names the contract fixes. The people branch adds them to
// Roles with their accounts; until that merge the hazard step rules can already name them.
const (
	RoleTownAdmin   Role = "TOWN_ADMIN"
	RoleGridWorker  Role = "GRID_WORKER"
	RoleUnitOfficer Role = "UNIT_OFFICER"
)
