package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

func openCheckDB(ctx context.Context, url string) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return conn, nil
}

// baseline is the database before the run: everything after it was written by the run.
type baseline struct {
	unitVersions   int64
	inspectionID   int64
	hazardID       int64
	transitionID   int64
	auditID        int64
	standardsCount int
}

func takeBaseline(ctx context.Context, db *pgx.Conn) (baseline, error) {
	var b baseline
	err := db.QueryRow(ctx, `SELECT
		(SELECT coalesce(sum(version), 0) FROM units),
		(SELECT coalesce(max(id), 0) FROM inspections),
		(SELECT coalesce(max(id), 0) FROM hazards),
		(SELECT coalesce(max(id), 0) FROM hazard_transitions),
		(SELECT coalesce(max(id), 0) FROM audit_log),
		(SELECT count(*) FROM creation_standards)`).
		Scan(&b.unitVersions, &b.inspectionID, &b.hazardID, &b.transitionID, &b.auditID, &b.standardsCount)
	return b, err
}

type invariant struct {
	name   string
	ok     bool
	detail string
}

// The checks run after the server has stopped, on a fresh connection (the one of the baseline
// went through the restart).
func checkInvariants(ctx context.Context, dbURL string, b baseline, led *ledger, rep *report) []invariant {
	db, err := openCheckDB(ctx, dbURL)
	if err != nil {
		return []invariant{{name: "the database answers after the run", detail: err.Error()}}
	}
	defer db.Close(ctx)
	var out []invariant
	add := func(name string, ok bool, format string, args ...any) {
		out = append(out, invariant{name: name, ok: ok, detail: fmt.Sprintf(format, args...)})
	}
	fail := func(name string, err error) { add(name, false, "query failed: %v", err) }

	// --- units -----------------------------------------------------------------------------------
	type storedUnit struct {
		name    string
		version int
	}
	stored := map[int64]storedUnit{}
	{
		ids := make([]int64, 0, len(led.units))
		for id := range led.units {
			ids = append(ids, id)
		}
		rows, err := db.Query(ctx, `SELECT id, name, version FROM units WHERE id = ANY($1)`, ids)
		if err == nil {
			for rows.Next() {
				var id int64
				var u storedUnit
				if err = rows.Scan(&id, &u.name, &u.version); err != nil {
					break
				}
				stored[id] = u
			}
			rows.Close()
			err = cmp.Or(err, rows.Err())
		}
		if err != nil {
			fail("every acknowledged unit update is stored", err)
		} else {
			acked, bad := 0, []string{}
			for id, ups := range led.units {
				last := unitUpdate{}
				tokens := map[string]string{}
				for _, u := range ups {
					tokens[u.token] = u.class
					if u.class == acknowledged {
						acked++
						if u.version > last.version {
							last = u
						}
					}
				}
				s := stored[id]
				_, storedToken, _ := strings.Cut(s.name, "·")
				switch {
				case last.version > 0 && s.version < last.version:
					bad = append(bad, fmt.Sprintf("unit %d at version %d < acknowledged %d", id, s.version, last.version))
				case last.version > 0 && s.version == last.version && s.name != last.name:
					bad = append(bad, fmt.Sprintf("unit %d version %d named %q, acknowledged %q", id, s.version, s.name, last.name))
				case storedToken != "" && tokens[storedToken] == refused:
					bad = append(bad, fmt.Sprintf("unit %d holds the name of a refused update (%s)", id, storedToken))
				}
			}
			add("every acknowledged unit update is stored (version and name)", len(bad) == 0,
				"%d acknowledged updates on %d units; %s", acked, len(led.units), firstFew(bad))
		}
	}
	var versions int64
	if err := db.QueryRow(ctx, `SELECT coalesce(sum(version), 0) FROM units`).Scan(&versions); err != nil {
		fail("no unit changed beyond the acknowledged and unknown updates", err)
	} else {
		delta := int(versions - b.unitVersions)
		ack, unk := led.n("updateUnit", acknowledged), led.n("updateUnit", unknown)
		add("no unit changed beyond the acknowledged and unknown updates", delta >= ack && delta <= ack+unk,
			"versions rose by %d; acknowledged %d, outcome unknown %d, refused %d", delta, ack, unk, led.n("updateUnit", refused))
	}

	// --- inspections -----------------------------------------------------------------------------
	type storedInspection struct {
		id, unitID int64
		results    int
	}
	byToken := map[string][]storedInspection{}
	rows, err := db.Query(ctx, `SELECT i.id, i.unit_id, i.summary, (SELECT count(*) FROM inspection_results r WHERE r.inspection_id = i.id)
		FROM inspections i WHERE i.id > $1`, b.inspectionID)
	newInspections := 0
	if err == nil {
		for rows.Next() {
			var s storedInspection
			var token string
			if err = rows.Scan(&s.id, &s.unitID, &token, &s.results); err != nil {
				break
			}
			byToken[token] = append(byToken[token], s)
			newInspections++
		}
		rows.Close()
		err = cmp.Or(err, rows.Err())
	}
	if err != nil {
		fail("every acknowledged inspection is stored with its unit and results", err)
	} else {
		attempts := map[string]inspectionAttempt{}
		var bad []string
		acked := 0
		for _, a := range led.inspections {
			attempts[a.token] = a
			if a.class != acknowledged {
				continue
			}
			acked++
			got := byToken[a.token]
			switch {
			case len(got) != 1:
				bad = append(bad, fmt.Sprintf("%s stored %d times", a.token, len(got)))
			case a.id == 0 && got[0].unitID == a.unitID:
				// ALREADY_APPLIED: stored once, its answer lost
			case got[0].id != a.id || got[0].unitID != a.unitID:
				bad = append(bad, fmt.Sprintf("%s stored as inspection %d of unit %d, acknowledged %d of unit %d", a.token, got[0].id, got[0].unitID, a.id, a.unitID))
			case got[0].results != b.standardsCount || a.results != b.standardsCount:
				bad = append(bad, fmt.Sprintf("%s has %d results stored, %d acknowledged, want %d", a.token, got[0].results, a.results, b.standardsCount))
			}
		}
		add("every acknowledged inspection is stored with its unit and all results", len(bad) == 0,
			"%d acknowledged; %s", acked, firstFew(bad))

		bad = nil
		unknownStored := 0
		for token, got := range byToken {
			a, ok := attempts[token]
			switch {
			case !ok:
				bad = append(bad, fmt.Sprintf("inspection %d (%q) was never attempted", got[0].id, token))
			case a.class == refused:
				bad = append(bad, fmt.Sprintf("inspection %d (%s) was refused (%s) yet stored", got[0].id, token, a.class))
			case len(got) > 1:
				bad = append(bad, fmt.Sprintf("%s stored %d times", token, len(got)))
			case a.class == unknown:
				unknownStored++
			}
		}
		add("exactly once: retried by Idempotency-Key, no inspection is left of unknown outcome (0 lost), none stored twice (0 duplicated)",
			led.n("recordInspection", unknown) == 0 && !strings.Contains(strings.Join(bad, ";"), "stored"),
			"%d of unknown outcome after %d retries", led.n("recordInspection", unknown), rep.retries())
		add("no inspection stored beyond the acknowledged ones and those of unknown outcome", len(bad) == 0,
			"%d new inspections = %d acknowledged + %d of %d with unknown outcome; %s",
			newInspections, acked, unknownStored, led.n("recordInspection", unknown), firstFew(bad))
	}

	// --- hazards -----------------------------------------------------------------------------------
	var hazardsAcked []int64
	for _, a := range led.inspections {
		if a.class == acknowledged {
			hazardsAcked = append(hazardsAcked, a.hazardIDs...)
		}
	}
	type storedHazard struct {
		state   string
		version int
		reached map[string]bool
	}
	hazards := map[int64]*storedHazard{}
	rows, err = db.Query(ctx, `SELECT h.id, h.state, h.version, t.to_state FROM hazards h
		LEFT JOIN hazard_transitions t ON t.hazard_id = h.id WHERE h.id > $1`, b.hazardID)
	if err == nil {
		for rows.Next() {
			var id int64
			var state string
			var version int
			var to *string
			if err = rows.Scan(&id, &state, &version, &to); err != nil {
				break
			}
			h := hazards[id]
			if h == nil {
				h = &storedHazard{state: state, version: version, reached: map[string]bool{}}
				hazards[id] = h
			}
			if to != nil {
				h.reached[*to] = true
			}
		}
		rows.Close()
		err = cmp.Or(err, rows.Err())
	}
	if err != nil {
		fail("every acknowledged hazard and hazard transition is stored", err)
	} else {
		var bad []string
		for _, id := range hazardsAcked {
			if h := hazards[id]; h == nil || !h.reached["FOUND"] {
				bad = append(bad, fmt.Sprintf("hazard %d missing (or without its FOUND transition)", id))
			}
		}
		ackedTransitions := 0
		for _, t := range led.transitions {
			if t.class != acknowledged {
				continue
			}
			ackedTransitions++
			h := hazards[t.hazardID]
			switch {
			case h == nil:
				bad = append(bad, fmt.Sprintf("hazard %d of an acknowledged transition is missing", t.hazardID))
			case !h.reached[t.to]:
				bad = append(bad, fmt.Sprintf("hazard %d: acknowledged %s→%s not in its transitions", t.hazardID, t.from, t.to))
			case h.version < t.version:
				bad = append(bad, fmt.Sprintf("hazard %d at version %d < acknowledged %d", t.hazardID, h.version, t.version))
			}
		}
		add("every acknowledged hazard and hazard transition is stored", len(bad) == 0,
			"%d hazards and %d transitions acknowledged; %s", len(hazardsAcked), ackedTransitions, firstFew(bad))
	}
	var advances, founds, newHazards int
	err = db.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM hazard_transitions WHERE id > $1 AND from_state IS NOT NULL),
		(SELECT count(*) FROM hazard_transitions WHERE id > $1 AND from_state IS NULL),
		(SELECT count(*) FROM hazards WHERE id > $2)`, b.transitionID, b.hazardID).Scan(&advances, &founds, &newHazards)
	if err != nil {
		fail("no hazard transition beyond the acknowledged ones and those of unknown outcome", err)
	} else {
		ack, unk := led.n("advanceHazard", acknowledged), led.n("advanceHazard", unknown)
		add("no hazard transition beyond the acknowledged ones and those of unknown outcome",
			advances >= ack && advances <= ack+unk && founds == newHazards,
			"%d advances stored; acknowledged %d, outcome unknown %d, refused %d; %d new hazards with %d FOUND transitions",
			advances, ack, unk, led.n("advanceHazard", refused), newHazards, founds)
	}

	// --- the audit log: in the same transaction as the change, so the counts match exactly --------
	var auditUpdates, auditInspections, auditAdvances int
	err = db.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE action = 'updateUnit'),
		count(*) FILTER (WHERE action = 'recordInspection'),
		count(*) FILTER (WHERE action = 'advanceHazard')
		FROM audit_log WHERE id > $1`, b.auditID).Scan(&auditUpdates, &auditInspections, &auditAdvances)
	if err != nil {
		fail("the audit log has exactly one entry per stored write", err)
	} else {
		add("the audit log has exactly one entry per stored write",
			int64(auditUpdates) == versions-b.unitVersions && auditInspections == newInspections && auditAdvances == advances,
			"audit: %d updateUnit (versions +%d), %d recordInspection (%d new), %d advanceHazard (%d stored)",
			auditUpdates, versions-b.unitVersions, auditInspections, newInspections, auditAdvances, advances)
	}

	// --- the server under the fault ------------------------------------------------------------------
	if rep.fault.ran {
		f := rep.fault
		add("after the PostgreSQL restart the API is ready again within 30 s, without a server restart",
			f.err == nil && f.recovered && f.readyAfter < 30*time.Second,
			"restart at %.1f s took %.1f s; /readyz 200 again %.2f s after it%s", f.at.Seconds(), f.took.Seconds(), f.readyAfter.Seconds(), errSuffix(f.err))
	}
	winFrom, winTo := rep.faultWindow()
	var outside []string
	outsideCount := 0
	for _, s := range rep.samples {
		if s.outcome == "ok" || s.outcome == "CONFLICT" || (s.at >= winFrom && s.at <= winTo) {
			continue
		}
		outsideCount++
		if len(outside) < 3 {
			outside = append(outside, fmt.Sprintf("%s at %.1f s: %s", s.op, s.at.Seconds(), s.outcome))
		}
	}
	add("outside the restart window no request failed (CONFLICT aside)", outsideCount == 0,
		"%d failed outside [%.1f s, %.1f s]; %s", outsideCount, winFrom.Seconds(), winTo.Seconds(), firstFew(outside))
	slowest := time.Duration(0)
	for _, s := range rep.samples {
		slowest = max(slowest, s.took)
	}
	add("no request hung: every answer within 15 s", slowest < 15*time.Second, "slowest %s", slowest.Round(time.Millisecond))
	add("the server drained and exited 0 on SIGTERM after the run", rep.serverExit == 0 && rep.serverExitErr == nil,
		"exit code %d%s", rep.serverExit, errSuffix(rep.serverExitErr))
	return out
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

