package exec

import (
	"slices"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// summarizeOp is hash aggregation. Each worker folds its batches into its
// own group table; the tables are merged at the end.
//
// Fast paths (see grouptable.go for the keys):
//   - group ids for a whole batch are found first (keyCodes + groupTable),
//     then each aggregate is folded column by column;
//   - count(), count(X), countif(p) over a bool column and sum(X) over an
//     int or long column keep one int64 per group (aggSpec.fast) and fold
//     from the typed vectors without boxing;
//   - other aggregates get one funcs.Accumulator per group, fed boxed
//     values.
type summarizeOp struct {
	in       operator
	keys     []evaluator
	keyTypes []column.Type
	aggs     []aggSpec
	schema   column.Schema
	nfast    int // aggregates with a fast int64 state
	nacc     int // aggregates with an Accumulator
}

// fastKind names the specialised aggregates.
type fastKind uint8

const (
	slowAgg     fastKind = iota // funcs.Accumulator
	fastCount                   // count(), count(X): every row
	fastCountIf                 // countif(p), p a bool column
	fastSumInt                  // sum(X), X int or long, result long
)

// aggSpec is one compiled aggregate call; slot indexes its state among
// the fast states or the accumulators of a group.
type aggSpec struct {
	fn   *funcs.Aggregate
	info []funcs.Arg
	args []evaluator
	fast fastKind
	slot int
}

// groups is one worker's hash table: groups in first-seen order.
type groups struct {
	codes  *keyCodes
	table  *groupTable
	fast   []int64 // nfast per group
	accs   []funcs.Accumulator
	gids   []int32  // scratch: group of each row of the current batch
	hashes []uint64 // scratch: key hash of each row of the current batch
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
		spec := aggSpec{fn: a.Fn, info: a.Info, fast: fastKindOf(a)}
		if spec.fast != fastCount {
			if spec.args, err = rt.compileAll(a.Args, inSch); err != nil {
				return nil, err
			}
		}
		if spec.fast == slowAgg {
			spec.slot, o.nacc = o.nacc, o.nacc+1
		} else {
			spec.slot, o.nfast = o.nfast, o.nfast+1
		}
		o.aggs = append(o.aggs, spec)
	}
	return o, nil
}

// fastKindOf picks the specialisation of an aggregate call, if any.
// count(X) counts every row, so its argument is not evaluated
// (funcs/agg_basic.go, countAcc).
func fastKindOf(a check.Agg) fastKind {
	if len(a.Out) != 1 || a.Out[0].Type != column.Long {
		return slowAgg
	}
	switch {
	case a.Name == "count":
		return fastCount
	case a.Name == "countif" && len(a.Args) == 1 && a.Args[0].Type() == column.Bool:
		return fastCountIf
	case a.Name == "sum" && len(a.Args) == 1 && a.Args[0].Type().IsInteger():
		return fastSumInt
	}
	return slowAgg
}

