package hunt

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"quarry/internal/column"
	"quarry/internal/table"
)

// TimeColumn is the column a rule's time window applies to, as in Log
// Analytics: every table quarry loads into a known shape has it.
const TimeColumn = "TimeGenerated"

// batchRows is the size of the batches a windowed table stores.
const batchRows = 4096

// window is the time range a scan is limited to, carried in the context of
// one rule evaluation. Rows with start <= t < end are visible (start < t <=
// end when endInclusive).
type window struct {
	start, end int64 // column.DateTime ticks
}

type windowKey struct{}

// withWindow returns ctx limiting windowed tables to [start, end).
func withWindow(ctx context.Context, w window) context.Context {
	return context.WithValue(ctx, windowKey{}, w)
}

// timeTable is an in-memory table sorted by TimeGenerated whose scans see
// only the rows of the window in the scan's context (all rows without one).
// A table without a TimeGenerated column is never windowed.
type timeTable struct {
	name         string
	schema       column.Schema
	batches      []*column.Batch
	times        []int64 // TimeGenerated of every row, sorted; nil when not windowed
	endInclusive bool    // (start, end] instead of [start, end)
}

// newTimeTable sorts the rows of bs (all with schema) by TimeGenerated.
func newTimeTable(name string, schema column.Schema, bs []*column.Batch) *timeTable {
	return newTimeTableOn(name, TimeColumn, schema, bs)
}

// newTimeTableOn sorts the rows of bs (all with schema) by the column
// timeCol, which windows its scans. Input already in time order (a log
// written as it happened, or a prefix computed from a sorted table) is kept
// as it is, without a copy.
func newTimeTableOn(name, timeCol string, schema column.Schema, bs []*column.Batch) *timeTable {
	t := &timeTable{name: name, schema: schema}
	tc := schema.Index(timeCol)
	if tc < 0 || schema[tc].Type != column.DateTime {
		t.batches = split(bs)
		return t
	}
	t.times = timeKeys(bs, tc)
	if slices.IsSorted(t.times) {
		t.batches = split(bs)
		return t
	}
	order := make([]int, len(t.times))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(t.times[a], t.times[b]) })
	sorted := make([]int64, len(order))
	for i, o := range order {
		sorted[i] = t.times[o]
	}
	t.times = sorted
	t.batches = split([]*column.Batch{gatherRows(schema, bs, order)})
	return t
}

// gatherRows returns the rows of bs listed in order, numbering the rows of
// all batches consecutively, as one batch.
func gatherRows(schema column.Schema, bs []*column.Batch, order []int) *column.Batch {
	batchOf := make([]int32, 0, len(order))
	rowOf := make([]int32, 0, len(order))
	for k, b := range bs {
		for i := 0; i < b.Len; i++ {
			batchOf, rowOf = append(batchOf, int32(k)), append(rowOf, int32(i))
		}
	}
	out := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(schema)), Len: len(order)}
	parts := make([]*column.Vector, len(bs))
	for c, f := range schema {
		for k, b := range bs {
			parts[k] = b.Cols[c]
		}
		out.Cols[c] = gatherColumn(f.Type, parts, batchOf, rowOf, order)
	}
	return out
}

// gatherColumn returns the rows order of the vectors parts (row o is row
// rowOf[o] of parts[batchOf[o]]) as one vector of type t: what appending
// each with column.Vector.AppendFrom gives, copied with a typed loop per
// representation (the sign-in table and the view of a hunt are sorted by
// time this way, every column of every row).
func gatherColumn(t column.Type, parts []*column.Vector, batchOf, rowOf []int32, order []int) *column.Vector {
	nulls := false
	for _, p := range parts {
		if p.Type != t {
			return gatherAny(t, parts, batchOf, rowOf, order)
		}
		nulls = nulls || p.Nulls != nil
	}
	out := &column.Vector{Type: t}
	null := func(k, o int) bool {
		if !nulls || t == column.Dynamic || !parts[batchOf[o]].Nulls.Get(int(rowOf[o])) {
			return false
		}
		if t != column.String { // a null string is "" (AppendNull)
			out.Nulls.Set(k)
		}
		return true
	}
	switch n := len(order); {
	case t.UsesInts():
		out.Ints = make([]int64, n)
		for k, o := range order {
			if !null(k, o) {
				out.Ints[k] = parts[batchOf[o]].Ints[rowOf[o]]
			}
		}
	case t.UsesReals():
		out.Reals = make([]float64, n)
		for k, o := range order {
			if !null(k, o) {
				out.Reals[k] = parts[batchOf[o]].Reals[rowOf[o]]
			}
		}
	case t.UsesStrs():
		out.Strs = make([]string, n)
		for k, o := range order {
			if !null(k, o) {
				out.Strs[k] = parts[batchOf[o]].Strs[rowOf[o]]
			}
		}
	default:
		out.Dyns = make([]any, n)
		for k, o := range order {
			out.Dyns[k] = parts[batchOf[o]].Dyns[rowOf[o]]
		}
	}
	return out
}

// gatherAny is gatherColumn for parts of another type than t, converted
// value by value.
func gatherAny(t column.Type, parts []*column.Vector, batchOf, rowOf []int32, order []int) *column.Vector {
	v := column.NewVector(t, len(order))
	for _, o := range order {
		v.AppendFrom(parts[batchOf[o]], int(rowOf[o]))
	}
	return v
}

