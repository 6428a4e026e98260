package kql

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/table"
)

// materializedLets counts the distinct Materialize nodes (by ID) of p's
// plan: here, the let bindings the checker chose to evaluate once per run.
// (The plan's copies do not all keep the Let name, so IDs are counted.)
func materializedLets(p *Program) int {
	ids := map[int]bool{}
	seen := map[check.Node]bool{}
	var walk func(n check.Node)
	walk = func(n check.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if m, ok := n.(*check.Materialize); ok {
			ids[m.ID] = true
		}
		for _, e := range check.NodeExprs(n) {
			check.Walk(e, func(x check.Expr) bool {
				if q, ok := x.(*check.ScalarQuery); ok {
					walk(q.Query)
				}
				return true
			})
		}
		for _, in := range check.Inputs(n) {
			walk(in)
		}
	}
	walk(p.plan.Root)
	return len(ids)
}

// TestLetUsedTwiceSameAsInlined checks that a tabular let referenced
// several times (evaluated once per run, check/letcache.go) gives the
// result of writing its value out at every reference.
func TestLetUsedTwiceSameAsInlined(t *testing.T) {
	cat := testCatalog()
	const hourly = `SigninLogs | summarize n = count() by UserPrincipalName, Hour = bin(TimeGenerated, 1h)`
	const fails = `SigninLogs | where ResultType != "0" | summarize f = count() by UserPrincipalName, IPAddress`
	cases := []struct{ name, let, inlined string }{
		{"toscalar and body",
			`let h = ` + hourly + `; let m = toscalar(h | summarize max(n)); h | where n == m | order by UserPrincipalName asc, Hour asc`,
			`let m = toscalar(` + hourly + ` | summarize max(n)); ` + hourly + ` | where n == m | order by UserPrincipalName asc, Hour asc`},
		{"self join",
			`let f = ` + fails + `; f | join kind=inner (f | where f >= 1) on UserPrincipalName | project UserPrincipalName, IPAddress, f, IPAddress1 | order by UserPrincipalName asc, IPAddress asc, IPAddress1 asc`,
			fails + ` | join kind=inner (` + fails + ` | where f >= 1) on UserPrincipalName | project UserPrincipalName, IPAddress, f, IPAddress1 | order by UserPrincipalName asc, IPAddress asc, IPAddress1 asc`},
		{"union and in-list",
			`let f = ` + fails + `; union (f | where f > 1), (f | where UserPrincipalName in ((f | project UserPrincipalName))) | summarize sum(f), count()`,
			`union (` + fails + ` | where f > 1), (` + fails + ` | where UserPrincipalName in ((` + fails + ` | project UserPrincipalName))) | summarize sum(f), count()`},
	}
	for _, c := range cases {
		for _, workers := range []int{1, 4} {
			got := runQuery(t, c.let, cat, workers)
			want := runQuery(t, c.inlined, cat, workers)
			if got != want {
				t.Errorf("%s, %d workers: let gives\n%s\ninlined gives\n%s", c.name, workers, got, want)
			}
			if strings.Count(got, "\n") < 2 {
				t.Errorf("%s: no rows:\n%s", c.name, got)
			}
		}
		p, err := Compile(c.let, cat)
		if err != nil {
			t.Fatal(err)
		}
		if materializedLets(p) == 0 {
			t.Errorf("%s: the let used twice is not evaluated once", c.name)
		}
	}
}

// TestLetCacheOnlyWhenSafe checks which lets are cached: not a let used
// once, not a plain filtered scan, not one using now(), take or sample.
func TestLetCacheOnlyWhenSafe(t *testing.T) {
	cat := testCatalog()
	cases := []struct {
		q    string
		want int
	}{
		{`let a = SigninLogs | summarize count() by IPAddress; let b = SigninLogs | summarize count() by UserPrincipalName; a | join b on $left.count_ == $right.count_`, 0},
		{`let a = SigninLogs | where ResultType == "0"; a | join (a | where IPAddress != "") on IPAddress`, 0},
		{`let a = SigninLogs | where TimeGenerated > ago(1d) | summarize count() by IPAddress; a | union a`, 0},
		{`let a = SigninLogs | take 3 | summarize count() by IPAddress; a | union a`, 0},
		{`let a = SigninLogs | summarize count() by IPAddress | sample 2; a | union a`, 0},
		{`let a = SigninLogs | summarize c = count() by IPAddress; let b = a; b | union b`, 1},
		{`let a = SigninLogs | summarize c = count() by IPAddress; a | union (a | where c > 1)`, 1},
	}
	for _, c := range cases {
		p, err := Compile(c.q, cat)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got := materializedLets(p); got != c.want {
			t.Errorf("%s: %d cached lets, want %d", c.q, got, c.want)
		}
		for _, w := range []int{1, 4} {
			if _, err := p.Run(context.Background(), Options{Now: testNow, Workers: w}); err != nil {
				t.Errorf("%s: %v", c.q, err)
			}
		}
	}
}

