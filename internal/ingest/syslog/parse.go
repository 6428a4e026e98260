package syslog

import (
	"strings"
	"time"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// record is one parsed syslog line; its strings are substrings of the line.
type record struct {
	ticks    int64
	host     string
	proc     string
	pid      int64
	hasPID   bool
	msg      string
	facility string
	severity string
}

// parser holds the per-file state of the line parser: year inference and
// the time zone.
type parser struct {
	loc   *time.Location
	years years
	day   dayStart // the last day seen, in UTC
}

// dayStart caches the ticks of 00:00:00 UTC of one calendar date.
type dayStart struct {
	year, month, day int
	ticks            int64
}

// parse reads one line in any of the text formats; it returns a short
// reason when the line is not syslog.
func (p *parser) parse(line string, rec *record) string {
	*rec = record{}
	rest, pri := splitPRI(line)
	if pri >= 0 {
		rec.facility, rec.severity = priNames(pri)
	}
	switch {
	case len(rest) > 2 && rest[0] >= '1' && rest[0] <= '9' && rest[1] == ' ' && pri >= 0:
		return parse5424(rest[2:], rec, p.loc)
	case isISODate(rest):
		return p.parseISO(rest, rec)
	}
	return p.parse3164(rest, rec)
}

// splitPRI strips a leading "<N>" and returns N, or -1 without one.
func splitPRI(s string) (string, int) {
	if len(s) < 3 || s[0] != '<' {
		return s, -1
	}
	n := 0
	for i := 1; i < len(s) && i <= 4; i++ {
		c := s[i]
		if c == '>' && i > 1 {
			return s[i+1:], n
		}
		if c < '0' || c > '9' {
			return s, -1
		}
		n = n*10 + int(c-'0')
	}
	return s, -1
}

func isISODate(s string) bool {
	return len(s) > 10 && isDigits(s[:4]) && s[4] == '-' && s[7] == '-'
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// parse3164 reads "Mmm dd hh:mm:ss host tag[pid]: msg".
func (p *parser) parse3164(s string, rec *record) string {
	if len(s) < 16 || s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':' {
		return "no syslog timestamp"
	}
	month := monthOf(s[:3])
	day := num2(s[4], s[5])
	h, m, sec := num2(s[7], s[8]), num2(s[10], s[11]), num2(s[13], s[14])
	if month == 0 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 {
		return "no syslog timestamp"
	}
	rest := s[15:]
	ns := 0
	if len(rest) > 1 && rest[0] == '.' {
		ns, rest = fraction(rest[1:])
	}
	if len(rest) > 0 && rest[0] != ' ' {
		return "no syslog timestamp"
	}
	year := p.years.yearFor(month)
	rec.ticks = p.ticks(year, month, day, h, m, sec, ns)
	splitHeader(strings.TrimLeft(rest, " "), rec)
	return ""
}

// ticks returns the ticks of time.Date(year, month, day, h, m, sec, ns,
// p.loc). Fast path in UTC: the lines of a log share a few dates, so the
// start of the day is computed once per date and the time of day added
// to it, which is what time.Date does in a zone without offset changes
// (it normalizes out-of-range values, such as 31 November or second 60,
// by the same arithmetic). Other zones go through time.Date, which knows
// their daylight-saving changes.
func (p *parser) ticks(year, month, day, h, m, sec, ns int) int64 {
	if p.loc != time.UTC {
		return column.TimeToTicks(time.Date(year, time.Month(month), day, h, m, sec, ns, p.loc))
	}
	d := &p.day
	if d.year != year || d.month != month || d.day != day { // month 0 before the first line
		*d = dayStart{year, month, day, column.TimeToTicks(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC))}
	}
	return d.ticks + int64(h*3600+m*60+sec)*column.TicksPerSecond + int64(ns/100)
}

// parseISO reads "2024-01-02T03:04:05.123+00:00 host tag[pid]: msg".
func (p *parser) parseISO(s string, rec *record) string {
	ts, rest, _ := strings.Cut(s, " ")
	ticks, ok := source.ParseTime(ts, p.loc)
	if !ok {
		return "bad timestamp " + quoteShort(ts)
	}
	rec.ticks = ticks
	splitHeader(rest, rec)
	return ""
}

// splitHeader reads "host tag[pid]: msg" (the host may be missing when the
// first word is already the tag).
func splitHeader(s string, rec *record) {
	host, rest, _ := strings.Cut(s, " ")
	if strings.HasSuffix(host, ":") || strings.HasSuffix(host, "]") {
		host, rest = "", s
	}
	rec.host = host
	splitTag(rest, rec)
}

// splitTag reads "proc[pid]: msg", "proc: msg" or a bare message.
func splitTag(s string, rec *record) {
	i := 0
	for i < len(s) && s[i] != ':' && s[i] != '[' && s[i] != ' ' {
		i++
	}
	switch {
	case i < len(s) && s[i] == ':' && i > 0:
		rec.proc, rec.msg = s[:i], trimMsg(s[i+1:])
	case i < len(s) && s[i] == '[' && i > 0:
		end := strings.IndexByte(s[i:], ']')
		if end < 0 || i+end+1 >= len(s) || s[i+end+1] != ':' {
			rec.msg = s
			return
		}
		rec.proc = s[:i]
		rec.pid, rec.hasPID = atoi(s[i+1 : i+end])
		rec.msg = trimMsg(s[i+end+2:])
	default:
		rec.msg = s
	}
}

func trimMsg(s string) string { return strings.TrimLeft(s, " ") }

// parse5424 reads "TIMESTAMP HOST APP PROCID MSGID SD MSG" (after "<PRI>1 ").
func parse5424(s string, rec *record, loc *time.Location) string {
	var f [5]string
	for i := range f {
		var ok bool
		f[i], s, ok = strings.Cut(s, " ")
		if !ok && i < 4 {
			return "truncated RFC 5424 header"
		}
	}
	if f[0] != "-" {
		ticks, ok := source.ParseTime(f[0], loc)
		if !ok {
			return "bad timestamp " + quoteShort(f[0])
		}
		rec.ticks = ticks
	}
	rec.host, rec.proc = nilValue(f[1]), nilValue(f[2])
	rec.pid, rec.hasPID = atoi(f[3])
	rec.msg = strings.TrimPrefix(skipSD(s), "\ufeff")
	return ""
}

// skipSD drops the structured-data part ("-" or "[...][...]") and returns
// the message after it.
func skipSD(s string) string {
	if strings.HasPrefix(s, "-") {
		return strings.TrimPrefix(s[1:], " ")
	}
	for len(s) > 0 && s[0] == '[' {
		i := 1
		for i < len(s) && s[i] != ']' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			return ""
		}
		s = s[i+1:]
	}
	return strings.TrimPrefix(s, " ")
}

func nilValue(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "\"" + s + "\""
}

// atoi parses a small non-negative decimal number.
func atoi(s string) (int64, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// num2 reads a two-character number, the first possibly a space; -1 when
// not a number.
func num2(a, b byte) int {
	if a == ' ' {
		a = '0'
	}
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return -1
	}
	return int(a-'0')*10 + int(b-'0')
}

// fraction reads the digits of a fractional second as nanoseconds.
func fraction(s string) (int, string) {
	ns, scale, i := 0, 100_000_000, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		ns += int(s[i]-'0') * scale
		scale /= 10
	}
	return ns, s[i:]
}

func monthOf(s string) int {
	switch s {
	case "Jan":
		return 1
	case "Feb":
		return 2
	case "Mar":
		return 3
	case "Apr":
		return 4
	case "May":
		return 5
	case "Jun":
		return 6
	case "Jul":
		return 7
	case "Aug":
		return 8
	case "Sep":
		return 9
	case "Oct":
		return 10
	case "Nov":
		return 11
	case "Dec":
		return 12
	}
	return 0
}
