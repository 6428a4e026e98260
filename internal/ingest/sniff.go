package ingest

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Shape is the record layout of a file, recognised from its content.
type Shape uint8

// The shapes the generic readers handle.
const (
	Unknown      Shape = iota
	Empty              // no content (only whitespace)
	NDJSON             // one JSON object per line
	JSONArray          // [ {...}, {...} ]
	JSONEnvelope       // {"records": [...]}, {"value": [...]}, {"Records": [...]}
	JSONObject         // a single JSON object
	JSONStream         // JSON objects one after another, not one per line (jq output)
	CSV                // delimited text with a header row (CSV, TSV, ...)
)

var shapeNames = [...]string{"unknown", "empty", "ndjson", "json-array", "json-envelope", "json-object", "json-stream", "csv"}

// String returns the shape's short name.
func (s Shape) String() string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "unknown"
}

// Format describes what Detect recognised in a file.
type Format struct {
	Shape       Shape
	Compression string // "gzip", "bzip2" or "" (decompressed transparently)
	Envelope    string // JSONEnvelope: the key holding the records
	Delimiter   byte   // CSV: the field delimiter
}

// String renders the format for people: "ndjson+gzip", "json-envelope
// (records)", "csv (delimiter '\t')".
func (f Format) String() string {
	s := f.Shape.String()
	switch f.Shape {
	case JSONEnvelope:
		s += " (" + f.Envelope + ")"
	case CSV:
		s += fmt.Sprintf(" (delimiter %q)", f.Delimiter)
	}
	if f.Compression != "" {
		s += "+" + f.Compression
	}
	return s
}

// envelopeKeys are the object keys whose array value holds the records:
// Azure diagnostic exports (Event Hubs, storage), Microsoft Graph pages,
// and CloudTrail log files.
var envelopeKeys = []string{"records", "value", "Records"}

// ErrUnknownFormat is returned for content no reader recognises.
var ErrUnknownFormat = errors.New("unrecognised file format")

const sniffSize = 64 << 10

// Detect recognises a file's format from its content (never its name):
// compression by magic bytes, then the shape of the decompressed text.
func Detect(path string) (Format, error) {
	r, comp, err := openReader(path)
	if err != nil {
		return Format{}, err
	}
	defer r.Close()
	prefix, whole, err := readPrefix(r, sniffSize)
	if err != nil {
		return Format{}, fmt.Errorf("%s: %w", path, err)
	}
	f, err := sniff(prefix, whole)
	f.Compression = comp
	if err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// readPrefix reads up to n bytes; whole is true when that is the entire
// input.
func readPrefix(r io.Reader, n int) ([]byte, bool, error) {
	buf := make([]byte, n)
	k, err := io.ReadFull(r, buf)
	switch err {
	case nil:
		return buf, false, nil
	case io.EOF, io.ErrUnexpectedEOF:
		return buf[:k], true, nil
	}
	return nil, false, err
}

// readCloser closes every layer of a decompressing reader.
type readCloser struct {
	io.Reader
	closers []io.Closer
}

func (r readCloser) Close() error {
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// openReader opens path and undoes gzip or bzip2 compression recognised by
// magic bytes. Concatenated gzip members are read as one stream.
func openReader(path string) (io.ReadCloser, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(3)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, "", fmt.Errorf("%s: gzip: %w", path, err)
		}
		return readCloser{zr, []io.Closer{zr, f}}, "gzip", nil
	case bytes.Equal(magic, []byte("BZh")):
		return readCloser{bzip2.NewReader(br), []io.Closer{f}}, "bzip2", nil
	}
	return readCloser{br, []io.Closer{f}}, "", nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniff recognises the shape of a decompressed prefix (whole: the prefix is
// the entire input). Binary content is never recognised; JSON must parse;
// delimited text must look like a table (see sniffCSV).
func sniff(prefix []byte, whole bool) (Format, error) {
	b := bytes.TrimPrefix(prefix, bom)
	if looksBinary(b) {
		return Format{}, ErrUnknownFormat
	}
	i := skipWS(b, 0)
	if i == len(b) {
		if whole {
			return Format{Shape: Empty}, nil
		}
		return Format{}, ErrUnknownFormat
	}
	switch b[i] {
	case '[':
		if sniffArray(b, i, whole) {
			return Format{Shape: JSONArray}, nil
		}
	case '{':
		if f, ok := sniffObject(b, i, whole); ok {
			return f, nil
		}
	}
	return sniffCSV(b[i:], whole)
}

// Binary detection: a NUL byte, or more than one byte in binaryShare that
// is a control character (other than tab, line ends, form feed and ESC)
// or not valid UTF-8.
const binaryShare = 10

// looksBinary reports whether the head of a file is binary rather than
// text.
func looksBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if isControl(c) {
				bad++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return bad*binaryShare > len(b)
}

// isControl reports a C0 control byte that text files do not contain
// (DEL is left alone: JSON strings may hold it).
func isControl(c byte) bool {
	switch c {
	case '\t', '\n', '\r', '\f', 0x1b:
		return false
	}
	return c < 0x20
}

// sniffArray reports whether the array at b[i] parses: completely, or up
// to the end of a prefix cut from a longer input, or (a whole but
// truncated file) after at least one complete element. Only whitespace or
// another array may follow it.
func sniffArray(b []byte, i int, whole bool) bool {
	end, n, err := arrayHead(b, i)
	switch {
	case err == errEOF:
		return !whole || n > 0
	case err != nil:
		return false
	}
	next := skipWS(b, end)
	return next == len(b) || b[next] == '['
}

// arrayHead validates the array at b[i] element by element. It returns the
// index after the array and the number of complete elements before an
// error (errEOF: the input ended inside the array).
func arrayHead(b []byte, i int) (int, int, error) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, 0, nil
	}
	n := 0
	for {
		end, err := checkValue(b, i, 1)
		if err != nil {
			return end, n, err
		}
		n++
		var done bool
		if i, done, err = nextMember(b, end, ']'); err != nil || done {
			return i, n, err
		}
	}
}

