package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Window functions see the whole serialized input as one batch (the
// project that uses them collects its input first, see op_project.go).

// rowNumberEval is row_number(start, restart).
type rowNumberEval struct {
	start   int64
	restart evaluator
}

func (rt *runtime) compileRowNumber(x *check.RowNumber, schema column.Schema) (evaluator, error) {
	e := &rowNumberEval{start: x.Start}
	if x.Restart != nil {
		var err error
		if e.restart, err = rt.compileExpr(x.Restart, schema); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *rowNumberEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	out := &column.Vector{Type: column.Long, Ints: make([]int64, b.Len)}
	var restart operand
	if e.restart != nil {
		var err error
		if restart, err = e.restart.eval(rt, b); err != nil {
			return operand{}, err
		}
	}
	n := e.start
	for i := range out.Ints {
		if e.restart != nil && i > 0 && boolAt(restart, i).Bool() {
			n = e.start
		}
		out.Ints[i] = n
		n++
	}
	return operand{vec: out}, nil
}

// prevNextEval is prev(x, offset, default) / next(...).
type prevNextEval struct {
	next   bool
	x      evaluator
	offset int64
	def    evaluator
	t      column.Type
}

func (rt *runtime) compilePrevNext(x *check.PrevNext, schema column.Schema) (evaluator, error) {
	xe, err := rt.compileExpr(x.X, schema)
	if err != nil {
		return nil, err
	}
	e := &prevNextEval{next: x.Next, x: xe, offset: x.Offset, t: x.Type()}
	if x.Default != nil {
		if e.def, err = rt.compileExpr(x.Default, schema); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *prevNextEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	xo, err := e.x.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	def := constOp(column.NullOf(e.t))
	if e.def != nil {
		if def, err = e.def.eval(rt, b); err != nil {
			return operand{}, err
		}
	}
	out := column.NewVector(e.t, b.Len)
	for i := 0; i < b.Len; i++ {
		j := int64(i) - e.offset
		if e.next {
			j = int64(i) + e.offset
		}
		if j < 0 || j >= int64(b.Len) {
			appendValue(out, def.at(i))
			continue
		}
		appendValue(out, xo.at(int(j)))
	}
	return operand{vec: out}, nil
}
