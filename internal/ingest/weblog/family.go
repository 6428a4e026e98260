package weblog

import (
	"io"
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// Family is the web access log source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "weblog".
func (Family) Name() string { return "weblog" }

// Sniff returns 90 when most of the first lines parse as access-log lines.
func (Family) Sniff(head []byte) int {
	lines := source.SniffLines(head, 20)
	good, n := 0, len(lines)
	var e entry
	for _, l := range lines {
		if parse(l, &e) == "" {
			good++
		}
	}
	return source.LineScore(good, n, 20)
}

// Read parses r line by line into ASimWebSessionLogs.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	rd := newReader(file, opt, sink)
	return source.Lines(r, rd.line, source.TooLong(sink, file))
}

type reader struct {
	file  string
	sink  *source.Sink
	tab   *source.Builder
	login loginMatcher
	e     entry
	row   *source.FixedRow // cells addressed by position in Schema
}

// loginFlag is the AdditionalFields value of login attempts; rows share
// it, so nothing may modify it.
var loginFlag = map[string]any{"LoginAttempt": true}

func newReader(file string, opt source.Options, sink *source.Sink) *reader {
	paths := opt.LoginPaths
	if paths == nil {
		paths = source.DefaultLoginPaths
	}
	tab := sink.Table(TableName, Schema)
	return &reader{file: file, sink: sink, tab: tab, login: newLoginMatcher(paths), row: source.NewFixedRow(Schema, tab.Schema())}
}

func (rd *reader) line(no int, line string) error {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	rd.sink.Record()
	if why := parse(line, &rd.e); why != "" {
		return rd.sink.Bad(rd.file, no, "not an access-log line: %s", why)
	}
	rd.emit()
	return nil
}

// statusText holds "100".."599" so that rows share the strings.
var statusText = func() []string {
	out := make([]string, 600)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

func (rd *reader) emit() {
	e := &rd.e
	var status string
	if e.status < len(statusText) {
		status = statusText[e.status]
	} else {
		status = strconv.Itoa(e.status)
	}
	result := "Success"
	if e.status >= 400 {
		result = "Failure"
	}
	product := "Common log format"
	if e.combined {
		product = "Combined log format"
	}
	var extra any
	if rd.login.isLogin(e.method, e.url) {
		extra = loginFlag
	}
	rd.set(colTimeGenerated, column.DateTimeTicks(e.ticks))
	rd.setStr(colEventType, "HTTPsession")
	rd.setStr(colEventResult, result)
	rd.setStr(colEventResultDetails, status)
	rd.set(colEventCount, column.IntValue(1))
	rd.setStr(colEventProduct, product)
	rd.setStr(colEventVendor, "Web server")
	rd.setStr(colEventSchema, "WebSession")
	rd.setStr(colEventSchemaVersion, "0.2.6")
	rd.setStr(colSrcIpAddr, e.ip)
	rd.setStr(colSrcUsername, e.user)
	rd.setStr(colHttpRequestMethod, e.method)
	rd.setStr(colUrl, e.url)
	rd.setStr(colHttpVersion, e.proto)
	rd.setStr(colHttpStatusCode, status)
	rd.setStr(colHttpReferrer, e.referrer)
	rd.setStr(colHttpUserAgent, e.agent)
	rd.set(colDstBytes, column.LongValue(e.bytes))
	rd.set(colAdditionalFields, column.DynamicValue(extra))
	rd.setStr(colType, TableName)
	rd.tab.Append(rd.row.Values())
}

func (rd *reader) setStr(col int, s string) { rd.set(col, column.StringValue(s)) }

func (rd *reader) set(col int, v column.Value) {
	rd.row.Set(col, v)
}
