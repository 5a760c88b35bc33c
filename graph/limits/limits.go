// Package limits refuses GraphQL operations whose shape is abusive before any
// resolver runs: too deep, too many aliases, too many root fields, too
// costly. It also holds the HTTP middleware that refuses batched requests.
//
// The cost (complexity) is computed here rather than by gqlgen's
// extension.FixedComplexityLimit, because gqlgen expands every fragment
// spread where it occurs: a document of n fragments each spreading the
// previous one twice costs it 2^n steps before it can refuse (40 levels keep
// a core busy for hours, even for anonymous callers). Here every fragment is
// measured once and its result reused, so the whole check is linear in the
// size of the document and refuses without ever expanding it.
package limits

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

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
	// MaxComplexity bounds the cost of the operation: every field costs 1,
	// and the fields under a list count as often as the list may hold
	// items — `first` (or DefaultPage) for a field with a `first`
	// argument, ListSize for a plain list. The lists of a Connection type
	// (edges, nodes) are already paid for by the field with `first`.
	MaxComplexity int
	// DefaultPage is the page a field with a `first` argument answers when
	// the argument is left out.
	DefaultPage int
	// ListSize is the number of items assumed for a plain list (reference
	// data, nested lists) without a @listSize(assumed: N) directive in the
	// schema: `counties { towns { county { towns … } } }` must
	// cost like the 145,000 objects it can return, not like 5 fields.
	ListSize int
}

// Shape is what Measure finds in an operation.
type Shape struct {
	Depth      int
	Aliases    int
	RootFields int
	// Complexity is 0 when measured without a schema.
	Complexity int
}

