package hunt

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"quarry/internal/column"
	"quarry/internal/ingest"
	"quarry/internal/table"
)

// fieldKey identifies a field of a scan (ingest.FileTable keys them so).
type fieldKey struct {
	name string
	typ  column.Type
}

// keyOf returns the key of f.
func keyOf(f ingest.Field) fieldKey { return fieldKey{f.Name(), f.Type} }

// errTainted is the error of a store whose scan skipped a record: a
// narrower scan of the same table might have kept it (a value is checked
// in full only when decoded), so the store cannot stand for the scans it
// replaces, and its readers read the table itself instead.
var errTainted = errors.New("shared scan skipped a record")

// store holds the rows of one scan of a source table, with every column
// and field the hunt reads of it: its readers (the hunt's own copy of the
// table and the views built from it) get them from memory while the scan
// is still running, in the table's order.
type store struct {
	t       table.Table
	cols    []string       // stored columns, never nil
	fields  []ingest.Field // stored fields, after the columns
	colAt   map[string]int
	fieldAt map[fieldKey]int

	mu      sync.Mutex
	batches []*column.Batch
	more    chan struct{} // closed when batches grow or the scan ends
	done    bool
	err     error
}

// newStore returns the store of t for columns cols and fields.
func newStore(t table.Table, cols []string, fields []ingest.Field) *store {
	s := &store{t: t, cols: cols, fields: fields, colAt: map[string]int{}, fieldAt: map[fieldKey]int{}, more: make(chan struct{})}
	if s.cols == nil {
		s.cols = []string{}
	}
	for i, c := range s.cols {
		s.colAt[c] = i
	}
	for i, f := range fields {
		s.fieldAt[keyOf(f)] = len(s.cols) + i
	}
	return s
}

// load scans the table once, decoding on every CPU and keeping its
// order, as materialize does.
func (s *store) load(ctx context.Context) {
	req := table.ScanRequest{Columns: s.cols, Workers: runtime.NumCPU(), Ordered: true, Transient: true, BadRecord: s.bad}
	emit := func(_ int, b *column.Batch) error {
		s.update(func() { s.batches = append(s.batches, b) })
		return nil
	}
	var err error
	if fs, ok := s.t.(ingest.FieldScanner); ok && len(s.fields) > 0 {
		err = fs.ScanFields(ctx, req, s.fields, emit)
	} else {
		err = s.t.Scan(ctx, req, emit)
	}
	var br table.BadRecord
	if errors.As(err, &br) {
		err = errTainted // strict: let the narrower scans decide
	}
	s.update(func() {
		s.done = true
		if s.err == nil {
			s.err = err
		}
	})
}

// bad taints the store at the first skipped record and stops the scan.
// A value stored as null leaves its row in place whatever the columns
// (table.BadRecord.Kept), so it does not taint.
func (s *store) bad(rec table.BadRecord) error {
	if rec.Kept {
		return nil
	}
	s.update(func() { s.err = errTainted })
	return errTainted
}

// update changes the store under its lock and wakes its readers.
func (s *store) update(change func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change()
	close(s.more)
	s.more = make(chan struct{})
}

// tainted reports whether the store failed as errTainted.
func (s *store) tainted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == errTainted
}

