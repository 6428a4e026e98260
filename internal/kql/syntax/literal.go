package syntax

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// spanUnits maps timespan literal suffixes (lower case) to their length. The
// KQL documentation lists d, h, m, s, ms, microsecond and tick; the longer
// spellings are accepted by Kusto as well and occur in Sentinel content
// (20min).
var spanUnits = map[string]time.Duration{
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"s": time.Second, "sec": time.Second, "second": time.Second, "seconds": time.Second,
	"ms": time.Millisecond, "milli": time.Millisecond, "millis": time.Millisecond,
	"millisec": time.Millisecond, "millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"micro": time.Microsecond, "micros": time.Microsecond, "microsec": time.Microsecond,
	"microsecond": time.Microsecond, "microseconds": time.Microsecond,
	"nano": time.Nanosecond, "nanos": time.Nanosecond, "nanosec": time.Nanosecond,
	"nanosecond": time.Nanosecond, "nanoseconds": time.Nanosecond,
	"tick": 100 * time.Nanosecond, "ticks": 100 * time.Nanosecond,
}

// scalarTypes maps every accepted scalar type spelling (lower case) to its
// canonical name.
var scalarTypes = map[string]string{
	"bool": "bool", "boolean": "bool",
	"int": "int", "int32": "int",
	"long": "long", "int64": "long",
	"real": "real", "double": "real",
	"decimal":  "decimal",
	"string":   "string",
	"datetime": "datetime", "date": "datetime",
	"timespan": "timespan", "time": "timespan",
	"dynamic": "dynamic",
	"guid":    "guid", "uniqueid": "guid",
}

// CanonicalType returns the canonical name of a scalar type spelling
// ("double" -> "real", "date" -> "datetime") and whether it is a type.
func CanonicalType(name string) (string, bool) {
	t, ok := scalarTypes[strings.ToLower(name)]
	return t, ok
}

var litKindOfType = map[string]LitKind{
	"bool": LitBool, "int": LitInt, "long": LitLong, "real": LitReal,
	"decimal": LitDecimal, "string": LitString, "datetime": LitDateTime,
	"timespan": LitTimeSpan, "dynamic": LitDynamic, "guid": LitGuid,
}

var typeOfLitKind = map[LitKind]string{
	LitBool: "bool", LitInt: "int", LitLong: "long", LitReal: "real",
	LitDecimal: "decimal", LitString: "string", LitDateTime: "datetime",
	LitTimeSpan: "timespan", LitDynamic: "dynamic", LitGuid: "guid",
}

// TypeName returns the canonical KQL type name of a literal kind ("" for
// LitNull).
func (k LitKind) TypeName() string { return typeOfLitKind[k] }

// parseNumber converts a LongTok or RealTok text into a literal.
func parseNumber(text string, kind TokenKind) (*Literal, string) {
	lit := &Literal{Kind: LitLong, Text: text}
	if kind == RealTok {
		lit.Kind = LitReal
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(v, 0) {
			return nil, "real number out of range"
		}
		lit.Real = v
		return lit, ""
	}
	v, err := strconv.ParseInt(text, 0, 64)
	if err != nil {
		if u, uerr := strconv.ParseUint(text, 0, 64); uerr == nil && strings.HasPrefix(strings.ToLower(text), "0x") {
			v = int64(u)
		} else {
			return nil, "integer out of range"
		}
	}
	lit.Int = v
	return lit, ""
}

// parseSpanShort converts a short timespan literal (1.5h, 20min) into a
// duration.
func parseSpanShort(text string) (time.Duration, bool) {
	i := 0
	for i < len(text) && (isDigit(text[i]) || text[i] == '.') {
		i++
	}
	unit, ok := spanUnits[strings.ToLower(text[i:])]
	if !ok || i == 0 {
		return 0, false
	}
	return scaleSpan(text[:i], unit)
}

func scaleSpan(num string, unit time.Duration) (time.Duration, bool) {
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		if n > math.MaxInt64/int64(unit) || n < math.MinInt64/int64(unit) {
			return 0, false
		}
		return time.Duration(n) * unit, true
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	v := f * float64(unit)
	if math.IsNaN(v) || v >= math.MaxInt64 || v <= math.MinInt64 {
		return 0, false
	}
	return time.Duration(math.Round(v)), true
}

// parseSpanText parses the inside of timespan(...): a number of days
// (timespan(2)), a number and unit (15 seconds, 1d), or
// [-][d.]hh:mm[:ss[.fffffff]].
func parseSpanText(s string) (time.Duration, bool) {
	s = unquote(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	d, ok := spanBody(s)
	if neg {
		d = -d
	}
	return d, ok
}

func spanBody(s string) (time.Duration, bool) {
	if strings.Contains(s, ":") {
		return parseClockSpan(s)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return !(r == '.' || (r >= '0' && r <= '9')) }); i >= 0 {
		unit, ok := spanUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
		if !ok || i == 0 {
			return 0, false
		}
		return scaleSpan(s[:i], unit)
	}
	return scaleSpan(s, 24*time.Hour)
}

