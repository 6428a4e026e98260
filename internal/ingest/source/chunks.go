package source

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"unsafe"

	"quarry/internal/hugemem"
)

// ChunkSize is the usual size of the blocks ParallelLines hands to its
// workers. Chunks are cut at line boundaries, so each holds whole lines (a
// longer line makes its chunk longer).
const ChunkSize = 4 << 20

// Chunk is one block of whole lines of the input.
type Chunk struct {
	// Text is the block: whole lines, each ending in "\n" except perhaps
	// the input's last. It is an immutable string that parsers may slice
	// without copying.
	Text string
	// Index counts chunks from 0 in input order.
	Index int
}

// EachLine calls fn for every line of text without its terminator ("\n"
// or "\r\n"), numbering them from first as Lines does, and returns the
// number of lines.
func EachLine(text string, first int, fn func(no int, line string)) int {
	no := first
	for len(text) > 0 {
		line := text
		if i := indexNewline(text); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		fn(no, line)
		no++
	}
	return no - first
}

func indexNewline(s string) int {
	return bytes.IndexByte(unsafe.Slice(unsafe.StringData(s), len(s)), '\n')
}

// ParallelLines is the parallel counterpart of Lines for families whose
// lines parse independently. It cuts r into chunks of about size bytes of whole lines, runs parse on every chunk on up to GOMAXPROCS
// goroutines, and hands the results to take one at a time, in input
// order, on the calling goroutine (so take may use a Sink). A line longer
// than MaxLine is reported to tooLong (if non-nil) on the calling
// goroutine, in order, and skipped. An error from take or tooLong stops
// the read and is returned.
//
// Fast path: each chunk is read into its own buffer and viewed as a
// string without copying (the buffer is never written again), so rows may
// keep substrings of it, and only the partial line at a chunk's end is
// copied.
func ParallelLines[T any](r io.Reader, size int, parse func(Chunk) (T, int), take func(res T, firstLine int) error, tooLong func(no int) error) error {
	workers := runtime.GOMAXPROCS(0)
	type result struct {
		res   T
		lines int
	}
	type job struct {
		c    Chunk
		long bool // an over-long line instead of a chunk
		out  chan result
	}
	var (
		readErr error
		order   = make(chan *job, 2*workers)
		work    = make(chan *job, workers)
		done    = make(chan struct{})
		wg      sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				res, lines := parse(j.c)
				j.out <- result{res, lines}
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(work)
		readErr = readChunks(r, size, func(c Chunk, long bool) bool {
			j := &job{c: c, long: long, out: make(chan result, 1)}
			select {
			case order <- j:
			case <-done:
				return false
			}
			if !long {
				select {
				case work <- j:
				case <-done:
					return false
				}
			}
			return true
		})
	}()
	var err error
	no := 1 // number of the next line
	for j := range order {
		if err != nil {
			continue // drain so that the reader finishes
		}
		if j.long {
			if tooLong != nil {
				err = tooLong(no)
			}
			no++
		} else {
			res := <-j.out
			err = take(res.res, no)
			no += res.lines
		}
		if err != nil {
			close(done)
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return readErr
}

// readChunks reads r and calls emit with every chunk or over-long line
// (long set), in order; emit returns false to stop.
func readChunks(r io.Reader, chunkSize int, emit func(c Chunk, long bool) bool) error {
	var (
		pending []byte // partial line carried over from the previous chunk
		index   = 0
	)
	for {
		size := max(chunkSize, 2*len(pending))
		// Fresh chunk buffers are read into at once; huge pages make
		// that one page fault per 2 MB instead of per 4 KB (hugemem).
		buf := hugemem.Bytes(size)
		n := copy(buf, pending)
		m, err := io.ReadFull(r, buf[n:])
		buf = buf[:n+m]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
		}
		pending = pending[:0]
		switch {
		case cut > 0:
			text := unsafe.String(unsafe.SliceData(buf), cut)
			c := Chunk{Text: text, Index: index}
			index++
			if !emit(c, false) {
				return nil
			}
			pending = append(pending, buf[cut:]...)
		case len(buf) > MaxLine:
			// No newline in more than MaxLine bytes: skip to the end of
			// the line.
			if !emit(Chunk{}, true) {
				return nil
			}
			rest, err := skipLine(r)
			if err != nil {
				return err
			}
			if rest == nil {
				return nil
			}
			pending = append(pending, rest...)
			continue
		default:
			pending = append(pending, buf...)
		}
		if eof {
			return nil
		}
	}
}

// skipLine reads r up to the end of the current line and returns what
// follows the newline in the last read (nil at end of input).
func skipLine(r io.Reader) ([]byte, error) {
	var one [4096]byte
	for {
		n, err := r.Read(one[:])
		if i := bytes.IndexByte(one[:n], '\n'); i >= 0 {
			return append([]byte{}, one[i+1:n]...), nil
		}
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Constants hands out read-only slices holding one string repeated, for
// columns whose rows in a batch are all equal: batches share one slice
// per value instead of holding a copy each. Slices are capped at their
// length, so that an append to one never writes into another. It is safe
// for concurrent use.
type Constants struct {
	mu sync.Mutex
	m  map[string][]string
}

// NewConstants returns an empty cache.
func NewConstants() *Constants { return &Constants{m: map[string][]string{}} }

// Get returns n copies of s, shared with other callers: read only.
func (c *Constants) Get(s string, n int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	all := c.m[s]
	if len(all) < n {
		all = make([]string, max(n, BatchSize))
		for i := range all {
			all[i] = s
		}
		c.m[s] = all
	}
	return all[:n:n]
}
