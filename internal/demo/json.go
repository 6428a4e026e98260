package demo

import (
	"math"
	"strconv"
	"time"
)

// obj appends JSON objects field by field without reflection: the sign-in
// writer is on the benchmark path and must not allocate per field.
type obj struct {
	b       []byte
	scratch []byte // working space for nested JSON kept as text
	comma   bool
}

func (o *obj) open()  { o.b = append(o.b, '{'); o.comma = false }
func (o *obj) close() { o.b = append(o.b, '}'); o.comma = true }

func (o *obj) key(k string) {
	if o.comma {
		o.b = append(o.b, ',')
	}
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
	o.comma = true
}

func (o *obj) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *obj) num(k string, v int64) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, v, 10)
}

// coord appends a geographic coordinate with four decimals (about 10 m).
func (o *obj) coord(k string, v float64) {
	o.key(k)
	o.b = strconv.AppendFloat(o.b, math.Round(v*1e4)/1e4, 'f', -1, 64)
}

func (o *obj) boolean(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

func (o *obj) null(k string) {
	o.key(k)
	o.b = append(o.b, "null"...)
}

// raw appends v, which must already be JSON.
func (o *obj) raw(k, v string) {
	o.key(k)
	o.b = append(o.b, v...)
}

// child opens a nested object under key k.
func (o *obj) child(k string) {
	o.key(k)
	o.open()
}

// list opens a nested array under key k.
func (o *obj) list(k string) {
	o.key(k)
	o.b = append(o.b, '[')
	o.comma = false
}

func (o *obj) endList() { o.b = append(o.b, ']'); o.comma = true }

// item starts the next element of an array.
func (o *obj) item() {
	if o.comma {
		o.b = append(o.b, ',')
	}
	o.comma = false
}

func (o *obj) time(k string, t time.Time) {
	o.key(k)
	o.b = append(o.b, '"')
	o.b = t.AppendFormat(o.b, laTime)
	o.b = append(o.b, '"')
}

// laTime is how Log Analytics exports datetime values.
const laTime = "2006-01-02T15:04:05.0000000Z"

// appendJSONString appends s as a JSON string literal.
func appendJSONString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
