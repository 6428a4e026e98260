package ingest

import (
	"bytes"
	"math"
	"strconv"

	"quarry/internal/column"
)

// This file converts input values to column types. JSON values keep their
// JSON type where the column agrees; text (CSV cells, JSON strings in
// non-string columns) is parsed by the column type. A value that does not
// convert becomes null and the caller reports it.

// setJSON decodes the JSON value at b[i] into c. It returns the index after
// the value; a non-nil err is a syntax error (the record is bad), conv is
// false when the value is well-formed but does not convert (stored as null).
func setJSON(c *colBuilder, b []byte, i int, d *decodeCtx) (end int, conv bool, err error) {
	if i >= len(b) {
		return i, true, errEOF
	}
	switch ch := b[i]; {
	case ch == '"':
		return setJSONString(c, b, i, d)
	case ch == 'n':
		end, err = skipLiteral(b, i, "null")
		c.appendNull()
		return end, true, err
	case c.typ == column.Dynamic:
		v, end, err := parseAny(b, i, 0)
		c.appendDyn(v)
		return end, true, err
	case ch == '{' || ch == '[':
		return setJSONContainer(c, b, i)
	case ch == 't' || ch == 'f':
		end, err = skipValue(b, i)
		if err != nil {
			return end, true, err
		}
		return end, setBool(c, ch == 't', b[i:end]), nil
	}
	end, err = skipValue(b, i)
	if err != nil {
		return end, true, err
	}
	return end, setNumber(c, b[i:end]), nil
}

// setJSONString stores a JSON string; non-string columns parse its text.
func setJSONString(c *colBuilder, b []byte, i int, d *decodeCtx) (int, bool, error) {
	body, end, scratch, err := stringBody(b, i, d.scratch)
	d.scratch = scratch
	if err != nil {
		return end, true, err
	}
	if c.typ == column.String || c.typ == column.GUID {
		c.appendStr(body)
		return end, true, nil
	}
	if c.typ == column.Dynamic {
		c.appendDyn(dynamicFromText(body, true))
		return end, true, nil
	}
	return end, setText(c, body, d.order), nil
}

// setJSONContainer stores an object or array in a non-dynamic column: its
// JSON text for strings, a conversion failure otherwise.
func setJSONContainer(c *colBuilder, b []byte, i int) (int, bool, error) {
	end, err := checkValue(b, i, 0)
	if err != nil {
		return end, true, err
	}
	if c.typ == column.String {
		c.appendStr(b[i:end])
		return end, true, nil
	}
	c.appendNull()
	return end, false, nil
}

// setBool stores a JSON true/false.
func setBool(c *colBuilder, v bool, raw []byte) bool {
	n := int64(0)
	if v {
		n = 1
	}
	switch {
	case c.typ == column.Bool || c.typ.IsInteger():
		c.appendInt(n)
	case c.typ.UsesReals():
		c.appendReal(float64(n))
	case c.typ == column.String:
		c.appendStr(raw)
	default:
		c.appendNull()
		return false
	}
	return true
}

// setNumber stores a JSON number (raw is its text).
func setNumber(c *colBuilder, raw []byte) bool {
	switch {
	case c.typ == column.String:
		c.appendStr(raw)
		return true
	case c.typ.UsesReals():
		_, f, _, ok := parseNumber(raw)
		return appendRealOrNull(c, f, ok)
	case c.typ.IsInteger():
		n, ok := integral(raw)
		return appendIntOrNull(c, n, ok)
	case c.typ == column.Bool:
		n, ok := integral(raw)
		return appendIntOrNull(c, n, ok && (n == 0 || n == 1))
	}
	c.appendNull()
	return false
}

// setText parses text by the column type: empty text is null for every
// type but string; surrounding spaces are ignored for non-string types.
func setText(c *colBuilder, text []byte, order DateOrder) bool {
	if c.typ == column.String || c.typ == column.GUID && len(text) > 0 {
		c.appendStr(text)
		return true
	}
	text = bytes.TrimSpace(text)
	if len(text) == 0 {
		c.appendNull()
		return true
	}
	switch c.typ {
	case column.Dynamic:
		c.appendDyn(dynamicFromText(text, false))
		return true
	case column.Bool:
		v, ok := parseBoolText(text)
		return appendIntOrNull(c, v, ok)
	case column.Int, column.Long:
		n, ok := integral(text)
		return appendIntOrNull(c, n, ok)
	case column.Real, column.Decimal:
		f, ok := parseRealText(text)
		return appendRealOrNull(c, f, ok)
	case column.DateTime:
		ticks, ok := parseDateTime(text, order)
		return appendIntOrNull(c, ticks, ok)
	case column.TimeSpan:
		ticks, ok := parseTimeSpan(text)
		return appendIntOrNull(c, ticks, ok)
	}
	c.appendNull()
	return false
}

func appendIntOrNull(c *colBuilder, v int64, ok bool) bool {
	if ok && c.typ == column.Int && v != int64(int32(v)) {
		ok = false
	}
	if !ok {
		c.appendNull()
		return false
	}
	c.appendInt(v)
	return true
}

func appendRealOrNull(c *colBuilder, f float64, ok bool) bool {
	if !ok {
		c.appendNull()
		return false
	}
	c.appendReal(f)
	return true
}

// integral parses an integer, also accepting a real with no fractional part
// (443.0, 1e3) as exports written by dataframes have them.
func integral(text []byte) (int64, bool) {
	if n, ok := parseInt(text); ok {
		return n, true
	}
	f, ok := parseRealText(text)
	if !ok || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// parseRealText parses a JSON number, or anything strconv accepts (NaN,
// Infinity, +1, .5).
func parseRealText(text []byte) (float64, bool) {
	if _, f, _, ok := parseNumber(text); ok {
		return f, true
	}
	f, err := strconv.ParseFloat(string(text), 64)
	return f, err == nil
}

// parseBoolText accepts true/false in any case, and 1/0.
func parseBoolText(text []byte) (int64, bool) {
	switch {
	case bytes.EqualFold(text, []byte("true")) || string(text) == "1":
		return 1, true
	case bytes.EqualFold(text, []byte("false")) || string(text) == "0":
		return 0, true
	}
	return 0, false
}

// dynamicFromText turns text into a dynamic value: JSON objects and arrays
// (and, for CSV cells, any JSON) are parsed; anything else stays a string.
func dynamicFromText(text []byte, fromJSONString bool) any {
	t := bytes.TrimSpace(text)
	if len(t) > 0 && (t[0] == '{' || t[0] == '[' || !fromJSONString) {
		if v, end, err := parseAny(t, 0, 0); err == nil && end == len(t) {
			return v
		}
	}
	return string(text)
}

// parseTimeSpan reads Kusto's timespan text form [-][d.]hh:mm[:ss[.fffffff]].
func parseTimeSpan(text []byte) (int64, bool) {
	neg := len(text) > 0 && text[0] == '-'
	if neg {
		text = text[1:]
	}
	var days int64
	if dot := bytes.IndexByte(text, '.'); dot >= 0 && dot < bytes.IndexByte(text, ':') {
		d, ok := digits(text[:dot])
		if !ok || dot == 0 || dot > 6 {
			return 0, false
		}
		days, text = int64(d), text[dot+1:]
	}
	if len(text) == 7 || (len(text) > 1 && text[1] == ':') {
		text = append([]byte{'0'}, text...)
	}
	tod, rest, ok := parseClock(text)
	if !ok || len(rest) != 0 {
		return 0, false
	}
	ticks := days*column.TicksPerDay + tod
	if neg {
		ticks = -ticks
	}
	return ticks, true
}
