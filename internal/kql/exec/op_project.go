package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// filterOp keeps the rows whose predicate is true (null counts as false).
//
// A batch whose rows all pass, or whose predicate is a true constant, is
// passed on as it is; one where none passes is dropped. Otherwise the
// selection list comes from a pool (selPool) and goes back once the rows
// are gathered, and an owned predicate vector (a comparison, an and/or
// of them: scratch.go) is recycled as soon as the selection is computed.
// recycle is false in generic mode (SetRowFastPaths(false)).
type filterOp struct {
	in      operator
	pred    evaluator
	recycle bool
}

func (rt *runtime) buildFilter(x *check.Filter) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	pred, err := rt.compileExpr(x.Pred, x.In.Schema())
	if err != nil {
		return nil, err
	}
	return &filterOp{in: in, pred: pred, recycle: !genericOnly.Load()}, nil
}

func (o *filterOp) run(rt *runtime, out sink) error {
	return o.in.run(rt, func(w int, b *column.Batch) error {
		p, err := o.pred.eval(rt, b)
		if err != nil {
			return err
		}
		if b.Len == 0 {
			return nil
		}
		if p.isConst {
			if !toBool(p.konst).Bool() {
				return nil
			}
			return out(w, b)
		}
		kept := o.keep(p, b)
		if kept == nil {
			return nil
		}
		return out(w, kept)
	})
}

// keep returns the rows of b where the vector p is true: b itself when all
// are, nil when none is.
func (o *filterOp) keep(p operand, b *column.Batch) *column.Batch {
	s := selPool.Get().(*selBuf)
	s.rows = selectTrue(p.vec, b.Len, s.rows[:0])
	if o.recycle {
		p.release()
	}
	var kept *column.Batch
	switch len(s.rows) {
	case 0:
	case b.Len:
		kept = b
	default:
		kept = gatherBatch(b, s.rows)
	}
	if o.recycle {
		putSel(s)
	}
	return kept
}

// selectTrue appends to sel the rows of v that are true (n is the batch's
// length, the length of a vector that is not bool).
func selectTrue(v *column.Vector, n int, sel []int) []int {
	if v.Type == column.Bool {
		for i, x := range v.Ints {
			if x != 0 && !v.Nulls.Get(i) {
				sel = append(sel, i)
			}
		}
		return sel
	}
	for i := 0; i < n; i++ {
		if toBool(v.Value(i)).Bool() {
			sel = append(sel, i)
		}
	}
	return sel
}

func identity(n int) []int {
	sel := make([]int, n)
	for i := range sel {
		sel[i] = i
	}
	return sel
}

// projectOp computes its items per batch. A window projection collects
// its whole input first (row_number/prev/next need the serialized stream).
type projectOp struct {
	in     operator
	items  []evaluator
	schema column.Schema
	inSch  column.Schema
	window bool
}

func (rt *runtime) buildProject(x *check.Project) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	if x.Window {
		rt.notReusable() // reuse.go
	}
	o := &projectOp{in: in, schema: x.Schema(), inSch: x.In.Schema(), window: x.Window}
	for _, it := range x.Items {
		ev, err := rt.compileExpr(it.Expr, o.inSch)
		if err != nil {
			return nil, err
		}
		o.items = append(o.items, ev)
	}
	return o, nil
}

func (o *projectOp) run(rt *runtime, out sink) error {
	if o.window {
		all, err := rt.collect(o.in, o.inSch)
		if err != nil {
			return err
		}
		b, err := o.apply(rt, all)
		if err != nil {
			return err
		}
		return emitChunks(b, out)
	}
	return o.in.run(rt, func(w int, b *column.Batch) error {
		pb, err := o.apply(rt, b)
		if err != nil {
			return err
		}
		return out(w, pb)
	})
}

// apply evaluates the items over one batch.
func (o *projectOp) apply(rt *runtime, b *column.Batch) (*column.Batch, error) {
	out := &column.Batch{Schema: o.schema, Cols: make([]*column.Vector, len(o.items)), Len: b.Len}
	for i, ev := range o.items {
		op, err := ev.eval(rt, b)
		if err != nil {
			return nil, err
		}
		out.Cols[i] = conform(op.materialize(b.Len), o.schema[i].Type)
	}
	return out, nil
}

// conform converts a vector to type t when its type differs.
func conform(v *column.Vector, t column.Type) *column.Vector {
	if v.Type == t {
		return v
	}
	n := v.Len()
	out := column.NewVector(t, n)
	for i := 0; i < n; i++ {
		appendValue(out, v.Value(i))
	}
	return out
}
