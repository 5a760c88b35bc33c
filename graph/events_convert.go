package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"zeroaccident/graph/loader"
	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/postgres"
)

func parseIDs(field string, ids []string) ([]int64, error) {
	out := make([]int64, len(ids))
	for i, id := range ids {
		n, err := parseID(fmt.Sprintf("%s.%d", field, i), id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func optionalID(field string, id *string) (*int64, error) {
	if id == nil {
		return nil, nil
	}
	n, err := parseID(field, *id)
	return &n, err
}

func inspectionInput(in model.InspectionInput) (events.InspectionInput, error) {
	unitID, err := parseID("unitId", in.UnitID)
	if err != nil {
		return events.InspectionInput{}, err
	}
	out := events.InspectionInput{UnitID: unitID, InspectedOn: in.InspectedOn, Kind: string(in.Kind),
		InspectingBody: in.InspectingBody}
	if in.InspectorName != nil {
		out.InspectorName = *in.InspectorName
	}
	if in.Summary != nil {
		out.Summary = *in.Summary
	}
	for _, r := range in.Results {
		ri := events.ResultInput{StandardCode: r.StandardCode, Result: string(r.Result)}
		if r.Remark != nil {
			ri.Remark = *r.Remark
		}
		out.Results = append(out.Results, ri)
	}
	for _, h := range in.Hazards {
		hi := events.HazardInput{Level: campaign.HazardLevel(h.Level), Description: h.Description, Deadline: h.Deadline,
			ResponsiblePerson: h.ResponsiblePerson, RectificationPlan: h.RectificationPlan, StandardCode: h.StandardCode}
		if h.Category != nil {
			hi.Category = *h.Category
		}
		out.Hazards = append(out.Hazards, hi)
	}
	return out, nil
}

func advanceInput(in model.AdvanceHazardInput) (events.AdvanceInput, error) {
	id, err := parseID("id", in.ID)
	if err != nil {
		return events.AdvanceInput{}, err
	}
	out := events.AdvanceInput{ID: id, Version: in.Version, To: campaign.HazardState(in.To),
		RectificationPlan: in.RectificationPlan, ResponsiblePerson: in.ResponsiblePerson, Deadline: in.Deadline}
	if in.Note != nil {
		out.Note = *in.Note
	}
	return out, nil
}

func incidentInput(in model.IncidentInput) (events.IncidentInput, error) {
	unitID, err := parseID("unitId", in.UnitID)
	if err != nil {
		return events.IncidentInput{}, err
	}
	out := events.IncidentInput{UnitID: unitID, OccurredAt: in.OccurredAt, Kind: in.Kind, Deaths: in.Deaths,
		SeriousInjuries: in.SeriousInjuries, Injuries: in.Injuries, DirectLossWan: in.DirectLossWan}
	if in.Description != nil {
		out.Description = *in.Description
	}
	return out, nil
}

func inspectionFilter(f *model.InspectionFilter) (postgres.EventFilter, error) {
	if f == nil {
		return postgres.EventFilter{}, nil
	}
	unitID, err := optionalID("unitId", f.UnitID)
	out := postgres.EventFilter{CountyCode: f.CountyCode, SectorNumber: f.SectorNumber, UnitID: unitID, Year: f.Year}
	if f.Kind != nil {
		k := string(*f.Kind)
		out.Kind = &k
	}
	return out, err
}

func hazardFilter(f *model.HazardFilter) (postgres.EventFilter, error) {
	if f == nil {
		return postgres.EventFilter{}, nil
	}
	unitID, err := optionalID("unitId", f.UnitID)
	out := postgres.EventFilter{CountyCode: f.CountyCode, SectorNumber: f.SectorNumber, UnitID: unitID, Overdue: f.Overdue}
	if f.Source != nil {
		src := string(*f.Source)
		out.Source = &src
	}
	if f.Level != nil {
		l := campaign.HazardLevel(*f.Level)
		out.Level = &l
	}
	if f.State != nil {
		s := campaign.HazardState(*f.State)
		out.State = &s
	}
	return out, err
}

func incidentFilter(f *model.IncidentFilter) (postgres.EventFilter, error) {
	if f == nil {
		return postgres.EventFilter{}, nil
	}
	unitID, err := optionalID("unitId", f.UnitID)
	out := postgres.EventFilter{CountyCode: f.CountyCode, SectorNumber: f.SectorNumber, UnitID: unitID, Year: f.Year}
	if f.Severity != nil {
		s := campaign.Severity(*f.Severity)
		out.Severity = &s
	}
	return out, err
}

// Inspections are listed newest first by date; the cursor carries the date and the id.
func (r *Resolver) inspectionConnection(ctx context.Context, f postgres.EventFilter, first *int, after *string) (*model.InspectionConnection, error) {
	limit, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	cursor, err := decodeKeyCursor("inspection", after)
	if err != nil {
		return nil, err
	}
	list, err := r.Events.Inspections(ctx, f, cursor, limit+1)
	if err != nil {
		return nil, err
	}
	edges, info := page(list, limit, cursor != nil,
		func(i campaign.Inspection) string {
			return encodeKeyCursor("inspection", i.InspectedOn.Format(time.DateOnly), i.ID)
		},
		func(c string, i *campaign.Inspection) *model.InspectionEdge {
			return &model.InspectionEdge{Cursor: c, Node: i}
		})
	conn := &model.InspectionConnection{Edges: edges, PageInfo: info}
	sel := currentSelection(ctx).at("edges", "node")
	ids := make([]int64, len(edges))
	for i, e := range edges {
		ids[i] = e.Node.ID
	}
	// the page knows every key: read the children's rows at once and prime their loaders, rather
	// than let the children wait out the loaders' collection window (one statement each as before)
	l := loader.For(ctx)
	var wg sync.WaitGroup
	var resultsErr, hazardsErr error
	if sel.has("results") && len(ids) > 0 {
		wg.Go(func() { resultsErr = prime(ctx, l.Results, ids, r.Events.ResultsByInspection) })
	}
	prefetchAttachments(ctx, sel, files.OwnerInspection, ids)
	if sel.has("hazards") && len(ids) > 0 {
		wg.Go(func() {
			found, err := r.Events.HazardsByInspection(ctx, ids)
			if hazardsErr = err; err != nil {
				return
			}
			var hazardIDs []int64
			for _, id := range ids {
				l.FoundHazards.Prime(id, found[id])
				for _, h := range found[id] {
					hazardIDs = append(hazardIDs, h.ID)
				}
			}
			if sel.at("hazards").has("transitions") && len(hazardIDs) > 0 {
				hazardsErr = prime(ctx, l.Transitions, hazardIDs, r.Events.TransitionsByHazard)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(resultsErr, hazardsErr); err != nil {
		return nil, err
	}
	if currentSelection(ctx).has("totalCount") {
		if conn.TotalCount, err = r.Events.CountInspections(ctx, f); err != nil {
			return nil, err
		}
	}
	return conn, nil
}

func (r *Resolver) hazardConnection(ctx context.Context, f postgres.EventFilter, first *int, after *string) (*model.HazardConnection, error) {
	limit, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	before, err := decodeCursor("hazard", after)
	if err != nil {
		return nil, err
	}
	list, err := r.Events.Hazards(ctx, f, before, limit+1)
	if err != nil {
		return nil, err
	}
	edges, info := page(list, limit, before > 0, func(h campaign.Hazard) string { return encodeCursor("hazard", h.ID) },
		func(c string, h *campaign.Hazard) *model.HazardEdge { return &model.HazardEdge{Cursor: c, Node: h} })
	conn := &model.HazardConnection{Edges: edges, PageInfo: info}
	sel := currentSelection(ctx).at("edges", "node")
	ids, units := make([]int64, len(edges)), make([]int64, len(edges))
	for i, e := range edges {
		ids[i], units[i] = e.Node.ID, e.Node.UnitID
	}
	l := loader.For(ctx)
	if sel.has("transitions") {
		l.Transitions.LoadAllThunk(ctx, ids)
	}
	if sel.has("nextSteps") {
		l.Unit.LoadAllThunk(ctx, units)
	}
	prefetchAttachments(ctx, sel, files.OwnerHazard, ids)
	if sel.has("nextSteps") && !sel.has("attachments") {
		prefetchAttachments(ctx, selection{"attachments": {}}, files.OwnerHazard, ids)
	}
	if sel.has("unit") || sel.has("canEdit") {
		l.Unit.LoadAllThunk(ctx, units)
	}
	if currentSelection(ctx).has("totalCount") {
		if conn.TotalCount, err = r.Events.CountHazards(ctx, f); err != nil {
			return nil, err
		}
	}
	return conn, nil
}

func (r *Resolver) incidentConnection(ctx context.Context, f postgres.EventFilter, first *int, after *string) (*model.IncidentConnection, error) {
	limit, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	before, err := decodeCursor("incident", after)
	if err != nil {
		return nil, err
	}
	list, err := r.Events.Incidents(ctx, f, before, limit+1)
	if err != nil {
		return nil, err
	}
	edges, info := page(list, limit, before > 0, func(i campaign.Incident) string { return encodeCursor("incident", i.ID) },
		func(c string, i *campaign.Incident) *model.IncidentEdge {
			return &model.IncidentEdge{Cursor: c, Node: i}
		})
	conn := &model.IncidentConnection{Edges: edges, PageInfo: info}
	incidentIDs := make([]int64, len(edges))
	for i, e := range edges {
		incidentIDs[i] = e.Node.ID
	}
	prefetchAttachments(ctx, currentSelection(ctx).at("edges", "node"), files.OwnerIncident, incidentIDs)
	if currentSelection(ctx).at("edges", "node").has("unit") {
		units := make([]int64, len(edges))
		for i, e := range edges {
			units[i] = e.Node.UnitID
		}
		loader.For(ctx).Unit.LoadAllThunk(ctx, units)
	}
	if currentSelection(ctx).has("totalCount") {
		if conn.TotalCount, err = r.Events.CountIncidents(ctx, f); err != nil {
			return nil, err
		}
	}
	return conn, nil
}

// prefetchAttachments starts, in one batch, the loads of a page's attachments when they are asked
// for, so the page's resolvers never straddle two batch windows.
func prefetchAttachments(ctx context.Context, sel selection, t files.OwnerType, ids []int64) {
	if !sel.has("attachments") || len(ids) == 0 {
		return
	}
	owners := make([]files.Owner, len(ids))
	for i, id := range ids {
		owners[i] = files.Owner{Type: t, ID: id}
	}
	loader.For(ctx).Attachments.LoadAllThunk(ctx, owners)
}

// prime reads the values of keys with fetch and puts them into the loader, a key fetch did not
// return as the zero value (an empty list), as the loaders of lists do.
func prime[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], keys []K, fetch func(context.Context, []K) (map[K]V, error)) error {
	m, err := fetch(ctx, keys)
	if err != nil {
		return err
	}
	for _, k := range keys {
		l.Prime(k, m[k])
	}
	return nil
}
