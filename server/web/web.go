// Package web is the HTTP layer: routes (/graphql, /healthz, /readyz, the single-page app),
// request ids, access logs, security headers, per-client rate limits and bearer-token
// authentication, which puts the caller's policy.Actor in the request context.
package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"zeroaccident/graph"
	"zeroaccident/graph/limits"
	"zeroaccident/graph/loader"
	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/grids"
	"zeroaccident/server/idempotency"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
	"zeroaccident/server/ratelimit"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/report"
	"zeroaccident/server/reqinfo"
	"zeroaccident/server/todo"
	"zeroaccident/server/workbench"
)

// MaxBodyBytes caps a request body: a GraphQL document plus variables is a few kilobytes. File
// uploads (multipart requests: the units import) may be larger.
const (
	MaxBodyBytes   = 1 << 20
	MaxUploadBytes = registry.MaxImportBytes + 1<<20
)

// Deps are what the HTTP layer serves.
type Deps struct {
	DB        *postgres.DB
	Accounts  *accounts.Service
	Reference *reference.Service
	Registry  *registry.Service
	Events    *events.Service
	Files     *files.Service
	Report    *report.Service
	Workbench *workbench.Service
	Grids     *grids.Service
	Todo      *todo.Service
	Log       *slog.Logger
	// RateLimit is requests per second per client address; 0 turns it off.
	RateLimit float64
	RateBurst int
	// RequestTimeout bounds one API request (DefaultRequestTimeout when 0).
	RequestTimeout time.Duration
	// MetricsToken opens GET /metrics to bearers of this token; when empty only loopback
	// clients may read it (see metricsAllowed).
	MetricsToken string
}

// NewHandler returns the whole HTTP handler of the server.
func NewHandler(d Deps) http.Handler {
	gql := graph.NewHandler(&graph.Resolver{Reference: d.Reference, Accounts: d.Accounts, Registry: d.Registry, Events: d.Events,
		Files: d.Files, Report: d.Report, Workbench: d.Workbench, GridService: d.Grids, TodoService: d.Todo}, d.Log)
	services := loader.Services{Reference: d.Reference, Registry: d.Registry, Events: d.Events, Files: d.Files, Grids: d.Grids}
	metrics := NewMetrics(d.DB.Stats)
	gql.AroundResponses(metrics.observeResponse)
	gql.AroundRootFields(metrics.observeLogin)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", readiness(d.DB))
	mux.Handle("GET /metrics", metrics.Handler(d.MetricsToken))
	var api http.Handler = withDeadline(d.RequestTimeout, getQueriesOnly(limitBody(uploadFields(graph.NewExecutableSchema(graph.Config{}).Schema()), limits.RejectBatches(authenticate(d.Accounts, d.Log, idempotent(idempotency.New(d.DB), d.Log, loader.Middleware(services, gql)))))))
	var downloads http.Handler = authenticate(d.Accounts, d.Log, exports(d.Registry, d.Report, d.Accounts, d.Log))
	var attachments http.Handler = authenticate(d.Accounts, d.Log, d.Files.Handler(d.Log))
	if d.RateLimit > 0 {
		// only the API and the downloads are limited, by one budget per client: health checks and
		// the app's static files cost next to nothing, an export streams the register
		limiter := ratelimit.Middleware(ratelimit.New(d.RateLimit, d.RateBurst, nil), ratelimit.ClientPrefix, nil)
		api = metrics.countRateLimited(limiter(api))
		downloads = metrics.countRateLimited(limiter(downloads))
		attachments = metrics.countRateLimited(limiter(attachments))
	}
	// answers of the API and downloads hold personal data and tokens: no browser or proxy keeps them
	gz := compressor()
	mux.Handle("/graphql", noStore(gz(api)))
	mux.Handle("/export/", noStore(gz(downloads)))
	// the files handler sets its own Cache-Control (private, no-store); photos are compressed already
	mux.Handle("/files/", attachments)
	mux.Handle("/", spa())
	return requestContext(d.Log, securityHeaders(metrics.instrument(mux)))
}

// compressor gzips API answers and exports for clients that accept it: a province's pivot is
// about 10 MB of JSON and a units CSV grows with the register. Small answers (under gzhttp's 1 KB
// default) go out as they are, and workbooks are zip files already. The fastest level: on answers
// of this size the CPU of the higher levels costs more than the bytes they save on a LAN.
func compressor() func(http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.CompressionLevel(gzip.BestSpeed), gzhttp.ExceptContentTypes([]string{xlsxType}))
	if err != nil {
		panic(fmt.Sprintf("gzip options: %v", err)) // fixed options: only a programming error gets here
	}
	return func(h http.Handler) http.Handler { return wrap(h) }
}

