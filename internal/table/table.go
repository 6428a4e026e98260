// Package table is quarry's table catalog: named tables with schemas that
// the KQL engine scans. A table may live in memory or be backed by files
// that are read on every scan, decoding only the requested columns.
package table

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"quarry/internal/column"
)

// Table is a named source of rows with a fixed schema.
type Table interface {
	// Name is the table's KQL name (SigninLogs, Syslog, ...).
	Name() string
	// Schema lists every column the table has.
	Schema() column.Schema
	// Scan streams the table's rows as batches holding exactly
	// req.Columns, in that order (all columns when req.Columns is nil).
	// emit may be called from up to req.Workers goroutines at once; worker
	// identifies the calling goroutine (0 <= worker < max(req.Workers, 1)),
	// so a caller can keep per-worker state without locks. A non-nil error
	// from emit stops the scan and is returned.
	Scan(ctx context.Context, req ScanRequest, emit func(worker int, b *column.Batch) error) error
}

// Derived is a table computed from other tables (a normalized view).
type Derived interface {
	Table
	// BuildWith computes the table's columns cols (nil: all of them) as
	// a scan would, caching nothing, but reads each of its source tables
	// t through with(t): a caller that holds the source rows already (a
	// hunt) builds the table from those, and one that passes stand-ins
	// emitting no rows learns what a build reads. with must return a
	// table of t's name and schema; it is called once per source, before
	// the build reads any. The result holds at least cols: scan it for
	// them.
	BuildWith(ctx context.Context, with func(Table) Table, cols []string) (Table, error)
}

// ScanRequest says what a scan must produce.
type ScanRequest struct {
	Columns []string // nil means every column
	Workers int      // maximum concurrent emit calls; <= 1 means one
	// Ordered asks for the rows in the table's order, emitted one batch
	// at a time from worker 0, while up to Workers goroutines may still
	// decode: for callers that build something row by row (a normalized
	// view) or keep the file's order (a hunt's time-sorted tables, where
	// rows with equal times keep it). Tables that emit from one goroutine
	// in order anyway need do nothing.
	Ordered bool
	// Transient says the caller keeps the rows it reads itself: a table
	// computed on first scan (a normalized view) need not keep its
	// result for later scans (it is computed again if one comes). A hunt
	// loads each table once into its own time-sorted copy.
	Transient bool
	// BadRecord, when set, is told about every record a file-backed table
	// skips because it cannot be decoded. Returning an error (strict mode)
	// stops the scan with that error.
	BadRecord func(BadRecord) error
}

// BadRecord describes a skipped input record.
type BadRecord struct {
	File string
	Line int // 1-based line (or record number for formats without lines)
	Msg  string
	// Kept says the record's row was emitted anyway: a value that did not
	// convert to its column's type is stored null. Otherwise the record
	// was skipped.
	Kept bool
}

// Error renders the record clang-style: "file:line: message".
func (b BadRecord) Error() string { return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Msg) }

// Catalog resolves table names.
type Catalog interface {
	Lookup(name string) (Table, bool)
	Names() []string
}

// Set is a simple thread-safe Catalog.
type Set struct {
	mu     sync.RWMutex
	tables map[string]Table
}

// NewSet returns a catalog holding tables.
func NewSet(tables ...Table) *Set {
	s := &Set{tables: map[string]Table{}}
	for _, t := range tables {
		s.Add(t)
	}
	return s
}

// Add adds or replaces a table.
func (s *Set) Add(t Table) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tables[t.Name()] = t
}

// Lookup returns the table called name.
func (s *Set) Lookup(name string) (Table, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tables[name]
	return t, ok
}

// Names returns the table names, sorted.
func (s *Set) Names() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.tables))
	for n := range s.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
