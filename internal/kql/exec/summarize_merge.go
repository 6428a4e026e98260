package exec

import (
	"hash/maphash"
	"slices"
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
)

// Parallel merge of summarize's partial results (a fast path of
// op_summarize.go).
//
// Each worker folds its rows into its own group table; merging the tables
// into one is serial and, for a high-cardinality summarize, costs as much
// as the folding: summarize by user_id, bin(timestamp, 1h) over 5 M
// transfers has one group per row. Above parallelMergeMin groups (and
// with several workers) the merge runs in parallel, in one of two ways:
//
//   - up to probeMergeMax tables, by probing (mergeByProbe): no table is
//     built. The groups of table k are looked up, in parallel ranges, in
//     tables 0..k-1 (read-only lookups, with table k's interned ids
//     translated into each table's); a group found is folded into the
//     group it matches and dropped from table k. The result is every
//     table's remaining groups, rendered in parallel ranges. When the
//     workers' groups are mostly disjoint (input in time order, grouped
//     by time) this costs a lookup per group of the later tables instead
//     of an insert of every group into a new table;
//   - with more tables, by hash partition (mergeByPartition): the groups
//     are partitioned by a hash of their key values (the workers'
//     interned ids differ, so the hash is over the strings themselves),
//     and each partition is merged into a new table and rendered by its
//     own goroutine, one per worker.
//
// Either way every group is merged from the same partial states, in the
// order of the workers' tables, as on the serial path; only the order of
// the output groups differs, and summarize's output order is unspecified.

// parallelMergeMin is the number of partial groups (all workers) from
// which the merge runs in parallel.
const parallelMergeMin = 1 << 16

// probeMergeMax is the largest number of partial tables merged by
// probing: table k is probed once per earlier table, so with many tables
// the partition merge (one insert per group) does less work.
const probeMergeMax = 4

var mergeSeed = maphash.MakeSeed()

// mergeParallel merges the tables in parallel (by probing or by
// partition) and returns the result as batches; ok is false when the
// serial merge applies.
func (o *summarizeOp) mergeParallel(rt *runtime, tables []*groups) (parts []*column.Batch, ok bool) {
	var ts []*groups
	total := 0
	for _, t := range tables {
		if t != nil && t.table.len() > 0 {
			ts = append(ts, t)
			total += t.table.len()
		}
	}
	p := rt.workers
	if len(ts) < 2 || p < 2 || total < parallelMergeMin || len(o.keyTypes) == 0 {
		return nil, false
	}
	if len(ts) <= probeMergeMax {
		parts = o.mergeByProbe(ts, p)
	} else {
		parts = o.mergeByPartition(ts, p)
	}
	clear(tables) // the partial states now belong to the results
	return parts, true
}

// mergeByPartition merges the tables ts partition by partition, p
// partitions in parallel, and returns one result batch per partition.
func (o *summarizeOp) mergeByPartition(ts []*groups, p int) []*column.Batch {
	// Split every table's groups by partition.
	sel := make([][][]int, len(ts))
	var wg sync.WaitGroup
	for ti, t := range ts {
		wg.Go(func() { sel[ti] = o.partition(t, p) })
	}
	wg.Wait()
	parts := make([]*column.Batch, p)
	for pi := 0; pi < p; pi++ {
		wg.Go(func() {
			final := o.newGroups()
			n := 0
			for ti := range ts {
				n += len(sel[ti][pi])
			}
			final.table.reserve(n)
			final.accs = make([]funcs.Accumulator, 0, n*o.nacc)
			for ti, t := range ts {
				o.mergeRows(final, t, sel[ti][pi])
			}
			parts[pi] = o.result(final)
		})
	}
	wg.Wait()
	return parts
}