// readiness answers 200 when the database answers and every migration is applied, else 503.
func readiness(db *postgres.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
			return
		}
		current, err := db.MigrationsCurrent(ctx)
		if err != nil || !current {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "migrations pending"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	}
}

// authenticate puts the actor of a valid bearer token in the context. A missing or refused token
// leaves the request anonymous: anonymous callers can still log in or refresh, and every other
// operation answers UNAUTHENTICATED (graph.requireSignIn). When the token cannot be checked (the
// database is down) the answer is 503 INTERNAL: UNAUTHENTICATED would make the app sign the user
// out over an outage.
func authenticate(acc *accounts.Service, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			next.ServeHTTP(w, r)
			return
		}
		// bounded on its own: the export downloads run under a much longer deadline
		ctx, cancel := context.WithTimeout(r.Context(), authTimeout)
		actor, err := acc.Authenticate(ctx, token)
		cancel()
		if err != nil && campaign.ErrorCode(err) == campaign.EINTERNAL {
			id := reqinfo.ID(r.Context())
			log.ErrorContext(r.Context(), "bearer token could not be checked", "request_id", id, "err", err)
			w.Header().Set("Retry-After", "5")
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"errors": []map[string]any{{
				"message":    fmt.Sprintf("服务暂不可用，请稍后再试，请求编号 %s (service unavailable, request id %s)", id, id),
				"extensions": map[string]string{"code": campaign.EINTERNAL, "requestId": id},
			}}})
			return
		}
		if err != nil {
			log.DebugContext(r.Context(), "bearer token refused", "request_id", reqinfo.ID(r.Context()), "err", err)
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(policy.WithActor(r.Context(), actor)))
	})
}

// authTimeout bounds checking a bearer token (one indexed query).
const authTimeout = 10 * time.Second

// limitBody answers 413 to a body over MaxBodyBytes (gqlgen would answer 200 with an error) and
// hands the rest on fully read.
func limitBody(uploads map[string]bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method == http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		limit := int64(MaxBodyBytes)
		var head []byte
		if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/form-data") {
			// the larger limit only for an operation that uploads a file, decided from the
			// operations part at the head of the body before the rest is read
			var err error
			if head, err = io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes)); err != nil {
				writeError(w, http.StatusBadRequest, "BAD_REQUEST", "无法读取请求体 (could not read the request body)")
				return
			}
			if !takesUpload(head, ct, uploads) {
				writeError(w, http.StatusBadRequest, "BAD_REQUEST", "只有上传文件的操作可以使用 multipart 请求 (multipart requests are only for operations that upload a file)")
				return
			}
			limit = MaxUploadBytes - int64(len(head))
		}
		rest, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		body := append(head, rest...)
		if head != nil {
			limit = MaxUploadBytes
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, "BAD_REQUEST",
				fmt.Sprintf("请求体过大，最多 %d KB (request body over %d KB)", limit>>10, limit>>10))
			return
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "无法读取请求体 (could not read the request body)")
			return
		}
		// gqlgen's answer to a body it cannot decode quotes the whole body back (and NaN or
		// Infinity, which JSON has not, are such a body): refuse it here, without the echo
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" && !json.Valid(body) {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "请求体不是有效的 JSON（NaN、Infinity 不是 JSON 数值）(the request body is not valid JSON; NaN and Infinity are not JSON numbers)")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// getQueriesOnly answers 405 to a mutation sent with GET, as the GraphQL-over-HTTP specification
// asks (gqlgen's GET transport refuses it with 406). GET must stay free of side effects: it is
// cached and prefetched.
func getQueriesOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if doc, err := parser.ParseQuery(&ast.Source{Input: q.Get("query")}); err == nil {
				if op := doc.Operations.ForName(q.Get("operationName")); op != nil && op.Operation != ast.Query {
					w.Header().Set("Allow", "POST")
					writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "修改操作须用 POST 发送 (mutations must be sent with POST)")
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// writeError answers with a GraphQL-shaped error body.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": message, "extensions": map[string]string{"code": code}}}})
}

// statusRecorder remembers the status code for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// requestContext gives the request an id (echoed as X-Request-Id), records the client address and
// writes one access-log line per request.
func requestContext(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := reqinfo.NewID()
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(reqinfo.With(r.Context(), id, ratelimit.ClientIP(r))))
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "request_id", id)
	})
}

// contentSecurityPolicy allows only the app's own files; Ant Design writes inline styles.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
