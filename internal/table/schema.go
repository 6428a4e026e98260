package table

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"

	"quarry/internal/column"
)

// The documented Log Analytics schemas, one CSV per table, copied from the
// team's compiled documentation (../shared/schemas). Header:
// column,type[,class],description; column order follows the source page.
//
//go:embed schemas/*.csv
var schemaFiles embed.FS

var known struct {
	once    sync.Once
	schemas map[string]column.Schema
	names   []string
}

// KnownSchema returns the documented columns and KQL types of a Log Analytics
// table (SigninLogs, SecurityEvent, ...) or of an ASIM schema
// (imAuthentication). Table names are case-sensitive, as in KQL. The schema
// always contains TimeGenerated (datetime) and Type (string, the table
// name). The returned slice is a copy the caller may modify.
func KnownSchema(table string) (column.Schema, bool) {
	loadKnown()
	s, ok := known.schemas[table]
	if !ok {
		return nil, false
	}
	return append(column.Schema(nil), s...), true
}

// KnownTables returns the names of the tables KnownSchema knows, sorted.
func KnownTables() []string {
	loadKnown()
	return append([]string(nil), known.names...)
}

func loadKnown() {
	known.once.Do(func() {
		known.schemas = map[string]column.Schema{}
		entries, err := schemaFiles.ReadDir("schemas")
		if err != nil {
			panic("table: embedded schemas missing: " + err.Error())
		}
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), ".csv")
			data, err := schemaFiles.ReadFile(path.Join("schemas", e.Name()))
			if err != nil {
				panic("table: " + err.Error())
			}
			s, err := parseSchemaCSV(name, string(data))
			if err != nil {
				panic("table: embedded schema " + e.Name() + ": " + err.Error())
			}
			known.schemas[name] = s
			known.names = append(known.names, name)
		}
		sort.Strings(known.names)
	})
}

// parseSchemaCSV reads a schema CSV (column,type,...) and makes sure the
// standard TimeGenerated and Type columns are present.
func parseSchemaCSV(table, text string) (column.Schema, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	if len(header) < 2 || header[0] != "column" || header[1] != "type" {
		return nil, fmt.Errorf("header %q: want column,type,...", header)
	}
	var s column.Schema
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		t, ok := column.ParseType(rec[1])
		if !ok {
			return nil, fmt.Errorf("column %s: unknown type %q", rec[0], rec[1])
		}
		if s.Index(rec[0]) >= 0 {
			return nil, fmt.Errorf("column %s listed twice", rec[0])
		}
		s = append(s, column.Field{Name: rec[0], Type: t})
	}
	return addStandard(s), nil
}

// addStandard appends TimeGenerated and Type when a page omits them.
func addStandard(s column.Schema) column.Schema {
	if s.Index("TimeGenerated") < 0 {
		s = append(s, column.Field{Name: "TimeGenerated", Type: column.DateTime})
	}
	if s.Index("Type") < 0 {
		s = append(s, column.Field{Name: "Type", Type: column.String})
	}
	return s
}
