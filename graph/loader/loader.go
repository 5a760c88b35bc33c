// Package loader holds the per-request dataloaders that batch the lookups of nested fields, so a
// list of N objects costs one query per field, not one per object.
package loader

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"zeroaccident/server/campaign"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/grids"
	"zeroaccident/server/postgres"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
)

// wait is how long a loader collects keys before it queries. gqlgen resolves the items of a list
// concurrently, so a short wait suffices; dataloadgen's 16 ms default would add that much to
// every nested level of a response.
const wait = 2 * time.Millisecond

// Loaders are one request's dataloaders.
type Loaders struct {
	County            *dataloadgen.Loader[string, campaign.County]
	Town              *dataloadgen.Loader[string, campaign.Town]
	TownsByCounty     *dataloadgen.Loader[string, []campaign.Town]
	Department        *dataloadgen.Loader[string, campaign.Department]
	Sector            *dataloadgen.Loader[int, campaign.Sector]
	LeadDepartments   *dataloadgen.Loader[int, []campaign.Department]
	LedSectors        *dataloadgen.Loader[string, []campaign.Sector]
	UnitCountByCounty *dataloadgen.Loader[string, int]
	UnitCountByTown   *dataloadgen.Loader[string, int]
	// Place is a town with its county, so a unit's town and county cost one query together.
	Place          *dataloadgen.Loader[string, postgres.Place]
	Category       *dataloadgen.Loader[string, campaign.UnitCategory]
	SafetyOfficers *dataloadgen.Loader[int64, []campaign.SafetyOfficer]
	UnitStats      *dataloadgen.Loader[int64, postgres.UnitStats]
	Unit           *dataloadgen.Loader[int64, campaign.Unit]
	Standard       *dataloadgen.Loader[string, campaign.CreationStandard]
	Inspection     *dataloadgen.Loader[int64, campaign.Inspection]
	Results        *dataloadgen.Loader[int64, []campaign.InspectionResult]
	FoundHazards   *dataloadgen.Loader[int64, []campaign.Hazard]
	Transitions    *dataloadgen.Loader[int64, []campaign.HazardTransition]
	Blacklist      *dataloadgen.Loader[int64, []campaign.BlacklistEntry]
	Attachments    *dataloadgen.Loader[files.Owner, []files.Attachment]
	User           *dataloadgen.Loader[int64, campaign.User]
	// Grid loads grids in the caller's grid scope (others are not found).
	Hazard *dataloadgen.Loader[int64, campaign.Hazard]
	// SelfCheckDueByTown counts the units without a self-check this month per town.
	SelfCheckDueByTown *dataloadgen.Loader[string, int]
	Grid               *dataloadgen.Loader[int64, campaign.Grid]
	GridWorkers        *dataloadgen.Loader[int64, []campaign.User]
	GridUnitCount      *dataloadgen.Loader[int64, int]
}

// Services are the application services the loaders read through.
type Services struct {
	Reference *reference.Service
	Registry  *registry.Service
	Events    *events.Service
	Files     *files.Service
	Grids     *grids.Service
}

