package hunt

import (
	"context"
	"fmt"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

var tableTestSchema = column.Schema{
	{Name: "Id", Type: column.String},
	{Name: TimeColumn, Type: column.DateTime},
	{Name: "N", Type: column.Long},
}

// timedBatches returns batches of the given sizes whose rows are numbered
// consecutively: row k has Id "r<k>", time times(k) (nil: null) and N = k,
// with N null on every seventh row.
func timedBatches(sizes []int, times func(k int) *int64) []*column.Batch {
	var out []*column.Batch
	k := 0
	for _, n := range sizes {
		b := column.NewBatch(tableTestSchema, n)
		for i := 0; i < n; i++ {
			t := column.Value{Type: column.DateTime, Null: true}
			if at := times(k); at != nil {
				t = column.Value{Type: column.DateTime, I: *at}
			}
			nv := column.Value{Type: column.Long, I: int64(k)}
			if k%7 == 0 {
				nv = column.Value{Type: column.Long, Null: true}
			}
			b.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("r%d", k)), t, nv})
			k++
		}
		out = append(out, b)
	}
	return out
}

// scanAll returns the rows a scan in ctx emits, as "Id@time/N" strings.
func scanAll(t *testing.T, tt *timeTable, ctx context.Context) []string {
	t.Helper()
	var out []string
	err := tt.Scan(ctx, table.ScanRequest{}, func(_ int, b *column.Batch) error {
		for i := 0; i < b.Len; i++ {
			out = append(out, fmt.Sprintf("%s@%s/%s", b.Cols[0].Strs[i], b.Cols[1].Value(i), b.Cols[2].Value(i)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTimeTableSortsAndWindows checks that rows out of time order, over
// several batches, are sorted stably with their columns (nulls included),
// that null times fall outside every window, and that a window sees
// exactly the rows with start <= time < end.
func TestTimeTableSortsAndWindows(t *testing.T) {
	const n = 3 + 9000 + 2
	at := func(k int) *int64 {
		if k%101 == 5 {
			return nil
		}
		v := int64((k * 7919) % 1000) // out of order, with ties
		return &v
	}
	tt := newTimeTable("T", tableTestSchema, timedBatches([]int{3, 9000, 2}, at))
	rows := scanAll(t, tt, context.Background())
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	for i := 1; i < len(tt.times); i++ {
		if tt.times[i] < tt.times[i-1] {
			t.Fatalf("times not sorted at %d: %d after %d", i, tt.times[i], tt.times[i-1])
		}
	}
	// Every row keeps its own time and N, and ties keep input order.
	want := map[string]bool{}
	for k := 0; k < n; k++ {
		ts, nv := "null", "null"
		if p := at(k); p != nil {
			ts = column.Value{Type: column.DateTime, I: *p}.String()
		}
		if k%7 != 0 {
			nv = fmt.Sprint(k)
		}
		want[fmt.Sprintf("r%d@%s/%s", k, ts, nv)] = true
	}
	last := map[int64]int{} // time -> number of the last row seen with it
	for i, r := range rows {
		if !want[r] {
			t.Fatalf("row %s is not an input row", r)
		}
		var k int
		fmt.Sscanf(r, "r%d@", &k)
		if prev, ok := last[tt.times[i]]; ok && prev > k {
			t.Fatalf("row r%d comes after r%d with the same time: the sort is not stable", k, prev)
		}
		last[tt.times[i]] = k
	}
	win := scanAll(t, tt, withWindow(context.Background(), window{start: 200, end: 300}))
	count := 0
	for k := 0; k < n; k++ {
		if p := at(k); p != nil && *p >= 200 && *p < 300 {
			count++
		}
	}
	if len(win) != count || count == 0 {
		t.Errorf("window [200, 300) has %d rows, want %d", len(win), count)
	}
}

// TestTimeTableKeepsSortedInput checks that rows already in time order are
// kept in order and cut into batches of at most batchRows rows.
func TestTimeTableKeepsSortedInput(t *testing.T) {
	at := func(k int) *int64 { v := int64(k / 3); return &v }
	bs := timedBatches([]int{10000}, at)
	tt := newTimeTable("T", tableTestSchema, bs)
	for _, b := range tt.batches {
		if b.Len > batchRows {
			t.Errorf("batch of %d rows", b.Len)
		}
	}
	rows := scanAll(t, tt, context.Background())
	for k, r := range rows {
		nv := "null"
		if k%7 != 0 {
			nv = fmt.Sprint(k)
		}
		if want := fmt.Sprintf("r%d@%s/%s", k, column.Value{Type: column.DateTime, I: int64(k / 3)}, nv); r != want {
			t.Fatalf("row %d is %s, want %s", k, r, want)
		}
	}
	if len(rows) != 10000 {
		t.Errorf("%d rows", len(rows))
	}
	win := scanAll(t, tt, withWindow(context.Background(), window{start: 1000, end: 2000}))
	first := fmt.Sprintf("r3000@%s/3000", column.Value{Type: column.DateTime, I: 1000})
	if len(win) != 3000 || win[0] != first {
		t.Errorf("window [1000, 2000): %d rows starting %v", len(win), win[:1])
	}
}
