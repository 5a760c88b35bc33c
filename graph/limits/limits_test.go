package limits

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

const testSchema = `
type Query {
  me: User
  unit(id: ID!): Unit
  units: [Unit!]!
}
type User {
  id: ID!
  name: String!
  unit: Unit
}
type Unit {
  id: ID!
  name: String!
  parent: Unit
  users: [User!]!
}
`

func MustSchema(t testing.TB) *ast.Schema {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "test.graphqls", Input: testSchema})
	if err != nil {
		t.Fatalf("load schema: %v", err)
	}
	return s
}

// MustQuery parses and validates query as gqlgen would before calling the
// extension.
func MustQuery(t testing.TB, query string) (*ast.QueryDocument, *ast.OperationDefinition) {
	t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(MustSchema(t), query, nil)
	if len(errs) > 0 {
		t.Fatalf("load query: %v", errs)
	}
	return doc, doc.Operations[0]
}

// MustParse parses without validating, for documents validation would
// refuse (fragment cycles) or take long over.
func MustParse(t testing.TB, query string) (*ast.QueryDocument, *ast.OperationDefinition) {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatalf("parse query: %v", err)
	}
	return doc, doc.Operations[0]
}

// chain returns a query of exactly the given depth (at least 2): unit, then
// parents, then id.
func chain(depth int) string {
	return `{ unit(id: "1") { ` + strings.Repeat("parent { ", depth-2) + "id" + strings.Repeat(" }", depth-2) + " } }"
}

// aliased returns a query with n aliases at the second level and one root
// field.
func aliased(n int) string {
	var b strings.Builder
	b.WriteString("{ me { ")
	for i := range n {
		fmt.Fprintf(&b, "n%d: name ", i)
	}
	b.WriteString("} }")
	return b.String()
}

