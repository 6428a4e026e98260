package ingest

import (
	"context"
	"errors"

	"quarry/internal/column"
	"quarry/internal/table"
)

// FileTable is a table.Table backed by files that are read again on every
// scan, decoding only the requested columns.
type FileTable struct {
	name      string
	schema    column.Schema
	files     []*File
	constType bool // Type holds the table name rather than data
	opt       Options
}

var _ table.Table = (*FileTable)(nil)

// NewFileTable opens the files at paths (any mix of the recognised formats)
// as one table called name.
//
// Schema: when table.KnownSchema knows name, its documented columns and
// types come first and win; columns found only in the data follow with
// inferred types, and the Type column always holds name. Otherwise every
// column is inferred from a sample of each file (types merged across
// files), and a Type column holding name is added unless the data has one.
func NewFileTable(name string, paths []string, opt Options) (*FileTable, error) {
	if len(paths) == 0 {
		return nil, errors.New("table " + name + ": no files")
	}
	opt = opt.withDefaults()
	t := &FileTable{name: name, opt: opt}
	inf := newInference()
	for _, p := range paths {
		f, err := Open(p, opt)
		if err != nil {
			return nil, err
		}
		t.files = append(t.files, f)
		inf.merge(f.inf)
	}
	t.schema, t.constType = tableSchema(name, inf)
	return t, nil
}

// tableSchema combines the documented schema (if any) with inferred
// columns; constType reports whether Type is the constant table name.
func tableSchema(name string, inf *inference) (column.Schema, bool) {
	inferred := inf.schema()
	if known, ok := table.KnownSchema(name); ok {
		for _, f := range inferred {
			if known.Index(f.Name) < 0 {
				known = append(known, f)
			}
		}
		return known, true
	}
	if inferred.Index("Type") >= 0 {
		return inferred, false
	}
	return append(inferred, column.Field{Name: "Type", Type: column.String}), true
}

// Name returns the table name.
func (t *FileTable) Name() string { return t.name }

// Schema returns the table's columns.
func (t *FileTable) Schema() column.Schema { return t.schema }

// Files returns the files feeding the table, with their formats.
func (t *FileTable) Files() []*File { return t.files }

// Scan reads every file and emits batches holding req.Columns. See the
// package documentation for how work is split across req.Workers.
func (t *FileTable) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	p, err := newPlan(t.name, t.schema, t.constType, req.Columns, t.opt.BatchSize)
	if err != nil {
		return err
	}
	sc := newScan(ctx, t, p, req, emit)
	return sc.run()
}
