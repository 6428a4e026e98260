package funcs

import (
	"fmt"
	"math"

	"quarry/internal/column"
)

// Conditional and null-testing functions.

func init() {
	B := column.Bool
	registerScalar(&Scalar{Name: "iff", Check: iffCheck("iff"), Eval: pure(evalIff)}, "iif")
	registerScalar(&Scalar{Name: "case", Check: caseCheck, Eval: pure(evalCase)})
	registerScalar(&Scalar{Name: "coalesce", Check: unifyCheck("coalesce", 1), Eval: pure(evalCoalesce)})
	registerScalar(&Scalar{Name: "max_of", Check: unifyCheck("max_of", 1), Eval: pure(extremeOf(1))})
	registerScalar(&Scalar{Name: "min_of", Check: unifyCheck("min_of", 1), Eval: pure(extremeOf(-1))})
	registerScalar(scalar("not", B, pure(func(a []column.Value) column.Value {
		if a[0].IsNull() {
			return nullBool
		}
		return boolOf(!truthy(a[0]))
	}), kBool|kDyn))
	registerScalar(scalar("isempty", B, pure(func(a []column.Value) column.Value { return boolOf(isEmpty(a[0])) }), kAny))
	registerScalar(scalar("isnotempty", B, pure(func(a []column.Value) column.Value { return boolOf(!isEmpty(a[0])) }), kAny), "notempty")
	registerScalar(scalar("isnull", B, pure(func(a []column.Value) column.Value { return boolOf(a[0].IsNull()) }), kAny))
	registerScalar(scalar("isnotnull", B, pure(func(a []column.Value) column.Value { return boolOf(!a[0].IsNull()) }), kAny), "notnull")
	registerScalar(scalar("isnan", B, pure(realPred(math.IsNaN)), kNum))
	registerScalar(scalar("isinf", B, pure(realPred(func(f float64) bool { return math.IsInf(f, 0) })), kNum))
	registerScalar(scalar("isfinite", B, pure(realPred(func(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) })), kNum))
}

// truthy reads a bool (or dynamic bool); null is false.
func truthy(v column.Value) bool {
	if v.Type == column.Dynamic {
		b, _ := v.D.(bool)
		return b
	}
	return v.Bool()
}

func isEmpty(v column.Value) bool {
	if v.IsNull() {
		return true
	}
	switch v.Type {
	case column.String:
		return v.S == ""
	case column.Dynamic:
		s, ok := v.D.(string)
		return ok && s == ""
	}
	return false
}

func realPred(p func(float64) bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		if a[0].IsNull() {
			return nullBool
		}
		f, ok := asReal(a[0])
		if !ok {
			return nullBool
		}
		return boolOf(p(f))
	}
}

// unify returns the common type of two branch types: equal types, numeric
// promotion (int+long -> long, with real -> real), an Invalid side yields the
// other; ok is false for incompatible types.
func unify(a, b column.Type) (column.Type, bool) {
	switch {
	case a == b:
		return a, true
	case a == column.Invalid:
		return b, true
	case b == column.Invalid:
		return a, true
	case a.IsNumeric() && b.IsNumeric():
		if a == column.Int && b == column.Long || a == column.Long && b == column.Int {
			return column.Long, true
		}
		return promoteNum(a, b), true
	case a == column.GUID && b == column.String, a == column.String && b == column.GUID:
		return column.String, true
	}
	return column.Invalid, false
}

func unifyAll(name string, types []column.Type) (column.Type, error) {
	t := column.Invalid
	for _, u := range types {
		r, ok := unify(t, u)
		if !ok {
			return column.Invalid, fmt.Errorf("function '%s' expects arguments of the same type, got %s and %s", name, t, u)
		}
		t = r
	}
	return t, nil
}

func iffCheck(name string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if err := checkArgs(name, args, []kind{kBool | kDyn, kAny, kAny}); err != nil {
			return column.Invalid, err
		}
		return unifyAll(name, []column.Type{args[1].Type, args[2].Type})
	}
}

func caseCheck(args []Arg) (column.Type, error) {
	if len(args) < 3 || len(args)%2 == 0 {
		return column.Invalid, fmt.Errorf("function 'case' expects predicate/value pairs and an else value (an odd number of at least 3 arguments), got %d", len(args))
	}
	var types []column.Type
	for i := 0; i < len(args)-1; i += 2 {
		if t := args[i].Type; t != column.Bool && t != column.Dynamic && t != column.Invalid {
			return column.Invalid, fmt.Errorf("function 'case' expects a bool predicate as argument %d, got %s", i+1, t)
		}
		types = append(types, args[i+1].Type)
	}
	return unifyAll("case", append(types, args[len(args)-1].Type))
}

func unifyCheck(name string, minArgs int) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) < minArgs {
			return column.Invalid, arityError(name, minArgs, -1, len(args))
		}
		types := make([]column.Type, len(args))
		for i, a := range args {
			types[i] = a.Type
		}
		return unifyAll(name, types)
	}
}

// castTo converts a branch value to the unified result type.
func castTo(v column.Value, t column.Type) column.Value {
	if v.Type == t || t == column.Invalid {
		return v
	}
	return convertTo(v, t)
}

func valueTypes(vs ...column.Value) column.Type {
	t := column.Invalid
	for _, v := range vs {
		if r, ok := unify(t, v.Type); ok {
			t = r
		}
	}
	return t
}

// evalIff: iff(null, a, b) is b.
func evalIff(a []column.Value) column.Value {
	t := valueTypes(a[1], a[2])
	if truthy(a[0]) {
		return castTo(a[1], t)
	}
	return castTo(a[2], t)
}

func evalCase(a []column.Value) column.Value {
	vals := make([]column.Value, 0, len(a)/2+1)
	for i := 1; i < len(a); i += 2 {
		vals = append(vals, a[i])
	}
	vals = append(vals, a[len(a)-1])
	t := valueTypes(vals...)
	for i := 0; i+1 < len(a); i += 2 {
		if truthy(a[i]) {
			return castTo(a[i+1], t)
		}
	}
	return castTo(a[len(a)-1], t)
}

// evalCoalesce returns the first non-null argument (for strings, the first
// non-empty one).
func evalCoalesce(a []column.Value) column.Value {
	t := valueTypes(a...)
	for _, v := range a {
		if !isEmpty(v) {
			return castTo(v, t)
		}
	}
	return column.NullOf(t)
}

// extremeOf builds max_of (sign 1) and min_of (sign -1); nulls are ignored
// and all-null gives null.
func extremeOf(sign int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		t := valueTypes(a...)
		var best column.Value
		found := false
		for _, v := range a {
			if v.IsNull() {
				continue
			}
			if !found {
				best, found = v, true
				continue
			}
			if c, ok := compareValues(v, best); ok && c*sign > 0 {
				best = v
			}
		}
		if !found {
			return column.NullOf(t)
		}
		return castTo(best, t)
	}
}
