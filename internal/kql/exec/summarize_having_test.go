package exec_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// TestHavingMatchesFullSummarize runs summarizes followed by a where with
// lazy aggregates (summarize_having.go) and without (fast paths off): the
// rows, their order and every aggregate must be the same, with one worker
// (lazy), with two (the having ignored), and with a tiny held-rows bound
// (the lazy aggregates caught up halfway).
func TestHavingMatchesFullSummarize(t *testing.T) {
	schema := column.Schema{{Name: "src", Type: column.String}, {Name: "acct", Type: column.String},
		{Name: "t", Type: column.DateTime}, {Name: "ok", Type: column.Bool}, {Name: "n", Type: column.Long}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewSource(9))
	var batches []*column.Batch
	for i := 0; i < 6000; i += 700 {
		b := column.NewBatch(schema, 700)
		for j := i; j < min(i+700, 6000); j++ {
			ok := column.BoolValue(r.Intn(4) == 0)
			if r.Intn(13) == 0 {
				ok = column.NullOf(column.Bool)
			}
			n := column.LongValue(int64(r.Intn(50)))
			if r.Intn(17) == 0 {
				n = column.NullOf(column.Long)
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("10.0.0.%d", r.Intn(40))),
				column.StringValue(fmt.Sprintf("user%d", r.Intn(90))), column.DateTimeValue(start.Add(time.Duration(j) * time.Second)), ok, n})
		}
		batches = append(batches, b)
	}
	cat := table.NewSet(table.NewMemory("T", schema, batches...))
	queries := []string{
		// the brute-force rule's shape: evidence bags for groups a threshold drops
		`T | summarize Failures = countif(not(ok)), Who = take_any(acct), Ev = make_list_if(bag_pack("t", t, "n", n), not(ok), 3),
			Targets = make_set(n, 4), First = min(t) by src, acct | where Failures >= 4`,
		// through extends and a rename, the credential-stuffing rule's shape
		`T | summarize Accounts = dcount(acct), Attempts = count(), Bad = countif(not(ok)), Sample = make_set(acct, 5),
			Ev = make_list(bag_pack("a", acct, "n", n), 2), P = percentile(n, 50) by src
			| extend Rate = round(1.0 * Bad / Attempts, 2) | project-rename Sources = Accounts
			| where Sources >= 20 and Rate > 0.2`,
		// the having reads a lazy candidate: nothing lazy there, the rest is
		`T | summarize s = make_set(acct, 3), l = make_list(n, 2), c = count() by src | where array_length(s) == 3 and c > 150`,
		// no keys; null predicates; everything dropped; a key-only predicate
		`T | summarize c = count(), l = make_list(n, 3), a = arg_max(t, acct) | where c > 10`,
		`T | summarize c = countif(ok), l = make_list(acct, 2) by n | where c > 30 or isnull(n)`,
		`T | summarize c = count(), l = make_list(acct) by src | where c > 100000`,
		`T | summarize l = make_list(acct, 2), c = count() by src, b = bin(t, 10m) | where src endswith ".7"`,
	}
	run := func(q string, workers int) []string {
		t.Helper()
		p, err := kql.Compile(q, cat)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		res, err := p.Run(context.Background(), kql.Options{Now: start, Workers: workers})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out := make([]string, res.Batch.Len)
		for i := range out {
			out[i] = fmt.Sprint(res.Batch.Row(i))
		}
		return out
	}
	for _, q := range queries {
		exec.SetRowFastPaths(false)
		want := run(q, 1)
		exec.SetRowFastPaths(true)
		if got := run(q, 1); !slices.Equal(got, want) {
			t.Errorf("%s: lazy aggregates give\n%s\nwant\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got, w := run(q, 2), run(q, 1); !sameRows(got, w) {
			t.Errorf("%s: 2 workers differ from 1", q)
		}
		restore := exec.SetMaxHeldRows(1000)
		if got := run(q, 1); !slices.Equal(got, want) {
			t.Errorf("%s: caught up after 1000 rows, the result differs", q)
		}
		restore()
	}
}

// sameRows compares two results as multisets (several workers may order
// groups differently).
func sameRows(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
