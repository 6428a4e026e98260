package weblog

import (
	"bytes"
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
	if len(head) >= source.SniffSize {
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i]
		}
	}
	good, n := 0, 0
	var e entry
	for _, l := range strings.Split(string(head), "\n") {
		if l = strings.TrimSpace(l); l == "" || n >= 20 {
			continue
		}
		n++
		if parse(l, &e) == "" {
			good++
		}
	}
	switch {
	case n == 0 || good == 0:
		return 0
	case good*10 >= n*8:
		return 90
	case good*2 >= n:
		return 60
	}
	return 20
}

// Read parses r line by line into ASimWebSessionLogs.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	rd := newReader(file, opt, sink)
	return source.Lines(r, rd.line, func(no int) error {
		sink.Record()
		return sink.Bad(file, no, "line longer than %d bytes", source.MaxLine)
	})
}

type reader struct {
	file  string
	sink  *source.Sink
	tab   *source.Builder
	login loginMatcher
	e     entry
	row   []column.Value
	idx   []int
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
	rd := &reader{file: file, sink: sink, tab: tab, login: newLoginMatcher(paths), row: make([]column.Value, len(tab.Schema()))}
	rd.idx = make([]int, numCols)
	for i, f := range Schema {
		rd.idx[i] = tab.Schema().Index(f.Name)
	}
	for i, f := range tab.Schema() {
		rd.row[i] = column.NullOf(f.Type)
	}
	return rd
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
	rd.tab.Append(rd.row)
}

func (rd *reader) setStr(col int, s string) { rd.set(col, column.StringValue(s)) }

func (rd *reader) set(col int, v column.Value) {
	if i := rd.idx[col]; i >= 0 {
		rd.row[i] = v
	}
}
