package accounts

import (
	"testing"
	"time"
)

func TestLockedUntil(t *testing.T) {
	t0 := time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
	at := func(minutes ...int) []time.Time { // newest first
		var out []time.Time
		for _, m := range minutes {
			out = append(out, t0.Add(time.Duration(m)*time.Minute))
		}
		return out
	}
	cases := []struct {
		name     string
		failures []time.Time
		now      time.Time
		locked   bool
		until    time.Time
	}{
		{"no failures", nil, t0, false, time.Time{}},
		{"four failures", at(4, 3, 2, 1), t0.Add(5 * time.Minute), false, time.Time{}},
		{"five within the window", at(4, 3, 2, 1, 0), t0.Add(5 * time.Minute), true, t0.Add(19 * time.Minute)},
		{"five spanning exactly the window", at(15, 10, 5, 1, 0), t0.Add(16 * time.Minute), true, t0.Add(30 * time.Minute)},
		{"five spanning more than the window", at(16, 10, 5, 1, 0), t0.Add(17 * time.Minute), false, time.Time{}},
		{"lock just ending", at(4, 3, 2, 1, 0), t0.Add(19 * time.Minute), false, t0.Add(19 * time.Minute)},
		{"lock one second before its end", at(4, 3, 2, 1, 0), t0.Add(19*time.Minute - time.Second), true, t0.Add(19 * time.Minute)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			until, locked := LockedUntil(c.failures, c.now)
			if locked != c.locked || (c.until != time.Time{} && !until.Equal(c.until)) {
				t.Fatalf("LockedUntil = %v, %v; want %v, %v", until, locked, c.until, c.locked)
			}
		})
	}
}
