package syntax

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// dumpTree renders a syntax tree without positions, so that two trees can be
// compared modulo positions (NaN literals compare equal).
func dumpTree(n any) string {
	var sb strings.Builder
	dumpValue(&sb, reflect.ValueOf(n))
	return sb.String()
}

var (
	spanType = reflect.TypeOf(Span{})
	timeType = reflect.TypeOf(time.Time{})
)

func dumpValue(sb *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		sb.WriteString("<nil>")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			sb.WriteString("nil")
			return
		}
		dumpValue(sb, v.Elem())
	case reflect.Struct:
		dumpStruct(sb, v)
	case reflect.Slice:
		sb.WriteString("[")
		for i := range v.Len() {
			if i > 0 {
				sb.WriteString(", ")
			}
			dumpValue(sb, v.Index(i))
		}
		sb.WriteString("]")
	case reflect.String:
		fmt.Fprintf(sb, "%q", v.String())
	default:
		fmt.Fprintf(sb, "%v", v.Interface())
	}
}

func dumpStruct(sb *strings.Builder, v reflect.Value) {
	if v.Type() == timeType {
		sb.WriteString(v.Interface().(time.Time).Format(time.RFC3339Nano))
		return
	}
	sb.WriteString(v.Type().Name())
	sb.WriteString("{")
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type == spanType || !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if fv.IsZero() {
			continue
		}
		sb.WriteString(f.Name)
		sb.WriteString(":")
		dumpValue(sb, fv)
		sb.WriteString(" ")
	}
	sb.WriteString("}")
}

// checkSpans walks n and reports nodes whose span is empty, inverted or
// outside the parent span.
func checkSpans(t *testing.T, name, src string, n any, parent Span) {
	t.Helper()
	walkNodes(reflect.ValueOf(n), func(v reflect.Value) {
		s := v.FieldByName("Span").Interface().(Span)
		if s.Pos < 0 || s.EndPos < s.Pos || s.EndPos > len(src) || s.Pos < parent.Pos || s.EndPos > parent.EndPos {
			t.Errorf("%s: %s has bad span %v (parent %v)", name, v.Type().Name(), s, parent)
		}
		if s.EndPos == s.Pos && v.Type().Name() != "Query" {
			t.Errorf("%s: %s has an empty span at %d", name, v.Type().Name(), s.Pos)
		}
	})
}

// walkNodes calls f for every struct value with a Span field below v.
func walkNodes(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkNodes(v.Elem(), f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkNodes(v.Index(i), f)
		}
	case reflect.Struct:
		if _, ok := v.Type().FieldByName("Span"); !ok {
			return
		}
		f(v)
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Type().Field(i).Type != spanType {
				walkNodes(v.Field(i), f)
			}
		}
	}
}
