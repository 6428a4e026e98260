package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"quarry/internal/table"
)

// RecordFunc receives one decoded JSON record and its position: the line
// for NDJSON input, the record number for whole JSON documents.
type RecordFunc func(rec map[string]any, pos int) error

// JSONRecords reads r as NDJSON (one object per line), a JSON array of
// objects, or JSON objects that are either records themselves or wrappers
// holding an array of records under one of wrapKeys (for example
// {"Records":[...]}). Numbers decode as int64 when integral, else float64.
// Lines and elements that are not objects are reported to sink as bad
// records. A syntax error inside a whole document ends that document.
func JSONRecords(r io.Reader, file string, sink *Sink, wrapKeys []string, fn RecordFunc) error {
	br := bufio.NewReaderSize(r, SniffSize)
	head, _ := br.Peek(SniffSize)
	j := jsonReader{file: file, sink: sink, wrap: wrapKeys, fn: fn}
	if documentMode(head) {
		return j.document(br)
	}
	return Lines(br, j.line, func(no int) error { return sink.Bad(file, no, "line longer than %d bytes", MaxLine) })
}

// documentMode reports whether head starts a JSON document spread over
// lines (an array, or an object whose first line is not complete JSON).
func documentMode(head []byte) bool {
	head = bytes.TrimLeft(trimBOM(head), " \t\r\n")
	if len(head) == 0 {
		return false
	}
	if head[0] == '[' {
		return true
	}
	if head[0] != '{' {
		return false
	}
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	return !json.Valid(first)
}

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

type jsonReader struct {
	file string
	sink *Sink
	wrap []string
	fn   RecordFunc
	n    int // records seen in document mode
}

// line handles one NDJSON line.
func (j *jsonReader) line(no int, line string) error {
	line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
	if line == "" {
		return nil
	}
	v, err := DecodeJSON([]byte(line))
	if err != nil {
		j.sink.Record()
		return j.sink.Bad(j.file, no, "invalid JSON: %v", cleanJSONError(err))
	}
	return j.value(v, no)
}

// value dispatches a decoded top-level value: a record, a wrapper or an
// array of records.
func (j *jsonReader) value(v any, pos int) error {
	switch x := v.(type) {
	case map[string]any:
		if arr, ok := j.wrapped(x); ok {
			return j.array(arr, pos)
		}
		j.sink.Record()
		return j.fn(x, pos)
	case []any:
		return j.array(x, pos)
	}
	j.sink.Record()
	return j.sink.Bad(j.file, pos, "expected a JSON object, found %s", kind(v))
}

func (j *jsonReader) array(arr []any, pos int) error {
	for _, e := range arr {
		m, ok := e.(map[string]any)
		j.sink.Record()
		if !ok {
			if err := j.sink.Bad(j.file, pos, "expected a JSON object, found %s", kind(e)); err != nil {
				return err
			}
			continue
		}
		if err := j.fn(m, pos); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonReader) wrapped(m map[string]any) ([]any, bool) {
	for _, k := range j.wrap {
		if arr, ok := m[k].([]any); ok {
			return arr, true
		}
	}
	return nil, false
}

// document streams whole JSON documents: arrays element by element and
// wrapper objects' record arrays element by element.
func (j *jsonReader) document(r io.Reader) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			err = j.topLevel(dec, tok)
		} else {
			err = j.syntax(err)
		}
		if err == errStop {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (j *jsonReader) topLevel(dec *json.Decoder, tok json.Token) error {
	switch tok {
	case json.Delim('['):
		return j.streamArray(dec)
	case json.Delim('{'):
		return j.streamObject(dec)
	}
	j.n++
	j.sink.Record()
	if err := j.sink.Bad(j.file, j.n, "expected a JSON object or array, found %v", tok); err != nil {
		return err
	}
	return errStop
}

// errStop ends a document after a syntax error was reported.
var errStop = errors.New("stop")

// streamArray decodes array elements up to the closing bracket.
func (j *jsonReader) streamArray(dec *json.Decoder) error {
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			return j.syntax(err)
		}
		j.n++
		if err := j.value(Normalize(v), j.n); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return j.syntax(err)
	}
	return nil
}

// streamObject reads one object; an array under a wrapper key is streamed
// as records, otherwise the object itself is one record.
func (j *jsonReader) streamObject(dec *json.Decoder) error {
	obj := map[string]any{}
	streamed := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return j.syntax(err)
		}
		key, _ := tok.(string)
		if j.isWrap(key) {
			ok, err := j.streamWrapped(dec, obj, key)
			if err != nil {
				return err
			}
			streamed = streamed || ok
			continue
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return j.syntax(err)
		}
		obj[key] = Normalize(v)
	}
	if _, err := dec.Token(); err != nil {
		return j.syntax(err)
	}
	if streamed {
		return nil
	}
	j.n++
	return j.value(obj, j.n)
}

// streamWrapped streams the array under a wrapper key; a scalar or object
// found there instead is kept in obj.
func (j *jsonReader) streamWrapped(dec *json.Decoder, obj map[string]any, key string) (bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return false, j.syntax(err)
	}
	switch tok {
	case json.Delim('['):
		return true, j.streamArray(dec)
	case json.Delim('{'):
		var rest map[string]any
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return false, j.syntax(err)
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				return false, j.syntax(err)
			}
			if rest == nil {
				rest = map[string]any{}
			}
			rest[fmt.Sprint(k)] = Normalize(v)
		}
		if _, err := dec.Token(); err != nil {
			return false, j.syntax(err)
		}
		obj[key] = rest
		return false, nil
	}
	obj[key] = Normalize(tokenValue(tok))
	return false, nil
}

func tokenValue(tok json.Token) any {
	if d, ok := tok.(json.Delim); ok {
		return string(d)
	}
	return tok
}

func (j *jsonReader) isWrap(key string) bool {
	for _, k := range j.wrap {
		if k == key {
			return true
		}
	}
	return false
}

// syntax reports a broken document as one bad record and stops reading it.
func (j *jsonReader) syntax(err error) error {
	if err == errStop {
		return err
	}
	if _, ok := err.(table.BadRecord); ok {
		return err
	}
	j.sink.Record()
	if bad := j.sink.Bad(j.file, j.n+1, "invalid JSON: %v", cleanJSONError(err)); bad != nil {
		return bad
	}
	return errStop
}

func cleanJSONError(err error) string {
	if err == io.ErrUnexpectedEOF {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int64, float64, json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}

// DecodeJSON decodes one JSON value with numbers normalized (see Normalize).
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("extra data after the JSON value")
	}
	return Normalize(v), nil
}

// Normalize replaces json.Number values inside v with int64 (integral and
// in range) or float64, so v holds only the dynamic value kinds.
func Normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = Normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = Normalize(e)
		}
	}
	return v
}
