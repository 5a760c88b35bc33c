package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"zeroaccident/graph/limits"
	"zeroaccident/graph/model"
	"zeroaccident/server/campaign"
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
)

// NewHandler builds the GraphQL HTTP handler: POST, and GET for queries only (gqlgen's GET transport
// refuses mutations), with the limits above, deny-by-default authentication, introspection only for
// signed-in users and an error presenter that never leaks internals.
func NewHandler(r *Resolver, log *slog.Logger) *handler.Server {
	// shape refusals are request errors (HTTP 422/400), not results
	errcode.RegisterErrorType(limits.CodeQueryTooComplex, errcode.KindProtocol)
	errcode.RegisterErrorType("COMPLEXITY_LIMIT_EXCEEDED", errcode.KindProtocol)
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r, Complexity: complexity()}))
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
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(limits.New(limits.Config{MaxDepth: MaxDepth, MaxAliases: MaxAliases, MaxRootFields: MaxRootFields}))
	srv.AroundRootFields(requireSignIn)
	srv.SetErrorPresenter(presentError(log))
	srv.SetRecoverFunc(recoverPanic(log))
	return srv
}

// requireSignIn refuses every root field but those marked @public to anonymous callers: new
// operations are protected without anyone remembering to protect them. It runs around root fields
// only (a field middleware would run for every value of every answer).
func requireSignIn(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || policy.ActorFrom(ctx) != nil || rfc.Field.Definition == nil ||
		rfc.Field.Definition.Directives.ForName("public") != nil {
		return next(ctx)
	}
	// the field's own context, so the error carries the field's path like a resolver's error
	fc := &graphql.FieldContext{Parent: graphql.GetFieldContext(ctx), Field: rfc.Field}
	if fc.Parent != nil {
		fc.Object = fc.Parent.Object
	}
	graphql.AddError(graphql.WithFieldContext(ctx, fc), campaign.ErrUnauthenticated)
	return graphql.Null
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

// complexity makes list fields cost in proportion to the page they ask for.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	c.Query.Users = func(childComplexity int, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	c.Query.Units = func(childComplexity int, _ *model.UnitFilter, _ *model.UnitOrder, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	c.Unit.ChangeLog = func(childComplexity int, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	c.Unit.Inspections = func(childComplexity int, first *int, _ *string) int { return listCost(childComplexity, first) }
	c.Unit.Hazards = func(childComplexity int, first *int, _ *string) int { return listCost(childComplexity, first) }
	c.Unit.Incidents = func(childComplexity int, first *int, _ *string) int { return listCost(childComplexity, first) }
	c.Query.Inspections = func(childComplexity int, _ *model.InspectionFilter, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	c.Query.Hazards = func(childComplexity int, _ *model.HazardFilter, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	c.Query.Incidents = func(childComplexity int, _ *model.IncidentFilter, first *int, _ *string) int {
		return listCost(childComplexity, first)
	}
	return c
}

func listCost(child int, first *int) int {
	n := DefaultPageSize
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + n*child
}
