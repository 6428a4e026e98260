package exec

import (
	"slices"
	"sort"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// joinOp collects both sides, hashes the right side on its keys and probes
// it with the left rows in order. Null keys never match.
//
// The sides are not concatenated (concat copies every column of every
// row, most of which a join never reads): each side is kept as the list of
// batches collectParts returns, addressed by a global row number in
// concatenation order (joinSide). Keys are encoded from the parts, and
// the output gathers only the output columns of the matched rows from the
// parts, so the result is the one the concatenated sides gave.
type joinOp struct {
	node         *check.Join
	left, right  operator
	lkeys, rkeys []int
	lout, rout   []int
	schema       column.Schema
	lSch, rSch   column.Schema
}

func (rt *runtime) buildJoin(x *check.Join) (operator, error) {
	l, err := rt.build(x.Left)
	if err != nil {
		return nil, err
	}
	r, err := rt.build(x.Right)
	if err != nil {
		return nil, err
	}
	o := &joinOp{node: x, left: l, right: r, schema: x.Schema(), lSch: x.Left.Schema(), rSch: x.Right.Schema()}
	for i := range x.LeftKeys {
		o.lkeys = append(o.lkeys, o.lSch.Index(x.LeftKeys[i]))
		o.rkeys = append(o.rkeys, o.rSch.Index(x.RightKeys[i]))
	}
	for _, rn := range x.LeftOut {
		o.lout = append(o.lout, o.lSch.Index(rn.From))
	}
	for _, rn := range x.RightOut {
		o.rout = append(o.rout, o.rSch.Index(rn.From))
	}
	return o, nil
}

// joinSide is the collected input of one side of a join: its batches in
// the order collect concatenates them, row g being row g-off[p] of
// parts[p] for the p with off[p] <= g < off[p+1].
type joinSide struct {
	parts []*column.Batch
	off   []int
	n     int
	// types are the column types of the concatenation: the schema's, or
	// those of the only part (concat returns a single part as it is).
	types []column.Type
}

// newJoinSide arranges parts like concat(schema, parts) without copying:
// a part whose vector types differ from the schema is converted as concat
// would convert it (rare: the vectors normally have the schema's types).
func newJoinSide(schema column.Schema, parts []*column.Batch) *joinSide {
	s := &joinSide{off: make([]int, 1, len(parts)+1)}
	if len(parts) == 1 && sameTypes(parts[0].Schema, schema) {
		s.parts = parts
		for _, v := range parts[0].Cols {
			s.types = append(s.types, v.Type)
		}
	} else {
		s.parts = make([]*column.Batch, len(parts))
		for i, p := range parts {
			if !vectorTypes(p, schema) {
				p = convertBatch(schema, p)
			}
			s.parts[i] = p
		}
		for _, f := range schema {
			s.types = append(s.types, f.Type)
		}
	}
	for _, p := range s.parts {
		s.n += p.Len
		s.off = append(s.off, s.n)
	}
	return s
}

// vectorTypes reports whether the vectors of b have the types of schema.
func vectorTypes(b *column.Batch, schema column.Schema) bool {
	if len(b.Cols) != len(schema) {
		return false
	}
	for i, v := range b.Cols {
		if v.Type != schema[i].Type {
			return false
		}
	}
	return true
}

// convertBatch copies b into a batch of the schema's types, as concat does.
func convertBatch(schema column.Schema, b *column.Batch) *column.Batch {
	out := column.NewBatch(schema, b.Len)
	for c := range schema {
		appendVector(out.Cols[c], b.Cols[c], b.Len)
	}
	out.Len = b.Len
	return out
}

// locate returns the part and row of global row g; hint is a part to try
// first (the previous answer: rows are mostly asked for in order).
func (s *joinSide) locate(g, hint int) (int, int) {
	if hint < 0 || hint >= len(s.parts) || g < s.off[hint] || g >= s.off[hint+1] {
		if hint+1 < len(s.parts) && g >= s.off[hint+1] && g < s.off[hint+2] {
			hint++
		} else {
			hint = sort.SearchInts(s.off[1:], g+1)
		}
	}
	return hint, g - s.off[hint]
}

// keyOf encodes the key columns of row i; ok is false for a null key.
func keyOf(b *column.Batch, cols []int, i int, buf []byte) ([]byte, bool) {
	buf = buf[:0]
	for _, c := range cols {
		v := b.Cols[c]
		if v.Type != column.String && v.IsNull(i) {
			return buf, false
		}
		buf = appendKey(buf, operand{vec: v}, i)
	}
	return buf, true
}

// joinTable maps encoded keys to chains of row numbers: heads[m[key]] is
// the first row of the key and next[g] the row after g (-1 ends a chain).
// Keys are added in reverse row order so that every chain is ascending,
// and a key string is allocated once per distinct key, not per row.
type joinTable struct {
	m     map[string]int
	heads []int
	next  []int
}

// buildJoinTable hashes the rows of s on cols. With first, a key keeps
// only its first row.
func buildJoinTable(s *joinSide, cols []int, first bool) *joinTable {
	t := &joinTable{m: map[string]int{}, next: make([]int, s.n)}
	var buf []byte
	for p := len(s.parts) - 1; p >= 0; p-- {
		b := s.parts[p]
		for i := b.Len - 1; i >= 0; i-- {
			g := s.off[p] + i
			t.next[g] = -1
			var ok bool
			if buf, ok = keyOf(b, cols, i, buf); !ok {
				continue
			}
			if h, seen := t.m[string(buf)]; seen {
				if !first {
					t.next[g] = t.heads[h]
				}
				t.heads[h] = g
				continue
			}
			t.m[string(buf)] = len(t.heads)
			t.heads = append(t.heads, g)
		}
	}
	return t
}

// lookup appends the rows of key to dst.
func (t *joinTable) lookup(key []byte, dst []int) []int {
	h, ok := t.m[string(key)]
	if !ok {
		return dst
	}
	for g := t.heads[h]; g >= 0; g = t.next[g] {
		dst = append(dst, g)
	}
	return dst
}

func (o *joinOp) run(rt *runtime, out sink) error {
	lp, err := rt.collectParts(o.left)
	if err != nil {
		return err
	}
	rp, err := rt.collectParts(o.right)
	if err != nil {
		return err
	}
	ls, rs := newJoinSide(o.lSch, lp), newJoinSide(o.rSch, rp)
	li, ri := o.match(ls, rs)
	return emitChunks(o.output(ls, rs, li, ri), out)
}

// match computes the output row pairs (-1 on a side means nulls).
func (o *joinOp) match(ls, rs *joinSide) ([]int, []int) {
	if kind := o.node.Kind; (kind == check.JoinInner || kind == check.JoinInnerUnique) && ls.n*4 < rs.n {
		return o.matchSmallLeft(ls, rs)
	}
	table := buildJoinTable(rs, o.rkeys, false)
	kind := o.node.Kind
	var li, ri []int
	rightHit := make([]bool, rs.n)
	seenLeft := map[string]bool{}
	var buf []byte
	var matches []int
	for p, b := range ls.parts {
		for j := 0; j < b.Len; j++ {
			i := ls.off[p] + j
			key, ok := keyOf(b, o.lkeys, j, buf)
			buf = key
			matches = matches[:0]
			if ok {
				if kind == check.JoinInnerUnique {
					if seenLeft[string(key)] {
						continue
					}
					seenLeft[string(key)] = true
				}
				matches = table.lookup(key, matches)
			}
			for _, r := range matches {
				rightHit[r] = true
			}
			li, ri = o.emitLeft(kind, i, matches, li, ri)
		}
	}
	return o.emitRight(kind, rightHit, li, ri)
}

// matchSmallLeft is match for inner and innerunique joins whose left side
// is much smaller than the right (join.kql: a few thousand accounts with
// three failures against every successful sign-in hour): it hashes the
// left rows and probes with the right ones, then orders the pairs by left
// row and right row, which is the order of match. innerunique keeps the
// first left row of each key, as match does.
func (o *joinOp) matchSmallLeft(ls, rs *joinSide) ([]int, []int) {
	table := buildJoinTable(ls, o.lkeys, o.node.Kind == check.JoinInnerUnique)
	var pairs []uint64
	var buf []byte
	var matches []int
	for p, b := range rs.parts {
		for j := 0; j < b.Len; j++ {
			r := rs.off[p] + j
			key, ok := keyOf(b, o.rkeys, j, buf)
			buf = key
			if !ok {
				continue
			}
			matches = table.lookup(key, matches[:0])
			for _, l := range matches {
				pairs = append(pairs, uint64(l)<<32|uint64(r))
			}
		}
	}
	slices.Sort(pairs)
	li, ri := make([]int, len(pairs)), make([]int, len(pairs))
	for i, p := range pairs {
		li[i], ri[i] = int(p>>32), int(p&0xffffffff)
	}
	return li, ri
}

// emitLeft adds the output pairs of left row i.
func (o *joinOp) emitLeft(kind string, i int, matches []int, li, ri []int) ([]int, []int) {
	switch kind {
	case check.JoinInnerUnique, check.JoinInner, check.JoinLeftOuter, check.JoinFullOuter, check.JoinRightOuter:
		for _, r := range matches {
			li, ri = append(li, i), append(ri, r)
		}
		if len(matches) == 0 && (kind == check.JoinLeftOuter || kind == check.JoinFullOuter) {
			li, ri = append(li, i), append(ri, -1)
		}
	case check.JoinLeftSemi:
		if len(matches) > 0 {
			li, ri = append(li, i), append(ri, -1)
		}
	case check.JoinLeftAnti:
		if len(matches) == 0 {
			li, ri = append(li, i), append(ri, -1)
		}
	}
	return li, ri
}

// emitRight adds the right-only output rows.
func (o *joinOp) emitRight(kind string, hit []bool, li, ri []int) ([]int, []int) {
	for r, h := range hit {
		switch {
		case kind == check.JoinRightSemi && h,
			kind == check.JoinRightAnti && !h,
			(kind == check.JoinRightOuter || kind == check.JoinFullOuter) && !h:
			li, ri = append(li, -1), append(ri, r)
		}
	}
	return li, ri
}

// output builds the result batch from the row pairs.
func (o *joinOp) output(ls, rs *joinSide, li, ri []int) *column.Batch {
	out := &column.Batch{Schema: o.schema, Len: len(li)}
	if len(o.lout) > 0 {
		lp, lr := ls.split(li)
		for _, c := range o.lout {
			out.Cols = append(out.Cols, ls.gather(c, lp, lr))
		}
	}
	if len(o.rout) > 0 {
		rp, rr := rs.split(ri)
		for _, c := range o.rout {
			out.Cols = append(out.Cols, rs.gather(c, rp, rr))
		}
	}
	return out
}

// split turns global row numbers into parts and rows (-1: a null row).
func (s *joinSide) split(idx []int) (ps, rows []int32) {
	ps, rows = make([]int32, len(idx)), make([]int32, len(idx))
	hint := 0
	for k, g := range idx {
		if g < 0 {
			ps[k] = -1
			continue
		}
		var r int
		hint, r = s.locate(g, hint)
		ps[k], rows[k] = int32(hint), int32(r)
	}
	return ps, rows
}

// gather builds column c of the output rows (ps, rows) like
// gatherNullable over the concatenated column: a -1 part yields a null.
func (s *joinSide) gather(c int, ps, rows []int32) *column.Vector {
	t := s.types[c]
	out := &column.Vector{Type: t}
	n := len(ps)
	switch {
	case t.UsesInts():
		out.Ints = make([]int64, n)
		for k, p := range ps {
			if p < 0 {
				out.Nulls.Set(k)
				continue
			}
			v := s.parts[p].Cols[c]
			if v.Nulls.Get(int(rows[k])) {
				out.Nulls.Set(k)
				continue
			}
			out.Ints[k] = v.Ints[rows[k]]
		}
	case t.UsesReals():
		out.Reals = make([]float64, n)
		for k, p := range ps {
			if p < 0 {
				out.Nulls.Set(k)
				continue
			}
			v := s.parts[p].Cols[c]
			if v.Nulls.Get(int(rows[k])) {
				out.Nulls.Set(k)
				continue
			}
			out.Reals[k] = v.Reals[rows[k]]
		}
	case t.UsesStrs():
		out.Strs = make([]string, n)
		for k, p := range ps {
			if p < 0 {
				if t != column.String {
					out.Nulls.Set(k)
				}
				continue
			}
			v := s.parts[p].Cols[c]
			if v.Nulls.Get(int(rows[k])) {
				if t != column.String {
					out.Nulls.Set(k)
				}
				continue
			}
			out.Strs[k] = v.Strs[rows[k]]
		}
	default:
		out.Dyns = make([]any, n)
		for k, p := range ps {
			if p >= 0 {
				out.Dyns[k] = s.parts[p].Cols[c].Dyns[rows[k]]
			}
		}
	}
	return out
}
