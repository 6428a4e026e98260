package source

import (
	"io"
	"strings"
)

// firstBlock and blockSize bound how much input Lines reads at a time: it
// starts small (short inputs stay cheap) and doubles up to blockSize.
const (
	firstBlock = 64 << 10
	blockSize  = 1 << 20
)

// MaxLine bounds one input line; a longer line is reported as a bad record
// and skipped.
const MaxLine = 64 << 20

// Lines calls fn for every line of r with its 1-based number, without the
// line terminator ("\n" or "\r\n"). Lines are substrings of large blocks
// converted to strings once, so fn may keep substrings of a line without
// copying (they keep their block alive) and reading costs no allocation
// per line. A line longer than MaxLine is passed to tooLong (if non-nil)
// and skipped. An error from fn or tooLong stops the read and is returned.
func Lines(r io.Reader, fn func(no int, line string) error, tooLong func(no int) error) error {
	lr := lineReader{r: r, buf: make([]byte, 0, firstBlock)}
	return lr.run(fn, tooLong)
}

type lineReader struct {
	r   io.Reader
	buf []byte // pending bytes: a partial line from the previous block
	eof bool
	no  int
}

func (lr *lineReader) run(fn func(int, string) error, tooLong func(int) error) error {
	for !lr.eof {
		if err := lr.fill(); err != nil {
			return err
		}
		block, rest := lr.split()
		if err := lr.emit(block, fn); err != nil {
			return err
		}
		lr.buf = append(lr.buf[:0], rest...)
		if len(lr.buf) > MaxLine {
			if err := lr.skipLong(tooLong); err != nil {
				return err
			}
		}
	}
	return nil
}

// fill reads up to one block more into buf.
func (lr *lineReader) fill() error {
	if c := cap(lr.buf); c < blockSize || c-len(lr.buf) < c/2 {
		grown := make([]byte, len(lr.buf), min(2*c, max(blockSize, 2*c)))
		copy(grown, lr.buf)
		lr.buf = grown
	}
	n, err := io.ReadFull(lr.r, lr.buf[len(lr.buf):cap(lr.buf)])
	lr.buf = lr.buf[:len(lr.buf)+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		lr.eof = true
		return nil
	}
	return err
}

// split returns the complete lines of buf as one string and the bytes of
// the trailing partial line (everything at EOF).
func (lr *lineReader) split() (string, []byte) {
	cut := len(lr.buf)
	if !lr.eof {
		i := lastNewline(lr.buf)
		if i < 0 {
			return "", lr.buf
		}
		cut = i + 1
	}
	return string(lr.buf[:cut]), lr.buf[cut:]
}

func lastNewline(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			return i
		}
	}
	return -1
}

func (lr *lineReader) emit(block string, fn func(int, string) error) error {
	for len(block) > 0 {
		line := block
		if i := strings.IndexByte(block, '\n'); i >= 0 {
			line, block = block[:i], block[i+1:]
		} else {
			block = ""
		}
		lr.no++
		if err := fn(lr.no, strings.TrimSuffix(line, "\r")); err != nil {
			return err
		}
	}
	return nil
}

// skipLong drops input up to the end of the current over-long line.
func (lr *lineReader) skipLong(tooLong func(int) error) error {
	lr.no++
	if tooLong != nil {
		if err := tooLong(lr.no); err != nil {
			return err
		}
	}
	lr.buf = lr.buf[:0]
	var one [4096]byte
	for {
		n, err := lr.r.Read(one[:])
		for i := 0; i < n; i++ {
			if one[i] == '\n' {
				lr.buf = append(lr.buf, one[i+1:n]...)
				return nil
			}
		}
		if err == io.EOF {
			lr.eof = true
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TooLong returns a tooLong callback for Lines that counts the over-long
// line as a record and reports it to sink as a bad record of file.
func TooLong(sink *Sink, file string) func(no int) error {
	return func(no int) error {
		sink.Record()
		return sink.Bad(file, no, "line longer than %d bytes", MaxLine)
	}
}
