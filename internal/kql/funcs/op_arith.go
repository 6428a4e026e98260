package funcs

import (
	"fmt"
	"math"

	"quarry/internal/column"
)

// Arithmetic operators + - * / % and unary minus ("neg") and plus ("pos").
//
// Type rules (Q/numerical-operators): int op int/long -> long; anything with
// real -> real; decimal with int/long/decimal -> decimal. Integer division
// truncates toward zero; modulo returns a non-negative "small" result
// (0 <= N % D < abs(D): -14 % 12 == 10, 14 % -12 == 2). Integer division or
// modulo by zero gives null (real division gives ±Infinity/NaN).
// Temporal rules: datetime - datetime -> timespan; datetime ± timespan ->
// datetime; timespan + datetime -> datetime; timespan ± timespan ->
// timespan; timespan * number and number * timespan -> timespan;
// timespan / timespan -> real; timespan / number -> timespan;
// timespan % timespan -> timespan. Null in, null out.

func init() {
	for _, op := range []string{"+", "-", "*", "/", "%"} {
		registerScalar(&Scalar{Name: op, Check: arithCheck(op), Eval: pure(arithEval(op))})
	}
	registerScalar(&Scalar{Name: "neg", Check: unaryCheck("-"), Eval: pure(negate)})
	registerScalar(&Scalar{Name: "pos", Check: unaryCheck("+"), Eval: pure(func(a []column.Value) column.Value { return a[0] })})
}

// arithType returns the result type of a op b, or Invalid.
func arithType(op string, a, b column.Type) column.Type {
	num := func(t column.Type) bool { return t.IsNumeric() || t == column.Dynamic || t == column.Invalid }
	switch {
	case num(a) && num(b):
		return promoteNum(a, b)
	case a == column.DateTime && b == column.DateTime && op == "-":
		return column.TimeSpan
	case a == column.DateTime && b == column.TimeSpan && (op == "+" || op == "-"):
		return column.DateTime
	case a == column.TimeSpan && b == column.DateTime && op == "+":
		return column.DateTime
	case a == column.TimeSpan && b == column.TimeSpan:
		switch op {
		case "+", "-", "%":
			return column.TimeSpan
		case "/":
			return column.Real
		}
	case a == column.TimeSpan && num(b) && (op == "*" || op == "/"):
		return column.TimeSpan
	case num(a) && b == column.TimeSpan && op == "*":
		return column.TimeSpan
	case a == column.Invalid || b == column.Invalid:
		return column.Invalid
	}
	return column.Invalid
}

func arithCheck(op string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 2 {
			return column.Invalid, fmt.Errorf("operator '%s' expects 2 operands, got %d", op, len(args))
		}
		a, b := args[0].Type, args[1].Type
		t := arithType(op, a, b)
		if t == column.Invalid && a != column.Invalid && b != column.Invalid {
			return column.Invalid, fmt.Errorf("operator '%s' cannot be applied to %s and %s", op, a, b)
		}
		return t, nil
	}
}

func unaryCheck(op string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 1 {
			return column.Invalid, fmt.Errorf("unary '%s' expects 1 operand, got %d", op, len(args))
		}
		t := args[0].Type
		if t.IsNumeric() || t == column.TimeSpan || t == column.Invalid {
			return t, nil
		}
		if t == column.Dynamic {
			return column.Real, nil
		}
		return column.Invalid, fmt.Errorf("unary '%s' cannot be applied to %s", op, t)
	}
}

func negate(a []column.Value) column.Value {
	v := a[0]
	if v.IsNull() {
		return column.NullOf(v.Type)
	}
	switch v.Type {
	case column.Int:
		return column.IntValue(-v.I)
	case column.Long, column.TimeSpan:
		return column.Value{Type: v.Type, I: -v.I}
	case column.Real, column.Decimal:
		return column.Value{Type: v.Type, F: -v.F}
	case column.Dynamic:
		if f, ok := asReal(v); ok {
			return column.RealValue(-f)
		}
		return nullReal
	}
	return column.NullOf(v.Type)
}

func arithEval(op string) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value { return arith(op, a[0], a[1]) }
}

// arith evaluates a op b for any supported operand types.
func arith(op string, a, b column.Value) column.Value {
	ta, tb := a.Type, b.Type
	if ta == column.Dynamic {
		ta = column.Real
	}
	if tb == column.Dynamic {
		tb = column.Real
	}
	rt := arithType(op, ta, tb)
	if rt == column.Invalid || a.IsNull() || b.IsNull() {
		return column.NullOf(rt)
	}
	switch {
	case rt == column.Long && ta != column.Dynamic && tb != column.Dynamic:
		return intArith(op, a.I, b.I)
	case rt == column.Real || rt == column.Decimal:
		if ta == column.TimeSpan { // timespan / timespan
			return column.RealValue(float64(a.I) / float64(b.I))
		}
		x, ok1 := asReal(a)
		y, ok2 := asReal(b)
		if !ok1 || !ok2 {
			return column.NullOf(rt)
		}
		return column.Value{Type: rt, F: realArith(op, x, y)}
	}
	return temporalArith(op, rt, a, b)
}

func intArith(op string, x, y int64) column.Value {
	switch op {
	case "+":
		return column.LongValue(x + y)
	case "-":
		return column.LongValue(x - y)
	case "*":
		return column.LongValue(x * y)
	case "/":
		if y == 0 {
			return nullLong
		}
		if y == -1 {
			return column.LongValue(-x)
		}
		return column.LongValue(x / y)
	}
	if y == 0 {
		return nullLong
	}
	return column.LongValue(floorMod(x, y))
}

// floorMod returns x mod |y| in [0, |y|), Kusto's modulo.
func floorMod(x, y int64) int64 {
	if y < 0 {
		y = -y
	}
	if y < 0 { // MinInt64
		return x
	}
	r := x % y
	if r < 0 {
		r += y
	}
	return r
}

func realArith(op string, x, y float64) float64 {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	}
	r := math.Mod(x, math.Abs(y))
	if r < 0 {
		r += math.Abs(y)
	}
	return r
}

// temporalArith handles operations whose result is a datetime or timespan.
func temporalArith(op string, rt column.Type, a, b column.Value) column.Value {
	out := column.Value{Type: rt}
	switch {
	case a.Type == column.TimeSpan && b.Type != column.TimeSpan && b.Type != column.DateTime:
		f, ok := asReal(b)
		if !ok || (op == "/" && f == 0) {
			return column.NullOf(rt)
		}
		if op == "*" {
			out.I = scaleTicks(a.I, f, isIntegral(b), false)
		} else {
			out.I = scaleTicks(a.I, f, isIntegral(b), true)
		}
	case b.Type == column.TimeSpan && a.Type != column.TimeSpan && a.Type != column.DateTime:
		f, ok := asReal(a)
		if !ok {
			return column.NullOf(rt)
		}
		out.I = scaleTicks(b.I, f, isIntegral(a), false)
	case op == "+":
		out.I = a.I + b.I
	case op == "-":
		out.I = a.I - b.I
	case op == "%":
		if b.I == 0 {
			return column.NullOf(rt)
		}
		out.I = floorMod(a.I, b.I)
	default:
		return column.NullOf(rt)
	}
	return out
}

// scaleTicks multiplies or divides a tick count by a number, exactly when
// the number is an integer.
func scaleTicks(t int64, f float64, integral, div bool) int64 {
	if integral {
		if div {
			return t / int64(f)
		}
		return t * int64(f)
	}
	if div {
		return int64(math.Round(float64(t) / f))
	}
	return int64(math.Round(float64(t) * f))
}
