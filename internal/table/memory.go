package table

import (
	"context"
	"fmt"

	"quarry/internal/column"
)

// Memory is a table whose rows are held in memory as batches.
type Memory struct {
	name    string
	schema  column.Schema
	batches []*column.Batch
}

// NewMemory returns an in-memory table; every batch must have schema's types.
func NewMemory(name string, schema column.Schema, batches ...*column.Batch) *Memory {
	return &Memory{name: name, schema: schema, batches: batches}
}

// Name returns the table name.
func (m *Memory) Name() string { return m.name }

// Schema returns the table schema.
func (m *Memory) Schema() column.Schema { return m.schema }

// Batches returns the stored batches (shared, do not modify).
func (m *Memory) Batches() []*column.Batch { return m.batches }

// Scan emits the stored batches, projected to req.Columns, from one worker.
func (m *Memory) Scan(ctx context.Context, req ScanRequest, emit func(int, *column.Batch) error) error {
	idx, schema, err := project(m.schema, req.Columns)
	if err != nil {
		return fmt.Errorf("table %s: %w", m.name, err)
	}
	for _, b := range m.batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		out := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(idx)), Len: b.Len}
		for i, c := range idx {
			out.Cols[i] = b.Cols[c]
		}
		if err := emit(0, out); err != nil {
			return err
		}
	}
	return nil
}

// project maps requested column names to positions in schema.
func project(schema column.Schema, cols []string) ([]int, column.Schema, error) {
	if cols == nil {
		idx := make([]int, len(schema))
		for i := range idx {
			idx[i] = i
		}
		return idx, schema, nil
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