// rootFields returns a query with n distinct root response keys; n-1 of them
// are aliases of __typename.
func rootFields(n int) string {
	var b strings.Builder
	b.WriteString("{ me { id } ")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "t%d: __typename ", i)
	}
	b.WriteString("}")
	return b.String()
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  Shape
	}{
		{name: "one leaf at the root", query: `{ __typename }`, want: Shape{Depth: 1, RootFields: 1}},
		{name: "one object", query: `{ me { id name } }`, want: Shape{Depth: 2, RootFields: 1}},
		{name: "longest branch wins", query: `{ me { id unit { parent { id } } } units { id } }`, want: Shape{Depth: 4, RootFields: 2}},
		{name: "chain helper", query: chain(12), want: Shape{Depth: 12, RootFields: 1}},
		{
			name:  "fragment expanded",
			query: `{ unit(id: "1") { ...P } } fragment P on Unit { parent { parent { id } } }`,
			want:  Shape{Depth: 4, RootFields: 1},
		},
		{
			name:  "fragment inside fragment",
			query: `{ unit(id: "1") { ...A } } fragment A on Unit { parent { ...B } } fragment B on Unit { parent { users { id } } }`,
			want:  Shape{Depth: 5, RootFields: 1},
		},
		{
			name:  "inline fragment adds no depth",
			query: `{ unit(id: "1") { ... on Unit { parent { ... { id } } } } }`,
			want:  Shape{Depth: 3, RootFields: 1},
		},
		{
			name:  "introspection fields count",
			query: `{ __schema { types { fields { type { ofType { name } } } } } }`,
			want:  Shape{Depth: 6, RootFields: 1},
		},
		{
			name:  "introspection by type",
			query: `{ __type(name: "Unit") { fields { type { name } } } }`,
			want:  Shape{Depth: 4, RootFields: 1},
		},
		{name: "aliases at every level", query: `{ a: me { x: id } b: me { name } }`, want: Shape{Depth: 2, Aliases: 3, RootFields: 2}},
		{name: "alias equal to the name is no alias", query: `{ me: me { id: id } }`, want: Shape{Depth: 2, RootFields: 1}},
		{
			name:  "aliases in a fragment count per spread",
			query: `{ a: me { ...F } b: me { ...F } } fragment F on User { n1: name n2: name }`,
			want:  Shape{Depth: 2, Aliases: 6, RootFields: 2},
		},
		{name: "repeated root field counts once", query: `{ me { id } me { name } }`, want: Shape{Depth: 2, RootFields: 1}},
		{
			name:  "root fields through fragments",
			query: `{ ...Q ... on Query { units { id } } me { id } } fragment Q on Query { units { id } me { name } unit(id: "1") { id } }`,
			want:  Shape{Depth: 2, RootFields: 3},
		},
		{
			name:  "only the chosen operation is measured",
			query: `query Small { me { id } } query Big { unit(id: "1") { parent { parent { id } } } }`,
			want:  Shape{Depth: 2, RootFields: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, op := MustQuery(t, tt.query)
			got, err := Measure(doc, op)
			if err != nil {
				t.Fatalf("Measure: %v", err)
			}
			if got != tt.want {
				t.Errorf("Measure = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMeasureTerminates(t *testing.T) {
	t.Run("fragment cycle", func(t *testing.T) {
		doc, op := MustParse(t, `{ unit(id: "1") { ...A } } fragment A on Unit { parent { ...B } } fragment B on Unit { parent { ...A } }`)
		if _, err := Measure(doc, op); !errors.Is(err, ErrFragmentCycle) {
			t.Errorf("Measure error = %v, want ErrFragmentCycle", err)
		}
	})
	t.Run("fragment spreading itself", func(t *testing.T) {
		doc, op := MustParse(t, `{ unit(id: "1") { ...A } } fragment A on Unit { id ...A }`)
		if _, err := Measure(doc, op); !errors.Is(err, ErrFragmentCycle) {
			t.Errorf("Measure error = %v, want ErrFragmentCycle", err)
		}
	})
	t.Run("root fragment cycle", func(t *testing.T) {
		doc, op := MustParse(t, `{ ...Q } fragment Q on Query { me { id } ...Q }`)
		if _, err := Measure(doc, op); !errors.Is(err, ErrFragmentCycle) {
			t.Errorf("Measure error = %v, want ErrFragmentCycle", err)
		}
	})
	t.Run("unknown fragment counts nothing", func(t *testing.T) {
		doc, op := MustParse(t, `{ me { ...Missing } }`)
		got, err := Measure(doc, op)
		if err != nil || got.Depth != 1 {
			t.Errorf("Measure = %+v, %v; want depth 1", got, err)
		}
	})
	t.Run("fragments doubling 40 times", func(t *testing.T) {
		// Expanded naively this is 2^40 fields; measured once per
		// fragment it is instant.
		const levels = 40
		var b strings.Builder
		b.WriteString(`{ unit(id: "1") { ...F0 } }`)
		for i := range levels {
			fmt.Fprintf(&b, " fragment F%d on Unit { a: parent { ...F%d } b: parent { ...F%d } }", i, i+1, i+1)
		}
		fmt.Fprintf(&b, " fragment F%d on Unit { id }", levels)
		doc, op := MustParse(t, b.String())

		start := time.Now()
		got, err := Measure(doc, op)
		if err != nil {
			t.Fatalf("Measure: %v", err)
		}
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("Measure took %s", elapsed)
		}
		if got.Depth != levels+2 {
			t.Errorf("depth = %d, want %d", got.Depth, levels+2)
		}
		if got.Aliases < 1<<levels {
			t.Errorf("aliases = %d, want at least 2^%d", got.Aliases, levels)
		}
	})
	t.Run("alias count saturates instead of wrapping", func(t *testing.T) {
		const levels = 70
		var b strings.Builder
		b.WriteString(`{ unit(id: "1") { ...F0 } }`)
		for i := range levels {
			fmt.Fprintf(&b, " fragment F%d on Unit { a: parent { ...F%d } b: parent { ...F%d } }", i, i+1, i+1)
		}
		fmt.Fprintf(&b, " fragment F%d on Unit { id }", levels)
		doc, op := MustParse(t, b.String())
		got, err := Measure(doc, op)
		if err != nil {
			t.Fatalf("Measure: %v", err)
		}
		if got.Aliases <= 0 {
			t.Errorf("aliases = %d, want a large positive number", got.Aliases)
		}
	})
	t.Run("fragment chain deeper than the walker allows", func(t *testing.T) {
		const n = maxWalkLevel/2 + 10
		var b strings.Builder
		b.WriteString(`{ unit(id: "1") { ...F0 } }`)
		for i := range n {
			fmt.Fprintf(&b, " fragment F%d on Unit { parent { ...F%d } }", i, i+1)
		}
		fmt.Fprintf(&b, " fragment F%d on Unit { id }", n)
		doc, op := MustParse(t, b.String())
		if _, err := Measure(doc, op); !errors.Is(err, ErrTooNested) {
			t.Errorf("Measure error = %v, want ErrTooNested", err)
		}
	})
}

// introspectionQuery is graphql-js v16's getIntrospectionQuery(), the query
// GraphiQL and most code generators send.
const introspectionQuery = `
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description
  type { ...TypeRef }
  defaultValue
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
`

func TestIntrospectionQueryShape(t *testing.T) {
	// Documents what the standard introspection query needs, so MaxDepth is
	// chosen knowing whether GraphiQL and codegen still work.
	doc, op := MustQuery(t, introspectionQuery)
	got, err := Measure(doc, op)
	if err != nil {
		t.Fatalf("Measure: %v", err)
	}
	if want := (Shape{Depth: 13, Aliases: 0, RootFields: 1}); got != want {
		t.Errorf("Measure(introspection) = %+v, want %+v", got, want)
	}
}

func TestMutateOperationContext(t *testing.T) {
	limits := New(Config{MaxDepth: 12, MaxAliases: 30, MaxRootFields: 20})
	tests := []struct {
		name    string
		query   string
		wantErr string // substring of the message; "" means accepted
	}{
		{name: "depth at the limit", query: chain(12)},
		{name: "depth over the limit", query: chain(15), wantErr: "查询嵌套过深：最多 12 层 (query depth 15 exceeds the limit of 12)"},
		{
			name:    "depth over the limit through fragments",
			query:   `{ unit(id: "1") { ...A } } fragment A on Unit { parent { parent { parent { parent { parent { ...B } } } } } } fragment B on Unit { parent { parent { parent { parent { parent { parent { id } } } } } } }`,
			wantErr: "query depth 13 exceeds the limit of 12",
		},
		{name: "aliases at the limit", query: aliased(30)},
		{name: "aliases over the limit", query: aliased(31), wantErr: "查询别名过多：最多 30 个 (query uses 31 aliases, exceeding the limit of 30)"},
		{
			name:    "aliases over the limit through a fragment spread twice",
			query:   `{ a: me { ...F } b: me { ...F } } fragment F on User { x: name n1: name n2: name n3: name n4: name n5: name n6: name n7: name n8: name n9: name n10: name n11: name n12: name n13: name n14: name }`,
			wantErr: "query uses 32 aliases",
		},
		{name: "root fields at the limit", query: rootFields(20)},
		{name: "root fields over the limit", query: rootFields(21), wantErr: "顶层字段过多：最多 20 个 (query has 21 root fields, exceeding the limit of 20)"},
		{name: "introspection over the depth limit", query: introspectionQuery, wantErr: "query depth 13 exceeds the limit of 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, op := MustQuery(t, tt.query)
			opCtx := &graphql.OperationContext{Doc: doc, Operation: op, OperationName: op.Name}
			err := limits.MutateOperationContext(context.Background(), opCtx)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			} else {
				if err == nil {
					t.Fatal("accepted, want refusal")
				}
				if !strings.Contains(err.Message, tt.wantErr) {
					t.Errorf("message = %q, want it to contain %q", err.Message, tt.wantErr)
				}
				if code := err.Extensions["code"]; code != CodeQueryTooComplex {
					t.Errorf("extensions.code = %v, want %s", code, CodeQueryTooComplex)
				}
			}
			ctx := graphql.WithOperationContext(context.Background(), opCtx)
			if ShapeFromContext(ctx) == nil {
				t.Error("ShapeFromContext = nil after the extension ran")
			}
		})
	}
}

func TestMutateOperationContextFindsOperationByName(t *testing.T) {
	// gqlgen sets Operation itself; the fallback covers callers that do not.
	doc, _ := MustQuery(t, `query Small { me { id } } query Deep { `+strings.TrimPrefix(chain(14), "{ "))
	limits := New(Config{MaxDepth: 12})
	tests := []struct {
		operation string
		refused   bool
	}{
		{operation: "Small"},
		{operation: "Deep", refused: true},
		{operation: "Missing"},
	}
	for _, tt := range tests {
		t.Run(tt.operation, func(t *testing.T) {
			err := limits.MutateOperationContext(context.Background(), &graphql.OperationContext{Doc: doc, OperationName: tt.operation})
			if (err != nil) != tt.refused {
				t.Errorf("error = %v, want refused %v", err, tt.refused)
			}
		})
	}
}

func TestZeroConfigLimitsNothing(t *testing.T) {
	doc, op := MustQuery(t, chain(40))
	opCtx := &graphql.OperationContext{Doc: doc, Operation: op}
	if err := New(Config{}).MutateOperationContext(context.Background(), opCtx); err != nil {
		t.Errorf("zero config refused: %v", err)
	}
}

func TestValidateConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{name: "typical", cfg: Config{MaxDepth: 12, MaxAliases: 30, MaxRootFields: 20}, ok: true},
		{name: "all off", cfg: Config{}, ok: true},
		{name: "negative depth", cfg: Config{MaxDepth: -1}},
		{name: "negative aliases", cfg: Config{MaxAliases: -1}},
		{name: "negative root fields", cfg: Config{MaxRootFields: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(tt.cfg).Validate(nil)
			if (err == nil) != tt.ok {
				t.Errorf("Validate = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

// stubSchema is the smallest ExecutableSchema: it answers every operation
// that reaches execution with {"ok":true}, so a test can tell refused from
// executed.
type stubSchema struct{ schema *ast.Schema }

func (s stubSchema) Schema() *ast.Schema { return s.schema }

func (stubSchema) Complexity(context.Context, string, string, int, map[string]any) (int, bool) {
	return 0, false
}

func (stubSchema) Exec(context.Context) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Data: json.RawMessage(`{"ok":true}`)})
}

func TestThroughGqlgenServer(t *testing.T) {
	srv := handler.New(stubSchema{schema: MustSchema(t)})
	srv.AddTransport(transport.POST{})
	srv.Use(New(Config{MaxDepth: 12, MaxAliases: 30, MaxRootFields: 20}))
	h := RejectBatches(srv)

	tests := []struct {
		name     string
		body     string
		status   int
		wantBody string
	}{
		{name: "allowed query executes", body: jsonQuery(chain(12)), status: http.StatusOK, wantBody: `"ok":true`},
		{name: "too deep is refused with the code", body: jsonQuery(chain(13)), status: http.StatusOK, wantBody: `"code":"QUERY_TOO_COMPLEX"`},
		{name: "batch is refused", body: "[" + jsonQuery(chain(2)) + "]", status: http.StatusBadRequest, wantBody: `"code":"BAD_REQUEST"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("got %d %s, want %d with %s", w.Code, w.Body.String(), tt.status, tt.wantBody)
			}
		})
	}
}

func jsonQuery(q string) string {
	b, _ := json.Marshal(map[string]string{"query": q})
	return string(b)
}
