package ingest

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

// orderedRows scans t with Ordered set and returns the rows in emission
// order, failing if a batch comes from a worker other than 0 or while
// another emit call is running.
func orderedRows(tb testing.TB, t table.Table, cols []string, workers int, fields []Field) []string {
	tb.Helper()
	var rows []string
	var inEmit atomic.Int32
	emit := func(w int, b *column.Batch) error {
		if inEmit.Add(1) != 1 || w != 0 {
			tb.Errorf("an ordered scan emitted from worker %d or concurrently", w)
		}
		defer inEmit.Add(-1)
		for i := 0; i < b.Len; i++ {
			rows = append(rows, renderRow(b.Row(i)))
		}
		return nil
	}
	req := table.ScanRequest{Columns: cols, Workers: workers, Ordered: true, BadRecord: func(table.BadRecord) error { return nil }}
	var err error
	if fields != nil {
		err = t.(*FileTable).ScanFields(context.Background(), req, fields, emit)
	} else {
		err = t.Scan(context.Background(), req, emit)
	}
	if err != nil {
		tb.Fatalf("ordered scan: %v", err)
	}
	return rows
}

// TestOrderedScanKeepsFileOrder checks that an ordered scan with several
// workers and tiny chunks and batches gives the rows of a one-worker scan
// in the same order, for CSV, NDJSON (with bad records), a JSON array,
// gzip, nested fields, and several files.
func TestOrderedScanKeepsFileOrder(t *testing.T) {
	var csv, nd strings.Builder
	csv.WriteString("id,name\n")
	for i := range 3000 {
		csv.WriteString(itoa(i) + ",user" + itoa(i%13) + "\n")
		nd.WriteString(`{"id":` + itoa(i) + `,"name":"user` + itoa(i%13) + `","loc":{"city":"c` + itoa(i%7) + `"}}` + "\n")
		if i%500 == 499 {
			nd.WriteString("{bad\n")
		}
	}
	arr := "[" + strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(nd.String(), "{bad\n", "")), "\n", ",\n") + "]"
	for _, in := range []string{csv.String(), nd.String(), arr, string(gzipped(nd.String()))} {
		one := open(t, "P", in, Options{ChunkSize: 1 << 20, BatchSize: 4096})
		many := open(t, "P", in, Options{ChunkSize: 100, BatchSize: 37})
		want := scanTable(t, one, []string{"id", "name"}, 1).rows
		if len(want) != 3000 {
			t.Fatalf("%s: %d rows", many.Files()[0].Format, len(want))
		}
		for _, workers := range []int{2, 4, 8} {
			if got := orderedRows(t, many, []string{"id", "name"}, workers, nil); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s, %d workers: ordered rows differ from the file's order", many.Files()[0].Format, workers)
			}
		}
	}
	// Nested fields (ScanFields) and two files, in order.
	p1 := writeFile(t, "a.jsonl", []byte(nd.String()))
	p2 := writeFile(t, "b.jsonl", []byte(strings.ReplaceAll(nd.String(), `:"c`, `:"d`)))
	one, err := NewFileTable("M", []string{p1, p2}, Options{ChunkSize: 1 << 20, BatchSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	many, err := NewFileTable("M", []string{p1, p2}, Options{ChunkSize: 64, BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	city := []Field{{Column: "loc", Keys: []string{"city"}, Type: column.String}}
	want := orderedRows(t, one, []string{"id"}, 1, city)
	if len(want) != 6000 || !strings.HasSuffix(want[5999], `"d3"`) {
		t.Fatalf("one worker: %d rows, last %q", len(want), want[len(want)-1])
	}
	if got := orderedRows(t, many, []string{"id"}, 4, city); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Error("nested fields over two files: ordered rows differ from the files' order")
	}
}

// TestOrderedScanStopsOnError checks that an emit error ends an ordered
// scan with that error (no worker is left waiting for its turn).
func TestOrderedScanStopsOnError(t *testing.T) {
	var nd strings.Builder
	for i := range 2000 {
		nd.WriteString(`{"id":` + itoa(i) + "}\n")
	}
	ft := open(t, "P", nd.String(), Options{ChunkSize: 50, BatchSize: 7})
	stop := errors.New("stop")
	n := 0
	err := ft.Scan(context.Background(), table.ScanRequest{Workers: 4, Ordered: true}, func(int, *column.Batch) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("scan error %v, want the emit error", err)
	}
}
