package funcs

import (
	"cmp"
	"fmt"
	"strings"

	"quarry/internal/column"
)

// Comparison operators (== != < <= > >=), the logical operators and/or, and
// between/!between.
//
// Lenient comparison (a deliberate quarry choice, see FUNCTIONS.md): a
// numeric-looking string compared with a number compares by value
// (SigninLogs ResultType == 0, SecurityEvent EventID == "4625"); a string
// compared with a datetime or timespan is parsed as one; int, long, real and
// decimal compare with each other; dynamic scalars compare as their
// underlying value; guids compare with strings case-insensitively.

func init() {
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		registerScalar(&Scalar{Name: op, Check: compareCheck(op), Eval: pure(compareEval(op))})
	}
	registerScalar(&Scalar{Name: "and", Check: logicCheck("and"), Eval: pure(func(a []column.Value) column.Value {
		return Logic(true, a[0], a[1])
	})})
	registerScalar(&Scalar{Name: "or", Check: logicCheck("or"), Eval: pure(func(a []column.Value) column.Value {
		return Logic(false, a[0], a[1])
	})})
	registerScalar(&Scalar{Name: "between", Check: betweenCheck("between"), Eval: pure(evalBetween(false))})
	registerScalar(&Scalar{Name: "!between", Check: betweenCheck("!between"), Eval: pure(evalBetween(true))})
}

// BoolOperand converts an operand of and/or/not/where to a bool value: a
// bool stays as it is, a dynamic boolean is unwrapped, anything else
// (including a dynamic non-boolean) is null.
func BoolOperand(v column.Value) column.Value {
	if v.Type == column.Bool {
		return v
	}
	if b, ok := v.D.(bool); ok && v.Type == column.Dynamic {
		return boolOf(b)
	}
	return nullBool
}

// Logic is Kusto's three-valued and (and=true) / or (and=false)
// (Q/scalar-data-types/null-values, "Exceptions to this rule"): null is
// sticky, except that false and null is false and true or null is true. So
// bool(null) and true is null, which where drops and iff treats as false.
// The execution engine's vectorized and/or use this function too.
func Logic(and bool, a, b column.Value) column.Value {
	a, b = BoolOperand(a), BoolOperand(b)
	if and {
		if (!a.Null && a.I == 0) || (!b.Null && b.I == 0) {
			return boolFals
		}
	} else if (!a.Null && a.I != 0) || (!b.Null && b.I != 0) {
		return boolTrue
	}
	if a.Null || b.Null {
		return nullBool
	}
	return boolOf(and)
}

// comparable reports whether values of types a and b can be compared.
func comparableTypes(a, b column.Type) bool {
	if a == column.Invalid || b == column.Invalid || a == column.Dynamic || b == column.Dynamic {
		return true
	}
	if a == column.String || b == column.String {
		return true // lenient: parsed at run time
	}
	class := func(t column.Type) int {
		switch {
		case t.IsNumeric() || t == column.Bool:
			return 1
		case t == column.GUID:
			return 2
		}
		return int(t) + 10
	}
	return class(a) == class(b)
}

func compareCheck(op string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 2 {
			return column.Invalid, fmt.Errorf("operator '%s' expects 2 operands, got %d", op, len(args))
		}
		if !comparableTypes(args[0].Type, args[1].Type) {
			return column.Invalid, fmt.Errorf("cannot compare %s with %s using '%s'", args[0].Type, args[1].Type, op)
		}
		return column.Bool, nil
	}
}

func logicCheck(op string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 2 {
			return column.Invalid, fmt.Errorf("operator '%s' expects 2 operands, got %d", op, len(args))
		}
		for _, a := range args {
			if a.Type != column.Bool && a.Type != column.Dynamic && a.Type != column.Invalid {
				return column.Invalid, fmt.Errorf("operator '%s' expects bool operands, got %s", op, a.Type)
			}
		}
		return column.Bool, nil
	}
}

func compareEval(op string) func([]column.Value) column.Value {
	switch op {
	case "==":
		return func(a []column.Value) column.Value { return equalOp(a[0], a[1], false) }
	case "!=":
		return func(a []column.Value) column.Value { return equalOp(a[0], a[1], true) }
	}
	test := map[string]func(int) bool{
		"<":  func(c int) bool { return c < 0 },
		"<=": func(c int) bool { return c <= 0 },
		">":  func(c int) bool { return c > 0 },
		">=": func(c int) bool { return c >= 0 },
	}[op]
	return func(a []column.Value) column.Value {
		c, ok := compareValues(a[0], a[1])
		if !ok {
			return nullBool
		}
		return boolOf(test(c))
	}
}

// equalOp implements == (neg false) and != (neg true) with Kusto's null
// rules: two nulls give null, one null gives false for == and true for !=.
func equalOp(a, b column.Value, neg bool) column.Value {
	an, bn := a.IsNull(), b.IsNull()
	if an || bn {
		if an && bn {
			return nullBool
		}
		return boolOf(neg)
	}
	return boolOf(valuesEqual(a, b) != neg)
}

