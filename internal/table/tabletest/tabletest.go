// Package tabletest holds helpers for tests of table implementations.
package tabletest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

// Dump scans t for cols (nil: every column), requires every batch to hold
// exactly those columns in that order, as table.Table.Scan promises, and
// renders each row with every cell's column, type, nullness and value, so
// that two tables can be compared exactly.
func Dump(tb testing.TB, t table.Table, cols []string) []string {
	tb.Helper()
	want := cols
	if want == nil {
		want = t.Schema().Names()
	}
	var (
		mu  sync.Mutex
		out []string
	)
	err := t.Scan(context.Background(), table.ScanRequest{Columns: cols}, func(_ int, b *column.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		if got := b.Schema.Names(); strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("batch columns %v, want %v", got, want)
		}
		for i := 0; i < b.Len; i++ {
			out = append(out, row(b, i))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// row renders row i of b.
func row(b *column.Batch, i int) string {
	var sb strings.Builder
	for c, v := range b.Cols {
		x := v.Value(i)
		fmt.Fprintf(&sb, "%s=%s", b.Schema[c].Name, x.Type)
		if x.IsNull() {
			sb.WriteString("(null)")
		}
		sb.WriteString(":" + x.String() + " ")
	}
	return sb.String()
}
