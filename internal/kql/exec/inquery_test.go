package exec_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/table"
)

// TestInQueryListPerRun runs one program, whose `in` list is a sub-query
// over a window that depends on now(), at several times: the operator tree
// is reused, and each run must hash its own list, not what is left of the
// previous run's.
func TestInQueryListPerRun(t *testing.T) {
	schema := column.Schema{{Name: "t", Type: column.DateTime}, {Name: "s", Type: column.String}}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := column.NewBatch(schema, 4)
	for i, s := range []string{"a", "b", "c", "d"} {
		b.AppendRow([]column.Value{column.DateTimeValue(t0.Add(time.Duration(i) * time.Hour)), column.StringValue(s)})
	}
	cat := table.NewSet(table.NewMemory("T", schema, b))
	p, err := kql.Compile(`T | where s in (T | where t between (ago(1h) .. now()) | project s) | project s`, cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		hours int
		want  string
	}{{1, "a b"}, {3, "c d"}, {2, "b c"}, {9, ""}, {0, "a"}} {
		res, err := p.Run(context.Background(), kql.Options{Now: t0.Add(time.Duration(c.hours) * time.Hour), Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.Batch.Cols[0].Strs[:res.Batch.Len], " "); got != c.want {
			t.Errorf("now = %dh: got %q, want %q", c.hours, got, c.want)
		}
	}
}
