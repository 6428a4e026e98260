package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Arithmetic fast path (expr_fast.go dispatches here): +, -, * and / whose
// operands are long, int or real vectors or constants compute a typed
// vector in one loop instead of boxing every row through funcs.Scalar.
// It covers real results (any operand real, or / with a real operand) and
// long results of +, - and * (two's-complement wrap-around, as the boxed
// path). Null operands give null rows; a null constant, decimal, dynamic
// and temporal operands, integer division and modulo use the generic path.
// The z-score of the bulk-export hunt, (bytes - m) / s over millions of
// rows, is the motivating case.

// arithEval is a binary arithmetic operator over numeric operands.
type arithEval struct {
	op      byte // '+', '-', '*', '/'
	real    bool // result type real (else long)
	a, b    evaluator
	generic *callEval
}

// numericArg reports whether t is handled by arithEval.
func numericArg(t column.Type) bool {
	return t == column.Long || t == column.Int || t == column.Real
}

// newArithEval returns the fast path for x, or nil.
func newArithEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) != 2 || len(x.Name) != 1 || !numericArg(x.Args[0].Type()) || !numericArg(x.Args[1].Type()) {
		return nil
	}
	for _, a := range x.Args {
		if k, ok := a.(*check.Const); ok && k.Val.IsNull() {
			return nil
		}
	}
	switch {
	case x.T == column.Real:
	case x.T == column.Long && x.Name != "/":
	default:
		return nil
	}
	return &arithEval{op: x.Name[0], real: x.T == column.Real, a: args[0], b: args[1], generic: generic}
}

// num is one operand as a typed view: a vector of ints or reals, or a
// constant.
type num struct {
	ints  []int64
	reals []float64
	nulls column.Bitmap
	k     float64
	ki    int64
	konst bool
}

func numOf(o operand) (num, bool) {
	if o.isConst {
		v := o.konst
		if v.IsNull() {
			return num{}, false
		}
		switch v.Type {
		case column.Long, column.Int:
			return num{k: float64(v.I), ki: v.I, konst: true}, true
		case column.Real:
			return num{k: v.F, konst: true}, true
		}
		return num{}, false
	}
	v := o.vec
	switch v.Type {
	case column.Long, column.Int:
		return num{ints: v.Ints, nulls: v.Nulls}, true
	case column.Real:
		return num{reals: v.Reals, nulls: v.Nulls}, true
	}
	return num{}, false
}

// real returns row i as a float64.
func (n *num) real(i int) float64 {
	switch {
	case n.konst:
		return n.k
	case n.reals != nil:
		return n.reals[i]
	}
	return float64(n.ints[i])
}

// int returns row i as an int64 (integer operands only).
func (n *num) int(i int) int64 {
	if n.konst {
		return n.ki
	}
	return n.ints[i]
}

func (e *arithEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ao, err := e.a.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	bo, err := e.b.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	x, ok1 := numOf(ao)
	y, ok2 := numOf(bo)
	if (ao.isConst && bo.isConst) || !ok1 || !ok2 {
		return e.generic.eval(rt, b)
	}
	n := b.Len
	var out *column.Vector
	if e.real {
		out = &column.Vector{Type: column.Real, Reals: make([]float64, n)}
		e.reals(out.Reals, &x, &y)
	} else {
		if (x.reals != nil) || (y.reals != nil) {
			return e.generic.eval(rt, b)
		}
		out = &column.Vector{Type: column.Long, Ints: make([]int64, n)}
		e.ints(out.Ints, &x, &y)
	}
	if x.nulls != nil || y.nulls != nil {
		for i := 0; i < n; i++ {
			if x.nulls.Get(i) || y.nulls.Get(i) {
				out.Nulls.Set(i)
				if e.real {
					out.Reals[i] = 0
				} else {
					out.Ints[i] = 0
				}
			}
		}
	}
	return operand{vec: out}, nil
}

// reals fills out with x op y as float64.
func (e *arithEval) reals(out []float64, x, y *num) {
	// The common shapes (vector op constant) get loops of their own.
	if y.konst && x.reals != nil {
		k := y.k
		switch e.op {
		case '+':
			for i, v := range x.reals[:len(out)] {
				out[i] = v + k
			}
		case '-':
			for i, v := range x.reals[:len(out)] {
				out[i] = v - k
			}
		case '*':
			for i, v := range x.reals[:len(out)] {
				out[i] = v * k
			}
		case '/':
			for i, v := range x.reals[:len(out)] {
				out[i] = v / k
			}
		}
		return
	}
	for i := range out {
		a, c := x.real(i), y.real(i)
		switch e.op {
		case '+':
			out[i] = a + c
		case '-':
			out[i] = a - c
		case '*':
			out[i] = a * c
		case '/':
			out[i] = a / c
		}
	}
}

// ints fills out with x op y as int64 (+, - and * only).
func (e *arithEval) ints(out []int64, x, y *num) {
	for i := range out {
		a, c := x.int(i), y.int(i)
		switch e.op {
		case '+':
			out[i] = a + c
		case '-':
			out[i] = a - c
		case '*':
			out[i] = a * c
		}
	}
}
