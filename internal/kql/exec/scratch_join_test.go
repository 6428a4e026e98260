package exec

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

var joinKinds = []string{check.JoinInnerUnique, check.JoinInner, check.JoinLeftOuter, check.JoinRightOuter,
	check.JoinFullOuter, check.JoinLeftAnti, check.JoinRightAnti, check.JoinLeftSemi, check.JoinRightSemi}

// joinTestSchemas are the sides of the random joins: string keys (s), an
// int-represented key that is a long on the left and an int on the right
// (n), a guid key compared with a string one (g), real keys (r), a
// datetime key (t), and a payload column each.
var (
	joinLeftSchema = column.Schema{{Name: "s", Type: column.String}, {Name: "n", Type: column.Long},
		{Name: "g", Type: column.GUID}, {Name: "r", Type: column.Real}, {Name: "t", Type: column.DateTime},
		{Name: "v", Type: column.Long}}
	joinRightSchema = column.Schema{{Name: "s", Type: column.String}, {Name: "n", Type: column.Int},
		{Name: "g", Type: column.String}, {Name: "r", Type: column.Real}, {Name: "t", Type: column.DateTime},
		{Name: "w", Type: column.String}}
)

// randomJoinParts returns rows rows of schema in 1 to 4 parts, with keys
// from small domains (duplicates on both sides), empty strings, and nulls
// in every nullable column.
func randomJoinParts(rng *rand.Rand, schema column.Schema, rows int) []*column.Batch {
	strs := []string{"", "a", "b", "c", "ab", "A"}
	reals := []float64{0, math.Copysign(0, -1), math.NaN(), 1.5, -2, math.Inf(1)}
	all := column.NewBatch(schema, rows)
	for i := 0; i < rows; i++ {
		row := make([]column.Value, len(schema))
		for c, f := range schema {
			null := rng.Intn(8) == 0
			switch f.Type {
			case column.String:
				row[c] = column.StringValue(strs[rng.Intn(len(strs))])
			case column.GUID:
				row[c] = column.GUIDValue(strs[1+rng.Intn(len(strs)-1)])
			case column.Long, column.Int:
				row[c] = column.Value{Type: f.Type, I: int64(rng.Intn(5) - 1)}
			case column.Real:
				row[c] = column.RealValue(reals[rng.Intn(len(reals))])
			case column.DateTime:
				row[c] = column.DateTimeTicks(int64(rng.Intn(4)) * column.TicksPerSecond)
			}
			if null && f.Type != column.String {
				row[c] = column.NullOf(f.Type)
			}
		}
		all.AppendRow(row)
	}
	var parts []*column.Batch
	for start := 0; start < rows; {
		end := min(rows, start+1+rng.Intn(rows/2+1))
		parts = append(parts, slice(all, start, end))
		start = end
	}
	return parts
}

// testJoinOp returns a join of kind on the given key columns of the test
// schemas, with every column of both sides in its output.
func testJoinOp(kind string, lkeys, rkeys []int) *joinOp {
	o := &joinOp{node: &check.Join{Kind: kind}, lkeys: lkeys, rkeys: rkeys, lSch: joinLeftSchema, rSch: joinRightSchema}
	for i, f := range joinLeftSchema {
		o.lout = append(o.lout, i)
		o.schema = append(o.schema, f)
	}
	if kind != check.JoinLeftAnti && kind != check.JoinLeftSemi {
		for i, f := range joinRightSchema {
			o.rout = append(o.rout, i)
			o.schema = append(o.schema, column.Field{Name: f.Name + "1", Type: f.Type})
		}
	}
	return o
}

// TestHashedJoinMatchesGeneric checks the hashed join against match and
// output (the generic join over encoded keys) on random sides: every join
// kind, one and several key columns of every kind the hashed join covers
// (string with string, guid with string, long with int, real, datetime),
// null keys, empty strings, duplicate keys on both sides, sides in several
// parts and empty sides, both the right-hashed and the small-left path.
// The output batches, row order included, must be identical. The runs
// share the scratch pool, so stale buffers of earlier runs are exercised.
func TestHashedJoinMatchesGeneric(t *testing.T) {
	keySets := [][]int{{0}, {1}, {2}, {3}, {4}, {0, 1}, {1, 0}, {0, 2, 3}, {4, 0}, {2, 1, 3, 4}}
	sizes := [][2]int{{0, 0}, {0, 7}, {5, 0}, {1, 1}, {3, 40}, {40, 3}, {60, 60}, {200, 900}, {900, 200}}
	rng := rand.New(rand.NewSource(7))
	runs := 0
	for _, keys := range keySets {
		for _, size := range sizes {
			lp := randomJoinParts(rng, joinLeftSchema, size[0])
			rp := randomJoinParts(rng, joinRightSchema, size[1])
			for _, kind := range joinKinds {
				o := testJoinOp(kind, keys, keys)
				ls, rs := newJoinSide(o.lSch, lp), newJoinSide(o.rSch, rp)
				li, ri := o.match(ls, rs)
				want := o.output(ls, rs, li, ri)
				lk, rk, ok := joinKeyCols(ls, o.lkeys, rs, o.rkeys)
				if !ok {
					t.Fatalf("keys %v: the hashed join does not cover the test keys", keys)
				}
				got := o.runHashed(ls, rs, lk, rk)
				if !sameBatch(got, want) {
					t.Fatalf("kind %s, keys %v, sizes %v: hashed join\n%s\ngeneric\n%s", kind, keys, size, dumpBatch(got), dumpBatch(want))
				}
				runs++
			}
		}
	}
	t.Logf("%d joins", runs)
}

