package ingest

import "quarry/internal/column"

// colBuilder accumulates one column of a batch being decoded. Strings are
// appended to one byte arena per batch and turned into a single Go string
// when the batch is finished, so decoding a string value costs a copy, not
// an allocation.
type colBuilder struct {
	typ   column.Type
	n     int
	ints  []int64
	reals []float64
	dyns  []any
	arena []byte
	ends  []int // end offset in arena of each string
	nulls column.Bitmap
}

func newColBuilder(t column.Type, n int) colBuilder {
	c := colBuilder{typ: t}
	c.reset(n)
	return c
}

// reset prepares the builder for a new batch of up to n rows. Slices handed
// out by finish are never reused.
func (c *colBuilder) reset(n int) {
	c.n = 0
	c.nulls = nil
	switch {
	case c.typ.UsesInts():
		c.ints = make([]int64, 0, n)
	case c.typ.UsesReals():
		c.reals = make([]float64, 0, n)
	case c.typ.UsesStrs():
		c.arena = c.arena[:0]
		c.ends = make([]int, 0, n)
	default:
		c.dyns = make([]any, 0, n)
	}
}

func (c *colBuilder) appendInt(v int64) {
	c.ints = append(c.ints, v)
	c.n++
}

func (c *colBuilder) appendReal(v float64) {
	c.reals = append(c.reals, v)
	c.n++
}

func (c *colBuilder) appendStr(b []byte) {
	c.arena = append(c.arena, b...)
	c.ends = append(c.ends, len(c.arena))
	c.n++
}

func (c *colBuilder) appendDyn(v any) {
	c.dyns = append(c.dyns, v)
	c.n++
}

// appendNull appends a null: "" for strings, JSON null for dynamic.
func (c *colBuilder) appendNull() {
	switch {
	case c.typ.UsesInts():
		c.ints = append(c.ints, 0)
	case c.typ.UsesReals():
		c.reals = append(c.reals, 0)
	case c.typ.UsesStrs():
		c.ends = append(c.ends, len(c.arena))
	default:
		c.dyns = append(c.dyns, nil)
		c.n++
		return
	}
	if c.typ != column.String {
		c.nulls.Set(c.n)
	}
	c.n++
}

// truncate drops rows from n on (used to undo a half-decoded record).
func (c *colBuilder) truncate(n int) {
	if n >= c.n {
		return
	}
	for i := n; i < c.n; i++ {
		if w := i >> 6; w < len(c.nulls) {
			c.nulls[w] &^= 1 << (uint(i) & 63)
		}
	}
	c.n = n
	switch {
	case c.typ.UsesInts():
		c.ints = c.ints[:n]
	case c.typ.UsesReals():
		c.reals = c.reals[:n]
	case c.typ.UsesStrs():
		c.ends = c.ends[:n]
		end := 0
		if n > 0 {
			end = c.ends[n-1]
		}
		c.arena = c.arena[:end]
	default:
		c.dyns = c.dyns[:n]
	}
}

// finish returns the accumulated vector and resets the builder.
func (c *colBuilder) finish(next int) *column.Vector {
	v := &column.Vector{Type: c.typ, Nulls: c.nulls}
	switch {
	case c.typ.UsesInts():
		v.Ints = c.ints
	case c.typ.UsesReals():
		v.Reals = c.reals
	case c.typ.UsesStrs():
		v.Strs = c.strings()
	default:
		v.Dyns = c.dyns
	}
	c.reset(next)
	return v
}

// strings cuts the arena, converted to one string, into the row values.
func (c *colBuilder) strings() []string {
	all := string(c.arena)
	out := make([]string, len(c.ends))
	start := 0
	for i, end := range c.ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

// constantVector returns n copies of s as a string vector.
func constantVector(s string, n int) *column.Vector {
	strs := make([]string, n)
	for i := range strs {
		strs[i] = s
	}
	return &column.Vector{Type: column.String, Strs: strs}
}
