// Package ratelimit limits how often one key (a client address, a username
// at login) may act, with an in-memory token bucket per key.
//
// State lives in the process. With one replica that is the whole story; with
// several, each replica limits on its own, so a client spread across N
// replicas by the load balancer gets up to N times the configured rate. Move
// the buckets to a shared store (PostgreSQL or Redis) before relying on exact
// limits behind more than one replica.
package ratelimit

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxKeys bounds the number of buckets kept at once. At roughly 100
// bytes per bucket, 100k keys is about 10 MB.
const DefaultMaxKeys = 100_000

// minSweepInterval keeps a limiter with a very high rate from walking its
// whole map on almost every call.
const minSweepInterval = 10 * time.Second

// Limiter is a token-bucket rate limiter keyed by string. Each key may act
// burst times at once and then rate times per second on average. It is safe
// for concurrent use.
type Limiter struct {
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	maxKeys int

	// fillTime is how long an empty bucket takes to fill. A bucket untouched
	// that long is full, exactly like a new one, so dropping it loses nothing.
	fillTime time.Duration
	sweepGap time.Duration

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter allowing burst actions at once and rate actions per
// second after that, per key. now is the clock (time.Now when nil); tests pass
// a fake one. It panics if rate <= 0 or burst < 1, which are programming
// errors, as time.NewTicker does for a non-positive duration.
func New(rate float64, burst int, now func() time.Time) *Limiter {
	if !(rate > 0) || math.IsInf(rate, 0) || burst < 1 {
		panic("ratelimit: New needs rate > 0 and burst >= 1")
	}
	if now == nil {
		now = time.Now
	}
	fill := time.Duration(float64(burst) / rate * float64(time.Second))
	return &Limiter{
		rate:     rate,
		burst:    float64(burst),
		now:      now,
		maxKeys:  DefaultMaxKeys,
		fillTime: fill,
		sweepGap: max(fill, minSweepInterval),
		buckets:  make(map[string]*bucket),
	}
}

// WithMaxKeys sets how many keys the limiter keeps at most (DefaultMaxKeys
// unless set) and returns l. Call it before l is shared.
func (l *Limiter) WithMaxKeys(n int) *Limiter {
	l.maxKeys = max(n, 1)
	return l
}

// Allow reports whether key may act now, and if so uses up one token.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()

	now := l.now()
	if now.Sub(l.lastSweep) >= l.sweepGap {
		l.sweep(now)
	}

	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			// Only a flood of distinct keys gets here (sweeps keep idle
			// ones out). Dropping one arbitrary bucket costs O(1) and
			// keeps memory bounded; its owner gets a fresh burst, which is
			// the price of not failing closed for every new client. A full
			// sweep here would let the flood buy O(n) work per request.
			for k := range l.buckets {
				delete(l.buckets, k)
				break
			}
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	} else if elapsed := now.Sub(b.last); elapsed > 0 {
		// A clock that steps backwards (fake or NTP) adds nothing rather
		// than draining the bucket.
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}

	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Reset forgets key, giving it a full bucket again. Call it after a
// successful login so that a user who mistyped a few times is not still
// throttled afterwards.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.buckets, key)
}

// Len reports how many keys the limiter currently tracks, for metrics and
// tests.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// RetryAfter is how long an empty bucket waits for its next token, for the
// Retry-After header.
func (l *Limiter) RetryAfter() time.Duration {
	return time.Duration(float64(time.Second) / l.rate)
}

// sweep drops every bucket that has been idle long enough to be full again.
// The caller holds l.mu.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if now.Sub(b.last) >= l.fillTime {
			delete(l.buckets, k)
		}
	}
	l.lastSweep = now
}

// Middleware limits requests by keyFn(r). A request whose key is "" is not
// limited, so keyFn can exempt requests (health checks, other routes). When
// the limit is hit, onLimit answers; when onLimit is nil, the answer is 429
// with Retry-After and a GraphQL-shaped JSON error.
func Middleware(l *Limiter, keyFn func(*http.Request) string, onLimit func(w http.ResponseWriter, r *http.Request)) func(http.Handler) http.Handler {
	if onLimit == nil {
		onLimit = tooManyRequests(l.RetryAfter())
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if key := keyFn(r); key != "" && !l.Allow(key) {
				onLimit(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// tooManyRequestsBody is shaped like a GraphQL response so the frontend's
// single error handler can show it like any other error.
const tooManyRequestsBody = `{"errors":[{"message":"请求过于频繁，请稍后再试 (too many requests, please retry later)","extensions":{"code":"RATE_LIMITED"}}]}` + "\n"

func tooManyRequests(retryAfter time.Duration) func(http.ResponseWriter, *http.Request) {
	seconds := strconv.Itoa(max(1, int(math.Ceil(retryAfter.Seconds()))))
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Retry-After", seconds)
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(tooManyRequestsBody))
	}
}

// ClientIP returns the address of the peer that opened the connection, taken
// from r.RemoteAddr only.
//
// X-Forwarded-For and X-Real-IP are not read: any client can send them, so
// trusting them by default lets an attacker pick a new "address" for every
// request and never be limited. Behind a reverse proxy every request then
// shares the proxy's address; the fix is a keyFn that reads the header the
// proxy sets, and only when the request came from that proxy's address.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		// Not an IP (a unix socket, a test): the raw value still separates
		// peers as well as anything else we have.
		return host
	}
	// One peer must map to one key, whichever way its address is spelled.
	return addr.Unmap().WithZone("").String()
}

// ClientPrefix is ClientIP with IPv6 addresses cut to their /64 network. One
// IPv6 subscriber usually owns a whole /64 and can rotate through its
// addresses freely, so per-address limits alone do not hold it back. Prefer
// it over ClientIP as a key for login limits.
func ClientPrefix(r *http.Request) string {
	ip := ClientIP(r)
	addr, err := netip.ParseAddr(ip)
	if err != nil || addr.Is4() {
		return ip
	}
	prefix, err := addr.Prefix(64)
	if err != nil {
		return ip
	}
	return prefix.String()
}
