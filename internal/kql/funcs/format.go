package funcs

import (
	"strconv"
	"strings"
	"time"

	"quarry/internal/column"
)

// format_datetime and format_timespan with .NET-like custom specifiers
// (Q/format-datetime-function, Q/format-timespan-function): d dd ddd dddd,
// f..fffffff, F..FFFFFFF, h hh H HH, m mm, M MM MMM MMMM, s ss, y yy yyyy,
// t tt. Other characters are copied; text in '...' or "..." is literal.

func evalFormatDatetime(a []column.Value) column.Value {
	t, ok := dtArg(a[0])
	if !ok {
		return emptyStr
	}
	return column.StringValue(formatDatetime(t, text(a[1])))
}

func evalFormatTimespan(a []column.Value) column.Value {
	t, ok := spanArg(a[0])
	if !ok {
		return emptyStr
	}
	return column.StringValue(formatTimespan(t, text(a[1])))
}

// eachToken splits a format into runs of one repeated letter (passed to
// spec) and literal text (passed to lit).
func eachToken(f string, spec func(c byte, n int), lit func(s string)) {
	for i := 0; i < len(f); {
		c := f[i]
		if c == '\'' || c == '"' {
			j := strings.IndexByte(f[i+1:], c)
			if j < 0 {
				lit(f[i+1:])
				return
			}
			lit(f[i+1 : i+1+j])
			i += j + 2
			continue
		}
		if c == '\\' && i+1 < len(f) {
			lit(f[i+1 : i+2])
			i += 2
			continue
		}
		j := i
		for j < len(f) && f[j] == c {
			j++
		}
		if strings.IndexByte("dfFhHmMsyt", c) >= 0 {
			spec(c, j-i)
		} else {
			lit(f[i:j])
		}
		i = j
	}
}

func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// fraction renders the first n of the 7 fractional digits; trim drops
// trailing zeros (F specifiers).
func fraction(frac int64, n int, trim bool) string {
	if n > 7 {
		n = 7
	}
	s := pad(frac, 7)[:n]
	if trim {
		s = strings.TrimRight(s, "0")
	}
	return s
}

func formatDatetime(ticks int64, f string) string {
	t := column.TicksToTime(ticks)
	frac := floorMod(ticks, column.TicksPerSecond)
	var b strings.Builder
	spec := func(c byte, n int) {
		switch c {
		case 'd':
			b.WriteString(dayToken(t, n))
		case 'f', 'F':
			s := fraction(frac, n, c == 'F')
			if s == "" && c == 'F' && strings.HasSuffix(b.String(), ".") {
				str := b.String()
				b.Reset()
				b.WriteString(str[:len(str)-1])
			}
			b.WriteString(s)
		case 'h':
			h := int64(t.Hour() % 12)
			if h == 0 {
				h = 12
			}
			b.WriteString(pad(h, min(n, 2)))
		case 'H':
			b.WriteString(pad(int64(t.Hour()), min(n, 2)))
		case 'm':
			b.WriteString(pad(int64(t.Minute()), min(n, 2)))
		case 'M':
			b.WriteString(monthToken(t, n))
		case 's':
			b.WriteString(pad(int64(t.Second()), min(n, 2)))
		case 'y':
			b.WriteString(yearToken(t.Year(), n))
		case 't':
			ampm := "AM"
			if t.Hour() >= 12 {
				ampm = "PM"
			}
			b.WriteString(ampm[:min(n, 2)])
		}
	}
	eachToken(f, spec, func(s string) { b.WriteString(s) })
	return b.String()
}

func dayToken(t time.Time, n int) string {
	switch {
	case n >= 4:
		return t.Weekday().String()
	case n == 3:
		return t.Weekday().String()[:3]
	}
	return pad(int64(t.Day()), n)
}

func monthToken(t time.Time, n int) string {
	switch {
	case n >= 4:
		return t.Month().String()
	case n == 3:
		return t.Month().String()[:3]
	}
	return pad(int64(t.Month()), n)
}

func yearToken(y, n int) string {
	switch {
	case n == 1:
		return strconv.Itoa(y % 100)
	case n == 2:
		return pad(int64(y%100), 2)
	}
	return pad(int64(y), n)
}

func formatTimespan(ticks int64, f string) string {
	var b strings.Builder
	if ticks < 0 {
		b.WriteByte('-')
		ticks = -ticks
	}
	days := ticks / column.TicksPerDay
	rest := ticks % column.TicksPerDay
	frac := rest % column.TicksPerSecond
	spec := func(c byte, n int) {
		switch c {
		case 'd':
			b.WriteString(pad(days, n))
		case 'f', 'F':
			b.WriteString(fraction(frac, n, c == 'F'))
		case 'h', 'H':
			b.WriteString(pad(rest/column.TicksPerHour, min(n, 2)))
		case 'm':
			b.WriteString(pad(rest%column.TicksPerHour/column.TicksPerMinute, min(n, 2)))
		case 's':
			b.WriteString(pad(rest%column.TicksPerMinute/column.TicksPerSecond, min(n, 2)))
		default:
			b.WriteString(strings.Repeat(string(c), n))
		}
	}
	eachToken(f, spec, func(s string) { b.WriteString(s) })
	return b.String()
}