func firstFew(s []string) string {
	if len(s) == 0 {
		return "no discrepancy"
	}
	if len(s) > 3 {
		return strings.Join(s[:3], "; ") + fmt.Sprintf("; … %d in all", len(s))
	}
	return strings.Join(s, "; ")
}

func printInvariants(results []invariant) (failed int) {
	fmt.Println("\ninvariants (checked against the database after the run):")
	for _, r := range results {
		mark := "ok  "
		if !r.ok {
			mark = "FAIL"
			failed++
		}
		fmt.Printf("  %s %s\n       %s\n", mark, r.name, r.detail)
	}
	fmt.Printf("%d passed, %d failed\n", len(results)-failed, failed)
	return failed
}

// --- the traffic report ------------------------------------------------------------------------------

type report struct {
	clients       int
	elapsed       time.Duration
	start         time.Time
	samples       []sample
	fault         faultReport
	led           *ledger
	serverExit    int
	serverExitErr error
	retryCount    int
}

func (r *report) retries() int { return r.retryCount }

func retries(stats []*clientStats) (n int) {
	for _, s := range stats {
		n += s.retries
	}
	return n
}

// faultWindow is when errors are expected: from the restart until the API is ready again, plus
// 2 s for requests that were already on their way.
func (r *report) faultWindow() (from, to time.Duration) {
	if !r.fault.ran {
		return -1, -1
	}
	from = r.fault.at - 500*time.Millisecond
	to = r.fault.at + r.fault.took + r.fault.readyAfter + 2*time.Second
	if !r.fault.recovered {
		to = r.elapsed
	}
	return from, to
}

