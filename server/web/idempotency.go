package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/idempotency"
	"zeroaccident/server/policy"
	"zeroaccident/server/reqinfo"
)

// idempotent answers a retried mutation (same user, Idempotency-Key and body) with the first
// answer, without running it again; a new keyed request runs with the key in its context, where
// graph guards its mutation with it, and its answer is kept once the key committed.
func idempotent(svc *idempotency.Service, log *slog.Logger, next http.Handler) http.Handler {
	var lastCleanup atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(idempotency.Header)
		a := policy.ActorFrom(r.Context())
		if key == "" || r.Method != http.MethodPost || a == nil {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > 200 {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "幂等键最长 200 个字符 (Idempotency-Key: at most 200 characters)")
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "无法读取请求体 (could not read the request body)")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		hash := idempotency.Hash(body)
		ctx := r.Context()
		prior, err := svc.Lookup(ctx, a.UserID, key)
		if err != nil {
			log.ErrorContext(ctx, "idempotency key lookup failed", "request_id", reqinfo.ID(ctx), "err", err)
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, campaign.EINTERNAL, "服务暂不可用，请稍后重试 (service unavailable: retry with the same key)")
			return
		}
		if prior.Found {
			switch {
			case prior.Hash != hash:
				writeError(w, http.StatusUnprocessableEntity, idempotency.CodeKeyReused,
					"该幂等键已用于另一请求 (this Idempotency-Key was used for a different request)")
			case prior.Response != nil:
				w.Header().Set("Content-Type", "application/graphql-response+json")
				w.Header().Set("Idempotent-Replayed", "true")
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write(prior.Response)
			default:
				writeError(w, http.StatusConflict, idempotency.CodeAlreadyApplied, idempotency.ErrAlreadyApplied.Message)
			}
			return
		}
		ctx, req := svc.WithRequest(ctx, a.UserID, key, hash)
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if req.Committed {
			if err := svc.Store(context.WithoutCancel(ctx), a.UserID, key, rec.body.Bytes()); err != nil {
				// the write stands; a retry will hear ALREADY_APPLIED instead of this answer
				log.ErrorContext(ctx, "storing an idempotent answer failed", "request_id", reqinfo.ID(ctx), "err", err)
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
		// old keys go at most once an hour per replica, off the request's path
		if now := time.Now().Unix(); now-lastCleanup.Load() > 3600 && lastCleanup.CompareAndSwap(lastCleanup.Load(), now) {
			go func() {
				cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				if _, err := svc.Cleanup(cctx); err != nil {
					log.Error("idempotency key cleanup failed", "err", err)
				}
			}()
		}
	})
}

// bufferedWriter holds an answer until its idempotency key has kept it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}
func (b *bufferedWriter) WriteHeader(status int) {
	if !b.wrote {
		b.status = status
	}
}
