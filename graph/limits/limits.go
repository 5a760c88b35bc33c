// Package limits refuses GraphQL operations whose shape is abusive before any
// resolver runs: too deep, too many aliases, too many root fields. It also
// holds the HTTP middleware that refuses batched requests.
//
// It complements gqlgen's extension.FixedComplexityLimit, which weighs the
// number of fields but has no notion of depth: a narrow query nested fifty
// levels through relations is cheap by field count and ruinous in joins.
package limits

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeQueryTooComplex is extensions.code on every error this package
// returns, so clients can tell a shape refusal from a validation error.
const CodeQueryTooComplex = "QUERY_TOO_COMPLEX"

// extensionName names the extension in gqlgen and keys its Stats entry.
const extensionName = "QueryShapeLimits"

// maxWalkLevel bounds the walker's own recursion. The parser already caps
// nesting inside one selection set at 1000; a chain of fragments can go
// further, and this makes sure it cannot go on forever.
const maxWalkLevel = 10_000

// Config holds the limits. Zero turns a limit off; negative is an error.
type Config struct {
	// MaxDepth is the deepest chain of fields, root field = 1. Fragments
	// and inline fragments are expanded and add no depth of their own;
	// introspection fields count like any other.
	MaxDepth int
	// MaxAliases is the number of fields whose alias differs from their
	// name, counted after expanding fragments (a fragment with 3 aliases
	// spread twice counts 6), because that is how often they would run.
	MaxAliases int
	// MaxRootFields is the number of distinct response keys at the top of
	// the operation, fragments expanded. Identical keys merge into one
	// resolver call, so they count once.
	MaxRootFields int
}

// Shape is what Measure finds in an operation.
type Shape struct {
	Depth      int
	Aliases    int
	RootFields int
}

// Limits is a gqlgen handler extension enforcing Config. Register it with
// srv.Use(limits.New(cfg)).
type Limits struct {
	cfg Config
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*Limits)(nil)

// New returns the extension. Its config is checked when gqlgen calls
// Validate, that is when srv.Use runs, so a bad config stops start-up.
func New(cfg Config) *Limits {
	return &Limits{cfg: cfg}
}

// ExtensionName implements graphql.HandlerExtension.
func (l *Limits) ExtensionName() string {
	return extensionName
}

// Validate implements graphql.HandlerExtension.
func (l *Limits) Validate(graphql.ExecutableSchema) error {
	if l.cfg.MaxDepth < 0 || l.cfg.MaxAliases < 0 || l.cfg.MaxRootFields < 0 {
		return fmt.Errorf("query limits: negative limit in %+v", l.cfg)
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator. gqlgen
// calls it after parsing and validation, before execution.
func (l *Limits) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Operation
	if op == nil && opCtx.Doc != nil {
		op = opCtx.Doc.Operations.ForName(opCtx.OperationName)
	}
	if op == nil {
		// gqlgen has already answered "operation not found".
		return nil
	}
	shape, err := Measure(opCtx.Doc, op)
	if err != nil {
		return tooComplex("查询无法分析 (%s)", err)
	}
	opCtx.Stats.SetExtension(extensionName, &shape)
	return l.Check(shape)
}

// Check compares a measured shape with the limits and returns the error for
// the first one exceeded, or nil.
func (l *Limits) Check(s Shape) *gqlerror.Error {
	if c := l.cfg.MaxDepth; c > 0 && s.Depth > c {
		return tooComplex("查询嵌套过深：最多 %d 层 (query depth %d exceeds the limit of %d)", c, s.Depth, c)
	}
	if c := l.cfg.MaxAliases; c > 0 && s.Aliases > c {
		return tooComplex("查询别名过多：最多 %d 个 (query uses %d aliases, exceeding the limit of %d)", c, s.Aliases, c)
	}
	if c := l.cfg.MaxRootFields; c > 0 && s.RootFields > c {
		return tooComplex("顶层字段过多：最多 %d 个 (query has %d root fields, exceeding the limit of %d)", c, s.RootFields, c)
	}
	return nil
}

// ShapeFromContext returns the shape measured for the current operation, for
// request logs, or nil outside an operation or before the extension ran.
func ShapeFromContext(ctx context.Context) *Shape {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	s, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(extensionName).(*Shape)
	return s
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, CodeQueryTooComplex)
	return err
}

