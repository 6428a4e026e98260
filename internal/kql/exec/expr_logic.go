package exec

import "quarry/internal/column"

// logicVec is the unboxed form of logicEval for two bool vectors: the same
// three-valued and/or as funcs.Logic (false and null is false, true or
// null is true, otherwise null is sticky), computed from the Ints and the
// null masks without building a column.Value per row. ok is false when
// either operand is a constant or not a bool vector; logicEval then takes
// its per-row path.
func logicVec(and bool, l, r operand, n int) (*column.Vector, bool) {
	if l.isConst || r.isConst || l.vec.Type != column.Bool || r.vec.Type != column.Bool {
		return nil, false
	}
	ls, rs := l.vec.Ints[:n], r.vec.Ints[:n]
	out := newBoolVector(n)
	if l.vec.Nulls == nil && r.vec.Nulls == nil {
		if and {
			for i := range out.Ints {
				out.Ints[i] = b2i(ls[i] != 0 && rs[i] != 0)
			}
		} else {
			for i := range out.Ints {
				out.Ints[i] = b2i(ls[i] != 0 || rs[i] != 0)
			}
		}
		return out, true
	}
	ln, rn := l.vec.Nulls, r.vec.Nulls
	for i := range out.Ints {
		lnull, rnull := ln.Get(i), rn.Get(i)
		lt, rt := !lnull && ls[i] != 0, !rnull && rs[i] != 0
		lf, rf := !lnull && ls[i] == 0, !rnull && rs[i] == 0
		switch {
		case and && (lf || rf):
			// false
		case !and && (lt || rt):
			out.Ints[i] = 1
		case lnull || rnull:
			out.Nulls.Set(i)
		default:
			out.Ints[i] = b2i(and)
		}
	}
	return out, true
}
