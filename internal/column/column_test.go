package column

import (
	"math"
	"testing"
	"time"
)

func TestFormatTimeSpan(t *testing.T) {
	cases := []struct {
		ticks int64
		want  string
	}{
		{TicksPerDay, "1.00:00:00"},
		{5 * TicksPerMinute, "00:05:00"},
		{TicksPerSecond / 10, "00:00:00.1000000"},
		{TicksPerDay + 2*TicksPerHour + 3*TicksPerMinute + 4*TicksPerSecond + TicksPerSecond/2, "1.02:03:04.5000000"},
		{-90 * TicksPerMinute, "-01:30:00"},
		{1, "00:00:00.0000001"},
		{0, "00:00:00"},
	}
	for _, c := range cases {
		if got := FormatTimeSpan(c.ticks); got != c.want {
			t.Errorf("FormatTimeSpan(%d) = %q, want %q", c.ticks, got, c.want)
		}
	}
}

func TestFormatDateTime(t *testing.T) {
	base := time.Date(2017, 5, 15, 10, 20, 0, 0, time.UTC)
	cases := []struct {
		t    time.Time
		want string
	}{
		{base, "2017-05-15T10:20:00Z"},
		{base.Add(500 * time.Millisecond), "2017-05-15T10:20:00.5Z"},
		{base.Add(100 * time.Nanosecond), "2017-05-15T10:20:00.0000001Z"},
		{time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), "1601-01-01T00:00:00Z"},
		{time.Date(1969, 12, 31, 23, 59, 59, 900_000_000, time.UTC), "1969-12-31T23:59:59.9Z"},
	}
	for _, c := range cases {
		ticks := TimeToTicks(c.t)
		if got := FormatDateTime(ticks); got != c.want {
			t.Errorf("FormatDateTime(%v) = %q, want %q", c.t, got, c.want)
		}
		if back := TicksToTime(ticks); !back.Equal(c.t) {
			t.Errorf("round trip %v -> %v", c.t, back)
		}
	}
}

func TestValueString(t *testing.T) {
	cases := []struct {
		v    Value
		want string
	}{
		{NullOf(Long), "null"},
		{NullOf(String), `""`},
		{StringValue(`a"b`), `"a\"b"`},
		{StringValue("<x>"), `"<x>"`},
		{BoolValue(true), "true"},
		{LongValue(-3), "-3"},
		{IntValue(1 << 33), "0"},
		{RealValue(2), "2"},
		{RealValue(2.5), "2.5"},
		{RealValue(math.NaN()), "NaN"},
		{RealValue(math.Inf(-1)), "-Infinity"},
		{DynamicValue(map[string]any{"b": []any{int64(1), 2.5}, "a": nil}), `{"a":null,"b":[1,2.5]}`},
		{DynamicValue(nil), "null"},
		{TimeSpanValue(90 * time.Second), "00:01:30"},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestParseType(t *testing.T) {
	for name, want := range map[string]Type{"boolean": Bool, "int64": Long, "double": Real, "date": DateTime, "time": TimeSpan, "uniqueid": GUID} {
		if got, ok := ParseType(name); !ok || got != want {
			t.Errorf("ParseType(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := ParseType("blob"); ok {
		t.Error("ParseType accepted blob")
	}
}

func TestVectorNullsAndGather(t *testing.T) {
	v := NewVector(Long, 4)
	v.Append(LongValue(1))
	v.AppendNull()
	v.Append(StringValue("x")) // wrong type: null
	v.Append(LongValue(4))
	if v.Len() != 4 || v.IsNull(0) || !v.IsNull(1) || !v.IsNull(2) || v.IsNull(3) {
		t.Fatalf("nulls wrong: %+v", v)
	}
	g := v.Gather([]int{3, 1, 0})
	got := g.Value(0).String() + "," + g.Value(1).String() + "," + g.Value(2).String()
	if got != "4,null,1" {
		t.Errorf("gather = %s", got)
	}
	s := NewVector(String, 1)
	s.AppendNull()
	if s.IsNull(0) || s.Value(0).String() != `""` {
		t.Errorf("string null must be empty string, got %v", s.Value(0))
	}
}

func TestBatchRows(t *testing.T) {
	schema := Schema{{Name: "a", Type: Long}, {Name: "b", Type: Dynamic}}
	b := NewBatch(schema, 2)
	b.AppendRow([]Value{LongValue(1), DynamicValue([]any{"x"})})
	b.AppendRow([]Value{NullOf(Long), DynamicValue(nil)})
	other := NewBatch(schema, 1)
	other.AppendRow([]Value{LongValue(3), DynamicValue("s")})
	b.Concat(other)
	if b.Len != 3 || b.Row(2)[1].String() != `"s"` || !b.Row(1)[0].IsNull() {
		t.Errorf("rows: %v %v %v", b.Row(0), b.Row(1), b.Row(2))
	}
	if schema.String() != "a:long, b:dynamic" || schema.Index("b") != 1 || schema.Index("B") != -1 {
		t.Errorf("schema helpers wrong: %s", schema)
	}
}