// parseClockSpan parses [d.]hh:mm[:ss[.fffffff]].
func parseClockSpan(s string) (time.Duration, bool) {
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		v, err := strconv.ParseInt(s[:dot], 10, 32)
		if err != nil {
			return 0, false
		}
		days, s = v, s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.ParseUint(parts[0], 10, 8)
	m, err2 := strconv.ParseUint(parts[1], 10, 8)
	if err1 != nil || err2 != nil || h > 23 || m > 59 {
		return 0, false
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if len(parts) == 3 {
		sec, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || sec >= 60 || sec < 0 || strings.ContainsAny(parts[2], "eE+-") {
			return 0, false
		}
		d += time.Duration(math.Round(sec * 1e9))
	}
	return d, true
}

var dateLayouts = []string{
	"2006-1-2",
	"2006-1-2 15:04",
	"2006-1-2 15:04:05",
	"2006-1-2T15:04",
	"2006-1-2T15:04:05",
	"2006-1-2T15:04:05Z07:00",
	"2006-1-2 15:04:05Z07:00",
	"2006-1-2T15:04Z07:00",
	"2006-1-2 15:04Z07:00",
	"2006/1/2",
	"2006/1/2 15:04",
	"2006/1/2 15:04:05",
	"1-2-2006",
	"1-2-2006 15:04",
	"1-2-2006 15:04:05",
	"1/2/2006",
	"1/2/2006 15:04",
	"1/2/2006 15:04:05",
	time.RFC1123,
	time.RFC1123Z,
	time.RFC850,
	time.RFC822,
	time.RFC822Z,
	"2 Jan 2006 15:04:05",
	"2 Jan 2006",
}

// parseDateText parses the inside of datetime(...). A trailing Z means UTC,
// as does a missing zone.
func parseDateText(s string) (time.Time, bool) {
	s = unquote(strings.TrimSpace(s))
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		if t, ok := tryLayouts(s[:len(s)-1]); ok {
			return t, true
		}
	}
	return tryLayouts(s)
}

func tryLayouts(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// typedLiteral builds a literal from a TypedTok: datetime(...), date(...),
// timespan(...), time(...), guid(...).
func typedLiteral(text string) (*Literal, string) {
	open := strings.IndexByte(text, '(')
	word := strings.ToLower(strings.TrimSpace(text[:open]))
	inner := strings.TrimSpace(text[open+1 : len(text)-1])
	typ := scalarTypes[word]
	lit := &Literal{Kind: litKindOfType[typ], Text: typ + "(" + inner + ")"}
	if strings.EqualFold(inner, "null") {
		lit.Null = true
		lit.Text = typ + "(null)"
		return lit, ""
	}
	switch lit.Kind {
	case LitDateTime:
		t, ok := parseDateText(inner)
		if !ok {
			return nil, "invalid datetime literal '" + inner + "'"
		}
		lit.Time = t
	case LitTimeSpan:
		d, ok := parseSpanText(inner)
		if !ok {
			return nil, "invalid timespan literal '" + inner + "'"
		}
		lit.Dur = d
	case LitGuid:
		if !validGuid(inner) {
			return nil, "invalid guid literal '" + inner + "'"
		}
	}
	return lit, ""
}

func validGuid(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// valueLiteral builds the literal typ(inner) for the scalar types whose
// literal content is tokenizable: int(5), long(null), real(nan),
// bool(true), decimal(1.5), string(null).
func valueLiteral(typ, inner string) (*Literal, string) {
	lit := &Literal{Kind: litKindOfType[typ], Text: typ + "(" + inner + ")"}
	lower := strings.ToLower(inner)
	if lower == "null" {
		lit.Null, lit.Text = true, typ+"(null)"
		return lit, ""
	}
	bad := "invalid " + typ + " literal '" + inner + "'"
	switch lit.Kind {
	case LitBool:
		if lower != "true" && lower != "false" {
			return nil, bad
		}
		lit.Bool, lit.Text = lower == "true", ""
	case LitInt, LitLong:
		v, err := strconv.ParseInt(inner, 0, 64)
		if err != nil || (lit.Kind == LitInt && (v > math.MaxInt32 || v < math.MinInt32)) {
			return nil, bad
		}
		lit.Int = v
	case LitReal:
		v, ok := parseRealText(lower)
		if !ok {
			return nil, bad
		}
		lit.Real = v
	case LitDecimal:
		if _, err := strconv.ParseFloat(inner, 64); err != nil || strings.ContainsAny(lower, "xnp_") {
			return nil, bad
		}
	default:
		return nil, bad
	}
	return lit, ""
}

func parseRealText(s string) (float64, bool) {
	switch s {
	case "nan":
		return math.NaN(), true
	case "inf", "+inf":
		return math.Inf(1), true
	case "-inf":
		return math.Inf(-1), true
	}
	if strings.ContainsAny(s, "xnp_") {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsInf(v, 0)
}

// unquote strips one pair of matching quotes: datetime('12-02-2022') is
// accepted like datetime(12-02-2022).
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}
