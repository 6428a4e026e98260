package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// This file cuts a byte stream into chunks of whole records so that chunks
// can be decoded on several goroutines. One reader goroutine reads the
// (decompressed) file sequentially into pooled buffers and cuts each buffer
// after its last complete record; the partial record left over is carried
// into the next chunk. NDJSON cuts at the last newline, CSV at the last
// newline outside quotes (even quote parity since the chunk start), JSON
// arrays, envelopes and object streams after the last complete element.
// A record larger than a chunk grows the buffer, up to maxRecord.

const maxRecord = 256 << 20

// cutFunc returns the length of the prefix of data made of whole records;
// done reports that the input's records end there (a JSON array closed).
type cutFunc func(data []byte, eof bool) (n int, done bool, err error)

// splitError is a fault that makes the rest of a file unreadable (JSON
// brackets that do not balance, a record over maxRecord).
type splitError struct {
	line int
	msg  string
}

func (e *splitError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// splitter produces chunks of whole records from r.
type splitter struct {
	r    io.Reader
	cut  cutFunc
	pend []byte // bytes read but not yet handed out
	line int    // 1-based line number of pend[0]
	eof  bool
	done bool
}

func newSplitter(r io.Reader) *splitter { return &splitter{r: r, line: 1} }

// fill appends input to buf until buf is full or the input ends.
func (s *splitter) fill(buf []byte) ([]byte, error) {
	for len(buf) < cap(buf) && !s.eof {
		n, err := s.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// preamble consumes the bytes before the first record (a byte order mark,
// "[" or an envelope's opening, a CSV header). find returns how many bytes
// to drop, or errEOF to ask for more input (eof: no more will come).
func (s *splitter) preamble(find func(b []byte, eof bool) (int, error)) error {
	for {
		s.pend = bytes.TrimPrefix(s.pend, bom)
		n, err := find(s.pend, s.eof)
		if err == nil {
			s.advance(n)
			return nil
		}
		if err != errEOF || s.eof || len(s.pend) > maxRecord {
			return &splitError{line: s.line, msg: err.Error()}
		}
		s.pend = append(s.pend, make([]byte, 0, 64<<10)...)
		if s.pend, err = s.fill(s.pend); err != nil {
			return err
		}
	}
}

func (s *splitter) advance(n int) {
	s.line += bytes.Count(s.pend[:n], nl)
	s.pend = s.pend[n:]
}

// start reads the first bytes of the input (for preamble).
func (s *splitter) start() error {
	var err error
	s.pend, err = s.fill(make([]byte, 0, sniffSize))
	return err
}

// next fills buf (its capacity is the chunk size) and returns the whole
// records at its start with the line number of the first one. It returns
// io.EOF after the last chunk; a *splitError ends the file after the
// returned data.
func (s *splitter) next(buf []byte) ([]byte, int, error) {
	if s.done || (s.eof && len(s.pend) == 0) {
		return nil, 0, io.EOF
	}
	buf = append(buf[:0], s.pend...)
	for {
		var err error
		if buf, err = s.fill(buf); err != nil {
			return nil, 0, err
		}
		n, done, cerr := s.cut(buf, s.eof)
		if n > 0 || done || s.eof || cerr != nil {
			return s.hand(buf, n, done, cerr)
		}
		if len(buf) >= maxRecord {
			return s.hand(buf, 0, true, errAt(fmt.Sprintf("record larger than %d MiB", maxRecord>>20), 0))
		}
		buf = append(buf, make([]byte, cap(buf))...)[:len(buf)]
	}
}

// hand gives out buf[:n] and keeps the rest pending.
func (s *splitter) hand(buf []byte, n int, done bool, cerr error) ([]byte, int, error) {
	line := s.line
	s.line += bytes.Count(buf[:n], nl)
	s.pend = append(s.pend[:0], buf[n:]...)
	s.done = done || cerr != nil
	if cerr != nil {
		off := 0
		if se, ok := cerr.(*syntaxError); ok {
			off = se.off - n
		}
		return buf[:n], line, &splitError{line: s.line + bytes.Count(s.pend[:max(0, min(off, len(s.pend)))], nl), msg: cerr.Error()}
	}
	return buf[:n], line, nil
}

// cutLines cuts after the last newline (NDJSON).
func cutLines(data []byte, eof bool) (int, bool, error) {
	if eof {
		return len(data), false, nil
	}
	return bytes.LastIndexByte(data, '\n') + 1, false, nil
}

var quote = []byte{'"'}

// cutCSV cuts after the last newline that is outside quotes.
func cutCSV(data []byte, eof bool) (int, bool, error) {
	if eof {
		return len(data), false, nil
	}
	q := bytes.Count(data, quote)
	end := len(data)
	for {
		k := bytes.LastIndexByte(data[:end], '\n')
		if k < 0 {
			return 0, false, nil
		}
		q -= bytes.Count(data[k:end], quote)
		if q%2 == 0 {
			return k + 1, false, nil
		}
		end = k
	}
}

// cutSeq cuts after the last complete JSON value of a sequence of values
// separated by whitespace or commas; "]" ends the sequence.
func cutSeq(data []byte, eof bool) (int, bool, error) {
	i, last := 0, 0
	for {
		i = skipWS(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipWS(data, i+1)
		}
		if i >= len(data) {
			return len(data), eof, nil
		}
		if data[i] == ']' {
			return i, true, nil
		}
		end, err := skipValue(data, i)
		if err == errEOF && !eof {
			return last, false, nil
		}
		if err != nil {
			if err == errEOF {
				err = errAt("truncated JSON value", i)
			}
			return last, true, relocate(err, i)
		}
		last, i = end, end
	}
}

// relocate makes sure err carries an offset (the value start if unknown).
func relocate(err error, off int) error {
	if se, ok := err.(*syntaxError); ok {
		return se
	}
	return &syntaxError{msg: err.Error(), off: off}
}

// arrayStart finds the "[" that opens a top-level array.
func arrayStart(b []byte, _ bool) (int, error) {
	i := skipWS(b, 0)
	if i >= len(b) {
		return 0, errEOF
	}
	if b[i] != '[' {
		return 0, errAt("expected '['", i)
	}
	return i + 1, nil
}

// envelopeStart returns a finder for the "[" of the records array under key
// in a top-level object; members before it are skipped.
func envelopeStart(key string) func(b []byte, eof bool) (int, error) {
	return func(b []byte, _ bool) (int, error) {
		i := skipWS(b, 0)
		if i >= len(b) {
			return 0, errEOF
		}
		if b[i] != '{' {
			return 0, errAt("expected '{'", i)
		}
		i = skipWS(b, i+1)
		for {
			if i >= len(b) {
				return 0, errEOF
			}
			if b[i] != '"' {
				return 0, errAt("expected object key", i)
			}
			k, end, _, err := stringBody(b, i, nil)
			if err != nil {
				return 0, err
			}
			if i, err = expectColon(b, end); err != nil || i >= len(b) {
				return 0, eofOr(err, "expected ':'", i)
			}
			if string(k) == key && b[i] == '[' {
				return i + 1, nil
			}
			if i, err = skipValue(b, i); err != nil {
				return 0, err
			}
			var done bool
			if i, done, err = nextMember(b, i, '}'); err != nil || done {
				return 0, eofOr(err, "no "+key+" array", i)
			}
		}
	}
}

func eofOr(err error, msg string, off int) error {
	if err == errEOF {
		return errEOF
	}
	return errAt(msg, off)
}
