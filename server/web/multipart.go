package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// uploadFields returns the root fields of schema that take a file: an argument of type Upload,
// directly, in a list or inside an input object. Multipart requests, with their larger body
// limit, are accepted for operations that select one of them; an upload field added to the
// schema later is found without being listed here.
func uploadFields(schema *ast.Schema) map[string]bool {
	out := map[string]bool{}
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		if root == nil {
			continue
		}
		for _, f := range root.Fields {
			for _, a := range f.Arguments {
				if holdsUpload(schema, a.Type, map[string]bool{}) {
					out[f.Name] = true
				}
			}
		}
	}
	return out
}

func holdsUpload(schema *ast.Schema, t *ast.Type, seen map[string]bool) bool {
	name := t.Name()
	if name == "Upload" {
		return true
	}
	def := schema.Types[name]
	if def == nil || def.Kind != ast.InputObject || seen[name] {
		return false
	}
	seen[name] = true
	for _, f := range def.Fields {
		if holdsUpload(schema, f.Type, seen) {
			return true
		}
	}
	return false
}

// takesUpload tells whether the multipart body whose beginning is head (the GraphQL multipart
// request spec puts the operations part first) selects one of the upload fields.
func takesUpload(head []byte, contentType string, fields map[string]bool) bool {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return false
	}
	part, err := multipart.NewReader(bytes.NewReader(head), params["boundary"]).NextPart()
	if err != nil || part.FormName() != "operations" {
		return false
	}
	raw, err := io.ReadAll(part)
	if err != nil {
		return false
	}
	var ops struct {
		Query         string `json:"query"`
		OperationName string `json:"operationName"`
	}
	if json.Unmarshal(raw, &ops) != nil || ops.Query == "" {
		return false
	}
	doc, perr := parser.ParseQuery(&ast.Source{Input: ops.Query})
	if perr != nil {
		return false
	}
	var op *ast.OperationDefinition
	if ops.OperationName != "" {
		op = doc.Operations.ForName(ops.OperationName)
	} else if len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	if op == nil || op.Operation != ast.Mutation {
		return false
	}
	return selectsAny(doc, op.SelectionSet, fields, map[string]bool{})
}

func selectsAny(doc *ast.QueryDocument, set ast.SelectionSet, fields map[string]bool, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if fields[s.Name] {
				return true
			}
		case *ast.InlineFragment:
			if selectsAny(doc, s.SelectionSet, fields, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
				seen[s.Name] = true
				if selectsAny(doc, f.SelectionSet, fields, seen) {
					return true
				}
			}
		}
	}
	return false
}
