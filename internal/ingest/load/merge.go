package load

import (
	"context"

	"quarry/internal/column"
	"quarry/internal/table"
)

// merged is one table fed by several parts (for example AWSCloudTrail from
// CloudTrail JSON files and from a Sentinel CSV export). Its schema is the
// first part's columns followed by columns only later parts have. A part
// that lacks a requested column, or has it with another type, yields nulls
// for it: the parts' own documented types normally agree, so this only
// happens for columns a format does not carry.
type merged struct {
	name   string
	schema column.Schema
	parts  []table.Table
}

// mergeTables combines parts into one table called name.
func mergeTables(name string, parts ...table.Table) *merged {
	m := &merged{name: name, parts: parts}
	for _, p := range parts {
		for _, f := range p.Schema() {
			if m.schema.Index(f.Name) < 0 {
				m.schema = append(m.schema, f)
			}
		}
	}
	return m
}

// Name returns the table name.
func (m *merged) Name() string { return m.name }

// Schema returns the union of the parts' columns.
func (m *merged) Schema() column.Schema { return m.schema }

// Scan scans each part in turn, filling what a part lacks with nulls.
func (m *merged) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	want := req.Columns
	if want == nil {
		want = m.schema.Names()
	}
	for _, p := range m.parts {
		if err := m.scanPart(ctx, p, want, req, emit); err != nil {
			return err
		}
	}
	return nil
}

func (m *merged) scanPart(ctx context.Context, p table.Table, want []string, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	own := p.Schema()
	var have []string
	for _, name := range want {
		if i := own.Index(name); i >= 0 && own[i].Type == m.schema[m.schema.Index(name)].Type {
			have = append(have, name)
		}
	}
	sub := req
	sub.Columns = have
	if sub.Columns == nil {
		sub.Columns = []string{}
	}
	return p.Scan(ctx, sub, func(worker int, b *column.Batch) error {
		return emit(worker, m.widen(b, want))
	})
}

// widen returns b with exactly the columns in want, nulls where b has none.
func (m *merged) widen(b *column.Batch, want []string) *column.Batch {
	out := &column.Batch{Schema: make(column.Schema, len(want)), Cols: make([]*column.Vector, len(want)), Len: b.Len}
	for i, name := range want {
		f := m.schema[m.schema.Index(name)]
		out.Schema[i] = f
		if j := b.Schema.Index(name); j >= 0 {
			out.Cols[i] = b.Cols[j]
			continue
		}
		out.Cols[i] = column.Constant(column.NullOf(f.Type), b.Len)
	}
	return out
}
