package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"zeroaccident/graph/model"
	"zeroaccident/server/accounts"
	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
)

// oneSignInPerOperation refuses an operation holding more than one sign-in field (the @public
// mutations: login, refreshToken), before any of them runs. Each aliased login would be one
// password guess for one rate-limit token, and five of them lock an account at once. The fields
// are found by their directive, so a sign-in operation added later is covered too.
type oneSignInPerOperation struct{}

func (oneSignInPerOperation) ExtensionName() string                   { return "OneSignInPerOperation" }
func (oneSignInPerOperation) Validate(graphql.ExecutableSchema) error { return nil }
func (oneSignInPerOperation) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	keys := map[string]string{} // response key -> field name
	collectSignIns(oc.Doc, oc.Operation.SelectionSet, keys, map[string]bool{})
	if len(keys) <= 1 {
		return nil
	}
	var field string
	for _, name := range keys {
		if field == "" || name < field {
			field = name
		}
	}
	err := gqlerror.Errorf("一次请求只能登录一次 (at most one login or refreshToken per request, this one has %d)", len(keys))
	err.Extensions = map[string]any{"code": campaign.EINVALID, "field": field}
	return err
}

// collectSignIns adds the root fields marked @public, by response key (identical keys merge into
// one call). Each fragment is entered once, so the walk is linear in the document.
func collectSignIns(doc *ast.QueryDocument, set ast.SelectionSet, keys map[string]string, seen map[string]bool) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition != nil && s.Definition.Directives.ForName("public") != nil {
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				keys[key] = s.Name
			}
		case *ast.InlineFragment:
			collectSignIns(doc, s.SelectionSet, keys, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			def := s.Definition
			if def == nil && doc != nil {
				def = doc.Fragments.ForName(s.Name)
			}
			if def != nil {
				collectSignIns(doc, def.SelectionSet, keys, seen)
			}
		}
	}
}

// actAsSignedIn lets the fields under a sign-in field's payload (login, refreshToken) be resolved
// as the user who just signed in, so that user { county department } is filled in as me is: the
// request came without a token, and the reference data is for signed-in callers only. The sign-in
// resolver names the caller (signedInAs); only that root field's answer sees it, and requireSignIn
// has already decided the other root fields as anonymous.
func actAsSignedIn(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || policy.ActorFrom(ctx) != nil || rfc.Field.Definition == nil ||
		rfc.Field.Definition.Directives.ForName("public") == nil {
		return next(ctx)
	}
	return next(policy.WithPendingActor(ctx))
}

// signedInAs makes the user of a successful sign-in the caller of the rest of its answer.
func signedInAs(ctx context.Context, acc *accounts.Service, p *model.AuthPayload, err error) (*model.AuthPayload, error) {
	if err == nil && p != nil {
		if a, aerr := acc.Authenticate(ctx, p.AccessToken); aerr == nil {
			policy.SetPendingActor(ctx, a)
		}
	}
	return p, err
}
