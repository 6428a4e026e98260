package ingest

import (
	"fmt"

	"quarry/internal/column"
)

// plan is what a scan decodes: the requested output columns and, for each
// distinct source column, its name and type. Workers share it read-only.
type plan struct {
	table  string
	schema column.Schema // output schema, in requested order
	cols   []planCol     // distinct columns to decode
	out    []int         // output position -> index in cols
	byLen  [][]int       // key length -> candidate cols (JSON key lookup)
	long   []int         // cols whose names are too long for byLen
	batch  int
}

// planCol is one decoded column. A constant column (Type) is not read
// from the input; every row holds the table name.
type planCol struct {
	name     string
	typ      column.Type
	constant bool
}

const maxShortKey = 64

// newPlan maps the requested names to columns of schema once per scan.
func newPlan(tableName string, schema column.Schema, constType bool, names []string, batch int) (*plan, error) {
	if names == nil {
		names = schema.Names()
	}
	p := &plan{table: tableName, batch: batch, byLen: make([][]int, maxShortKey)}
	seen := map[string]int{}
	for _, name := range names {
		i := schema.Index(name)
		if i < 0 {
			return nil, fmt.Errorf("table %s: no column %q", tableName, name)
		}
		c, ok := seen[name]
		if !ok {
			c = len(p.cols)
			seen[name] = c
			p.cols = append(p.cols, planCol{name: name, typ: schema[i].Type, constant: constType && name == "Type"})
			p.index(c)
		}
		p.out = append(p.out, c)
		p.schema = append(p.schema, schema[i])
	}
	return p, nil
}

func (p *plan) index(c int) {
	if p.cols[c].constant {
		return
	}
	if n := len(p.cols[c].name); n < maxShortKey {
		p.byLen[n] = append(p.byLen[n], c)
		return
	}
	p.long = append(p.long, c)
}

// lookup returns the decoded column named key, or -1. Most keys of a record
// are rejected by their length alone, without hashing or comparing.
func (p *plan) lookup(key []byte) int {
	if len(key) < maxShortKey {
		for _, c := range p.byLen[len(key)] {
			if string(key) == p.cols[c].name {
				return c
			}
		}
		return -1
	}
	for _, c := range p.long {
		if string(key) == p.cols[c].name {
			return c
		}
	}
	return -1
}

// convFail records a value that did not convert to its column's type.
type convFail struct {
	col int
	raw []byte
}

// decodeCtx is one worker's decoding state: column builders for the batch
// in progress and per-record bookkeeping.
type decodeCtx struct {
	p       *plan
	cols    []colBuilder
	filled  []bool
	rows    int
	order   DateOrder
	scratch []byte
	keybuf  []byte
	convs   []convFail
	spans   []span
	emit    func(*column.Batch) error
}

func newDecodeCtx(p *plan, emit func(*column.Batch) error) *decodeCtx {
	d := &decodeCtx{p: p, emit: emit, filled: make([]bool, len(p.cols))}
	d.cols = make([]colBuilder, len(p.cols))
	for i, c := range p.cols {
		if !c.constant {
			d.cols[i] = newColBuilder(c.typ, p.batch)
		}
	}
	return d
}

// begin starts a record.
func (d *decodeCtx) begin() {
	clear(d.filled)
	d.convs = d.convs[:0]
}

// abort drops the values of a record that turned out to be bad.
func (d *decodeCtx) abort() {
	for i := range d.cols {
		if !d.p.cols[i].constant {
			d.cols[i].truncate(d.rows)
		}
	}
	d.convs = d.convs[:0]
}

// end completes a record: absent columns become null. It flushes a full
// batch.
func (d *decodeCtx) end() error {
	for i, f := range d.filled {
		if !f && !d.p.cols[i].constant {
			d.cols[i].appendNull()
		}
	}
	d.rows++
	if d.rows >= d.p.batch {
		return d.flush()
	}
	return nil
}

// claim prepares column c to receive this record's value; a repeated key
// replaces the earlier value.
func (d *decodeCtx) claim(c int) *colBuilder {
	if d.filled[c] {
		d.cols[c].truncate(d.rows)
	}
	d.filled[c] = true
	return &d.cols[c]
}

// flush emits the rows decoded so far as a batch.
func (d *decodeCtx) flush() error {
	if d.rows == 0 {
		return nil
	}
	vecs := make([]*column.Vector, len(d.cols))
	for i, c := range d.p.cols {
		if c.constant {
			vecs[i] = constantVector(d.p.table, d.rows)
		} else {
			vecs[i] = d.cols[i].finish(d.p.batch)
		}
	}
	b := &column.Batch{Schema: d.p.schema, Cols: make([]*column.Vector, len(d.p.out)), Len: d.rows}
	for i, c := range d.p.out {
		b.Cols[i] = vecs[c]
	}
	d.rows = 0
	return d.emit(b)
}

// convMessage describes a value that did not convert.
func (d *decodeCtx) convMessage(f convFail) string {
	raw := f.raw
	if len(raw) > 64 {
		raw = append(raw[:61:61], "..."...)
	}
	c := d.p.cols[f.col]
	return fmt.Sprintf("column %s: cannot convert %s to %s; stored null", c.name, quoteBytes(raw), c.typ)
}

func quoteBytes(b []byte) string { return fmt.Sprintf("%q", b) }

// decodeObject decodes one JSON object record into the batch, reading only
// the planned keys. On error the record's values are dropped.
func (d *decodeCtx) decodeObject(b []byte) error {
	d.begin()
	if err := d.walkObject(b); err != nil {
		d.abort()
		return err
	}
	return nil
}

func (d *decodeCtx) walkObject(b []byte) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errAt("record is not a JSON object", i)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return trailing(b, i+1)
	}
	for {
		next, err := d.member(b, i)
		if err != nil {
			return err
		}
		var done bool
		if i, done, err = nextMember(b, next, '}'); err != nil {
			return err
		}
		if done {
			return trailing(b, i)
		}
	}
}

// member decodes or skips one "key": value pair starting at i.
func (d *decodeCtx) member(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, errEOF
	}
	if b[i] != '"' {
		return i, errAt("expected string key", i)
	}
	end, esc, err := skipString(b, i)
	if err != nil {
		return end, err
	}
	key := b[i+1 : end-1]
	if esc {
		d.keybuf, _ = unescape(d.keybuf[:0], key)
		key = d.keybuf
	}
	if i, err = expectColon(b, end); err != nil {
		return i, err
	}
	c := d.p.lookup(key)
	if c < 0 {
		return skipValue(b, i)
	}
	end, ok, err := setJSON(d.claim(c), b, i, d)
	if err == nil && !ok {
		d.convs = append(d.convs, convFail{col: c, raw: b[i:min(end, len(b))]})
	}
	return end, err
}

// trailing checks that only whitespace follows a record.
func trailing(b []byte, i int) error {
	if j := skipWS(b, i); j < len(b) {
		return errAt("unexpected data after JSON object", j)
	}
	return nil
}

// decodeCSV decodes one CSV record: cols maps field positions to planned
// columns; unplanned fields are never converted.
func (d *decodeCtx) decodeCSV(data []byte, fields []span, cols []int) {
	d.begin()
	for k, sp := range fields {
		c := cols[k]
		if c < 0 {
			continue
		}
		var text []byte
		text, d.scratch = fieldText(data, sp, d.scratch)
		if !setText(d.claim(c), text, d.order) {
			d.convs = append(d.convs, convFail{col: c, raw: append([]byte(nil), text...)})
		}
	}
}
