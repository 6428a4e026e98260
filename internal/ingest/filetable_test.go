package ingest

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

const ndjson = `{"a": 1, "b": "x", "c": true, "t": "2021-01-01T10:00:00Z", "d": {"k": [1, 2]}}
{"a": 2, "b": "y\"q", "c": false, "t": "2021-01-01 10:00:01", "d": null, "extra": 1.5}
`

func TestShapes(t *testing.T) {
	const want = "a:long, b:string, c:bool, t:datetime, d:dynamic, extra:real, Type:string\n" +
		`1 | "x" | true | 2021-01-01T10:00:00Z | {"k":[1,2]} | null | "G"` + "\n" +
		`2 | "y\"q" | false | 2021-01-01T10:00:01Z | null | 1.5 | "G"`
	lines := strings.Split(strings.TrimSpace(ndjson), "\n")
	arr := "[\n" + strings.Join(lines, ",\n") + "\n]"
	cases := []struct{ name, content, format string }{
		{"ndjson", ndjson, "ndjson"},
		{"ndjson-crlf-bom", "\ufeff" + strings.ReplaceAll(ndjson, "\n", "\r\n"), "ndjson"},
		{"ndjson-no-final-newline", strings.TrimSpace(ndjson), "ndjson"},
		{"array", arr, "json-array"},
		{"array-compact", "[" + strings.Join(lines, ",") + "]", "json-array"},
		{"records", `{"records": ` + arr + `}`, "json-envelope (records)"},
		{"value", `{"@odata.context": "x", "@odata.nextLink": {"a": [1]}, "value": ` + arr + `, "after": 1}`, "json-envelope (value)"},
		{"Records", `{"Records":` + arr + `}`, "json-envelope (Records)"},
		{"stream", strings.ReplaceAll(ndjson, ", ", ",\n  "), "json-stream"},
		{"gzip", string(gzipped(ndjson)), "ndjson+gzip"},
		{"gzip-array", string(gzipped(arr)), "json-array+gzip"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ft := open(t, "G", c.content, Options{})
			if got := ft.Files()[0].Format.String(); got != c.format {
				t.Errorf("format %s, want %s", got, c.format)
			}
			res := scanTable(t, ft, nil, 1)
			got := ft.Schema().String() + "\n" + strings.Join(res.rows, "\n")
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if len(res.bad) > 0 {
				t.Errorf("bad records: %v", res.bad)
			}
		})
	}
}

