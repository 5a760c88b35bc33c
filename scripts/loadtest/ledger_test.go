package main

import (
	"testing"
	"time"
)

// The classes decide what the invariants allow, so a wrong class would hide a lost write or
// blame the server for a refusal.
func TestClassify(t *testing.T) {
	cases := []struct{ outcome, want string }{
		{"ok", acknowledged},
		{"CONFLICT", refused},
		{"BAD_USER_INPUT", refused},
		{"FORBIDDEN", refused},
		{"NOT_FOUND", refused},
		{"UNAUTHENTICATED (HTTP 401)", refused},
		{"GRAPHQL_VALIDATION_FAILED (HTTP 422)", refused},
		{"HTTP 429", refused},
		{"INTERNAL", unknown},
		{"INTERNAL (HTTP 503)", unknown},
		{"HTTP 502", unknown},
		{"transport", unknown},
		{"client", unknown},
	}
	for _, tc := range cases {
		if got := classify(tc.outcome); got != tc.want {
			t.Errorf("classify(%q) = %s, want %s", tc.outcome, got, tc.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	cases := []struct {
		p    float64
		want time.Duration
	}{
		{0.50, 50 * time.Millisecond},
		{0.95, 95 * time.Millisecond},
		{0.99, 99 * time.Millisecond},
		{1, 100 * time.Millisecond},
		{0, time.Millisecond},
	}
	for _, tc := range cases {
		if got := percentile(d, tc.p); got != tc.want {
			t.Errorf("percentile(%v) = %s, want %s", tc.p, got, tc.want)
		}
	}
	if got := percentile(nil, .5); got != 0 {
		t.Errorf("percentile of nothing = %s", got)
	}
}
