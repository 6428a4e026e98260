package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// fieldValues are JSON values of a column that fields are read from.
var fieldValues = []string{
	`{"a":{"b":"x"}}`,
	`{"a":{"b":"x","b":"y"}}`,
	`{"a":{"b":1.50}}`,
	`{"a":{"b":-2e3}}`,
	`{"a":{"b":12345678901234567890}}`,
	`{"a":{"b":true}}`,
	`{"a":{"b":null}}`,
	`{"a":{"b":{"c":[1,"q",{}]}}}`,
	`{"a":{"\u0062":"esc\"aped\u00e9"}}`,
	`{"a":{"c":"x"}}`,
	`{"a":[{"b":"x"}]}`,
	`{"a":"{\"b\":\"inner\"}"}`,
	`{"a":{}}`,
	`{}`,
	`[]`,
	`"{\"a\":{\"b\":\"from text\"}}"`,
	`" {\"a\":{\"b\":\"spaced\"}} "`,
	`"{\"a\":{\"b\":\"bad\"}"`,
	`"plain"`,
	`42`,
	`null`,
	`false`,
}

// walkDecoded is what a field means: the value at keys in the decoded
// column value.
func walkDecoded(v any, keys []string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestScanFields checks fields against decoding the whole column, for
// dynamic and string columns, JSON and CSV files, and FieldText and
// FieldReal.
func TestScanFields(t *testing.T) {
	var ndjson, csv strings.Builder
	csv.WriteString("n,obj\n")
	for i, v := range fieldValues {
		fmt.Fprintf(&ndjson, `{"n":%d,"obj":%s}`+"\n", i, v)
		fmt.Fprintf(&csv, "%d,\"%s\"\n", i, strings.ReplaceAll(v, `"`, `""`))
	}
	fields := []Field{
		{Column: "obj", Keys: []string{"a", "b"}, Type: column.String},
		{Column: "obj", Keys: []string{"a", "b"}, Type: column.Real},
		{Column: "obj", Keys: []string{"a"}, Type: column.String},
	}
	for _, c := range []struct{ name, file, content string }{
		{"ndjson", "f.json", ndjson.String()},
		{"csv", "f.csv", csv.String()},
	} {
		ft, err := NewFileTable("T", []string{writeFile(t, c.file, []byte(c.content))}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var rows int
		err = ft.ScanFields(context.Background(), table.ScanRequest{Columns: []string{"n", "obj"}}, fields, func(_ int, b *column.Batch) error {
			if got := strings.Join(b.Schema.Names(), ","); got != "n,obj,obj.a.b,obj.a.b,obj.a" {
				return fmt.Errorf("columns %s", got)
			}
			for i := 0; i < b.Len; i++ {
				rows++
				obj := b.Cols[1].Value(i)
				var decoded any
				if obj.Type == column.Dynamic {
					decoded = obj.D
				} else if !obj.IsNull() {
					// A string column holds objects as JSON text.
					if t := strings.TrimSpace(obj.S); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
						decoded = dynamicFromText([]byte(t), false)
					}
				}
				in := fieldValues[b.Cols[0].Ints[i]]
				for k, f := range fields {
					leaf := walkDecoded(decoded, f.Keys)
					got := b.Cols[2+k].Value(i)
					var want column.Value
					if f.Type == column.Real {
						want = column.NullOf(column.Real)
						switch x := leaf.(type) {
						case float64:
							want = column.RealValue(x)
						case int64:
							want = column.RealValue(float64(x))
						}
					} else {
						want = column.StringValue(source.Text(leaf))
					}
					if got.String() != want.String() || got.IsNull() != want.IsNull() {
						t.Errorf("%s: %s: field %s = %v, want %v", c.name, in, f.Name(), got, want)
					}
					if f.Type == column.String && obj.Type == column.String && !obj.IsNull() {
						if s := FieldText(obj.S, f.Keys...); s != want.S {
							t.Errorf("FieldText(%s, %v) = %q, want %q", obj.S, f.Keys, s, want.S)
						}
					}
					if f.Type == column.Real && obj.Type == column.String && !obj.IsNull() {
						x, ok := FieldReal(obj.S, f.Keys...)
						if ok == want.IsNull() || ok && x != want.F {
							t.Errorf("FieldReal(%s, %v) = %v %v, want %v", obj.S, f.Keys, x, ok, want)
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rows != len(fieldValues) {
			t.Errorf("%s: %d rows, want %d", c.name, rows, len(fieldValues))
		}
	}
}

// TestScanFieldsBadRecords checks that a record is bad with a field
// requested exactly when it is bad with the field's column requested.
func TestScanFieldsBadRecords(t *testing.T) {
	in := `{"obj":{"a":{"b":"ok"}}}
{"obj":{"a":{"b":"bad \q escape"}}}
{"obj":{"a":[1.2.3]}}
{"obj":{"a":{"b":"x"},"z":nul}}
{"obj":"bad \q"}
{"obj":{"a":{"b":"ok2"}}}
`
	ft, err := NewFileTable("T", []string{writeFile(t, "f.json", []byte(in))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	scan := func(fields []Field, cols []string) (int, []int) {
		var rows int
		var bad []int
		req := table.ScanRequest{Columns: cols, BadRecord: func(r table.BadRecord) error {
			bad = append(bad, r.Line)
			return nil
		}}
		err := ft.ScanFields(context.Background(), req, fields, func(_ int, b *column.Batch) error {
			rows += b.Len
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return rows, bad
	}
	rows, bad := scan([]Field{{Column: "obj", Keys: []string{"a", "b"}, Type: column.String}}, []string{})
	wantRows, wantBad := scan(nil, []string{"obj"})
	if rows != wantRows || fmt.Sprint(bad) != fmt.Sprint(wantBad) {
		t.Errorf("with the field: %d rows, bad lines %v; with the column: %d rows, bad lines %v", rows, bad, wantRows, wantBad)
	}
	if wantRows != 2 {
		t.Errorf("%d good rows, want 2", wantRows)
	}
}

// TestScanFieldsErrors checks the fields ScanFields refuses.
func TestScanFieldsErrors(t *testing.T) {
	ft, err := NewFileTable("T", []string{writeFile(t, "f.json", []byte(`{"n":1,"obj":{}}`+"\n"))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Field{
		{Column: "n", Keys: []string{"a"}, Type: column.String},
		{Column: "missing", Keys: []string{"a"}, Type: column.String},
		{Column: "obj", Type: column.String},
		{Column: "obj", Keys: []string{"a"}, Type: column.Long},
	} {
		err := ft.ScanFields(context.Background(), table.ScanRequest{}, []Field{f}, func(int, *column.Batch) error { return nil })
		if err == nil {
			t.Errorf("field %+v: no error", f)
		}
	}
}

// FuzzFieldText checks FieldText and FieldReal against decoding the text
// and walking the value, for any text.
func FuzzFieldText(f *testing.F) {
	for _, v := range fieldValues {
		f.Add(v)
	}
	f.Add(`{"a":{"b":"x\u00"}}`)
	f.Add(`{"a":{"b":1e999}}`)
	f.Fuzz(func(t *testing.T, text string) {
		var decoded any
		if s := strings.TrimSpace(text); strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			if v, end, err := parseAny([]byte(s), 0, 0); err == nil && end == len(s) {
				decoded = v
			}
		}
		leaf := walkDecoded(decoded, []string{"a", "b"})
		if got, want := FieldText(text, "a", "b"), source.Text(leaf); got != want {
			t.Errorf("FieldText(%q) = %q, want %q", text, got, want)
		}
		x, ok := FieldReal(text, "a", "b")
		var want float64
		wantOK := true
		switch v := leaf.(type) {
		case float64:
			want = v
		case int64:
			want = float64(v)
		default:
			wantOK = false
		}
		if ok != wantOK || ok && x != want && !(x != x && want != want) {
			t.Errorf("FieldReal(%q) = %v %v, want %v %v", text, x, ok, want, wantOK)
		}
	})
}
