package funcs

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"quarry/internal/column"
)

// parseJSON decodes s into quarry's dynamic model: integers become int64,
// other numbers float64, objects map[string]any, arrays []any. It reports
// false when s is not exactly one JSON value.
func parseJSON(s string) (any, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, false
	}
	switch t[0] {
	case '{', '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
	default:
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false // trailing garbage
	}
	return column.FromJSONNumbers(v), true
}

// todynamic implements parse_json/todynamic: a string holding JSON becomes
// the decoded value; any other string becomes a dynamic string; a dynamic is
// returned unchanged; other scalars are boxed.
func todynamic(v column.Value) column.Value {
	switch v.Type {
	case column.Dynamic:
		return v
	case column.String:
		if d, ok := parseJSON(v.S); ok {
			return column.DynamicValue(d)
		}
		if v.S == "" {
			return nullDyn
		}
		return column.DynamicValue(v.S)
	}
	return column.DynamicValue(v.Payload())
}

// ---------------------------------------------------------------------------
// datetime parsing

// parseDateTime parses the datetime formats Kusto documents for datetime()
// literals and todatetime() (ISO 8601, RFC 822, RFC 850, sortable), plus the
// US "M/d/yyyy h:mm:ss AM" form of Sentinel portal exports and the
// "MM-dd-yyyy" form the datetime() literal accepts (todatetime page:
// todatetime('12-02-2022') == datetime('12-02-2022')). It returns ticks.
func parseDateTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if t, ok := parseISO(s); ok {
		return t, true
	}
	return parseDateLayouts(s)
}

// parseISO parses yyyy-MM-dd[(T| )HH:mm[:ss[.f+]]][Z|±hh[:]mm] without
// allocating.
func parseISO(s string) (int64, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := atoiN(s[0:4])
	mo, ok2 := atoiN(s[5:7])
	d, ok3 := atoiN(s[8:10])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return 0, false
	}
	rest := s[10:]
	var h, mi, sec, frac int
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return 0, false
		}
		var ok bool
		if h, mi, sec, frac, rest, ok = parseClock(rest[1:]); !ok {
			return 0, false
		}
	}
	off, ok := parseZone(rest)
	if !ok || d > daysIn(time.Month(mo), y) {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	return column.TimeToTicks(t) + int64(frac) - off, true
}

// parseClock parses HH:mm[:ss[.fffffff]] and returns the unparsed rest.
func parseClock(s string) (h, m, sec, frac int, rest string, ok bool) {
	if len(s) < 5 || s[2] != ':' {
		return
	}
	var ok1, ok2 bool
	h, ok1 = atoiN(s[0:2])
	m, ok2 = atoiN(s[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return
	}
	rest = s[5:]
	if len(rest) >= 3 && rest[0] == ':' {
		if sec, ok1 = atoiN(rest[1:3]); !ok1 || sec > 59 {
			return
		}
		rest = rest[3:]
		if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
			i, scale := 1, 1_000_000
			for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
				frac += int(rest[i]-'0') * scale
				scale /= 10
			}
			if i == 1 {
				return
			}
			rest = rest[i:]
		}
	}
	return h, m, sec, frac, rest, true
}

// parseZone parses "", "Z" or ±hh[:mm] and returns the offset in ticks.
func parseZone(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "Z" || s == "z" || s == "UTC" || s == "GMT":
		return 0, true
	case s[0] != '+' && s[0] != '-':
		return 0, false
	}
	digits := strings.Replace(s[1:], ":", "", 1)
	if len(digits) != 2 && len(digits) != 4 {
		return 0, false
	}
	h, ok := atoiN(digits[:2])
	m := 0
	if len(digits) == 4 {
		var ok2 bool
		m, ok2 = atoiN(digits[2:])
		ok = ok && ok2
	}
	off := int64(h)*column.TicksPerHour + int64(m)*column.TicksPerMinute
	if s[0] == '-' {
		off = -off
	}
	return off, ok
}

