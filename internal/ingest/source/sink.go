package source

import (
	"fmt"
	"sort"

	"quarry/internal/column"
	"quarry/internal/table"
)

// BatchSize is the number of rows per batch in the tables a Sink builds.
const BatchSize = 8192

// MaxBadKept bounds how many bad records a Sink keeps; later ones are only
// counted.
const MaxBadKept = 1000

// Sink collects the rows families parse, per table, and the bad records
// they skip. A Sink may be shared by several Read calls (one per file) so
// that files of the same kind land in one table. It is not safe for
// concurrent use.
type Sink struct {
	strict   bool
	tables   map[string]*Builder
	bad      []table.BadRecord
	badCount int
	records  int
}

// NewSink returns an empty sink; with strict set, Bad returns the first bad
// record as an error.
func NewSink(strict bool) *Sink {
	return &Sink{strict: strict, tables: map[string]*Builder{}}
}

// Table returns the builder of the table called name, creating it with
// schema on first use. Later calls return the existing builder, whose
// schema stays the one given first: callers fill rows by column name
// through NewRow(b.Schema()).
func (s *Sink) Table(name string, schema column.Schema) *Builder {
	if b, ok := s.tables[name]; ok {
		return b
	}
	b := &Builder{name: name, schema: schema}
	s.tables[name] = b
	return b
}

// Bad records a skipped input record. In strict mode it returns the record
// as an error (which the family returns from Read); otherwise nil.
func (s *Sink) Bad(file string, line int, format string, args ...any) error {
	rec := table.BadRecord{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	s.badCount++
	if len(s.bad) < MaxBadKept {
		s.bad = append(s.bad, rec)
	}
	if s.strict {
		return rec
	}
	return nil
}

// Record counts one input record read (kept or not); families call it once
// per record so that callers can report what was read.
func (s *Sink) Record() { s.records++ }

// AddRecords counts n input records read at once (families that parse
// chunks in parallel count per chunk).
func (s *Sink) AddRecords(n int) { s.records += n }

// Records returns the number of input records read.
func (s *Sink) Records() int { return s.records }

// BadRecords returns the bad records kept (at most MaxBadKept).
func (s *Sink) BadRecords() []table.BadRecord { return s.bad }

// BadCount returns the number of bad records seen, kept or not.
func (s *Sink) BadCount() int { return s.badCount }

// Names returns the names of the tables with at least one row, sorted.
func (s *Sink) Names() []string {
	out := make([]string, 0, len(s.tables))
	for n, b := range s.tables {
		if b.Len() > 0 {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Builder returns the builder of table name, if the sink has it.
func (s *Sink) Builder(name string) (*Builder, bool) {
	b, ok := s.tables[name]
	return b, ok
}

// Tables returns the tables with at least one row as in-memory tables,
// sorted by name. The sink keeps appending to fresh batches afterwards.
func (s *Sink) Tables() []*table.Memory {
	var out []*table.Memory
	for _, n := range s.Names() {
		out = append(out, s.tables[n].Table())
	}
	return out
}

// Builder accumulates the rows of one table in batches of BatchSize rows.
type Builder struct {
	name    string
	schema  column.Schema
	batches []*column.Batch
	cur     *column.Batch
	rows    int
}

// Name returns the table name.
func (b *Builder) Name() string { return b.name }

// Schema returns the table schema (fixed at creation).
func (b *Builder) Schema() column.Schema { return b.schema }

// Len returns the number of rows appended.
func (b *Builder) Len() int { return b.rows }

// Append adds one row; row holds one value per schema column, of the
// column's type (a value of another type is stored as null).
func (b *Builder) Append(row []column.Value) {
	if b.cur == nil || b.cur.Len >= BatchSize {
		b.cur = column.NewBatch(b.schema, BatchSize)
		b.batches = append(b.batches, b.cur)
	}
	b.cur.AppendRow(row)
	b.rows++
}

// AppendBatch adds the rows of a batch built elsewhere (by a family's
// columnar fast path), which must have the builder's schema types. The
// builder keeps the batch as is, without copying; the next Append starts
// a new batch.
func (b *Builder) AppendBatch(batch *column.Batch) {
	if batch.Len == 0 {
		return
	}
	b.cur = nil
	b.batches = append(b.batches, batch)
	b.rows += batch.Len
}

// Table returns the rows so far as an in-memory table. Batches are shared
// with the builder; the next Append starts a new batch so that the
// returned table never changes.
func (b *Builder) Table() *table.Memory {
	b.cur = nil
	return table.NewMemory(b.name, b.schema, append([]*column.Batch(nil), b.batches...)...)
}