func (o *summarizeOp) newGroups() *groups {
	g := &groups{codes: newKeyCodes(o.keyTypes), argv: make([][]column.Value, len(o.aggs))}
	g.table = newGroupTable(g.codes.width())
	for i, a := range o.aggs {
		g.argv[i] = make([]column.Value, len(a.args))
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
	if parts, ok := o.mergeParallel(rt, tables); ok {
		for _, b := range parts {
			if err := emitChunks(b, out); err != nil {
				return err
			}
		}
		return nil
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
	o.assign(g, keys, b.Len)
	for i, a := range o.aggs {
		args, err := evalAll(rt, a.args, b)
		if err != nil {
			return err
		}
		o.foldAgg(g, i, args, b.Len)
	}
	return nil
}

// assign finds (or creates) the group of every row into g.gids.
func (o *summarizeOp) assign(g *groups, keys []operand, n int) {
	g.codes.encode(keys, n)
	w := g.codes.width()
	if cap(g.gids) < n {
		g.gids = make([]int32, n)
	}
	g.gids = g.gids[:n]
	if cap(g.hashes) < n {
		g.hashes = make([]uint64, n)
	}
	hs := g.hashes[:n]
	for r := range hs {
		hs[r] = hashKey(g.codes.codes[r*w : (r+1)*w])
	}
	g.table.touch(hs)
	for r, h := range hs {
		gi, created := g.table.find(g.codes.codes[r*w:(r+1)*w], h)
		if created {
			o.addState(g)
		}
		g.gids[r] = int32(gi)
	}
}

// addState appends the aggregate state of a new group.
func (o *summarizeOp) addState(g *groups) {
	if o.nfast > 0 {
		g.fast = growDouble(g.fast, o.nfast)
		n := len(g.fast)
		g.fast = g.fast[:n+o.nfast]
		clear(g.fast[n:])
	}
	if o.nacc > 0 {
		g.accs = growDouble(g.accs, o.nacc)
	}
	for _, a := range o.aggs {
		if a.fast == slowAgg {
			g.accs = append(g.accs, a.fn.New(a.info))
		}
	}
}

// growDouble makes room for n more elements, doubling the capacity when
// it runs out. append grows large slices by only 1.25x; with millions of
// groups (a high-cardinality summarize) the repeated copies into fresh
// memory cost more than the aggregation itself.
func growDouble[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	return slices.Grow(s, max(cap(s), 64*n))
}

// foldAgg folds aggregate i's arguments for every row of the batch.
func (o *summarizeOp) foldAgg(g *groups, i int, args []operand, n int) {
	a, nf, fast := o.aggs[i], o.nfast, g.fast
	switch a.fast {
	case fastCount:
		for _, gi := range g.gids {
			fast[int(gi)*nf+a.slot]++
		}
	case fastCountIf:
		foldCountIf(fast, nf, a.slot, g.gids, args[0])
	case fastSumInt:
		foldSumInt(fast, nf, a.slot, g.gids, args[0])
	default:
		argv := g.argv[i]
		for r := 0; r < n; r++ {
			for j, op := range args {
				argv[j] = op.at(r)
			}
			g.accs[int(g.gids[r])*o.nacc+a.slot].Add(argv)
		}
	}
}

// foldCountIf counts the rows whose predicate is true (null is not).
func foldCountIf(fast []int64, nf, slot int, gids []int32, p operand) {
	if p.isConst {
		if p.konst.IsNull() || p.konst.I == 0 {
			return
		}
		for _, gi := range gids {
			fast[int(gi)*nf+slot]++
		}
		return
	}
	for r, gi := range gids {
		if p.vec.Ints[r] != 0 && !p.vec.Nulls.Get(r) {
			fast[int(gi)*nf+slot]++
		}
	}
}

// foldSumInt adds the non-null values of an int or long column.
func foldSumInt(fast []int64, nf, slot int, gids []int32, x operand) {
	if x.isConst {
		if x.konst.IsNull() {
			return
		}
		for _, gi := range gids {
			fast[int(gi)*nf+slot] += x.konst.I
		}
		return
	}
	for r, gi := range gids {
		if !x.vec.Nulls.Get(r) {
			fast[int(gi)*nf+slot] += x.vec.Ints[r]
		}
	}
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
	if final.table.len() == 0 && len(o.keys) == 0 {
		final.codes.encode(nil, 1)
		final.table.find(final.codes.codes, hashKey(final.codes.codes))
		o.addState(final)
	}
	return final
}

// mergeInto folds the groups of t into final (summarize_merge.go).
func (o *summarizeOp) mergeInto(final, t *groups) {
	o.mergeRows(final, t, identity(t.table.len()))
}

// result renders the groups as a batch: keys, then aggregate outputs.
func (o *summarizeOp) result(g *groups) *column.Batch {
	n := g.table.len()
	b := column.NewBatch(o.schema, n)
	for k := range o.keyTypes {
		for gi := 0; gi < n; gi++ {
			g.codes.decode(k, g.table.key(gi), b.Cols[k])
		}
	}
	for gi := 0; gi < n; gi++ {
		c := len(o.keyTypes)
		for _, a := range o.aggs {
			if a.fast != slowAgg {
				b.Cols[c].Ints = append(b.Cols[c].Ints, g.fast[gi*o.nfast+a.slot])
				c++
				continue
			}
			for _, v := range g.accs[gi*o.nacc+a.slot].Result() {
				if c < len(b.Cols) {
					appendValue(b.Cols[c], v)
				}
				c++
			}
		}
	}
	b.Len = n
	return b
}
