package ratelimit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// step is one action in a limiter scenario: move the clock, then call Allow.
type step struct {
	advance time.Duration
	key     string
	want    bool
}

func TestAllow(t *testing.T) {
	tests := []struct {
		name  string
		rate  float64
		burst int
		steps []step
	}{
		{
			name: "burst then refused", rate: 1, burst: 3,
			steps: []step{
				{key: "a", want: true}, {key: "a", want: true}, {key: "a", want: true},
				{key: "a", want: false}, {key: "a", want: false},
			},
		},
		{
			name: "one token back per 1/rate", rate: 2, burst: 1,
			steps: []step{
				{key: "a", want: true},
				{key: "a", want: false},
				{advance: 400 * time.Millisecond, key: "a", want: false},
				{advance: 100 * time.Millisecond, key: "a", want: true},
				{key: "a", want: false},
			},
		},
		{
			name: "refill stops at burst", rate: 1, burst: 2,
			steps: []step{
				{key: "a", want: true}, {key: "a", want: true},
				{advance: time.Hour, key: "a", want: true},
				{key: "a", want: true},
				{key: "a", want: false},
			},
		},
		{
			name: "keys are independent", rate: 1, burst: 1,
			steps: []step{
				{key: "a", want: true}, {key: "a", want: false},
				{key: "b", want: true}, {key: "b", want: false},
				{key: "a", want: false},
			},
		},
		{
			name: "slow rate for logins: 5 per 15 minutes", rate: 5.0 / (15 * 60), burst: 5,
			steps: []step{
				{key: "user:zhang", want: true}, {key: "user:zhang", want: true}, {key: "user:zhang", want: true},
				{key: "user:zhang", want: true}, {key: "user:zhang", want: true},
				{key: "user:zhang", want: false},
				{advance: 2 * time.Minute, key: "user:zhang", want: false},
				{advance: time.Minute, key: "user:zhang", want: true},
				{key: "user:zhang", want: false},
			},
		},
		{
			name: "clock stepping back does not drain or refill", rate: 1, burst: 1,
			steps: []step{
				{key: "a", want: true},
				{advance: -time.Minute, key: "a", want: false},
				{advance: time.Minute + time.Second, key: "a", want: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := New(tt.rate, tt.burst, clock.Now)
			for i, s := range tt.steps {
				clock.Advance(s.advance)
				if got := l.Allow(s.key); got != s.want {
					t.Fatalf("step %d: Allow(%q) after +%s = %v, want %v", i, s.key, s.advance, got, s.want)
				}
			}
		})
	}
}

func TestReset(t *testing.T) {
	clock := newFakeClock()
	l := New(1, 1, clock.Now)
	l.Allow("a")
	if l.Allow("a") {
		t.Fatal("second Allow succeeded with burst 1")
	}
	l.Reset("a")
	if !l.Allow("a") {
		t.Error("Allow after Reset refused")
	}
}

func TestIdleBucketsAreSwept(t *testing.T) {
	clock := newFakeClock()
	l := New(1, 5, clock.Now) // fills in 5s; sweeps at most every 10s
	for i := range 1000 {
		l.Allow(fmt.Sprintf("k%d", i))
	}
	if got := l.Len(); got != 1000 {
		t.Fatalf("Len = %d, want 1000", got)
	}
	clock.Advance(minSweepInterval)
	l.Allow("fresh")
	if got := l.Len(); got != 1 {
		t.Errorf("Len after idle period = %d, want 1 (only the new key)", got)
	}
}

func TestSweepKeepsBucketsStillRefilling(t *testing.T) {
	clock := newFakeClock()
	l := New(0.01, 1, clock.Now) // fills in 100s, so sweeps every 100s
	l.Allow("warm-up")           // first sweep happens here
	clock.Advance(50 * time.Second)
	if !l.Allow("busy") {
		t.Fatal("first Allow refused")
	}
	clock.Advance(50 * time.Second)
	l.Allow("other") // sweeps: warm-up is full again, busy is half full
	if got := l.Len(); got != 2 {
		t.Errorf("Len after sweep = %d, want 2 (busy and other)", got)
	}
	if l.Allow("busy") {
		t.Error("sweep dropped a bucket that had not refilled, so its owner got a fresh burst")
	}
}

func TestMaxKeysBoundsMemory(t *testing.T) {
	clock := newFakeClock()
	l := New(0.001, 1, clock.Now).WithMaxKeys(100)
	for i := range 10_000 {
		l.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	if got := l.Len(); got > 100 {
		t.Errorf("Len = %d, want at most 100", got)
	}
}

func TestConcurrentAllow(t *testing.T) {
	clock := newFakeClock()
	l := New(1, 50, clock.Now)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for range 20 {
		wg.Go(func() {
			for range 10 {
				if l.Allow("shared") {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 50 {
		t.Errorf("allowed %d of 200 concurrent calls, want exactly the burst of 50", allowed)
	}
}

func TestNewPanicsOnBadArguments(t *testing.T) {
	tests := []struct {
		name  string
		rate  float64
		burst int
	}{
		{"zero rate", 0, 1},
		{"negative rate", -1, 1},
		{"zero burst", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("New did not panic")
				}
			}()
			New(tt.rate, tt.burst, nil)
		})
	}
}

func TestMiddleware(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	request := func(remote, path string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, path, nil)
		r.RemoteAddr = remote
		return r
	}

	t.Run("default answer is 429 with Retry-After and a GraphQL error", func(t *testing.T) {
		clock := newFakeClock()
		h := Middleware(New(0.5, 1, clock.Now), ClientIP, nil)(ok)

		w := httptest.NewRecorder()
		h.ServeHTTP(w, request("192.0.2.1:1234", "/graphql"))
		if w.Code != http.StatusNoContent {
			t.Fatalf("first request: status %d, want 204", w.Code)
		}
		w = httptest.NewRecorder()
		h.ServeHTTP(w, request("192.0.2.1:5678", "/graphql"))
		if w.Code != http.StatusTooManyRequests {
			t.Fatalf("second request from the same address: status %d, want 429", w.Code)
		}
		if got := w.Header().Get("Retry-After"); got != "2" {
			t.Errorf("Retry-After = %q, want 2", got)
		}
		if body := w.Body.String(); !strings.Contains(body, `"code":"RATE_LIMITED"`) {
			t.Errorf("body = %s, want a RATE_LIMITED GraphQL error", body)
		}
		w = httptest.NewRecorder()
		h.ServeHTTP(w, request("192.0.2.2:1234", "/graphql"))
		if w.Code != http.StatusNoContent {
			t.Errorf("other address: status %d, want 204", w.Code)
		}
	})

	t.Run("custom onLimit", func(t *testing.T) {
		clock := newFakeClock()
		called := false
		h := Middleware(New(1, 1, clock.Now), ClientIP, func(w http.ResponseWriter, _ *http.Request) {
			called = true
			w.WriteHeader(http.StatusServiceUnavailable)
		})(ok)
		h.ServeHTTP(httptest.NewRecorder(), request("192.0.2.1:1", "/"))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, request("192.0.2.1:1", "/"))
		if !called || w.Code != http.StatusServiceUnavailable {
			t.Errorf("onLimit called %v, status %d; want true, 503", called, w.Code)
		}
	})

	t.Run("empty key is not limited", func(t *testing.T) {
		clock := newFakeClock()
		onlyGraphQL := func(r *http.Request) string {
			if r.URL.Path != "/graphql" {
				return ""
			}
			return ClientIP(r)
		}
		l := New(1, 1, clock.Now)
		h := Middleware(l, onlyGraphQL, nil)(ok)
		for i := range 5 {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, request("192.0.2.1:1", "/healthz"))
			if w.Code != http.StatusNoContent {
				t.Fatalf("health check %d: status %d, want 204", i, w.Code)
			}
		}
		if l.Len() != 0 {
			t.Errorf("limiter tracks %d keys, want 0", l.Len())
		}
	})
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name       string
		remoteAddr string
		xff        string
		wantIP     string
		wantPrefix string
	}{
		{name: "ipv4", remoteAddr: "192.0.2.7:51234", wantIP: "192.0.2.7", wantPrefix: "192.0.2.7"},
		{name: "X-Forwarded-For is ignored", remoteAddr: "192.0.2.7:51234", xff: "203.0.113.9", wantIP: "192.0.2.7", wantPrefix: "192.0.2.7"},
		{name: "ipv6", remoteAddr: "[2001:db8:1:2:3:4:5:6]:443", wantIP: "2001:db8:1:2:3:4:5:6", wantPrefix: "2001:db8:1:2::/64"},
		{name: "ipv6 spelled long", remoteAddr: "[2001:0db8:0001:0002:0000:0000:0000:0001]:443", wantIP: "2001:db8:1:2::1", wantPrefix: "2001:db8:1:2::/64"},
		{name: "ipv4-mapped ipv6", remoteAddr: "[::ffff:192.0.2.7]:80", wantIP: "192.0.2.7", wantPrefix: "192.0.2.7"},
		{name: "ipv6 with zone", remoteAddr: "[fe80::1%eth0]:80", wantIP: "fe80::1", wantPrefix: "fe80::/64"},
		{name: "no port", remoteAddr: "192.0.2.7", wantIP: "192.0.2.7", wantPrefix: "192.0.2.7"},
		{name: "not an address", remoteAddr: "@", wantIP: "@", wantPrefix: "@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remoteAddr
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := ClientIP(r); got != tt.wantIP {
				t.Errorf("ClientIP = %q, want %q", got, tt.wantIP)
			}
			if got := ClientPrefix(r); got != tt.wantPrefix {
				t.Errorf("ClientPrefix = %q, want %q", got, tt.wantPrefix)
			}
		})
	}
}
