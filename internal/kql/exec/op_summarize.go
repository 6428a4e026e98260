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
// Fast paths (see grouptable.go for the keys and the table):
//   - group ids for a whole batch are found first (keyCodes + groupTable),
//     then each aggregate is folded column by column;
//   - count(), count(X), countif(p) over a bool column, and sum(X) and
//     sumif(X, p) over an int or long column keep one int64 per group
//     (aggSpec.fast) in the group table, next to the key, and fold from
//     the typed vectors without boxing; min, max, minif and maxif over an
//     int, long, datetime or timespan column keep two (the value and
//     whether there is one): the rules' StartTime = min(TimeGenerated) on
//     groups that are mostly new at every tick would otherwise allocate an
//     accumulator per group;
//   - with one worker (a hunt's evaluations), take_any(X) of a string
//     column keeps one word per group too: 0 until a non-empty value is
//     seen, then 1 + its index in the groups' side list of kept strings
//     (fastTakeAnyStr); the rules' TargetUsername = take_any(TargetUsername)
//     by source and account otherwise allocate an accumulator per group.
//     The word indexes the table's own list, so tables of several workers
//     could not merge it: with several workers take_any is an Accumulator;
//   - other aggregates get one funcs.Accumulator per group, fed boxed
//     values (a single int- or real-backed argument without nulls is
//     boxed in a tight loop: foldColumn); the accumulators of a batch's
//     new groups are added at once;
//   - dcount and dcountif over a string, int or long column feed their
//     accumulators hashes computed from the vector, without boxing
//     (foldDistinct, summarize_dcount.go);
//   - without keys, every row after the first batch is in the one group
//     (assign skips the table);
//   - the groups are rendered column by column (render, renderKey), into
//     vectors allocated by hugemem.Slice (huge.go); partial results of several
//     workers merge in parallel (summarize_merge.go).
type summarizeOp struct {
	in       operator
	keys     []evaluator
	keyTypes []column.Type
	aggs     []aggSpec
	schema   column.Schema
	nfast    int // aggregates with a fast int64 state
	nacc     int // aggregates with an Accumulator
	// having is the compiled check.Summarize.Having when some aggregate
	// is lazy (summarize_having.go); nil otherwise.
	having evaluator
}

// fastKind names the specialised aggregates.
type fastKind uint8

const (
	slowAgg        fastKind = iota // funcs.Accumulator
	fastCount                      // count(), count(X): every row
	fastCountIf                    // countif(p), p a bool column
	fastSumInt                     // sum(X), sumif(X, p): X int or long, result long
	fastMin                        // min(X), minif(X, p): X int-backed, p a bool column
	fastMax                        // max(X), maxif(X, p)
	fastTakeAnyStr                 // take_any(X), X a string column, one worker
)

// words returns the number of int64 states of the aggregate in the group
// table: the extremes keep the value and a found flag.
func (k fastKind) words() int {
	switch k {
	case slowAgg:
		return 0
	case fastMin, fastMax:
		return 2
	}
	return 1
}

// aggSpec is one compiled aggregate call; slot indexes its state among
// the fast states or the accumulators of a group.
type aggSpec struct {
	fn   *funcs.Aggregate
	info []funcs.Arg
	args []evaluator
	fast fastKind
	slot int
	nout int // output columns
	// saturable: the accumulators are funcs.Saturable (foldSaturable).
	saturable bool
	// lazy: an accumulator aggregate the summarize's having does not
	// read, computed only for the groups the having keeps
	// (summarize_having.go).
	lazy bool
}

