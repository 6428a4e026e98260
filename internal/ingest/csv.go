package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file reads CSV and other delimited text (RFC 4180): a header row,
// fields optionally enclosed in double quotes, "" for a quote inside a
// quoted field, line breaks inside quoted fields, \n or \r\n line ends.
// Lenient where files in the wild are: a quote inside an unquoted field is
// literal, and text after a closing quote is kept. Blank lines are skipped.
//
// Fast path: a record line without any quote is split with bytes.IndexByte
// and its fields are not copied; only the fields a scan asks for are
// converted.

// span is one field of a record: b[start:end] is its raw text, quotes
// included when quoted is set.
type span struct {
	start, end int
	quoted     bool // enclosed in quotes: strip them
	doubled    bool // contains "" to undouble
}

var errUnterminated = errors.New("unterminated quoted field")

// csvRecord splits the record starting at b[i]. It returns the fields, the
// index after the record's line end, and the number of line breaks inside
// quoted fields.
func csvRecord(b []byte, i int, delim byte, out []span) ([]span, int, int, error) {
	out = out[:0]
	eol := bytes.IndexByte(b[i:], '\n')
	line := b[i:]
	if eol >= 0 {
		line = b[i : i+eol]
	}
	if bytes.IndexByte(line, '"') < 0 {
		return splitPlain(line, i, delim, out), i + len(line) + boolInt(eol >= 0), 0, nil
	}
	return csvRecordQuoted(b, i, delim, out)
}

// splitPlain splits a quote-free line; a trailing \r is dropped.
func splitPlain(line []byte, base int, delim byte, out []span) []span {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	start := 0
	for {
		k := bytes.IndexByte(line[start:], delim)
		if k < 0 {
			return append(out, span{start: base + start, end: base + len(line)})
		}
		out = append(out, span{start: base + start, end: base + start + k})
		start += k + 1
	}
}

// csvRecordQuoted is the general state machine for records with quotes.
func csvRecordQuoted(b []byte, i int, delim byte, out []span) ([]span, int, int, error) {
	breaks := 0
	for {
		f, j, n, err := csvField(b, i, delim)
		breaks += n
		if err != nil {
			return out, len(b), breaks, err
		}
		out = append(out, f)
		switch {
		case j >= len(b):
			return out, j, breaks, nil
		case b[j] == delim:
			i = j + 1
		case b[j] == '\n':
			return out, j + 1, breaks, nil
		default: // \r\n
			return out, j + 2, breaks, nil
		}
	}
}

// csvField reads one field at b[i]; it returns the index of the byte that
// ends it (delimiter, \n, \r\n or len(b)).
func csvField(b []byte, i int, delim byte) (span, int, int, error) {
	if i < len(b) && b[i] == '"' {
		return quotedField(b, i, delim)
	}
	j := i
	for j < len(b) && b[j] != delim && b[j] != '\n' && !crlf(b, j) {
		j++
	}
	return span{start: i, end: j}, j, 0, nil
}

func quotedField(b []byte, i int, delim byte) (span, int, int, error) {
	f := span{start: i, quoted: true}
	breaks := 0
	j := i + 1
	for ; j < len(b); j++ {
		switch b[j] {
		case '\n':
			breaks++
			continue
		case '"':
		default:
			continue
		}
		if j+1 < len(b) && b[j+1] == '"' {
			f.doubled = true
			j++
			continue
		}
		break
	}
	if j >= len(b) {
		return f, len(b), breaks, errUnterminated
	}
	j++ // past the closing quote
	if j >= len(b) || b[j] == delim || b[j] == '\n' || crlf(b, j) {
		f.end = j
		return f, j, breaks, nil
	}
	// Text after the closing quote: keep the raw field text.
	for j < len(b) && b[j] != delim && b[j] != '\n' && !crlf(b, j) {
		j++
	}
	return span{start: i, end: j}, j, breaks, nil
}

var nl = []byte{'\n'}

func crlf(b []byte, j int) bool { return b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n' }

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// fieldText returns the content of f, undoubling quotes into scratch when
// needed.
func fieldText(b []byte, f span, scratch []byte) ([]byte, []byte) {
	if !f.quoted {
		return b[f.start:f.end], scratch
	}
	raw := b[f.start+1 : f.end-1]
	if !f.doubled {
		return raw, scratch
	}
	out := scratch[:0]
	for k := 0; k < len(raw); k++ {
		out = append(out, raw[k])
		if raw[k] == '"' && k+1 < len(raw) && raw[k+1] == '"' {
			k++
		}
	}
	return out, out
}

// blankLine reports whether b[i:] starts with an empty line.
func blankLine(b []byte, i int) (int, bool) {
	switch {
	case b[i] == '\n':
		return i + 1, true
	case crlf(b, i):
		return i + 2, true
	}
	return i, false
}

// csvHeader parses the header record into column names: a Log Analytics
// export suffix " [UTC]" is dropped (TimeGenerated [UTC] -> TimeGenerated),
// an empty name becomes ColumnN, and a repeated name gets a numeric suffix.
func csvHeader(b []byte, delim byte) ([]string, int, error) {
	fields, next, _, err := csvRecord(b, 0, delim, nil)
	if err != nil {
		return nil, next, err
	}
	names := make([]string, len(fields))
	seen := map[string]bool{}
	var scratch []byte
	for k, f := range fields {
		var text []byte
		text, scratch = fieldText(b, f, scratch)
		names[k] = headerName(string(text), k, seen)
	}
	return names, next, nil
}

func headerName(s string, k int, seen map[string]bool) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), " [UTC]"))
	if s == "" {
		s = "Column" + strconv.Itoa(k+1)
	}
	base := s
	for n := 1; seen[s]; n++ {
		s = base + strconv.Itoa(n)
	}
	seen[s] = true
	return s
}

// sniffDelimiter picks the delimiter of a header line: the most frequent
// of , \t ; | outside quotes. ok is false if none occurs.
func sniffDelimiter(line []byte) (byte, bool) {
	var counts [4]int
	cands := [4]byte{',', '\t', ';', '|'}
	inQuote := false
	for _, c := range line {
		if c == '"' {
			inQuote = !inQuote
		}
		for k, d := range cands {
			if c == d && !inQuote {
				counts[k]++
			}
		}
	}
	best := 0
	for k := range counts {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return cands[best], counts[best] > 0
}

// csvFieldCountError describes a record with the wrong number of fields.
func csvFieldCountError(got, want int) error {
	return fmt.Errorf("record has %d fields, header has %d", got, want)
}
