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
// transfers has about one group per row. Above parallelMergeMin groups
// (and with several workers) the groups are instead partitioned by a hash
// of their key values (the workers' interned string ids differ, so the
// hash is over the strings themselves), and each partition is merged and
// rendered by its own goroutine, one per worker. A key lands in exactly
// one partition, so every group is merged from the same partial states
// as on the serial path; only the order of the output groups differs
// (partition by partition), and summarize's output order is unspecified.

// parallelMergeMin is the number of partial groups (all workers) from
// which the merge runs in parallel.
const parallelMergeMin = 1 << 16

var mergeSeed = maphash.MakeSeed()

// mergeParallel merges the tables partition by partition and returns one
// result batch per partition; ok is false when the serial merge applies.
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
	// Split every table's groups by partition.
	sel := make([][][]int, len(ts))
	var wg sync.WaitGroup
	for ti, t := range ts {
		wg.Go(func() { sel[ti] = o.partition(t, p) })
	}
	wg.Wait()
	parts = make([]*column.Batch, p)
	for pi := 0; pi < p; pi++ {
		wg.Go(func() {
			final := o.newGroups()
			n := 0
			for ti := range ts {
				n += len(sel[ti][pi])
			}
			final.table.reserve(n)
			final.fast = make([]int64, 0, n*o.nfast)
			final.accs = make([]funcs.Accumulator, 0, n*o.nacc)
			for ti, t := range ts {
				o.mergeRows(final, t, sel[ti][pi])
			}
			parts[pi] = o.result(final)
		})
	}
	wg.Wait()
	clear(tables) // the partial states now belong to the partitions' results
	return parts, true
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
		vals := kc.interns[k].vals
		hs := make([]uint64, len(vals))
		for id, v := range vals {
			if kind == keyString {
				hs[id] = maphash.String(mergeSeed, v.S)
			} else {
				buf = appendValueKey(buf[:0], v)
				hs[id] = maphash.Bytes(mergeSeed, buf)
			}
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
			rm := make([]int32, len(kc.interns[k].vals))
			for i := range rm {
				rm[i] = -1
			}
			remap[k] = rm
		}
	}
	w := kc.width()
	final.table.reserve(final.table.len() + n)
	final.fast = slices.Grow(final.fast, n*o.nfast)
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
			v := kc.interns[k].vals[c]
			if kc.kinds[k] == keyString {
				id = int32(final.codes.interns[k].str(v.S, v.Type))
			} else {
				id = int32(final.codes.interns[k].value(v))
			}
			rm[c] = id
		}
		key[kc.masks+k] = uint64(id)
	}
}

// mergeGroup folds group gi of t, whose key in final's codes is key with
// hash h, into final.
func (o *summarizeOp) mergeGroup(final, t *groups, gi int, key []uint64, h uint64) {
	nf := o.nfast
	fi, created := final.table.find(key, h)
	if created {
		final.fast = append(final.fast, t.fast[gi*nf:(gi+1)*nf]...)
		final.accs = append(final.accs, t.accs[gi*o.nacc:(gi+1)*o.nacc]...)
		return
	}
	for j := 0; j < nf; j++ {
		final.fast[fi*nf+j] += t.fast[gi*nf+j]
	}
	for j := 0; j < o.nacc; j++ {
		final.accs[fi*o.nacc+j].Merge(t.accs[gi*o.nacc+j])
	}
}
