package funcs

import (
	"fmt"
	"math"
	"strings"
	"time"
	_ "time/tzdata" // datetime_utc_to_local needs zones on machines without tzdata

	"quarry/internal/column"
)

// Datetime and timespan functions. Datetime parameters also accept strings
// (parsed like todatetime) and dynamic values.

const (
	tDay  = column.TicksPerDay
	tWeek = 7 * column.TicksPerDay
)

func init() {
	D, T, I, L := column.DateTime, column.TimeSpan, column.Int, column.Long
	for _, s := range []*Scalar{
		{Name: "now", Check: sig("now", D, kTS|kOpt), Eval: evalNow},
		{Name: "ago", Check: sig("ago", D, kTS), Eval: evalAgo},
		{Name: "bin", Check: sigFn("bin", binType, kNum|kDate|kSpan|kString, kNum|kSpan|kString), Eval: evalBin},
		{Name: "bin_at", Check: sigFn("bin_at", binType, kNum|kDate|kSpan|kString, kNum|kSpan|kString, kNum|kDate|kSpan|kString), Eval: evalBinAt},
		{Name: "datetime_add", Check: sig("datetime_add", D, kStr, kInts, kTime), Eval: evalDatetimeAdd},
		{Name: "datetime_diff", Check: sig("datetime_diff", L, kStr, kTime, kTime), Eval: evalDatetimeDiff},
		{Name: "datetime_part", Check: sig("datetime_part", I, kStr, kTime), Eval: evalDatetimePart},
		scalar("startofday", D, pure(startOf(pDay)), kTime, kInts|kOpt),
		scalar("startofweek", D, pure(startOf(pWeek)), kTime, kInts|kOpt),
		scalar("startofmonth", D, pure(startOf(pMonth)), kTime, kInts|kOpt),
		scalar("startofyear", D, pure(startOf(pYear)), kTime, kInts|kOpt),
		scalar("endofday", D, pure(endOf(pDay)), kTime, kInts|kOpt),
		scalar("endofweek", D, pure(endOf(pWeek)), kTime, kInts|kOpt),
		scalar("endofmonth", D, pure(endOf(pMonth)), kTime, kInts|kOpt),
		scalar("endofyear", D, pure(endOf(pYear)), kTime, kInts|kOpt),
		scalar("dayofweek", T, pure(dtFunc(T, func(t int64) int64 { return floorMod(floorDiv(t, tDay)+4, 7) * tDay })), kTime),
		scalar("dayofmonth", I, pure(dtPart(func(t time.Time) int { return t.Day() })), kTime),
		scalar("dayofyear", I, pure(dtPart(func(t time.Time) int { return t.YearDay() })), kTime),
		scalar("hourofday", I, pure(dtPart(func(t time.Time) int { return t.Hour() })), kTime),
		scalar("getmonth", I, pure(dtPart(func(t time.Time) int { return int(t.Month()) })), kTime),
		scalar("monthofyear", I, pure(dtPart(func(t time.Time) int { return int(t.Month()) })), kTime),
		scalar("getyear", I, pure(dtPart(func(t time.Time) int { return t.Year() })), kTime),
		scalar("weekofyear", I, pure(dtPart(isoWeek)), kTime),
		scalar("week_of_year", I, pure(dtPart(isoWeek)), kTime),
		scalar("format_datetime", column.String, pure(evalFormatDatetime), kTime, kStr),
		scalar("format_timespan", column.String, pure(evalFormatTimespan), kTS, kStr),
		scalar("make_datetime", D, pure(evalMakeDatetime), kNum, kNum, kNum, kNum|kOpt, kNum|kOpt, kNum|kOpt),
		scalar("make_timespan", T, pure(evalMakeTimespan), kNum, kNum, kNum|kOpt, kNum|kOpt),
		scalar("unixtime_seconds_todatetime", D, pure(unixTo(column.TicksPerSecond)), kNum),
		scalar("unixtime_milliseconds_todatetime", D, pure(unixTo(column.TicksPerMillisecond)), kNum),
		scalar("unixtime_microseconds_todatetime", D, pure(unixTo(column.TicksPerMicrosecond)), kNum),
		scalar("unixtime_nanoseconds_todatetime", D, pure(unixTo(0.01)), kNum),
		{Name: "datetime_utc_to_local", Check: sig("datetime_utc_to_local", D, kTime, kStr), Eval: tzConvert(true)},
		{Name: "datetime_local_to_utc", Check: sig("datetime_local_to_utc", D, kTime, kStr), Eval: tzConvert(false)},
	} {
		registerScalar(s)
	}
	registerScalar(&Scalar{Name: "floor", Check: floorCheck, Eval: evalFloor})
}

