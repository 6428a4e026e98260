package column

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatDateTime renders ticks as ISO 8601 UTC, the way Kusto prints a
// datetime: "2021-01-02T03:04:05Z", with a fraction of up to 7 digits
// (trailing zeros trimmed) when the value has one.
func FormatDateTime(ticks int64) string {
	t := TicksToTime(ticks)
	s := t.Format("2006-01-02T15:04:05")
	if frac := ticks % TicksPerSecond; frac != 0 {
		if frac < 0 {
			frac += TicksPerSecond
		}
		f := strings.TrimRight(strconv.FormatInt(frac+TicksPerSecond, 10)[1:], "0")
		s += "." + f
	}
	return s + "Z"
}

// FormatTimeSpan renders ticks the way Kusto prints a timespan:
// "[-][d.]hh:mm:ss[.fffffff]" (for example "1.02:03:04.5000000").
func FormatTimeSpan(ticks int64) string {
	var b strings.Builder
	if ticks < 0 {
		b.WriteByte('-')
		if ticks == math.MinInt64 {
			ticks = math.MaxInt64
		} else {
			ticks = -ticks
		}
	}
	days := ticks / TicksPerDay
	rest := ticks % TicksPerDay
	if days > 0 {
		b.WriteString(strconv.FormatInt(days, 10))
		b.WriteByte('.')
	}
	h, m, s := rest/TicksPerHour, rest%TicksPerHour/TicksPerMinute, rest%TicksPerMinute/TicksPerSecond
	b.WriteString(pad2(h) + ":" + pad2(m) + ":" + pad2(s))
	if frac := rest % TicksPerSecond; frac != 0 {
		b.WriteByte('.')
		b.WriteString(strconv.FormatInt(frac+TicksPerSecond, 10)[1:])
	}
	return b.String()
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// FormatReal renders a real the way quarry prints it everywhere: shortest
// round-trip form, "NaN", "Infinity", "-Infinity".
func FormatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// FormatDynamic renders a dynamic value as compact JSON with object keys
// sorted, without HTML escaping.
func FormatDynamic(d any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return "null"
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// Text returns the value as KQL's tostring() would: "" for null, the string
// itself for strings, ISO 8601 for datetimes, Kusto's timespan form, compact
// JSON for dynamic (a dynamic string yields the bare string).
func (v Value) Text() string {
	if v.IsNull() {
		return ""
	}
	switch v.Type {
	case String, GUID:
		return v.S
	case Bool:
		if v.I != 0 {
			return "true"
		}
		return "false"
	case Int, Long:
		return strconv.FormatInt(v.I, 10)
	case Real, Decimal:
		return FormatReal(v.F)
	case DateTime:
		return FormatDateTime(v.I)
	case TimeSpan:
		return FormatTimeSpan(v.I)
	case Dynamic:
		if s, ok := v.D.(string); ok {
			return s
		}
		return FormatDynamic(v.D)
	}
	return ""
}

// String renders the value canonically for tests and diagnostics: "null" for
// a null, strings JSON-quoted, everything else as Text.
func (v Value) String() string {
	if v.IsNull() {
		return "null"
	}
	switch v.Type {
	case String:
		return quote(v.S)
	case Dynamic:
		return FormatDynamic(v.D)
	}
	return v.Text()
}

func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// JSON returns the value as a Go value for encoding/json: nil for null,
// strings for datetime/timespan/guid, numbers, bools, and dynamic as is.
// Non-finite reals become the strings "NaN", "Infinity", "-Infinity".
func (v Value) JSON() any {
	if v.IsNull() {
		return nil
	}
	switch v.Type {
	case Bool:
		return v.I != 0
	case Int, Long:
		return v.I
	case Real, Decimal:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) {
			return FormatReal(v.F)
		}
		return v.F
	case Dynamic:
		return v.D
	}
	return v.Text()
}

// Duration converts a timespan value to a time.Duration (saturating).
func (v Value) Duration() time.Duration {
	if v.I > math.MaxInt64/100 {
		return time.Duration(math.MaxInt64)
	}
	if v.I < math.MinInt64/100 {
		return time.Duration(math.MinInt64)
	}
	return time.Duration(v.I * 100)
}
