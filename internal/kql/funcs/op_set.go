package funcs

import (
	"fmt"
	"strings"

	"quarry/internal/column"
)

// Set membership operators: x in (a, b, ...), !in, in~, !in~, has_any,
// has_all. They are variadic scalars: args[0] is the tested value, the rest
// are the list elements. A dynamic-array element is flattened into its
// items (let-bound arrays, and the first column of a tabular right side,
// which the executor passes as one dynamic array). in/!in use the same
// lenient equality as == (so ResultType in (50074, 50076) works on a string
// column); in~ compares strings case-insensitively. A null left side is
// never "in" a list.

func init() {
	registerScalar(setOp("in", func(x column.Value, list []column.Value) bool { return inList(x, list, false) }))
	registerScalar(setOp("!in", func(x column.Value, list []column.Value) bool { return !inList(x, list, false) }))
	registerScalar(setOp("in~", func(x column.Value, list []column.Value) bool { return inList(x, list, true) }))
	registerScalar(setOp("!in~", func(x column.Value, list []column.Value) bool { return !inList(x, list, true) }))
	registerScalar(setOp("has_any", hasAny))
	registerScalar(setOp("has_all", hasAll))
}

func setOp(name string, f func(column.Value, []column.Value) bool) *Scalar {
	return &Scalar{
		Name: name,
		Check: func(args []Arg) (column.Type, error) {
			if len(args) < 1 {
				return column.Invalid, fmt.Errorf("operator '%s' expects a value and a list", name)
			}
			return column.Bool, nil
		},
		Eval: pure(func(a []column.Value) column.Value { return boolOf(f(a[0], a[1:])) }),
	}
}

// eachElem calls f for every list element, flattening dynamic arrays, until
// f returns true; it reports whether f did.
func eachElem(list []column.Value, f func(column.Value) bool) bool {
	for _, v := range list {
		if arr, ok := v.D.([]any); ok && v.Type == column.Dynamic {
			for _, d := range arr {
				if f(column.DynamicValue(d)) {
					return true
				}
			}
			continue
		}
		if f(v) {
			return true
		}
	}
	return false
}

func inList(x column.Value, list []column.Value, fold bool) bool {
	if x.IsNull() {
		return false
	}
	if fold {
		s := text(x)
		return eachElem(list, func(e column.Value) bool { return !e.IsNull() && strings.EqualFold(s, text(e)) })
	}
	if x.Type == column.String {
		return eachElem(list, func(e column.Value) bool {
			if e.Type == column.String {
				return e.S == x.S
			}
			return !e.IsNull() && valuesEqual(x, e)
		})
	}
	return eachElem(list, func(e column.Value) bool { return !e.IsNull() && valuesEqual(x, e) })
}

func hasAny(x column.Value, list []column.Value) bool {
	s := text(x)
	return eachElem(list, func(e column.Value) bool {
		if e.IsNull() {
			return false
		}
		return termMatch(s, text(e), true, true, true)
	})
}

func hasAll(x column.Value, list []column.Value) bool {
	s := text(x)
	missing := eachElem(list, func(e column.Value) bool {
		if e.IsNull() {
			return false
		}
		return !termMatch(s, text(e), true, true, true)
	})
	return !missing
}
