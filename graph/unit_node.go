package graph

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"zeroaccident/graph/loader"
	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// unitRelations are the rows a set of units' fields show, by key.
type unitRelations struct {
	places     map[string]postgres.Place
	categories map[string]campaign.UnitCategory
	sectors    map[int]campaign.Sector
	officers   map[int64][]campaign.SafetyOfficer
	stats      map[int64]postgres.UnitStats
}

// unitWants says which related rows the selected fields of a unit need.
type unitWants struct{ place, category, sector, officers, stats bool }

func wantsOf(fields map[string]bool) unitWants {
	return unitWants{
		place:    fields["county"] || fields["town"],
		category: fields["category"],
		sector:   fields["sector"],
		officers: fields["safetyOfficers"],
		stats: fields["openHazardCount"] || fields["overdueHazardCount"] || fields["lastSelfCheckOn"] ||
			fields["selfCheckedThisMonth"] || fields["incidentCount"] || fields["zeroAccident"] || fields["blacklisted"],
	}
}

// unitKeys are the keys of the related rows of a set of units.
type unitKeys struct {
	ids     []int64
	towns   []string
	cats    []string
	sectors []int
}

func keysOf(units []campaign.Unit) unitKeys {
	k := unitKeys{make([]int64, len(units)), make([]string, len(units)), make([]string, len(units)), make([]int, len(units))}
	for i, u := range units {
		k.ids[i], k.towns[i], k.cats[i], k.sectors[i] = u.ID, u.TownCode, u.CategoryCode, u.SectorNumber
	}
	return k
}

