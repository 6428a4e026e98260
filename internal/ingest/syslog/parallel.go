package syslog

import (
	"io"
	"sync/atomic"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// Parallel fast path. Read cuts the input into chunks of whole lines
// (source.ParallelLines), parses the chunks on all cores and appends each
// chunk's rows straight into column vectors, without boxing cells into
// column.Values; the chunks' batches then join the table in input order.
//
// Year inference is the one part of a line that depends on the lines
// before it. A worker parses chunk 0 from the file's real year state and
// every later chunk from a provisional one: no previous month, and the
// year of the latest chunk resolved so far. The chunks are resolved in
// order: feeding the chunk's first RFC 3164 month to the real state left
// by the previous chunk must give that line the year it got and make it
// the state's last month (i.e. no Dec->Jan rollover at the chunk's start,
// nor a line from the year before); then every later line of the chunk
// saw exactly the state the sequential reader would have had, and its
// rows stand. Otherwise (a rollover at a chunk boundary, or a later chunk
// parsed before an earlier rollover was resolved) the chunk is parsed
// again from the real state. Chunks without an RFC 3164 timestamp do not
// touch the state.

// chunkSize is the size of the chunks Read parses in parallel (tests
// lower it).
var chunkSize = source.ChunkSize

// chunkResult is what a worker makes of one chunk.
type chunkResult struct {
	chunk   source.Chunk
	end     years // year state after the chunk's last line
	batches []*column.Batch
	lines   int // lines in the chunk
	records int // non-blank lines
	bad     []badLine
}

// badLine is a line that is not syslog; no counts from the chunk's start.
type badLine struct {
	no  int
	why string
}

// readParallel is Read's fast path.
func (rd *reader) readParallel(r io.Reader) error {
	initial := rd.p.years
	state := initial // the real state after the chunks taken so far
	var latest atomic.Int64
	latest.Store(int64(initial.year))
	k := source.NewConstants()
	rd.mem = &colMemory{}
	parse := func(c source.Chunk) (*chunkResult, int) {
		start := years{year: int(latest.Load())}
		if c.Index == 0 {
			start = initial
		}
		res := rd.parseChunk(c, start, k)
		return res, res.lines
	}
	take := func(res *chunkResult, firstLine int) error {
		if res.end.first != 0 {
			if !continues(state, res.end) {
				res = rd.parseChunk(res.chunk, state, k)
			}
			state = res.end
			latest.Store(int64(state.year))
		}
		for _, b := range res.batches {
			rd.tab.AppendBatch(b)
		}
		rd.sink.AddRecords(res.records)
		for _, b := range res.bad {
			if err := rd.sink.Bad(rd.file, firstLine-1+b.no, "not a syslog line: %s", b.why); err != nil {
				return err
			}
		}
		return nil
	}
	return source.ParallelLines(r, chunkSize, parse, take, source.TooLong(rd.sink, rd.file))
}

// continues reports whether a chunk whose state ended in end (started
// from any state) parsed as it would have from the real state before it:
// its first month, fed to state, gets the same year and becomes the last
// month.
func continues(state, end years) bool {
	y := state.yearFor(end.first)
	return y == end.firstYear && state.last == end.first
}

// parseChunk parses the lines of c from the year state start.
func (rd *reader) parseChunk(c source.Chunk, start years, k *source.Constants) *chunkResult {
	start.first, start.firstYear = 0, 0
	p := parser{loc: rd.p.loc, years: start}
	res := &chunkResult{chunk: c}
	cb := colBuilder{k: k, mem: rd.mem}
	if len(c.Text) >= largeChunk {
		rd.mem.large()
	}
	var rec record
	left := len(c.Text) // bytes from the current line to the chunk's end, or more
	res.lines = source.EachLine(c.Text, 1, func(no int, line string) {
		rest := left
		left -= len(line) + 1 // (+2 for "\r\n": left stays an upper bound)
		if isBlank(line) {
			return
		}
		res.records++
		if why := p.parseAny(line, &rec); why != "" {
			res.bad = append(res.bad, badLine{no, why})
			return
		}
		rec.fillFacility()
		cb.add(&rec, rest/minRowLine+1)
	})
	cb.flush()
	res.batches = cb.out
	res.end = p.years
	return res
}

// minRowLine is the length of the shortest line, with its newline, that
// yields a row ("<1>1 -    ", an RFC 5424 header of nil fields; see
// TestMinRowLine), so that n bytes hold at most n/minRowLine+1 more rows.
// The bound only sizes the column vectors: a row past it would make
// append reallocate, nothing worse.
const minRowLine = 11

// colBuilder appends records to the column vectors of Schema and cuts
// them into batches of source.BatchSize rows. The vectors are carved from
// the Read's colMemory (memory.go), each with room for exactly the rows
// the batch can take. Columns that are often constant within a batch (the
// host, facility and severity of one machine's auth.log) store nothing
// until a row differs, and constant columns share one slice from k;
// columns holding the same values (TimeGenerated and EventTime, Computer
// and HostName) share one slice, capped at its length so that an append
// never writes into it.
type colBuilder struct {
	k                        *source.Constants
	mem                      *colMemory
	size                     int // rows the current batch can take
	ticks, pid               []int64
	pidNulls                 column.Bitmap
	host, facility, severity sameCol
	proc, msg                []string
	out                      []*column.Batch
}

// add appends rec as the next row; left bounds the rows still to come in
// the chunk, counting rec.
func (cb *colBuilder) add(rec *record, left int) {
	if len(cb.ticks) == 0 {
		n := min(source.BatchSize, left)
		ints, strs := cb.mem.int64s(2*n), cb.mem.strings(2*n)
		cb.ticks, cb.pid = ints[:0:n], ints[n:n:2*n]
		cb.proc, cb.msg = strs[:0:n], strs[n:n:2*n]
		cb.size = n
	}
	if !rec.hasPID {
		cb.pidNulls.Set(len(cb.pid))
	}
	cb.ticks = append(cb.ticks, rec.ticks)
	cb.pid = append(cb.pid, int64(int32(rec.pid))) // as column.IntValue stores it
	cb.host.add(rec.host, cb.mem, cb.size)
	cb.facility.add(rec.facility, cb.mem, cb.size)
	cb.severity.add(rec.severity, cb.mem, cb.size)
	cb.proc = append(cb.proc, rec.proc)
	cb.msg = append(cb.msg, rec.msg)
	if len(cb.ticks) == source.BatchSize {
		cb.flush()
	}
}

// flush turns the pending rows into a batch.
func (cb *colBuilder) flush() {
	n := len(cb.ticks)
	if n == 0 {
		return
	}
	strs := func(s []string) *column.Vector { return &column.Vector{Type: column.String, Strs: s[:n:n]} }
	ticks, host := cb.ticks[:n:n], cb.host.take(cb.k)
	empty := cb.k.Get("", n)
	b := &column.Batch{Schema: Schema, Cols: make([]*column.Vector, numCols), Len: n}
	b.Cols[colTimeGenerated] = &column.Vector{Type: column.DateTime, Ints: ticks}
	b.Cols[colComputer] = strs(host)
	b.Cols[colHostName] = strs(host)
	b.Cols[colHostIP] = strs(empty)
	b.Cols[colFacility] = strs(cb.facility.take(cb.k))
	b.Cols[colSeverityLevel] = strs(cb.severity.take(cb.k))
	b.Cols[colProcessName] = strs(cb.proc)
	b.Cols[colProcessID] = &column.Vector{Type: column.Int, Ints: cb.pid[:n:n], Nulls: cb.pidNulls}
	b.Cols[colSyslogMessage] = strs(cb.msg)
	b.Cols[colEventTime] = &column.Vector{Type: column.DateTime, Ints: ticks}
	b.Cols[colSourceSystem] = strs(cb.k.Get(sourceSystem, n))
	b.Cols[colCollectorHostName] = strs(empty)
	b.Cols[colType] = strs(cb.k.Get(TableName, n))
	cb.out = append(cb.out, b)
	cb.ticks, cb.pid, cb.pidNulls, cb.proc, cb.msg = nil, nil, nil, nil, nil
}
