package column

import "strings"

// Type is a KQL scalar type.
type Type uint8

// The KQL scalar types. Invalid is the zero value and means "no type yet".
const (
	Invalid Type = iota
	Bool
	Int
	Long
	Real
	Decimal
	String
	DateTime
	TimeSpan
	Dynamic
	GUID
)

var typeNames = [...]string{
	Invalid:  "invalid",
	Bool:     "bool",
	Int:      "int",
	Long:     "long",
	Real:     "real",
	Decimal:  "decimal",
	String:   "string",
	DateTime: "datetime",
	TimeSpan: "timespan",
	Dynamic:  "dynamic",
	GUID:     "guid",
}

// String returns the KQL name of the type ("long", "datetime", ...).
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "invalid"
}

// ParseType maps a KQL type name, including the aliases Kusto accepts
// (boolean, int32, int64, double, date, time, uniqueid), to a Type.
func ParseType(name string) (Type, bool) {
	switch strings.ToLower(name) {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double":
		return Real, true
	case "decimal":
		return Decimal, true
	case "string":
		return String, true
	case "datetime", "date":
		return DateTime, true
	case "timespan", "time":
		return TimeSpan, true
	case "dynamic":
		return Dynamic, true
	case "guid", "uniqueid":
		return GUID, true
	}
	return Invalid, false
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool {
	return t == Int || t == Long || t == Real || t == Decimal
}

// IsInteger reports whether t is int or long.
func (t Type) IsInteger() bool { return t == Int || t == Long }

// UsesInts reports whether values of t are stored in Vector.Ints.
func (t Type) UsesInts() bool {
	return t == Bool || t == Int || t == Long || t == DateTime || t == TimeSpan
}

// UsesReals reports whether values of t are stored in Vector.Reals.
func (t Type) UsesReals() bool { return t == Real || t == Decimal }

// UsesStrs reports whether values of t are stored in Vector.Strs.
func (t Type) UsesStrs() bool { return t == String || t == GUID }
