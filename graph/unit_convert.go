package graph

import (
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
