package exec

import (
	"fmt"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// evaluator computes an expression over a batch.
type evaluator interface {
	eval(rt *runtime, b *column.Batch) (operand, error)
}

// compileExpr compiles e against the columns of schema.
func (rt *runtime) compileExpr(e check.Expr, schema column.Schema) (evaluator, error) {
	switch x := e.(type) {
	case *check.ColRef:
		i := schema.Index(x.Name)
		if i < 0 {
			return nil, fmt.Errorf("internal error: column '%s' is not in the input (%s)", x.Name, schema)
		}
		return &colEval{idx: i}, nil
	case *check.Const:
		return &constEval{v: x.Val}, nil
	case *check.Call:
		return rt.compileCall(x, schema)
	case *check.Access:
		return rt.compileAccess(x, schema)
	case *check.ScalarQuery, *check.ListQuery:
		if err := rt.prebuildSubquery(e); err != nil {
			return nil, err
		}
		return &subqueryEval{e: e}, nil
	case *check.PackAll:
		return rt.compilePackAll(x, schema)
	case *check.RowNumber:
		rt.notReusable() // reuse.go
		return rt.compileRowNumber(x, schema)
	case *check.PrevNext:
		rt.notReusable()
		return rt.compilePrevNext(x, schema)
	}
	return nil, fmt.Errorf("internal error: cannot evaluate %T", e)
}

// compileAll compiles several expressions.
func (rt *runtime) compileAll(es []check.Expr, schema column.Schema) ([]evaluator, error) {
	out := make([]evaluator, len(es))
	for i, e := range es {
		ev, err := rt.compileExpr(e, schema)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// evalAll evaluates several evaluators over b.
func evalAll(rt *runtime, evs []evaluator, b *column.Batch) ([]operand, error) {
	out := make([]operand, len(evs))
	for i, ev := range evs {
		o, err := ev.eval(rt, b)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

type colEval struct{ idx int }

func (e *colEval) eval(_ *runtime, b *column.Batch) (operand, error) {
	return operand{vec: b.Cols[e.idx]}, nil
}

type constEval struct{ v column.Value }

func (e *constEval) eval(*runtime, *column.Batch) (operand, error) { return constOp(e.v), nil }

// callEval is the generic per-row fallback: boxed values through
// funcs.Scalar.Eval. Calls whose arguments are all constant run once.
type callEval struct {
	name string
	fn   *funcs.Scalar
	args []evaluator
	t    column.Type
}

func (e *callEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ops, err := evalAll(rt, e.args, b)
	if err != nil {
		return operand{}, err
	}
	vals := make([]column.Value, len(ops))
	if allConst(ops) {
		for j, o := range ops {
			vals[j] = o.konst
		}
		v, err := e.call(rt, vals)
		return constOp(v), err
	}
	out := column.NewVector(e.t, b.Len)
	for i := 0; i < b.Len; i++ {
		for j, o := range ops {
			vals[j] = o.at(i)
		}
		v, err := e.call(rt, vals)
		if err != nil {
			return operand{}, err
		}
		appendValue(out, v)
	}
	return operand{vec: out}, nil
}

// call evaluates one row, converting the result to the checked type.
func (e *callEval) call(rt *runtime, vals []column.Value) (column.Value, error) {
	v, err := e.fn.Eval(rt.fctx, vals)
	if err != nil {
		return v, fmt.Errorf("%s: %w", e.name, err)
	}
	if v.Type != e.t && e.t != column.Invalid {
		cv, _ := check.Convert(v, e.t)
		return cv, nil
	}
	return v, nil
}

func allConst(ops []operand) bool {
	for _, o := range ops {
		if !o.isConst {
			return false
		}
	}
	return true
}

// compileCall picks a fast path for the call when one applies, else the
// generic per-row evaluator.
func (rt *runtime) compileCall(x *check.Call, schema column.Schema) (evaluator, error) {
	args, err := rt.compileAll(x.Args, schema)
	if err != nil {
		return nil, err
	}
	if fast := fastCall(x, args); fast != nil {
		if r, ok := fast.(resetter); ok {
			rt.resetOnReuse(r)
		}
		return fast, nil
	}
	return &callEval{name: x.Name, fn: x.Fn, args: args, t: x.T}, nil
}

// subqueryEval evaluates toscalar(T) or a tabular in-list once per run.
type subqueryEval struct{ e check.Expr }

func (e *subqueryEval) eval(rt *runtime, _ *column.Batch) (operand, error) {
	v, err := rt.subquery(e.e)
	return constOp(v), err
}

// subqueryNode returns the query of toscalar(T) or of a tabular in-list.
func subqueryNode(e check.Expr) check.Node {
	switch x := e.(type) {
	case *check.ScalarQuery:
		return x.Query
	case *check.ListQuery:
		return x.Query
	}
	return nil
}

// subquery computes (once per run) the value of a sub-query expression.
func (rt *runtime) subquery(e check.Expr) (column.Value, error) {
	ov := rt.computed(e)
	if ov.err == nil && ov.list != nil {
		ov.boxed.Do(func() { ov.val = boxList(ov.list, ov.n) })
	}
	return ov.val, ov.err
}

// subqueryList computes (once per run) the first column of a tabular
// in-list's sub-query and its number of rows, without boxing them; nil for
// a result without columns.
func (rt *runtime) subqueryList(e *check.ListQuery) (*column.Vector, int, error) {
	ov := rt.computed(e)
	return ov.list, ov.n, ov.err
}

// computed returns sub-query e's result of this run, computing it on the
// first call (the workers of a run share it).
func (rt *runtime) computed(e check.Expr) *onceValue {
	rt.mu.Lock()
	ov, ok := rt.scalars[e]
	if !ok {
		ov = &onceValue{}
		rt.scalars[e] = ov
	}
	rt.mu.Unlock()
	ov.once.Do(func() { rt.computeSubquery(e, ov) })
	return ov
}

// boxList returns the first n values of v as a dynamic array, the value of
// a tabular in-list.
func boxList(v *column.Vector, n int) column.Value {
	list := make([]any, n)
	for i := range list {
		list[i] = v.Value(i).Payload()
	}
	return column.DynamicValue(list)
}

// computeSubquery runs sub-query e into ov: a scalar's value, or a
// tabular in-list's first column.
func (rt *runtime) computeSubquery(e check.Expr, ov *onceValue) {
	// The checker leaves sub-queries unplanned; plan them like a query so
	// that their scans read only the columns they use and the rewrites
	// apply (a Materialize keeps every column, so one shared with the
	// outer query by ID still has the same schema).
	q := rt.plan.Subquery(subqueryNode(e))
	op, ok := rt.subOps[e] // built with the tree (reuse.go)
	if !ok {
		var err error
		if op, err = rt.build(q); err != nil {
			ov.err = err
			return
		}
	}
	b, err := rt.collect(op, q.Schema())
	if err != nil {
		ov.err = err
		return
	}
	if sq, ok := e.(*check.ScalarQuery); ok {
		ov.val = column.NullOf(sq.T)
		if b.Len > 0 && len(b.Cols) > 0 {
			ov.val = b.Cols[0].Value(0)
		}
		return
	}
	ov.val = column.DynamicValue([]any{})
	if len(b.Cols) > 0 {
		ov.list, ov.n = b.Cols[0], b.Len
	}
}
