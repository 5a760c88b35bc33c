package main

import (
	"encoding/json"
	"io"
	"strings"
	"sync"
)

// An attempted write ends in one of three classes:
//
//   - acknowledged: the API answered without errors; it must be in the database;
//   - refused: the API answered with an error decided before anything was written (a stale
//     version, bad input, no permission); it must not be in the database;
//   - unknown: no answer, a 5xx or INTERNAL. The transaction may or may not have committed (the
//     database may have gone away during COMMIT), so the checks allow it either way, and the
//     writes carry a token that identifies the attempt in the database.
const (
	acknowledged = "acknowledged"
	refused      = "refused"
	unknown      = "unknown"
)

func classify(outcome string) string {
	switch {
	case outcome == "ok":
		return acknowledged
	case strings.HasPrefix(outcome, "ALREADY_APPLIED"):
		// a retry by Idempotency-Key of a write that committed but whose answer was lost
		return acknowledged
	case definite(outcome):
		return refused
	default:
		return unknown
	}
}

// definite reports whether an outcome is an answer given before any write: the application's
// refusals, GraphQL request errors and 4xx answers.
func definite(outcome string) bool {
	outcome, _, _ = strings.Cut(outcome, " (HTTP")
	switch outcome {
	case "BAD_USER_INPUT", "CONFLICT", "FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED", "RATE_LIMITED", "BAD_REQUEST":
		return true
	}
	return strings.HasPrefix(outcome, "GRAPHQL_") || strings.HasPrefix(outcome, "HTTP 4")
}

type unitUpdate struct {
	token, name string
	version     int // after the update (acknowledged ones)
	class       string
}

type inspectionAttempt struct {
	token        string
	unitID       int64
	id           int64 // acknowledged ones
	results      int
	hazardsAsked int
	hazardIDs    []int64
	class        string
}

type transitionAttempt struct {
	hazardID int64
	from, to string
	version  int
	class    string
}

// ledger keeps every attempted write and logs the acknowledged ones as JSON lines.
type ledger struct {
	mu          sync.Mutex
	log         *json.Encoder
	units       map[int64][]unitUpdate
	inspections []inspectionAttempt
	transitions []transitionAttempt
	counts      map[string]map[string]int // operation → class → attempts
}

func newLedger(w io.Writer) *ledger {
	return &ledger{log: json.NewEncoder(w), units: map[int64][]unitUpdate{}, counts: map[string]map[string]int{}}
}

func (l *ledger) count(op, class string) {
	if l.counts[op] == nil {
		l.counts[op] = map[string]int{}
	}
	l.counts[op][class]++
}

func (l *ledger) unitUpdate(unitID int64, token, name string, readVersion, newVersion int, outcome string) {
	class := classify(outcome)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count("updateUnit", class)
	l.units[unitID] = append(l.units[unitID], unitUpdate{token: token, name: name, version: newVersion, class: class})
	if class == acknowledged {
		_ = l.log.Encode(map[string]any{"write": "updateUnit", "unitId": unitID, "token": token, "name": name, "readVersion": readVersion, "version": newVersion})
	}
}

func (l *ledger) inspection(token string, unitID, id int64, results, hazardsAsked int, hazardIDs []int64, outcome string) {
	class := classify(outcome)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count("recordInspection", class)
	l.inspections = append(l.inspections, inspectionAttempt{token: token, unitID: unitID, id: id, results: results, hazardsAsked: hazardsAsked, hazardIDs: hazardIDs, class: class})
	if class == acknowledged {
		_ = l.log.Encode(map[string]any{"write": "recordInspection", "token": token, "unitId": unitID, "inspectionId": id, "results": results, "hazardIds": hazardIDs})
	}
}

func (l *ledger) transition(hazardID int64, from, to string, version int, outcome string) {
	class := classify(outcome)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count("advanceHazard", class)
	l.transitions = append(l.transitions, transitionAttempt{hazardID: hazardID, from: from, to: to, version: version, class: class})
	if class == acknowledged {
		_ = l.log.Encode(map[string]any{"write": "advanceHazard", "hazardId": hazardID, "from": from, "to": to, "version": version})
	}
}

func (l *ledger) n(op, class string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[op][class]
}