// batch returns the i'th stored batch, waiting for it; nil, with the
// scan's error, after the last one. A failed scan fails every reader at
// once, even one that has batches left.
func (s *store) batch(ctx context.Context, i int) (*column.Batch, error) {
	for {
		b, more, err := s.next(i)
		if more == nil {
			return b, err
		}
		select {
		case <-more:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// next returns the i'th batch when the store has it; otherwise the
// channel to wait on for it, or, when the scan has ended, nil and the
// scan's error.
func (s *store) next(i int) (*column.Batch, chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.err != nil:
		return nil, nil, s.err
	case i < len(s.batches):
		return s.batches[i], nil, nil
	case s.done:
		return nil, nil, nil
	}
	return nil, s.more, nil
}

// each calls fn with every batch, in order, as the scan delivers them.
func (s *store) each(ctx context.Context, fn func(*column.Batch) error) error {
	for i := 0; ; i++ {
		b, err := s.batch(ctx, i)
		if b == nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

// positions returns where the stored batches hold cols (nil: all the
// table's columns) and fields, and the schema of batches holding them;
// ok is false when the store lacks one.
func (s *store) positions(cols []string, fields []ingest.Field) (idx []int, schema column.Schema, ok bool) {
	all := s.t.Schema()
	if cols == nil {
		cols = all.Names()
	}
	for _, c := range cols {
		at, have := s.colAt[c]
		if !have {
			return nil, nil, false
		}
		idx, schema = append(idx, at), append(schema, all[all.Index(c)])
	}
	for _, f := range fields {
		at, have := s.fieldAt[keyOf(f)]
		if !have {
			return nil, nil, false
		}
		idx, schema = append(idx, at), append(schema, column.Field{Name: f.Name(), Type: f.Type})
	}
	return idx, schema, true
}

// serve emits the stored batches projected to idx, with schema, from
// worker 0 in order.
func (s *store) serve(ctx context.Context, idx []int, schema column.Schema, emit func(int, *column.Batch) error) error {
	return s.each(ctx, func(b *column.Batch) error {
		return emit(0, pick(b, idx, schema))
	})
}

// pick returns the columns idx of b as a batch with schema.
func pick(b *column.Batch, idx []int, schema column.Schema) *column.Batch {
	out := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(idx)), Len: b.Len}
	for i, c := range idx {
		out.Cols[i] = b.Cols[c]
	}
	return out
}

// huntTable returns the hunt's table name from the stored rows: what
// fill makes of a scan of the table itself for need.
func (s *store) huntTable(ctx context.Context, name string, need map[string]bool) (*timeTable, error) {
	cols, fields := huntColumns(s.t.Schema(), need)
	idx, schema, ok := s.positions(cols, nil)
	if !ok {
		return nil, errTainted // cannot happen: the store holds them
	}
	var bs []*column.Batch
	err := s.each(ctx, func(b *column.Batch) error {
		bs = append(bs, pick(b, idx, schema))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return newTimeTable(name, fields, bs), nil
}

// table returns the table that reads the store: with ScanFields when the
// source table has it, as the views test for.
func (s *store) table() table.Table {
	if _, ok := s.t.(ingest.FieldScanner); ok {
		return sharedFields{shared{s}}
	}
	return shared{s}
}

// shared is a source table read from its store: a scan of stored columns
// gets the rows loaded once (req.BadRecord is not told again about the
// records the load skipped); any other scan reads the table itself.
type shared struct{ s *store }

// Name returns the source table's name.
func (t shared) Name() string { return t.s.t.Name() }

// Schema returns the source table's columns.
func (t shared) Schema() column.Schema { return t.s.t.Schema() }

// Scan emits the stored rows of req.Columns, or scans the source table
// when they are not all stored.
func (t shared) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	idx, schema, ok := t.s.positions(req.Columns, nil)
	if !ok {
		return t.s.t.Scan(ctx, req, emit)
	}
	return t.s.serve(ctx, idx, schema, emit)
}

// sharedFields is shared over a table with ScanFields.
type sharedFields struct{ shared }

// ScanFields emits the stored rows of req.Columns and fields, or scans
// the source table when they are not all stored.
func (t sharedFields) ScanFields(ctx context.Context, req table.ScanRequest, fields []ingest.Field, emit func(int, *column.Batch) error) error {
	idx, schema, ok := t.s.positions(req.Columns, fields)
	if !ok {
		return t.s.t.(ingest.FieldScanner).ScanFields(ctx, req, fields, emit)
	}
	return t.s.serve(ctx, idx, schema, emit)
}