// groups is one worker's hash table: groups in first-seen order.
type groups struct {
	codes  *keyCodes
	table  *groupTable
	accs   []funcs.Accumulator
	gids   []int32  // scratch: group of each row of the current batch
	hashes []uint64 // scratch: key hash of each row of the current batch
	argv   [][]column.Value
	sel    []int    // scratch: rows of the current batch (foldSaturable)
	kept   []string // the values fastTakeAnyStr words index (1 + index)
	// deferLazy: the lazy aggregates are not folded yet; new groups get
	// no accumulator for them (summarize_having.go).
	deferLazy bool
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
		spec := aggSpec{fn: a.Fn, info: a.Info, fast: fastKindOf(a), nout: len(a.Out)}
		if spec.fast == slowAgg && rt.workers == 1 && takeAnyOfString(a) {
			spec.fast = fastTakeAnyStr
		}
		if spec.fast != fastCount {
			if spec.args, err = rt.compileAll(a.Args, inSch); err != nil {
				return nil, err
			}
		}
		if spec.fast == slowAgg {
			_, spec.saturable = a.Fn.New(a.Info).(funcs.Saturable)
			spec.slot, o.nacc = o.nacc, o.nacc+1
		} else {
			spec.slot, o.nfast = o.nfast, o.nfast+spec.fast.words()
		}
		o.aggs = append(o.aggs, spec)
	}
	if err := o.compileHaving(rt, x); err != nil {
		return nil, err
	}
	return o, nil
}

// fastKindOf picks the specialisation of an aggregate call, if any.
// count(X) counts every row, so its argument is not evaluated
// (funcs/agg_basic.go, countAcc).
func fastKindOf(a check.Agg) fastKind {
	if len(a.Out) != 1 || genericOnly.Load() {
		return slowAgg
	}
	if k := extremeKindOf(a); k != slowAgg {
		return k
	}
	if a.Out[0].Type != column.Long {
		return slowAgg
	}
	switch {
	case a.Name == "count":
		return fastCount
	case a.Name == "countif" && len(a.Args) == 1 && a.Args[0].Type() == column.Bool:
		return fastCountIf
	case a.Name == "sum" && len(a.Args) == 1 && a.Args[0].Type().IsInteger():
		return fastSumInt
	case a.Name == "sumif" && len(a.Args) == 2 && a.Args[0].Type().IsInteger() && a.Args[1].Type() == column.Bool:
		return fastSumInt
	}
	return slowAgg
}

// extremeKindOf returns fastMin or fastMax for min, max, minif and maxif
// over an int-backed column of the output's type (bool excluded) with,
// for the -if forms, a bool predicate; slowAgg otherwise.
func extremeKindOf(a check.Agg) fastKind {
	t := a.Out[0].Type
	if t != column.Int && t != column.Long && t != column.DateTime && t != column.TimeSpan {
		return slowAgg
	}
	if len(a.Args) == 0 || a.Args[0].Type() != t {
		return slowAgg
	}
	switch {
	case a.Name == "min" && len(a.Args) == 1:
		return fastMin
	case a.Name == "max" && len(a.Args) == 1:
		return fastMax
	case a.Name == "minif" && len(a.Args) == 2 && a.Args[1].Type() == column.Bool:
		return fastMin
	case a.Name == "maxif" && len(a.Args) == 2 && a.Args[1].Type() == column.Bool:
		return fastMax
	}
	return slowAgg
}

// takeAnyOfString reports whether a is take_any (or any) of one string
// column.
func takeAnyOfString(a check.Agg) bool {
	return !genericOnly.Load() && (a.Name == "take_any" || a.Name == "any") && len(a.Args) == 1 &&
		len(a.Out) == 1 && a.Args[0].Type() == column.String && a.Out[0].Type == column.String
}

func (o *summarizeOp) newGroups() *groups {
	g := &groups{codes: newKeyCodes(o.keyTypes), argv: make([][]column.Value, len(o.aggs))}
	g.table = newGroupTable(g.codes.width(), o.nfast)
	for i, a := range o.aggs {
		g.argv[i] = make([]column.Value, len(a.args))
	}
	return g
}

func (o *summarizeOp) run(rt *runtime, out sink) error {
	if o.having != nil && rt.workers == 1 {
		return o.runHaving(rt, out)
	}
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
	b := o.result(final)
	for _, t := range tables {
		if t != nil && t != final {
			t.release()
		}
	}
	final.release()
	return emitChunks(b, out)
}