// BenchmarkLetUsedThrice is the bulk-export z-score shape: a summarize
// bound by let and referenced three times (two toscalar and the body).
func BenchmarkLetUsedThrice(b *testing.B) {
	benchQuery(b, `let hourly = SigninLogs | summarize n = count() by UserPrincipalName, IPAddress, h = bin(TimeGenerated, 1h);
let m = toscalar(hourly | summarize avg(n));
let s = toscalar(hourly | summarize stdev(n));
hourly | extend z = (n - m) / s | where z > 3 | count`, 0)
}

// BenchmarkArithReal measures the arithmetic fast path (exec/expr_arith.go).
func BenchmarkArithReal(b *testing.B) {
	benchQuery(b, `SigninLogs | extend x = datetime_part("minute", TimeGenerated) | extend z = (x - 29.5) / 17.3 * 2 + x | where z > 3 | count`, 1)
}

// BenchmarkSummarizeManyGroups merges high-cardinality partial results
// (groupTable.reserve in exec/grouptable.go).
func BenchmarkSummarizeManyGroups(b *testing.B) {
	benchQuery(b, `SigninLogs | summarize count() by UserPrincipalName, IPAddress, bin(TimeGenerated, 1h) | count`, 0)
}

// TestSharedScanSameAsSeparate checks the shared scan of exec/sharedscan.go:
// two summarizes over one table that is not resident in memory (read once)
// give what they give when each reads the table itself (a toscalar in the
// chain turns sharing off); over a table.Resident one each summarize
// scans it, with the same result.
func TestSharedScanSameAsSeparate(t *testing.T) {
	const off = ` | where 1 == toscalar(print x = 1)`
	queries := []string{
		`let failed = SigninLogs%s | where ResultType != "0" | summarize Failures = count() by UserPrincipalName, IPAddress, Hour = bin(TimeGenerated, 1h);
let succeeded = SigninLogs | where ResultType == "0" | summarize Successes = count(), Apps = dcount(IPAddress) by UserPrincipalName, Hour = bin(TimeGenerated, 1h);
failed | join kind=leftouter succeeded on UserPrincipalName, Hour | order by UserPrincipalName asc, IPAddress asc, Hour asc`,
		`union (SigninLogs%s | summarize n = count() by ResultType), (SigninLogs | extend u = tolower(UserPrincipalName) | summarize n = dcount(u) by ResultType), (SigninLogs | summarize n = count()) | order by ResultType asc, n asc`,
	}
	memory, _ := testCatalog().Lookup("SigninLogs")
	for _, q := range queries {
		shared := strings.Replace(q, "%s", "", 1)
		separate := strings.Replace(q, "%s", off, 1)
		for _, workers := range []int{1, 4} {
			file := streamed(memory)
			got := runQuery(t, shared, table.NewSet(file), workers)
			if n := file.scans.Load(); n != 1 {
				t.Errorf("%d workers: %d scans of a streamed table, want 1 (shared)", workers, n)
			}
			want := runQuery(t, separate, table.NewSet(streamed(memory)), workers)
			if got != want {
				t.Errorf("%d workers: shared scan gives\n%s\nseparate scans give\n%s", workers, got, want)
			}
			resident := residentCounter{memory.(*table.Memory), new(atomic.Int64)}
			if res := runQuery(t, shared, table.NewSet(resident), workers); res != want {
				t.Errorf("%d workers: over a resident table\n%s\nwant\n%s", workers, res, want)
			}
			if n := resident.scans.Load(); n < 2 {
				t.Errorf("%d workers: %d scans of a resident table, want one per summarize", workers, n)
			}
			if strings.Count(got, "\n") < 3 {
				t.Errorf("too few rows:\n%s", got)
			}
		}
	}
}