// ErrFragmentCycle means a fragment spreads itself, directly or not. Query
// validation rejects such documents first; Measure checks anyway so that it
// terminates on any input.
var ErrFragmentCycle = errors.New("fragment cycle")

// ErrTooNested means the walk went deeper than maxWalkLevel.
var ErrTooNested = errors.New("nesting too deep to measure")

// Measure walks op, expanding the fragments it uses from doc, and returns its
// shape. Each fragment is measured once and its result reused, so the work is
// linear in the size of the document even when fragments spread each other
// many times over.
func Measure(doc *ast.QueryDocument, op *ast.OperationDefinition) (Shape, error) {
	w := walker{
		fragments: map[string]*ast.FragmentDefinition{},
		measured:  map[string]subShape{},
		active:    map[string]bool{},
	}
	if doc != nil {
		for _, f := range doc.Fragments {
			if _, dup := w.fragments[f.Name]; !dup {
				w.fragments[f.Name] = f
			}
		}
	}
	sub, err := w.selectionSet(op.SelectionSet, 0)
	if err != nil {
		return Shape{}, err
	}
	keys := map[string]bool{}
	if err := w.rootKeys(op.SelectionSet, keys, map[string]bool{}, 0); err != nil {
		return Shape{}, err
	}
	return Shape{Depth: sub.depth, Aliases: sub.aliases, RootFields: len(keys)}, nil
}

// subShape is the shape of one selection set relative to itself.
type subShape struct {
	depth   int
	aliases int
}

type walker struct {
	fragments map[string]*ast.FragmentDefinition
	measured  map[string]subShape // fragment name -> shape of its selection set
	active    map[string]bool     // fragments on the current path, for cycles
}

func (w *walker) selectionSet(set ast.SelectionSet, level int) (subShape, error) {
	if level > maxWalkLevel {
		return subShape{}, fmt.Errorf("%w: more than %d levels", ErrTooNested, maxWalkLevel)
	}
	var out subShape
	for _, sel := range set {
		var (
			inner subShape
			err   error
		)
		switch s := sel.(type) {
		case *ast.Field:
			inner, err = w.selectionSet(s.SelectionSet, level+1)
			inner.depth++
			if s.Alias != "" && s.Alias != s.Name {
				inner.aliases = addSat(inner.aliases, 1)
			}
		case *ast.InlineFragment:
			inner, err = w.selectionSet(s.SelectionSet, level+1)
		case *ast.FragmentSpread:
			inner, err = w.fragment(s, level+1)
		}
		if err != nil {
			return subShape{}, err
		}
		out.depth = max(out.depth, inner.depth)
		out.aliases = addSat(out.aliases, inner.aliases)
	}
	return out, nil
}

func (w *walker) fragment(s *ast.FragmentSpread, level int) (subShape, error) {
	if m, ok := w.measured[s.Name]; ok {
		return m, nil
	}
	def := w.lookup(s)
	if def == nil {
		// Validation reports unknown fragments; nothing to count here.
		return subShape{}, nil
	}
	if w.active[s.Name] {
		return subShape{}, fmt.Errorf("%w: fragment %s spreads itself", ErrFragmentCycle, s.Name)
	}
	w.active[s.Name] = true
	m, err := w.selectionSet(def.SelectionSet, level)
	delete(w.active, s.Name)
	if err != nil {
		return subShape{}, err
	}
	w.measured[s.Name] = m
	return m, nil
}

// rootKeys collects the response keys of the top-level fields. Each fragment
// is entered once: its keys are the same every time, and entering it again
// could cost exponential time.
func (w *walker) rootKeys(set ast.SelectionSet, keys, seen map[string]bool, level int) error {
	if level > maxWalkLevel {
		return fmt.Errorf("%w: more than %d levels", ErrTooNested, maxWalkLevel)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			keys[key] = true
		case *ast.InlineFragment:
			if err := w.rootKeys(s.SelectionSet, keys, seen, level+1); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if def := w.lookup(s); def != nil {
				if err := w.rootKeys(def.SelectionSet, keys, seen, level+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// lookup prefers the document's fragment over the pointer validation fills
// in, so unvalidated documents (tests, other callers) are measured the same.
func (w *walker) lookup(s *ast.FragmentSpread) *ast.FragmentDefinition {
	if def, ok := w.fragments[s.Name]; ok {
		return def
	}
	return s.Definition
}

// addSat adds without wrapping around: fragments spreading fragments can
// multiply an alias count past any integer.
func addSat(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}