// New returns fresh loaders for one request.
func New(s Services) *Loaders {
	ref, reg, ev := s.Reference, s.Registry, s.Events
	return &Loaders{
		Unit:               dataloadgen.NewMappedLoader(ev.UnitsByID, dataloadgen.WithWait(wait)),
		Standard:           dataloadgen.NewMappedLoader(ref.StandardsByCode, dataloadgen.WithWait(wait)),
		Inspection:         dataloadgen.NewMappedLoader(ev.InspectionsByID, dataloadgen.WithWait(wait)),
		Results:            dataloadgen.NewMappedLoader(orEmpty(ev.ResultsByInspection), dataloadgen.WithWait(wait)),
		FoundHazards:       dataloadgen.NewMappedLoader(orEmpty(ev.HazardsByInspection), dataloadgen.WithWait(wait)),
		Transitions:        dataloadgen.NewMappedLoader(orEmpty(ev.TransitionsByHazard), dataloadgen.WithWait(wait)),
		Blacklist:          dataloadgen.NewMappedLoader(orEmpty(ev.BlacklistByUnit), dataloadgen.WithWait(wait)),
		Attachments:        dataloadgen.NewMappedLoader(orEmpty(s.Files.ByOwners), dataloadgen.WithWait(wait)),
		User:               dataloadgen.NewMappedLoader(ev.UsersByID, dataloadgen.WithWait(wait)),
		Place:              dataloadgen.NewMappedLoader(reg.Places, dataloadgen.WithWait(wait)),
		Category:           dataloadgen.NewMappedLoader(reg.Categories, dataloadgen.WithWait(wait)),
		SafetyOfficers:     dataloadgen.NewMappedLoader(orEmpty(reg.SafetyOfficers), dataloadgen.WithWait(wait)),
		UnitStats:          dataloadgen.NewMappedLoader(reg.Stats, dataloadgen.WithWait(wait)),
		County:             dataloadgen.NewMappedLoader(ref.CountiesByCode, dataloadgen.WithWait(wait)),
		Town:               dataloadgen.NewMappedLoader(ref.TownsByCode, dataloadgen.WithWait(wait)),
		TownsByCounty:      dataloadgen.NewMappedLoader(orEmpty(ref.TownsByCounty), dataloadgen.WithWait(wait)),
		Department:         dataloadgen.NewMappedLoader(ref.DepartmentsByCode, dataloadgen.WithWait(wait)),
		Sector:             dataloadgen.NewMappedLoader(ref.SectorsByNumber, dataloadgen.WithWait(wait)),
		LeadDepartments:    dataloadgen.NewMappedLoader(orEmpty(ref.LeadDepartments), dataloadgen.WithWait(wait)),
		LedSectors:         dataloadgen.NewMappedLoader(orEmpty(ref.LedSectors), dataloadgen.WithWait(wait)),
		UnitCountByCounty:  dataloadgen.NewMappedLoader(orEmpty(ref.UnitCountsByCounty), dataloadgen.WithWait(wait)),
		UnitCountByTown:    dataloadgen.NewMappedLoader(orEmpty(ref.UnitCountsByTown), dataloadgen.WithWait(wait)),
		Hazard:             dataloadgen.NewMappedLoader(ev.HazardsByID, dataloadgen.WithWait(wait)),
		Grid:               dataloadgen.NewMappedLoader(s.Grids.GridsByID, dataloadgen.WithWait(wait)),
		GridWorkers:        dataloadgen.NewMappedLoader(orEmpty(s.Grids.WorkersByGrid), dataloadgen.WithWait(wait)),
		GridUnitCount:      dataloadgen.NewMappedLoader(orEmpty(s.Grids.UnitCounts), dataloadgen.WithWait(wait)),
		SelfCheckDueByTown: dataloadgen.NewMappedLoader(orEmpty(reg.SelfCheckDueByTown), dataloadgen.WithWait(wait)),
	}
}

// orEmpty makes a key the fetch did not return mean "none" (an empty list, a zero count) rather
// than dataloadgen's ErrNotFound: a county without units simply has none.
func orEmpty[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error)) func(context.Context, []K) (map[K]V, error) {
	return func(ctx context.Context, keys []K) (map[K]V, error) {
		m, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		if m == nil {
			m = make(map[K]V, len(keys))
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				var zero V
				m[k] = zero
			}
		}
		return m, nil
	}
}

type ctxKey struct{}

// Middleware gives every request its own loaders (a cache shared between requests would leak one
// caller's scope into another's answer).
func Middleware(s Services, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), ctxKey{}, New(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(ctxKey{}).(*Loaders)
}

// PrefetchCounties starts the loads of a list of counties' nested fields in one batch each: their
// towns (waited for, since the towns' own fields need their codes), the towns' unit counts and the
// counties' unit counts. A town's county is already at hand and is primed without a query.
func PrefetchCounties(ctx context.Context, counties []campaign.County, towns, townCount, countyCount bool) error {
	l := For(ctx)
	codes := make([]string, len(counties))
	for i, c := range counties {
		codes[i] = c.Code
		l.County.Prime(c.Code, c)
	}
	if countyCount {
		l.UnitCountByCounty.LoadAllThunk(ctx, codes)
	}
	if !towns {
		return nil
	}
	if !townCount {
		l.TownsByCounty.LoadAllThunk(ctx, codes)
		return nil
	}
	lists, err := l.TownsByCounty.LoadAll(ctx, codes)
	if err != nil {
		return err
	}
	var townCodes []string
	for _, ts := range lists {
		for _, t := range ts {
			townCodes = append(townCodes, t.Code)
		}
	}
	l.UnitCountByTown.LoadAllThunk(ctx, townCodes)
	return nil
}

// PrefetchSectors starts the loads of a list of sectors' lead departments and, when asked for,
// the sectors those departments lead, one batch each.
func PrefetchSectors(ctx context.Context, sectors []campaign.Sector, leads, ledSectors bool) error {
	if !leads {
		return nil
	}
	l := For(ctx)
	numbers := make([]int, len(sectors))
	for i, s := range sectors {
		numbers[i] = s.Number
		l.Sector.Prime(s.Number, s)
	}
	if !ledSectors {
		l.LeadDepartments.LoadAllThunk(ctx, numbers)
		return nil
	}
	lists, err := l.LeadDepartments.LoadAll(ctx, numbers)
	if err != nil {
		return err
	}
	var codes []string
	for _, ds := range lists {
		for _, d := range ds {
			codes = append(codes, d.Code)
		}
	}
	l.LedSectors.LoadAllThunk(ctx, codes)
	return nil
}
