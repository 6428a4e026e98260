package ingest

import "quarry/internal/column"

// DateOrder says how to read an ambiguous slash date such as 03/04/2025
// (Log Analytics CSV exports follow the exporting browser's locale).
type DateOrder uint8

// Date orders for slash dates.
const (
	MonthFirst DateOrder = iota // 11/29/2026, 1:02:03.456 PM (en-US)
	DayFirst                    // 29/11/2026, 13:02:03.456 (en-GB and most locales)
)

// ParseDateTime parses a datetime in one of the forms logs and exports use
// and returns 100 ns ticks since the Unix epoch:
//
//   - ISO 8601 / RFC 3339: 2026-11-29T10:02:03Z, with 'T', 't' or a space
//     between date and time, optional seconds, a fraction of any length
//     (digits past the seventh are truncated), and a zone of Z, ±hh:mm,
//     ±hhmm or ±hh; no zone means UTC. A bare date (2026-11-29) is midnight.
//   - The Log Analytics portal's CSV export form: "11/29/2026, 1:02:03.456 PM"
//     (month first, 12-hour clock) or "29/11/2026, 13:02:03.456" (day first).
//     A slash date with AM/PM is month first; otherwise order decides, unless
//     one of the numbers is above 12.
func ParseDateTime(s string, order DateOrder) (int64, bool) {
	return parseDateTime([]byte(s), order)
}

func parseDateTime(b []byte, order DateOrder) (int64, bool) {
	if len(b) >= 10 && b[4] == '-' {
		return parseISO(b)
	}
	return parseSlash(b, order)
}

// parseISO is the fast path for the common form; it never calls time.Parse.
func parseISO(b []byte) (int64, bool) {
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || b[7] != '-' {
		return 0, false
	}
	days, ok := civilDays(y, mo, d)
	if !ok {
		return 0, false
	}
	if len(b) == 10 {
		return days * column.TicksPerDay, true
	}
	if c := b[10]; c != 'T' && c != 't' && c != ' ' {
		return 0, false
	}
	tod, rest, ok := parseClock(b[11:])
	if !ok {
		return 0, false
	}
	off, ok := parseZone(rest)
	if !ok {
		return 0, false
	}
	return days*column.TicksPerDay + tod - off, true
}

