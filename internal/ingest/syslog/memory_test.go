package syslog

import (
	"testing"
	"unsafe"

	"quarry/internal/ingest/source"
)

// TestBlockTake checks that carved slices are empty, zeroed, capped at
// the size asked for and never overlap, across block boundaries.
func TestBlockTake(t *testing.T) {
	var b block[int64]
	type span struct{ lo, hi uintptr }
	var spans []span
	for i, n := range []int{3, 1, 100, 7, 5000, 1, 20000, 64, 1 << 16} {
		s := b.take(n)
		if len(s) != 0 || cap(s) != n {
			t.Fatalf("take %d: len %d cap %d", n, len(s), cap(s))
		}
		s = s[:n]
		for j := range s {
			if s[j] != 0 {
				t.Fatalf("take %d: element %d is %d, not zero", n, j, s[j])
			}
			s[j] = int64(i + 1)
		}
		lo := uintptr(unsafe.Pointer(&s[0]))
		spans = append(spans, span{lo, lo + uintptr(n)*8})
	}
	for i, a := range spans {
		for _, c := range spans[i+1:] {
			if a.lo < c.hi && c.lo < a.hi {
				t.Fatalf("carved slices overlap: %v %v", a, c)
			}
		}
	}
}

// TestBatchVectorsCapped checks that every vector of the parallel path's
// batches is capped at its length (an append must never write into
// memory another vector uses), that no batch exceeds source.BatchSize,
// and that the table is the sequential reader's, with chunks small and
// large (from largeChunk bytes on, blocks start at maxBlock).
func TestBatchVectorsCapped(t *testing.T) {
	in := rolloverLog() + "\n" + sshdLines(4*source.BatchSize+17) // over largeChunk bytes
	if len(in) <= largeChunk {
		t.Fatalf("the input should exceed largeChunk: %d bytes", len(in))
	}
	want := dumpExact(readSequential(t, in, source.Options{Year: 2023}))
	for _, size := range []int{97, 4096, 1 << 20, 8 << 20} {
		sink := readParallelChunks(t, in, source.Options{Year: 2023}, size)
		if got := dumpExact(sink); got != want {
			t.Errorf("chunks of %d bytes: tables differ\n%s", size, firstDiff(got, want))
		}
		rows := 0
		for _, tab := range sink.Tables() {
			for _, b := range tab.Batches() {
				rows += b.Len
				if b.Len > source.BatchSize {
					t.Fatalf("batch of %d rows", b.Len)
				}
				for c, v := range b.Cols {
					if v.Strs != nil && (len(v.Strs) != b.Len || cap(v.Strs) != b.Len) ||
						v.Ints != nil && (len(v.Ints) != b.Len || cap(v.Ints) != b.Len) {
						t.Fatalf("chunks of %d: column %s: len %d/%d cap %d/%d for %d rows",
							size, Schema[c].Name, len(v.Strs), len(v.Ints), cap(v.Strs), cap(v.Ints), b.Len)
					}
				}
			}
		}
		if want := sink.Records() - sink.BadCount(); rows != want {
			t.Errorf("chunks of %d: %d rows, want %d", size, rows, want)
		}
	}
}

// TestMinRowLine pins minRowLine, the bound that sizes the column
// vectors: the shortest lines that yield a row take minRowLine-1 bytes,
// and none shorter does. By path: RFC 5424 needs "<N>V " and four
// space-separated fields the first of which is "-" or a timestamp; an ISO
// timestamp line needs more than 10 bytes; RFC 3164 at least 16; journald
// JSON a "__REALTIME_TIMESTAMP" key.
func TestMinRowLine(t *testing.T) {
	parses := func(l string) bool {
		p := parser{loc: locOrUTC(nil), years: years{year: 2020}}
		var rec record
		return p.parseAny(l, &rec) == ""
	}
	for _, l := range []string{"<1>1 -    ", "<1>1 0    "} {
		if len(l) != minRowLine-1 || !parses(l) {
			t.Errorf("%q (%d bytes): parses %v, want a row from %d bytes", l, len(l), parses(l), minRowLine-1)
		}
	}
	// Every shorter line made of the characters these headers use.
	alphabet := " -01:T<>{"
	var gen func(prefix string)
	gen = func(prefix string) {
		if prefix != "" && parses(prefix) {
			t.Fatalf("%q (%d bytes) yields a row", prefix, len(prefix))
		}
		if len(prefix) == minRowLine-2 {
			return
		}
		for _, c := range alphabet {
			gen(prefix + string(c))
		}
	}
	for _, head := range []string{"<1>", "<1>1 ", "2024-01-0", "<13>"} {
		gen(head)
	}
}