// sniffObject tells NDJSON, an envelope, a single object and a stream of
// objects apart by looking at the first object, which must be valid JSON
// (up to the end of the prefix if it is longer). ok is false when the text
// is not JSON.
func sniffObject(b []byte, i int, whole bool) (Format, bool) {
	end, err := checkValue(b, i, 0)
	if err == nil {
		return completeObject(b, i, end, whole), true
	}
	if err == errEOF {
		if key, ok := envelopeKey(b, i); ok {
			return Format{Shape: JSONEnvelope, Envelope: key}, true
		}
		if !whole {
			return Format{Shape: JSONStream}, true // one object fills the prefix
		}
	}
	if ndjsonEvidence(b[i:]) {
		return Format{Shape: NDJSON}, true // a bad first line; the rest is fine
	}
	return Format{}, false
}

// completeObject classifies input whose first object b[i:end] is valid.
func completeObject(b []byte, i, end int, whole bool) Format {
	next := skipWS(b, end)
	if next < len(b) {
		if bytes.IndexByte(b[i:end], '\n') < 0 && bytes.IndexByte(b[end:next], '\n') >= 0 {
			return Format{Shape: NDJSON}
		}
		return Format{Shape: JSONStream}
	}
	if !whole {
		return Format{Shape: NDJSON} // one line of ndjson fills the prefix
	}
	if key, ok := envelopeKey(b, i); ok {
		return Format{Shape: JSONEnvelope, Envelope: key}
	}
	return Format{Shape: JSONObject}
}

// ndjsonLines is how many lines after a bad first line ndjsonEvidence
// looks at.
const ndjsonLines = 20

