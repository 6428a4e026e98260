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

// TestGatherColumnMatchesAppendFrom checks the typed gather that sorts a
// loaded table by time against column.Vector.AppendFrom row by row, for
// every representation, with nulls (a null string is "", a null guid
// keeps its flag), dynamic nils, parts without null bitmaps, and a part
// of another type (converted).
func TestGatherColumnMatchesAppendFrom(t *testing.T) {
	types := []column.Type{column.Bool, column.Long, column.Real, column.String, column.GUID, column.DateTime, column.Dynamic}
	value := func(typ column.Type, k int) column.Value {
		if k%5 == 0 {
			return column.NullOf(typ)
		}
		switch typ {
		case column.Bool:
			return column.BoolValue(k%2 == 0)
		case column.Real:
			return column.RealValue(float64(k) / 4)
		case column.String, column.GUID:
			return column.Value{Type: typ, S: fmt.Sprintf("v%d", k)}
		case column.Dynamic:
			return column.DynamicValue(map[string]any{"k": float64(k)})
		}
		return column.Value{Type: typ, I: int64(k * 3)}
	}
	for _, typ := range types {
		for _, mixed := range []bool{false, true} {
			var parts []*column.Vector
			var batchOf, rowOf []int32
			k := 0
			for p, n := range []int{7, 1, 12, 5} {
				pt := typ
				if mixed && p == 2 {
					pt = column.String // converted value by value
					if typ == column.String {
						pt = column.Long
					}
				}
				v := column.NewVector(pt, n)
				for i := 0; i < n; i++ {
					x := value(typ, k)
					if pt != typ {
						x = value(pt, k)
					}
					if p == 1 && !x.IsNull() || p != 1 {
						v.Append(x)
					} else {
						v.Append(value(typ, k+1)) // a part without nulls
					}
					batchOf, rowOf = append(batchOf, int32(p)), append(rowOf, int32(i))
					k++
				}
				if pt == column.String && p == 0 {
					v.Nulls.Set(3) // a string flagged null (read as "")
				}
				parts = append(parts, v)
			}
			order := make([]int, k)
			for i := range order {
				order[i] = (i * 7) % k // a permutation: k = 25 is prime to 7
			}
			want := column.NewVector(typ, k)
			for _, o := range order {
				want.AppendFrom(parts[batchOf[o]], int(rowOf[o]))
			}
			got := gatherColumn(typ, parts, batchOf, rowOf, order)
			for i := range order {
				if g, w := got.Value(i), want.Value(i); g.IsNull() != w.IsNull() || g.Text() != w.Text() || g.Type != w.Type {
					t.Fatalf("%s (mixed %v) row %d: %v, want %v", typ, mixed, i, g, w)
				}
			}
			if !mixed && typ != column.Dynamic && (got.Nulls == nil) != (want.Nulls == nil) {
				t.Errorf("%s: null bitmap %v, want %v", typ, got.Nulls, want.Nulls)
			}
		}
	}
}

// TestGatherColumnRunsMatchAppendFrom: parts without nulls, in an order
// that is mostly runs of consecutive rows (some of them crossing from one
// part to the next) with rows moved out of place, as a nearly time-ordered
// log sorts, must give what AppendFrom gives row by row.
func TestGatherColumnRunsMatchAppendFrom(t *testing.T) {
	for _, typ := range []column.Type{column.Long, column.Real, column.String, column.Dynamic} {
		var parts []*column.Vector
		var batchOf, rowOf []int32
		k := 0
		for p, n := range []int{40, 3, 25, 60} {
			v := column.NewVector(typ, n)
			for i := 0; i < n; i++ {
				switch typ {
				case column.Real:
					v.Append(column.RealValue(float64(k) / 2))
				case column.String:
					v.Append(column.StringValue(fmt.Sprint("s", k)))
				case column.Dynamic:
					v.Append(column.DynamicValue(float64(k)))
				default:
					v.Append(column.LongValue(int64(k)))
				}
				batchOf, rowOf = append(batchOf, int32(p)), append(rowOf, int32(i))
				k++
			}
			parts = append(parts, v)
		}
		order := make([]int, k)
		for i := range order {
			order[i] = i
		}
		for _, sw := range [][2]int{{5, 90}, {41, 42}, {70, 10}, {127, 0}} {
			order[sw[0]], order[sw[1]] = order[sw[1]], order[sw[0]]
		}
		want := column.NewVector(typ, k)
		for _, o := range order {
			want.AppendFrom(parts[batchOf[o]], int(rowOf[o]))
		}
		got := gatherColumn(typ, parts, batchOf, rowOf, order)
		for i := range order {
			if g, w := got.Value(i), want.Value(i); g.Text() != w.Text() || g.Type != w.Type {
				t.Fatalf("%s row %d: %v, want %v", typ, i, g, w)
			}
		}
	}
}
