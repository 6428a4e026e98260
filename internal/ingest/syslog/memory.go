package syslog

import (
	"sync"
	"unsafe"

	"quarry/internal/hugemem"
	"quarry/internal/ingest/source"
)

// Column memory. The parallel reader does not allocate its column vectors
// batch by batch: it carves them out of a few large blocks per Read
// (colMemory), for two reasons.
//
//   - Fresh memory costs a page fault per 4 KB page the first time it is
//     touched, and on virtual machines a fault can cost 10 us or more:
//     for a 45 MB auth.log the table's vectors (about 80 bytes a row)
//     were a quarter of the process's faults. Blocks of at least two huge
//     pages are advised to the kernel as transparent huge page candidates
//     (hugemem.Slice), which turns 512 faults into one.
//   - Each request is sized to the rows the batch can still get (at most
//     source.BatchSize, and at most what the bytes left in the chunk can
//     hold: minRowLine), so a chunk's short last batch takes no more
//     than it needs.
//
// Correctness: a carved slice is handed out with its capacity capped at
// the size asked for, and the block's offset moves past it, so no two
// vectors ever share an element and an append past the capacity
// reallocates instead of writing into a neighbour. Blocks are ordinary
// Go memory: a vector keeps its whole block alive, which costs little
// since every vector of a Read belongs to the same table; what is wasted
// is the unused end of the last block of each type (at most maxBlock;
// never written, so it takes address space rather than memory) and the
// vectors of a chunk parsed twice (a year rollover at a chunk boundary,
// see parallel.go).

// colMemory hands out the column vectors of one Read; workers share it.
type colMemory struct {
	mu   sync.Mutex
	ints block[int64]
	strs block[string]
}

// int64s returns an empty slice with room for exactly n values.
func (m *colMemory) int64s(n int) []int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ints.take(n)
}

// strings returns an empty slice with room for exactly n values.
func (m *colMemory) strings(n int) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.strs.take(n)
}

// large tells m that the input is large (it has a chunk of at least
// largeChunk bytes): new blocks then take maxBlock bytes at once.
func (m *colMemory) large() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ints.large()
	m.strs.large()
}

// Block sizes, in bytes: the first block holds four times the first
// request, each next one twice the previous, up to maxBlock; once the
// input is known to be large, maxBlock straight away (growing through
// small blocks would put a large input's first megabytes in small pages).
const (
	maxBlock   = 8 << 20
	largeChunk = 3 << 20 // about a full chunk of the default size
)

// block carves slices out of large blocks of T.
type block[T any] struct {
	buf  []T // current block
	off  int // first unused element of buf
	next int // elements in the next block
}

// take returns buf[off:off:off+n] (zeroed, capacity n), starting a new
// block when the current one has less than n elements left.
func (b *block[T]) take(n int) []T {
	if len(b.buf)-b.off < n {
		size := max(n, b.next, 4*n)
		b.buf, b.off = hugemem.Slice[T](size), 0
		var zero T
		b.next = min(2*size, max(maxBlock/int(unsafe.Sizeof(zero)), size))
	}
	s := b.buf[b.off : b.off : b.off+n]
	b.off += n
	return s
}

// large makes the next blocks maxBlock bytes.
func (b *block[T]) large() {
	var zero T
	b.next = max(b.next, maxBlock/int(unsafe.Sizeof(zero)))
}

// sameCol builds a string column that stores nothing while all its rows
// are equal (the host, facility and severity of one machine's log); the
// first differing row turns it into a slice carved from colMemory, with
// room for the rest of the batch.
type sameCol struct {
	vals  []string // nil while every row equals first
	first string
	n     int
}

// add appends s as the next of at most size rows.
func (c *sameCol) add(s string, mem *colMemory, size int) {
	switch {
	case c.vals != nil:
		c.vals = append(c.vals, s)
	case c.n == 0:
		c.first = s
	case s != c.first:
		c.vals = mem.strings(max(size, c.n+1))[:c.n]
		for i := range c.vals {
			c.vals[i] = c.first
		}
		c.vals = append(c.vals, s)
	}
	c.n++
}

// take returns the rows (a shared constant slice from k when they are all
// equal) and resets c.
func (c *sameCol) take(k *source.Constants) []string {
	var out []string
	if c.vals == nil {
		out = k.Get(c.first, c.n)
	} else {
		out = c.vals[:c.n:c.n]
	}
	*c = sameCol{}
	return out
}
