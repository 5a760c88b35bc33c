package graph

import (
	"context"

	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
	"zeroaccident/server/registry"
)

func unitInput(in model.UnitInput) campaign.UnitInput {
	return campaign.UnitInput{
		Name: in.Name, CategoryCode: in.CategoryCode, SectorNumber: in.SectorNumber,
		CountyCode: in.CountyCode, TownCode: in.TownCode, Address: in.Address,
		Longitude: in.Longitude, Latitude: in.Latitude, CreditCode: in.CreditCode,
		PrincipalName: in.PrincipalName, PrincipalPhone: in.PrincipalPhone, CityLevel: in.CityLevel,
		EnrolledOn: in.EnrolledOn,
	}
}

func officerInputs(in []*model.SafetyOfficerInput) []registry.OfficerInput {
	out := make([]registry.OfficerInput, len(in))
	for i, o := range in {
		out[i] = registry.OfficerInput{Name: o.Name, Phone: o.Phone, FullTime: o.FullTime}
	}
	return out
}

func unitFilter(f *model.UnitFilter) postgres.UnitFilter {
	if f == nil {
		active := false
		return postgres.UnitFilter{Archived: &active}
	}
	out := postgres.UnitFilter{
		CountyCode: f.CountyCode, TownCode: f.TownCode, SectorNumber: f.SectorNumber, CategoryCode: f.CategoryCode,
		CityLevel: f.CityLevel, Blacklisted: f.Blacklisted, Archived: f.Archived,
	}
	if f.TargetGroup != nil {
		g := *f.TargetGroup
		out.TargetGroup = &g
	}
	if f.Search != nil {
		out.Search = *f.Search
	}
	return out
}

func unitOrder(o *model.UnitOrder) postgres.UnitOrder {
	if o == nil {
		return postgres.UnitOrder{By: postgres.SortByName}
	}
	by := map[model.UnitOrderField]postgres.UnitSort{
		model.UnitOrderFieldName:       postgres.SortByName,
		model.UnitOrderFieldCounty:     postgres.SortByCounty,
		model.UnitOrderFieldEnrolledOn: postgres.SortByEnrolledOn,
		model.UnitOrderFieldUpdatedAt:  postgres.SortByUpdatedAt,
	}[o.Field]
	return postgres.UnitOrder{By: by, Desc: o.Direction == model.OrderDirectionDesc}
}

func encodeUnitCursor(o postgres.UnitOrder, u campaign.Unit) string {
	return encodeKeyCursor(sortName(o), o.SortKey(u), u.ID)
}

// decodeUnitCursor refuses a cursor made for another order, which would skip or repeat rows.
func decodeUnitCursor(o postgres.UnitOrder, after *string) (*postgres.UnitCursor, error) {
	return decodeKeyCursor(sortName(o), after)
}

func sortName(o postgres.UnitOrder) string {
	if o.Desc {
		return string(o.By) + ":desc"
	}
	return string(o.By)
}

func deref(b *bool) bool { return b != nil && *b }

func importResult(r registry.ImportResult) *model.ImportResult {
	out := &model.ImportResult{DryRun: r.DryRun, TotalRows: r.TotalRows, ValidRows: r.ValidRows, Imported: r.Imported, Errors: []*model.ImportRowError{}}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, &model.ImportRowError{Row: e.Row, Field: e.Field, Message: e.Message})
	}
	return out
}

// unitsConnection answers a page of the units the caller may see that match f.
func (r *Resolver) unitsConnection(ctx context.Context, f postgres.UnitFilter, orderBy *model.UnitOrder, first *int, after *string) (*model.UnitConnection, error) {
	limit, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	order := unitOrder(orderBy)
	cursor, err := decodeUnitCursor(order, after)
	if err != nil {
		return nil, err
	}
	units, err := r.Registry.Units(ctx, f, order, cursor, limit+1)
	if err != nil {
		return nil, err
	}
	edges, info := page(units, limit, cursor != nil, func(u campaign.Unit) string { return encodeUnitCursor(order, u) },
		func(c string, u *campaign.Unit) *model.UnitEdge { return &model.UnitEdge{Cursor: c} })
	nodes, err := r.unitPage(ctx, units[:len(edges)], currentSelection(ctx).at("edges", "node").names())
	if err != nil {
		return nil, err
	}
	for i := range edges {
		edges[i].Node = nodes[i]
	}
	conn := &model.UnitConnection{Edges: edges, PageInfo: info}
	// only counted when asked for: on a large register the count costs more than the page
	if currentSelection(ctx).has("totalCount") {
		if conn.TotalCount, err = r.Registry.CountUnits(ctx, f); err != nil {
			return nil, err
		}
	}
	return conn, nil
}