// ndjsonEvidence reports whether one of the lines after the first is a
// complete, valid JSON object on its own.
func ndjsonEvidence(b []byte) bool {
	k := bytes.IndexByte(b, '\n')
	for n := 0; k >= 0 && n < ndjsonLines; n++ {
		b = b[k+1:]
		line := b
		if k = bytes.IndexByte(b, '\n'); k >= 0 {
			line = b[:k]
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		if end, err := checkValue(line, 0, 0); err == nil && end == len(line) {
			return true
		}
	}
	return false
}

// envelopeKey walks the top-level keys of the object at b[i] looking for a
// records array.
func envelopeKey(b []byte, i int) (string, bool) {
	i = skipWS(b, i+1)
	for i < len(b) && b[i] == '"' {
		key, end, _, err := stringBody(b, i, nil)
		if err != nil {
			return "", false
		}
		if i, err = expectColon(b, end); err != nil || i >= len(b) {
			return "", false
		}
		for _, k := range envelopeKeys {
			if string(key) == k && b[i] == '[' {
				return k, true
			}
		}
		if i, err = skipValue(b, i); err != nil {
			return "", false
		}
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ',' {
			return "", false
		}
		i = skipWS(b, i+1)
	}
	return "", false
}

// Limits of the CSV evidence.
const (
	csvSampleRows = 50 // data rows checked for a consistent field count
	maxNameLen    = 64 // longest plausible column name
	phraseWords   = 4  // a header field with this many words is a phrase
	maxPhrases    = 2  // more phrases than this (or in 1 of 4 fields): prose
)

// sniffCSV accepts delimited text that looks like a table: a header row
// of column names, at least one data row, and data rows that mostly have
// the header's number of fields. Markdown and text logs are rejected.
func sniffCSV(b []byte, whole bool) (Format, error) {
	line := b
	if k := bytes.IndexByte(b, '\n'); k >= 0 {
		line = b[:k]
	}
	d, ok := sniffDelimiter(line)
	if !ok || markdownLine(line) {
		return Format{}, ErrUnknownFormat
	}
	header, next, _, err := csvRecord(b, 0, d, nil)
	if err != nil || !columnNames(b, header) || !rowsConsistent(b, next, d, len(header), whole) {
		return Format{}, ErrUnknownFormat
	}
	return Format{Shape: CSV, Delimiter: d}, nil
}

// markdownLine reports a header line that is a Markdown heading (or a
// comment), a table row or a table rule.
func markdownLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	switch {
	case len(t) == 0:
		return false
	case t[0] == '#':
		return true
	case t[0] == '|' && t[len(t)-1] == '|':
		return true
	}
	return markdownRule(t)
}

// markdownRule reports a Markdown table rule such as |---|:--:| (or a
// horizontal rule).
func markdownRule(line []byte) bool {
	t := bytes.TrimSpace(line)
	return bytes.Contains(t, []byte("---")) && len(bytes.Trim(t, "|-:+= \t")) == 0
}

// columnNames reports whether the header fields look like column names:
// mostly non-empty, short, and not phrases of several words.
func columnNames(b []byte, fields []span) bool {
	empty, phrases := 0, 0
	var scratch []byte
	for _, f := range fields {
		var text []byte
		text, scratch = fieldText(b, f, scratch)
		name := strings.TrimSpace(string(text))
		switch {
		case name == "":
			empty++
		case len(name) > maxNameLen:
			return false
		case len(strings.Fields(name)) >= phraseWords:
			phrases++
		}
	}
	n := len(fields)
	return empty*2 < n && phrases <= maxPhrases && phrases*4 <= n
}

// rowsConsistent samples the data rows from b[i]: there must be at least
// one, and more than half must have want fields. A record cut off by the
// end of the prefix, and anything after an unterminated quote, is not
// sampled; a Markdown table rule rejects the text.
func rowsConsistent(b []byte, i int, d byte, want int, whole bool) bool {
	rows, match := 0, 0
	var fields []span
	for rows < csvSampleRows && i < len(b) {
		if j, blank := blankLine(b, i); blank {
			i = j
			continue
		}
		var next int
		var err error
		fields, next, _, err = csvRecord(b, i, d, fields)
		if err != nil || (!whole && next == len(b) && b[next-1] != '\n') {
			break
		}
		if markdownRule(b[i:next]) {
			return false
		}
		rows++
		if len(fields) == want {
			match++
		}
		i = next
	}
	return rows > 0 && match*2 > rows
}
