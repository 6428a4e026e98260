package exec

import (
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// mvApplyOp runs the mv-apply subquery once per input row. Each worker
// builds its own copy of the subquery operators (subTree) around an
// applyRowOp that yields the current row; the subquery runs with one
// worker, so its output keeps the subquery's order.
type mvApplyOp struct {
	in     operator
	node   *check.MvApply
	schema column.Schema
	inSch  column.Schema
	subSch column.Schema

	mu    sync.Mutex
	trees map[int]*subTree // per worker
}

// subTree is one worker's compiled subquery.
type subTree struct {
	rt  *runtime
	row *applyRowOp
	op  operator
}

// applyRowOp emits the one-row batch set by the running mv-apply.
type applyRowOp struct{ batch *column.Batch }

func (o *applyRowOp) run(_ *runtime, out sink) error { return out(0, o.batch) }

func (rt *runtime) buildMvApply(x *check.MvApply) (operator, error) {
	rt.notReusable() // it keeps its per-worker sub-query trees (reuse.go)
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	o := &mvApplyOp{in: in, node: x, schema: x.Schema(), inSch: x.In.Schema(), subSch: x.Sub.Schema(), trees: map[int]*subTree{}}
	if _, err := o.tree(rt, -1); err != nil { // report build errors now
		return nil, err
	}
	return o, nil
}

// tree returns worker w's subquery, building it on first use.
func (o *mvApplyOp) tree(rt *runtime, w int) (*subTree, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if t, ok := o.trees[w]; ok {
		return t, nil
	}
	sub := *rt
	sub.workers = 1
	sub.applyRow = &applyRowOp{}
	op, err := sub.build(o.node.Sub)
	if err != nil {
		return nil, err
	}
	t := &subTree{rt: &sub, row: sub.applyRow, op: op}
	o.trees[w] = t
	return t, nil
}

func (o *mvApplyOp) run(rt *runtime, out sink) error {
	return o.in.run(rt, func(w int, b *column.Batch) error {
		t, err := o.tree(rt, w)
		if err != nil {
			return err
		}
		res := column.NewBatch(o.schema, b.Len)
		for r := 0; r < b.Len; r++ {
			if err := o.applyRow(t, b, r, res); err != nil {
				return err
			}
		}
		if res.Len == 0 {
			return nil
		}
		return out(w, res)
	})
}

// applyRow runs the subquery on row r of b and appends its rows, completed
// with the row's outer columns, to res.
func (o *mvApplyOp) applyRow(t *subTree, b *column.Batch, r int, res *column.Batch) error {
	t.row.batch = b.Gather([]int{r})
	got, err := t.rt.collect(t.op, o.subSch)
	if err != nil {
		return err
	}
	for c, f := range o.schema {
		if i := o.subSch.Index(f.Name); i >= 0 {
			appendVector(res.Cols[c], got.Cols[i], got.Len)
			continue
		}
		src := b.Cols[o.inSch.Index(f.Name)]
		for k := 0; k < got.Len; k++ {
			res.Cols[c].AppendFrom(src, r)
		}
	}
	res.Len += got.Len
	return nil
}
