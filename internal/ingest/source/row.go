package source

import (
	"math"
	"strconv"
	"strings"

	"quarry/internal/column"
)

// Row is a reusable row of one schema whose cells are set by column name,
// converting decoded values to the column types.
type Row struct {
	schema column.Schema
	index  map[string]int
	vals   []column.Value
}

// NewRow returns an empty row (every cell null) for schema.
func NewRow(schema column.Schema) *Row {
	r := &Row{schema: schema, index: make(map[string]int, len(schema)), vals: make([]column.Value, len(schema))}
	for i, f := range schema {
		r.index[f.Name] = i
	}
	r.Reset()
	return r
}

// Reset makes every cell null ("" for strings).
func (r *Row) Reset() {
	for i, f := range r.schema {
		r.vals[i] = column.NullOf(f.Type)
	}
}

// Index returns the position of column name, or -1.
func (r *Row) Index(name string) int {
	if i, ok := r.index[name]; ok {
		return i
	}
	return -1
}

// Has reports whether the schema has column name.
func (r *Row) Has(name string) bool {
	_, ok := r.index[name]
	return ok
}

// Set converts x (a decoded JSON value or a Go scalar) to the type of
// column name and stores it; unknown columns are ignored. It reports
// whether the value was stored.
func (r *Row) Set(name string, x any) bool {
	i, ok := r.index[name]
	if !ok {
		return false
	}
	v, ok := Convert(x, r.schema[i].Type)
	r.vals[i] = v
	return ok
}

// SetValue stores an already typed value in column name, if it exists.
func (r *Row) SetValue(name string, v column.Value) {
	if i, ok := r.index[name]; ok {
		r.vals[i] = v
	}
}

// Get returns the current value of column name (a null when unknown).
func (r *Row) Get(name string) column.Value {
	if i, ok := r.index[name]; ok {
		return r.vals[i]
	}
	return column.Value{Type: column.Invalid, Null: true}
}

// Values returns the cells in schema order (shared; valid until the next
// change).
func (r *Row) Values() []column.Value { return r.vals }

// Path follows keys through nested decoded JSON objects and returns the
// value found, or nil when a step is missing or not an object.
func Path(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// Convert turns a decoded JSON value (nil, bool, int64, float64, string,
// []any, map[string]any, json.Number after Normalize) into a value of type
// t. It returns a null of t (and false) when x is nil or does not convert.
// Strings never fail: any value renders as text (objects as compact JSON).
func Convert(x any, t column.Type) (column.Value, bool) {
	null := column.NullOf(t)
	if x == nil {
		return null, false
	}
	switch t {
	case column.String:
		return column.StringValue(Text(x)), true
	case column.GUID:
		return column.GUIDValue(Text(x)), true
	case column.Dynamic:
		return column.DynamicValue(x), true
	case column.Int, column.Long:
		n, ok := toInt(x)
		if !ok {
			return null, false
		}
		if t == column.Int {
			return column.IntValue(n), true
		}
		return column.LongValue(n), true
	case column.Real, column.Decimal:
		f, ok := toReal(x)
		if !ok {
			return null, false
		}
		return column.Value{Type: t, F: f}, true
	case column.Bool:
		b, ok := toBool(x)
		if !ok {
			return null, false
		}
		return column.BoolValue(b), true
	case column.DateTime:
		ticks, ok := toTicks(x)
		if !ok {
			return null, false
		}
		return column.DateTimeTicks(ticks), true
	}
	return null, false
}

// Text renders a decoded value as a string column would hold it: strings
// as is, numbers in their shortest form, bools as true/false, objects and
// arrays as compact JSON, nil as "".
func Text(x any) string {
	switch v := x.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return column.FormatReal(v)
	}
	return column.FormatDynamic(x)
}

func toInt(x any) (int64, bool) {
	switch v := x.(type) {
	case int64:
		return v, true
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 9e18 {
			return 0, false
		}
		return int64(v), true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	case string:
		return parseInt(strings.TrimSpace(v))
	}
	return 0, false
}

// parseInt reads a decimal or 0x-prefixed hexadecimal integer.
func parseInt(s string) (int64, bool) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		return int64(u), err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 9e18 {
			return 0, false
		}
		return int64(f), true
	}
	return n, true
}

func toReal(x any) (float64, bool) {
	switch v := x.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func toBool(x any) (bool, bool) {
	switch v := x.(type) {
	case bool:
		return v, true
	case int64:
		return v != 0, true
	case float64:
		return v != 0, true
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "t", "1", "yes":
			return true, true
		case "false", "f", "0", "no":
			return false, true
		}
	}
	return false, false
}

func toTicks(x any) (int64, bool) {
	switch v := x.(type) {
	case string:
		return ParseTime(v, nil)
	case int64:
		return EpochTicks(float64(v)), true
	case float64:
		return EpochTicks(v), true
	}
	return 0, false
}
