package report

import (
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
)

func sampleBatch() (column.Schema, *column.Batch) {
	schema := column.Schema{
		{Name: "IPAddress", Type: column.String},
		{Name: "FailedCount", Type: column.Long},
		{Name: "TimeGenerated", Type: column.DateTime},
		{Name: "Detail", Type: column.Dynamic},
	}
	b := column.NewBatch(schema, 2)
	t0 := time.Date(2026, 11, 2, 3, 5, 0, 0, time.UTC)
	b.AppendRow([]column.Value{column.StringValue("203.0.113.7"), column.LongValue(12),
		column.DateTimeValue(t0), column.DynamicValue(map[string]any{"b": int64(1), "a": "x,y"})})
	b.AppendRow([]column.Value{column.StringValue(`say "hi"`), column.NullOf(column.Long),
		column.NullOf(column.DateTime), column.DynamicValue(nil)})
	return schema, b
}

func render(t *testing.T, format string) string {
	t.Helper()
	schema, b := sampleBatch()
	var sb strings.Builder
	if err := WriteResult(&sb, format, schema, b); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func TestCSV(t *testing.T) {
	want := "IPAddress,FailedCount,TimeGenerated,Detail\n" +
		"203.0.113.7,12,2026-11-02T03:05:00Z,\"{\"\"a\"\":\"\"x,y\"\",\"\"b\"\":1}\"\n" +
		"\"say \"\"hi\"\"\",,,\n"
	if got := render(t, "csv"); got != want {
		t.Errorf("csv:\n%s\nwant:\n%s", got, want)
	}
}

func TestNDJSON(t *testing.T) {
	want := `{"IPAddress":"203.0.113.7","FailedCount":12,"TimeGenerated":"2026-11-02T03:05:00Z","Detail":{"a":"x,y","b":1}}` + "\n" +
		`{"IPAddress":"say \"hi\"","FailedCount":null,"TimeGenerated":null,"Detail":null}` + "\n"
	if got := render(t, "ndjson"); got != want {
		t.Errorf("ndjson:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONArray(t *testing.T) {
	got := render(t, "json")
	if !strings.HasPrefix(got, "[\n{\"IPAddress\"") || !strings.HasSuffix(got, "}\n]\n") || strings.Count(got, "\n") != 4 {
		t.Errorf("json array shape wrong:\n%s", got)
	}
}

func TestTable(t *testing.T) {
	got := render(t, "table")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 5 || lines[4] != "(2 rows)" {
		t.Fatalf("table:\n%s", got)
	}
	if !strings.HasPrefix(lines[0], "IPAddress    FailedCount") || !strings.HasPrefix(lines[1], "-----------") {
		t.Errorf("table header misaligned:\n%s", got)
	}
}

func TestUnknownFormat(t *testing.T) {
	schema, b := sampleBatch()
	err := WriteResult(&strings.Builder{}, "xml", schema, b)
	if err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("got %v", err)
	}
}
