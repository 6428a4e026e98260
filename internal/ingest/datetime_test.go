package ingest

import (
	"testing"

	"quarry/internal/column"
)

func TestParseDateTime(t *testing.T) {
	cases := []struct {
		in    string
		order DateOrder
		want  string // "" = invalid
	}{
		{"2021-01-01T10:00:00Z", MonthFirst, "2021-01-01T10:00:00Z"},
		{"2021-01-01T10:00:00.123Z", MonthFirst, "2021-01-01T10:00:00.123Z"},
		{"2020-03-13T19:15:41.6195833Z", MonthFirst, "2020-03-13T19:15:41.6195833Z"},
		{"2020-03-13T19:15:41.619583399Z", MonthFirst, "2020-03-13T19:15:41.6195833Z"},
		{"2020-05-20T18:19:04.423000", MonthFirst, "2020-05-20T18:19:04.423Z"},
		{"2021-01-01 10:00:00", MonthFirst, "2021-01-01T10:00:00Z"},
		{"2021-01-01t10:00", MonthFirst, "2021-01-01T10:00:00Z"},
		{"2021-01-01", MonthFirst, "2021-01-01T00:00:00Z"},
		{"2019-10-18T04:45:48.0729893-05:00", MonthFirst, "2019-10-18T09:45:48.0729893Z"},
		{"2019-10-18T04:45:48+0130", MonthFirst, "2019-10-18T03:15:48Z"},
		{"2019-10-18T04:45:48+01", MonthFirst, "2019-10-18T03:45:48Z"},
		{"1969-12-31T23:59:59.9Z", MonthFirst, "1969-12-31T23:59:59.9Z"},
		{"2024-02-29T00:00:00Z", MonthFirst, "2024-02-29T00:00:00Z"},
		{"11/29/2026, 1:02:03.456 PM", MonthFirst, "2026-11-29T13:02:03.456Z"},
		{"5/25/2023, 4:32:49.469 AM", MonthFirst, "2023-05-25T04:32:49.469Z"},
		{"1/1/2025, 12:00:00.000 AM", MonthFirst, "2025-01-01T00:00:00Z"},
		{"1/1/2025, 12:30:00.000 PM", MonthFirst, "2025-01-01T12:30:00Z"},
		{"21/04/2025, 09:45:54.000", MonthFirst, "2025-04-21T09:45:54Z"},
		{"02/04/2025, 10:13:15.000", DayFirst, "2025-04-02T10:13:15Z"},
		{"02/04/2025, 10:13:15.000", MonthFirst, "2025-02-04T10:13:15Z"},
		{"2023-02-29T00:00:00Z", MonthFirst, ""},
		{"2021-13-01T00:00:00Z", MonthFirst, ""},
		{"2021-01-01T24:00:00Z", MonthFirst, ""},
		{"2021-01-01T10:00:00X", MonthFirst, ""},
		{"2021-01-01T10:00:00.", MonthFirst, ""},
		{"2021-01-01T", MonthFirst, ""},
		{"13/13/2025, 10:00:00", MonthFirst, ""},
		{"1/1/2025, 13:00:00 PM", MonthFirst, ""},
		{"hello", MonthFirst, ""},
		{"", MonthFirst, ""},
		{"1.5", MonthFirst, ""},
	}
	for _, c := range cases {
		ticks, ok := ParseDateTime(c.in, c.order)
		got := ""
		if ok {
			got = column.FormatDateTime(ticks)
		}
		if got != c.want {
			t.Errorf("ParseDateTime(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func BenchmarkParseDateTimeISO(b *testing.B) {
	in := []byte("2020-03-13T19:15:41.6195833Z")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := parseDateTime(in, MonthFirst); !ok {
			b.Fatal("parse failed")
		}
	}
}
