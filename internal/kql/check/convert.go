package check

import (
	"time"

	"quarry/internal/column"
)

// Convert casts v to type t where KQL allows it implicitly (numbers among
// numeric types, anything into dynamic, dynamic scalars out of dynamic,
// strings into guids). It reports false when v cannot be represented; a null
// converts to the null of t.
func Convert(v column.Value, t column.Type) (column.Value, bool) {
	if v.Type == t {
		return v, true
	}
	if v.IsNull() {
		return column.NullOf(t), v.Type != column.String || t == column.Dynamic
	}
	if t == column.Dynamic {
		return column.DynamicValue(v.Payload()), true
	}
	if v.Type == column.Dynamic {
		return fromDynamic(v.D, t)
	}
	return convertScalar(v, t)
}

func convertScalar(v column.Value, t column.Type) (column.Value, bool) {
	switch {
	case t.IsInteger() && v.Type.IsInteger():
		if t == column.Int {
			return column.IntValue(v.I), true
		}
		return column.LongValue(v.I), true
	case t.UsesReals() && v.Type.IsInteger():
		return column.Value{Type: t, F: float64(v.I)}, true
	case t.UsesReals() && v.Type.UsesReals():
		return column.Value{Type: t, F: v.F}, true
	case t.IsInteger() && v.Type.UsesReals():
		return column.Value{Type: t, I: int64(v.F)}, true
	case t == column.GUID && v.Type == column.String:
		return column.GUIDValue(v.S), true
	case t == column.String && v.Type == column.GUID:
		return column.StringValue(v.S), true
	}
	return column.NullOf(t), false
}

// fromDynamic casts a dynamic value's payload to t; non-conforming values
// give a null.
func fromDynamic(d any, t column.Type) (column.Value, bool) {
	switch x := d.(type) {
	case bool:
		if t == column.Bool {
			return column.BoolValue(x), true
		}
	case int64:
		return convertScalar(column.LongValue(x), t)
	case float64:
		return convertScalar(column.RealValue(x), t)
	case string:
		return stringTo(x, t)
	}
	return column.NullOf(t), false
}

// stringTo casts a dynamic string to t (strings, guids, datetimes).
func stringTo(s string, t column.Type) (column.Value, bool) {
	switch t {
	case column.String:
		return column.StringValue(s), true
	case column.GUID:
		return column.GUIDValue(s), true
	case column.DateTime:
		if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return column.DateTimeValue(tm), true
		}
	}
	return column.NullOf(t), false
}