// dtArg reads a datetime argument (also a string or dynamic holding one).
func dtArg(v column.Value) (int64, bool) {
	if v.IsNull() {
		return 0, false
	}
	if v.Type == column.DateTime {
		return v.I, true
	}
	d := convertTo(v, column.DateTime)
	return d.I, !d.Null
}

// spanArg reads a timespan argument (also a string, dynamic or number of
// ticks).
func spanArg(v column.Value) (int64, bool) {
	if v.IsNull() {
		return 0, false
	}
	if v.Type == column.TimeSpan {
		return v.I, true
	}
	d := convertTo(v, column.TimeSpan)
	return d.I, !d.Null
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func evalNow(ctx *Context, a []column.Value) (column.Value, error) {
	t := column.TimeToTicks(ctx.Now)
	if len(a) > 0 {
		if off, ok := spanArg(a[0]); ok {
			t += off
		}
	}
	return column.DateTimeTicks(t), nil
}

func evalAgo(ctx *Context, a []column.Value) (column.Value, error) {
	off, ok := spanArg(a[0])
	if !ok {
		return nullDate, nil
	}
	return column.DateTimeTicks(column.TimeToTicks(ctx.Now) - off), nil
}

// ---------------------------------------------------------------------------
// bin, floor, bin_at

// binType: bin keeps its first argument's type; a long binned by a real
// size is real. A string first argument is treated as a datetime.
func binType(args []Arg) column.Type {
	t := args[0].Type
	switch {
	case t == column.String || t == column.Dynamic && args[1].Type == column.TimeSpan:
		if args[1].Type == column.TimeSpan {
			return column.DateTime
		}
		return column.Real
	case t.IsInteger() && (args[1].Type == column.Real || args[1].Type == column.Decimal):
		return column.Real
	case t == column.Int:
		return column.Long
	case t == column.Dynamic:
		return column.Real
	}
	return t
}

func floorCheck(args []Arg) (column.Type, error) {
	if len(args) == 1 {
		return column.Invalid, fmt.Errorf("function 'floor' expects 2 arguments, got 1")
	}
	return sigFn("floor", binType, kNum|kDate|kSpan|kString, kNum|kSpan|kString)(args)
}

func evalFloor(ctx *Context, a []column.Value) (column.Value, error) { return evalBin(ctx, a) }

func evalBin(_ *Context, a []column.Value) (column.Value, error) {
	return binAt(a[0], a[1], column.Value{}), nil
}

func evalBinAt(_ *Context, a []column.Value) (column.Value, error) {
	if a[2].IsNull() {
		return column.NullOf(binResultType(a[0], a[1])), nil
	}
	return binAt(a[0], a[1], a[2]), nil
}

func binResultType(v, size column.Value) column.Type {
	return binType([]Arg{{Type: v.Type}, {Type: size.Type}})
}

// binAt rounds v down to a multiple of size, aligned to fixed (zero when
// fixed has no type): fixed + floor((v - fixed) / size) * size. A zero or
// negative size gives null.
func binAt(v, size, fixed column.Value) column.Value {
	rt := binResultType(v, size)
	if v.IsNull() || size.IsNull() {
		return column.NullOf(rt)
	}
	if rt == column.DateTime || rt == column.TimeSpan {
		return binTicks(v, size, fixed, rt)
	}
	if rt == column.Long {
		x, _ := asLong(v)
		s, _ := asLong(size)
		f, _ := asLong(fixed)
		if s <= 0 {
			return nullLong
		}
		return column.LongValue(f + floorDiv(x-f, s)*s)
	}
	x, ok1 := asReal(v)
	s, ok2 := asReal(size)
	f, _ := asReal(fixed)
	if !ok1 || !ok2 || s <= 0 {
		return column.NullOf(rt)
	}
	return column.Value{Type: rt, F: f + math.Floor((x-f)/s)*s}
}

func binTicks(v, size, fixed column.Value, rt column.Type) column.Value {
	var x, f int64
	var ok bool
	if rt == column.DateTime {
		x, ok = dtArg(v)
		if fixed.Type != column.Invalid {
			f, _ = dtArg(fixed)
		}
	} else {
		x, ok = spanArg(v)
		if fixed.Type != column.Invalid {
			f, _ = spanArg(fixed)
		}
	}
	s, ok2 := spanArg(size)
	if !ok || !ok2 || s <= 0 {
		return column.NullOf(rt)
	}
	return column.Value{Type: rt, I: f + floorDiv(x-f, s)*s}
}

// ---------------------------------------------------------------------------
// calendar helpers

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func truncWeek(t time.Time) time.Time {
	return truncDay(t).AddDate(0, 0, -int(t.Weekday()))
}

func truncMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func truncYear(t time.Time) time.Time {
	return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
}

// calPeriod is a calendar period: truncation to its start, and n periods
// later.
type calPeriod struct {
	trunc func(time.Time) time.Time
	days  int // period length in days; 0 means months
	month int // period length in months
}

var (
	pDay   = calPeriod{truncDay, 1, 0}
	pWeek  = calPeriod{truncWeek, 7, 0}
	pMonth = calPeriod{truncMonth, 0, 1}
	pYear  = calPeriod{truncYear, 0, 12}
)

func (p calPeriod) shift(t time.Time, n int) time.Time {
	if p.days > 0 {
		return t.AddDate(0, 0, p.days*n)
	}
	return t.AddDate(0, p.month*n, 0)
}

func startOf(p calPeriod) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		t, ok := dtArg(a[0])
		if !ok {
			return nullDate
		}
		n := int64(0)
		if len(a) > 1 {
			n, _ = asLong(a[1])
		}
		start := p.shift(p.trunc(column.TicksToTime(t)), int(n))
		return column.DateTimeValue(start)
	}
}

