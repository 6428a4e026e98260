//go:build !race

// The race detector makes sync.Pool drop a share of what is put back, so
// these counts only hold without it.

package exec

import (
	"strconv"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// allocBatch returns n rows of (n long, s string) with distinct keys s.
func allocBatch(n, mod int) *column.Batch {
	schema := column.Schema{{Name: "n", Type: column.Long}, {Name: "s", Type: column.String}}
	b := column.NewBatch(schema, n)
	for i := 0; i < n; i++ {
		b.AppendRow([]column.Value{column.LongValue(int64(i)), column.StringValue(strconv.Itoa(i % mod))})
	}
	return b
}

// filterAllocs returns the allocations of one run of
// `where n > 10 and not(s == "7")` over a batch of 4096 rows.
func filterAllocs(recycle bool) float64 {
	pred := &logicEval{and: true, generic: !recycle, args: []evaluator{
		&cmpConstEval{op: ">", x: &colEval{idx: 0}, k: column.LongValue(10)},
		&notEval{x: &cmpConstEval{op: "==", x: &colEval{idx: 1}, k: column.StringValue("7")}, recycle: recycle},
	}}
	f := &filterOp{in: &partsOp{parts: []*column.Batch{allocBatch(batchSize, 100)}}, pred: pred, recycle: recycle}
	rt := &runtime{}
	kept := 0
	sink := func(_ int, b *column.Batch) error { kept = b.Len; return nil }
	if err := f.run(rt, sink); err != nil || kept != batchSize-11-40 {
		panic("filter: wrong rows")
	}
	return testing.AllocsPerRun(50, func() { _ = f.run(rt, sink) })
}

// TestFilterRecyclesScratch checks that a filter over comparisons and
// and/not allocates only its output once the pools are warm: the sink
// closure, the gathered batch, its column list, and per column a vector
// and its array (the predicate's three bool vectors and the selection
// list are recycled); generic mode, which recycles nothing, allocates
// more.
func TestFilterRecyclesScratch(t *testing.T) {
	fast, generic := filterAllocs(true), filterAllocs(false)
	if fast > 7 {
		t.Errorf("filter with recycling: %v allocations per batch, want at most 7", fast)
	}
	if generic <= fast {
		t.Errorf("filter without recycling: %v allocations per batch, fast %v", generic, fast)
	}
	t.Logf("allocations per batch: %v recycled, %v generic", fast, generic)
}

// TestHashedJoinRecyclesScratch checks that a warm hashed join allocates
// its output and a few words, not a table: at most the output batch, its
// column list (grown by append: 3), a vector and its array per output
// column (8), against a map and its keys in the generic join.
func TestHashedJoinRecyclesScratch(t *testing.T) {
	schema := column.Schema{{Name: "n", Type: column.Long}, {Name: "s", Type: column.String}}
	o := &joinOp{node: &check.Join{Kind: check.JoinInner}, lkeys: []int{1}, rkeys: []int{1}, lout: []int{0, 1}, rout: []int{0, 1},
		lSch: schema, rSch: schema, schema: append(append(column.Schema{}, schema...), schema...)}
	ls := newJoinSide(schema, []*column.Batch{allocBatch(3000, 3000)})
	rs := newJoinSide(schema, []*column.Batch{allocBatch(2000, 1000), allocBatch(1000, 1000)})
	lk, rk, ok := joinKeyCols(ls, o.lkeys, rs, o.rkeys)
	if !ok {
		t.Fatal("the hashed join does not cover a string key")
	}
	if got := o.runHashed(ls, rs, lk, rk); got.Len != 3000 {
		t.Fatalf("join: %d rows, want 3000", got.Len)
	}
	hashed := testing.AllocsPerRun(20, func() { o.runHashed(ls, rs, lk, rk) })
	generic := testing.AllocsPerRun(5, func() {
		li, ri := o.match(ls, rs)
		o.output(ls, rs, li, ri)
	})
	if hashed > 12 {
		t.Errorf("hashed join: %v allocations per run, want at most 12", hashed)
	}
	t.Logf("allocations per run: %v hashed, %v generic", hashed, generic)
}
