package hunt

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"quarry/internal/column"
	"quarry/internal/ingest"
	"quarry/internal/table"
)

// sharing makes a hunt read every source table once, for the rules and
// for the views built from it (loadShared); only tests turn it off
// (export_test.go), to compare with one load per table the rules read
// (load), in which a view scans its sources again.
var sharing = true

// reads is what is read of one table: columns, JSON fields (through
// ScanFields), and by how many scans.
type reads struct {
	all    bool // every column
	cols   map[string]bool
	fields map[fieldKey]ingest.Field
	scans  int
}

// add records one scan of cols (nil: all) and fields.
func (r *reads) add(cols []string, fields []ingest.Field) {
	r.init()
	r.scans++
	r.all = r.all || cols == nil
	for _, c := range cols {
		r.cols[c] = true
	}
	for _, f := range fields {
		r.fields[keyOf(f)] = f
	}
}

// merge adds the reads of o.
func (r *reads) merge(o *reads) {
	r.init()
	r.scans += o.scans
	r.all = r.all || o.all
	for c := range o.cols {
		r.cols[c] = true
	}
	for k, f := range o.fields {
		r.fields[k] = f
	}
}

// init makes r's sets.
func (r *reads) init() {
	if r.cols == nil {
		r.cols, r.fields = map[string]bool{}, map[fieldKey]ingest.Field{}
	}
}

// columns returns the columns read, in schema's order.
func (r *reads) columns(schema column.Schema) []string {
	out := []string{}
	for _, f := range schema {
		if r.all || r.cols[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}

// fieldList returns the fields read, sorted by name and type.
func (r *reads) fieldList() []ingest.Field {
	var out []ingest.Field
	for _, f := range r.fields {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := keyOf(out[i]), keyOf(out[j])
		return a.name < b.name || a.name == b.name && a.typ < b.typ
	})
	return out
}

// recorder stands in for a source table while a view is built from no
// rows (probeView): it records what the build reads and emits nothing.
type recorder struct {
	t  table.Table
	mu sync.Mutex
	r  reads
}

// Name returns the source table's name.
func (p *recorder) Name() string { return p.t.Name() }

// Schema returns the source table's columns.
func (p *recorder) Schema() column.Schema { return p.t.Schema() }

// Scan records the requested columns.
func (p *recorder) Scan(_ context.Context, req table.ScanRequest, _ func(int, *column.Batch) error) error {
	p.record(req.Columns, nil)
	return nil
}

// record adds one scan of cols and fields.
func (p *recorder) record(cols []string, fields []ingest.Field) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.r.add(cols, fields)
}

// fieldRecorder is a recorder of a table with ScanFields.
type fieldRecorder struct{ *recorder }

// ScanFields records the requested columns and fields.
func (p fieldRecorder) ScanFields(_ context.Context, req table.ScanRequest, fields []ingest.Field, _ func(int, *column.Batch) error) error {
	p.record(req.Columns, fields)
	return nil
}

// probeView builds d's columns cols from recorders of its sources and
// returns those the build read, by name.
func probeView(ctx context.Context, d table.Derived, cols []string) (map[string]*recorder, error) {
	var mu sync.Mutex
	recs := map[string]*recorder{}
	_, err := d.BuildWith(ctx, func(t table.Table) table.Table {
		r := &recorder{t: t}
		mu.Lock()
		recs[t.Name()] = r
		mu.Unlock()
		if _, ok := t.(ingest.FieldScanner); ok {
			return fieldRecorder{r}
		}
		return r
	}, cols)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", d.Name(), err)
	}
	for name, r := range recs {
		if r.r.scans == 0 {
			delete(recs, name)
		}
	}
	return recs, nil
}
