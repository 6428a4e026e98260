package exec

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// sortOp sorts its whole input (stable); with a limit it is top N.
type sortOp struct {
	in    operator
	keys  []evaluator
	specs []check.SortKey
	limit evaluator // nil for sort
	inSch column.Schema
}

func (rt *runtime) buildSort(in check.Node, keys []check.SortKey, n check.Expr) (operator, error) {
	op, err := rt.build(in)
	if err != nil {
		return nil, err
	}
	o := &sortOp{in: op, specs: keys, inSch: in.Schema()}
	for _, k := range keys {
		ev, err := rt.compileExpr(k.Expr, o.inSch)
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, ev)
	}
	if n != nil {
		if o.limit, err = rt.compileExpr(n, nil); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (o *sortOp) run(rt *runtime, out sink) error {
	var all *column.Batch
	var err error
	limit := -1
	if o.limit != nil {
		if limit, err = rowCount(rt, o.limit); err != nil {
			return err
		}
		all, err = o.collectTop(rt, limit)
	} else {
		all, err = rt.collect(o.in, o.inSch)
	}
	if err != nil {
		return err
	}
	if limit < 0 {
		limit = all.Len
	}
	perm, err := o.order(rt, all)
	if err != nil {
		return err
	}
	if limit < len(perm) {
		perm = perm[:limit]
	}
	return emitChunks(all.Gather(perm), out)
}

// collectTop gathers the input keeping, per worker, only candidates for the
// first limit rows: whenever a worker holds more than max(4*limit, 8192)
// rows it sorts them and keeps the first limit.
func (o *sortOp) collectTop(rt *runtime, limit int) (*column.Batch, error) {
	cands := make([]*column.Batch, rt.workers)
	threshold := max(4*limit, 8192)
	err := o.in.run(rt, func(w int, b *column.Batch) error {
		if cands[w] == nil {
			cands[w] = column.NewBatch(o.inSch, 0)
		}
		c := cands[w]
		for i := range c.Cols {
			appendVector(c.Cols[i], b.Cols[i], b.Len)
		}
		c.Len += b.Len
		if c.Len <= threshold {
			return nil
		}
		perm, err := o.order(rt, c)
		if err != nil {
			return err
		}
		cands[w] = c.Gather(perm[:limit])
		return nil
	})
	if err != nil {
		return nil, err
	}
	var parts []*column.Batch
	for _, c := range cands {
		if c != nil {
			parts = append(parts, c)
		}
	}
	return concat(o.inSch, parts), nil
}

// order returns the row permutation that sorts b.
func (o *sortOp) order(rt *runtime, b *column.Batch) ([]int, error) {
	keys, err := evalAll(rt, o.keys, b)
	if err != nil {
		return nil, err
	}
	vecs := make([]*column.Vector, len(keys))
	for i, k := range keys {
		vecs[i] = k.materialize(b.Len)
	}
	perm := identity(b.Len)
	sort.SliceStable(perm, func(x, y int) bool {
		for i, v := range vecs {
			if c := compareRows(v, perm[x], perm[y], o.specs[i]); c != 0 {
				return c < 0
			}
		}
		return false
	})
	return perm, nil
}

// nullClass ranks a value for sorting: 0 null, 1 NaN, 2 any other value.
func nullClass(v *column.Vector, i int) int {
	if v.IsNull(i) {
		return 0
	}
	if v.Type.UsesReals() && v.Reals[i] != v.Reals[i] {
		return 1
	}
	return 2
}

// compareRows orders rows a and b of v by one key: nulls (and next to them
// NaN) first or last as requested, other values ascending or descending.
func compareRows(v *column.Vector, a, b int, k check.SortKey) int {
	ca, cb := nullClass(v, a), nullClass(v, b)
	if ca != cb || ca < 2 {
		c := ca - cb
		if !k.NullsFirst {
			c = -c
		}
		return c
	}
	c := compareValues(v, a, b)
	if k.Desc {
		c = -c
	}
	return c
}

// compareValues orders two non-null rows of one vector.
func compareValues(v *column.Vector, a, b int) int {
	switch {
	case v.Type.UsesInts():
		return cmpInt(v.Ints[a], v.Ints[b])
	case v.Type.UsesReals():
		return compareFloat(v.Reals[a], v.Reals[b])
	case v.Type.UsesStrs():
		return strings.Compare(v.Strs[a], v.Strs[b])
	}
	return compareDynamic(v.Dyns[a], v.Dyns[b])
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareDynamic orders dynamic values: numbers by value, strings
// lexically, everything else by JSON text.
func compareDynamic(a, b any) int {
	fa, aok := dynNumber(a)
	fb, bok := dynNumber(b)
	if aok && bok {
		return compareFloat(fa, fb)
	}
	sa, aok := a.(string)
	sb, bok := b.(string)
	if aok && bok {
		return strings.Compare(sa, sb)
	}
	return strings.Compare(column.FormatDynamic(a), column.FormatDynamic(b))
}

func dynNumber(d any) (float64, bool) {
	switch x := d.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// rowCount evaluates a row-count expression (take, top, sample).
func rowCount(rt *runtime, ev evaluator) (int, error) {
	op, err := ev.eval(rt, &column.Batch{Len: 1})
	if err != nil {
		return 0, err
	}
	v := op.at(0)
	switch {
	case v.IsNull():
		return 0, nil
	case v.Type.UsesInts():
		return int(max(v.I, 0)), nil
	case v.Type.UsesReals():
		return int(max(v.F, 0)), nil
	}
	return 0, fmt.Errorf("row count must be a number, not %s", v.Type)
}

// takeOp passes the first N rows it receives and then stops the input.
type takeOp struct {
	in operator
	n  evaluator
}

func (rt *runtime) buildTake(x *check.Take) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	n, err := rt.compileExpr(x.N, nil)
	if err != nil {
		return nil, err
	}
	return &takeOp{in: in, n: n}, nil
}

func (o *takeOp) run(rt *runtime, out sink) error {
	limit, err := rowCount(rt, o.n)
	if err != nil || limit == 0 {
		return err
	}
	var mu sync.Mutex
	seen := 0
	stop := &stopError{}
	err = o.in.run(rt, func(w int, b *column.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		if seen >= limit {
			return stop
		}
		if b.Len > limit-seen {
			b = slice(b, 0, limit-seen)
		}
		seen += b.Len
		if err := out(w, b); err != nil {
			return err
		}
		if seen >= limit {
			return stop
		}
		return nil
	})
	if isStop(err, stop) {
		return nil
	}
	return err
}

// sampleOp keeps N rows chosen with a fixed seed (deterministic for a
// given input order).
type sampleOp struct {
	in    operator
	n     evaluator
	inSch column.Schema
}

func (rt *runtime) buildSample(x *check.Sample) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	n, err := rt.compileExpr(x.N, nil)
	if err != nil {
		return nil, err
	}
	return &sampleOp{in: in, n: n, inSch: x.In.Schema()}, nil
}

func (o *sampleOp) run(rt *runtime, out sink) error {
	limit, err := rowCount(rt, o.n)
	if err != nil {
		return err
	}
	all, err := rt.collect(o.in, o.inSch)
	if err != nil {
		return err
	}
	if all.Len <= limit {
		return emitChunks(all, out)
	}
	r := rand.New(rand.NewSource(1))
	perm := r.Perm(all.Len)[:limit]
	sort.Ints(perm)
	return emitChunks(all.Gather(perm), out)
}
