package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"quarry/internal/column"
	"quarry/internal/table"
)

// Field is a value inside a JSON column that FileTable.ScanFields extracts
// without materializing the column: the value at Keys (one or more object
// keys, walked in turn) inside the JSON object held by Column, a dynamic
// or string column. A JSON string holding a JSON object or array (Log
// Analytics keeps some objects as text) counts as that object, as it does
// when a dynamic column is decoded. Type String gives the value's text as
// source.Text renders the decoded value ("" when the field is missing or
// null, objects as compact JSON); Type Real gives a number, or null for
// anything else. Reading Column and walking its decoded value gives the
// same result, for every input: FieldText and FieldReal compute it from
// a string cell.
type Field struct {
	Column string
	Keys   []string
	Type   column.Type // column.String or column.Real
}

// Name is the field's column name in scanned batches: Column.Key1.Key2.
func (f Field) Name() string { return f.Column + "." + strings.Join(f.Keys, ".") }

// FieldScanner is a table that extracts JSON fields while scanning, as
// FileTable does: the normalized views read their sources' nested values
// through it when a source has it, and a hunt's one-scan load serves it
// from memory.
type FieldScanner interface {
	table.Table
	ScanFields(ctx context.Context, req table.ScanRequest, fields []Field, emit func(int, *column.Batch) error) error
}

var _ FieldScanner = (*FileTable)(nil)

// ScanFields is Scan with fields: batches hold req.Columns (all columns
// when nil) followed by one column per field, named Field.Name(). Fast
// path: a field's object is validated (so that the same records are bad
// as when Column itself is requested) and walked in place, never built;
// a string leaf is copied into the batch's string arena like any string
// value.
func (t *FileTable) ScanFields(ctx context.Context, req table.ScanRequest, fields []Field, emit func(int, *column.Batch) error) error {
	p, err := newFieldPlan(t.name, t.schema, t.constType, req.Columns, fields, t.opt.BatchSize)
	if err != nil {
		return err
	}
	return newScan(ctx, t, p, req, emit).run()
}

// scan is one run of FileTable.Scan: a producer goroutine cuts the files
// into chunks of whole records, req.Workers goroutines decode chunks into
// batches. Buffers circulate through free, so at most workers+1 chunks
// exist at a time (plus the batches the consumer holds).
type scan struct {
	parent  context.Context
	ctx     context.Context
	cancel  context.CancelFunc
	t       *FileTable
	p       *plan
	workers int
	emit    func(int, *column.Batch) error
	rep     reporter
	chunks  chan chunk
	free    chan []byte
	csvCols [][]int  // per file: CSV field index -> plan input key (-1: skip)
	order   *orderer // nil unless req.Ordered with several workers

	errOnce sync.Once
	err     error
}

// chunk is a run of whole records of one file.
type chunk struct {
	file int
	data []byte
	line int // line of data[0]
	seq  int // position among the scan's chunks (ordered scans)
}

func newScan(ctx context.Context, t *FileTable, p *plan, req table.ScanRequest, emit func(int, *column.Batch) error) *scan {
	s := &scan{parent: ctx, t: t, p: p, emit: emit, workers: max(1, req.Workers)}
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.rep = reporter{fn: req.BadRecord, strict: t.opt.Strict}
	s.chunks = make(chan chunk, s.workers)
	s.free = make(chan []byte, s.workers+1)
	for range s.workers + 1 {
		s.free <- nil
	}
	if req.Ordered && s.workers > 1 {
		s.order = newOrderer(s.ctx)
	}
	s.csvCols = make([][]int, len(t.files))
	for i, f := range t.files {
		for _, h := range f.Header {
			s.csvCols[i] = append(s.csvCols[i], p.lookup([]byte(h)))
		}
	}
	return s
}

func (s *scan) run() error {
	defer s.cancel()
	var wg sync.WaitGroup
	wg.Go(s.produce)
	for w := range s.workers {
		wg.Go(func() { s.work(w) })
	}
	wg.Wait()
	if s.err != nil {
		return s.err
	}
	return s.parent.Err()
}

// fail records the first error and stops the scan.
func (s *scan) fail(err error) {
	s.errOnce.Do(func() {
		s.err = err
		s.cancel()
	})
}

func (s *scan) produce() {
	defer close(s.chunks)
	seq := 0
	for i, f := range s.t.files {
		if err := s.produceFile(i, f, &seq); err != nil {
			s.fail(err)
			return
		}
		if s.ctx.Err() != nil {
			return
		}
	}
}

