package policy

import (
	"slices"

	"zeroaccident/server/campaign"
)

// GridScope is the row filter on grids: CountyCode and TownCode when set, IDs when not nil (a grid
// worker's own grids). None: no grid at all.
type GridScope struct {
	CountyCode, TownCode string
	IDs                  []int64
	None                 bool
}

// GridReadScope is the grids the actor may see: every grid for the city office and analysts, the
// county's for a county admin, the town's for a town admin and a unit officer, its own for a grid
// worker. Department users lead sectors, not places, and see none.
func GridReadScope(a *Actor) GridScope {
	switch a.Role {
	case CityAdmin, Analyst:
		return GridScope{}
	case CountyAdmin:
		return GridScope{CountyCode: a.CountyCode}
	case TownAdmin, UnitOfficer:
		return GridScope{CountyCode: a.CountyCode, TownCode: a.TownCode}
	case GridWorker:
		return GridScope{CountyCode: a.CountyCode, TownCode: a.TownCode, IDs: append([]int64{}, a.GridIDs...)}
	}
	return GridScope{None: true}
}

// CanReadGrid reports whether a grid is in the actor's grid scope.
func CanReadGrid(a *Actor, g campaign.Grid) bool {
	s := GridReadScope(a)
	switch {
	case s.None,
		s.CountyCode != "" && s.CountyCode != g.CountyCode,
		s.TownCode != "" && s.TownCode != g.TownCode,
		s.IDs != nil && !slices.Contains(s.IDs, g.ID):
		return false
	}
	return true
}

// ManageGrids allows defining a town's grids (name, units, workers): its town admin, its county's
// admin, the city office.
func ManageGrids(a *Actor, countyCode, townCode string) error {
	switch {
	case a.Role == CityAdmin:
		return nil
	case a.Role == CountyAdmin && a.CountyCode == countyCode:
		return nil
	case a.Role == TownAdmin && a.TownCode == townCode:
		return nil
	}
	return campaign.ErrForbidden
}
