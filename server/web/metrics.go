package web

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/ratelimit"
)

// Metrics are the server's Prometheus metrics. Each handler has its own registry (not the
// process-wide default one) so that tests can build several handlers in one process.
//
// Operation names come from clients (analysts write their own queries), so they are cut to a
// safe alphabet and, past maxOperationNames distinct names, counted as "other": a client must
// not be able to grow the metrics without bound.
type Metrics struct {
	registry *prometheus.Registry

	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
	operations    *prometheus.CounterVec
	opDuration    *prometheus.HistogramVec
	loginFailures *prometheus.CounterVec
	rateLimited   prometheus.Counter

	mu    sync.Mutex
	names map[string]struct{}
}

const maxOperationNames = 200

// latencyBuckets spread from a cached reference query (~1 ms) to the request deadline.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// NewMetrics registers the server's metrics; dbStats is read at every scrape (postgres.DB.Stats).
func NewMetrics(dbStats func() sql.DBStats) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "za_http_requests_total",
			Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "za_http_request_duration_seconds",
			Help:    "Time from the request's arrival to the end of its answer, by route.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "za_graphql_operations_total",
			Help: "GraphQL operations by operation name, type and status (ok, or the first error's extensions.code).",
		}, []string{"operation", "type", "status"}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "za_graphql_operation_duration_seconds",
			Help:    "Time from parsing to the response of a GraphQL operation, by operation name and type.",
			Buckets: latencyBuckets,
		}, []string{"operation", "type"}),
		loginFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "za_login_failures_total",
			Help: "Refused logins: bad_credentials (unknown name, wrong password, inactive account), locked (lock-out) or error (the login could not be checked).",
		}, []string{"reason"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "za_rate_limited_total",
			Help: "API requests refused with 429 by the per-client rate limit.",
		}),
		names: map[string]struct{}{},
	}
	m.registry.MustRegister(m.httpRequests, m.httpDuration, m.operations, m.opDuration, m.loginFailures, m.rateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if dbStats != nil {
		m.registry.MustRegister(dbStatsCollector{stats: dbStats})
	}
	// start every series at 0 so that rate() and alerts see the first event
	for _, r := range []string{"bad_credentials", "locked", "error"} {
		m.loginFailures.WithLabelValues(r)
	}
	return m
}

// Handler serves the metrics in Prometheus' text format, to callers allowed by metricsAllowed.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !metricsAllowed(r, token) {
			// 404 rather than 401/403: nothing tells a stranger that there is something to get
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// metricsAllowed: with a token, only "Authorization: Bearer <token>" (from anywhere, for a
// Prometheus server on another machine); without one, only clients on the loopback interface
// that did not come through a proxy (a reverse proxy on the same machine connects from
// loopback too, and sets one of the forwarding headers).
func metricsAllowed(r *http.Request, token string) bool {
	if token != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	addr, err := netip.ParseAddr(ratelimit.ClientIP(r))
	return err == nil && addr.IsLoopback()
}

// route is the label of a request path: a fixed set, never the raw path (scanners would make
// one series per probe).
func route(path string) string {
	switch {
	case path == "/graphql":
		return "/graphql"
	case strings.HasPrefix(path, "/export/"):
		return "/export"
	case path == "/healthz", path == "/readyz", path == "/metrics":
		return path
	default:
		return "app"
	}
}

// instrument counts and times every request by route and status.
func (m *Metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		rt := route(r.URL.Path)
		m.httpRequests.WithLabelValues(rt, methodLabel(r.Method), strconv.Itoa(rec.status)).Inc()
		m.httpDuration.WithLabelValues(rt).Observe(time.Since(start).Seconds())
	})
}

func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodHead, http.MethodOptions:
		return m
	}
	return "other"
}

// countRateLimited wraps the rate-limit middleware and counts its refusals. The limiter is the
// only part of the API that answers 429, so its status code is the hook: the ratelimit package
// stays free of any metrics library.
func (m *Metrics) countRateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusTooManyRequests {
			m.rateLimited.Inc()
		}
	})
}

// observeResponse is a gqlgen response middleware: one count per GraphQL response (including
// the ones refused before execution: parse and validation errors, limits), by operation and
// status, and its latency from the operation's start.
func (m *Metrics) observeResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	name, kind := "(none)", "invalid"
	var start time.Time
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		start = oc.Stats.OperationStart
		name = oc.OperationName
		if oc.Operation != nil {
			kind = string(oc.Operation.Operation)
			if name == "" {
				name = oc.Operation.Name
			}
			if name == "" {
				name = "(anonymous)"
			}
		}
		if name == "" {
			name = "(none)" // refused before the document was understood
		}
	}
	name = m.operationLabel(name)
	m.operations.WithLabelValues(name, kind, responseStatus(resp.Errors)).Inc()
	if !start.IsZero() {
		m.opDuration.WithLabelValues(name, kind).Observe(time.Since(start).Seconds())
	}
	return resp
}

