package exec_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// parallelTable is an in-memory table whose scan emits batch i from worker
// i % Workers, all workers at once, as a file scan does (table.Memory
// emits everything from worker 0, which never exercises the merge of
// per-worker partial results).
type parallelTable struct{ *table.Memory }

func (p parallelTable) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	var batches []*column.Batch
	if err := p.Memory.Scan(ctx, req, func(_ int, b *column.Batch) error {
		batches = append(batches, b)
		return nil
	}); err != nil {
		return err
	}
	workers := max(1, req.Workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(batches); i += workers {
				if errs[w] = emit(w, batches[i]); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// transfersTable is workload 3's input (bench/queries/bulk.kql): n rows of
// timestamp (ascending, about 384 rows an hour), user_id (users distinct
// users) and bytes_transferred, in 4096-row batches.
func transfersTable(n, users int) table.Table {
	schema := column.Schema{{Name: "timestamp", Type: column.DateTime}, {Name: "user_id", Type: column.String},
		{Name: "bytes_transferred", Type: column.Long}}
	r := rand.New(rand.NewSource(3))
	names := make([]string, users)
	for i := range names {
		names[i] = fmt.Sprintf("user%05d@contoso-retail.eu", i)
	}
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var batches []*column.Batch
	for i := 0; i < n; i += 4096 {
		b := column.NewBatch(schema, 4096)
		for j := i; j < min(n, i+4096); j++ {
			at := start.Add(time.Duration(j) * time.Hour / 384)
			bytes := r.Int63n(1 << 30)
			if j%997 == 0 {
				bytes *= 40 // the flagged user-hours
			}
			b.AppendRow([]column.Value{column.DateTimeValue(at), column.StringValue(names[r.Intn(users)]), column.LongValue(bytes)})
		}
		batches = append(batches, b)
	}
	return parallelTable{table.NewMemory("transfers", schema, batches...)}
}

// runLines runs q with the given workers and returns its rows, one line
// each, sorted (summarize's output order is unspecified), reals rounded.
func runLines(t testing.TB, q string, cat table.Catalog, workers int) []string {
	t.Helper()
	lines, err := queryLines(q, cat, workers)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return lines
}

// queryLines is runLines returning its error (for goroutines other than
// the test's).
func queryLines(q string, cat table.Catalog, workers int) ([]string, error) {
	p, err := kql.Compile(q, cat)
	if err != nil {
		return nil, err
	}
	res, err := p.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: workers})
	if err != nil {
		return nil, err
	}
	lines := make([]string, res.Batch.Len)
	for r := range lines {
		var sb strings.Builder
		for c := range res.Batch.Cols {
			// Reals to 10 digits: partial sums merge in any order.
			if v := res.Batch.Cols[c].Value(r); v.Type == column.Real && !v.IsNull() {
				fmt.Fprintf(&sb, "%.10g|", v.F)
			} else {
				fmt.Fprintf(&sb, "%v|", v)
			}
		}
		lines[r] = sb.String()
	}
	slices.Sort(lines)
	return lines, nil
}