// unitPage turns a page of units into API units with the selected related rows, read directly with
// one statement per kind of row, all at once: the page knows every key, so waiting out a
// dataloader's collection window would only add latency.
func (r *Resolver) unitPage(ctx context.Context, units []campaign.Unit, fields map[string]bool) ([]*model.Unit, error) {
	if len(units) == 0 {
		return nil, nil
	}
	w, k := wantsOf(fields), keysOf(units)
	var rel unitRelations
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	run := func(want bool, f func() error) {
		if !want {
			return
		}
		wg.Go(func() {
			if err := f(); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	run(w.place, func() (err error) { rel.places, err = r.Registry.Places(ctx, k.towns); return })
	run(w.category, func() (err error) { rel.categories, err = r.Registry.Categories(ctx, k.cats); return })
	run(w.sector, func() (err error) { rel.sectors, err = r.Reference.SectorsByNumber(ctx, k.sectors); return })
	run(w.officers, func() (err error) { rel.officers, err = r.Registry.SafetyOfficers(ctx, k.ids); return })
	run(w.stats, func() (err error) { rel.stats, err = r.Registry.Stats(ctx, k.ids); return })
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return r.fillUnits(ctx, units, w, rel)
}

// unitNode turns one unit into an API unit. Its related rows come through the request's
// dataloaders, so the units of a list of hazards or incidents still cost one statement per kind.
func (r *Resolver) unitNode(ctx context.Context, u campaign.Unit, fields map[string]bool) (*model.Unit, error) {
	w := wantsOf(fields)
	l := loader.For(ctx)
	var (
		place   func() (postgres.Place, error)
		cat     func() (campaign.UnitCategory, error)
		sector  func() (campaign.Sector, error)
		officer func() ([]campaign.SafetyOfficer, error)
		stats   func() (postgres.UnitStats, error)
	)
	// every load is started before any is waited for, so their collection windows overlap
	if w.place {
		place = l.Place.LoadThunk(ctx, u.TownCode)
	}
	if w.category {
		cat = l.Category.LoadThunk(ctx, u.CategoryCode)
	}
	if w.sector {
		sector = l.Sector.LoadThunk(ctx, u.SectorNumber)
	}
	if w.officers {
		officer = l.SafetyOfficers.LoadThunk(ctx, u.ID)
	}
	if w.stats {
		stats = l.UnitStats.LoadThunk(ctx, u.ID)
	}
	rel := unitRelations{}
	if place != nil {
		p, err := place()
		if err != nil {
			return nil, err
		}
		rel.places = map[string]postgres.Place{u.TownCode: p}
	}
	if cat != nil {
		c, err := cat()
		if err != nil {
			return nil, err
		}
		rel.categories = map[string]campaign.UnitCategory{u.CategoryCode: c}
	}
	if sector != nil {
		s, err := sector()
		if err != nil {
			return nil, err
		}
		rel.sectors = map[int]campaign.Sector{u.SectorNumber: s}
	}
	if officer != nil {
		o, err := officer()
		if err != nil {
			return nil, err
		}
		rel.officers = map[int64][]campaign.SafetyOfficer{u.ID: o}
	}
	if stats != nil {
		s, err := stats()
		if err != nil {
			return nil, err
		}
		rel.stats = map[int64]postgres.UnitStats{u.ID: s}
	}
	out, err := r.fillUnits(ctx, []campaign.Unit{u}, w, rel)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// asUnit turns the result of a lookup of one unit into an API unit with the fields selected at
// the current field: return r.asUnit(ctx)(r.Registry.Unit(ctx, id)). A unit below a list (a
// hazard's, an incident's) reads its related rows through the dataloaders, so that the list
// batches them; a unit at the root (query, mutation) reads them at once, with nothing to wait for.
func (r *Resolver) asUnit(ctx context.Context) func(campaign.Unit, error) (*model.Unit, error) {
	return func(u campaign.Unit, err error) (*model.Unit, error) {
		if err != nil {
			return nil, err
		}
		fields := currentSelection(ctx).names()
		if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Parent != nil && fc.Parent.Parent == nil {
			page, err := r.unitPage(ctx, []campaign.Unit{u}, fields)
			if err != nil {
				return nil, err
			}
			return page[0], nil
		}
		return r.unitNode(ctx, u, fields)
	}
}

// fillUnits builds the API units from their rows and related rows. A related row that should
// exist and does not is an error, as it was when each field asked its dataloader.
func (r *Resolver) fillUnits(ctx context.Context, units []campaign.Unit, w unitWants, rel unitRelations) ([]*model.Unit, error) {
	out := make([]model.Unit, len(units))
	ptrs := make([]*model.Unit, len(units))
	var officers []campaign.SafetyOfficer
	if w.officers {
		n := 0
		for _, u := range units {
			n += len(rel.officers[u.ID])
		}
		officers = make([]campaign.SafetyOfficer, 0, n)
	}
	for i, u := range units {
		m := &out[i]
		m.Unit = u
		m.VisiblePrincipalPhone = r.Registry.VisiblePhone(ctx, u.PrincipalPhone)
		m.CanEdit = r.Registry.CanEdit(ctx, u)
		if w.place {
			p, ok := rel.places[u.TownCode]
			if !ok {
				return nil, missing("town", u.TownCode)
			}
			m.County, m.Town = &p.County, &p.Town
		}
		if w.category {
			c, ok := rel.categories[u.CategoryCode]
			if !ok {
				return nil, missing("category", u.CategoryCode)
			}
			m.Category = &c
		}
		if w.sector {
			s, ok := rel.sectors[u.SectorNumber]
			if !ok {
				return nil, missing("sector", u.SectorNumber)
			}
			m.Sector = &s
		}
		if w.officers {
			list := rel.officers[u.ID]
			m.SafetyOfficers = make([]*campaign.SafetyOfficer, len(list))
			for j, o := range list {
				o.Phone = r.Registry.VisiblePhone(ctx, o.Phone)
				officers = append(officers, o)
				m.SafetyOfficers[j] = &officers[len(officers)-1]
			}
		}
		if w.stats {
			s, ok := rel.stats[u.ID]
			if !ok {
				return nil, missing("unit stats", u.ID)
			}
			m.Blacklisted, m.OpenHazardCount, m.IncidentsByYear = s.Blacklisted, s.OpenHazards, s.IncidentsByYear
			m.OverdueHazardCount, m.LastSelfCheckOn = s.OverdueHazards, s.LastSelfCheckOn
			m.SelfCheckedThisMonth = s.LastSelfCheckOn != nil && r.Registry.ThisMonth(*s.LastSelfCheckOn)
		}
		ptrs[i] = m
	}
	return ptrs, nil
}

func missing(what string, key any) error {
	return fmt.Errorf("%s %v: %w", what, key, dataloadgen.ErrNotFound)
}