func endOf(p calPeriod) func([]column.Value) column.Value {
	start := startOf(p)
	return func(a []column.Value) column.Value {
		s := start(a)
		if s.Null {
			return s
		}
		next := p.shift(s.Time(), 1)
		return column.DateTimeTicks(column.TimeToTicks(next) - 1)
	}
}

func dtFunc(rt column.Type, f func(int64) int64) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		t, ok := dtArg(a[0])
		if !ok {
			return column.NullOf(rt)
		}
		return column.Value{Type: rt, I: f(t)}
	}
}

func dtPart(f func(time.Time) int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		t, ok := dtArg(a[0])
		if !ok {
			return nullInt
		}
		return column.IntValue(int64(f(column.TicksToTime(t))))
	}
}

func isoWeek(t time.Time) int {
	_, w := t.ISOWeek()
	return w
}

// addMonths adds n months, clamping the day to the target month's length
// (.NET DateTime.AddMonths: Jan 31 + 1 month = Feb 28/29).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	total := int(m) - 1 + n
	ny, nm := y+floorDivInt(total, 12), time.Month(floorMod(int64(total), 12)+1)
	if dim := daysIn(nm, ny); d > dim {
		d = dim
	}
	h, mi, s := t.Clock()
	return time.Date(ny, nm, d, h, mi, s, t.Nanosecond(), time.UTC)
}

func floorDivInt(a, b int) int { return int(floorDiv(int64(a), int64(b))) }

