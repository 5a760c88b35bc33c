package limits

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Inputs bounds every argument and input field of an operation, checked once against the schema
// before any resolver runs, so an input added to the schema later is bounded without anyone
// remembering to bound it:
//
//   - every String and ID has a maximum length in characters: the argument's or input field's
//     @length(max: N) directive, or by its name: `search` 100, names (`name`, `username`,
//     `…Name`) 200, IDs 100, any other text 5,000;
//   - every list has a maximum number of items: @listLength(max: N), or 200 (the largest page);
//   - no string holds a NUL byte (PostgreSQL cannot store it); a name holds no control
//     characters and no bidi overrides, and is not made only of invisible characters;
//   - an Int fits in 32 bits (GraphQL's Int), a Float is finite;
//   - a Date is YYYY-MM-DD and a Time RFC 3339, both between 1949-10-01 and the year 9999.
//
// A refusal is BAD_USER_INPUT with extensions.field naming the argument or input field at fault.
// Rules of the domain (required, formats, not in the future, …) stay in the domain packages; this
// is the floor under them.
type Inputs struct {
	schema *ast.Schema
}

// NewInputs returns the extension; gqlgen hands it the schema in Validate.
func NewInputs() *Inputs { return &Inputs{} }

// Defaults of Inputs; a schema directive overrides them per argument or input field.
const (
	MaxSearchLength = 100
	MaxNameLength   = 200
	MaxIDLength     = 100
	MaxTextLength   = 5000
	MaxListLength   = 200
)

// EarliestDate is the founding of the People's Republic: no date of this campaign's register can
// lie before it, and years like 0001 or 10000 are typing errors.
var EarliestDate = time.Date(1949, 10, 1, 0, 0, 0, 0, time.UTC)

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*Inputs)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (*Inputs) ExtensionName() string { return "InputBounds" }