// produceFile sends the chunks of one file; a fault that ends the file is
// reported as a bad record.
func (s *scan) produceFile(i int, f *File, seq *int) error {
	if f.Format.Shape == Empty {
		return nil
	}
	sp, closer, err := f.split()
	if err != nil {
		return s.fileFault(f, err)
	}
	defer closer.Close()
	for {
		var buf []byte
		select {
		case buf = <-s.free:
		case <-s.ctx.Done():
			return nil
		}
		if buf == nil {
			buf = make([]byte, 0, f.bufSize(s.t.opt.ChunkSize))
		}
		data, line, err := sp.next(buf)
		if len(data) == 0 {
			s.free <- buf[:0]
		} else {
			if !s.send(chunk{file: i, data: data, line: line, seq: *seq}) {
				return nil
			}
			*seq++
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.fileFault(f, err)
		}
	}
}

func (s *scan) send(c chunk) bool {
	select {
	case s.chunks <- c:
		return true
	case <-s.ctx.Done():
		return false
	}
}

// fileFault reports a split error as a bad record; other errors (I/O) fail
// the scan.
func (s *scan) fileFault(f *File, err error) error {
	var se *splitError
	if errors.As(err, &se) {
		return s.rep.report(f.Path, se.line, se.msg+"; rest of file skipped")
	}
	return fmt.Errorf("%s: %w", f.Path, err)
}

func (s *scan) work(w int) {
	if s.order != nil {
		s.workOrdered()
		return
	}
	d := s.newDecodeCtx(func(b *column.Batch) error { return s.emit(w, b) })
	for c := range s.chunks {
		if s.ctx.Err() == nil {
			if err := s.decode(d, c); err != nil {
				s.fail(err)
			}
		}
		s.free <- c.data[:0]
	}
	if s.ctx.Err() == nil {
		if err := d.flush(); err != nil {
			s.fail(err)
		}
	}
}

// workOrdered decodes chunks into batches of their own and hands them to
// the orderer, which emits every chunk's batches after the previous
// chunk's, from worker 0.
func (s *scan) workOrdered() {
	var batches []*column.Batch
	d := s.newDecodeCtx(func(b *column.Batch) error {
		batches = append(batches, b)
		return nil
	})
	for c := range s.chunks {
		batches = batches[:0]
		err := s.ctx.Err()
		if err == nil {
			err = s.decode(d, c)
		}
		if err == nil {
			err = d.flush()
		}
		s.free <- c.data[:0]
		if err != nil {
			s.fail(err)
		}
		err = s.order.emit(c.seq, func() error {
			for _, b := range batches {
				if err := s.emit(0, b); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			s.fail(err)
		}
	}
}

// newDecodeCtx returns a decoder for the scan's plan. JSON records are read
// lazily, only up to the last key the plan reads, unless the scan is strict
// (decode.go, walkObject).
func (s *scan) newDecodeCtx(emit func(*column.Batch) error) *decodeCtx {
	d := newDecodeCtx(s.p, emit)
	d.lazy = !s.rep.strict
	return d
}

// decode turns one chunk into rows of the batch in progress.
func (s *scan) decode(d *decodeCtx, c chunk) error {
	f := s.t.files[c.file]
	d.order = f.Order
	if f.Format.Shape == CSV {
		return s.decodeCSV(d, f, s.csvCols[c.file], c)
	}
	return eachJSON(f.Format.Shape, c.data, c.line, func(rec []byte, line int, err error) error {
		if err == nil {
			err = d.decodeObject(rec)
		}
		if err != nil {
			return s.rep.report(f.Path, line, err.Error())
		}
		return s.finish(d, f, line)
	})
}

func (s *scan) decodeCSV(d *decodeCtx, f *File, cols []int, c chunk) error {
	return eachCSV(c.data, c.line, f.Format.Delimiter, d.spans, func(data []byte, fields []span, line int, err error) error {
		if err == nil && len(fields) != len(cols) {
			err = csvFieldCountError(len(fields), len(cols))
		}
		if err != nil {
			return s.rep.report(f.Path, line, err.Error())
		}
		d.spans = fields
		d.decodeCSV(data, fields, cols)
		return s.finish(d, f, line)
	})
}

// finish reports the record's unconvertible values and completes it.
func (s *scan) finish(d *decodeCtx, f *File, line int) error {
	for _, cf := range d.convs {
		if err := s.rep.reportKept(f.Path, line, d.convMessage(cf)); err != nil {
			return err
		}
	}
	return d.end()
}

// reporter passes bad records to the scan's BadRecord callback, one at a
// time.
type reporter struct {
	mu     sync.Mutex
	fn     func(table.BadRecord) error
	strict bool
}

// report passes on a record that was skipped.
func (r *reporter) report(file string, line int, msg string) error {
	return r.send(table.BadRecord{File: file, Line: line, Msg: msg})
}

// reportKept passes on a record whose row was kept, a value stored null.
func (r *reporter) reportKept(file string, line int, msg string) error {
	return r.send(table.BadRecord{File: file, Line: line, Msg: msg, Kept: true})
}

func (r *reporter) send(rec table.BadRecord) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fn != nil {
		if err := r.fn(rec); err != nil {
			return err
		}
	}
	if r.strict {
		return rec
	}
	return nil
}