func merge(stats []*clientStats) []sample {
	var all []sample
	for _, s := range stats {
		all = append(all, s.samples...)
	}
	slices.SortFunc(all, func(a, b sample) int { return cmp.Compare(a.at, b.at) })
	return all
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func (r *report) printTraffic() {
	total := len(r.samples)
	byOp := map[string][]time.Duration{}
	all := make([]time.Duration, 0, total)
	errorsByKind := map[string]int{}
	errorsInWindow := 0
	from, to := r.faultWindow()
	for _, s := range r.samples {
		byOp[s.op] = append(byOp[s.op], s.took)
		all = append(all, s.took)
		if s.outcome != "ok" {
			errorsByKind[s.outcome]++
			if s.at >= from && s.at <= to {
				errorsInWindow++
			}
		}
	}
	slices.Sort(all)
	errs := 0
	for _, n := range errorsByKind {
		errs += n
	}
	fmt.Printf("\nload test: %d clients for %.1f s against 127.0.0.1\n", r.clients, r.elapsed.Seconds())
	if r.fault.ran {
		fmt.Printf("PostgreSQL restart at %.1f s: the restart took %.2f s, /readyz turned 503 at %.1f s and was 200 again %.2f s after the restart%s\n",
			r.fault.at.Seconds(), r.fault.took.Seconds(), r.fault.notReadyAt.Seconds(), r.fault.readyAfter.Seconds(), errSuffix(r.fault.err))
	}
	fmt.Printf("requests: %d (%.0f/s), errors: %d (%d of them in the restart window)\n", total, float64(total)/r.elapsed.Seconds(), errs, errorsInWindow)
	kinds := make([]string, 0, len(errorsByKind))
	for k := range errorsByKind {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Compare(errorsByKind[b], errorsByKind[a]) })
	for _, k := range kinds {
		fmt.Printf("  errors %-22s %d\n", k, errorsByKind[k])
	}
	fmt.Printf("latency: p50 %s, p95 %s, p99 %s, max %s\n", ms(percentile(all, .50)), ms(percentile(all, .95)), ms(percentile(all, .99)), ms(percentile(all, 1)))
	ops := make([]string, 0, len(byOp))
	for op := range byOp {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	fmt.Printf("  %-18s %8s %10s %10s %10s\n", "operation", "count", "p50", "p95", "p99")
	for _, op := range ops {
		d := byOp[op]
		slices.Sort(d)
		fmt.Printf("  %-18s %8d %10s %10s %10s\n", op, len(d), ms(percentile(d, .5)), ms(percentile(d, .95)), ms(percentile(d, .99)))
	}
	fmt.Printf("retries by Idempotency-Key of writes of unknown outcome: %d\n", r.retryCount)
	fmt.Println("writes (acknowledged / refused / outcome unknown):")
	for _, op := range []string{"updateUnit", "recordInspection", "advanceHazard"} {
		fmt.Printf("  %-18s %d / %d / %d\n", op, r.led.n(op, acknowledged), r.led.n(op, refused), r.led.n(op, unknown))
	}
}
