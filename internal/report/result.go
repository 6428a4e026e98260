package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"quarry/internal/column"
)

// Formats lists the result formats WriteResult accepts.
var Formats = []string{"table", "csv", "json", "ndjson"}

// WriteResult writes a query result in the named format: "table" (aligned
// text for a terminal), "csv" (header row, RFC 4180), "json" (one array of
// objects) or "ndjson" (one object per line).
func WriteResult(w io.Writer, format string, schema column.Schema, b *column.Batch) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "table", "":
		err = writeTable(bw, schema, b)
	case "csv":
		err = writeCSV(bw, schema, b)
	case "json":
		err = writeJSON(bw, schema, b, true)
	case "ndjson":
		err = writeJSON(bw, schema, b, false)
	default:
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// cellText renders a cell for text outputs: Kusto's tostring form, so nulls
// are empty and datetimes are ISO 8601 UTC.
func cellText(v column.Value) string { return v.Text() }

func writeCSV(w io.Writer, schema column.Schema, b *column.Batch) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(schema.Names()); err != nil {
		return err
	}
	rec := make([]string, len(schema))
	for i := 0; i < b.Len; i++ {
		for c, v := range b.Cols {
			rec[c] = cellText(v.Value(i))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, schema column.Schema, b *column.Batch, array bool) error {
	if array {
		io.WriteString(w, "[")
	}
	for i := 0; i < b.Len; i++ {
		if array && i > 0 {
			io.WriteString(w, ",")
		}
		if array {
			io.WriteString(w, "\n")
		}
		if err := writeObject(w, schema, b, i); err != nil {
			return err
		}
		if !array {
			io.WriteString(w, "\n")
		}
	}
	if array {
		if b.Len > 0 {
			io.WriteString(w, "\n")
		}
		_, err := io.WriteString(w, "]\n")
		return err
	}
	return nil
}

// writeObject writes row i as a JSON object whose keys keep column order.
func writeObject(w io.Writer, schema column.Schema, b *column.Batch, i int) error {
	io.WriteString(w, "{")
	for c, f := range schema {
		if c > 0 {
			io.WriteString(w, ",")
		}
		if err := writeJSONValue(w, f.Name); err != nil {
			return err
		}
		io.WriteString(w, ":")
		if err := writeJSONValue(w, b.Cols[c].Value(i).JSON()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "}")
	return err
}

func writeJSONValue(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// maxCellWidth bounds a terminal cell; longer values are cut with "…".
const maxCellWidth = 60

func writeTable(w io.Writer, schema column.Schema, b *column.Batch) error {
	cells := make([][]string, b.Len)
	widths := make([]int, len(schema))
	for c, f := range schema {
		widths[c] = utf8.RuneCountInString(f.Name)
	}
	for i := range cells {
		cells[i] = make([]string, len(schema))
		for c, v := range b.Cols {
			s := clip(strings.ReplaceAll(cellText(v.Value(i)), "\n", " "))
			cells[i][c] = s
			widths[c] = max(widths[c], utf8.RuneCountInString(s))
		}
	}
	writeRow(w, schema.Names(), widths)
	rule := make([]string, len(schema))
	for c := range rule {
		rule[c] = strings.Repeat("-", widths[c])
	}
	writeRow(w, rule, widths)
	for _, row := range cells {
		writeRow(w, row, widths)
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", b.Len)
	return err
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxCellWidth {
		return s
	}
	r := []rune(s)
	return string(r[:maxCellWidth-1]) + "…"
}

func writeRow(w io.Writer, cells []string, widths []int) {
	for c, s := range cells {
		if c > 0 {
			io.WriteString(w, "  ")
		}
		io.WriteString(w, s)
		if c < len(cells)-1 {
			io.WriteString(w, strings.Repeat(" ", widths[c]-utf8.RuneCountInString(s)))
		}
	}
	io.WriteString(w, "\n")
}
