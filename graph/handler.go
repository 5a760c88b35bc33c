package graph

import (
	"context"
	"log/slog"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"zeroaccident/graph/limits"
	"zeroaccident/server/campaign"
	"zeroaccident/server/idempotency"
	"zeroaccident/server/policy"
	"zeroaccident/server/registry"
)

// Limits on what one operation may ask for. They are generous for the frontend's own queries and
// for analysts' custom queries, and refuse the shapes that exist only to exhaust the server.
const (
	MaxComplexity = 5000
	// the standard introspection query (GraphiQL, code generators) is 13 levels deep
	MaxDepth       = 15
	MaxAliases     = 30
	MaxRootFields  = 20
	ParserTokenMax = 5000
	// AssumedListSize is what a plain list (reference data, nested lists) counts for in the
	// complexity; connections count their page (first) instead.
	AssumedListSize = 20
)

// NewHandler builds the GraphQL HTTP handler: POST, and GET for queries only (gqlgen's GET transport
// refuses mutations), with the limits above, deny-by-default authentication, introspection only for
// signed-in users and an error presenter that never leaks internals.
func NewHandler(r *Resolver, log *slog.Logger) *handler.Server {
	// shape refusals are request errors (HTTP 422/400), not results
	errcode.RegisterErrorType(limits.CodeQueryTooComplex, errcode.KindProtocol)
	errcode.RegisterErrorType("COMPLEXITY_LIMIT_EXCEEDED", errcode.KindProtocol)
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// the units import uploads a file (GraphQL multipart request spec)
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: registry.MaxImportBytes + 1<<20, MaxMemory: 32 << 20})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(ParserTokenMax)
	// "Did you mean …" hints help whoever probes the schema more than they help our users.
	srv.SetDisableSuggestion(true)
	srv.Use(introspectionForSignedIn{})
	// persisted queries let the app send a hash instead of the document; it is a cache, not an
	// allow-list, so the limits below still apply to every document
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	// every string and list input is bounded by default (see graph/limits/inputs.go), before the
	// cost below reads `first`
	srv.Use(limits.NewInputs())
	// the cost is weighed by limits (linear in the document), not by extension.FixedComplexityLimit,
	// whose time doubles with every level of fragments spreading fragments
	srv.Use(limits.New(limits.Config{
		MaxDepth: MaxDepth, MaxAliases: MaxAliases, MaxRootFields: MaxRootFields,
		MaxComplexity: MaxComplexity, DefaultPage: DefaultPageSize, ListSize: AssumedListSize,
	}))
	srv.Use(oneSignInPerOperation{})
	// root fields only: a field middleware would run for every value of every answer
	srv.AroundRootFields(requireSignIn)
	srv.AroundRootFields(actAsSignedIn)
	srv.AroundRootFields(guardIdempotent)
	srv.SetErrorPresenter(presentError(log))
	srv.SetRecoverFunc(recoverPanic(log))
	return srv
}

// requireSignIn refuses every root field but those marked @public to anonymous callers: new
// operations are protected without anyone remembering to protect them. An account that still has
// its one-time initial password is let through only to change it.
func requireSignIn(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || rfc.Field.Definition == nil {
		return next(ctx)
	}
	a := policy.ActorFrom(ctx)
	switch {
	case a == nil && rfc.Field.Definition.Directives.ForName("public") == nil:
		graphql.AddError(rootFieldContext(ctx, rfc), campaign.ErrUnauthenticated)
		return graphql.Null
	case a != nil && a.MustChangePassword && !slices.Contains(policy.AllowedWhilePasswordChange, rfc.Field.Name):
		graphql.AddError(rootFieldContext(ctx, rfc), policy.ErrPasswordChangeRequired)
		return graphql.Null
	}
	return next(ctx)
}

// rootFieldContext is the root field's own context, so an error a root middleware adds carries
// the field's path like a resolver's error.
func rootFieldContext(ctx context.Context, rfc *graphql.RootFieldContext) context.Context {
	fc := &graphql.FieldContext{Parent: graphql.GetFieldContext(ctx), Field: rfc.Field}
	if fc.Parent != nil {
		fc.Object = fc.Parent.Object
	}
	return graphql.WithFieldContext(ctx, fc)
}

// guardIdempotent runs a mutation sent with an Idempotency-Key in one transaction with the key
// (server/idempotency), so that a retry finds the key exactly when the mutation committed. It wraps
// the root field with its answer, so the answer is read inside the transaction too.
func guardIdempotent(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	rfc := graphql.GetRootFieldContext(ctx)
	req := idempotency.FromContext(ctx)
	// a root field's context names the field; the operation's type is its parent's object
	if parent := graphql.GetFieldContext(ctx); rfc == nil || parent == nil || parent.Object != "Mutation" || req == nil {
		return next(ctx)
	}
	var out graphql.Marshaler
	failed := false
	_, err := req.Guard(ctx, func(ctx context.Context) (any, error) {
		before := len(graphql.GetErrors(ctx))
		out = next(ctx)
		// an error anywhere in the field's answer rolls the write back, and the answer then says
		// nothing was done: a retry with the key runs it again
		if errs := graphql.GetErrors(ctx); len(errs) > before {
			failed = true
			return nil, errs[before]
		}
		return nil, nil
	})
	switch {
	case failed:
		// the errors are in the answer already
		return graphql.Null
	case err != nil:
		graphql.AddError(rootFieldContext(ctx, rfc), err)
		return graphql.Null
	}
	return out
}

// introspectionForSignedIn enables introspection per operation for authenticated callers only
// (handler.New starts every operation with introspection disabled).
type introspectionForSignedIn struct{}

func (introspectionForSignedIn) ExtensionName() string                   { return "IntrospectionForSignedIn" }
func (introspectionForSignedIn) Validate(graphql.ExecutableSchema) error { return nil }
func (introspectionForSignedIn) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	oc.DisableIntrospection = policy.ActorFrom(ctx) == nil
	return nil
}
