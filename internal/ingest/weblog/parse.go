package weblog

import (
	"strings"
	"time"

	"quarry/internal/column"
)

// entry is one parsed access-log line; strings are substrings of it.
type entry struct {
	ip, user           string
	ticks              int64
	method, url, proto string
	status             int
	bytes              int64
	referrer, agent    string
	combined           bool
}

// parse reads one common or combined line; it returns a reason when the
// line is not one.
func parse(line string, e *entry) string {
	*e = entry{}
	var ident string
	var ok bool
	if e.ip, line, ok = strings.Cut(line, " "); !ok || e.ip == "" {
		return "no client address"
	}
	if ident, line, ok = strings.Cut(line, " "); !ok || ident == "" {
		return "no ident field"
	}
	if e.user, line, ok = strings.Cut(line, " ["); !ok {
		return "no [time] field"
	}
	e.user = dashEmpty(e.user)
	if why := e.parseTime(&line); why != "" {
		return why
	}
	if why := e.parseRequest(&line); why != "" {
		return why
	}
	if why := e.parseStatusBytes(&line); why != "" {
		return why
	}
	e.parseAgent(line)
	return ""
}

// parseTime reads "17/May/2015:10:05:03 +0000] ".
func (e *entry) parseTime(line *string) string {
	ts, rest, ok := strings.Cut(*line, "] ")
	if !ok {
		return "unterminated [time]"
	}
	ticks, ok := clfTime(ts)
	if !ok {
		return "bad time " + quoteShort(ts)
	}
	e.ticks, *line = ticks, rest
	return ""
}

// clfTime parses "02/Jan/2006:15:04:05 -0700" without allocating.
func clfTime(s string) (int64, bool) {
	if len(s) < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' {
		return 0, false
	}
	day, mon, year := num(s[0:2]), monthOf(s[3:6]), num(s[7:11])
	h, m, sec := num(s[12:14]), num(s[15:17]), num(s[18:20])
	if day < 1 || mon == 0 || year < 0 || h < 0 || m < 0 || sec < 0 {
		return 0, false
	}
	off := 0
	if z := strings.TrimSpace(s[20:]); z != "" {
		if len(z) != 5 || (z[0] != '+' && z[0] != '-') || num(z[1:3]) < 0 || num(z[3:5]) < 0 {
			return 0, false
		}
		off = num(z[1:3])*3600 + num(z[3:5])*60
		if z[0] == '-' {
			off = -off
		}
	}
	t := time.Date(year, time.Month(mon), day, h, m, sec, 0, time.UTC)
	return column.TimeToTicks(t) - int64(off)*column.TicksPerSecond, true
}

// parseRequest reads "\"GET /path HTTP/1.1\" " (quotes inside may be
// backslash-escaped).
func (e *entry) parseRequest(line *string) string {
	s := *line
	if len(s) == 0 || s[0] != '"' {
		return "no quoted request"
	}
	req, rest, ok := quoted(s)
	if !ok {
		return "unterminated request"
	}
	e.method, e.url, e.proto = splitRequest(req)
	*line = strings.TrimLeft(rest, " ")
	return ""
}

// splitRequest splits "GET /x HTTP/1.1"; a request that is not three words
// (junk from scanners) is kept whole as the URL.
func splitRequest(req string) (method, url, proto string) {
	m, rest, ok := strings.Cut(req, " ")
	if !ok || !isToken(m) {
		return "", req, ""
	}
	u, p, ok := cutLastSpace(rest)
	if !ok || !strings.HasPrefix(p, "HTTP/") {
		return m, rest, ""
	}
	return m, u, strings.TrimPrefix(p, "HTTP/")
}

func cutLastSpace(s string) (string, string, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// isToken reports whether s looks like an HTTP method.
func isToken(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// parseStatusBytes reads "200 512" ("-" bytes is 0).
func (e *entry) parseStatusBytes(line *string) string {
	st, rest, _ := strings.Cut(*line, " ")
	if e.status = num(st); len(st) != 3 || e.status < 0 {
		return "bad status " + quoteShort(st)
	}
	b, rest, _ := strings.Cut(rest, " ")
	if b != "-" {
		n := num(b)
		if n < 0 {
			return "bad byte count " + quoteShort(b)
		}
		e.bytes = int64(n)
	}
	*line = rest
	return ""
}

// parseAgent reads the optional "\"referrer\" \"agent\"" of the combined
// format.
func (e *entry) parseAgent(s string) {
	ref, rest, ok := quoted(strings.TrimLeft(s, " "))
	if !ok {
		return
	}
	agent, _, ok := quoted(strings.TrimLeft(rest, " "))
	if !ok {
		return
	}
	e.combined = true
	e.referrer, e.agent = dashEmpty(ref), dashEmpty(agent)
}

func dashEmpty(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// quoted reads a leading "..." and returns its content and the rest.
func quoted(s string) (string, string, bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return s[1:i], s[i+1:], true
		}
	}
	return "", s, false
}

// num reads a non-negative decimal of up to 18 digits; -1 otherwise.
func num(s string) int {
	if s == "" || len(s) > 18 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func monthOf(s string) int {
	const months = "JanFebMarAprMayJunJulAugSepOctNovDec"
	for i := 0; i+3 <= len(months); i += 3 {
		if months[i:i+3] == s {
			return i/3 + 1
		}
	}
	return 0
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "\"" + s + "\""
}