// Limits is a gqlgen handler extension enforcing Config. Register it with
// srv.Use(limits.New(cfg)).
type Limits struct {
	cfg    Config
	schema *ast.Schema
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
func (l *Limits) Validate(es graphql.ExecutableSchema) error {
	c := l.cfg
	if c.MaxDepth < 0 || c.MaxAliases < 0 || c.MaxRootFields < 0 || c.MaxComplexity < 0 || c.DefaultPage < 0 || c.ListSize < 0 {
		return fmt.Errorf("query limits: negative limit in %+v", l.cfg)
	}
	if es != nil {
		l.schema = es.Schema()
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
	shape, err := l.measure(opCtx.Doc, op, opCtx.Variables)
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
	if c := l.cfg.MaxComplexity; c > 0 && s.Complexity > c {
		err := gqlerror.Errorf("查询过于复杂：最多 %d (operation has complexity %d, which exceeds the limit of %d)", c, s.Complexity, c)
		errcode.Set(err, CodeComplexityLimitExceeded)
		return err
	}
	return nil
}

// CodeComplexityLimitExceeded is extensions.code of a refusal for cost, the
// code gqlgen's own complexity limit uses, so clients see no change.
const CodeComplexityLimitExceeded = "COMPLEXITY_LIMIT_EXCEEDED"

// measure is Measure with the costs of the configured schema.
func (l *Limits) measure(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) (Shape, error) {
	return measure(doc, op, &coster{schema: l.schema, vars: vars, defaultPage: l.cfg.DefaultPage, listSize: l.cfg.ListSize})
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
	return measure(doc, op, nil)
}

// MeasureCost is Measure with the complexity of op against schema, as the
// extension computes it with cfg's DefaultPage and ListSize.
func MeasureCost(schema *ast.Schema, cfg Config, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) (Shape, error) {
	return measure(doc, op, &coster{schema: schema, vars: vars, defaultPage: cfg.DefaultPage, listSize: cfg.ListSize})
}

func measure(doc *ast.QueryDocument, op *ast.OperationDefinition, cost *coster) (Shape, error) {
	if cost != nil && cost.schema == nil {
		cost = nil
	}
	w := walker{
		cost:      cost,
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
	var root *ast.Definition
	if cost != nil {
		switch op.Operation {
		case ast.Mutation:
			root = cost.schema.Mutation
		case ast.Subscription:
			root = cost.schema.Subscription
		default:
			root = cost.schema.Query
		}
	}
	sub, err := w.selectionSet(op.SelectionSet, root, 0)
	if err != nil {
		return Shape{}, err
	}
	keys := map[string]bool{}
	if err := w.rootKeys(op.SelectionSet, keys, map[string]bool{}, 0); err != nil {
		return Shape{}, err
	}
	return Shape{Depth: sub.depth, Aliases: sub.aliases, RootFields: len(keys), Complexity: sub.cost}, nil
}

// subShape is the shape of one selection set relative to itself.
type subShape struct {
	depth   int
	aliases int
	cost    int
}

// coster knows the schema, the operation's variables and the assumed sizes
// of lists.
type coster struct {
	schema      *ast.Schema
	vars        map[string]any
	defaultPage int
	listSize    int
}

// field returns the definition of the field's type (nil for scalars or an
// unknown field) and how many times its selection set counts.
func (c *coster) field(parent *ast.Definition, f *ast.Field) (*ast.Definition, int) {
	if c == nil || parent == nil {
		return nil, 1
	}
	def := parent.Fields.ForName(f.Name)
	if def == nil {
		// __typename, or a field validation refuses
		if f.Name == "__schema" || f.Name == "__type" {
			return c.schema.Types["__Schema"], 1
		}
		return nil, 1
	}
	typ := c.schema.Types[def.Type.Name()]
	if def.Arguments.ForName("first") != nil {
		n := c.defaultPage
		if v, ok := intValue(c.argument(f, "first")); ok && v > 0 {
			n = v
		}
		return typ, max(n, 1)
	}
	if def.Type.Elem != nil && !strings.HasSuffix(parent.Name, "Connection") {
		if d := def.Directives.ForName("listSize"); d != nil {
			if v, ok := intValue(d.ArgumentMap(nil)["assumed"]); ok && v >= 0 {
				return typ, v
			}
		}
		return typ, max(c.listSize, 1)
	}
	return typ, 1
}

// argument is the value of a field's argument, from the operation's variables
// when it is one (the document need not be validated, so f.Definition may be
// missing).
func (c *coster) argument(f *ast.Field, name string) any {
	arg := f.Arguments.ForName(name)
	if arg == nil || arg.Value == nil {
		return nil
	}
	if arg.Value.Kind == ast.Variable {
		return c.vars[arg.Value.Raw]
	}
	v, _ := arg.Value.Value(c.vars)
	return v
}

func intValue(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		if n > math.MaxInt32 {
			return math.MaxInt32, true
		}
		return int(n), true
	case float64:
		if n > math.MaxInt32 {
			return math.MaxInt32, true
		}
		return int(n), true
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return intValue(i)
		}
	}
	return 0, false
}

type walker struct {
	cost      *coster
	fragments map[string]*ast.FragmentDefinition
	measured  map[string]subShape // fragment name -> shape of its selection set
	active    map[string]bool     // fragments on the current path, for cycles
}

func (w *walker) selectionSet(set ast.SelectionSet, parent *ast.Definition, level int) (subShape, error) {
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
			typ, times := w.cost.field(parent, s)
			inner, err = w.selectionSet(s.SelectionSet, typ, level+1)
			inner.depth++
			if s.Alias != "" && s.Alias != s.Name {
				inner.aliases = addSat(inner.aliases, 1)
			}
			if w.cost != nil {
				inner.cost = addSat(1, mulSat(times, inner.cost))
			}
		case *ast.InlineFragment:
			inner, err = w.selectionSet(s.SelectionSet, w.typeCondition(s.TypeCondition, parent), level+1)
		case *ast.FragmentSpread:
			inner, err = w.fragment(s, level+1)
		}
		if err != nil {
			return subShape{}, err
		}
		out.depth = max(out.depth, inner.depth)
		out.aliases = addSat(out.aliases, inner.aliases)
		out.cost = addSat(out.cost, inner.cost)
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
	m, err := w.selectionSet(def.SelectionSet, w.typeCondition(def.TypeCondition, nil), level)
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

// typeCondition is the type a fragment's fields are looked up on: its type
// condition, or the enclosing type when it has none.
func (w *walker) typeCondition(name string, parent *ast.Definition) *ast.Definition {
	if w.cost == nil {
		return nil
	}
	if name == "" {
		return parent
	}
	return w.cost.schema.Types[name]
}

// mulSat multiplies non-negative numbers without wrapping around.
func mulSat(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// addSat adds without wrapping around: fragments spreading fragments can
// multiply an alias count past any integer.
func addSat(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}
