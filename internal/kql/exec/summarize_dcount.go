package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/funcs"
)

// foldDistinct is summarize's fast path for dcount(X) and dcountif(X, p)
// (foldAgg): with X a string, int or long column and p, for dcountif, a
// bool column or constant, it hashes each row's value straight from the
// vector as the accumulator's Add would (funcs.DistinctHashString,
// funcs.DistinctHashInt) and adds the hash to the row's group's sketch
// (funcs.AddDistinctHash), skipping the rows Add ignores: an empty string
// (a string vector's nulls are empty strings: column.Vector.Value ignores
// its bitmap), a null int or long, a predicate false or null. The groups
// keep their accumulators, so merges, rendering and the lazy aggregates
// of summarize_having.go are unchanged; only the per-row boxing into
// column.Values and the call through the Accumulator interface go. The
// hunt's password-spray rule, dcountif(AccountKey, EventResult ==
// "Success") by Src over ~2000 rows a tick, spent most of its summarize
// there.
//
// It returns false, having done nothing, for other aggregates and
// arguments (a dynamic or datetime X, a constant X, a dynamic predicate)
// and with the fast paths off (SetRowFastPaths).
func (o *summarizeOp) foldDistinct(g *groups, a aggSpec, args []operand) bool {
	if genericOnly.Load() {
		return false
	}
	pi, ok := funcs.HashedDistinct(a.fn)
	if !ok || len(args) == 0 || pi >= len(args) || args[0].isConst {
		return false
	}
	x := args[0].vec
	if x.Type != column.String && x.Type != column.Int && x.Type != column.Long {
		return false
	}
	var pred *column.Vector // nil: every row passes
	if pi >= 0 {
		switch p := args[pi]; {
		case p.isConst && p.konst.Type == column.Bool:
			if !p.konst.Bool() {
				return true // false or null: no row passes
			}
		case !p.isConst && p.vec.Type == column.Bool:
			pred = p.vec
		default:
			return false
		}
	}
	accs, na, slot, gids := g.accs, o.nacc, a.slot, g.gids
	if x.Type == column.String {
		for r, s := range x.Strs[:len(gids)] {
			if s == "" || (pred != nil && !boolRow(pred, r)) {
				continue
			}
			funcs.AddDistinctHash(accs[int(gids[r])*na+slot], funcs.DistinctHashString(s))
		}
		return true
	}
	for r, v := range x.Ints[:len(gids)] {
		if x.Nulls.Get(r) || (pred != nil && !boolRow(pred, r)) {
			continue
		}
		funcs.AddDistinctHash(accs[int(gids[r])*na+slot], funcs.DistinctHashInt(v))
	}
	return true
}

// boolRow reports whether row r of a bool vector is true (null is not).
func boolRow(p *column.Vector, r int) bool {
	return p.Ints[r] != 0 && !p.Nulls.Get(r)
}
