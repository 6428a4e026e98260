package load

import (
	"context"
	"os"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/table"
)

// benchLog is the benchmark harness's sshd auth.log (workload 7), when it
// has been generated (cd bench && go run . -only 7).
const benchLog = "../../../bench/out/auth-400000.log"

// BenchmarkSshdView loads the benchmark auth.log and builds the
// imAuthentication rows from it (workload 7 without the query), reporting
// the two phases separately.
func BenchmarkSshdView(b *testing.B) {
	if _, err := os.Stat(benchLog); err != nil {
		b.Skip("no bench/out/auth-400000.log; run the bench harness first")
	}
	var loadTime, viewTime time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		res, err := Paths([]string{benchLog}, Options{Year: 2026})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		v, ok := res.Catalog.Lookup(authRows)
		if !ok {
			b.Fatal("no view")
		}
		if err := v.Scan(context.Background(), table.ScanRequest{Columns: []string{"EventResult"}}, func(int, *column.Batch) error { return nil }); err != nil {
			b.Fatal(err)
		}
		loadTime += t1.Sub(t0)
		viewTime += time.Since(t1)
	}
	b.ReportMetric(float64(loadTime.Milliseconds())/float64(b.N), "load-ms/op")
	b.ReportMetric(float64(viewTime.Milliseconds())/float64(b.N), "view-ms/op")
}
