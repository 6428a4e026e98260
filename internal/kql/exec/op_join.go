package exec

import (
	"hash/maphash"
	"math"
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
// concatenation order (joinSide). Keys are compared in place by the
// hashed join (runHashed, below) when it covers their types, else encoded
// from the parts (match), and the output gathers only the output columns
// of the matched rows from the parts, so the result is the one the
// concatenated sides gave.
type joinOp struct {
	node         *check.Join
	left, right  operator
	lkeys, rkeys []int
	lout, rout   []int
	schema       column.Schema
	lSch, rSch   column.Schema
	// hashed enables the typed hash table (joinHash) for the runs whose
	// key columns it covers; false in generic mode (SetRowFastPaths(false)).
	hashed bool
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
	o := &joinOp{node: x, left: l, right: r, schema: x.Schema(), lSch: x.Left.Schema(), rSch: x.Right.Schema(),
		hashed: !genericOnly.Load()}
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
	if o.hashed {
		if lk, rk, ok := joinKeyCols(ls, o.lkeys, rs, o.rkeys); ok {
			return emitChunks(o.runHashed(ls, rs, lk, rk), out)
		}
	}
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
	return o.outputWith(ls, rs, li, ri, nil)
}

// outputWith is output with the part and row lists of split in sc's
// buffers (nil: new ones).
func (o *joinOp) outputWith(ls, rs *joinSide, li, ri []int, sc *joinScratch) *column.Batch {
	out := &column.Batch{Schema: o.schema, Len: len(li)}
	var ps, rows []int32
	if sc != nil {
		ps, rows = sc.ps, sc.rows
	}
	if len(o.lout) > 0 {
		ps, rows = ls.splitInto(li, ps, rows)
		for _, c := range o.lout {
			out.Cols = append(out.Cols, ls.gather(c, ps, rows))
		}
	}
	if len(o.rout) > 0 {
		ps, rows = rs.splitInto(ri, ps, rows)
		for _, c := range o.rout {
			out.Cols = append(out.Cols, rs.gather(c, ps, rows))
		}
	}
	if sc != nil {
		sc.ps, sc.rows = ps, rows
	}
	return out
}

// split turns global row numbers into parts and rows (-1: a null row).
func (s *joinSide) split(idx []int) (ps, rows []int32) { return s.splitInto(idx, nil, nil) }

// splitInto is split into the arrays of ps and rows when they are big
// enough.
func (s *joinSide) splitInto(idx []int, ps, rows []int32) ([]int32, []int32) {
	ps, rows = resize(ps, len(idx)), resize(rows, len(idx))
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

// The hashed join (joinOp.runHashed) is match and matchSmallLeft with a
// typed open-addressing hash table (joinHash) instead of a map of encoded
// keys. It covers key columns that are strings or guids (compared as
// strings: a `join on Src`, `on AccountKey`, `on Fingerprint` reads the
// key string of the row, with no key built per row), int-represented
// (long, int, bool, datetime, timespan: compared as int64) or reals
// (compared by the bits appendReal encodes), each left key column of the
// same kind as its right one; a string vector with null flags, a dynamic
// key column or mixed kinds (which never match in the generic encoding)
// take match. Keys compare exactly as their encodings (keys.go) do, null
// keys never match (keyOf), and the rows are visited in the order match
// and matchSmallLeft visit them, so the output rows and their order are
// the same. Its buffers (table, row pairs, split lists) come from a pool
// (joinScratch). Off in generic mode (joinOp.hashed).

// joinKeyKind is how the hashed join compares one key column.
type joinKeyKind uint8

const (
	joinKeyNone joinKeyKind = iota // not covered: the generic path
	joinKeyStr                     // string, guid: Strs
	joinKeyInt                     // bool, int, long, datetime, timespan: Ints
	joinKeyReal                    // real, decimal: the bits of Reals (keyRealBits)
)

// joinKindOf returns the kind of a key column of type t.
func joinKindOf(t column.Type) joinKeyKind {
	switch {
	case t.UsesStrs():
		return joinKeyStr
	case t.UsesInts():
		return joinKeyInt
	case t.UsesReals():
		return joinKeyReal
	}
	return joinKeyNone
}

// joinKeys are the key columns of one join side as the hashed join reads
// them from the side's parts.
type joinKeys struct {
	side  *joinSide
	cols  []int
	kinds []joinKeyKind
	// nullable is false for string columns: a string is never a null key
	// (keyOf), and joinKeyCols leaves string vectors with null flags to
	// the generic path, whose encoding would tell them apart.
	nullable []bool
}

// joinKeyCols returns the key columns of both sides when the hashed join
// covers them (ok).
func joinKeyCols(ls *joinSide, lcols []int, rs *joinSide, rcols []int) (lk, rk *joinKeys, ok bool) {
	if ls.n > math.MaxInt32 || rs.n > math.MaxInt32 {
		return nil, nil, false
	}
	lk, rk = &joinKeys{side: ls, cols: lcols}, &joinKeys{side: rs, cols: rcols}
	for i := range lcols {
		kind := joinKindOf(ls.types[lcols[i]])
		if kind == joinKeyNone || kind != joinKindOf(rs.types[rcols[i]]) {
			return nil, nil, false
		}
		if !lk.add(kind, i) || !rk.add(kind, i) {
			return nil, nil, false
		}
	}
	return lk, rk, true
}

// add appends key column i of kind kind; false when a string vector of
// the column has null flags.
func (k *joinKeys) add(kind joinKeyKind, i int) bool {
	c := k.cols[i]
	str := k.side.types[c] == column.String
	if str {
		for _, p := range k.side.parts {
			if p.Cols[c].Nulls != nil {
				return false
			}
		}
	}
	k.kinds = append(k.kinds, kind)
	k.nullable = append(k.nullable, !str)
	return true
}

// hash returns the hash of the key of row j of b (a part of the side);
// ok is false for a null key.
func (k *joinKeys) hash(b *column.Batch, j int) (h uint64, ok bool) {
	for i, c := range k.cols {
		v := b.Cols[c]
		if k.nullable[i] && v.Nulls.Get(j) {
			return 0, false
		}
		var x uint64
		switch k.kinds[i] {
		case joinKeyStr:
			x = maphash.String(joinSeed, v.Strs[j])
		case joinKeyInt:
			x = uint64(v.Ints[j])
		default:
			x = keyRealBits(v.Reals[j])
		}
		h = mixKey(h, x)
	}
	return h, true
}

// joinSeed seeds the string hashes of the hashed join (the output never
// depends on hash values).
var joinSeed = maphash.MakeSeed()

// mixKey combines the hash h of the previous key columns with the value
// x of the next (murmur3's 64-bit finalizer over both).
func mixKey(h, x uint64) uint64 {
	h ^= x + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// keyRealBits is the bits appendReal encodes for f: -0 as +0, every NaN
// as math.NaN().
func keyRealBits(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	if f != f {
		f = math.NaN()
	}
	return math.Float64bits(f)
}

// joinHash is the hashed join's table over the rows of one side: an
// open-addressing table (linear probing, at most half full) of distinct
// keys ("entries"), each with its hash, its key values and the chain of
// its rows. Rows are added in reverse order, so that every chain is
// ascending, as in joinTable.
type joinHash struct {
	slots  []int32  // entry+1 per slot; 0 is empty
	mask   uint64   // len(slots)-1
	hashes []uint64 // per entry
	heads  []int32  // per entry: its first row
	next   []int32  // per row: the next row of its chain, -1 at the end
	strs   [][]string
	ints   [][]int64 // per key column, per entry: the key (joinKeyInt, joinKeyReal)
}

// build hashes the rows of k.side on its keys into t. With first, an
// entry keeps only its first row.
func (t *joinHash) build(k *joinKeys, first bool) {
	s := k.side
	size := 8
	for size < 2*s.n {
		size *= 2
	}
	t.slots = resize(t.slots, size)
	clear(t.slots)
	t.mask = uint64(size - 1)
	t.next = resize(t.next, s.n)
	t.hashes, t.heads = t.hashes[:0], t.heads[:0]
	t.strs, t.ints = resize(t.strs, len(k.cols)), resize(t.ints, len(k.cols))
	for i := range k.cols {
		t.strs[i], t.ints[i] = t.strs[i][:0], t.ints[i][:0]
	}
	for p := len(s.parts) - 1; p >= 0; p-- {
		b := s.parts[p]
		for j := b.Len - 1; j >= 0; j-- {
			t.add(k, b, j, int32(s.off[p]+j), first)
		}
	}
}

// add adds row j of b, row g of the side.
func (t *joinHash) add(k *joinKeys, b *column.Batch, j int, g int32, first bool) {
	t.next[g] = -1
	h, ok := k.hash(b, j)
	if !ok {
		return
	}
	slot, e := t.find(k, b, j, h)
	if e >= 0 {
		if !first {
			t.next[g] = t.heads[e]
		}
		t.heads[e] = g
		return
	}
	t.slots[slot] = int32(len(t.heads)) + 1
	t.hashes = append(t.hashes, h)
	t.heads = append(t.heads, g)
	for i, c := range k.cols {
		v := b.Cols[c]
		switch k.kinds[i] {
		case joinKeyStr:
			t.strs[i] = append(t.strs[i], v.Strs[j])
		case joinKeyInt:
			t.ints[i] = append(t.ints[i], v.Ints[j])
		default:
			t.ints[i] = append(t.ints[i], int64(keyRealBits(v.Reals[j])))
		}
	}
}

// find returns the entry of the key of row j of b, whose hash is h, and
// its slot; e is -1 when the key has no entry (slot is then the empty
// slot where it would go).
func (t *joinHash) find(k *joinKeys, b *column.Batch, j int, h uint64) (slot uint64, e int32) {
	for slot = h & t.mask; ; slot = (slot + 1) & t.mask {
		e = t.slots[slot] - 1
		if e < 0 || t.hashes[e] == h && t.equal(k, b, j, e) {
			return slot, e
		}
	}
}

// lookup returns the entry of the key of row j of b, or -1 (no entry, or
// a null key).
func (t *joinHash) lookup(k *joinKeys, b *column.Batch, j int) int32 {
	h, ok := k.hash(b, j)
	if !ok {
		return -1
	}
	_, e := t.find(k, b, j, h)
	return e
}

// equal reports whether the key of row j of b is the key of entry e.
func (t *joinHash) equal(k *joinKeys, b *column.Batch, j int, e int32) bool {
	for i, c := range k.cols {
		v := b.Cols[c]
		switch k.kinds[i] {
		case joinKeyStr:
			if v.Strs[j] != t.strs[i][e] {
				return false
			}
		case joinKeyInt:
			if v.Ints[j] != t.ints[i][e] {
				return false
			}
		default:
			if int64(keyRealBits(v.Reals[j])) != t.ints[i][e] {
				return false
			}
		}
	}
	return true
}

// rows appends the rows of entry e to dst.
func (t *joinHash) rows(e int32, dst []int) []int {
	for g := t.heads[e]; g >= 0; g = t.next[g] {
		dst = append(dst, int(g))
	}
	return dst
}

// runHashed is run's match and output with the hashed join.
func (o *joinOp) runHashed(ls, rs *joinSide, lk, rk *joinKeys) *column.Batch {
	sc := getJoinScratch()
	defer putJoinScratch(sc)
	var li, ri []int
	if kind := o.node.Kind; (kind == check.JoinInner || kind == check.JoinInnerUnique) && ls.n*4 < rs.n {
		li, ri = o.matchSmallLeftHashed(lk, rk, sc)
	} else {
		li, ri = o.matchHashed(lk, rk, sc)
	}
	return o.outputWith(ls, rs, li, ri, sc)
}

// matchHashed is match over the hashed table of the right side.
func (o *joinOp) matchHashed(lk, rk *joinKeys, sc *joinScratch) ([]int, []int) {
	kind := o.node.Kind
	t := &sc.table
	t.build(rk, false)
	// Right rows are output by the kinds whose emitRight reads hit.
	rightRows := kind == check.JoinRightSemi || kind == check.JoinRightAnti ||
		kind == check.JoinRightOuter || kind == check.JoinFullOuter
	// innerunique matches a key once: its first left row claims the
	// key's entry (a key without one yields no rows anyway), as seenLeft.
	unique := kind == check.JoinInnerUnique
	var hit []bool
	if rightRows {
		hit = resize(sc.hit, rk.side.n)
		clear(hit)
		sc.hit = hit
	}
	claimed := resize(sc.claimed, len(t.heads))
	clear(claimed)
	sc.claimed = claimed
	li, ri, matches := sc.li[:0], sc.ri[:0], sc.matches[:0]
	ls := lk.side
	// An empty right side (the attack alerts a rule joins its sign-ins
	// with, at most ticks) matches nothing: no left key is hashed.
	none := len(t.heads) == 0
	for p, b := range ls.parts {
		for j := 0; j < b.Len; j++ {
			matches = matches[:0]
			if none {
				li, ri = o.emitLeft(kind, ls.off[p]+j, matches, li, ri)
				continue
			}
			if e := t.lookup(lk, b, j); e >= 0 {
				if unique && claimed[e] {
					continue
				}
				claimed[e] = true
				matches = t.rows(e, matches)
			}
			if rightRows {
				for _, r := range matches {
					hit[r] = true
				}
			}
			li, ri = o.emitLeft(kind, ls.off[p]+j, matches, li, ri)
		}
	}
	li, ri = o.emitRight(kind, hit, li, ri)
	sc.li, sc.ri, sc.matches = li, ri, matches
	return li, ri
}

// matchSmallLeftHashed is matchSmallLeft over the hashed table of the
// left side.
func (o *joinOp) matchSmallLeftHashed(lk, rk *joinKeys, sc *joinScratch) ([]int, []int) {
	t := &sc.table
	t.build(lk, o.node.Kind == check.JoinInnerUnique)
	pairs := sc.pairs[:0]
	rs := rk.side
	if len(t.heads) == 0 { // no left key: nothing to probe for
		rs = &joinSide{}
	}
	for p, b := range rs.parts {
		for j := 0; j < b.Len; j++ {
			e := t.lookup(rk, b, j)
			if e < 0 {
				continue
			}
			r := uint64(rs.off[p] + j)
			for l := t.heads[e]; l >= 0; l = t.next[l] {
				pairs = append(pairs, uint64(l)<<32|r)
			}
		}
	}
	slices.Sort(pairs)
	li, ri := resize(sc.li, len(pairs)), resize(sc.ri, len(pairs))
	for i, p := range pairs {
		li[i], ri[i] = int(p>>32), int(p&0xffffffff)
	}
	sc.pairs, sc.li, sc.ri = pairs, li, ri
	return li, ri
}