// responseStatus is "ok", or the extensions.code of the first error (the error presenter gives
// every error one).
func responseStatus(errs gqlerror.List) string {
	if len(errs) == 0 {
		return "ok"
	}
	if code, ok := errs[0].Extensions["code"].(string); ok && code != "" {
		return code
	}
	return "error"
}

func (m *Metrics) operationLabel(name string) string {
	if len(name) > 64 {
		name = name[:64]
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '(' || c == ')') {
			return "other"
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.names[name]; ok {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = struct{}{}
	return name
}

// observeLogin is a gqlgen root-field middleware counting refused logins: the accounts package
// returns them as errors of the login field, which is where they are visible without a metrics
// hook inside the package. It runs around root fields only, so the values of an answer pay nothing.
func (m *Metrics) observeLogin(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	res := next(ctx)
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || rfc.Field.Name != "login" || !graphql.HasOperationContext(ctx) {
		return res
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Mutation {
		return res
	}
	for _, e := range graphql.GetErrors(ctx) {
		if len(e.Path) != 1 || e.Path[0] != ast.PathName(rfc.Field.Alias) {
			continue
		}
		switch {
		case errors.Is(e, accounts.ErrBadCredentials):
			m.loginFailures.WithLabelValues("bad_credentials").Inc()
		case campaign.ErrorCode(e) == campaign.EUNAUTHENTICATED:
			m.loginFailures.WithLabelValues("locked").Inc()
		case campaign.ErrorCode(e) == campaign.EINTERNAL:
			m.loginFailures.WithLabelValues("error").Inc()
		}
	}
	return res
}

// dbStatsCollector publishes the connection pool's state (database/sql's DBStats) at each scrape.
type dbStatsCollector struct {
	stats func() sql.DBStats
}

var (
	dbMaxOpenDesc   = prometheus.NewDesc("za_db_pool_max_open_connections", "Maximum number of open connections to the database.", nil, nil)
	dbOpenDesc      = prometheus.NewDesc("za_db_pool_open_connections", "Established connections, in use and idle.", nil, nil)
	dbInUseDesc     = prometheus.NewDesc("za_db_pool_in_use_connections", "Connections in use.", nil, nil)
	dbIdleDesc      = prometheus.NewDesc("za_db_pool_idle_connections", "Idle connections.", nil, nil)
	dbWaitCountDesc = prometheus.NewDesc("za_db_pool_wait_count_total", "Times a request waited for a free connection.", nil, nil)
	dbWaitTimeDesc  = prometheus.NewDesc("za_db_pool_wait_seconds_total", "Total time requests waited for a free connection.", nil, nil)
	dbClosedDesc    = prometheus.NewDesc("za_db_pool_closed_total", "Connections closed by the pool, by reason.", []string{"reason"}, nil)
)

func (dbStatsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{dbMaxOpenDesc, dbOpenDesc, dbInUseDesc, dbIdleDesc, dbWaitCountDesc, dbWaitTimeDesc, dbClosedDesc} {
		ch <- d
	}
}

func (c dbStatsCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(dbMaxOpenDesc, prometheus.GaugeValue, float64(s.MaxOpenConnections))
	ch <- prometheus.MustNewConstMetric(dbOpenDesc, prometheus.GaugeValue, float64(s.OpenConnections))
	ch <- prometheus.MustNewConstMetric(dbInUseDesc, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(dbIdleDesc, prometheus.GaugeValue, float64(s.Idle))
	ch <- prometheus.MustNewConstMetric(dbWaitCountDesc, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(dbWaitTimeDesc, prometheus.CounterValue, s.WaitDuration.Seconds())
	ch <- prometheus.MustNewConstMetric(dbClosedDesc, prometheus.CounterValue, float64(s.MaxIdleClosed), "max_idle")
	ch <- prometheus.MustNewConstMetric(dbClosedDesc, prometheus.CounterValue, float64(s.MaxIdleTimeClosed), "max_idle_time")
	ch <- prometheus.MustNewConstMetric(dbClosedDesc, prometheus.CounterValue, float64(s.MaxLifetimeClosed), "max_lifetime")
}
