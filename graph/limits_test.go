package graph_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"zeroaccident/graph"
	"zeroaccident/graph/limits"
	"zeroaccident/server/apptest"
)

// doublingFragments returns a document of n fragments, each spreading the previous one twice:
// 2^n fields once expanded, n+2 lines as written.
func doublingFragments(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { counties { ...F%d } }\nfragment F0 on County { name }\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on County { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

// The complexity check costs time linear in the document: a 40-level document of fragments
// spreading fragments (2^40 fields expanded) is refused, by an anonymous caller too.
func TestFragmentBombIsRefusedInLinearTime(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	for _, token := range []string{"", app.MustLogin(t, analyst).AccessToken} {
		start := time.Now()
		res := app.Query(t, token, doublingFragments(40), nil)
		elapsed := time.Since(start)
		t.Logf("40-level fragment document refused in %s (signed in: %t)", elapsed, token != "")
		if res.Code() != limits.CodeComplexityLimitExceeded || res.Status < 400 {
			t.Fatalf("40 levels of fragments: %d %+v", res.Status, res.Errors)
		}
		// A safety property against denial of service rather than a benchmark: before the fix
		// this took hours (each level doubled the time), so a bound 20 times the 50 ms
		// cannot flake on a loaded machine and still fails on exponential work.
		if elapsed > time.Second {
			t.Fatalf("refusing 40 levels of fragments took %s", elapsed)
		}
	}
}

// Plain lists count in the complexity: the reference lists nested through their relations
// return hundreds of thousands of objects.
func TestPlainListsCountInTheComplexity(t *testing.T) {
	app := apptest.MustStart(t, apptest.Options{})
	token := app.MustLogin(t, analyst).AccessToken
	res := app.Query(t, token, `{ counties { towns { county { towns { county { towns { name } } } } } } }`, nil)
	if res.Code() != limits.CodeComplexityLimitExceeded {
		t.Fatalf("nested plain lists: %+v", res.Errors)
	}
	if res := app.Query(t, token, `{ counties { name towns { code name unitCount } } }`, nil); res.Code() != "" {
		t.Fatalf("counties with their towns: %+v", res.Errors)
	}
}

// Every document of the frontend stays within the limits with the largest page it asks for.
func TestFrontendDocumentsAreWithinTheLimits(t *testing.T) {
	var sources []*ast.Source
	for _, f := range mustGlob(t, "schema/*.graphqls") {
		sources = append(sources, &ast.Source{Name: f, Input: mustRead(t, f)})
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	_ = filepath.Walk("../frontend/src", func(path string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(path, ".graphql") {
			docs = append(docs, path)
		}
		return nil
	})
	if len(docs) < 10 {
		t.Fatalf("found %d frontend documents", len(docs))
	}
	cfg := limits.Config{DefaultPage: graph.DefaultPageSize, ListSize: graph.AssumedListSize}
	fragments := ""
	for _, d := range docs {
		// fragments of other files are spread by some documents
		for _, m := range regexp.MustCompile(`(?s)fragment \w+ on \w+ \{.*?\n\}`).FindAllString(mustRead(t, d), -1) {
			fragments += m + "\n"
		}
	}
	for _, d := range docs {
		text := regexp.MustCompile(`(?s)fragment \w+ on \w+ \{.*?\n\}`).ReplaceAllString(mustRead(t, d), "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		doc, err := parser.ParseQuery(&ast.Source{Name: d, Input: text + "\n" + fragments})
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		for _, op := range doc.Operations {
			// the units lists offer up to 100 a page, the other lists 20 at most
			first := 20
			if op.Name == "UnitList" || op.Name == "TownDetail" {
				first = 100
			}
			s, err := limits.MeasureCost(schema, cfg, doc, op, map[string]any{"first": first})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %s: %+v", d, op.Name, s)
			if s.Complexity > graph.MaxComplexity || s.Depth > graph.MaxDepth {
				t.Errorf("%s %s exceeds the limits: %+v", d, op.Name, s)
			}
		}
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v", pattern, err)
	}
	return m
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
