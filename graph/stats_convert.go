package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/vikstrous/dataloadgen"

	"zeroaccident/graph/loader"
	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// optionalLoad answers a nullable relation: null without a key, else the loaded value.
func optionalLoad[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], key *K) (*V, error) {
	if key == nil {
		return nil, nil
	}
	return orNil(l.Load(ctx, *key))
}

func statDimensions(in []model.StatDimension) []campaign.StatDimension {
	out := make([]campaign.StatDimension, len(in))
	for i, d := range in {
		out[i] = campaign.StatDimension(d)
	}
	return out
}

func statFilter(f *model.StatFilter) postgres.StatFilter {
	if f == nil {
		return postgres.StatFilter{}
	}
	out := postgres.StatFilter{CountyCode: f.CountyCode, TownCode: f.TownCode, SectorNumber: f.SectorNumber, CategoryCode: f.CategoryCode}
	if f.TargetGroup != nil {
		g := string(*f.TargetGroup)
		out.TargetGroup = &g
	}
	return out
}

// statRows looks up the dimension objects of a pivot's rows, one batch per relation, and puts
// them into the rows (see model.StatRow for why not field resolvers).
func statRows(ctx context.Context, rows []campaign.StatRow) ([]*model.StatRow, error) {
	l := loader.For(ctx)
	var counties, towns, depts, cats []string
	var sectors []int
	for _, r := range rows {
		if r.CountyCode != nil {
			counties = append(counties, *r.CountyCode)
		}
		if r.TownCode != nil {
			towns = append(towns, *r.TownCode)
		}
		if r.DepartmentCode != nil {
			depts = append(depts, *r.DepartmentCode)
		}
		if r.CategoryCode != nil {
			cats = append(cats, *r.CategoryCode)
		}
		if r.SectorNumber != nil {
			sectors = append(sectors, *r.SectorNumber)
		}
	}
	counties, towns, depts, cats, sectors = distinct(counties), distinct(towns), distinct(depts), distinct(cats), distinct(sectors)
	// all five batches start before any is waited for
	countyThunk, townThunk := l.County.LoadAllThunk(ctx, counties), l.Town.LoadAllThunk(ctx, towns)
	deptThunk, catThunk, sectorThunk := l.Department.LoadAllThunk(ctx, depts), l.Category.LoadAllThunk(ctx, cats), l.Sector.LoadAllThunk(ctx, sectors)
	countyOf, err := byKey(countyThunk, counties)
	if err != nil {
		return nil, fmt.Errorf("counties of the pivot: %w", err)
	}
	townOf, err := byKey(townThunk, towns)
	if err != nil {
		return nil, fmt.Errorf("towns of the pivot: %w", err)
	}
	deptOf, err := byKey(deptThunk, depts)
	if err != nil {
		return nil, fmt.Errorf("departments of the pivot: %w", err)
	}
	catOf, err := byKey(catThunk, cats)
	if err != nil {
		return nil, fmt.Errorf("categories of the pivot: %w", err)
	}
	sectorOf, err := byKey(sectorThunk, sectors)
	if err != nil {
		return nil, fmt.Errorf("sectors of the pivot: %w", err)
	}
	out := make([]*model.StatRow, len(rows))
	for i, r := range rows {
		row := &model.StatRow{StatRow: r, County: lookup(countyOf, r.CountyCode), Town: lookup(townOf, r.TownCode),
			Department: lookup(deptOf, r.DepartmentCode), Category: lookup(catOf, r.CategoryCode), Sector: lookup(sectorOf, r.SectorNumber),
			ZeroAccidentRate: campaign.Rate(r.ZeroAccidentUnits, r.Units)}
		if r.Source != nil {
			k := model.InspectionKind(*r.Source)
			row.Source = &k
		}
		if r.TargetGroup != nil {
			g := campaign.TargetGroup(*r.TargetGroup)
			row.TargetGroup = &g
		}
		out[i] = row
	}
	return out, nil
}

// byKey waits for a LoadAllThunk of keys and maps each key to its value. A key the loader did not
// find is an error: the pivot's codes come from rows that reference their tables.
func byKey[K comparable, V any](thunk func() ([]V, error), keys []K) (map[K]*V, error) {
	values, err := thunk()
	if err != nil {
		return nil, err
	}
	out := make(map[K]*V, len(keys))
	for i, k := range keys {
		out[k] = &values[i]
	}
	return out, nil
}

func distinct[K cmp.Ordered](keys []K) []K {
	slices.Sort(keys)
	return slices.Compact(keys)
}

func lookup[K comparable, V any](m map[K]*V, key *K) *V {
	if key == nil {
		return nil
	}
	return m[*key]
}

func liaisonInput(in model.LiaisonInput) campaign.Liaison {
	l := campaign.Liaison{CountyCode: in.CountyCode, DepartmentCode: in.DepartmentCode, Role: string(in.Role), Name: in.Name}
	if in.Post != nil {
		l.Post = *in.Post
	}
	if in.OfficePhone != nil {
		l.OfficePhone = *in.OfficePhone
	}
	if in.Mobile != nil {
		l.Mobile = *in.Mobile
	}
	return l
}

// statMeasures asks the pivot only for the measure families the query selects.
func statMeasures(sel selection) postgres.Measures {
	selected := func(names ...string) bool {
		for _, n := range names {
			if sel.has(n) {
				return true
			}
		}
		return false
	}
	return postgres.Measures{
		Overdue: selected("overdueHazards"),
		Closed:  selected("hazardsClosed", "medianDaysToClose"),
	}
}
