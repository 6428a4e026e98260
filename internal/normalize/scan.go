package normalize

import (
	"context"
	"runtime"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// rowView reads the cells of one row of a scanned batch by column name.
type rowView struct {
	b   *column.Batch
	i   int
	idx map[string]int
	fs  *scannedFields
}

// fieldRef names a value inside a JSON object column (Column.Key...):
// sources read nested values they need this way, so that a file-backed
// table extracts them without building the objects (ingest.Field).
type fieldRef struct {
	ingest.Field
	name string // Column.Key1.Key2, as inputs name it
}

func textField(col string, keys ...string) fieldRef {
	f := ingest.Field{Column: col, Keys: keys, Type: column.String}
	return fieldRef{Field: f, name: f.Name()}
}

func realField(col string, keys ...string) fieldRef {
	f := ingest.Field{Column: col, Keys: keys, Type: column.Real}
	return fieldRef{Field: f, name: f.Name()}
}

// scannedFields says where a scan's rows hold each field: a column of its
// own (at[name], from ingest.FileTable.ScanFields) or inside the field's
// column, decoded (fallback).
type scannedFields struct {
	at map[string]int
}

// narrowed is a source table of which a view reads only the inputs in
// need (column names, and field names Column.Key...): scanFields reads
// nothing else, so the event fields computed from other inputs come out
// empty and the view must not output them (see viewInputs).
type narrowed struct {
	table.Table
	need map[string]bool
}

// narrow returns t restricted to the inputs in need (nil: all of them).
func narrow(t table.Table, need map[string]bool) table.Table {
	if need == nil {
		return t
	}
	return &narrowed{Table: t, need: need}
}

// scanRows scans t for the wanted columns that it has (all others read as
// empty) and calls fn for every row.
func scanRows(ctx context.Context, t table.Table, wanted []string, fn func(r rowView)) error {
	return scanFields(ctx, t, wanted, nil, fn)
}

// scanFields is scanRows with fields (rowView.text, rowView.real). The
// rows are t's rows when t has any of the wanted columns or of the
// fields' columns, and none otherwise, whatever a narrowed t needs: with
// nothing it needs, it scans one column to see the rows.
//
// Fast path: a table that extracts fields while scanning
// (ingest.FileTable) delivers each field as a column of its own, so no
// object is built; from any other table the fields' columns are scanned
// and each row's value walked, which gives the same values (ingest.Field
// defines them so).
func scanFields(ctx context.Context, t table.Table, wanted []string, fields []fieldRef, fn func(r rowView)) error {
	need := func(string) bool { return true }
	if n, ok := t.(*narrowed); ok {
		t, need = n.Table, func(name string) bool { return n.need[name] }
	}
	schema := t.Schema()
	cols := []string{} // not nil, which would mean every column
	var present []string
	idx := map[string]int{}
	add := func(name string) {
		if _, dup := idx[name]; !dup {
			idx[name] = len(cols)
			cols = append(cols, name)
		}
	}
	for _, name := range wanted {
		if schema.Index(name) >= 0 {
			present = append(present, name)
			if need(name) {
				add(name)
			}
		}
	}
	var want []fieldRef
	for _, f := range fields {
		if schema.Index(f.Column) >= 0 {
			present = append(present, f.Column)
			if need(f.name) {
				want = append(want, f)
			}
		}
	}
	if len(present) == 0 {
		return nil
	}
	if len(cols) == 0 && len(want) == 0 {
		add(present[0]) // only to count the rows
	}
	fs := &scannedFields{at: map[string]int{}}
	// Decoding runs on every CPU; rows reach fn one at a time, in order.
	req := table.ScanRequest{Columns: cols, Workers: runtime.NumCPU(), Ordered: true}
	emit := func(_ int, b *column.Batch) error {
		for i := 0; i < b.Len; i++ {
			fn(rowView{b: b, i: i, idx: idx, fs: fs})
		}
		return nil
	}
	if fsc, ok := t.(ingest.FieldScanner); ok && len(want) > 0 && fieldsScannable(schema, want) {
		list := make([]ingest.Field, len(want))
		for k, f := range want {
			list[k] = f.Field
			fs.at[f.name] = len(cols) + k
		}
		return fsc.ScanFields(ctx, req, list, emit)
	}
	for _, f := range want {
		add(f.Column)
	}
	req.Columns = cols
	return t.Scan(ctx, req, emit)
}

// fieldsScannable reports whether every field's column is one
// ingest.FileTable.ScanFields reads fields from (dynamic or string).
func fieldsScannable(schema column.Schema, fields []fieldRef) bool {
	for _, f := range fields {
		if typ := schema[schema.Index(f.Column)].Type; typ != column.Dynamic && typ != column.String {
			return false
		}
	}
	return true
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

// text returns the text of a field ("" when absent or null): pathStr of
// a dynamic cell, ingest.FieldText of JSON text in a string cell.
func (r rowView) text(f fieldRef) string {
	if c, ok := r.fs.at[f.name]; ok {
		return r.b.Cols[c].Strs[r.i]
	}
	c, ok := r.idx[f.Column]
	if !ok {
		return ""
	}
	if v := r.b.Cols[c]; v.Type == column.Dynamic {
		return pathStr(v.Dyns[r.i], f.Keys...)
	}
	return ingest.FieldText(r.val(f.Column).Text(), f.Keys...)
}

// real returns the number of a field, as text does (pathReal,
// ingest.FieldReal).
func (r rowView) real(f fieldRef) optFloat {
	if c, ok := r.fs.at[f.name]; ok {
		v := r.b.Cols[c]
		return optFloat{v.Reals[r.i], !v.Nulls.Get(r.i)}
	}
	c, ok := r.idx[f.Column]
	if !ok {
		return optFloat{}
	}
	if v := r.b.Cols[c]; v.Type == column.Dynamic {
		if x := pathReal(v.Dyns[r.i], f.Keys...); x != nil {
			return optFloat{*x, true}
		}
		return optFloat{}
	}
	x, ok := ingest.FieldReal(r.val(f.Column).Text(), f.Keys...)
	return optFloat{x, ok}
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
