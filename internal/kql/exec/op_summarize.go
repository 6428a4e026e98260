package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// summarizeOp is hash aggregation. Each worker folds its batches into its
// own group table; the tables are merged with Accumulator.Merge at the end.
// Group keys are stored column-wise and count() is counted in place, so a
// new group costs one map entry and one accumulator per other aggregate.
type summarizeOp struct {
	in       operator
	keys     []evaluator
	keyTypes []column.Type
	aggs     []aggSpec
	schema   column.Schema
}

// aggSpec is one compiled aggregate call. count() without arguments is
// specialised (isCount): it keeps an int64 per group instead of an
// Accumulator.
type aggSpec struct {
	fn      *funcs.Aggregate
	info    []funcs.Arg
	args    []evaluator
	isCount bool
}

// groups is one worker's hash table: groups in first-seen order.
type groups struct {
	index  map[string]int
	enc    []string         // encoded key of each group
	keys   []*column.Vector // key values, one vector per key, one row per group
	accs   []funcs.Accumulator
	counts []int64 // per group and count() aggregate
	naggs  int
	ncnt   int
	buf    []byte
	argv   [][]column.Value
}

func (rt *runtime) buildSummarize(x *check.Summarize) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	inSch := x.In.Schema()
	o := &summarizeOp{in: in, schema: x.Schema()}
	for _, k := range x.Keys {
		ev, err := rt.compileExpr(k.Expr, inSch)
		if err != nil {
			return nil, err
		}
		o.keys = append(o.keys, ev)
		o.keyTypes = append(o.keyTypes, k.Expr.Type())
	}
	for _, a := range x.Aggs {
		args, err := rt.compileAll(a.Args, inSch)
		if err != nil {
			return nil, err
		}
		isCount := a.Name == "count" && len(a.Args) == 0 && len(a.Out) == 1 && a.Out[0].Type == column.Long
		o.aggs = append(o.aggs, aggSpec{fn: a.Fn, info: a.Info, args: args, isCount: isCount})
	}
	return o, nil
}

func (o *summarizeOp) newGroups() *groups {
	g := &groups{index: map[string]int{}, argv: make([][]column.Value, len(o.aggs))}
	for i, a := range o.aggs {
		g.argv[i] = make([]column.Value, len(a.args))
		if a.isCount {
			g.ncnt++
		} else {
			g.naggs++
		}
	}
	for _, t := range o.keyTypes {
		g.keys = append(g.keys, column.NewVector(t, 0))
	}
	return g
}

func (o *summarizeOp) run(rt *runtime, out sink) error {
	tables := make([]*groups, rt.workers)
	err := o.in.run(rt, func(w int, b *column.Batch) error {
		if tables[w] == nil {
			tables[w] = o.newGroups()
		}
		return o.fold(rt, tables[w], b)
	})
	if err != nil {
		return err
	}
	final := o.merge(tables)
	return emitChunks(o.result(final), out)
}

// fold adds one batch to a worker's groups.
func (o *summarizeOp) fold(rt *runtime, g *groups, b *column.Batch) error {
	keys, err := evalAll(rt, o.keys, b)
	if err != nil {
		return err
	}
	args := make([][]operand, len(o.aggs))
	for i, a := range o.aggs {
		if args[i], err = evalAll(rt, a.args, b); err != nil {
			return err
		}
	}
	for row := 0; row < b.Len; row++ {
		gi := g.lookup(o, keys, row)
		acc, cnt := gi*g.naggs, gi*g.ncnt
		for i, ops := range args {
			if o.aggs[i].isCount {
				g.counts[cnt]++
				cnt++
				continue
			}
			argv := g.argv[i]
			for j, op := range ops {
				argv[j] = op.at(row)
			}
			g.accs[acc].Add(argv)
			acc++
		}
	}
	return nil
}

// lookup finds or creates the group of a row.
func (g *groups) lookup(o *summarizeOp, keys []operand, row int) int {
	g.buf = g.buf[:0]
	for _, k := range keys {
		g.buf = appendKey(g.buf, k, row)
	}
	if gi, ok := g.index[string(g.buf)]; ok {
		return gi
	}
	for i, k := range keys {
		if k.isConst {
			appendValue(g.keys[i], k.konst)
		} else {
			g.keys[i].AppendFrom(k.vec, row)
		}
	}
	return g.add(o, string(g.buf))
}

// add creates a group (its key values already appended) with fresh
// accumulators.
func (g *groups) add(o *summarizeOp, key string) int {
	for _, a := range o.aggs {
		if a.isCount {
			g.counts = append(g.counts, 0)
		} else {
			g.accs = append(g.accs, a.fn.New(a.info))
		}
	}
	gi := len(g.enc)
	g.index[key] = gi
	g.enc = append(g.enc, key)
	return gi
}

// merge combines the per-worker tables into the first one.
func (o *summarizeOp) merge(tables []*groups) *groups {
	var final *groups
	for _, t := range tables {
		switch {
		case t == nil:
		case final == nil:
			final = t
		default:
			o.mergeInto(final, t)
		}
	}
	if final == nil {
		final = o.newGroups()
	}
	if len(final.enc) == 0 && len(o.keys) == 0 {
		final.add(o, "")
	}
	return final
}

// mergeInto folds the groups of t into final.
func (o *summarizeOp) mergeInto(final, t *groups) {
	for gi, key := range t.enc {
		fi, ok := final.index[key]
		if !ok {
			for k, v := range t.keys {
				final.keys[k].AppendFrom(v, gi)
			}
			fi = len(final.enc)
			final.index[key] = fi
			final.enc = append(final.enc, key)
			final.accs = append(final.accs, t.accs[gi*t.naggs:(gi+1)*t.naggs]...)
			final.counts = append(final.counts, t.counts[gi*t.ncnt:(gi+1)*t.ncnt]...)
			continue
		}
		for i := 0; i < t.naggs; i++ {
			final.accs[fi*final.naggs+i].Merge(t.accs[gi*t.naggs+i])
		}
		for i := 0; i < t.ncnt; i++ {
			final.counts[fi*final.ncnt+i] += t.counts[gi*t.ncnt+i]
		}
	}
}

// result renders the groups as a batch: keys, then aggregate outputs.
func (o *summarizeOp) result(g *groups) *column.Batch {
	n := len(g.enc)
	b := column.NewBatch(o.schema, n)
	copy(b.Cols, g.keys)
	for gi := 0; gi < n; gi++ {
		c, acc, cnt := len(g.keys), gi*g.naggs, gi*g.ncnt
		for _, a := range o.aggs {
			if a.isCount {
				appendValue(b.Cols[c], column.LongValue(g.counts[cnt]))
				c, cnt = c+1, cnt+1
				continue
			}
			for _, v := range g.accs[acc].Result() {
				if c < len(b.Cols) {
					appendValue(b.Cols[c], v)
				}
				c++
			}
			acc++
		}
	}
	b.Len = n
	return b
}