// partition lists t's groups by the partition of their key's hash. The
// hash is over key values, not over t's interned ids: each interned
// string (or dynamic value) is hashed once, then each group's hash mixes
// the null flags and the codes, with ids replaced by their value's hash.
func (o *summarizeOp) partition(t *groups, p int) [][]int {
	kc := t.codes
	idHash := make([][]uint64, len(kc.kinds))
	var buf []byte
	for k, kind := range kc.kinds {
		if kind != keyString && kind != keyOther {
			continue
		}
		in := kc.interns[k]
		hs := make([]uint64, in.len())
		for id, s := range in.strs {
			hs[id] = maphash.String(mergeSeed, s)
		}
		for id, v := range in.vals {
			buf = appendValueKey(buf[:0], v)
			hs[id] = maphash.Bytes(mergeSeed, buf)
		}
		idHash[k] = hs
	}
	n := t.table.len()
	sel := make([][]int, p)
	for pi := range sel {
		sel[pi] = make([]int, 0, n/p+n/(4*p)+16)
	}
	for gi := 0; gi < n; gi++ {
		key := t.table.key(gi)
		h := uint64(0x9e3779b97f4a7c15)
		for i, c := range key {
			if k := i - kc.masks; k >= 0 && idHash[k] != nil {
				if mw, bit := nullBit(k); key[mw]&bit == 0 {
					c = idHash[k][c]
				}
			}
			h ^= c
			h *= 0xbf58476d1ce4e5b9
			h ^= h >> 31
		}
		h *= 0x94d049bb133111eb
		pi := int((h ^ h>>29) % uint64(p))
		sel[pi] = append(sel[pi], gi)
	}
	return sel
}

// mergeRows folds the groups sel of t into final. Key codes carry over
// as they are except interned ids (strings, dynamic values), which differ
// between workers: each id of t is translated once into final's id for
// the same value (remap), so no key is decoded or re-encoded.
func (o *summarizeOp) mergeRows(final, t *groups, sel []int) {
	n := len(sel)
	if n == 0 {
		return
	}
	kc := t.codes
	remap := make([][]int32, len(kc.kinds))
	for k, kind := range kc.kinds {
		if kind == keyString || kind == keyOther {
			rm := make([]int32, kc.interns[k].len())
			for i := range rm {
				rm[i] = -1
			}
			remap[k] = rm
		}
	}
	w := kc.width()
	final.table.reserve(final.table.len() + n)
	final.accs = slices.Grow(final.accs, n*o.nacc)
	// Keys are translated and hashed a block at a time, and the block's
	// slots touched before the finds (groupTable.touch).
	const block = 1024
	keys := make([]uint64, block*w)
	hs := make([]uint64, block)
	for start := 0; start < n; start += block {
		blk := sel[start:min(start+block, n)]
		for b, gi := range blk {
			key := keys[b*w : (b+1)*w]
			o.translateKey(final, t, remap, gi, key)
			hs[b] = hashKey(key)
		}
		final.table.touch(hs[:len(blk)])
		for b, gi := range blk {
			o.mergeGroup(final, t, gi, keys[b*w:(b+1)*w], hs[b])
		}
	}
}

// translateKey writes group gi's key codes of t into key, with t's
// interned ids replaced by final's (remap caches the translation).
func (o *summarizeOp) translateKey(final, t *groups, remap [][]int32, gi int, key []uint64) {
	kc := t.codes
	src := t.table.key(gi)
	copy(key, src)
	for k, rm := range remap {
		if rm == nil {
			continue
		}
		if mw, bit := nullBit(k); src[mw]&bit != 0 {
			continue
		}
		c := src[kc.masks+k]
		id := rm[c]
		if id < 0 {
			if in := kc.interns[k]; kc.kinds[k] == keyString {
				id = int32(final.codes.interns[k].str(in.strs[c]))
			} else {
				id = int32(final.codes.interns[k].value(in.vals[c]))
			}
			rm[c] = id
		}
		key[kc.masks+k] = uint64(id)
	}
}

// mergeGroup folds group gi of t, whose key in final's codes is key with
// hash h, into final.
func (o *summarizeOp) mergeGroup(final, t *groups, gi int, key []uint64, h uint64) {
	fi, created := final.table.find(key, h)
	if created {
		copy(final.table.state(fi), t.table.state(gi))
		final.accs = append(final.accs, t.accs[gi*o.nacc:(gi+1)*o.nacc]...)
		return
	}
	o.mergeState(final, fi, t, gi)
}