// fold adds one batch to a worker's groups.
func (o *summarizeOp) fold(rt *runtime, g *groups, b *column.Batch) error {
	keys, err := evalAll(rt, o.keys, b)
	if err != nil {
		return err
	}
	o.assign(g, keys, b.Len)
	releaseAll(keys)
	for i, a := range o.aggs {
		if a.lazy && g.deferLazy {
			continue
		}
		if err := o.foldOne(rt, g, i, b); err != nil {
			return err
		}
	}
	return nil
}

// foldOne folds aggregate i over the rows of b, whose groups are in
// g.gids.
func (o *summarizeOp) foldOne(rt *runtime, g *groups, i int, b *column.Batch) error {
	if o.aggs[i].saturable {
		return o.foldSaturable(rt, g, i, b)
	}
	args, err := evalAll(rt, o.aggs[i].args, b)
	if err != nil {
		return err
	}
	o.foldAgg(g, i, args, b.Len)
	releaseAll(args)
	return nil
}

// releaseAll recycles the owned bool vectors among ops (the predicates of
// countif, sumif, dcountif ... and bool keys), which the fold has read and
// no group keeps: a state copies values, never a vector (scratch.go).
func releaseAll(ops []operand) {
	for _, op := range ops {
		op.release()
	}
}

// foldSaturable folds aggregate i, whose accumulators are funcs.Saturable
// (make_list, make_set and their _if forms), computing its arguments only
// for the rows whose group still takes values: the evidence lists of the
// rules (make_list(bag_pack(...), 5) by source and account) otherwise
// build a property bag for every row of a busy group, to keep five. A row
// of a group that is full when the batch starts would be ignored by Add,
// so the result is the same; rows of a group that fills up within the
// batch are computed and ignored as before.
func (o *summarizeOp) foldSaturable(rt *runtime, g *groups, i int, b *column.Batch) error {
	slot := o.aggs[i].slot
	sel := g.sel[:0]
	for r, gi := range g.gids[:b.Len] {
		if !g.accs[int(gi)*o.nacc+slot].(funcs.Saturable).Full() {
			sel = append(sel, r)
		}
	}
	g.sel = sel
	if len(sel) == 0 {
		return nil
	}
	args, err := evalAll(rt, o.aggs[i].args, gatherBatch(b, sel))
	if err != nil {
		return err
	}
	argv := g.argv[i]
	for k, r := range sel {
		for j, op := range args {
			argv[j] = op.at(k)
		}
		g.accs[int(g.gids[r])*o.nacc+slot].Add(argv)
	}
	releaseAll(args)
	return nil
}

// assign finds (or creates) the group of every row into g.gids.
func (o *summarizeOp) assign(g *groups, keys []operand, n int) {
	if cap(g.gids) < n {
		putInt32s(g.gids)
		g.gids = getInt32s(n)
	}
	g.gids = g.gids[:n]
	if len(o.keys) == 0 && g.table.len() == 1 {
		// No keys: the first batch created the one group, and every row
		// is in it (no lookup per row: toscalar(T | summarize avg(x))).
		clear(g.gids)
		return
	}
	g.codes.encode(keys, n)
	w := g.codes.width()
	if cap(g.hashes) < n {
		putWords(g.hashes)
		g.hashes = getWords(n, false)
	}
	hs := g.hashes[:n]
	for r := range hs {
		hs[r] = hashKey(g.codes.codes[r*w : (r+1)*w])
	}
	g.table.touch(hs)
	before := g.table.len()
	for r, h := range hs {
		gi, _ := g.table.find(g.codes.codes[r*w:(r+1)*w], h)
		g.gids[r] = int32(gi)
	}
	o.addStates(g, g.table.len()-before)
}

