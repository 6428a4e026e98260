// Package proxifier is the "proxifier" source family: the connection log
// of Proxifier, the Windows/macOS proxy client, one line per connection
// event of a local application:
//
//	[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS
//	[10.30 16:49:07] chrome.exe *64 - www.google.com:443 close, 1190 bytes (1.16 KB) sent, 1727 bytes (1.68 KB) received, lifetime 00:01
//	[10.30 17:15:42] QQ.exe - tcpconn6.tencent.com:443 error : A connection request was canceled before the completion.
//
// Table. Log Analytics documents no table for Proxifier, and a Sentinel
// custom-log connector would create a Proxifier_CL table with
// type-suffixed columns (RawData, ...) that quarry does not imitate. The
// lines are not full ASIM network sessions either (no source address, no
// user, no device), so writing them into ASimNetworkSessionLogs would
// leave its mandatory fields empty. quarry therefore names the table
// ProxifierLogs (the product plus the "Logs" suffix of Log Analytics'
// ingest-time tables such as ASimWebSessionLogs) with these columns:
//
//	TimeGenerated (datetime), Application (the program, without Proxifier's
//	" *64" marker), Is64Bit (bool: the line carried " *64"), TargetHost,
//	TargetPort (int), Action ("open", "close" or "error"), ProxyHost,
//	ProxyPort (int), ProxyProtocol (HTTPS, SOCKS5, ...; open lines),
//	BytesSent, BytesReceived (long; close lines), Lifetime (timespan; close
//	lines; "<1 sec" is 0), ErrorMessage (error lines), Type ("ProxifierLogs").
//
// Time. Lines carry month.day and time but no year (some versions write
// year.month.day, which is used when present): the year is
// Options.Year, else the year of the file's modification time (1970 for a
// stream), advanced when the month falls by more than six from one line to
// the next (a December-to-January rollover), as for syslog. Times are in
// Options.Location (UTC by default).
package proxifier

import (
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// TableName is the table the family fills.
const TableName = "ProxifierLogs"

// Schema is the ProxifierLogs table (see the package comment).
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "Application", Type: column.String},
	{Name: "Is64Bit", Type: column.Bool},
	{Name: "TargetHost", Type: column.String},
	{Name: "TargetPort", Type: column.Int},
	{Name: "Action", Type: column.String},
	{Name: "ProxyHost", Type: column.String},
	{Name: "ProxyPort", Type: column.Int},
	{Name: "ProxyProtocol", Type: column.String},
	{Name: "BytesSent", Type: column.Long},
	{Name: "BytesReceived", Type: column.Long},
	{Name: "Lifetime", Type: column.TimeSpan},
	{Name: "ErrorMessage", Type: column.String},
	{Name: "Type", Type: column.String},
}

const (
	colTime = iota
	colApp
	col64
	colHost
	colPort
	colAction
	colProxyHost
	colProxyPort
	colProxyProto
	colSent
	colReceived
	colLifetime
	colError
	colType
)

// Family is the Proxifier source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "proxifier".
func (Family) Name() string { return "proxifier" }

// Sniff returns 90 when at least 80% of the first lines parse, 60 when
// half do.
func (Family) Sniff(head []byte) int {
	lines := source.SniffLines(head, 20)
	good, n := 0, 0
	var e entry
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n++
		if parse(l, &e) == "" {
			good++
		}
	}
	return source.LineScore(good, n, 10)
}

// entry is one parsed line.
type entry struct {
	year, month, day, hour, min, sec int
	app                              string
	is64                             bool
	host                             string
	port                             int64
	action                           string
	proxyHost                        string
	proxyPort                        int64
	proxyProto                       string
	sent, received                   int64
	lifetime                         time.Duration
	hasLife                          bool
	errMsg                           string
}

// Read parses r line by line into ProxifierLogs.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	tab := sink.Table(TableName, Schema)
	rd := &reader{file: file, sink: sink, tab: tab, loc: opt.Loc(), row: source.NewFixedRow(Schema, tab.Schema()),
		years: newYears(opt.Year, file)}
	return source.Lines(r, rd.line, source.TooLong(sink, file))
}

type reader struct {
	file  string
	sink  *source.Sink
	tab   *source.Builder
	loc   *time.Location
	row   *source.FixedRow
	e     entry
	years years
}

func (rd *reader) line(no int, line string) error {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	rd.sink.Record()
	if why := parse(line, &rd.e); why != "" {
		return rd.sink.Bad(rd.file, no, "not a Proxifier line: %s", why)
	}
	e := &rd.e
	year := e.year
	if year == 0 {
		year = rd.years.next(e.month)
	}
	t := time.Date(year, time.Month(e.month), e.day, e.hour, e.min, e.sec, 0, rd.loc)
	set := rd.row.Set
	set(colTime, column.DateTimeValue(t))
	set(colApp, column.StringValue(e.app))
	set(col64, column.BoolValue(e.is64))
	set(colHost, column.StringValue(e.host))
	set(colPort, column.IntValue(e.port))
	set(colAction, column.StringValue(e.action))
	set(colProxyHost, column.StringValue(e.proxyHost))
	set(colProxyPort, optInt(e.proxyPort))
	set(colProxyProto, column.StringValue(e.proxyProto))
	if e.action == "close" {
		set(colSent, column.LongValue(e.sent))
		set(colReceived, column.LongValue(e.received))
	} else {
		set(colSent, column.NullOf(column.Long))
		set(colReceived, column.NullOf(column.Long))
	}
	if e.hasLife {
		set(colLifetime, column.TimeSpanValue(e.lifetime))
	} else {
		set(colLifetime, column.NullOf(column.TimeSpan))
	}
	set(colError, column.StringValue(e.errMsg))
	set(colType, column.StringValue(TableName))
	rd.tab.Append(rd.row.Values())
	return nil
}

