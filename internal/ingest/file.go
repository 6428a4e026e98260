package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"

	"quarry/internal/column"
)

// Options tune how files are read. The zero value is ready to use.
type Options struct {
	// Strict makes the first bad record or unconvertible value fail a scan,
	// even when ScanRequest.BadRecord is nil or returns nil.
	Strict bool
	// SampleRecords and SampleBytes bound the sample types are inferred
	// from (defaults 2000 records, 8 MiB).
	SampleRecords int
	SampleBytes   int
	// ChunkSize is the unit of parallel decoding (default 4 MiB).
	ChunkSize int
	// BatchSize is the number of rows per emitted batch (default 4096).
	BatchSize int
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.SampleRecords, 2000)
	def(&o.SampleBytes, 8<<20)
	def(&o.ChunkSize, 4<<20)
	def(&o.BatchSize, 4096)
	return o
}

// File is an input file whose format was recognised and whose columns were
// sampled.
type File struct {
	Path    string
	Format  Format
	Header  []string  // CSV column names (after normalisation)
	Order   DateOrder // how slash dates in this file are read
	Sampled int       // records examined to infer types
	inf     *inference
	size    int64 // bytes on disk; -1 when compressed or unknown
	// headed is set once Header has been read (by Open's sample): later
	// scans, which may run at once, only skip the header row.
	headed bool
}

// bufSize returns n, or less for an uncompressed file smaller than n, so
// small files do not cost chunk-sized buffers.
func (f *File) bufSize(n int) int {
	if f.size >= 0 && f.size+1 < int64(n) {
		return int(f.size) + 1
	}
	return n
}

// Open recognises the format of the file at path and infers its columns
// from a sample of its first records.
func Open(path string, opt Options) (*File, error) {
	opt = opt.withDefaults()
	format, err := Detect(path)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Format: format, inf: newInference(), size: -1}
	if st, err := os.Stat(path); err == nil && format.Compression == "" {
		f.size = st.Size()
	}
	if format.Shape == Empty {
		return f, nil
	}
	if err := f.sample(opt); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Order = f.inf.dates.order()
	return f, nil
}

// Schema returns the columns inferred for this file alone, in first-seen
// order (header order for CSV).
func (f *File) Schema() column.Schema { return f.inf.schema() }

// sample reads the first chunk of records and records their kinds.
func (f *File) sample(opt Options) error {
	s, closer, err := f.split()
	if err != nil {
		return err
	}
	defer closer.Close()
	data, line, err := s.next(make([]byte, 0, f.bufSize(opt.SampleBytes)))
	var se *splitError
	if err != nil && err != io.EOF && !errors.As(err, &se) {
		return err
	}
	stop := errors.New("enough")
	take := func() error {
		f.Sampled++
		if f.Sampled >= opt.SampleRecords {
			return stop
		}
		return nil
	}
	if f.Format.Shape == CSV {
		err = f.sampleCSV(data, line, take)
	} else {
		err = eachJSON(f.Format.Shape, data, line, func(rec []byte, _ int, err error) error {
			if err == nil && f.inf.sampleObject(rec) == nil {
				return take()
			}
			return nil
		})
	}
	if err == stop {
		err = nil
	}
	f.inf.records = f.Sampled
	return err
}

func (f *File) sampleCSV(data []byte, line int, take func() error) error {
	for _, h := range f.Header {
		f.inf.observe([]byte(h), 0)
	}
	var scratch []byte
	return eachCSV(data, line, f.Format.Delimiter, nil, func(data []byte, fields []span, _ int, err error) error {
		if err != nil || len(fields) != len(f.Header) {
			return nil
		}
		for k, sp := range fields {
			var text []byte
			text, scratch = fieldText(data, sp, scratch)
			f.inf.observe([]byte(f.Header[k]), f.inf.textKind(text))
		}
		return take()
	})
}

// split opens the file and positions a splitter at its first record.
func (f *File) split() (*splitter, io.Closer, error) {
	r, _, err := openReader(f.Path)
	if err != nil {
		return nil, nil, err
	}
	s := newSplitter(r)
	if err := f.prepare(s); err != nil {
		r.Close()
		return nil, nil, err
	}
	return s, r, nil
}

// prepare reads past the preamble and sets the splitter's cut function.
func (f *File) prepare(s *splitter) error {
	if err := s.start(); err != nil {
		return err
	}
	find := func([]byte, bool) (int, error) { return 0, nil }
	switch f.Format.Shape {
	case NDJSON:
		s.cut = cutLines
	case CSV:
		s.cut = cutCSV
		find = f.findHeader
	case JSONArray:
		s.cut, find = cutSeq, arrayStart
	case JSONEnvelope:
		s.cut, find = cutSeq, envelopeStart(f.Format.Envelope)
	default:
		s.cut = cutSeq
	}
	return s.preamble(find)
}

// findHeader parses the CSV header row and returns its length. The first
// call (Open's sample, on one goroutine) sets Header; the scans' calls
// leave it alone, so that concurrent scans of one file do not write it
// (their column mapping was made from it before they started).
func (f *File) findHeader(b []byte, eof bool) (int, error) {
	names, next, err := csvHeader(b, f.Format.Delimiter)
	if err == errUnterminated || (err == nil && next == len(b) && !eof && (next == 0 || b[next-1] != '\n')) {
		return 0, errEOF
	}
	if err != nil {
		return 0, err
	}
	if !f.headed {
		f.Header, f.headed = names, true
	}
	return next, nil
}
