package syslog

import (
	"io"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// Family is the syslog source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "syslog".
func (Family) Name() string { return "syslog" }

// Sniff returns 90 when most of the first lines are syslog lines (95 for
// journald JSON), less when only some are, 0 when none is.
func (Family) Sniff(head []byte) int {
	lines := source.SniffLines(head, 20)
	if len(lines) == 0 {
		return 0
	}
	p := parser{loc: locOrUTC(nil), years: years{year: 2000}}
	var rec record
	good, journal := 0, 0
	for _, l := range lines {
		switch {
		case isJournal(l):
			journal++
		case p.parse(l, &rec) == "" && rec.proc != "":
			good++
		}
	}
	return score(good, journal, len(lines))
}

func score(good, journal, n int) int {
	if n > 0 && journal*10 >= n*8 {
		return 95
	}
	return source.LineScore(good, n, 20)
}

func isJournal(l string) bool {
	return strings.HasPrefix(l, "{") && strings.Contains(l, `"__REALTIME_TIMESTAMP"`) && strings.Contains(l, `"MESSAGE"`)
}

// Read parses r into the Syslog table: on all cores through the columnar
// fast path (see parallel.go), or line by line in strict mode, where the
// first bad line must stop the read with the rows before it kept.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	rd := newReader(file, opt, sink)
	if !opt.Strict && sameSchema(rd.tab.Schema(), Schema) {
		return rd.readParallel(r)
	}
	return source.Lines(r, rd.line, source.TooLong(sink, file))
}

// reader holds the state of one Read.
type reader struct {
	file string
	sink *source.Sink
	tab  *source.Builder
	p    parser
	rec  record
	row  *source.FixedRow // cells addressed by position in Schema
	mem  *colMemory       // the parallel path's column vectors
}

func newReader(file string, opt source.Options, sink *source.Sink) *reader {
	tab := sink.Table(TableName, Schema)
	rd := &reader{
		file: file, sink: sink, tab: tab,
		p:   parser{loc: opt.Loc(), years: newYears(opt.Year, file)},
		row: source.NewFixedRow(Schema, tab.Schema()),
	}
	return rd
}

// line parses one line on the row-at-a-time path.
func (rd *reader) line(no int, line string) error {
	if isBlank(line) {
		return nil
	}
	rd.sink.Record()
	if why := rd.p.parseAny(line, &rd.rec); why != "" {
		return rd.sink.Bad(rd.file, no, "not a syslog line: %s", why)
	}
	rd.emit()
	return nil
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

// parseAny parses a journald JSON line or a text line.
func (p *parser) parseAny(line string, rec *record) string {
	if line[0] == '{' {
		return parseJournal(line, rec)
	}
	return p.parse(line, rec)
}

// fillFacility infers the facility of a line without PRI.
func (rec *record) fillFacility() {
	if rec.facility == "" && rec.severity == "" {
		rec.facility = inferFacility(rec.proc)
	}
}

// emit appends the current record to the Syslog table.
func (rd *reader) emit() {
	rec := &rd.rec
	rec.fillFacility()
	ts := column.DateTimeTicks(rec.ticks)
	rd.set(colTimeGenerated, ts)
	rd.set(colEventTime, ts)
	rd.set(colComputer, column.StringValue(rec.host))
	rd.set(colHostName, column.StringValue(rec.host))
	rd.set(colFacility, column.StringValue(rec.facility))
	rd.set(colSeverityLevel, column.StringValue(rec.severity))
	rd.set(colProcessName, column.StringValue(rec.proc))
	rd.set(colSyslogMessage, column.StringValue(rec.msg))
	rd.set(colSourceSystem, column.StringValue(sourceSystem))
	rd.set(colType, column.StringValue(TableName))
	if rec.hasPID {
		rd.set(colProcessID, column.IntValue(rec.pid))
	} else {
		rd.set(colProcessID, column.NullOf(column.Int))
	}
	rd.tab.Append(rd.row.Values())
}

// sourceSystem is the SourceSystem of every row.
const sourceSystem = "Linux"

func (rd *reader) set(col int, v column.Value) {
	rd.row.Set(col, v)
}

// sameSchema reports whether a and b have the same columns in the same
// order.
func sameSchema(a, b column.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
