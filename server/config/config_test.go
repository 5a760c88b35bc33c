package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// SLOW_QUERY_THRESHOLD=0 used to mean 200ms without a word; it is refused, saying what to give.
func TestSlowQueryThreshold(t *testing.T) {
	for _, zero := range []string{"0", "0s", "0ms"} {
		_, err := FromEnv(env(map[string]string{"SLOW_QUERY_THRESHOLD": zero}))
		if err == nil || !strings.Contains(err.Error(), "SLOW_QUERY_THRESHOLD") || !strings.Contains(err.Error(), "positive") {
			t.Errorf("SLOW_QUERY_THRESHOLD=%s: %v", zero, err)
		}
	}
	for v, want := range map[string]time.Duration{"": 200 * time.Millisecond, "1ms": time.Millisecond, "2s": 2 * time.Second} {
		c, err := FromEnv(env(map[string]string{"SLOW_QUERY_THRESHOLD": v}))
		if err != nil || c.SlowQuery != want {
			t.Errorf("SLOW_QUERY_THRESHOLD=%q: %v, %v; want %v", v, c.SlowQuery, err, want)
		}
	}
}
