package normalize

import (
	"context"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// rowView reads the cells of one row of a scanned batch by column name.
type rowView struct {
	b   *column.Batch
	i   int
	idx map[string]int
}

// scanRows scans t for the wanted columns that it has (all others read as
// empty) and calls fn for every row.
func scanRows(ctx context.Context, t table.Table, wanted []string, fn func(r rowView)) error {
	schema := t.Schema()
	var cols []string
	idx := map[string]int{}
	for _, name := range wanted {
		if _, dup := idx[name]; !dup && schema.Index(name) >= 0 {
			idx[name] = len(cols)
			cols = append(cols, name)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	return t.Scan(ctx, table.ScanRequest{Columns: cols, Workers: 1}, func(_ int, b *column.Batch) error {
		for i := 0; i < b.Len; i++ {
			fn(rowView{b: b, i: i, idx: idx})
		}
		return nil
	})
}

// val returns the cell of column name (a null of type Invalid when the
// table lacks it).
func (r rowView) val(name string) column.Value {
	c, ok := r.idx[name]
	if !ok {
		return column.Value{Null: true}
	}
	return r.b.Cols[c].Value(r.i)
}

// str returns the cell as text ("" for nulls and missing columns).
func (r rowView) str(name string) string {
	v := r.val(name)
	if v.Type == column.Invalid {
		return ""
	}
	return v.Text()
}

// num returns the cell as an integer (also from numeric text, decimal or
// 0x-hex); ok is false for nulls and non-numbers.
func (r rowView) num(name string) (int64, bool) {
	v := r.val(name)
	switch {
	case v.IsNull() || v.Type == column.Invalid:
		return 0, false
	case v.Type.IsInteger():
		return v.I, true
	}
	x, ok := source.Convert(v.Text(), column.Long)
	return x.I, ok
}

// ticks returns a datetime cell (or a timestamp string) as ticks.
func (r rowView) ticks(name string) (int64, bool) {
	v := r.val(name)
	switch {
	case v.IsNull() || v.Type == column.Invalid:
		return 0, false
	case v.Type == column.DateTime:
		return v.I, true
	}
	return source.ParseTime(v.Text(), nil)
}

// dyn returns a dynamic cell, or a string cell holding JSON decoded (the
// non-interactive sign-in table keeps its objects as JSON text).
func (r rowView) dyn(name string) any {
	v := r.val(name)
	if v.Type == column.Dynamic {
		return v.D
	}
	s := strings.TrimSpace(v.Text())
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return nil
	}
	d, err := source.DecodeJSON([]byte(s))
	if err != nil {
		return nil
	}
	return d
}

// path walks a dynamic value along object keys.
func path(d any, keys ...string) any {
	for _, k := range keys {
		m, ok := d.(map[string]any)
		if !ok {
			return nil
		}
		d = m[k]
	}
	return d
}

// pathStr returns the text at the end of a path ("" when absent or null).
func pathStr(d any, keys ...string) string {
	v := path(d, keys...)
	if v == nil {
		return ""
	}
	return source.Text(v)
}

// pathReal returns the number at the end of a path.
func pathReal(d any, keys ...string) *float64 {
	switch v := path(d, keys...).(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}