// periodName normalizes a datetime_add/diff/part period name.
func periodName(s string) string {
	p := strings.ToLower(strings.TrimSpace(s))
	switch p {
	case "years", "yy", "yyyy":
		return "year"
	case "quarters", "qq", "q":
		return "quarter"
	case "months", "mm", "m":
		return "month"
	case "weeks", "wk", "ww", "week_of_year", "weekofyear":
		if strings.Contains(p, "of") {
			return "week_of_year"
		}
		return "week"
	case "days", "dd", "d":
		return "day"
	case "hours", "hh":
		return "hour"
	case "minutes", "mi", "n":
		return "minute"
	case "seconds", "ss", "s":
		return "second"
	case "milliseconds", "ms":
		return "millisecond"
	case "microseconds", "mcs":
		return "microsecond"
	case "nanoseconds", "ns":
		return "nanosecond"
	}
	return p
}

var periodTicks = map[string]int64{
	"day": tDay, "hour": column.TicksPerHour, "minute": column.TicksPerMinute, "second": column.TicksPerSecond,
	"millisecond": column.TicksPerMillisecond, "microsecond": column.TicksPerMicrosecond,
}

// datetime_add(period, amount, datetime) (Q/datetime-add-function).
func evalDatetimeAdd(_ *Context, a []column.Value) (column.Value, error) {
	p := periodName(text(a[0]))
	n, ok1 := asLong(a[1])
	t, ok2 := dtArg(a[2])
	if !ok1 || !ok2 {
		return nullDate, nil
	}
	tm := column.TicksToTime(t)
	switch p {
	case "year":
		return column.DateTimeValue(addMonths(tm, int(n)*12)), nil
	case "quarter":
		return column.DateTimeValue(addMonths(tm, int(n)*3)), nil
	case "month":
		return column.DateTimeValue(addMonths(tm, int(n))), nil
	case "week":
		return column.DateTimeTicks(t + n*tWeek), nil
	case "nanosecond":
		return column.DateTimeTicks(t + n/100), nil
	}
	if u, ok := periodTicks[p]; ok {
		return column.DateTimeTicks(t + n*u), nil
	}
	return nullDate, fmt.Errorf("datetime_add: unknown period '%s'", text(a[0]))
}

// datetime_diff(period, dt1, dt2) counts the period boundaries crossed from
// dt2 to dt1 (Q/datetime-diff-function: year 17, quarter 2, month 13,
// week 5, day 29, hour 2, minute 5, second 10, ... nanosecond -700).
func evalDatetimeDiff(_ *Context, a []column.Value) (column.Value, error) {
	p := periodName(text(a[0]))
	t1, ok1 := dtArg(a[1])
	t2, ok2 := dtArg(a[2])
	if !ok1 || !ok2 {
		return nullLong, nil
	}
	d1, d2 := column.TicksToTime(t1), column.TicksToTime(t2)
	switch p {
	case "year":
		return column.LongValue(int64(d1.Year() - d2.Year())), nil
	case "quarter":
		q := func(t time.Time) int64 { return int64(t.Year())*4 + int64(t.Month()-1)/3 }
		return column.LongValue(q(d1) - q(d2)), nil
	case "month":
		m := func(t time.Time) int64 { return int64(t.Year())*12 + int64(t.Month()) }
		return column.LongValue(m(d1) - m(d2)), nil
	case "week":
		w1 := column.TimeToTicks(truncWeek(d1))
		w2 := column.TimeToTicks(truncWeek(d2))
		return column.LongValue((w1 - w2) / tWeek), nil
	case "nanosecond":
		return column.LongValue((t1 - t2) * 100), nil
	}
	if u, ok := periodTicks[p]; ok {
		return column.LongValue(floorDiv(t1, u) - floorDiv(t2, u)), nil
	}
	return nullLong, fmt.Errorf("datetime_diff: unknown period '%s'", text(a[0]))
}