// TestHashedJoinCoverage checks which key columns the hashed join leaves to
// the generic path: dynamic keys, keys of different kinds on both sides,
// and string vectors with null flags.
func TestHashedJoinCoverage(t *testing.T) {
	one := func(t column.Type, null bool) *joinSide {
		v := column.NewVector(t, 2)
		v.AppendNull()
		v.AppendNull()
		v.Nulls = nil
		if null {
			v.Nulls.Set(1) // a string vector's null flags too
		}
		return newJoinSide(column.Schema{{Name: "k", Type: t}}, []*column.Batch{{Schema: column.Schema{{Name: "k", Type: t}}, Cols: []*column.Vector{v}, Len: 2}})
	}
	cases := []struct {
		l, r *joinSide
		ok   bool
	}{
		{one(column.String, false), one(column.String, false), true},
		{one(column.GUID, true), one(column.String, false), true},
		{one(column.Long, true), one(column.DateTime, true), true},
		{one(column.Real, true), one(column.Decimal, true), true},
		{one(column.String, true), one(column.String, false), false},
		{one(column.String, false), one(column.String, true), false},
		{one(column.Dynamic, false), one(column.Dynamic, false), false},
		{one(column.Long, false), one(column.Real, false), false},
		{one(column.String, false), one(column.Long, false), false},
	}
	for i, c := range cases {
		if _, _, ok := joinKeyCols(c.l, []int{0}, c.r, []int{0}); ok != c.ok {
			t.Errorf("case %d (%s, %s): covered %v, want %v", i, c.l.types[0], c.r.types[0], ok, c.ok)
		}
	}
}

// TestKeyRealBitsMatchesAppendReal checks that two reals compare equal in
// the hashed join exactly when their key encodings (appendReal) do.
func TestKeyRealBitsMatchesAppendReal(t *testing.T) {
	fs := []float64{0, math.Copysign(0, -1), math.NaN(), math.Float64frombits(0x7ff8000000000001),
		math.Float64frombits(0xfff8000000000000), 1, -1, 1.5, math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64}
	for _, a := range fs {
		for _, b := range fs {
			enc := bytes.Equal(appendReal(nil, a), appendReal(nil, b))
			if bits := keyRealBits(a) == keyRealBits(b); bits != enc {
				t.Errorf("%v, %v: keyRealBits equal %v, appendReal equal %v", a, b, bits, enc)
			}
		}
	}
}

// sameBatch reports whether two batches are the same, bit for bit: the
// same schema and length, and vectors of the same type with the same
// null flags and values (reals compared by their bits, so that NaN equals
// NaN).
func sameBatch(a, b *column.Batch) bool {
	if a.Len != b.Len || !reflect.DeepEqual(a.Schema, b.Schema) || len(a.Cols) != len(b.Cols) {
		return false
	}
	for c, v := range a.Cols {
		w := b.Cols[c]
		if v.Type != w.Type || !reflect.DeepEqual(v.Nulls, w.Nulls) || !reflect.DeepEqual(v.Ints, w.Ints) ||
			!reflect.DeepEqual(v.Strs, w.Strs) || !reflect.DeepEqual(v.Dyns, w.Dyns) || len(v.Reals) != len(w.Reals) {
			return false
		}
		for i, f := range v.Reals {
			if math.Float64bits(f) != math.Float64bits(w.Reals[i]) {
				return false
			}
		}
	}
	return true
}

// dumpBatch renders a batch row by row for failure messages.
func dumpBatch(b *column.Batch) string {
	var buf bytes.Buffer
	for i := 0; i < b.Len; i++ {
		for c := range b.Cols {
			fmt.Fprintf(&buf, "%v ", b.Cols[c].Value(i))
		}
		buf.WriteByte('\n')
	}
	return buf.String()
}
