package funcs

import (
	"math"
	"strings"

	"quarry/internal/column"
)

// Conversion functions: tostring, toint, tolong, toreal/todouble,
// todecimal, tobool/toboolean, toguid, todatetime, totimespan,
// todynamic/parse_json, gettype. A failed conversion gives null (tostring
// never fails; null -> "").

// epochTicks is the tick count of 1970-01-01 in .NET's calendar (ticks since
// 0001-01-01), used by tolong(datetime) and todatetime(long).
const epochTicks = 621355968000000000

func init() {
	conv := func(name string, t column.Type, aliases ...string) {
		s := scalar(name, t, pure(func(a []column.Value) column.Value { return convertTo(a[0], t) }), kAny)
		registerScalar(s, aliases...)
	}
	conv("tostring", column.String)
	conv("toint", column.Int)
	conv("tolong", column.Long)
	conv("toreal", column.Real, "todouble")
	conv("todecimal", column.Decimal)
	conv("tobool", column.Bool, "toboolean")
	conv("toguid", column.GUID)
	conv("todatetime", column.DateTime)
	conv("totimespan", column.TimeSpan)
	conv("todynamic", column.Dynamic, "parse_json")
	registerScalar(scalar("gettype", column.String, pure(func(a []column.Value) column.Value {
		return column.StringValue(gettype(a[0]))
	}), kAny))
}

// convertTo converts v to type t with the to*() functions' rules.
func convertTo(v column.Value, t column.Type) column.Value {
	switch t {
	case column.String:
		return column.StringValue(text(v))
	case column.Dynamic:
		return todynamic(v)
	}
	if v.IsNull() {
		return column.NullOf(t)
	}
	if v.Type == t {
		return v
	}
	v = unwrap(v)
	switch t {
	case column.Int, column.Long:
		return toInteger(v, t)
	case column.Real, column.Decimal:
		if v.Type == column.DateTime || v.Type == column.TimeSpan {
			return column.NullOf(t)
		}
		f, ok := asReal(v)
		if !ok {
			return column.NullOf(t)
		}
		return column.Value{Type: t, F: f}
	case column.Bool:
		return toBool(v)
	case column.DateTime:
		return toDateTime(v)
	case column.TimeSpan:
		return toTimeSpan(v)
	case column.GUID:
		if g, ok := parseGUID(text(v)); ok {
			return column.GUIDValue(g)
		}
	}
	return column.NullOf(t)
}

func toInteger(v column.Value, t column.Type) column.Value {
	var n int64
	var ok bool
	switch v.Type {
	case column.DateTime:
		n, ok = v.I+epochTicks, true
	default:
		n, ok = asLong(v)
	}
	if !ok {
		return column.NullOf(t)
	}
	if t == column.Int {
		if n > math.MaxInt32 || n < math.MinInt32 {
			return nullInt
		}
		return column.IntValue(n)
	}
	return column.LongValue(n)
}

func toBool(v column.Value) column.Value {
	switch v.Type {
	case column.String:
		switch strings.ToLower(strings.TrimSpace(v.S)) {
		case "true", "1":
			return boolTrue
		case "false", "0":
			return boolFals
		}
		return nullBool
	case column.Int, column.Long:
		return boolOf(v.I != 0)
	case column.Real, column.Decimal:
		return boolOf(v.F != 0)
	case column.Bool:
		return v
	}
	return nullBool
}

func toDateTime(v column.Value) column.Value {
	switch v.Type {
	case column.String:
		if t, ok := parseDateTime(v.S); ok {
			return column.DateTimeTicks(t)
		}
	case column.Int, column.Long:
		return column.DateTimeTicks(v.I - epochTicks)
	}
	return nullDate
}

func toTimeSpan(v column.Value) column.Value {
	switch v.Type {
	case column.String:
		if t, ok := parseTimeSpan(v.S); ok {
			return column.TimeSpanTicks(t)
		}
	case column.Int, column.Long:
		return column.TimeSpanTicks(v.I)
	case column.Real, column.Decimal:
		if !math.IsNaN(v.F) && math.Abs(v.F) < 9e18 {
			return column.TimeSpanTicks(int64(v.F))
		}
	}
	return nullSpan
}

// parseGUID accepts 32 hex digits with optional dashes and braces and
// returns the canonical lower-case 8-4-4-4-12 form.
func parseGUID(s string) (string, bool) {
	s = strings.Trim(strings.TrimSpace(s), "{}()")
	var hex [32]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			continue
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 32
		default:
			return "", false
		}
		if n == 32 {
			return "", false
		}
		hex[n] = c
		n++
	}
	if n != 32 {
		return "", false
	}
	h := string(hex[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}

// gettype returns Kusto's runtime type name of a value.
func gettype(v column.Value) string {
	if v.Type != column.Dynamic {
		if v.Type == column.GUID {
			return "guid"
		}
		return v.Type.String()
	}
	switch v.D.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64:
		return "long"
	case float64:
		return "real"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "dictionary"
	}
	return "dynamic"
}
