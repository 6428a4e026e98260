package exec_test

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// differentialQueries exercise the executor's fast paths (summarize's
// word states and dcount hashing, the hashed tabular in, the vectorized
// and/or, the scalar kernels, hashed joins, the having) over the columns of
// fuzzTables. Every one is deterministic with one worker.
var differentialQueries = []string{
	`T | summarize c = count(), ci = countif(b), s = sum(n), si = sumif(n, b), mn = min(t), mx = maxif(n, b),
	   a = take_any(s), dc = dcount(s), dci = dcountif(k, b), ta = take_any(k) by k`,
	`T | where s in (S | project v) | summarize count(), sum(i) by k`,
	`T | where s !in (S | where w > 2 | project v) and n > 0 | project s, n, k`,
	`T | where b or n < 0 | extend x = strcat(s, "-", k), y = toupper(s) | summarize take_any(x), max(i), min(y) by k, i`,
	`T | join kind=inner (S) on $left.s == $right.v | summarize count(), sum(w), take_any(k) by k, v`,
	`T | join kind=leftanti (S | where w > 1) on $left.s == $right.v | summarize count() by k`,
	`T | join kind=leftouter (S) on $left.s == $right.v | summarize count(), countif(isnull(w)) by s`,
	`T | summarize c = count(), a = take_any(s), l = make_list(n, 3) by k, s | where c > 1 | summarize take_any(a), count(), sum(c) by k`,
	`T | extend e = isempty(s), nn = isnull(n) | summarize countif(e), countif(nn), sumif(i, e), minif(t, e) by bin(t, 1h)`,
	`T | where k in ("a", "b") and s != "" | summarize dcount(s), min(n), max(t) by k`,
	`T | where not(b) and (n between (-5 .. 5) or s startswith "x") | summarize count(), take_any(s) by k`,
	`T | summarize s = sumif(i, n > 0), c = countif(s == ""), a = take_any(s)`,
	`T | where s in ("x1", "", "y2") | summarize count() by s, k`,
	`T | summarize make_set_if(s, b, 4), dcountif(s, not(b)), take_any(s) by k | where dcountif_s >= 0`,
}

// fuzzTables returns T (rows in several batches: strings with empties,
// nullable longs and bools, ints, times) and S (a small lookup table),
// generated from seed.
func fuzzTables(seed int64) table.Catalog {
	r := rand.New(rand.NewSource(seed))
	ts := column.Schema{{Name: "k", Type: column.String}, {Name: "s", Type: column.String}, {Name: "n", Type: column.Long},
		{Name: "i", Type: column.Int}, {Name: "b", Type: column.Bool}, {Name: "t", Type: column.DateTime}}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	str := func() string {
		if r.Intn(4) == 0 {
			return ""
		}
		return fmt.Sprintf("%c%d", "xyz"[r.Intn(3)], r.Intn(1+r.Intn(8)))
	}
	rows := r.Intn(400)
	var tb []*column.Batch
	for lo := 0; lo < rows || lo == 0; lo += 1 + r.Intn(150) {
		b := column.NewBatch(ts, 150)
		for j := lo; j < min(rows, lo+150); j++ {
			n := column.LongValue(int64(r.Intn(21) - 10))
			if r.Intn(7) == 0 {
				n = column.NullOf(column.Long)
			}
			bv := column.BoolValue(r.Intn(2) == 0)
			if r.Intn(9) == 0 {
				bv = column.NullOf(column.Bool)
			}
			b.AppendRow([]column.Value{column.StringValue(string("abcd"[r.Intn(4)])), column.StringValue(str()), n,
				column.IntValue(int64(r.Intn(5))), bv, column.DateTimeValue(start.Add(time.Duration(r.Intn(6*3600)) * time.Second))})
		}
		tb = append(tb, b)
	}
	ss := column.Schema{{Name: "v", Type: column.String}, {Name: "w", Type: column.Long}}
	sb := column.NewBatch(ss, 8)
	for j := r.Intn(8); j > 0; j-- {
		sb.AppendRow([]column.Value{column.StringValue(str()), column.LongValue(int64(r.Intn(5)))})
	}
	return table.NewSet(parallelTable{table.NewMemory("T", ts, tb...)}, table.NewMemory("S", ss, sb))
}

// FuzzFastPathsMatchGeneric runs each differential query over generated
// tables with the fast paths on and off (one worker) and requires the same
// rows, or the same failure.
func FuzzFastPathsMatchGeneric(f *testing.F) {
	for seed := int64(0); seed < 8; seed++ {
		for q := range differentialQueries {
			f.Add(seed, uint8(q))
		}
	}
	f.Fuzz(func(t *testing.T, seed int64, qi uint8) {
		cat := fuzzTables(seed)
		q := differentialQueries[int(qi)%len(differentialQueries)]
		exec.SetRowFastPaths(false)
		want, errWant := queryLines(q, cat, 1)
		exec.SetRowFastPaths(true)
		got, errGot := queryLines(q, cat, 1)
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("%s (seed %d): generic error %v, fast error %v", q, seed, errWant, errGot)
		}
		if !slices.Equal(want, got) {
			t.Fatalf("%s (seed %d): fast paths differ:\n%v\nwant\n%v", q, seed, head(got), head(want))
		}
	})
}

// TestDifferentialQueriesRun: every differential query compiles and runs,
// and most return rows, so that the fuzzer compares results, not errors.
func TestDifferentialQueriesRun(t *testing.T) {
	cat := fuzzTables(3)
	empty := 0
	for _, q := range differentialQueries {
		lines, err := queryLines(q, cat, 1)
		if err != nil {
			t.Errorf("%s: %v", q, err)
		}
		if len(lines) == 0 {
			empty++
		}
	}
	if empty > 2 {
		t.Errorf("%d of %d queries return no rows over the fuzz tables of seed 3", empty, len(differentialQueries))
	}
}
