package web

import (
	"context"
	"net/http"
	"time"
)

// DefaultRequestTimeout bounds one API request when Deps.RequestTimeout is 0.
const DefaultRequestTimeout = 60 * time.Second

// withDeadline gives the request's context a deadline. Every database call takes that context,
// so when PostgreSQL stops answering (a dead connection, a host that drops packets) the request
// ends with an error instead of hanging; http.Server's WriteTimeout alone would cut the answer
// but leave the handler running.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		d = DefaultRequestTimeout
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
