package check

import (
	"strconv"
	"strings"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/syntax"
)

// literal converts a syntax literal into a constant value.
func (c *checker) literal(l *syntax.Literal) column.Value {
	t := literalType(l.Kind)
	if l.Null {
		return column.NullOf(t)
	}
	switch l.Kind {
	case syntax.LitBool:
		return column.BoolValue(l.Bool)
	case syntax.LitInt:
		return column.IntValue(l.Int)
	case syntax.LitLong:
		return column.LongValue(l.Int)
	case syntax.LitReal:
		return column.RealValue(l.Real)
	case syntax.LitDecimal:
		return c.decimalLit(l)
	case syntax.LitString:
		return column.StringValue(l.Str)
	case syntax.LitTimeSpan:
		return column.TimeSpanValue(l.Dur)
	case syntax.LitDateTime:
		return c.datetimeLit(l)
	case syntax.LitGuid:
		return column.GUIDValue(strings.ToLower(literalInner(l.Text, "guid")))
	case syntax.LitDynamic:
		return column.DynamicValue(dynValue(l.Dyn))
	}
	return column.DynamicValue(nil)
}

func (c *checker) decimalLit(l *syntax.Literal) column.Value {
	f, err := strconv.ParseFloat(literalInner(l.Text, "decimal"), 64)
	if err != nil {
		c.errorf(l.Pos, "invalid decimal literal '%s'", l.Text)
		return column.NullOf(column.Decimal)
	}
	return column.Value{Type: column.Decimal, F: f}
}

func (c *checker) datetimeLit(l *syntax.Literal) column.Value {
	if !l.Time.IsZero() {
		return column.DateTimeValue(l.Time)
	}
	text := strings.Trim(literalInner(l.Text, "datetime"), `'"`)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return column.DateTimeValue(t)
		}
	}
	if fn, ok := funcs.LookupScalar("todatetime"); ok {
		if v, err := fn.Eval(&funcs.Context{}, []column.Value{column.StringValue(text)}); err == nil && !v.IsNull() {
			return v
		}
	}
	c.errorf(l.Pos, "invalid datetime literal '%s'", l.Text)
	return column.NullOf(column.DateTime)
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02 15:04:05.9999999",
	"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02", "2006-01",
	"01-02-2006", "01/02/2006", "01/02/2006 15:04:05", "2006/01/02", "2006/01/02 15:04:05",
}

// literalInner strips an optional "type(...)" wrapper from literal text.
func literalInner(text, _ string) string {
	t := strings.TrimSpace(text)
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") && isWord(t[:i]) {
		t = t[i+1 : len(t)-1]
	}
	return strings.TrimSpace(t)
}

func isWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// literalType maps a literal kind to its KQL type.
func literalType(k syntax.LitKind) column.Type {
	switch k {
	case syntax.LitBool:
		return column.Bool
	case syntax.LitInt:
		return column.Int
	case syntax.LitLong:
		return column.Long
	case syntax.LitReal:
		return column.Real
	case syntax.LitDecimal:
		return column.Decimal
	case syntax.LitString:
		return column.String
	case syntax.LitDateTime:
		return column.DateTime
	case syntax.LitTimeSpan:
		return column.TimeSpan
	case syntax.LitGuid:
		return column.GUID
	}
	return column.Dynamic
}

// dynValue converts a parsed dynamic literal to quarry's dynamic model.
func dynValue(d *syntax.DynValue) any {
	if d == nil {
		return nil
	}
	switch d.Kind {
	case syntax.DynArray:
		out := make([]any, len(d.Elems))
		for i, e := range d.Elems {
			out[i] = dynValue(e)
		}
		return out
	case syntax.DynObject:
		out := make(map[string]any, len(d.Keys))
		for i, k := range d.Keys {
			out[k] = dynValue(d.Values[i])
		}
		return out
	}
	return dynScalar(d.Scalar)
}

// dynScalar converts a scalar literal inside dynamic(...) to a Go value.
func dynScalar(l *syntax.Literal) any {
	if l == nil || l.Null || l.Kind == syntax.LitNull {
		return nil
	}
	switch l.Kind {
	case syntax.LitBool:
		return l.Bool
	case syntax.LitInt, syntax.LitLong:
		return l.Int
	case syntax.LitReal:
		return l.Real
	case syntax.LitString:
		return l.Str
	case syntax.LitTimeSpan:
		return column.TimeSpanValue(l.Dur).Text()
	case syntax.LitDateTime:
		return column.DateTimeValue(l.Time).Text()
	}
	return l.Text
}
