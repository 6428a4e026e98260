package exec

import (
	"slices"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Lazy aggregates under a having (plan/having.go sets
// check.Summarize.Having from the where that follows a summarize).
//
// With one worker, a summarize whose having does not read some of its
// accumulator aggregates folds the others first, keeping its input
// batches and their rows' groups; then it evaluates the having over the
// groups, folds the lazy aggregates over the kept batches for the rows of
// the groups the having keeps, in their original order, and renders only
// those groups. The where above drops the same groups anyway, and every
// aggregate of a kept group sees exactly the rows it would have seen in
// the same order, so the result is the same. A hunt's rules build evidence
// lists of property bags, target sets and sample names per (source,
// account) group, and keep a handful of groups per tick.
//
// The kept input is bounded: past maxHeldRows rows the summarize folds the
// lazy aggregates over what it holds, for every group, and goes on as if
// there were no having. With several workers it ignores the having (the
// per-worker tables are merged before any group is final).

// maxHeldRows is the most input rows a summarize holds for its lazy
// aggregates (a variable for the tests).
var maxHeldRows = 1 << 20

// heldBatch is an input batch kept for the lazy aggregates, with the
// group of each row.
type heldBatch struct {
	b    *column.Batch
	gids []int32
}

// compileHaving sets o.having and marks the lazy aggregates when x has a
// having and some accumulator aggregate's columns are not read by it.
func (o *summarizeOp) compileHaving(rt *runtime, x *check.Summarize) error {
	if x.Having == nil || genericOnly.Load() {
		return nil
	}
	read := map[string]bool{}
	for _, c := range check.Columns(x.Having) {
		read[c] = true
	}
	lazy := false
	for i, a := range x.Aggs {
		spec := &o.aggs[i]
		if spec.fast != slowAgg || readsAny(read, a.Out) {
			continue
		}
		spec.lazy, lazy = true, true
	}
	if !lazy {
		return nil
	}
	having, err := rt.compileExpr(x.Having, o.schema)
	if err != nil {
		return err
	}
	o.having = having
	return nil
}

// readsAny reports whether any of the fields is in read.
func readsAny(read map[string]bool, fields []column.Field) bool {
	for _, f := range fields {
		if read[f.Name] {
			return true
		}
	}
	return false
}

// runHaving is run with lazy aggregates (one worker).
func (o *summarizeOp) runHaving(rt *runtime, out sink) error {
	g := o.newGroups()
	g.deferLazy = true
	var held []heldBatch
	rows := 0
	err := o.in.run(rt, func(_ int, b *column.Batch) error {
		if err := o.fold(rt, g, b); err != nil || !g.deferLazy {
			return err
		}
		held = append(held, heldBatch{b: b, gids: slices.Clone(g.gids[:b.Len])})
		if rows += b.Len; rows > maxHeldRows {
			err := o.foldLazy(rt, g, held, nil)
			held = nil
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	g = o.merge([]*groups{g}) // the one group of a summarize without keys over no rows
	var keep []bool
	if g.deferLazy {
		if keep, err = o.keep(rt, g); err != nil {
			return err
		}
		if err := o.foldLazy(rt, g, held, keep); err != nil {
			return err
		}
	}
	var skip []bool
	if keep != nil {
		skip = make([]bool, len(keep))
		for i, k := range keep {
			skip[i] = !k
		}
	}
	b := o.render(g, 0, g.table.len(), skip)
	g.release()
	return emitChunks(b, out)
}

// keep evaluates the having over g's groups (the lazy aggregates' columns
// null) and reports which groups it keeps: null is not true.
func (o *summarizeOp) keep(rt *runtime, g *groups) ([]bool, error) {
	p, err := o.having.eval(rt, o.render(g, 0, g.table.len(), nil))
	if err != nil {
		return nil, err
	}
	keep := make([]bool, g.table.len())
	for i := range keep {
		keep[i] = toBool(boolAt(p, i)).Bool()
	}
	p.release()
	return keep, nil
}

// foldLazy creates the lazy aggregates' accumulators of the groups in keep
// (nil: all) and folds the held batches' rows of those groups into them,
// in order; afterwards every new group gets all its accumulators.
func (o *summarizeOp) foldLazy(rt *runtime, g *groups, held []heldBatch, keep []bool) error {
	for gi := 0; gi < g.table.len(); gi++ {
		if keep != nil && !keep[gi] {
			continue
		}
		for _, a := range o.aggs {
			if a.lazy {
				g.accs[gi*o.nacc+a.slot] = a.fn.New(a.info)
			}
		}
	}
	g.deferLazy = false
	scratch := g.gids
	defer func() { g.gids = scratch }()
	for _, h := range held {
		b, gids := h.b, h.gids
		if keep != nil {
			var sel []int
			for r, gi := range gids {
				if keep[gi] {
					sel = append(sel, r)
				}
			}
			if len(sel) == 0 {
				continue
			}
			b = gatherBatch(b, sel)
			gids = gatherGids(gids, sel)
		}
		g.gids = gids
		for i, a := range o.aggs {
			if !a.lazy {
				continue
			}
			if err := o.foldOne(rt, g, i, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// gatherGids returns the groups of the rows in sel.
func gatherGids(gids []int32, sel []int) []int32 {
	if len(sel) == len(gids) {
		return gids
	}
	out := make([]int32, len(sel))
	for k, r := range sel {
		out[k] = gids[r]
	}
	return out
}
