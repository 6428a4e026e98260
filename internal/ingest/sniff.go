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
// the entire input).
func sniff(prefix []byte, whole bool) (Format, error) {
	b := bytes.TrimPrefix(prefix, bom)
	i := skipWS(b, 0)
	if i == len(b) {
		if whole {
			return Format{Shape: Empty}, nil
		}
		return Format{}, ErrUnknownFormat
	}
	switch b[i] {
	case '[':
		return Format{Shape: JSONArray}, nil
	case '{':
		return sniffObject(b, i, whole), nil
	}
	return sniffCSV(b[i:])
}

// sniffObject tells NDJSON, an envelope, a single object and a stream of
// objects apart by looking at the first object.
func sniffObject(b []byte, i int, whole bool) Format {
	end, err := skipValue(b, i)
	if err == nil {
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
	}
	if key, ok := envelopeKey(b, i); ok {
		return Format{Shape: JSONEnvelope, Envelope: key}
	}
	switch {
	case err == nil:
		return Format{Shape: JSONObject}
	case err != errEOF && bytes.IndexByte(b[i:], '\n') >= 0:
		return Format{Shape: NDJSON} // a bad first line; the rest may be fine
	}
	return Format{Shape: JSONStream}
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

// sniffCSV accepts text whose first line has a delimiter.
func sniffCSV(b []byte) (Format, error) {
	line := b
	if k := bytes.IndexByte(b, '\n'); k >= 0 {
		line = b[:k]
	}
	d, ok := sniffDelimiter(line)
	if !ok {
		return Format{}, ErrUnknownFormat
	}
	return Format{Shape: CSV, Delimiter: d}, nil
}
