package graph

import (
	"encoding/base64"
	"encoding/json"

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
		g := campaign.TargetGroupEnterprise
		if *f.TargetGroup == model.TargetGroupVillage {
			g = campaign.TargetGroupVillage
		}
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

// unitCursor carries the sort it was made for, so a cursor cannot be replayed under another order.
type unitCursor struct {
	Sort string `json:"s"`
	postgres.UnitCursor
}

func encodeUnitCursor(o postgres.UnitOrder, u campaign.Unit) string {
	b, _ := json.Marshal(unitCursor{Sort: sortName(o), UnitCursor: postgres.UnitCursor{Key: o.SortKey(u), ID: u.ID}})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeUnitCursor(o postgres.UnitOrder, after *string) (*postgres.UnitCursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	var c unitCursor
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Sort != sortName(o) || c.ID <= 0 {
		return nil, campaign.Invalid("after", "无效的分页游标 (invalid cursor)")
	}
	return &c.UnitCursor, nil
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