func TestSingleObject(t *testing.T) {
	ft := open(t, "G", `{"id": 7, "tags": ["a"]}`, Options{})
	res := scanTable(t, ft, nil, 1)
	got := ft.Files()[0].Format.String() + "\n" + ft.Schema().String() + "\n" + strings.Join(res.rows, "\n")
	want := "json-object\nid:long, tags:dynamic, Type:string\n" + `7 | ["a"] | "G"`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCSV(t *testing.T) {
	const csv = "\ufeffname,count,ratio,when,ok,blob,zip\r\n" +
		"alice,1,0.5,2021-01-01T00:00:00Z,true,\"{\"\"a\"\":1}\",007\r\n" +
		"\"bob, jr\",2,1,2021-01-02,FALSE,[],010\r\n" +
		"\"multi\nline\",,,,,,\r\n"
	ft := open(t, "C", csv, Options{})
	res := scanTable(t, ft, nil, 1)
	got := ft.Files()[0].Format.String() + "\n" + ft.Schema().String() + "\n" + strings.Join(res.rows, "\n")
	want := "csv (delimiter ',')\nname:string, count:long, ratio:real, when:datetime, ok:bool, blob:dynamic, zip:string, Type:string\n" +
		`"alice" | 1 | 0.5 | 2021-01-01T00:00:00Z | true | {"a":1} | "007" | "C"` + "\n" +
		`"bob, jr" | 2 | 1 | 2021-01-02T00:00:00Z | false | [] | "010" | "C"` + "\n" +
		`"multi\nline" | null | null | null | null | null | "" | "C"`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(res.bad) > 0 {
		t.Errorf("bad records: %v", res.bad)
	}
}

func TestTSV(t *testing.T) {
	ft := open(t, "T", "a\tb\n1\tx y\n2\tz\n", Options{})
	res := scanTable(t, ft, []string{"b", "a"}, 1)
	got := ft.Files()[0].Format.String() + "\n" + strings.Join(res.rows, "\n")
	want := "csv (delimiter '\\t')\n\"x y\" | 1\n\"z\" | 2"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLogAnalyticsCSVExport(t *testing.T) {
	const csv = `"TimeGenerated [UTC]",Account,EventID
"21/04/2025, 09:45:54.000",a,4625
"02/04/2025, 10:13:15.500",b,4624
`
	ft := open(t, "SecurityEvent", csv, Options{})
	res := scanTable(t, ft, []string{"TimeGenerated", "Account", "EventID", "Type"}, 1)
	want := `2025-04-21T09:45:54Z | "a" | 4625 | "SecurityEvent"` + "\n" +
		`2025-04-02T10:13:15.5Z | "b" | 4624 | "SecurityEvent"`
	if got := strings.Join(res.rows, "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	us := open(t, "X", "\"TimeGenerated [UTC]\",n\n\"5/25/2023, 4:32:49.469 PM\",1\n", Options{})
	res = scanTable(t, us, []string{"TimeGenerated"}, 1)
	if got := strings.Join(res.rows, "\n"); got != "2023-05-25T16:32:49.469Z" {
		t.Errorf("en-US export: got %s", got)
	}
}

func TestInference(t *testing.T) {
	const in = `{"mix": 1, "nums": 1, "objs": {"a": 1}, "nul": null, "dates": "2021-01-01T00:00:00Z", "s": "2021"}
{"mix": "x", "nums": 2.5, "objs": "scalar", "nul": null, "dates": "2021-01-02T00:00:00.5+01:00", "s": "b"}
{"mix": true, "nums": 3, "objs": [1], "dates": null}
`
	ft := open(t, "G", in, Options{})
	want := "mix:string, nums:real, objs:dynamic, nul:string, dates:datetime, s:string, Type:string"
	if got := ft.Schema().String(); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	res := scanTable(t, ft, []string{"mix", "objs", "dates"}, 1)
	got := strings.Join(res.rows, "\n")
	wantRows := `"1" | {"a":1} | 2021-01-01T00:00:00Z` + "\n" +
		`"x" | "scalar" | 2021-01-01T23:00:00.5Z` + "\n" +
		`"true" | [1] | null`
	if got != wantRows {
		t.Errorf("got\n%s\nwant\n%s", got, wantRows)
	}
}

func TestKnownSchemaCoercion(t *testing.T) {
	const in = `{"TimeGenerated": "2020-05-20T18:19:04.423000", "ResultType": 0, "DurationMs": "12", "LocationDetails": "{\"city\":\"Paris\"}", "Status": {"errorCode": 0}, "Custom": 5, "Type": "Other"}
{"TimeGenerated": "not a date", "ResultType": "50126", "DurationMs": "x", "LocationDetails": {"city": "Oslo"}, "Custom": 6}
`
	ft := open(t, "SigninLogs", in, Options{})
	s := ft.Schema()
	if i := s.Index("Custom"); i != len(s)-1 || s[i].Type.String() != "long" {
		t.Errorf("extra column: %v", s[len(s)-3:])
	}
	res := scanTable(t, ft, []string{"TimeGenerated", "ResultType", "DurationMs", "LocationDetails", "Status", "Custom", "Type"}, 1)
	want := `2020-05-20T18:19:04.423Z | "0" | 12 | {"city":"Paris"} | {"errorCode":0} | 5 | "SigninLogs"` + "\n" +
		`null | "50126" | null | {"city":"Oslo"} | null | 6 | "SigninLogs"`
	if got := strings.Join(res.rows, "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantBad := "input:2: column TimeGenerated: cannot convert \"\\\"not a date\\\"\" to datetime; stored null\n" +
		"input:2: column DurationMs: cannot convert \"\\\"x\\\"\" to long; stored null"
	if got := strings.Join(baseList(res.bad), "\n"); got != wantBad {
		t.Errorf("bad records:\n%s\nwant\n%s", got, wantBad)
	}
	nonInt := open(t, "AADNonInteractiveUserSignInLogs", `{"LocationDetails": {"city": "Oslo"}}`, Options{})
	res = scanTable(t, nonInt, []string{"LocationDetails"}, 1)
	if got := strings.Join(res.rows, "\n"); got != `"{\"city\": \"Oslo\"}"` {
		t.Errorf("string column from object: got %s", got)
	}
}

func baseList(bad []string) []string {
	out := make([]string, len(bad))
	for i, b := range bad {
		out[i] = b[strings.LastIndex(b, "/")+1:]
	}
	return out
}

func TestProjection(t *testing.T) {
	ft := open(t, "G", ndjson, Options{})
	res := scanTable(t, ft, []string{"Type", "t", "a", "a"}, 1)
	if got := res.schema.String(); got != "Type:string, t:datetime, a:long, a:long" {
		t.Errorf("schema %s", got)
	}
	want := `"G" | 2021-01-01T10:00:00Z | 1 | 1` + "\n" + `"G" | 2021-01-01T10:00:01Z | 2 | 2`
	if got := strings.Join(res.rows, "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	count := scanTable(t, ft, []string{}, 2)
	if len(count.rows) != 2 || len(count.schema) != 0 {
		t.Errorf("no columns: %d rows, schema %s", len(count.rows), count.schema)
	}
	if err := ft.Scan(t.Context(), tableReq([]string{"nope"}), nil); err == nil {
		t.Error("unknown column: no error")
	}
}

func TestBadRecords(t *testing.T) {
	const in = `{"a": 1}
{"a": 2
not json

{"a": "3"}
{"a": 4} trailing
{"a": [1,}
{"a": 5, "b": tru}
{"a": 6}
`
	ft := open(t, "G", in, Options{})
	res := scanTable(t, ft, []string{"a"}, 1)
	// Line 8 is malformed after "a", the only key read: a lazy scan stops
	// there and keeps the row (decodeCtx.walkObject).
	if got := strings.Join(res.rows, ","); got != `"1","3","5","6"` {
		t.Errorf("rows %s", got)
	}
	want := "input:2: unexpected end of JSON input\n" +
		"input:3: record is not a JSON object at offset 0\n" +
		"input:6: unexpected data after JSON object at offset 9\n" +
		"input:7: invalid character '}' looking for a value at offset 9"
	if got := baseNames(res.bad); got != want {
		t.Errorf("bad:\n%s\nwant\n%s", got, want)
	}
}

// TestLazyRecords: a scan reads a record up to the last key it wants. What
// follows is not validated (unless the scan is strict), but a record cut
// short is still reported, and a key repeated after that point keeps its
// first value (a strict scan keeps the last).
func TestLazyRecords(t *testing.T) {
	const in = `{"a": 1, "z": {"deep": [1, 2, {"x": "y"}]}}
{"a": 2, "z": tru}
{"a": 3, "z": {"cut short"
{"a": 4, "z": 1, "a": 40}
{"z": tru, "a": 5}
`
	ft := open(t, "G", in, Options{SampleRecords: 1})
	res := scanTable(t, ft, []string{"a"}, 1)
	if got := strings.Join(res.rows, ","); got != `1,2,4` {
		t.Errorf("lazy rows %s", got)
	}
	want := "input:3: record does not end with '}' at offset 26\n" +
		"input:5: invalid literal at offset 6"
	if got := baseNames(res.bad); got != want {
		t.Errorf("lazy bad:\n%s\nwant\n%s", got, want)
	}
	both := scanTable(t, ft, []string{"a", "z"}, 1)
	if got := strings.Join(both.rows, ","); got != `1 | {"deep":[1,2,{"x":"y"}]},4 | 1` {
		t.Errorf("rows reading a and z: %s", got)
	}
	strict := open(t, "G", in, Options{SampleRecords: 1, Strict: true})
	err := strict.Scan(t.Context(), table.ScanRequest{Columns: []string{"a"}, Workers: 1}, func(int, *column.Batch) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "input:2: invalid literal") {
		t.Errorf("strict scan: %v, want the error of line 2", err)
	}
	dup := scanTable(t, open(t, "G", `{"a": 4, "z": 1, "a": 40}`+"\n", Options{Strict: true}), []string{"a"}, 1)
	if got := strings.Join(dup.rows, ","); got != "40" {
		t.Errorf("strict scan of a repeated key: %s, want the last value", got)
	}
}

func TestBadCSVRows(t *testing.T) {
	const in = "a,b\n1,2\n3\n\"x\ny\",4\n5,6,7\n8,z\n\"open,9\n"
	ft := open(t, "G", in, Options{SampleRecords: 1})
	if got := ft.Schema().String(); got != "a:long, b:long, Type:string" {
		t.Errorf("schema %s", got)
	}
	res := scanTable(t, ft, []string{"a", "b"}, 1)
	if got := strings.Join(res.rows, ","); got != "1 | 2,null | 4,8 | null" {
		t.Errorf("rows %s", got)
	}
	want := "input:3: record has 1 fields, header has 2\n" +
		"input:4: column a: cannot convert \"x\\ny\" to long; stored null\n" +
		"input:6: record has 3 fields, header has 2\n" +
		"input:7: column b: cannot convert \"z\" to long; stored null\n" +
		"input:8: unterminated quoted field"
	if got := baseNames(res.bad); got != want {
		t.Errorf("bad:\n%s\nwant\n%s", got, want)
	}
}

func TestStrict(t *testing.T) {
	ft := open(t, "G", "{\"a\":1}\n{oops}\n{\"a\":2}\n", Options{Strict: true})
	err := ft.Scan(t.Context(), tableReq(nil), func(int, *columnBatch) error { return nil })
	if err == nil || !strings.Contains(err.Error(), ":2: ") {
		t.Fatalf("strict scan: err = %v", err)
	}
}

func TestParallelMatchesSequential(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("id,name,note\n")
	var nd strings.Builder
	for i := range 5000 {
		note := "plain"
		if i%7 == 0 {
			note = "\"quoted, with \"\"quotes\"\" and\nnewline\""
		}
		sb.WriteString(strings.Join([]string{itoa(i), "user" + itoa(i%13), note}, ",") + "\n")
		nd.WriteString(`{"id":` + itoa(i) + `,"name":"user` + itoa(i%13) + `","pad":"` + strings.Repeat("x", i%50) + `"}` + "\n")
		if i%1000 == 999 {
			nd.WriteString("{bad\n")
		}
	}
	arr := "[" + strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(nd.String(), "{bad\n", "")), "\n", ",\n") + "]"
	for _, in := range []string{sb.String(), nd.String(), arr, string(gzipped(nd.String()))} {
		seq := open(t, "P", in, Options{ChunkSize: 1 << 20, BatchSize: 4096})
		par := open(t, "P", in, Options{ChunkSize: 100, BatchSize: 37})
		a := scanTable(t, seq, []string{"id", "name"}, 1)
		b := scanTable(t, par, []string{"id", "name"}, 4)
		if len(a.rows) != 5000 {
			t.Fatalf("%s: sequential scan: %d rows", par.Files()[0].Format, len(a.rows))
		}
		if x, y := sorted(a.rows), sorted(b.rows); x != y {
			t.Errorf("%s: parallel rows differ", par.Files()[0].Format)
		}
		if x, y := baseNames(a.bad), baseNames(b.bad); x != y {
			t.Errorf("%s: bad records differ:\n%s\n---\n%s", par.Files()[0].Format, x, y)
		}
	}
}

func TestSeveralFiles(t *testing.T) {
	p1 := writeFile(t, "one.jsonl", []byte(`{"a": 1}`+"\n"))
	p2 := writeFile(t, "two.csv", []byte("a,b\n2.5,x\n"))
	ft, err := NewFileTable("M", []string{p1, p2}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ft.Schema().String(); got != "a:real, b:string, Type:string" {
		t.Errorf("schema %s", got)
	}
	res := scanTable(t, ft, nil, 2)
	if got := sorted(res.rows); got != `1 | "" | "M"`+"\n"+`2.5 | "x" | "M"` {
		t.Errorf("rows %s", got)
	}
}

func TestEmptyAndUnknown(t *testing.T) {
	ft := open(t, "SigninLogs", "  \n", Options{})
	if res := scanTable(t, ft, []string{"ResultType"}, 2); len(res.rows) != 0 {
		t.Errorf("empty file gave rows")
	}
	p := writeFile(t, "x.log", []byte("Jan  1 00:00:00 host sshd[1]: hello\n"))
	if _, err := Detect(p); err == nil {
		t.Error("syslog text detected as a generic format")
	}
}

// TestConcurrentCSVScans scans one CSV file table from two goroutines at
// once (a query reading it on both sides of a join, a hunt's fallback
// load): each gets every row, and under -race no scan writes the header
// the other reads.
func TestConcurrentCSVScans(t *testing.T) {
	ft := open(t, "G", "a,b\n1,x\n2,y\n3,z\n", Options{})
	var wg sync.WaitGroup
	results := make([]result, 4)
	for i := range results {
		wg.Go(func() { results[i] = scanTable(t, ft, []string{"a", "b"}, 2) })
	}
	wg.Wait()
	for i, res := range results {
		if got := strings.Join(slices.Sorted(slices.Values(res.rows)), ","); got != `1 | "x",2 | "y",3 | "z"` {
			t.Errorf("scan %d: rows %s", i, got)
		}
	}
}
