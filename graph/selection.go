package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// selection is the tree of field names a query asks for below the current field, so a list
// resolver can start the batch loads its children will need (see loader.Prefetch*).
type selection map[string]selection

func currentSelection(ctx context.Context) selection {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return selection{}
	}
	return collect(graphql.GetOperationContext(ctx), fc.Field.Selections)
}

func collect(op *graphql.OperationContext, set ast.SelectionSet) selection {
	out := selection{}
	for _, f := range graphql.CollectFields(op, set, nil) {
		child := collect(op, f.Selections)
		if prev, ok := out[f.Name]; ok {
			for k, v := range prev {
				child[k] = v
			}
		}
		out[f.Name] = child
	}
	return out
}

// has reports whether the path of field names is selected.
func (s selection) has(path ...string) bool {
	for _, p := range path {
		next, ok := s[p]
		if !ok {
			return false
		}
		s = next
	}
	return true
}

// at returns the subtree at the path (empty when it is not selected).
func (s selection) at(path ...string) selection {
	for _, p := range path {
		s = s[p]
		if s == nil {
			return selection{}
		}
	}
	return s
}

// names lists the field names selected at this level.
func (s selection) names() map[string]bool {
	out := make(map[string]bool, len(s))
	for k := range s {
		out[k] = true
	}
	return out
}
