package funcs

import (
	"math"

	"quarry/internal/column"
)

// Math functions. Functions that keep their input's type (abs, ceiling,
// round, sign) return long for int/long and real otherwise; the others
// return real. Out-of-domain inputs (log of a non-positive number, sqrt of a
// negative one) give null, as Kusto documents.

func init() {
	R := column.Real
	keep := func(args []Arg) column.Type { return numResult(args[0].Type) }
	registerScalar(&Scalar{Name: "abs", Check: sigFn("abs", keepOrSpan, kNum|kSpan), Eval: pure(evalAbs)})
	registerScalar(&Scalar{Name: "round", Check: sigFn("round", keep, kNum, kInts|kOpt), Eval: pure(evalRound)})
	registerScalar(&Scalar{Name: "ceiling", Check: sigFn("ceiling", keep, kNum), Eval: pure(keepType(math.Ceil))})
	registerScalar(&Scalar{Name: "sign", Check: sigFn("sign", keep, kNum), Eval: pure(keepType(sign))})
	for name, f := range map[string]func(float64) float64{
		"sqrt": domain(math.Sqrt, 0, true), "exp": math.Exp, "exp2": math.Exp2,
		"exp10": func(x float64) float64 { return math.Pow(10, x) },
		"log":   domain(math.Log, 0, false), "log2": domain(math.Log2, 0, false), "log10": domain(math.Log10, 0, false),
		"cos": math.Cos, "sin": math.Sin, "tan": math.Tan, "acos": math.Acos, "asin": math.Asin, "atan": math.Atan,
		"cot":     func(x float64) float64 { return 1 / math.Tan(x) },
		"degrees": func(x float64) float64 { return x * 180 / math.Pi },
		"radians": func(x float64) float64 { return x * math.Pi / 180 },
		"gamma":   math.Gamma,
		"loggamma": func(x float64) float64 {
			v, _ := math.Lgamma(x)
			return v
		},
	} {
		registerScalar(scalar(name, R, pure(realFunc(f)), kNum))
	}
	registerScalar(scalar("pow", R, pure(func(a []column.Value) column.Value {
		x, ok1 := asReal(a[0])
		y, ok2 := asReal(a[1])
		if !ok1 || !ok2 {
			return nullReal
		}
		return column.RealValue(math.Pow(x, y))
	}), kNum, kNum))
	registerScalar(scalar("atan2", R, pure(func(a []column.Value) column.Value {
		y, ok1 := asReal(a[0])
		x, ok2 := asReal(a[1])
		if !ok1 || !ok2 {
			return nullReal
		}
		return column.RealValue(math.Atan2(y, x))
	}), kNum, kNum))
	registerScalar(scalar("pi", R, pure(func([]column.Value) column.Value { return column.RealValue(math.Pi) })))
}

// numResult: int/long -> long, decimal stays, everything else real.
func numResult(t column.Type) column.Type {
	switch t {
	case column.Int, column.Long:
		return column.Long
	case column.Decimal:
		return column.Decimal
	}
	return column.Real
}

func keepOrSpan(args []Arg) column.Type {
	if args[0].Type == column.TimeSpan {
		return column.TimeSpan
	}
	return numResult(args[0].Type)
}

// domain wraps f to return NaN (turned into null) below the domain bound.
func domain(f func(float64) float64, bound float64, inclusive bool) func(float64) float64 {
	return func(x float64) float64 {
		if x < bound || (!inclusive && x == bound) {
			return math.NaN()
		}
		return f(x)
	}
}

func realFunc(f func(float64) float64) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		x, ok := asReal(a[0])
		if !ok {
			return nullReal
		}
		r := f(x)
		if math.IsNaN(r) && !math.IsNaN(x) {
			return nullReal
		}
		return column.RealValue(r)
	}
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

// keepType applies f and keeps long inputs long.
func keepType(f func(float64) float64) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		rt := numResult(a[0].Type)
		if a[0].IsNull() {
			return column.NullOf(rt)
		}
		if rt == column.Long {
			n, _ := asLong(a[0])
			return column.LongValue(int64(f(float64(n))))
		}
		x, ok := asReal(a[0])
		if !ok {
			return column.NullOf(rt)
		}
		return column.Value{Type: rt, F: f(x)}
	}
}

func evalAbs(a []column.Value) column.Value {
	v := a[0]
	if v.Type == column.TimeSpan {
		if v.Null || v.I >= 0 {
			return v
		}
		return column.TimeSpanTicks(-v.I)
	}
	return keepType(math.Abs)(a)
}

// evalRound rounds half away from zero to precision decimal digits
// (negative precision rounds to tens, hundreds...). Q/round-function:
// round(2.98765, 3) = 2.988, round(2.15, 1) = 2.2, round(-50.55, -2) = -100,
// round(21.5, -1) = 20.
func evalRound(a []column.Value) column.Value {
	p := int64(0)
	if len(a) > 1 {
		p, _ = asLong(a[1])
	}
	if numResult(a[0].Type) == column.Long && p >= 0 {
		return keepType(func(x float64) float64 { return x })(a)
	}
	return keepType(func(x float64) float64 { return roundTo(x, int(p)) })(a)
}

func roundTo(x float64, p int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	scale := math.Pow(10, float64(p))
	y := x * scale
	// Nudge values a hair below .5 because of binary representation
	// (2.15 * 10 = 21.499999999999996) so that they round as written.
	r := math.Round(y)
	if d := math.Abs(y - math.Trunc(y)); d > 0.5-1e-9 && d < 0.5 {
		r = math.Trunc(y) + math.Copysign(1, y)
	}
	return r / scale
}
