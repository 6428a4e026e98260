package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

// writeFile writes content to a new file in a temporary directory.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipped(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

// result is a scan rendered as text: rows in emitted order, bad records.
type result struct {
	schema column.Schema
	rows   []string
	bad    []string
}

// scanTable scans t and renders each row as "v1 | v2 | ...".
func scanTable(tb testing.TB, t table.Table, cols []string, workers int) result {
	tb.Helper()
	var mu sync.Mutex
	var res result
	req := table.ScanRequest{Columns: cols, Workers: workers, BadRecord: func(b table.BadRecord) error {
		msg := b.Error()
		if b.Kept != strings.HasSuffix(b.Msg, "; stored null") {
			msg += fmt.Sprintf(" (Kept %v)", b.Kept) // a row kept or skipped as it must not be
		}
		res.bad = append(res.bad, msg)
		return nil
	}}
	err := t.Scan(context.Background(), req, func(w int, b *column.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		res.schema = b.Schema
		for i := 0; i < b.Len; i++ {
			res.rows = append(res.rows, renderRow(b.Row(i)))
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("scan: %v", err)
	}
	return res
}

func renderRow(row []column.Value) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = v.String()
	}
	return strings.Join(parts, " | ")
}

// open makes a file table over one file with the given content.
func open(t testing.TB, name, content string, opt Options) *FileTable {
	t.Helper()
	p := writeFile(t, "input", []byte(content))
	ft, err := NewFileTable(name, []string{p}, opt)
	if err != nil {
		t.Fatalf("NewFileTable: %v", err)
	}
	return ft
}

// baseNames strips directories from bad-record messages.
func baseNames(bad []string) string {
	out := make([]string, len(bad))
	for i, b := range bad {
		out[i] = filepath.Base(b)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

type columnBatch = column.Batch

func tableReq(cols []string) table.ScanRequest { return table.ScanRequest{Columns: cols} }

func itoa(i int) string { return strconv.Itoa(i) }

func sorted(rows []string) string {
	c := append([]string(nil), rows...)
	sort.Strings(c)
	return strings.Join(c, "\n")
}
