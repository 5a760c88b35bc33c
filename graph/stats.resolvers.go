package graph

import (
	"context"

	"zeroaccident/graph/loader"
	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
)

func (r *attainmentResolver) County(ctx context.Context, obj *campaign.Attainment) (*campaign.County, error) {
	return optionalLoad(ctx, loader.For(ctx).County, obj.CountyCode)
}

func (r *liaisonResolver) County(ctx context.Context, obj *campaign.Liaison) (*campaign.County, error) {
	return optionalLoad(ctx, loader.For(ctx).County, obj.CountyCode)
}

func (r *liaisonResolver) Department(ctx context.Context, obj *campaign.Liaison) (*campaign.Department, error) {
	return optionalLoad(ctx, loader.For(ctx).Department, obj.DepartmentCode)
}

func (r *liaisonResolver) Role(ctx context.Context, obj *campaign.Liaison) (model.LiaisonRole, error) {
	return model.LiaisonRole(obj.Role), nil
}

func (r *mutationResolver) SetTarget(ctx context.Context, year int, village float64, enterprise float64) (*campaign.Target, error) {
	return ptrErr(r.Report.SetTarget(ctx, campaign.Target{Year: year, Village: village, Enterprise: enterprise}))
}

func (r *mutationResolver) SetLiaison(ctx context.Context, input model.LiaisonInput) (*campaign.Liaison, error) {
	return ptrErr(r.Report.SetLiaison(ctx, liaisonInput(input), input.Version))
}

func (r *mutationResolver) SaveQuery(ctx context.Context, name string, query string, variables *string, shared *bool) (*campaign.SavedQuery, error) {
	vars := ""
	if variables != nil {
		vars = *variables
	}
	return ptrErr(r.Workbench.SaveQuery(ctx, name, query, vars, deref(shared)))
}

func (r *mutationResolver) DeleteSavedQuery(ctx context.Context, id string) (bool, error) {
	n, err := parseID("id", id)
	if err != nil {
		return false, err
	}
	return done(r.Workbench.DeleteSavedQuery(ctx, n))
}

func (r *queryResolver) Stats(ctx context.Context, year int, groupBy []model.StatDimension, filter *model.StatFilter) ([]*campaign.StatRow, error) {
	rows, err := r.Report.Stats(ctx, year, statDimensions(groupBy), statFilter(filter))
	if err != nil {
		return nil, err
	}
	primeStatRows(ctx, rows)
	return ptrs(rows), nil
}

func (r *queryResolver) TargetAttainment(ctx context.Context, year int) (*campaign.TargetReport, error) {
	return ptrErr(r.Report.TargetAttainment(ctx, year))
}

func (r *queryResolver) Table1(ctx context.Context, year int) (*campaign.Table1, error) {
	return ptrErr(r.Report.Table1(ctx, year))
}

func (r *queryResolver) Liaisons(ctx context.Context) ([]*campaign.Liaison, error) {
	return ptrsErr(r.Report.Liaisons(ctx))
}

func (r *queryResolver) SavedQueries(ctx context.Context) ([]*campaign.SavedQuery, error) {
	return ptrsErr(r.Workbench.SavedQueries(ctx))
}

func (r *savedQueryResolver) Mine(ctx context.Context, obj *campaign.SavedQuery) (bool, error) {
	return r.Workbench.Mine(ctx, *obj), nil
}

func (r *statRowResolver) County(ctx context.Context, obj *campaign.StatRow) (*campaign.County, error) {
	return optionalLoad(ctx, loader.For(ctx).County, obj.CountyCode)
}

func (r *statRowResolver) Town(ctx context.Context, obj *campaign.StatRow) (*campaign.Town, error) {
	return optionalLoad(ctx, loader.For(ctx).Town, obj.TownCode)
}

func (r *statRowResolver) Sector(ctx context.Context, obj *campaign.StatRow) (*campaign.Sector, error) {
	return optionalLoad(ctx, loader.For(ctx).Sector, obj.SectorNumber)
}

func (r *statRowResolver) Department(ctx context.Context, obj *campaign.StatRow) (*campaign.Department, error) {
	return optionalLoad(ctx, loader.For(ctx).Department, obj.DepartmentCode)
}

func (r *statRowResolver) Category(ctx context.Context, obj *campaign.StatRow) (*campaign.UnitCategory, error) {
	return optionalLoad(ctx, loader.For(ctx).Category, obj.CategoryCode)
}

func (r *statRowResolver) TargetGroup(ctx context.Context, obj *campaign.StatRow) (*model.TargetGroup, error) {
	if obj.TargetGroup == nil {
		return nil, nil
	}
	g := targetGroupToGraph(campaign.TargetGroup(*obj.TargetGroup))
	return &g, nil
}

func (r *statRowResolver) ZeroAccidentRate(ctx context.Context, obj *campaign.StatRow) (*float64, error) {
	return campaign.Rate(obj.ZeroAccidentUnits, obj.Units), nil
}

func (r *table1CellResolver) Category(ctx context.Context, obj *campaign.Table1Cell) (*campaign.UnitCategory, error) {
	return ptrErr(loader.For(ctx).Category.Load(ctx, obj.CategoryCode))
}

func (r *table1RowResolver) County(ctx context.Context, obj *campaign.Table1Row) (*campaign.County, error) {
	return optionalLoad(ctx, loader.For(ctx).County, obj.CountyCode)
}

func (r *Resolver) Attainment() AttainmentResolver { return &attainmentResolver{r} }

func (r *Resolver) Liaison() LiaisonResolver { return &liaisonResolver{r} }

func (r *Resolver) SavedQuery() SavedQueryResolver { return &savedQueryResolver{r} }

func (r *Resolver) StatRow() StatRowResolver { return &statRowResolver{r} }

func (r *Resolver) Table1Cell() Table1CellResolver { return &table1CellResolver{r} }

func (r *Resolver) Table1Row() Table1RowResolver { return &table1RowResolver{r} }

type (
	attainmentResolver struct{ *Resolver }
	liaisonResolver    struct{ *Resolver }
	savedQueryResolver struct{ *Resolver }
	statRowResolver    struct{ *Resolver }
	table1CellResolver struct{ *Resolver }
	table1RowResolver  struct{ *Resolver }
)