var dateLayouts = []string{
	time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 06 15:04:05 MST",
	"Mon, 2 Jan 06 15:04:05", "Mon, 2 Jan 06 15:04", "Mon, 2 Jan 06 15:04 MST", "2 Jan 06 15:04:05 MST",
	"2 Jan 06 15:04:05", "2 Jan 06 15:04", "2 Jan 06 15:04 MST", "Mon, 2 Jan 2006 15:04:05",
	"Monday, 02-Jan-06 15:04:05 MST", "Monday, 02-Jan-06 15:04:05", "Monday, 02-Jan-06 15:04",
	"Monday, 02-Jan-06 15:04 MST", time.RFC850, time.ANSIC, time.UnixDate,
	"1/2/2006 3:04:05.999999999 PM", "1/2/2006, 3:04:05.999999999 PM", "1/2/2006 3:04 PM",
	"1/2/2006, 3:04 PM", "1/2/2006 15:04:05.999999999", "1/2/2006 15:04", "1/2/2006",
	"1-2-2006 15:04:05.999999999", "1-2-2006 15:04", "1-2-2006", "2006-1-2 15:04:05.999999999", "2006-1-2",
	"2006/01/02 15:04:05.999999999", "2006/01/02", "20060102", "2006-01-02T15:04:05.999999999-0700",
	"Jan 2 2006 15:04:05", "Jan 2, 2006 15:04:05", "2 January 2006", "January 2, 2006",
}

func parseDateLayouts(s string) (int64, bool) {
	if len(s) < 6 || len(s) > 64 {
		return 0, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return column.TimeToTicks(t), true
		}
	}
	return 0, false
}

func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ---------------------------------------------------------------------------
// timespan parsing

// parseTimeSpan parses .NET-style "[-][d.]hh:mm[:ss[.fffffff]]", a plain
// number of days ("2"), and KQL literal forms ("2d", "1.5h", "30m",
// "100ms", "20min", "10microsecond", "1tick"). It returns ticks.
func parseTimeSpan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ":") {
		return parseClockSpan(s)
	}
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') && s[i-1] != '.' {
		i--
	}
	num, unit := s[:i], strings.ToLower(s[i:])
	if !looksNumeric(num) {
		return 0, false
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	mult, ok := spanUnits[unit]
	if !ok {
		return 0, false
	}
	r := f * float64(mult)
	if math.Abs(r) > 9.2e18 {
		return 0, false
	}
	return int64(math.Round(r)), true
}

var spanUnits = map[string]int64{
	"": column.TicksPerDay, "d": column.TicksPerDay, "day": column.TicksPerDay, "days": column.TicksPerDay,
	"h": column.TicksPerHour, "hr": column.TicksPerHour, "hrs": column.TicksPerHour, "hour": column.TicksPerHour, "hours": column.TicksPerHour,
	"m": column.TicksPerMinute, "min": column.TicksPerMinute, "minute": column.TicksPerMinute, "minutes": column.TicksPerMinute,
	"s": column.TicksPerSecond, "sec": column.TicksPerSecond, "second": column.TicksPerSecond, "seconds": column.TicksPerSecond,
	"ms": column.TicksPerMillisecond, "milli": column.TicksPerMillisecond, "millis": column.TicksPerMillisecond,
	"millisecond": column.TicksPerMillisecond, "milliseconds": column.TicksPerMillisecond,
	"microsecond": column.TicksPerMicrosecond, "microseconds": column.TicksPerMicrosecond,
	"tick": 1, "ticks": 1,
}

// parseClockSpan parses "[-][d.]hh:mm[:ss[.fffffff]]".
func parseClockSpan(s string) (int64, bool) {
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	var days int64
	colon := strings.IndexByte(s, ':')
	if dot := strings.IndexByte(s[:colon], '.'); dot >= 0 {
		d, ok := atoiN(s[:dot])
		if !ok {
			return 0, false
		}
		days, s = int64(d), s[dot+1:]
	}
	if len(s) >= 4 && s[1] == ':' {
		s = "0" + s
	}
	h, m, sec, frac, rest, ok := parseClock(s)
	if !ok || rest != "" {
		return 0, false
	}
	t := days*column.TicksPerDay + int64(h)*column.TicksPerHour + int64(m)*column.TicksPerMinute +
		int64(sec)*column.TicksPerSecond + int64(frac)
	if neg {
		t = -t
	}
	return t, true
}
