package source

import "quarry/internal/column"

// FixedRow is a reusable row of a table whose cells are set by position in
// a family's own fixed column list rather than by name, for line-oriented
// families that fill every row the same way. Cells keep their values
// until set again.
type FixedRow struct {
	idx  []int // position in the table schema of each column of own
	vals []column.Value
}

// NewFixedRow returns a row of table (every cell null) whose cells Set
// addresses by their position in own. Columns of own that table lacks are
// dropped.
func NewFixedRow(own, table column.Schema) *FixedRow {
	r := &FixedRow{idx: make([]int, len(own)), vals: make([]column.Value, len(table))}
	for i, f := range own {
		r.idx[i] = table.Index(f.Name)
	}
	for i, f := range table {
		r.vals[i] = column.NullOf(f.Type)
	}
	return r
}

// Set stores v in column col of own, if the table has it.
func (r *FixedRow) Set(col int, v column.Value) {
	if i := r.idx[col]; i >= 0 {
		r.vals[i] = v
	}
}

// Values returns the cells in table schema order (shared; valid until the
// next Set).
func (r *FixedRow) Values() []column.Value { return r.vals }
