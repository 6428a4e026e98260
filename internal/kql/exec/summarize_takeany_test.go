package exec_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// takeAnyTable has string columns with many empty values: s is empty in
// about half the rows (some groups of (u, k) have only empty values), o
// holds one value per u (so that which row is kept does not matter).
func takeAnyTable(rows int) table.Table {
	schema := column.Schema{{Name: "u", Type: column.String}, {Name: "k", Type: column.Long},
		{Name: "s", Type: column.String}, {Name: "o", Type: column.String}}
	r := rand.New(rand.NewSource(9))
	var batches []*column.Batch
	for i := 0; i < rows; i += 1000 {
		b := column.NewBatch(schema, 1000)
		for j := i; j < min(i+1000, rows); j++ {
			u := r.Intn(60)
			s := ""
			if r.Intn(2) == 0 {
				s = fmt.Sprintf("s%d", r.Intn(500))
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("u%d", u)), column.LongValue(int64(r.Intn(30))),
				column.StringValue(s), column.StringValue(fmt.Sprintf("o%d", u))})
		}
		batches = append(batches, b)
	}
	return parallelTable{table.NewMemory("T", schema, batches...)}
}

// TestTakeAnyStatesMatchAccumulators checks summarize's one-word take_any
// of a string column (one worker) against the accumulator: the first
// non-empty value of each group in the order of the rows, "" for a group
// whose values are all empty; constant and computed arguments; under a
// having (where the aggregate used to be lazy).
func TestTakeAnyStatesMatchAccumulators(t *testing.T) {
	cat := table.NewSet(takeAnyTable(20000))
	queries := []string{
		`T | summarize a = take_any(s), b = any(o), c = count() by u, k`,
		`T | summarize a = take_any(s), b = take_any(strcat(o, "-", s)), x = take_any("x"), e = take_any("") by u`,
		`T | where k < 3 | summarize a = take_any(s), c = count() by u, k | where c > 2`,
		`T | summarize a = take_any(s), m = make_set(s, 3), c = count() by k | where c > 600`,
		`T | summarize take_any(s), take_any(o)`,
		`T | where k > 100 | summarize take_any(s)`,
	}
	for _, q := range queries {
		exec.SetRowFastPaths(false)
		want := runLines(t, q, cat, 1)
		exec.SetRowFastPaths(true)
		if got := runLines(t, q, cat, 1); !slices.Equal(want, got) {
			t.Errorf("%s: the one-word take_any differs from the accumulator:\n%v\nwant\n%v", q, head(got), head(want))
		}
	}
}

// TestTakeAnyTreeNotReusedAcrossWorkerCounts runs one program with one
// worker, then two, then one: the operator tree built for one worker keeps
// take_any in a way that cannot merge the tables of two, and must not be
// reused for them.
func TestTakeAnyTreeNotReusedAcrossWorkerCounts(t *testing.T) {
	cat := table.NewSet(takeAnyTable(20000))
	p, err := kql.Compile(`T | summarize b = take_any(o), c = count() by u | order by u asc`, cat)
	if err != nil {
		t.Fatal(err)
	}
	var first string
	for i, workers := range []int{1, 2, 1, 2} {
		res, err := p.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: workers})
		if err != nil {
			t.Fatalf("run %d (%d workers): %v", i, workers, err)
		}
		got := fmt.Sprint(res.Batch.Cols[1].Strs, res.Batch.Cols[2].Ints)
		if i == 0 {
			first = got
		} else if got != first {
			t.Errorf("run %d (%d workers) differs from the first", i, workers)
		}
	}
}

func head(lines []string) []string { return lines[:min(len(lines), 5)] }