// TestSummarizeMergeWorkers checks the merges of per-worker partial
// results (op_summarize.go, summarize_merge.go) against one worker: few
// groups (serial merge), many groups shared by every worker, many groups
// mostly private to one worker (workload 3's shape), with null, dynamic
// and real keys and aggregates with and without a fast state.
func TestSummarizeMergeWorkers(t *testing.T) {
	schema := column.Schema{{Name: "u", Type: column.String}, {Name: "t", Type: column.DateTime}, {Name: "n", Type: column.Long},
		{Name: "d", Type: column.Dynamic}, {Name: "f", Type: column.Real}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const rows = 70000
	var batches []*column.Batch
	for i := 0; i < rows; i += 4096 {
		b := column.NewBatch(schema, 4096)
		for j := i; j < min(i+4096, rows); j++ {
			n := column.LongValue(int64(j % 977))
			if j%31 == 0 {
				n = column.NullOf(column.Long)
			}
			f := column.RealValue(float64(j%7) - 3)
			if j%7 == 3 {
				f = column.RealValue(0) // 0 and -0 group together
				if j%2 == 0 {
					f = column.RealValue(math.Copysign(0, -1))
				}
			}
			if j%53 == 0 {
				f = column.NullOf(column.Real)
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("u%d", j%3001)), column.DateTimeValue(start.Add(time.Duration(j) * time.Minute)),
				n, column.DynamicValue(float64(j % 5)), f})
		}
		batches = append(batches, b)
	}
	cat := table.NewSet(parallelTable{table.NewMemory("T", schema, batches...)})
	queries := []string{
		// few groups: serial merge
		`T | summarize c = count(), s = sum(n), a = avg(n) by d, f`,
		// about one group per row, each worker's groups its own (input in time order)
		`T | summarize c = count(), s = sum(n), x = max(f), sd = stdev(n) by u, h = bin(t, 1h)`,
		// many groups, every group spread over every worker
		`T | summarize c = count(), s = sum(n), a = avg(n), mn = min(n), dc = dcount(n) by u, d, nb = bin(n, 100)`,
		// null keys
		`T | summarize c = count(), s = sum(n) by nn = iff(n % 5 == 0, long(null), n), f, k = bin(t, 1d)`,
	}
	for _, q := range queries {
		one := runLines(t, q, cat, 1)
		if len(one) < 5 {
			t.Fatalf("%s: only %d rows", q, len(one))
		}
		for _, w := range []int{2, 3, 4, 8} {
			got := runLines(t, q, cat, w)
			if !slices.Equal(one, got) {
				t.Errorf("%s: %d workers give %d rows, 1 worker %d (or different rows)", q, w, len(got), len(one))
			}
		}
	}
}

// TestBulkZScoreWorkers runs workload 3's query with 1 and 2 workers.
func TestBulkZScoreWorkers(t *testing.T) {
	cat := table.NewSet(transfersTable(200000, 2000))
	one := runLines(t, bulkQuery, cat, 1)
	two := runLines(t, bulkQuery, cat, 2)
	if len(one) < 100 {
		t.Fatalf("only %d flagged user-hours", len(one))
	}
	if !slices.Equal(one, two) {
		for i := range min(len(one), len(two)) {
			if one[i] != two[i] {
				t.Errorf("%s\n%s", one[i], two[i])
				break
			}
		}
		t.Fatalf("2 workers: %d rows, 1 worker: %d rows (or different rows)", len(two), len(one))
	}
}

// bulkQuery is bench/queries/bulk.kql.
const bulkQuery = `let hourly = transfers
| summarize bytes = sum(bytes_transferred) by user_id, hour = bin(timestamp, 1h);
let m = toscalar(hourly | summarize avg(bytes));
let s = toscalar(hourly | summarize stdev(bytes));
hourly
| extend z = (bytes - m) / s
| where z > 3
| project user_id, hour, bytes, z
| order by z desc`

var (
	benchTransfersOnce sync.Once
	benchTransfers     table.Catalog
)

func benchBulk(b *testing.B, q string, workers int) {
	benchTransfersOnce.Do(func() { benchTransfers = table.NewSet(transfersTable(1<<20, 20000)) })
	p, err := kql.Compile(q, benchTransfers)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: workers}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(1<<20), "ns/row")
}

// BenchmarkBulkZScore is workload 3 over 1 M in-memory rows (one group
// per row), 2 workers as on the benchmark machine.
func BenchmarkBulkZScore(b *testing.B) { benchBulk(b, bulkQuery, 2) }

// BenchmarkSummarizeOneGroupPerRow is workload 3's summarize alone.
func BenchmarkSummarizeOneGroupPerRow(b *testing.B) {
	q := `transfers | summarize bytes = sum(bytes_transferred) by user_id, hour = bin(timestamp, 1h) | count`
	b.Run("workers=1", func(b *testing.B) { benchBulk(b, q, 1) })
	b.Run("workers=2", func(b *testing.B) { benchBulk(b, q, 2) })
}

