package ingest

import (
	"bytes"

	"quarry/internal/column"
)

// This file infers column types from a sample of records. Each column
// collects the set of value kinds seen; resolve turns the set into a type:
//
//	only nulls                 -> string
//	any object or array        -> dynamic (JSON mixing objects and scalars too)
//	only true/false            -> bool
//	only integers              -> long
//	integers and other numbers -> real
//	only ISO 8601 / export datetimes -> datetime
//	anything else (mixed)      -> string
//
// JSON values keep their JSON type (the string "42" is a string); CSV cells
// are text and are classified by their spelling. A CSV integer with a
// leading zero (007, 0123456789) stays a string, as identifiers do.

type kind uint8

const (
	kNull kind = 1 << iota
	kBool
	kInt
	kReal
	kDate
	kString
	kDyn
)

func resolve(k kind) column.Type {
	k &^= kNull
	switch {
	case k == 0:
		return column.String
	case k&kDyn != 0:
		return column.Dynamic
	case k == kBool:
		return column.Bool
	case k == kInt:
		return column.Long
	case k&^(kInt|kReal) == 0:
		return column.Real
	case k == kDate:
		return column.DateTime
	}
	return column.String
}

// dateHints collects evidence about the order of slash dates in a file.
type dateHints struct {
	firstBig, secondBig, ampm int
}

func (h *dateHints) observe(b []byte) {
	f, s, a, ok := slashHint(b)
	if !ok {
		return
	}
	h.firstBig += boolInt(f)
	h.secondBig += boolInt(s)
	h.ampm += boolInt(a)
}

// order decides day-first or month-first: a number above 12 settles it;
// otherwise AM/PM means en-US (month first), a 24-hour clock day first.
func (h *dateHints) order() DateOrder {
	switch {
	case h.firstBig > 0 && h.secondBig == 0:
		return DayFirst
	case h.secondBig > 0:
		return MonthFirst
	case h.ampm > 0:
		return MonthFirst
	}
	return DayFirst
}

// inference accumulates the kinds seen per column, in first-seen order.
type inference struct {
	pending []observation // the record being sampled
	names   []string
	index   map[string]int
	kinds   []kind
	dates   dateHints
	records int
}

// observation is one member of a sampled record, kept until the whole
// record proved valid.
type observation struct {
	key  []byte
	kind kind
}

func newInference() *inference { return &inference{index: map[string]int{}} }

func (s *inference) observe(name []byte, k kind) {
	i, ok := s.index[string(name)]
	if !ok {
		i = len(s.names)
		s.names = append(s.names, string(name))
		s.index[string(name)] = i
		s.kinds = append(s.kinds, 0)
	}
	s.kinds[i] |= k
}

// merge adds the kinds of o (another file of the same table).
func (s *inference) merge(o *inference) {
	for i, name := range o.names {
		s.observe([]byte(name), o.kinds[i])
	}
	s.records += o.records
}

// schema returns the inferred columns.
func (s *inference) schema() column.Schema {
	out := make(column.Schema, len(s.names))
	for i, name := range s.names {
		out[i] = column.Field{Name: name, Type: resolve(s.kinds[i])}
	}
	return out
}

// sampleObject records the kinds of the top-level members of a JSON
// object; nothing is recorded unless the whole object is valid.
func (s *inference) sampleObject(b []byte) error {
	s.pending = s.pending[:0]
	if err := s.walkSample(b); err != nil {
		return err
	}
	for _, o := range s.pending {
		s.observe(o.key, o.kind)
	}
	return nil
}

func (s *inference) walkSample(b []byte) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errAt("record is not a JSON object", i)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return errAt("expected string key", i)
		}
		key, end, _, err := stringBody(b, i, nil)
		if err != nil {
			return err
		}
		if i, err = expectColon(b, end); err != nil {
			return err
		}
		k, end, err := s.jsonKind(b, i)
		if err != nil {
			return err
		}
		if len(key) > 0 {
			s.pending = append(s.pending, observation{key, k})
		}
		var done bool
		if i, done, err = nextMember(b, end, '}'); err != nil {
			return err
		}
		if done {
			return trailing(b, i)
		}
	}
}

// jsonKind classifies the JSON value at b[i].
func (s *inference) jsonKind(b []byte, i int) (kind, int, error) {
	if i >= len(b) {
		return 0, i, errEOF
	}
	end, err := checkValue(b, i, 0)
	if err != nil {
		return 0, end, err
	}
	switch c := b[i]; {
	case c == '{' || c == '[':
		return kDyn, end, nil
	case c == 't' || c == 'f':
		return kBool, end, nil
	case c == 'n':
		return kNull, end, nil
	case c == '"':
		body, _, _, err := stringBody(b, i, nil)
		return s.stringKind(body), end, err
	}
	if _, _, isInt, _ := parseNumber(b[i:end]); isInt {
		return kInt, end, nil
	}
	return kReal, end, nil
}

// stringKind classifies a JSON string: a datetime or text.
func (s *inference) stringKind(b []byte) kind {
	if looksDate(b) {
		if _, ok := parseDateTime(b, MonthFirst); ok {
			s.dates.observe(b)
			return kDate
		}
	}
	return kString
}

// textKind classifies a CSV cell.
func (s *inference) textKind(b []byte) kind {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return kNull
	case bytes.EqualFold(b, []byte("true")) || bytes.EqualFold(b, []byte("false")):
		return kBool
	}
	if _, ok := parseInt(b); ok {
		if leadingZero(b) {
			return kString
		}
		return kInt
	}
	if validNumber(b) {
		return kReal
	}
	if b[0] == '{' || b[0] == '[' {
		if _, end, err := parseAny(b, 0, 0); err == nil && end == len(b) {
			return kDyn
		}
	}
	return s.stringKind(b)
}

func leadingZero(b []byte) bool {
	if b[0] == '-' {
		b = b[1:]
	}
	return len(b) > 1 && b[0] == '0'
}

// looksDate is a cheap filter before parsing: YYYY-MM-DD... or D/M/YYYY...
func looksDate(b []byte) bool {
	if len(b) < 8 || b[0] < '0' || b[0] > '9' {
		return false
	}
	return (len(b) >= 10 && b[4] == '-') || b[1] == '/' || b[2] == '/'
}
