package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// csvExportFile converts the sign-in NDJSON into a Log Analytics-style CSV
// export: one column per top-level field in the order of the first record,
// strings unquoted, nested objects and arrays as compact JSON text.
func csvExportFile(src dataset) (dataset, error) {
	path := strings.TrimSuffix(src.Path, ".ndjson") + ".csv"
	return cached(path, func(w io.Writer) (int, error) {
		return convertToCSV(src.Path, w)
	})
}

func convertToCSV(path string, w io.Writer) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	cw := csv.NewWriter(w)
	var cols []string
	n := 0
	for sc.Scan() {
		if cols == nil {
			if cols, err = keyOrder(sc.Bytes()); err != nil {
				return n, err
			}
			cw.Write(cols)
		}
		rec, err := csvRecord(sc.Bytes(), cols)
		if err != nil {
			return n, fmt.Errorf("line %d: %w", n+1, err)
		}
		cw.Write(rec)
		n++
	}
	cw.Flush()
	if err := sc.Err(); err != nil {
		return n, err
	}
	return n, cw.Error()
}

// keyOrder returns the top-level keys of a JSON object in document order.
func keyOrder(line []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// csvRecord renders one JSON line as CSV cells in column order.
func csvRecord(line []byte, cols []string) ([]string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, err
	}
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = cellText(m[c])
	}
	return rec, nil
}

// cellText is a JSON value as Log Analytics writes it in a CSV cell.
func cellText(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, v) == nil {
		return b.String()
	}
	return string(v)
}