func optInt(n int64) column.Value {
	if n <= 0 {
		return column.NullOf(column.Int)
	}
	return column.IntValue(n)
}

// parse reads one line into e and returns "" or why it is not a
// Proxifier line.
func parse(line string, e *entry) string {
	*e = entry{}
	line = strings.TrimRight(line, " \t\r")
	if !strings.HasPrefix(line, "[") {
		return "no [time]"
	}
	end := strings.IndexByte(line, ']')
	if end < 0 {
		return "no [time]"
	}
	if !parseStamp(line[1:end], e) {
		return "bad time"
	}
	rest := strings.TrimPrefix(line[end+1:], " ")
	sep := strings.Index(rest, " - ")
	if sep <= 0 {
		return "no application"
	}
	e.app, rest = rest[:sep], rest[sep+3:]
	if a, ok := strings.CutSuffix(e.app, " *64"); ok {
		e.app, e.is64 = a, true
	}
	sp := strings.IndexByte(rest, ' ')
	if sp < 0 {
		return "no action"
	}
	var ok bool
	if e.host, e.port, ok = hostPort(rest[:sp]); !ok {
		return "bad target"
	}
	rest = rest[sp+1:]
	switch {
	case strings.HasPrefix(rest, "open"):
		e.action = "open"
		if p, ok := strings.CutPrefix(rest, "open through proxy "); ok {
			proxy, proto, _ := strings.Cut(p, " ")
			if e.proxyHost, e.proxyPort, ok = hostPort(proxy); !ok {
				return "bad proxy"
			}
			e.proxyProto = proto
		}
	case strings.HasPrefix(rest, "close"):
		e.action = "close"
		return parseClose(strings.TrimPrefix(rest, "close"), e)
	case strings.HasPrefix(rest, "error"):
		e.action = "error"
		msg := strings.TrimPrefix(rest, "error")
		msg = strings.TrimPrefix(strings.TrimSpace(msg), ":")
		e.errMsg = strings.TrimSpace(msg)
	default:
		return "unknown action"
	}
	return ""
}

// parseStamp reads "MM.DD HH:MM:SS" or "YYYY.MM.DD HH:MM:SS".
func parseStamp(s string, e *entry) bool {
	date, clock, ok := strings.Cut(s, " ")
	if !ok {
		return false
	}
	parts := strings.Split(date, ".")
	if len(parts) == 3 {
		y, err := strconv.Atoi(parts[0])
		if err != nil || len(parts[0]) != 4 || y < 1 {
			return false
		}
		e.year, parts = y, parts[1:]
	}
	if len(parts) != 2 {
		return false
	}
	var ok1, ok2 bool
	e.month, ok1 = num2(parts[0], 1, 12)
	e.day, ok2 = num2(parts[1], 1, 31)
	if !ok1 || !ok2 {
		return false
	}
	hms := strings.Split(clock, ":")
	if len(hms) != 3 {
		return false
	}
	var ok3, ok4, ok5 bool
	e.hour, ok3 = num2(hms[0], 0, 23)
	e.min, ok4 = num2(hms[1], 0, 59)
	e.sec, ok5 = num2(hms[2], 0, 60)
	return ok3 && ok4 && ok5
}

func num2(s string, lo, hi int) (int, bool) {
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n >= lo && n <= hi
}

// hostPort splits "host:port" at the last colon (IPv6 hosts keep theirs).
func hostPort(s string) (string, int64, bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return "", 0, false
	}
	p, err := strconv.ParseInt(s[i+1:], 10, 32)
	if err != nil || p < 0 || p > 65535 {
		return "", 0, false
	}
	return s[:i], p, true
}

// parseClose reads ", N bytes [(x KB)] sent, M bytes [(y KB)] received,
// lifetime L".
func parseClose(s string, e *entry) string {
	s = strings.TrimPrefix(s, ",")
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
		case strings.HasSuffix(part, " sent"):
			n, ok := bytesCount(part)
			if !ok {
				return "bad bytes sent"
			}
			e.sent = n
		case strings.HasSuffix(part, " received"):
			n, ok := bytesCount(part)
			if !ok {
				return "bad bytes received"
			}
			e.received = n
		case strings.HasPrefix(part, "lifetime "):
			d, ok := lifetime(strings.TrimPrefix(part, "lifetime "))
			if !ok {
				return "bad lifetime"
			}
			e.lifetime, e.hasLife = d, true
		default:
			return "unknown close field"
		}
	}
	return ""
}

// bytesCount reads the exact count before " bytes".
func bytesCount(s string) (int64, bool) {
	n, _, ok := strings.Cut(s, " bytes")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(n, 10, 64)
	return v, err == nil && v >= 0
}

// lifetime reads "<1 sec" (0), "mm:ss" or "hh:mm:ss".
func lifetime(s string) (time.Duration, bool) {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, " sec") {
		return 0, true
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var total int64
	for _, p := range parts {
		v, err := strconv.ParseInt(p, 10, 32)
		if err != nil || v < 0 || p == "" {
			return 0, false
		}
		total = total*60 + v
	}
	return time.Duration(total) * time.Second, true
}

// years infers the year of lines that carry none (see the package
// comment).
type years struct {
	year, last int
}

func newYears(year int, file string) years {
	if year > 0 {
		return years{year: year}
	}
	if file != "" {
		if fi, err := os.Stat(file); err == nil {
			return years{year: fi.ModTime().Year()}
		}
	}
	return years{year: 1970}
}

func (y *years) next(month int) int {
	if y.last != 0 && month < y.last-6 {
		y.year++
	}
	y.last = month
	return y.year
}