// TestExtremeStatesMatchAccumulators checks summarize's two-word min/max
// states (min, max, minif, maxif over int-backed columns), and its
// one-word sumif, against the generic accumulators, with nulls, null and constant predicates, groups
// without a qualifying row, and 1 to 4 workers (the serial merge and, with
// more than 65,536 groups, the parallel ones).
func TestExtremeStatesMatchAccumulators(t *testing.T) {
	schema := column.Schema{{Name: "u", Type: column.String}, {Name: "t", Type: column.DateTime}, {Name: "n", Type: column.Long},
		{Name: "i", Type: column.Int}, {Name: "p", Type: column.Bool}, {Name: "d", Type: column.TimeSpan}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewSource(5))
	const rows = 150000
	var batches []*column.Batch
	for i := 0; i < rows; i += 4096 {
		b := column.NewBatch(schema, 4096)
		for j := i; j < min(i+4096, rows); j++ {
			n := column.LongValue(r.Int63n(2000) - 1000)
			if r.Intn(9) == 0 {
				n = column.NullOf(column.Long)
			}
			p := column.BoolValue(r.Intn(3) == 0)
			if r.Intn(11) == 0 {
				p = column.NullOf(column.Bool)
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("u%d", r.Intn(40))),
				column.DateTimeValue(start.Add(time.Duration(r.Intn(100000)) * time.Second)), n,
				column.IntValue(int64(r.Intn(50))), p, column.TimeSpanTicks(r.Int63n(1000))})
		}
		batches = append(batches, b)
	}
	cat := table.NewSet(parallelTable{table.NewMemory("T", schema, batches...)})
	queries := []string{
		`T | summarize a = min(t), b = max(t), c = minif(n, p), d = maxif(n, p), e = min(i), f = max(d), g = count() by u`,
		`T | summarize a = minif(t, p and n > 0), b = maxif(t, n < -990), c = min(n), d = max(n) by u, i`,
		`T | summarize a = minif(n, true), b = maxif(n, false), c = minif(t, bool(null)) by u`,
		`T | summarize s = sumif(n, p), s2 = sumif(i, n > 0), s3 = sumif(n, true), s4 = sumif(i, bool(null)) by u`,
		`T | summarize s = sumif(n, p), c = countif(p) by u, t`,
		// one group per row or so: the parallel merges
		`T | summarize a = min(n), b = maxif(i, p), c = minif(d, p), s = sum(n) by u, t`,
		`T | where n > 5000 | summarize a = min(t), b = max(n)`,
		`T | summarize a = min(t), b = maxif(n, p)`,
	}
	for _, q := range queries {
		exec.SetRowFastPaths(false)
		want := runLines(t, q, cat, 1)
		exec.SetRowFastPaths(true)
		if len(want) == 0 {
			t.Fatalf("%s: no rows", q)
		}
		for _, w := range []int{1, 2, 4} {
			if got := runLines(t, q, cat, w); !slices.Equal(want, got) {
				t.Errorf("%s: %d workers with the min/max states differ from the accumulators (%d vs %d rows)", q, w, len(got), len(want))
			}
		}
	}
}

// TestSummarizeReusesBuffersSafely runs summarizes of different key
// widths, state sizes and group counts over and over, from several
// goroutines at once, so that each takes group tables, key codes and
// interners another has released (recycle.go): every run must give the
// result the first run gave.
func TestSummarizeReusesBuffersSafely(t *testing.T) {
	schema := column.Schema{{Name: "u", Type: column.String}, {Name: "t", Type: column.DateTime}, {Name: "n", Type: column.Long},
		{Name: "d", Type: column.Dynamic}}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b := column.NewBatch(schema, 3000)
	for j := 0; j < 3000; j++ {
		b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("u%d", j%211)), column.DateTimeValue(start.Add(time.Duration(j) * time.Minute)),
			column.LongValue(int64(j % 17)), column.DynamicValue(float64(j % 5))})
	}
	cat := table.NewSet(table.NewMemory("T", schema, b))
	queries := []string{
		`T | summarize c = count(), s = sum(n), mn = min(t), mx = maxif(n, n > 3), l = make_set(n, 3) by u`,
		`T | summarize c = count() by u, n, d`,
		`T | summarize dcount(u), countif(n > 5) by bin(t, 1h)`,
		`T | summarize take_any(u), max(t) by d`,
		`T | where n > 100 | summarize count() by u`,
		`T | summarize count()`,
	}
	want := make([][]string, len(queries))
	for i, q := range queries {
		want[i] = runLines(t, q, cat, 1)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for rep := 0; rep < 25; rep++ {
				i := (w + rep) % len(queries)
				got, err := queryLines(queries[i], cat, 1+rep%2)
				if err != nil || !slices.Equal(got, want[i]) {
					errs <- fmt.Sprintf("%s: %v", queries[i], err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("%s: a run with recycled buffers fails or differs from the first run", e)
	}
}
