package column

import "strings"

// Field is a named, typed column of a schema.
type Field struct {
	Name string
	Type Type
}

// Schema is an ordered list of fields.
type Schema []Field

// Index returns the position of the column called name, or -1. Column names
// are case-sensitive in KQL.
func (s Schema) Index(name string) int {
	for i, f := range s {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Names returns the column names in order.
func (s Schema) Names() []string {
	out := make([]string, len(s))
	for i, f := range s {
		out[i] = f.Name
	}
	return out
}

// String renders the schema as "a:long, b:string".
func (s Schema) String() string {
	parts := make([]string, len(s))
	for i, f := range s {
		parts[i] = f.Name + ":" + f.Type.String()
	}
	return strings.Join(parts, ", ")
}

// Batch is a set of equally long column vectors described by a schema.
type Batch struct {
	Schema Schema
	Cols   []*Vector
	Len    int
}

// NewBatch returns an empty batch for schema with room for n rows per column.
func NewBatch(schema Schema, n int) *Batch {
	b := &Batch{Schema: schema, Cols: make([]*Vector, len(schema))}
	for i, f := range schema {
		b.Cols[i] = NewVector(f.Type, n)
	}
	return b
}

// AppendRow appends one row of values, one per column.
func (b *Batch) AppendRow(row []Value) {
	for i, c := range b.Cols {
		c.Append(row[i])
	}
	b.Len++
}

// Row returns row i as boxed values.
func (b *Batch) Row(i int) []Value {
	out := make([]Value, len(b.Cols))
	for c, v := range b.Cols {
		out[c] = v.Value(i)
	}
	return out
}

// Gather returns a new batch with the rows listed in sel.
func (b *Batch) Gather(sel []int) *Batch {
	out := &Batch{Schema: b.Schema, Cols: make([]*Vector, len(b.Cols)), Len: len(sel)}
	for i, c := range b.Cols {
		out.Cols[i] = c.Gather(sel)
	}
	return out
}

// Concat appends the rows of other, which must have the same schema types.
func (b *Batch) Concat(other *Batch) {
	for c, v := range other.Cols {
		for i := 0; i < other.Len; i++ {
			b.Cols[c].AppendFrom(v, i)
		}
	}
	b.Len += other.Len
}
