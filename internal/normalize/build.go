package normalize

import (
	"fmt"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// eventsBatch turns events into one batch of the view's columns
// ab.cols, column by column.
// Fast path: each column's getter returns a plain Go value written
// straight into the column's slice, with no column.Value per cell, and
// the slices are allocated once at their final size. It also saves
// memory, since most columns are constant within a source (EventSchema,
// the product and vendor, empty optional fields) or copies of another
// (IpAddr and SrcIpAddr, the three times, the host columns): a string
// column whose rows are all equal takes a shared slice from consts, and a
// column equal row by row to the column it usually copies
// (authColumn.same) shares that column's slice. Shared slices are capped
// at their length so that an append to one never writes into another;
// the vectors themselves stay distinct. Batches are read-only once built,
// as table.Memory requires.
// It is safe for concurrent use.
func (ab *authBuilder) eventsBatch(events []authEvent) *column.Batch {
	n := len(events)
	if n == 0 {
		return nil
	}
	b := &column.Batch{Schema: ab.schema, Cols: make([]*column.Vector, len(ab.cols)), Len: n}
	built := make([]*column.Vector, len(authColumns)) // by authColumns index
	for k, i := range ab.cols {
		c := &authColumns[i]
		v := &column.Vector{Type: c.typ}
		b.Cols[k], built[i] = v, v
		var like *column.Vector // the column this one usually copies
		if s := sameAs[i]; s >= 0 && built[s] != nil && built[s].Nulls == nil {
			like = built[s]
		}
		switch {
		case c.str != nil:
			v.Strs = strColumn(events, c.str, like, ab.consts)
		case c.num != nil:
			v.Ints, v.Nulls = numColumn(events, c.num, like)
		case c.real != nil:
			v.Reals = make([]float64, n)
			for k := range events {
				x, ok := c.real(&events[k])
				if !ok {
					v.Nulls.Set(k)
				}
				v.Reals[k] = x
			}
		default:
			v.Dyns = make([]any, n)
			for k := range events {
				v.Dyns[k] = c.dyn(&events[k])
			}
		}
	}
	return b
}

// strColumn returns the values of get over events: like's slice when
// they equal it, a shared constant slice when they are all equal, else a
// new slice.
func strColumn(events []authEvent, get func(*authEvent) string, like *column.Vector, consts *source.Constants) []string {
	n := len(events)
	if like != nil && like.Strs != nil {
		k := 0
		for k < n && get(&events[k]) == like.Strs[k] {
			k++
		}
		if k == n {
			return like.Strs[:n:n]
		}
	}
	first := get(&events[0])
	k := 1
	for k < n && get(&events[k]) == first {
		k++
	}
	if k == n {
		return consts.Get(first, n)
	}
	out := make([]string, n)
	for k := range events {
		out[k] = get(&events[k])
	}
	return out
}

// numColumn returns the values and nulls of get over events: like's
// slice when they equal it (and none is null), else a new slice.
func numColumn(events []authEvent, get func(*authEvent) (int64, bool), like *column.Vector) ([]int64, column.Bitmap) {
	n := len(events)
	if like != nil && like.Ints != nil {
		k := 0
		for ; k < n; k++ {
			if x, ok := get(&events[k]); !ok || x != like.Ints[k] {
				break
			}
		}
		if k == n {
			return like.Ints[:n:n], nil
		}
	}
	out := make([]int64, n)
	var nulls column.Bitmap
	for k := range events {
		x, ok := get(&events[k])
		if !ok {
			nulls.Set(k)
		}
		out[k] = x
	}
	return out, nulls
}

// sameAs maps each column to the position of its authColumn.same, or -1.
var sameAs = func() []int {
	out := make([]int, len(authColumns))
	for i, c := range authColumns {
		out[i] = AuthSchema.Index(c.same)
	}
	return out
}()

// authBuilder accumulates the view's batches: events one at a time (add)
// or whole batches built elsewhere (addBatch), in order. It builds the
// columns cols (indexes in authColumns, in the view's order) only.
type authBuilder struct {
	cols    []int
	schema  column.Schema // of cols
	all     bool          // cols is every column
	consts  *source.Constants
	events  []authEvent // pending events, up to source.BatchSize
	batches []*column.Batch
}

// newAuthBuilder returns a builder of every column.
func newAuthBuilder() *authBuilder {
	ab, _ := newAuthBuilderFor(nil)
	return ab
}

// newAuthBuilderFor returns a builder of the distinct columns in names
// (nil: every column).
func newAuthBuilderFor(names []string) (*authBuilder, error) {
	ab := &authBuilder{consts: source.NewConstants(), all: names == nil}
	want := map[string]bool{}
	for _, name := range names {
		if AuthSchema.Index(name) < 0 {
			return nil, fmt.Errorf("%s: no column %q", AuthTable, name)
		}
		want[name] = true
	}
	for i, c := range authColumns {
		if ab.all || want[c.name] {
			ab.cols = append(ab.cols, i)
			ab.schema = append(ab.schema, AuthSchema[i])
		}
	}
	return ab, nil
}

// reads returns the event fields the builder's columns read (nil: all).
func (ab *authBuilder) reads() map[string]bool {
	if ab.all {
		return nil
	}
	out := map[string]bool{}
	for _, i := range ab.cols {
		for _, f := range authColumns[i].reads {
			out[f] = true
		}
	}
	return out
}

func (ab *authBuilder) add(e *authEvent) {
	ab.events = append(ab.events, *e)
	if len(ab.events) >= source.BatchSize {
		ab.flush()
	}
}

func (ab *authBuilder) flush() {
	if b := ab.eventsBatch(ab.events); b != nil {
		ab.batches = append(ab.batches, b)
	}
	clear(ab.events) // drop references to the rows' strings
	ab.events = ab.events[:0]
}

// addBatch appends a finished batch (nil for none) after the events added
// so far.
func (ab *authBuilder) addBatch(b *column.Batch) {
	ab.flush()
	if b != nil {
		ab.batches = append(ab.batches, b)
	}
}

func (ab *authBuilder) table() *table.Memory {
	ab.flush()
	return table.NewMemory(AuthTable, ab.schema, ab.batches...)
}
