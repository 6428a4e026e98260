package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"quarry/internal/column"
	"quarry/internal/table"
)

var jsonSeeds = []string{
	`{"a": 1, "b": "x", "c": true, "t": "2021-01-01T10:00:00Z", "d": {"k": [1, 2]}}`,
	`{"a": -1.5e3, "b": "\u00e9\ud83d\ude00\n", "c": null, "d": [], "e": {}}`,
	`{"a": 12345678901234567890, "b": "a\"b\\", "dup": 1, "dup": 2}`,
	`{"a": [1,}`, `{"a": tru}`, `[1, 2]`, `{"a": 1} x`, `{"\u0061": "key escape"}`,
	`{"a": "2021-01-01 10:00:00", "t": "11/29/2026, 1:02:03.456 PM"}`,
	// every key the fuzz plan reads, then more: a lazy walk stops early
	"{\"a\": 1, \"b\": \"x\", \"c\": true, \"t\": \"2021-01-01T10:00:00Z\", \"d\": 2, \"dup\": 1.5, \"z\": [1, {\"y\": null}]}  \r",
	`{"a": 1, "b": "x", "c": true, "t": "2021-01-01T10:00:00Z", "d": 2, "dup": 1.5, "z": [1, "unterminated}`,
}

// FuzzJSONObject checks the object scanner against encoding/json: no
// panics, at most one row per record, and agreement on valid input.
func FuzzJSONObject(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	schema := column.Schema{{Name: "a", Type: column.Long}, {Name: "b", Type: column.String},
		{Name: "c", Type: column.Bool}, {Name: "t", Type: column.DateTime},
		{Name: "d", Type: column.Dynamic}, {Name: "dup", Type: column.Real}}
	p, err := newPlan("F", schema, false, nil, 4)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rows := 0
		d := newDecodeCtx(p, func(b *column.Batch) error { rows += b.Len; return nil })
		fullErr := d.decodeObject(in)
		if fullErr == nil {
			if err := d.end(); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.flush(); err != nil || rows > 1 {
			t.Fatalf("rows=%d err=%v", rows, err)
		}
		// A lazy walk stops after the keys it wants: it accepts every
		// record a full walk accepts.
		lazy := newDecodeCtx(p, func(*column.Batch) error { return nil })
		lazy.lazy = true
		if err := lazy.decodeObject(in); fullErr == nil && err != nil {
			t.Fatalf("a full walk accepts %q, a lazy one fails: %v", in, err)
		}
		newInference().sampleObject(in)
		checkAgainstStdlib(t, in)
	})
}

func checkAgainstStdlib(t *testing.T, in []byte) {
	i := skipWS(in, 0)
	end, checkErr := checkValue(in, i, 0)
	v, pend, parseErr := parseAny(in, i, 0)
	if (checkErr == nil) != (parseErr == nil) || (checkErr == nil && end != pend) {
		t.Fatalf("checkValue and parseAny disagree: %v/%d vs %v/%d", checkErr, end, parseErr, pend)
	}
	if send, err := skipValue(in, i); checkErr == nil && (err != nil || send != end) {
		t.Fatalf("skipValue = %d, %v; checkValue = %d", send, err, end)
	}
	if !json.Valid(in) || !utf8.Valid(in) || bytes.Contains(in, []byte(`\u`)) {
		return
	}
	if checkErr != nil || skipWS(in, end) != len(in) {
		t.Fatalf("valid JSON rejected: %v", checkErr)
	}
	var want any
	if err := json.Unmarshal(in, &want); err != nil {
		return // numbers out of float64 range: we read them as infinities
	}
	if got, w := column.FormatDynamic(floats(v)), column.FormatDynamic(floats(want)); got != w {
		t.Fatalf("parseAny = %s, encoding/json = %s", got, w)
	}
}

// floats turns int64 into float64 the way encoding/json decodes numbers
// (and -0 into 0: integers have no negative zero).
func floats(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		if x == 0 {
			return 0.0
		}
	case []any:
		for i := range x {
			x[i] = floats(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = floats(x[k])
		}
	}
	return v
}

// FuzzCSVRecord checks the CSV splitter: no panics, progress, and the same
// fields as encoding/csv on input both accept.
func FuzzCSVRecord(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"x\ny\",\"q\"\"q\"\n", "a\tb\n", "\"open\n", "a\"b,c\n\n\nd\n", "\"a\"x,b\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var got [][]string
		var scratch []byte
		for i := 0; i < len(in); {
			if j, blank := blankLine(in, i); blank {
				i = j
				continue
			}
			fields, next, _, err := csvRecord(in, i, ',', nil)
			if err != nil {
				got = nil
				break
			}
			if next <= i || next > len(in) {
				t.Fatalf("no progress: %d -> %d", i, next)
			}
			var rec []string
			for _, sp := range fields {
				var text []byte
				text, scratch = fieldText(in, sp, scratch)
				rec = append(rec, string(text))
			}
			got = append(got, rec)
			i = next
		}
		compareStdCSV(t, in, got)
	})
}

func compareStdCSV(t *testing.T, in []byte, got [][]string) {
	if bytes.ContainsAny(in, "\r") || got == nil {
		return
	}
	r := csv.NewReader(bytes.NewReader(in))
	r.FieldsPerRecord = -1
	var want [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return // encoding/csv is stricter about quotes; nothing to compare
		}
		want = append(want, rec)
	}
	if g, w := render2(got), render2(want); g != w {
		t.Fatalf("fields differ:\n got %s\nwant %s", g, w)
	}
}

func render2(recs [][]string) string {
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

// FuzzFile runs whole files through sniffing, splitting, sampling and a
// parallel scan with tiny chunks: no panics, and no more rows than lines
// or values.
func FuzzFile(f *testing.F) {
	for _, s := range append(jsonSeeds, ndjson, "a,b\n1,2\n\"x\ny\",3\n", "[{\"a\":1},{\"a\":2}]", `{"records":[{"a":1}]}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p := writeFile(t, "in", in)
		ft, err := NewFileTable("F", []string{p}, Options{ChunkSize: 16, BatchSize: 3})
		if err != nil {
			return
		}
		var rows atomic.Int64
		req := table.ScanRequest{Workers: 2, BadRecord: func(table.BadRecord) error { return nil }}
		err = ft.Scan(context.Background(), req, func(_ int, b *column.Batch) error {
			rows.Add(int64(b.Len))
			return nil
		})
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		if n := rows.Load(); n > int64(len(in))+1 {
			t.Fatalf("%d rows from %d bytes", n, len(in))
		}
		// An ordered scan on several workers gives a one-worker scan's rows,
		// in order (order.go).
		one, ordered := fuzzRows(t, ft, 1, false), fuzzRows(t, ft, 3, true)
		if !slices.Equal(one, ordered) {
			t.Fatalf("ordered scan: %d rows, one worker %d, or another order", len(ordered), len(one))
		}
	})
}

// fuzzRows scans ft and returns its rows as text, in emission order.
func fuzzRows(t *testing.T, ft *FileTable, workers int, ordered bool) []string {
	var rows []string
	req := table.ScanRequest{Workers: workers, Ordered: ordered, BadRecord: func(table.BadRecord) error { return nil }}
	if err := ft.Scan(context.Background(), req, func(_ int, b *column.Batch) error {
		for i := 0; i < b.Len; i++ {
			rows = append(rows, renderRow(b.Row(i)))
		}
		return nil
	}); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return rows
}