// datetime_part(part, datetime) -> int (Q/datetime-part-function).
func evalDatetimePart(_ *Context, a []column.Value) (column.Value, error) {
	t, ok := dtArg(a[1])
	if !ok {
		return nullInt, nil
	}
	tm := column.TicksToTime(t)
	frac := floorMod(t, column.TicksPerSecond)
	var n int64
	switch p := periodName(text(a[0])); p {
	case "year":
		n = int64(tm.Year())
	case "quarter":
		n = int64(tm.Month()-1)/3 + 1
	case "month":
		n = int64(tm.Month())
	case "week_of_year", "week":
		n = int64(isoWeek(tm))
	case "day":
		n = int64(tm.Day())
	case "dayofyear":
		n = int64(tm.YearDay())
	case "hour":
		n = int64(tm.Hour())
	case "minute":
		n = int64(tm.Minute())
	case "second":
		n = int64(tm.Second())
	case "millisecond":
		n = frac / column.TicksPerMillisecond
	case "microsecond":
		n = frac / column.TicksPerMicrosecond
	case "nanosecond":
		n = frac * 100
	default:
		return nullInt, fmt.Errorf("datetime_part: unknown part '%s'", text(a[0]))
	}
	return column.IntValue(n), nil
}

// make_datetime(year, month, day[, hour, minute, second]); second may have
// a fraction. Invalid components give null.
func evalMakeDatetime(a []column.Value) column.Value {
	var parts [5]int64
	for i := 0; i < 5 && i < len(a); i++ {
		n, ok := asLong(a[i])
		if !ok {
			return nullDate
		}
		parts[i] = n
	}
	sec := 0.0
	if len(a) > 5 {
		f, ok := asReal(a[5])
		if !ok {
			return nullDate
		}
		sec = f
	}
	y, mo, d := parts[0], parts[1], parts[2]
	if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > int64(daysIn(time.Month(mo), int(y))) ||
		parts[3] < 0 || parts[3] > 23 || parts[4] < 0 || parts[4] > 59 || sec < 0 || sec >= 60 {
		return nullDate
	}
	t := time.Date(int(y), time.Month(mo), int(d), int(parts[3]), int(parts[4]), 0, 0, time.UTC)
	return column.DateTimeTicks(column.TimeToTicks(t) + int64(math.Round(sec*column.TicksPerSecond)))
}

// make_timespan(hour, minute[, second]) or (day, hour, minute, second).
func evalMakeTimespan(a []column.Value) column.Value {
	vals := make([]float64, len(a))
	for i, v := range a {
		f, ok := asReal(v)
		if !ok {
			return nullSpan
		}
		vals[i] = f
	}
	var d, h, m, s float64
	switch len(vals) {
	case 2:
		h, m = vals[0], vals[1]
	case 3:
		h, m, s = vals[0], vals[1], vals[2]
	default:
		d, h, m, s = vals[0], vals[1], vals[2], vals[3]
	}
	t := d*tDay + h*column.TicksPerHour + m*column.TicksPerMinute + s*column.TicksPerSecond
	return column.TimeSpanTicks(int64(math.Round(t)))
}

func unixTo(ticksPerUnit float64) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		if isIntegral(a[0]) && ticksPerUnit >= 1 {
			n, _ := asLong(a[0])
			return column.DateTimeTicks(n * int64(ticksPerUnit))
		}
		f, ok := asReal(a[0])
		if !ok || math.IsNaN(f) || math.Abs(f*ticksPerUnit) > 9e18 {
			return nullDate
		}
		return column.DateTimeTicks(int64(math.Round(f * ticksPerUnit)))
	}
}

// tzConvert converts between UTC and a named IANA zone.
func tzConvert(toLocal bool) func(*Context, []column.Value) (column.Value, error) {
	return func(_ *Context, a []column.Value) (column.Value, error) {
		t, ok := dtArg(a[0])
		if !ok {
			return nullDate, nil
		}
		loc, err := time.LoadLocation(text(a[1]))
		if err != nil {
			return nullDate, nil
		}
		tm := column.TicksToTime(t)
		if toLocal {
			_, off := tm.In(loc).Zone()
			return column.DateTimeTicks(t + int64(off)*column.TicksPerSecond), nil
		}
		local := time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), loc)
		return column.DateTimeValue(local), nil
	}
}
