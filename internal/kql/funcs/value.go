package funcs

import (
	"math"
	"strconv"
	"strings"

	"quarry/internal/column"
)

// Shorthands for building results.
var (
	nullBool = column.NullOf(column.Bool)
	nullLong = column.NullOf(column.Long)
	nullInt  = column.NullOf(column.Int)
	nullReal = column.NullOf(column.Real)
	nullDate = column.NullOf(column.DateTime)
	nullSpan = column.NullOf(column.TimeSpan)
	nullDyn  = column.DynamicValue(nil)
	nullGUID = column.NullOf(column.GUID)
	emptyStr = column.StringValue("")
	boolTrue = column.BoolValue(true)
	boolFals = column.BoolValue(false)
)

func boolOf(b bool) column.Value {
	if b {
		return boolTrue
	}
	return boolFals
}

// unwrap turns a dynamic scalar (bool, number, string) into the equivalent
// typed value; other values are returned unchanged.
func unwrap(v column.Value) column.Value {
	if v.Type != column.Dynamic {
		return v
	}
	switch d := v.D.(type) {
	case bool:
		return column.BoolValue(d)
	case int64:
		return column.LongValue(d)
	case float64:
		return column.RealValue(d)
	case string:
		return column.StringValue(d)
	case int:
		return column.LongValue(int64(d))
	}
	return v
}

// isNumType reports whether t is int, long, real or decimal.
func isNumType(t column.Type) bool { return t.IsNumeric() }

// looksNumeric is a cheap, allocation-free pre-check for number syntax:
// optional sign, digits, optional fraction and exponent, no spaces.
func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// parseNumber parses s as a long when it is an integer literal, else as a
// real. It does not allocate when s is not a number.
func parseNumber(s string) (column.Value, bool) {
	s = strings.TrimSpace(s)
	if !looksNumeric(s) {
		switch strings.ToLower(s) {
		case "nan":
			return column.RealValue(math.NaN()), true
		case "inf", "+inf", "infinity", "+infinity":
			return column.RealValue(math.Inf(1)), true
		case "-inf", "-infinity":
			return column.RealValue(math.Inf(-1)), true
		}
		return column.Value{}, false
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return column.LongValue(i), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return column.Value{}, false
	}
	return column.RealValue(f), true
}

// asReal converts numbers, bools, numeric dynamic values and numeric-looking
// strings to float64.
func asReal(v column.Value) (float64, bool) {
	if v.IsNull() {
		return 0, false
	}
	v = unwrap(v)
	switch v.Type {
	case column.Int, column.Long, column.Bool:
		return float64(v.I), true
	case column.Real, column.Decimal:
		return v.F, true
	case column.String:
		n, ok := parseNumber(v.S)
		if !ok {
			return 0, false
		}
		return asReal(n)
	}
	return 0, false
}

// asLong converts numbers (reals truncated), bools, numeric dynamic values
// and numeric strings to int64.
func asLong(v column.Value) (int64, bool) {
	if v.IsNull() {
		return 0, false
	}
	v = unwrap(v)
	switch v.Type {
	case column.Int, column.Long, column.Bool, column.DateTime, column.TimeSpan:
		return v.I, true
	case column.Real, column.Decimal:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) || v.F >= 9.3e18 || v.F <= -9.3e18 {
			return 0, false
		}
		return int64(v.F), true
	case column.String:
		n, ok := parseNumber(v.S)
		if !ok {
			return 0, false
		}
		return asLong(n)
	}
	return 0, false
}

// isIntegral reports whether v holds an integer value (int/long or a
// dynamic integer).
func isIntegral(v column.Value) bool {
	if v.Type == column.Dynamic {
		_, ok := v.D.(int64)
		return ok
	}
	return v.Type == column.Int || v.Type == column.Long
}

// text is tostring().
func text(v column.Value) string { return v.Text() }

// dynArray returns v's elements if v is a dynamic array (or a string that
// parses as a JSON array).
func dynArray(v column.Value) ([]any, bool) {
	switch v.Type {
	case column.Dynamic:
		a, ok := v.D.([]any)
		return a, ok
	case column.String:
		if d, ok := parseJSON(v.S); ok {
			a, ok := d.([]any)
			return a, ok
		}
	}
	return nil, false
}

// dynBag returns v's property bag if it is one (or a string holding one).
func dynBag(v column.Value) (map[string]any, bool) {
	switch v.Type {
	case column.Dynamic:
		m, ok := v.D.(map[string]any)
		return m, ok
	case column.String:
		if d, ok := parseJSON(v.S); ok {
			m, ok := d.(map[string]any)
			return m, ok
		}
	}
	return nil, false
}

// dynText renders one dynamic element as tostring would.
func dynText(d any) string {
	if s, ok := d.(string); ok {
		return s
	}
	if d == nil {
		return ""
	}
	return column.FormatDynamic(d)
}

// promoteNum returns the result type of arithmetic between numeric types:
// real wins, then decimal, else long.
func promoteNum(a, b column.Type) column.Type {
	switch {
	case a == column.Real || b == column.Real || a == column.Dynamic || b == column.Dynamic:
		return column.Real
	case a == column.Decimal || b == column.Decimal:
		return column.Decimal
	}
	return column.Long
}

// firstType returns the type of the first argument, for functions whose
// result has their input's type.
func firstType(args []Arg) column.Type { return args[0].Type }

// argConstString returns the constant string value of an argument.
func argConstString(a Arg) (string, bool) {
	if a.Const == nil || a.Const.IsNull() {
		return "", false
	}
	return a.Const.Text(), true
}
