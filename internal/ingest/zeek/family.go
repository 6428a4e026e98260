package zeek

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// Family is the Zeek source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "zeek".
func (Family) Name() string { return "zeek" }

// Sniff returns 99 for a TSV log header, 95 for JSON records with ts, uid
// and connection ids, 0 otherwise.
func (Family) Sniff(head []byte) int {
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(h, []byte("#separator")):
		return 99
	case len(h) > 0 && h[0] == '{' && bytes.Contains(h, []byte(`"uid"`)) && bytes.Contains(h, []byte(`"ts"`)) &&
		(bytes.Contains(h, []byte(`"id.orig_h"`)) || bytes.Contains(h, []byte(`"id_orig_h"`))):
		return 95
	}
	return 0
}

// Read parses a TSV or JSON Zeek log.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	st := newTSVState()
	js := &jsonState{file: file, sink: sink, tables: map[string]*jsonTable{}}
	return source.Lines(r, func(no int, line string) error {
		switch {
		case line == "":
			return nil
		case line[0] == '#':
			st.header(line)
			return nil
		case line[0] == '{':
			return js.line(no, line)
		}
		sink.Record()
		if st.fields == nil {
			return sink.Bad(file, no, "zeek data line before the #fields header")
		}
		if st.tab == nil {
			if st.path == "" {
				st.path = pathFromFile(file)
			}
			st.table(sink)
		}
		if why := st.record(line); why != "" {
			return sink.Bad(file, no, "bad zeek record: %s", why)
		}
		st.tab.Append(st.row.Values())
		return nil
	}, source.TooLong(sink, file))
}

// pathFromFile guesses a log path from a file name ("conn.log.gz" -> "conn").
func pathFromFile(file string) string {
	base := filepath.Base(file)
	name, _, _ := strings.Cut(base, ".")
	if name == "" || name == "-" {
		return "log"
	}
	return name
}

// jsonTable is the builder and row of one JSON log path.
type jsonTable struct {
	tab *source.Builder
	row *source.Row
}

type jsonState struct {
	file   string
	sink   *source.Sink
	tables map[string]*jsonTable
}

func (js *jsonState) line(no int, line string) error {
	js.sink.Record()
	v, err := source.DecodeJSON([]byte(line))
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		return js.sink.Bad(js.file, no, "invalid zeek JSON record")
	}
	path := jsonPath(m, js.file)
	jt := js.table(path, m)
	jt.row.Reset()
	for k, x := range m {
		if !strings.HasPrefix(k, "@") && k != "_path" {
			jt.row.Set(colName(k), x)
		}
	}
	jt.row.SetValue("TimeGenerated", jt.row.Get("ts"))
	jt.row.Set("Type", jt.tab.Name())
	jt.tab.Append(jt.row.Values())
	return nil
}

func (js *jsonState) table(path string, first map[string]any) *jsonTable {
	if jt, ok := js.tables[path]; ok {
		return jt
	}
	var schema column.Schema
	if names, types, ok := knownFields(path); ok {
		schema = schemaOf(names, types)
	} else {
		schema = inferSchema(first)
	}
	tab := js.sink.Table(TableName(path), schema)
	jt := &jsonTable{tab: tab, row: source.NewRow(tab.Schema())}
	js.tables[path] = jt
	return jt
}

// jsonPath finds the log path of a JSON record.
func jsonPath(m map[string]any, file string) string {
	for _, k := range []string{"_path", "@stream"} {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	switch {
	case m["conn_state"] != nil || m["orig_bytes"] != nil:
		return "conn"
	case m["auth_success"] != nil || m["auth_attempts"] != nil:
		return "ssh"
	case m["domainname"] != nil:
		return "ntlm"
	case m["cookie"] != nil && m["security_protocol"] != nil:
		return "rdp"
	}
	return pathFromFile(file)
}

// inferSchema types the columns of an unknown path from its first record.
func inferSchema(m map[string]any) column.Schema {
	var names, types []string
	for k, v := range m {
		if strings.HasPrefix(k, "@") || k == "_path" {
			continue
		}
		names = append(names, k)
		types = append(types, jsonZeekType(k, v))
	}
	sortPair(names, types)
	return schemaOf(names, types)
}

func jsonZeekType(k string, v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case int64:
		if k == "ts" {
			return "time"
		}
		return "int"
	case float64:
		if k == "ts" {
			return "time"
		}
		return "double"
	case []any:
		return "vector[string]"
	}
	if k == "ts" {
		return "time"
	}
	return "string"
}

// sortPair sorts names (with types alongside) so that "ts" comes first and
// the rest alphabetically, for a stable schema.
func sortPair(names, types []string) {
	less := func(a, b string) bool {
		if a == "ts" || b == "ts" {
			return a == "ts" && b != "ts"
		}
		return a < b
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && less(names[j], names[j-1]); j-- {
			names[j], names[j-1] = names[j-1], names[j]
			types[j], types[j-1] = types[j-1], types[j]
		}
	}
}
