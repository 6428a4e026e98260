package exec

import (
	"math/bits"
	"sync"

	"quarry/internal/kql/funcs"
)

// Recycling of summarize's scratch memory.
//
// A hunt runs thousands of small summarizes, one per rule, aggregation and
// tick, each over a few thousand rows. Their group tables (slot arrays,
// first key pages), key codes, per-row group ids and hashes and string
// interners were a third of everything the replay allocated, and in Go
// the garbage collector's marking work grows with the bytes allocated.
// When a summarize has rendered its result (which copies every key,
// state and accumulator result out), its buffers go back to pools and
// the next summarize takes them from there.
//
// Only word buffers, interner maps and the lists of accumulators and
// take_any values are pooled: they hold no pointer a later user could see
// (a reused word buffer is overwritten or cleared before it is read; an
// interner's map and string list, and the lists, are cleared).
// Accumulators themselves are never reused. Buffers are pooled by capacity class
// (class c: a capacity of 1<<c), so that a request finds one of its size:
// in one pool of mixed sizes the growing first key pages of the group
// tables (16, 32, ... groups) mostly met smaller buffers and allocated.
var (
	wordBufs   [maxPooledClass + 1]sync.Pool // *[]uint64
	int32Bufs  [maxPooledClass + 1]sync.Pool // *[]int32
	internBufs sync.Pool                     // *interner, empty
)

// maxPooledClass bounds the buffers kept (1<<maxPooledClass elements): a
// high-cardinality summarize's big arrays (hugemem.Slice) are left to the
// garbage collector.
const maxPooledClass = 16

// maxPooledWords is the largest pooled buffer's length.
const maxPooledWords = 1 << maxPooledClass

// classFor returns the capacity class that holds n elements.
func classFor(n int) int { return bits.Len(uint(max(n, 1) - 1)) }

// classOf returns the class a buffer of capacity c goes back to: the
// largest whose requests it can serve.
func classOf(c int) int { return bits.Len(uint(c)) - 1 }

// getWords returns a []uint64 of length n; zeroed when zero is set,
// otherwise with arbitrary contents the caller overwrites.
func getWords(n int, zero bool) []uint64 {
	if n > maxPooledWords {
		return make([]uint64, n)
	}
	c := classFor(n)
	if p, ok := wordBufs[c].Get().(*[]uint64); ok {
		s := (*p)[:n]
		if zero {
			clear(s)
		}
		return s
	}
	return make([]uint64, n, 1<<c)
}

// putWords returns s to the pool; the caller no longer uses it.
func putWords(s []uint64) {
	if cap(s) == 0 || cap(s) > maxPooledWords {
		return
	}
	s = s[:0]
	wordBufs[classOf(cap(s))].Put(&s)
}

// getInt32s returns a []int32 of length n with arbitrary contents.
func getInt32s(n int) []int32 {
	if n > maxPooledWords {
		return make([]int32, n)
	}
	c := classFor(n)
	if p, ok := int32Bufs[c].Get().(*[]int32); ok {
		return (*p)[:n]
	}
	return make([]int32, n, 1<<c)
}

// putInt32s returns s to the pool.
func putInt32s(s []int32) {
	if cap(s) == 0 || cap(s) > maxPooledWords {
		return
	}
	s = s[:0]
	int32Bufs[classOf(cap(s))].Put(&s)
}

// accBufs holds the emptied accumulator lists of released groups (the
// accumulators themselves are never reused).
var accBufs sync.Pool // *[]funcs.Accumulator, length 0, all nil

// getAccs returns an empty accumulator list with room for n, recycled when
// the pool has one big enough.
func getAccs(n int) []funcs.Accumulator {
	if p, ok := accBufs.Get().(*[]funcs.Accumulator); ok {
		if cap(*p) >= n {
			return *p
		}
		accBufs.Put(p)
	}
	return make([]funcs.Accumulator, 0, max(n, 64))
}

// putAccs clears s (so that it keeps no accumulator alive) and pools it.
func putAccs(s []funcs.Accumulator) {
	if cap(s) == 0 || cap(s) > maxPooledWords {
		clear(s)
		return
	}
	clear(s[:cap(s)])
	s = s[:0]
	accBufs.Put(&s)
}

// keptBufs holds the emptied take_any value lists of released groups.
var keptBufs sync.Pool // *[]string, length 0, all ""

// getKept returns an empty take_any value list, a recycled one when the
// pool has one.
func getKept() []string {
	if p, ok := keptBufs.Get().(*[]string); ok {
		return *p
	}
	return make([]string, 0, 64)
}

// putKept clears s (so that it keeps no string alive) and pools it.
func putKept(s []string) {
	if cap(s) == 0 || cap(s) > maxPooledWords {
		return
	}
	clear(s[:cap(s)])
	s = s[:0]
	keptBufs.Put(&s)
}

// getInterner returns an empty interner.
func getInterner() *interner {
	if in, ok := internBufs.Get().(*interner); ok {
		return in
	}
	return newInterner()
}

// putInterner empties in and returns it to the pool, unless it grew large.
func putInterner(in *interner) {
	if len(in.ids) > maxPooledWords {
		return
	}
	clear(in.ids)
	clear(in.strs)
	clear(in.vals)
	in.strs, in.vals, in.buf = in.strs[:0], in.vals[:0], in.buf[:0]
	internBufs.Put(in)
}

// release returns g's scratch memory to the pools. g must not be used
// afterwards: it is called once its groups are rendered.
func (g *groups) release() {
	g.table.release()
	for i, in := range g.codes.interns {
		putInterner(in)
		g.codes.interns[i] = nil
	}
	putWords(g.codes.codes)
	putWords(g.hashes)
	putInt32s(g.gids)
	putAccs(g.accs)
	putKept(g.kept)
	*g = groups{}
}

// release returns t's slot array and first key page to the pools (later
// pages are cut from hugemem blocks and left to the collector).
func (t *groupTable) release() {
	putWords(t.slots)
	if len(t.pages) > 0 {
		putWords(t.pages[0])
	}
	t.slots, t.pages, t.spare = nil, nil, nil
}
