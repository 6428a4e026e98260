package exec

import (
	"slices"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// joinOp collects both sides, hashes the right side on its keys and probes
// it with the left rows in order. Null keys never match.
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

func (o *joinOp) run(rt *runtime, out sink) error {
	lb, err := rt.collect(o.left, o.lSch)
	if err != nil {
		return err
	}
	rb, err := rt.collect(o.right, o.rSch)
	if err != nil {
		return err
	}
	li, ri := o.match(lb, rb)
	return emitChunks(o.output(lb, rb, li, ri), out)
}

// match computes the output row pairs (-1 on a side means nulls).
func (o *joinOp) match(lb, rb *column.Batch) ([]int, []int) {
	if kind := o.node.Kind; (kind == check.JoinInner || kind == check.JoinInnerUnique) && lb.Len*4 < rb.Len {
		return o.matchSmallLeft(lb, rb)
	}
	table := map[string][]int{}
	var buf []byte
	for i := 0; i < rb.Len; i++ {
		var ok bool
		if buf, ok = keyOf(rb, o.rkeys, i, buf); ok {
			table[string(buf)] = append(table[string(buf)], i)
		}
	}
	kind := o.node.Kind
	var li, ri []int
	rightHit := make([]bool, rb.Len)
	seenLeft := map[string]bool{}
	for i := 0; i < lb.Len; i++ {
		key, ok := keyOf(lb, o.lkeys, i, buf)
		buf = key
		var matches []int
		if ok {
			if kind == check.JoinInnerUnique {
				if seenLeft[string(key)] {
					continue
				}
				seenLeft[string(key)] = true
			}
			matches = table[string(key)]
		}
		for _, r := range matches {
			rightHit[r] = true
		}
		li, ri = o.emitLeft(kind, i, matches, li, ri)
	}
	return o.emitRight(kind, rightHit, li, ri)
}

// matchSmallLeft is match for inner and innerunique joins whose left side
// is much smaller than the right (join.kql: a few thousand accounts with
// three failures against every successful sign-in hour): it hashes the
// left rows and probes with the right ones, then orders the pairs by left
// row and right row, which is the order of match. innerunique keeps the
// first left row of each key, as match does.
func (o *joinOp) matchSmallLeft(lb, rb *column.Batch) ([]int, []int) {
	unique := o.node.Kind == check.JoinInnerUnique
	table := map[string][]int{}
	var buf []byte
	for i := 0; i < lb.Len; i++ {
		var ok bool
		if buf, ok = keyOf(lb, o.lkeys, i, buf); ok {
			if _, seen := table[string(buf)]; unique && seen {
				continue
			}
			table[string(buf)] = append(table[string(buf)], i)
		}
	}
	var pairs []uint64
	for r := 0; r < rb.Len; r++ {
		key, ok := keyOf(rb, o.rkeys, r, buf)
		buf = key
		if !ok {
			continue
		}
		for _, l := range table[string(key)] {
			pairs = append(pairs, uint64(l)<<32|uint64(r))
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
func (o *joinOp) output(lb, rb *column.Batch, li, ri []int) *column.Batch {
	out := &column.Batch{Schema: o.schema, Len: len(li)}
	for _, c := range o.lout {
		out.Cols = append(out.Cols, gatherNullable(lb.Cols[c], li))
	}
	for _, c := range o.rout {
		out.Cols = append(out.Cols, gatherNullable(rb.Cols[c], ri))
	}
	return out
}
