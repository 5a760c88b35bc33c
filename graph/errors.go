package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"zeroaccident/server/campaign"
	"zeroaccident/server/reqinfo"
)

// presentError turns an error into what the client sees: a campaign.Error keeps its code, field and
// message; gqlgen's own errors (parsing, validation, limits) keep theirs; anything else is logged and
// replaced by "internal error" with the request id, so no database message reaches a client.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var ce *campaign.Error
		if errors.As(err, &ce) {
			gerr := gqlerror.WrapPath(graphql.GetPath(ctx), err)
			gerr.Message = ce.Message
			gerr.Extensions = map[string]any{"code": ce.Code}
			if ce.Field != "" {
				gerr.Extensions["field"] = ce.Field
			}
			return gerr
		}
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) && gerr.Err == nil {
			// produced by gqlgen itself (parse, validation, input coercion, limits): safe to show
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			if _, ok := gerr.Extensions["code"]; !ok {
				gerr.Extensions["code"] = campaign.EINVALID
			}
			return gerr
		}
		id := reqinfo.ID(ctx)
		log.ErrorContext(ctx, "request failed", "request_id", id, "path", graphql.GetPath(ctx).String(), "err", err)
		out := gqlerror.WrapPath(graphql.GetPath(ctx), err)
		out.Message = fmt.Sprintf("服务器内部错误，请求编号 %s (internal error, request id %s)", id, id)
		out.Extensions = map[string]any{"code": campaign.EINTERNAL, "requestId": id}
		return out
	}
}

// recoverPanic logs a resolver panic and answers INTERNAL instead of killing the request.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "resolver panic", "request_id", reqinfo.ID(ctx), "panic", p)
		return fmt.Errorf("panic: %v", p)
	}
}