// valuesEqual reports lenient equality of two non-null values.
func valuesEqual(a, b column.Value) bool {
	if a.Type == column.String && b.Type == column.String {
		return a.S == b.S
	}
	if a.Type == column.Dynamic && b.Type == column.Dynamic {
		if isContainer(a.D) || isContainer(b.D) {
			return column.FormatDynamic(a.D) == column.FormatDynamic(b.D)
		}
	}
	c, ok := compareValues(a, b)
	return ok && c == 0
}

func isContainer(d any) bool {
	switch d.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

// compareValues orders two values; ok is false when either is null or the
// values are not comparable.
func compareValues(a, b column.Value) (int, bool) {
	if a.IsNull() || b.IsNull() {
		return 0, false
	}
	a, b = unwrap(a), unwrap(b)
	switch {
	case a.Type == b.Type:
		return compareSame(a, b)
	case isNumType(a.Type) && isNumType(b.Type):
		return compareNum(a, b)
	case a.Type == column.String:
		c, ok := compareWithString(b, a.S)
		return -c, ok
	case b.Type == column.String:
		return compareWithString(a, b.S)
	case a.Type == column.Bool && isNumType(b.Type), b.Type == column.Bool && isNumType(a.Type):
		return compareNum(a, b)
	}
	return 0, false
}

func compareSame(a, b column.Value) (int, bool) {
	switch a.Type {
	case column.String:
		return strings.Compare(a.S, b.S), true
	case column.GUID:
		return cmpFold(a.S, b.S), true
	case column.Real, column.Decimal:
		return compareFloat(a.F, b.F), true
	case column.Dynamic:
		return strings.Compare(column.FormatDynamic(a.D), column.FormatDynamic(b.D)), true
	}
	return cmp.Compare(a.I, b.I), true
}

func compareFloat(x, y float64) int {
	// NaN sorts below every number, as Kusto's sort does.
	switch {
	case x != x && y != y:
		return 0
	case x != x:
		return -1
	case y != y:
		return 1
	}
	return cmp.Compare(x, y)
}

func compareNum(a, b column.Value) (int, bool) {
	if (a.Type.IsInteger() || a.Type == column.Bool) && (b.Type.IsInteger() || b.Type == column.Bool) {
		return cmp.Compare(a.I, b.I), true
	}
	x, _ := asReal(a)
	y, _ := asReal(b)
	return compareFloat(x, y), true
}

// compareWithString compares a non-string value v with string s by
// converting s to v's type; ok is false when s does not convert.
func compareWithString(v column.Value, s string) (int, bool) {
	switch v.Type {
	case column.Int, column.Long, column.Real, column.Decimal:
		n, ok := parseNumber(s)
		if !ok {
			return 0, false
		}
		return compareNum(v, n)
	case column.DateTime:
		t, ok := parseDateTime(s)
		if !ok {
			return 0, false
		}
		return cmp.Compare(v.I, t), true
	case column.TimeSpan:
		t, ok := parseTimeSpan(s)
		if !ok {
			return 0, false
		}
		return cmp.Compare(v.I, t), true
	case column.GUID:
		return cmpFold(v.S, s), true
	case column.Bool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "1":
			return cmp.Compare(v.I, 1), true
		case "false", "0":
			return cmp.Compare(v.I, 0), true
		}
		return 0, false
	case column.Dynamic:
		return strings.Compare(column.FormatDynamic(v.D), s), true
	}
	return 0, false
}

func cmpFold(a, b string) int {
	if strings.EqualFold(a, b) {
		return 0
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// between: x between (lo .. hi) is lo <= x <= hi, inclusive. When lo is a
// datetime and hi a timespan, the upper bound is lo + hi
// (Q/between-operator: "StartTime between (datetime(2007-07-27) .. 3d)").
func betweenCheck(name string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 3 {
			return column.Invalid, fmt.Errorf("operator '%s' expects a value and a range (lo .. hi)", name)
		}
		hi := args[2].Type
		if args[1].Type == column.DateTime && hi == column.TimeSpan {
			hi = column.DateTime
		}
		if !comparableTypes(args[0].Type, args[1].Type) || !comparableTypes(args[0].Type, hi) {
			return column.Invalid, fmt.Errorf("operator '%s' cannot compare %s with range of %s .. %s", name, args[0].Type, args[1].Type, args[2].Type)
		}
		return column.Bool, nil
	}
}

func evalBetween(neg bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		x, lo, hi := a[0], a[1], a[2]
		if lo.Type == column.DateTime && hi.Type == column.TimeSpan && !lo.IsNull() && !hi.IsNull() {
			hi = column.DateTimeTicks(lo.I + hi.I)
		}
		c1, ok1 := compareValues(x, lo)
		c2, ok2 := compareValues(x, hi)
		if !ok1 || !ok2 {
			return nullBool
		}
		return boolOf((c1 >= 0 && c2 <= 0) != neg)
	}
}
