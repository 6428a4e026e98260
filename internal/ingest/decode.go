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
	srcs   []planSrc     // distinct input keys and the cols they feed
	byLen  [][]int       // key length -> candidate srcs (JSON key lookup)
	long   []int         // srcs whose names are too long for byLen
	batch  int
}

// planCol is one decoded column. A constant column (Type) is not read
// from the input; every row holds the table name. A field (keys set) is
// the value at keys inside the JSON of input column name (see Field).
type planCol struct {
	name     string
	typ      column.Type
	constant bool
	keys     []string
}

// planSrc is one input key (JSON member or CSV header) and the columns
// decoded from its value: the column itself and any fields inside it.
type planSrc struct {
	name string
	cols []int
}

const maxShortKey = 64

// newPlan maps the requested names to columns of schema once per scan.
func newPlan(tableName string, schema column.Schema, constType bool, names []string, batch int) (*plan, error) {
	return newFieldPlan(tableName, schema, constType, names, nil, batch)
}

// newFieldPlan is newPlan with fields decoded after the named columns.
func newFieldPlan(tableName string, schema column.Schema, constType bool, names []string, fields []Field, batch int) (*plan, error) {
	if names == nil {
		names = schema.Names()
	}
	p := &plan{table: tableName, batch: batch, byLen: make([][]int, maxShortKey)}
	seen := map[string]int{} // output key -> index in p.cols
	srcs := map[string]int{} // input key -> index in p.srcs
	add := func(key string, pc planCol, f column.Field) {
		c, ok := seen[key]
		if !ok {
			c = len(p.cols)
			seen[key] = c
			p.cols = append(p.cols, pc)
			p.index(c, srcs)
		}
		p.out = append(p.out, c)
		p.schema = append(p.schema, f)
	}
	for _, name := range names {
		i := schema.Index(name)
		if i < 0 {
			return nil, fmt.Errorf("table %s: no column %q", tableName, name)
		}
		add(name, planCol{name: name, typ: schema[i].Type, constant: constType && name == "Type"}, schema[i])
	}
	for _, f := range fields {
		i := schema.Index(f.Column)
		switch {
		case i < 0:
			return nil, fmt.Errorf("table %s: no column %q", tableName, f.Column)
		case schema[i].Type != column.Dynamic && schema[i].Type != column.String:
			return nil, fmt.Errorf("table %s: field %s: column %s is %s, not dynamic or string", tableName, f.Name(), f.Column, schema[i].Type)
		case constType && f.Column == "Type":
			return nil, fmt.Errorf("table %s: field %s: column Type holds the table name", tableName, f.Name())
		case len(f.Keys) == 0 || f.Type != column.String && f.Type != column.Real:
			return nil, fmt.Errorf("table %s: field %s: want one key or more and type string or real", tableName, f.Name())
		}
		add("\x00"+f.Type.String()+"\x00"+f.Name(), planCol{name: f.Column, typ: f.Type, keys: f.Keys}, column.Field{Name: f.Name(), Type: f.Type})
	}
	return p, nil
}

// index files column c under its input key (srcs: key -> p.srcs index).
func (p *plan) index(c int, srcs map[string]int) {
	if p.cols[c].constant {
		return
	}
	name := p.cols[c].name
	if s, ok := srcs[name]; ok {
		p.srcs[s].cols = append(p.srcs[s].cols, c)
		return
	}
	s := len(p.srcs)
	srcs[name] = s
	p.srcs = append(p.srcs, planSrc{name: name, cols: []int{c}})
	if n := len(name); n < maxShortKey {
		p.byLen[n] = append(p.byLen[n], s)
		return
	}
	p.long = append(p.long, s)
}

// lookup returns the input key named key (an index in p.srcs), or -1.
// Most keys of a record are rejected by their length alone, without
// hashing or comparing.
func (p *plan) lookup(key []byte) int {
	if len(key) < maxShortKey {
		for _, s := range p.byLen[len(key)] {
			if string(key) == p.srcs[s].name {
				return s
			}
		}
		return -1
	}
	for _, s := range p.long {
		if string(key) == p.srcs[s].name {
			return s
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
	p      *plan
	cols   []colBuilder
	filled []bool
	// lazy: a record stops being read once every key the plan reads has
	// been found (walkObject); found counts them, seen marks them.
	lazy    bool
	found   int
	seen    []bool
	rows    int
	order   DateOrder
	scratch []byte
	keybuf  []byte
	leafbuf []byte // unescaped field values (scratch may hold their container)
	convs   []convFail
	spans   []span
	emit    func(*column.Batch) error
}

func newDecodeCtx(p *plan, emit func(*column.Batch) error) *decodeCtx {
	d := &decodeCtx{p: p, emit: emit, filled: make([]bool, len(p.cols)), seen: make([]bool, len(p.srcs))}
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
	clear(d.seen)
	d.found = 0
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

// walkObject decodes the planned keys of the object record b and skips
// the others. A lazy walk stops at the first member after it has found
// every planned key and only checks that b ends with the object's closing
// brace: the members after that are neither read nor validated (a large
// share of a sign-in record: its nested details come after the fields the
// seed query reads), and a key repeated after that point keeps its first
// value where a full walk keeps the last. A strict scan walks every record
// to its end.
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
		if d.lazy && d.found == len(d.p.srcs) {
			return closes(b)
		}
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
	src := d.p.lookup(key)
	if src < 0 {
		return skipValue(b, i)
	}
	if !d.seen[src] {
		d.seen[src] = true
		d.found++
	}
	start := i
	for _, c := range d.p.srcs[src].cols {
		var ok bool
		if keys := d.p.cols[c].keys; keys != nil {
			i, err = setField(d.claim(c), b, start, keys, d)
			ok = true
		} else {
			i, ok, err = setJSON(d.claim(c), b, start, d)
		}
		if err != nil {
			return i, err
		}
		if !ok {
			d.convs = append(d.convs, convFail{col: c, raw: b[start:min(i, len(b))]})
		}
	}
	return i, nil
}

// closes checks that a record read only up to its last wanted key ends
// with the brace that closes its object: a record cut short (the last line
// of a log still being written) is reported, not taken for complete.
func closes(b []byte) error {
	j := len(b)
	for j > 0 && isSpace(b[j-1]) {
		j--
	}
	if j == 0 || b[j-1] != '}' {
		return errAt("record does not end with '}'", j)
	}
	return nil
}

// trailing checks that only whitespace follows a record.
func trailing(b []byte, i int) error {
	if j := skipWS(b, i); j < len(b) {
		return errAt("unexpected data after JSON object", j)
	}
	return nil
}

// decodeCSV decodes one CSV record: srcs maps field positions to planned
// input keys (-1: not planned); unplanned fields are never converted.
func (d *decodeCtx) decodeCSV(data []byte, fields []span, srcs []int) {
	d.begin()
	for k, sp := range fields {
		src := srcs[k]
		if src < 0 {
			continue
		}
		var text []byte
		text, d.scratch = fieldText(data, sp, d.scratch)
		for _, c := range d.p.srcs[src].cols {
			if keys := d.p.cols[c].keys; keys != nil {
				d.setFieldText(d.claim(c), text, keys)
			} else if !setText(d.claim(c), text, d.order) {
				d.convs = append(d.convs, convFail{col: c, raw: append([]byte(nil), text...)})
			}
		}
	}
}