// mergeByProbe merges the tables ts by probing (see the top of the file),
// p goroutines at a time, and returns the groups left in every table.
func (o *summarizeOp) mergeByProbe(ts []*groups, p int) []*column.Batch {
	dropped := make([][]bool, len(ts))
	for k := 1; k < len(ts); k++ {
		t := ts[k]
		n := t.table.len()
		dropped[k] = make([]bool, n)
		remaps := make([][][]int32, k)
		for j := range k {
			remaps[j] = remapIDs(t.codes, ts[j].codes)
		}
		step := (n + p - 1) / p
		var wg sync.WaitGroup
		for lo := 0; lo < n; lo += step {
			wg.Go(func() { o.probeRange(ts[:k], remaps, t, lo, min(lo+step, n), dropped[k]) })
		}
		wg.Wait()
	}
	// Render every table's remaining groups in about p ranges per table.
	type rng struct{ t, lo, hi int }
	var rs []rng
	for ti, t := range ts {
		n := t.table.len()
		step := (n + p - 1) / p
		for lo := 0; lo < n; lo += step {
			rs = append(rs, rng{ti, lo, min(lo+step, n)})
		}
	}
	parts := make([]*column.Batch, len(rs))
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Go(func() { parts[i] = o.render(ts[r.t], r.lo, r.hi, dropped[r.t]) })
	}
	wg.Wait()
	return parts
}

// remapIDs translates the interned ids of from's key columns into to's:
// out[k][id] is to's id for the value of from's id, or -1 when to has
// never seen the value (no group of to can match). Columns without
// interned ids get nil. It only reads to.
func remapIDs(from, to *keyCodes) [][]int32 {
	out := make([][]int32, len(from.kinds))
	var buf []byte
	for k, kind := range from.kinds {
		if kind != keyString && kind != keyOther {
			continue
		}
		in, ids := from.interns[k], to.interns[k].ids
		rm := make([]int32, in.len())
		set := func(id int, to uint64, ok bool) {
			rm[id] = -1
			if ok {
				rm[id] = int32(to)
			}
		}
		for id, s := range in.strs {
			to, ok := ids[s]
			set(id, to, ok)
		}
		for id, v := range in.vals {
			buf = appendValueKey(buf[:0], v)
			to, ok := ids[string(buf)]
			set(id, to, ok)
		}
		out[k] = rm
	}
	return out
}

// probeRange looks up groups [lo, hi) of t in the earlier tables, in
// order, and folds each group found into the group it matches (marking
// it in drop). remaps[j] translates t's interned ids into earlier[j]'s.
// Distinct groups of t match distinct groups, so the goroutines probing
// other ranges of t never fold into the same state.
func (o *summarizeOp) probeRange(earlier []*groups, remaps [][][]int32, t *groups, lo, hi int, drop []bool) {
	w := t.codes.width()
	const block = 512
	keys := make([]uint64, block*w)
	hs := make([]uint64, block)
	idx := make([]int, block)
	for start := lo; start < hi; start += block {
		end := min(start+block, hi)
		for j, e := range earlier {
			m := 0
			for gi := start; gi < end; gi++ {
				if drop[gi] || !translateIDs(t, remaps[j], gi, keys[m*w:(m+1)*w]) {
					continue
				}
				hs[m], idx[m] = hashKey(keys[m*w:(m+1)*w]), gi
				m++
			}
			e.table.touch(hs[:m])
			for b := range m {
				if fi := e.table.lookup(keys[b*w:(b+1)*w], hs[b]); fi >= 0 {
					o.mergeState(e, fi, t, idx[b])
					drop[idx[b]] = true
				}
			}
		}
	}
}

// translateIDs writes group gi's key codes of t into key with interned
// ids translated by remap; false when a value is missing from the target.
func translateIDs(t *groups, remap [][]int32, gi int, key []uint64) bool {
	src := t.table.key(gi)
	copy(key, src)
	masks := t.codes.masks
	for k, rm := range remap {
		if rm == nil {
			continue
		}
		if mw, bit := nullBit(k); src[mw]&bit != 0 {
			continue
		}
		id := rm[src[masks+k]]
		if id < 0 {
			return false
		}
		key[masks+k] = uint64(id)
	}
	return true
}

// mergeState folds the aggregate states of group gi of t into group fi of
// final.
func (o *summarizeOp) mergeState(final *groups, fi int, t *groups, gi int) {
	na := o.nacc
	dst, src := final.table.state(fi), t.table.state(gi)
	for _, a := range o.aggs {
		switch a.fast {
		case slowAgg:
		case fastMin, fastMax:
			if src[a.slot+1] != 0 {
				offerExtreme(&dst[a.slot], &dst[a.slot+1], int64(src[a.slot]), a.fast == fastMax)
			}
		case fastTakeAnyStr:
			panic("summarize: take_any kept for one worker merged") // built only for one worker: no merge
		default:
			dst[a.slot] += src[a.slot]
		}
	}
	for j := 0; j < na; j++ {
		final.accs[fi*na+j].Merge(t.accs[gi*na+j])
	}
}