// Validate implements graphql.HandlerExtension.
func (in *Inputs) Validate(es graphql.ExecutableSchema) error {
	if es != nil {
		in.schema = es.Schema()
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (in *Inputs) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Doc == nil || oc.Operation == nil {
		return nil
	}
	c := inputChecker{vars: oc.Variables, schema: in.schema}
	if err := c.selectionSet(oc.Operation.SelectionSet, 0); err != nil {
		return err
	}
	// each fragment once: its arguments are the same wherever it is spread
	for _, f := range oc.Doc.Fragments {
		if err := c.selectionSet(f.SelectionSet, 0); err != nil {
			return err
		}
	}
	return nil
}

type inputChecker struct {
	vars   map[string]any
	schema *ast.Schema
}

func (c *inputChecker) selectionSet(set ast.SelectionSet, level int) *gqlerror.Error {
	if level > maxWalkLevel {
		return tooComplex("查询嵌套过深 (query nested too deeply)")
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if err := c.field(s); err != nil {
				return err
			}
			if err := c.selectionSet(s.SelectionSet, level+1); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := c.selectionSet(s.SelectionSet, level+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *inputChecker) field(f *ast.Field) *gqlerror.Error {
	if f.Definition == nil || len(f.Arguments) == 0 {
		return nil
	}
	for _, arg := range f.Arguments {
		def := f.Definition.Arguments.ForName(arg.Name)
		if def == nil || arg.Value == nil {
			continue
		}
		var v any
		if arg.Value.Kind == ast.Variable {
			v = c.vars[arg.Value.Raw]
		} else {
			var err error
			if v, err = arg.Value.Value(c.vars); err != nil {
				continue // validation reports it
			}
		}
		if err := c.value(arg.Name, def.Type, def.Directives, v); err != nil {
			return err
		}
	}
	return nil
}

// value checks v, the value of the argument or input field called name of type typ.
func (c *inputChecker) value(name string, typ *ast.Type, dirs ast.DirectiveList, v any) *gqlerror.Error {
	if v == nil || typ == nil {
		return nil
	}
	if typ.Elem != nil {
		items, ok := v.([]any)
		if !ok {
			// a single value stands for a list of one (input coercion)
			return c.value(name, typ.Elem, dirs, v)
		}
		limit := directiveInt(dirs, "listLength", "max", MaxListLength)
		if len(items) > limit {
			return invalid(name, "%s 最多 %d 项 (%s takes at most %d items, got %d)", name, limit, name, limit, len(items))
		}
		for _, it := range items {
			if err := c.value(name, typ.Elem, dirs, it); err != nil {
				return err
			}
		}
		return nil
	}
	switch typ.NamedType {
	case "String", "ID":
		s, ok := v.(string)
		if !ok {
			return nil // an ID given as a number, or a type validation refuses
		}
		return checkString(name, typ.NamedType, dirs, s)
	case "Int":
		n, ok := number(v)
		if ok && (n > math.MaxInt32 || n < math.MinInt32 || n != math.Trunc(n)) {
			return invalid(name, "%s 超出范围 (%s must be a whole number between %d and %d)", name, name, math.MinInt32, math.MaxInt32)
		}
	case "Float":
		if n, ok := number(v); ok && (math.IsNaN(n) || math.IsInf(n, 0)) {
			return invalid(name, "%s 须为有限数值 (%s must be a finite number)", name, name)
		}
	case "Date":
		s, _ := v.(string)
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return invalid(name, "日期 %s 无效，须为 YYYY-MM-DD 格式的真实日期 (%s must be a real date like 2020-05-10)", name, name)
		}
		return checkYear(name, t)
	case "Time":
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return invalid(name, "时间 %s 无效，须为 RFC 3339 格式 (%s must be a time like 2020-05-10T08:00:00+08:00)", name, name)
		}
		return checkYear(name, t)
	default:
		if fields, ok := v.(map[string]any); ok {
			return c.object(typ.NamedType, fields)
		}
	}
	return nil
}

// object checks the fields of an input object.
func (c *inputChecker) object(typeName string, fields map[string]any) *gqlerror.Error {
	if c.schema == nil {
		return nil
	}
	def := c.schema.Types[typeName]
	if def == nil || def.Kind != ast.InputObject {
		return nil
	}
	for _, fd := range def.Fields {
		v, ok := fields[fd.Name]
		if !ok {
			continue
		}
		if err := c.value(fd.Name, fd.Type, fd.Directives, v); err != nil {
			return err
		}
	}
	return nil
}

func checkYear(name string, t time.Time) *gqlerror.Error {
	if t.Before(EarliestDate) || t.Year() > 9999 {
		return invalid(name, "%s 须在 1949-10-01 之后 (%s must lie after 1949-10-01 and before the year 10000)", name, name)
	}
	return nil
}

func checkString(name, typeName string, dirs ast.DirectiveList, s string) *gqlerror.Error {
	isName := IsNameField(name)
	limit := MaxTextLength
	switch {
	case name == "search":
		limit = MaxSearchLength
	case isName:
		limit = MaxNameLength
	case typeName == "ID":
		limit = MaxIDLength
	}
	limit = directiveInt(dirs, "length", "max", limit)
	// bytes first: no need to count the runes of a string far too long
	if len(s) > limit && (len(s) > utf8.UTFMax*limit || utf8.RuneCountInString(s) > limit) {
		return invalid(name, "%s 最多 %d 个字符 (%s takes at most %d characters)", name, limit, name, limit)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return invalid(name, "%s 含有空字符 (%s holds a NUL character)", name, name)
	}
	if isName {
		return checkName(name, s)
	}
	return nil
}

// IsNameField tells the arguments and input fields that hold a name of a person, unit or thing:
// `name`, `username` and every `…Name`.
func IsNameField(name string) bool {
	return name == "name" || name == "username" || strings.HasSuffix(name, "Name")
}

// checkName refuses control characters and bidi controls (which make a name read differently
// from what it is), and names made only of invisible characters.
func checkName(field, s string) *gqlerror.Error {
	visible := false
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return invalid(field, "%s 含有控制字符 (%s holds a control character)", field, field)
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return invalid(field, "%s 含有文字方向控制字符 (%s holds a bidi control character)", field, field)
		case unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r),
			r == 0x3164, r == 0x115F, r == 0x1160, r == 0xFFA0, r == 0x2800: // Hangul fillers, braille blank
		default:
			visible = true
		}
	}
	if s != "" && !visible {
		return invalid(field, "%s 不能只由不可见字符组成 (%s is made only of invisible characters)", field, field)
	}
	return nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func directiveInt(dirs ast.DirectiveList, directive, arg string, def int) int {
	d := dirs.ForName(directive)
	if d == nil {
		return def
	}
	a := d.Arguments.ForName(arg)
	if a == nil || a.Value == nil {
		return def
	}
	v, err := a.Value.Value(nil)
	if err != nil {
		return def
	}
	if n, ok := intValue(v); ok && n >= 0 {
		return n
	}
	return def
}

func invalid(field, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": field}
	return err
}