// residentCounter is a resident memory table that counts its scans.
type residentCounter struct {
	*table.Memory
	scans *atomic.Int64
}

func (r residentCounter) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	r.scans.Add(1)
	return r.Memory.Scan(ctx, req, emit)
}

// BenchmarkSharedScan is join.kql's shape: two summarizes of one table
// joined (one scan feeds both, exec/sharedscan.go: the table is not
// resident, as a file is not).
func BenchmarkSharedScan(b *testing.B) {
	signins, _ := benchCatalog().Lookup("SigninLogs")
	benchQueryOn(b, `let failed = SigninLogs | where ResultType in ("50126", "50053") | summarize Failures = count() by UserPrincipalName, IPAddress, Hour = bin(TimeGenerated, 1h);
let succeeded = SigninLogs | where ResultType == "0" | summarize Successes = count() by UserPrincipalName, IPAddress, Hour = bin(TimeGenerated, 1h);
failed | where Failures >= 3 | join kind=inner succeeded on UserPrincipalName, IPAddress, Hour | count`, table.NewSet(streamed(signins)), 0)
}

// TestSummarizeParallelMerge checks the parallel merge of
// exec/summarize_merge.go (more than 65536 partial groups): 4 workers give
// the groups and aggregates of 1 worker.
func TestSummarizeParallelMerge(t *testing.T) {
	schema := column.Schema{{Name: "u", Type: column.String}, {Name: "t", Type: column.DateTime}, {Name: "n", Type: column.Long}, {Name: "d", Type: column.Dynamic}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var batches []*column.Batch
	for i := 0; i < 100000; i += 4096 {
		b := column.NewBatch(schema, 4096)
		for j := i; j < min(i+4096, 100000); j++ {
			n := column.LongValue(int64(j % 977))
			if j%31 == 0 {
				n = column.NullOf(column.Long)
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("u%d", j%3001)), column.DateTimeValue(start.Add(time.Duration(j%40009) * time.Minute)),
				n, column.DynamicValue(float64(j % 5))})
		}
		batches = append(batches, b)
	}
	cat := table.NewSet(table.NewMemory("T", schema, batches...))
	q := `T | summarize c = count(), s = sum(n), a = avg(n), mn = min(n), dc = dcount(n), ds = make_set(d), x = max(t) by u, h = bin(t, 1h), d
| extend ds = tostring(array_sort_asc(ds))`
	one := sortedLines(runQuery(t, q, cat, 1))
	four := sortedLines(runQuery(t, q, cat, 4))
	if one != four {
		t.Fatalf("4 workers differ from 1")
	}
	if n := strings.Count(one, "\n"); n < 70000 {
		t.Fatalf("only %d groups", n)
	}
}

// TestJoinSmallLeft checks matchSmallLeft (exec/op_join.go): an inner or
// innerunique join with a small left side gives the rows, in the order, of
// the general path (leftouter without its unmatched rows).
func TestJoinSmallLeft(t *testing.T) {
	cat := testCatalog()
	const left = `SigninLogs | where ResultType != "0" | summarize n = count() by UserPrincipalName | top 2 by n desc, UserPrincipalName asc`
	for _, kind := range []string{"inner", "innerunique"} {
		for _, workers := range []int{1, 4} {
			got := runQuery(t, `(`+left+`) | join kind=`+kind+` (SigninLogs | project UserPrincipalName, IPAddress, TimeGenerated) on UserPrincipalName | project UserPrincipalName, n, IPAddress, TimeGenerated`, cat, workers)
			want := runQuery(t, `(`+left+`) | join kind=leftouter (SigninLogs | project UserPrincipalName, IPAddress, TimeGenerated) on UserPrincipalName | where isnotnull(TimeGenerated) | project UserPrincipalName, n, IPAddress, TimeGenerated`, cat, workers)
			if workers > 1 { // the right side's row order depends on scheduling
				got, want = sortedLines(got), sortedLines(want)
			}
			if got != want {
				t.Errorf("kind=%s, %d workers:\n%s\nwant\n%s", kind, workers, got, want)
			}
			if strings.Count(got, "\n") < 3 {
				t.Errorf("too few rows:\n%s", got)
			}
		}
	}
}
