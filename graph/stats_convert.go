package graph

import (
	"context"

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
	out := postgres.StatFilter{CountyCode: f.CountyCode, SectorNumber: f.SectorNumber, CategoryCode: f.CategoryCode}
	if f.TargetGroup != nil {
		g := string(campaign.TargetGroupEnterprise)
		if *f.TargetGroup == model.TargetGroupVillage {
			g = string(campaign.TargetGroupVillage)
		}
		out.TargetGroup = &g
	}
	return out
}

// primeStatRows starts one batch per relation of a pivot's rows.
func primeStatRows(ctx context.Context, rows []campaign.StatRow) {
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
	l.County.LoadAllThunk(ctx, counties)
	l.Town.LoadAllThunk(ctx, towns)
	l.Department.LoadAllThunk(ctx, depts)
	l.Category.LoadAllThunk(ctx, cats)
	l.Sector.LoadAllThunk(ctx, sectors)
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
		Units:         selected("units", "zeroAccidentUnits", "zeroAccidentRate"),
		Incidents:     selected("incidents", "deaths", "seriousInjuries", "economicLossWan"),
		Inspections:   selected("inspections"),
		HazardsFound:  selected("hazardsFound", "openHazards", "overdueHazards", "openMajorHazards"),
		HazardsClosed: selected("hazardsClosed", "medianDaysToClose"),
	}
}
