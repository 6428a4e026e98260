package exec

import (
	"sort"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// mvExpandOp expands dynamic arrays (and bags) into one row per element;
// several items expand in parallel, shorter ones padded with nulls.
type mvExpandOp struct {
	in      operator
	node    *check.MvExpand
	items   []evaluator
	schema  column.Schema
	passIdx []int // input column per output position, -1 for an item/index
	itemPos []int // output position of each item
	idxPos  int   // output position of the index column, -1 if none
}

func (rt *runtime) buildMvExpand(x *check.MvExpand) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	inSch := x.In.Schema()
	o := &mvExpandOp{in: in, node: x, schema: x.Schema(), idxPos: -1}
	for _, it := range x.Items {
		ev, err := rt.compileExpr(it.Expr, inSch)
		if err != nil {
			return nil, err
		}
		o.items = append(o.items, ev)
		o.itemPos = append(o.itemPos, o.schema.Index(it.Name))
	}
	for i, f := range o.schema {
		o.passIdx = append(o.passIdx, inSch.Index(f.Name))
		if f.Name == x.Index && x.Index != "" {
			o.idxPos = i
			o.passIdx[i] = -1
		}
	}
	for _, p := range o.itemPos {
		o.passIdx[p] = -1
	}
	return o, nil
}

func (o *mvExpandOp) run(rt *runtime, out sink) error {
	return o.in.run(rt, func(w int, b *column.Batch) error {
		eb, err := o.apply(rt, b)
		if err != nil || eb.Len == 0 {
			return err
		}
		return out(w, eb)
	})
}

// apply expands one batch.
func (o *mvExpandOp) apply(rt *runtime, b *column.Batch) (*column.Batch, error) {
	ops, err := evalAll(rt, o.items, b)
	if err != nil {
		return nil, err
	}
	vecs := make([]*column.Vector, len(o.items))
	for i, it := range o.node.Items {
		vecs[i] = column.NewVector(it.To, b.Len)
	}
	idx := column.NewVector(column.Long, b.Len)
	var rows []int
	lists := make([][]any, len(ops))
	for r := 0; r < b.Len; r++ {
		n := 0
		for i, op := range ops {
			lists[i] = o.elements(op.at(r))
			n = max(n, len(lists[i]))
		}
		n = int(min(int64(n), o.node.Limit))
		for k := 0; k < n; k++ {
			rows = append(rows, r)
			idx.Ints = append(idx.Ints, int64(k))
			for i, l := range lists {
				o.appendElem(vecs[i], l, k)
			}
		}
	}
	return o.assemble(b, rows, vecs, idx), nil
}

// appendElem appends element k of l (null past the end), cast to the
// vector's type.
func (o *mvExpandOp) appendElem(v *column.Vector, l []any, k int) {
	if k >= len(l) || l[k] == nil {
		v.AppendNull()
		return
	}
	cv, _ := check.Convert(column.DynamicValue(l[k]), v.Type)
	v.Append(cv)
}

// elements lists what one value expands into: array elements, bag entries
// (as single-entry bags, or [key, value] arrays for kind=array), a single
// null for null, and the value itself for a scalar.
func (o *mvExpandOp) elements(v column.Value) []any {
	d := dynPayload(v)
	if v.Type != column.Dynamic && v.Type != column.String {
		d = v.Payload()
	}
	switch x := d.(type) {
	case []any:
		return x
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			if o.node.Array {
				out[i] = []any{k, x[k]}
			} else {
				out[i] = map[string]any{k: x[k]}
			}
		}
		return out
	case nil:
		if v.Type == column.String && v.S != "" {
			return []any{v.S}
		}
		return []any{nil}
	}
	return []any{d}
}

// assemble builds the output batch.
func (o *mvExpandOp) assemble(b *column.Batch, rows []int, vecs []*column.Vector, idx *column.Vector) *column.Batch {
	out := &column.Batch{Schema: o.schema, Cols: make([]*column.Vector, len(o.schema)), Len: len(rows)}
	for i, src := range o.passIdx {
		if src >= 0 {
			out.Cols[i] = b.Cols[src].Gather(rows)
		}
	}
	for i, p := range o.itemPos {
		out.Cols[p] = vecs[i]
	}
	if o.idxPos >= 0 {
		out.Cols[o.idxPos] = idx
	}
	return out
}
