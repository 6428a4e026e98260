package zeek

import (
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// tsvState holds the header of the TSV log being read.
type tsvState struct {
	sep, setSep   string
	empty, unset  string
	path          string
	fields, types []string
	tab           *source.Builder
	row           *source.Row
	cols          []int // row position of each field, -1 when dropped
	tsCol         int
}

func newTSVState() *tsvState {
	return &tsvState{sep: "\t", setSep: ",", empty: "(empty)", unset: "-"}
}

// header applies one "#key value" line.
func (st *tsvState) header(line string) {
	key, val, _ := strings.Cut(line[1:], st.sepFor(line))
	switch key {
	case "separator":
		st.sep = unescape(strings.TrimSpace(val))
	case "set_separator":
		st.setSep = unescape(val)
	case "empty_field":
		st.empty = val
	case "unset_field":
		st.unset = val
	case "path":
		st.path = val
	case "fields":
		st.fields = strings.Split(val, st.sep)
		st.tab = nil
	case "types":
		st.types = strings.Split(val, st.sep)
		st.tab = nil
	}
}

// sepFor splits "#separator \x09" on the space, other headers on the
// separator.
func (st *tsvState) sepFor(line string) string {
	if strings.HasPrefix(line, "#separator") {
		return " "
	}
	return st.sep
}

// unescape decodes \xHH escapes.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if n, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// table prepares the builder and the column map after #fields/#types.
func (st *tsvState) table(sink *source.Sink) {
	tab := sink.Table(TableName(st.path), schemaOf(st.fields, st.types))
	st.tab, st.row = tab, source.NewRow(tab.Schema())
	st.cols = make([]int, len(st.fields))
	for i, f := range st.fields {
		st.cols[i] = st.row.Index(colName(f))
	}
	st.tsCol = indexOf(st.fields, "ts")
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

// record parses one data line; it returns a reason when the line does not
// match the header.
func (st *tsvState) record(line string) string {
	vals := strings.Split(line, st.sep)
	if len(vals) != len(st.fields) {
		return "expected " + strconv.Itoa(len(st.fields)) + " fields, found " + strconv.Itoa(len(vals))
	}
	st.row.Reset()
	for i, v := range vals {
		if c := st.cols[i]; c >= 0 {
			st.row.SetValue(colName(st.fields[i]), st.value(v, st.typeOf(i)))
		}
	}
	if st.tsCol >= 0 {
		st.row.SetValue("TimeGenerated", st.row.Get("ts"))
	}
	st.row.Set("Type", st.tab.Name())
	return ""
}

func (st *tsvState) typeOf(i int) string {
	if i < len(st.types) {
		return st.types[i]
	}
	return "string"
}

// value converts one TSV cell of Zeek type z.
func (st *tsvState) value(v, z string) column.Value {
	t := kqlType(z)
	switch {
	case v == st.unset:
		return column.NullOf(t)
	case t == column.Dynamic:
		return column.DynamicValue(st.list(v, elemType(z)))
	case v == st.empty:
		return column.NullOf(t)
	}
	return scalar(v, t)
}

func (st *tsvState) list(v, elem string) []any {
	out := []any{}
	if v == st.empty || v == "" {
		return out
	}
	for _, e := range strings.Split(v, st.setSep) {
		x := scalar(e, kqlType(elem))
		if x.Type == column.DateTime {
			out = append(out, column.FormatDateTime(x.I))
			continue
		}
		out = append(out, x.JSON())
	}
	return out
}

// scalar converts text to a value of type t (null when it does not parse).
func scalar(v string, t column.Type) column.Value {
	switch t {
	case column.DateTime:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return column.NullOf(t)
		}
		return column.DateTimeTicks(source.EpochTicks(f))
	case column.Bool:
		return column.BoolValue(v == "T" || v == "true")
	case column.String:
		return column.StringValue(v)
	}
	x, _ := source.Convert(v, t)
	return x
}
