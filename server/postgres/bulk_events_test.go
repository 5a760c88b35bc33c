package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
	"zeroaccident/server/postgres/pgtest"
	"zeroaccident/server/seed"
)

// eventsToday is the day the tests pretend it is.
var eventsToday = time.Date(2026, 11, 29, 12, 0, 0, 0, campaign.Local)

// mustDemoEvents loads the scale-1 register into db and generates its events (the real villages
// included), not yet loaded.
func mustDemoEvents(t testing.TB, db *postgres.DB) seed.DemoEventSet {
	t.Helper()
	ctx := context.Background()
	units, officers := mustDemoRegister(t, db, 1)
	if _, err := db.BulkInsertUnits(ctx, units, officers); err != nil {
		t.Fatalf("bulk insert units: %v", err)
	}
	villages, err := db.ReferenceVillages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(villages) != 1277 || villages[0].DivisionCode == nil {
		t.Fatalf("%d reference villages, want 1277 with division codes", len(villages))
	}
	return seed.DemoEvents(append(villages, units...), 42, eventsToday)
}

// schemaOf lists the foreign keys and indexes of the event tables: a bulk load must leave them as
// it found them.
func schemaOf(t testing.TB, db *postgres.DB) []string {
	t.Helper()
	var defs []string
	err := db.Raw(context.Background(), &defs, `
		SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid::regclass::text IN ?
		UNION ALL
		SELECT indexdef FROM pg_indexes WHERE tablename IN ?
		ORDER BY 1`, eventTableNames, eventTableNames)
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

var eventTableNames = []string{"inspections", "inspection_results", "hazards", "hazard_transitions", "incidents", "certifications", "blacklist_entries"}

func TestBulkInsertEvents(t *testing.T) {
	db, url := pgtest.MustEmptyDB(t)
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatalf("seed reference: %v", err)
	}
	set := mustDemoEvents(t, db)
	schema := schemaOf(t, db)
	if len(schema) < 20 {
		t.Fatalf("only %d constraints and indexes on the event tables: %v", len(schema), schema)
	}

	// the load's statements run for seconds (minutes at the province scale): it must not fall
	// to the statement timeout the server's pool sets for requests
	short, err := postgres.Open(ctx, url, postgres.Options{StatementTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer short.Close()
	start := time.Now()
	counts, err := short.BulkInsertEvents(ctx, &set)
	if err != nil {
		t.Fatalf("bulk insert events: %v", err)
	}
	t.Logf("loaded %+v in %v", counts, time.Since(start))
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}

	t.Run("row counts", func(t *testing.T) {
		results, transitions := 0, 0
		for _, in := range set.Inspections {
			results += len(in.Results)
		}
		for _, h := range set.Hazards {
			transitions += len(h.Transitions)
		}
		want := postgres.EventCounts{Inspections: len(set.Inspections), InspectionResults: results, Hazards: len(set.Hazards),
			HazardTransitions: transitions, Incidents: len(set.Incidents), Certifications: len(set.Certifications), BlacklistEntries: len(set.Blacklist)}
		if counts != want {
			t.Errorf("counts %+v, want %+v", counts, want)
		}
		rows, err := db.RowCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for table, n := range map[string]int{"inspections": want.Inspections, "inspection_results": want.InspectionResults, "hazards": want.Hazards,
			"hazard_transitions": want.HazardTransitions, "incidents": want.Incidents, "certifications": want.Certifications, "blacklist_entries": want.BlacklistEntries} {
			if rows[table] != int64(n) {
				t.Errorf("%s: %d rows, want %d", table, rows[table], n)
			}
		}
	})

	t.Run("stat summaries rebuilt", func(t *testing.T) {
		// the load defers the summary triggers and rebuilds the summaries once
		mustNoDrift(t, db)
		var cells int
		if err := db.Raw(ctx, &cells, "SELECT count(*) FROM stat_event_cells WHERE inspections > 0"); err != nil {
			t.Fatal(err)
		}
		if cells == 0 {
			t.Error("no inspections in the summaries after the load")
		}
	})

	t.Run("foreign keys and indexes are back", func(t *testing.T) {
		if got := schemaOf(t, db); !slices.Equal(got, schema) {
			t.Errorf("schema after the load:\n%s\nbefore:\n%s", strings.Join(got, "\n"), strings.Join(schema, "\n"))
		}
	})

	t.Run("ids filled in", func(t *testing.T) {
		seen := map[int64]bool{}
		for i, in := range set.Inspections {
			if in.ID == 0 || seen[in.ID] || (i > 0 && in.ID <= set.Inspections[i-1].ID) {
				t.Fatalf("inspection %d: id %d missing, repeated or out of order", i, in.ID)
			}
			seen[in.ID] = true
		}
		for i, h := range set.Hazards {
			if h.ID == 0 || h.InspectionID == nil || *h.InspectionID != set.Inspections[h.Inspection].ID {
				t.Fatalf("hazard %d: id %d, inspection id %v, want %d", i, h.ID, h.InspectionID, set.Inspections[h.Inspection].ID)
			}
		}
		if set.Incidents[0].ID == 0 || set.Blacklist[0].ID == 0 {
			t.Fatal("incident or blacklist ids not filled in")
		}
	})

	t.Run("sampled rows", func(t *testing.T) {
		for _, i := range []int{0, len(set.Inspections) / 2, len(set.Inspections) - 1} {
			want := set.Inspections[i]
			got, err := db.Inspection(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.UnitID != want.UnitID || got.Kind != want.Kind || got.InspectorName != want.InspectorName || got.Summary != want.Summary ||
				got.InspectedOn.Format(time.DateOnly) != want.InspectedOn.Format(time.DateOnly) || !got.CreatedAt.Equal(want.CreatedAt) {
				t.Errorf("inspection %d:\n got  %+v\n want %+v", want.ID, got, want.Inspection)
			}
			results, err := db.InspectionResults(ctx, []int64{want.ID})
			if err != nil {
				t.Fatal(err)
			}
			for j, r := range results[want.ID] {
				if w := want.Results[j]; r.StandardCode != w.StandardCode || r.Result != w.Result || r.Remark != w.Remark {
					t.Errorf("inspection %d result %d: got %+v, want %+v", want.ID, j, r, w)
				}
			}
		}
		// a hazard that took every step, and one still open
		for _, pick := range []func(postgres.BulkHazard) bool{
			func(h postgres.BulkHazard) bool {
				return h.State == campaign.HazardClosed && h.Level == campaign.HazardMajor
			},
			func(h postgres.BulkHazard) bool { return h.State != campaign.HazardClosed },
		} {
			i := slices.IndexFunc(set.Hazards, pick)
			if i < 0 {
				t.Fatal("no such hazard generated")
			}
			want := set.Hazards[i]
			got, err := db.Hazard(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			day := func(t *time.Time) string {
				if t == nil {
					return ""
				}
				return t.Format(time.DateOnly)
			}
			if got.State != want.State || got.Level != want.Level || got.Description != want.Description || day(got.Deadline) != day(want.Deadline) ||
				day(got.ClosedOn) != day(want.ClosedOn) || *got.InspectionID != *want.InspectionID || !equalPtr(got.RectificationPlan, want.RectificationPlan) {
				t.Errorf("hazard %d:\n got  %+v\n want %+v", want.ID, got, want.Hazard)
			}
			steps, err := db.Transitions(ctx, []int64{want.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(steps[want.ID]) != len(want.Transitions) {
				t.Fatalf("hazard %d: %d transitions stored, want %d", want.ID, len(steps[want.ID]), len(want.Transitions))
			}
			for j, s := range steps[want.ID] {
				w := want.Transitions[j]
				if s.To != w.To || (s.From == nil) != (w.From == nil) || (s.From != nil && *s.From != *w.From) || s.ActorName != w.ActorName || !s.At.Equal(w.At) {
					t.Errorf("hazard %d step %d: got %+v, want %+v", want.ID, j, s, w)
				}
			}
		}
		i := slices.IndexFunc(set.Incidents, func(i campaign.Incident) bool { return i.Deaths > 0 })
		want := set.Incidents[i]
		got, err := db.Incident(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Deaths != want.Deaths || got.DirectLossWan != want.DirectLossWan || got.Severity != want.Severity || !got.OccurredAt.Equal(want.OccurredAt) ||
			got.Kind != want.Kind || got.Description != want.Description || got.SectorNumber != want.SectorNumber {
			t.Errorf("incident %d:\n got  %+v\n want %+v", want.ID, got, want)
		}
	})

	// the yearly zero-accident rates of the loaded register, computed as the reports count them
	// (campaign.ActiveIn: enrolled by Dec 31, not archived before Jan 1; any incident vetoes)
	t.Run("zero-accident rates near the targets", func(t *testing.T) {
		var rates []struct {
			Year        int
			TargetGroup string
			Units       int
			Rate        float64
		}
		err := db.Raw(ctx, &rates, `
			SELECT y.year, c.target_group, count(*) AS units,
			       avg(CASE WHEN EXISTS (SELECT 1 FROM incidents i WHERE i.unit_id = u.id AND i.occurred_year = y.year) THEN 0 ELSE 1 END) AS rate
			FROM generate_series(2020, 2022) AS y(year)
			JOIN units u ON u.enrolled_on <= make_date(y.year, 12, 31) AND (u.archived_on IS NULL OR u.archived_on >= make_date(y.year, 1, 1))
			JOIN unit_categories c ON c.code = u.category_code
			GROUP BY 1, 2 ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		targets, err := db.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]campaign.Target{}
		for _, tg := range targets {
			want[tg.Year] = tg
		}
		if len(rates) != 6 {
			t.Fatalf("rates %+v, want two groups in three years", rates)
		}
		for _, r := range rates {
			target := want[r.Year].Enterprise
			if r.TargetGroup == string(campaign.TargetGroupVillage) {
				target = want[r.Year].Village
			}
			t.Logf("%d %-10s %5d units: %.1f %% zero-accident (target %.0f %%)", r.Year, r.TargetGroup, r.Units, 100*r.Rate, 100*target)
			if target == 0 || r.Rate < target-0.05 || r.Rate > target+0.05 {
				t.Errorf("%d %s: rate %.3f, want within 5 points of %.2f", r.Year, r.TargetGroup, r.Rate, target)
			}
		}
	})

	t.Run("a refused row rolls the whole load back", func(t *testing.T) {
		before, err := db.RowCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			spoil func(*seed.DemoEventSet)
		}{
			// a CHECK constraint refuses it during COPY
			{"a closed hazard without a closing date", func(s *seed.DemoEventSet) { s.Hazards[0].State, s.Hazards[0].ClosedOn = campaign.HazardClosed, nil }},
			// only the foreign key, added back at the end, refuses it
			{"an incident of a unit that does not exist", func(s *seed.DemoEventSet) { s.Incidents[1].UnitID = 1 << 40 }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bad := seed.DemoEventSet{
					Inspections: slices.Clone(set.Inspections[:3]),
					Hazards:     []postgres.BulkHazard{set.Hazards[0]},
					Incidents:   slices.Clone(set.Incidents[:2]),
				}
				bad.Hazards[0].Inspection = 0
				tc.spoil(&bad)
				if _, err := db.BulkInsertEvents(ctx, &bad); err == nil {
					t.Fatal("loaded a refused row")
				}
				if bad.Inspections[0].ID != 0 || bad.Hazards[0].ID != 0 || bad.Hazards[0].InspectionID != nil || bad.Incidents[0].ID != 0 {
					t.Error("ids of a rolled-back load kept")
				}
				after, err := db.RowCounts(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for table, n := range before {
					if after[table] != n {
						t.Errorf("%s: %d rows before, %d after a failed load", table, n, after[table])
					}
				}
				if got := schemaOf(t, db); !slices.Equal(got, schema) {
					t.Error("a failed load changed the schema")
				}
			})
		}
	})

	t.Run("a hazard must point at one of the inspections", func(t *testing.T) {
		bad := seed.DemoEventSet{Hazards: []postgres.BulkHazard{{Inspection: 3}}}
		if _, err := db.BulkInsertEvents(ctx, &bad); err == nil || !strings.Contains(err.Error(), "refers to inspection") {
			t.Errorf("error %v, want one about the inspection index", err)
		}
	})
}
