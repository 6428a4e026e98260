package column

import "time"

// Value is one boxed KQL value, used by row-at-a-time code (scalar function
// implementations, aggregate accumulators, literals). It is a plain struct:
// building one never allocates.
type Value struct {
	Type Type
	Null bool    // true for a null of Type; never true for String
	I    int64   // bool (0/1), int, long, datetime ticks, timespan ticks
	F    float64 // real, decimal
	S    string  // string, guid
	D    any     // dynamic: nil, bool, int64, float64, string, []any, map[string]any
}

// Ticks per unit of time: KQL datetimes and timespans count 100 ns ticks.
const (
	TicksPerMicrosecond = 10
	TicksPerMillisecond = 10_000
	TicksPerSecond      = 10_000_000
	TicksPerMinute      = 60 * TicksPerSecond
	TicksPerHour        = 60 * TicksPerMinute
	TicksPerDay         = 24 * TicksPerHour
)

// NullOf returns the null value of type t. The "null" of string is "".
func NullOf(t Type) Value {
	if t == String {
		return Value{Type: String}
	}
	return Value{Type: t, Null: true}
}

// BoolValue returns a bool value.
func BoolValue(b bool) Value {
	if b {
		return Value{Type: Bool, I: 1}
	}
	return Value{Type: Bool}
}

// IntValue returns an int (32-bit) value.
func IntValue(i int64) Value { return Value{Type: Int, I: int64(int32(i))} }

// LongValue returns a long value.
func LongValue(i int64) Value { return Value{Type: Long, I: i} }

// RealValue returns a real value.
func RealValue(f float64) Value { return Value{Type: Real, F: f} }

// StringValue returns a string value.
func StringValue(s string) Value { return Value{Type: String, S: s} }

// GUIDValue returns a guid value from its canonical text.
func GUIDValue(s string) Value { return Value{Type: GUID, S: s} }

// DateTimeValue returns a datetime value for t.
func DateTimeValue(t time.Time) Value { return Value{Type: DateTime, I: TimeToTicks(t)} }

// DateTimeTicks returns a datetime value from ticks since the Unix epoch.
func DateTimeTicks(ticks int64) Value { return Value{Type: DateTime, I: ticks} }

// TimeSpanValue returns a timespan value for d.
func TimeSpanValue(d time.Duration) Value { return Value{Type: TimeSpan, I: int64(d / 100)} }

// TimeSpanTicks returns a timespan value from 100 ns ticks.
func TimeSpanTicks(ticks int64) Value { return Value{Type: TimeSpan, I: ticks} }

// DynamicValue returns a dynamic value; v must be nil, bool, int64, float64,
// string, []any or map[string]any.
func DynamicValue(v any) Value { return Value{Type: Dynamic, D: v} }

// IsNull reports whether v is null. A dynamic holding JSON null is null, and
// a string never is.
func (v Value) IsNull() bool {
	if v.Type == Dynamic {
		return v.D == nil
	}
	return v.Null
}

// Bool returns the value of a bool Value (false when null).
func (v Value) Bool() bool { return !v.Null && v.I != 0 }

// Time returns a datetime value as a time.Time in UTC.
func (v Value) Time() time.Time { return TicksToTime(v.I) }

// TimeToTicks converts t to 100 ns ticks since the Unix epoch.
func TimeToTicks(t time.Time) int64 {
	sec := t.Unix()
	return sec*TicksPerSecond + int64(t.Nanosecond()/100)
}

// TicksToTime converts 100 ns ticks since the Unix epoch to a UTC time.
func TicksToTime(ticks int64) time.Time {
	sec := ticks / TicksPerSecond
	rem := ticks % TicksPerSecond
	if rem < 0 {
		sec--
		rem += TicksPerSecond
	}
	return time.Unix(sec, rem*100).UTC()
}

// Payload returns the value as the Go value a dynamic holds: nil for null,
// bool, int64, float64, the dynamic's own payload, or the text (Kusto's
// tostring) for strings, guids, datetimes and timespans.
func (v Value) Payload() any {
	if v.IsNull() {
		return nil
	}
	switch v.Type {
	case Bool:
		return v.I != 0
	case Int, Long:
		return v.I
	case Real, Decimal:
		return v.F
	case Dynamic:
		return v.D
	}
	return v.Text()
}