// timeKeys returns the sort key of every row: its time, or noTime.
func timeKeys(bs []*column.Batch, tc int) []int64 {
	n := 0
	for _, b := range bs {
		n += b.Len
	}
	keys := make([]int64, 0, n)
	for _, b := range bs {
		ts := b.Cols[tc]
		if ts.Nulls == nil {
			keys = append(keys, ts.Ints[:b.Len]...)
			continue
		}
		for i := 0; i < b.Len; i++ {
			if ts.Nulls.Get(i) {
				keys = append(keys, noTime)
			} else {
				keys = append(keys, ts.Ints[i])
			}
		}
	}
	return keys
}

// split cuts batches longer than batchRows into batches of batchRows rows,
// sharing their storage where a column has no null bitmap (slice), so that
// a window's scan copies at most its two edge batches.
func split(bs []*column.Batch) []*column.Batch {
	var out []*column.Batch
	for _, b := range bs {
		if b.Len <= batchRows {
			if b.Len > 0 {
				out = append(out, b)
			}
			continue
		}
		for lo := 0; lo < b.Len; lo += batchRows {
			hi := min(lo+batchRows, b.Len)
			part := &column.Batch{Schema: b.Schema, Cols: make([]*column.Vector, len(b.Cols)), Len: hi - lo}
			for c, v := range b.Cols {
				part.Cols[c] = slice(v, lo, hi, b.Len)
			}
			out = append(out, part)
		}
	}
	return out
}

func seq(lo, hi int) []int {
	s := make([]int, hi-lo)
	for i := range s {
		s[i] = lo + i
	}
	return s
}

// Name returns the table name.
func (t *timeTable) Name() string { return t.name }

// Resident reports true: the rows are in memory (table.Resident).
func (t *timeTable) Resident() bool { return true }

// Schema returns the table's (materialized) columns.
func (t *timeTable) Schema() column.Schema { return t.schema }

// Len returns the number of rows.
func (t *timeTable) Len() int {
	n := 0
	for _, b := range t.batches {
		n += b.Len
	}
	return n
}

// noTime is the sort key of rows without a time: first, outside every window.
const noTime = -1 << 62

// span returns the first and last row time; ok is false when the table has
// no timed rows or no time column.
func (t *timeTable) span() (lo, hi int64, ok bool) {
	i := sort.Search(len(t.times), func(i int) bool { return t.times[i] != noTime })
	if i == len(t.times) {
		return 0, 0, false
	}
	return t.times[i], t.times[len(t.times)-1], true
}

// rows returns the row range [lo, hi) visible in ctx's window.
func (t *timeTable) rows(ctx context.Context) (int, int) {
	w, ok := ctx.Value(windowKey{}).(window)
	if !ok || t.times == nil {
		return 0, t.Len()
	}
	if t.endInclusive {
		lo := sort.Search(len(t.times), func(i int) bool { return t.times[i] > w.start })
		hi := sort.Search(len(t.times), func(i int) bool { return t.times[i] > w.end })
		return lo, hi
	}
	lo := sort.Search(len(t.times), func(i int) bool { return t.times[i] >= w.start })
	hi := sort.Search(len(t.times), func(i int) bool { return t.times[i] >= w.end })
	return lo, hi
}

// Scan emits the rows of the window, projected to req.Columns.
func (t *timeTable) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	idx, schema, err := project(t.schema, req.Columns)
	if err != nil {
		return fmt.Errorf("table %s: %w", t.name, err)
	}
	lo, hi := t.rows(ctx)
	base := 0
	for _, b := range t.batches {
		from, to := max(lo-base, 0), min(hi-base, b.Len)
		base += b.Len
		if from >= to {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		out := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(idx)), Len: to - from}
		for i, c := range idx {
			out.Cols[i] = slice(b.Cols[c], from, to, b.Len)
		}
		if err := emit(0, out); err != nil {
			return err
		}
	}
	return nil
}

// slice returns rows [from, to) of v, sharing its storage unless v has a
// null bitmap (which cannot be shifted without a copy).
func slice(v *column.Vector, from, to, n int) *column.Vector {
	if from == 0 && to == n {
		return v
	}
	if v.Nulls != nil {
		return v.Gather(seq(from, to))
	}
	out := &column.Vector{Type: v.Type}
	switch {
	case v.Ints != nil:
		out.Ints = v.Ints[from:to:to]
	case v.Reals != nil:
		out.Reals = v.Reals[from:to:to]
	case v.Strs != nil:
		out.Strs = v.Strs[from:to:to]
	default:
		out.Dyns = v.Dyns[from:to:to]
	}
	return out
}

// project maps requested column names to positions in schema.
func project(schema column.Schema, cols []string) ([]int, column.Schema, error) {
	if cols == nil {
		cols = schema.Names()
	}
	idx := make([]int, len(cols))
	out := make(column.Schema, len(cols))
	for i, name := range cols {
		j := schema.Index(name)
		if j < 0 {
			return nil, nil, fmt.Errorf("no column %q", name)
		}
		idx[i], out[i] = j, schema[j]
	}
	return idx, out, nil
}

// probeTable stands in for a real table while a rule runs once over no
// rows: it records the columns the rule reads.
type probeTable struct {
	name   string
	schema column.Schema
	mu     sync.Mutex
	cols   map[string]bool
	used   bool
}

func (p *probeTable) Name() string          { return p.name }
func (p *probeTable) Schema() column.Schema { return p.schema }

// Scan records the requested columns and emits nothing.
func (p *probeTable) Scan(_ context.Context, req table.ScanRequest, _ func(int, *column.Batch) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.used = true
	cols := req.Columns
	if cols == nil {
		cols = p.schema.Names()
	}
	for _, c := range cols {
		p.cols[c] = true
	}
	return nil
}