// parseClock reads hh:mm[:ss[.fffffff]] and returns ticks since midnight and
// the unread rest.
func parseClock(b []byte) (int64, []byte, bool) {
	if len(b) < 5 || b[2] != ':' {
		return 0, nil, false
	}
	h, ok1 := digits(b[0:2])
	m, ok2 := digits(b[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, nil, false
	}
	ticks := int64(h)*column.TicksPerHour + int64(m)*column.TicksPerMinute
	b = b[5:]
	if len(b) >= 3 && b[0] == ':' {
		s, ok := digits(b[1:3])
		if !ok || s > 59 {
			return 0, nil, false
		}
		ticks += int64(s) * column.TicksPerSecond
		b = b[3:]
	}
	frac, b, ok := parseFraction(b)
	return ticks + frac, b, ok
}

// parseFraction reads an optional .fffffff (or ,fffffff) into ticks.
func parseFraction(b []byte) (int64, []byte, bool) {
	if len(b) == 0 || (b[0] != '.' && b[0] != ',') {
		return 0, b, true
	}
	var ticks int64
	n := 1
	for ; n < len(b) && b[n] >= '0' && b[n] <= '9'; n++ {
		if n <= 7 {
			ticks = ticks*10 + int64(b[n]-'0')
		}
	}
	if n == 1 {
		return 0, nil, false
	}
	for k := n; k <= 7; k++ {
		ticks *= 10
	}
	return ticks, b[n:], true
}

// parseZone reads "", Z, ±hh:mm, ±hhmm or ±hh and returns the offset east
// of UTC in ticks.
func parseZone(b []byte) (int64, bool) {
	switch {
	case len(b) == 0:
		return 0, true
	case len(b) == 1 && (b[0] == 'Z' || b[0] == 'z'):
		return 0, true
	case b[0] != '+' && b[0] != '-':
		return 0, false
	}
	sign := int64(1)
	if b[0] == '-' {
		sign = -1
	}
	b = b[1:]
	var h, m int
	var ok bool
	switch len(b) {
	case 2:
		h, ok = digits(b)
	case 4:
		h, ok = digits(b[:2])
		m, ok = digitsAnd(ok, b[2:4])
	case 5:
		h, ok = digits(b[:2])
		m, ok = digitsAnd(ok && b[2] == ':', b[3:5])
	}
	if !ok || h > 23 || m > 59 {
		return 0, false
	}
	return sign * (int64(h)*column.TicksPerHour + int64(m)*column.TicksPerMinute), true
}

// parseSlash reads the Log Analytics CSV export form
// "M/D/YYYY, h:mm:ss[.fff] AM|PM" or "D/M/YYYY, HH:mm:ss[.fff]".
func parseSlash(b []byte, order DateOrder) (int64, bool) {
	a, bb, y, rest, ok := slashDate(b)
	if !ok {
		return 0, false
	}
	rest = trimLeft(rest, ',')
	tod, pm, ampm, ok := slashClock(rest)
	if !ok {
		return 0, false
	}
	mo, d := a, bb
	if !ampm && (order == DayFirst || a > 12) && bb <= 12 {
		mo, d = bb, a
	}
	days, ok := civilDays(y, mo, d)
	if !ok {
		return 0, false
	}
	if ampm {
		tod = adjust12(tod, pm)
		if tod < 0 {
			return 0, false
		}
	}
	return days*column.TicksPerDay + tod, true
}

// slashDate reads "A/B/YYYY" with one- or two-digit A and B.
func slashDate(b []byte) (a, bb, y int, rest []byte, ok bool) {
	a, b, ok = number(b, 2)
	if !ok || len(b) == 0 || b[0] != '/' {
		return 0, 0, 0, nil, false
	}
	bb, b, ok = number(b[1:], 2)
	if !ok || len(b) == 0 || b[0] != '/' {
		return 0, 0, 0, nil, false
	}
	if len(b) < 5 {
		return 0, 0, 0, nil, false
	}
	y, ok = digits(b[1:5])
	return a, bb, y, b[5:], ok
}

// slashClock reads " h:mm[:ss[.fff]] [AM|PM]" (a missing time is midnight).
func slashClock(b []byte) (tod int64, pm, ampm, ok bool) {
	b = trimLeft(b, ' ')
	if len(b) == 0 {
		return 0, false, false, true
	}
	if len(b) > 1 && b[1] == ':' { // one-digit hour
		b = append([]byte{'0'}, b...)
	}
	tod, rest, ok := parseClock(b)
	if !ok {
		return 0, false, false, false
	}
	rest = trimLeft(rest, ' ')
	switch string(rest) {
	case "":
		return tod, false, false, true
	case "AM", "am":
		return tod, false, true, true
	case "PM", "pm":
		return tod, true, true, true
	}
	return 0, false, false, false
}

// adjust12 turns a 12-hour clock time into a 24-hour one; -1 if invalid.
func adjust12(tod int64, pm bool) int64 {
	h := tod / column.TicksPerHour
	if h < 1 || h > 12 {
		return -1
	}
	if h == 12 {
		tod -= 12 * column.TicksPerHour
	}
	if pm {
		tod += 12 * column.TicksPerHour
	}
	return tod
}

// slashHint classifies a slash-date cell for date-order detection: whether
// its first or second number exceeds 12, and whether it has AM/PM.
func slashHint(b []byte) (firstBig, secondBig, ampm, ok bool) {
	a, bb, _, rest, ok := slashDate(b)
	if !ok {
		return false, false, false, false
	}
	_, _, ampm, ok = slashClock(trimLeft(rest, ','))
	return a > 12, bb > 12, ampm, ok
}

func trimLeft(b []byte, c byte) []byte {
	if len(b) > 0 && b[0] == c {
		return b[1:]
	}
	return b
}

// number reads 1 to max decimal digits.
func number(b []byte, max int) (int, []byte, bool) {
	n, i := 0, 0
	for ; i < len(b) && i < max && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
	}
	return n, b[i:], i > 0
}

// digits reads exactly len(b) decimal digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func digitsAnd(ok bool, b []byte) (int, bool) {
	if !ok {
		return 0, false
	}
	return digits(b)
}

// civilDays returns the days from 1970-01-01 to y-m-d (proleptic Gregorian),
// after checking the date exists.
func civilDays(y, m, d int) (int64, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
