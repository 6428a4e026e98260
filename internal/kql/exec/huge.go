package exec

import (
	"quarry/internal/column"
	"quarry/internal/hugemem"
)

// Large arrays of a high-cardinality summarize (a fast path).
//
// With millions of groups, first touching fresh memory is a large part of
// the cost: every 4 KB page faults once, and on the benchmark machine (a
// VM) a fault costs about 10 us, over 2 s of CPU per GB. The group
// table's slot arrays and key pages and the rendered result vectors of a
// big summarize are allocated with hugemem.Slice, which asks the kernel
// for transparent huge pages (2 MB per fault) on the aligned part of the
// array. Small arrays are left alone.

// newResultBatch is column.NewBatch(schema, n) with its vectors allocated
// by hugemem.Slice (summarize's rendered groups).
func newResultBatch(schema column.Schema, n int) *column.Batch {
	b := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(schema))}
	for i, f := range schema {
		v := &column.Vector{Type: f.Type}
		switch {
		case f.Type.UsesInts():
			v.Ints = hugemem.Slice[int64](n)[:0]
		case f.Type.UsesReals():
			v.Reals = hugemem.Slice[float64](n)[:0]
		case f.Type.UsesStrs():
			v.Strs = hugemem.Slice[string](n)[:0]
		default:
			v.Dyns = hugemem.Slice[any](n)[:0]
		}
		b.Cols[i] = v
	}
	return b
}