// addStates appends the accumulators of n new groups (the fast states
// live in the group table: groupTable.word).
func (o *summarizeOp) addStates(g *groups, n int) {
	if n == 0 {
		return
	}
	if o.nacc > 0 {
		if g.accs == nil {
			g.accs = getAccs(n * o.nacc) // recycle.go
		}
		g.accs = growDouble(g.accs, n*o.nacc)
		for range n {
			for _, a := range o.aggs {
				switch {
				case a.fast != slowAgg:
				case a.lazy && g.deferLazy:
					g.accs = append(g.accs, nil) // summarize_having.go
				default:
					g.accs = append(g.accs, a.fn.New(a.info))
				}
			}
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
	return slices.Grow(s, max(cap(s), n, 64))
}

// foldAgg folds aggregate i's arguments for every row of the batch.
func (o *summarizeOp) foldAgg(g *groups, i int, args []operand, n int) {
	a, t := o.aggs[i], g.table
	switch a.fast {
	case fastCount:
		for _, gi := range g.gids {
			*t.word(gi, a.slot)++
		}
	case fastCountIf:
		foldCountIf(t, a.slot, g.gids, args[0])
	case fastSumInt:
		foldSumInt(t, a.slot, g.gids, args)
	case fastMin, fastMax:
		foldExtreme(t, a.slot, g.gids, args, a.fast == fastMax)
	case fastTakeAnyStr:
		g.foldTakeAny(a.slot, args[0])
	default:
		if o.foldDistinct(g, a, args) { // summarize_dcount.go
			return
		}
		argv := g.argv[i]
		if len(args) == 1 && !args[0].isConst && args[0].vec.Nulls == nil && o.foldColumn(g, a, argv, args[0].vec) {
			return
		}
		for r := 0; r < n; r++ {
			for j, op := range args {
				argv[j] = op.at(r)
			}
			g.accs[int(g.gids[r])*o.nacc+a.slot].Add(argv)
		}
	}
}

// foldColumn feeds the accumulators of aggregate a a single argument, an
// int- or real-backed vector without nulls, boxing each value by setting
// one field (what vec.Value does, without its per-row type and null
// tests: toscalar(hourly | summarize avg(bytes)) over millions of rows).
// It returns false, having done nothing, for other vectors.
func (o *summarizeOp) foldColumn(g *groups, a aggSpec, argv []column.Value, vec *column.Vector) bool {
	v := column.Value{Type: vec.Type}
	accs, na, gids := g.accs, o.nacc, g.gids
	switch {
	case vec.Type.UsesInts():
		for r, x := range vec.Ints[:len(gids)] {
			v.I = x
			argv[0] = v
			accs[int(gids[r])*na+a.slot].Add(argv)
		}
	case vec.Type.UsesReals():
		for r, x := range vec.Reals[:len(gids)] {
			v.F = x
			argv[0] = v
			accs[int(gids[r])*na+a.slot].Add(argv)
		}
	default:
		return false
	}
	return true
}

// foldTakeAny keeps, in each group's word at slot, the first non-empty
// string of x (takeAny1's choice: a group whose values are all empty
// renders "", what a null string is).
func (g *groups) foldTakeAny(slot int, x operand) {
	if x.isConst {
		if s := x.konst.S; s != "" && !x.konst.IsNull() {
			for _, gi := range g.gids {
				g.keep(g.table.word(gi, slot), s)
			}
		}
		return
	}
	for r, gi := range g.gids {
		if w := g.table.word(gi, slot); *w == 0 && x.vec.Strs[r] != "" && !x.vec.Nulls.Get(r) {
			g.keep(w, x.vec.Strs[r])
		}
	}
}

// keep records s as the value of a fastTakeAnyStr word that has none.
func (g *groups) keep(w *uint64, s string) {
	if *w == 0 {
		if g.kept == nil {
			g.kept = getKept() // recycle.go
		}
		g.kept = append(g.kept, s)
		*w = uint64(len(g.kept))
	}
}

// foldCountIf counts the rows whose predicate is true (null is not).
func foldCountIf(t *groupTable, slot int, gids []int32, p operand) {
	if p.isConst {
		if p.konst.IsNull() || p.konst.I == 0 {
			return
		}
		for _, gi := range gids {
			*t.word(gi, slot)++
		}
		return
	}
	for r, gi := range gids {
		if p.vec.Ints[r] != 0 && !p.vec.Nulls.Get(r) {
			*t.word(gi, slot)++
		}
	}
}

// foldSumInt adds the non-null values of an int or long column (int64
// arithmetic on the uint64 state words: the same bits), for sumif those
// of the rows whose predicate (args[1]) is true.
func foldSumInt(t *groupTable, slot int, gids []int32, args []operand) {
	x := args[0]
	if len(args) > 1 {
		for r, gi := range gids {
			if v, ok := intAt(x, r); ok && boolTrue(args[1], r) {
				*t.word(gi, slot) += uint64(v)
			}
		}
		return
	}
	if x.isConst {
		if x.konst.IsNull() {
			return
		}
		for _, gi := range gids {
			*t.word(gi, slot) += uint64(x.konst.I)
		}
		return
	}
	for r, gi := range gids {
		if !x.vec.Nulls.Get(r) {
			*t.word(gi, slot) += uint64(x.vec.Ints[r])
		}
	}
}

// foldExtreme keeps the least (or, with max, the greatest) non-null value
// of an int-backed column per group, of the rows whose predicate (args[1],
// when given) is true, in two words: the value and whether there is one.
// A value equal to the kept one does not replace it, as in funcs'
// extremeAcc.
func foldExtreme(t *groupTable, slot int, gids []int32, args []operand, max bool) {
	x := args[0]
	for r, gi := range gids {
		if len(args) > 1 && !boolTrue(args[1], r) {
			continue
		}
		v, ok := intAt(x, r)
		if !ok {
			continue
		}
		offerExtreme(t.word(gi, slot), t.word(gi, slot+1), v, max)
	}
}

// offerExtreme replaces the kept value with v when there is none yet or v
// is better.
func offerExtreme(val, found *uint64, v int64, max bool) {
	if *found == 0 || (max && v > int64(*val)) || (!max && v < int64(*val)) {
		*val, *found = uint64(v), 1
	}
}

// boolTrue reports whether row r of a bool operand is true (null is not).
func boolTrue(p operand, r int) bool {
	if p.isConst {
		return !p.konst.IsNull() && p.konst.I != 0
	}
	return p.vec.Ints[r] != 0 && !p.vec.Nulls.Get(r)
}

// intAt returns row r of an int-backed operand; false when it is null.
func intAt(x operand, r int) (int64, bool) {
	if x.isConst {
		return x.konst.I, !x.konst.IsNull()
	}
	if x.vec.Nulls.Get(r) {
		return 0, false
	}
	return x.vec.Ints[r], true
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
		o.addStates(final, 1)
	}
	return final
}

// mergeInto folds the groups of t into final (summarize_merge.go).
func (o *summarizeOp) mergeInto(final, t *groups) {
	o.mergeRows(final, t, identity(t.table.len()))
}

// result renders the groups as a batch: keys, then aggregate outputs.
func (o *summarizeOp) result(g *groups) *column.Batch {
	return o.render(g, 0, g.table.len(), nil)
}

// render renders groups [lo, hi) of g, but those marked in skip (nil: none),
// as a batch: keys, then aggregate outputs.
func (o *summarizeOp) render(g *groups, lo, hi int, skip []bool) *column.Batch {
	n := hi - lo
	if skip != nil {
		for _, s := range skip[lo:hi] {
			if s {
				n--
			}
		}
	}
	b := newResultBatch(o.schema, n)
	for k := range o.keyTypes {
		o.renderKey(g, k, lo, hi, skip, b.Cols[k])
	}
	c := len(o.keyTypes)
	for _, a := range o.aggs {
		if a.fast == slowAgg {
			c += a.nout
			continue
		}
		if a.fast == fastMin || a.fast == fastMax {
			renderExtreme(g.table, a.slot, lo, hi, skip, b.Cols[c])
			c++
			continue
		}
		if a.fast == fastTakeAnyStr {
			g.renderKept(a.slot, lo, hi, skip, b.Cols[c])
			c++
			continue
		}
		ints := b.Cols[c].Ints
		for gi := lo; gi < hi; gi++ {
			if skip == nil || !skip[gi] {
				ints = append(ints, int64(*g.table.word(int32(gi), a.slot)))
			}
		}
		b.Cols[c].Ints = ints
		c++
	}
	if o.nacc > 0 {
		for gi := lo; gi < hi; gi++ {
			if skip != nil && skip[gi] {
				continue
			}
			c := len(o.keyTypes)
			for _, a := range o.aggs {
				if a.fast != slowAgg {
					c++
					continue
				}
				acc := g.accs[gi*o.nacc+a.slot]
				if acc == nil { // a lazy aggregate not computed yet: nulls
					for k := 0; k < a.nout && c < len(b.Cols); k++ {
						b.Cols[c].AppendNull()
						c++
					}
					continue
				}
				for _, v := range acc.Result() {
					if c < len(b.Cols) {
						appendValue(b.Cols[c], v)
					}
					c++
				}
			}
		}
	}
	b.Len = n
	return b
}

// renderKept appends the value of a fastTakeAnyStr per group of [lo, hi)
// (but those in skip) to vec: "" for a group without a non-empty one.
func (g *groups) renderKept(slot, lo, hi int, skip []bool, vec *column.Vector) {
	for gi := lo; gi < hi; gi++ {
		if skip != nil && skip[gi] {
			continue
		}
		s := ""
		if w := *g.table.word(int32(gi), slot); w != 0 {
			s = g.kept[w-1]
		}
		vec.Strs = append(vec.Strs, s)
	}
}

// renderExtreme appends the kept value of a min or max per group of
// [lo, hi) (but those in skip) to vec, null for a group without one.
func renderExtreme(t *groupTable, slot, lo, hi int, skip []bool, vec *column.Vector) {
	for gi := lo; gi < hi; gi++ {
		if skip != nil && skip[gi] {
			continue
		}
		if *t.word(int32(gi), slot+1) == 0 {
			vec.AppendNull()
		} else {
			vec.Ints = append(vec.Ints, int64(*t.word(int32(gi), slot)))
		}
	}
}

// renderKey appends key column k of groups [lo, hi) of g (but those in
// skip) to vec: ints and strings in typed loops, anything else through
// keyCodes.decode.
func (o *summarizeOp) renderKey(g *groups, k, lo, hi int, skip []bool, vec *column.Vector) {
	kc, t := g.codes, g.table
	mw, bit := nullBit(k)
	pos := kc.masks + k
	switch {
	case kc.kinds[k] == keyInt && vec.Type.UsesInts():
		for gi := lo; gi < hi; gi++ {
			if skip != nil && skip[gi] {
				continue
			}
			if key := t.key(gi); key[mw]&bit == 0 {
				vec.Ints = append(vec.Ints, int64(key[pos]))
			} else {
				vec.AppendNull()
			}
		}
	case kc.kinds[k] == keyString && vec.Type.UsesStrs():
		strs := kc.interns[k].strs
		for gi := lo; gi < hi; gi++ {
			if skip != nil && skip[gi] {
				continue
			}
			if key := t.key(gi); key[mw]&bit == 0 {
				vec.Strs = append(vec.Strs, strs[key[pos]])
			} else {
				vec.AppendNull()
			}
		}
	default:
		for gi := lo; gi < hi; gi++ {
			if skip == nil || !skip[gi] {
				kc.decode(k, t.key(gi), vec)
			}
		}
	}
}
