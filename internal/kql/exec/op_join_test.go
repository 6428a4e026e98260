package exec

import (
	"reflect"
	"testing"

	"quarry/internal/column"
)

// TestJoinSideGather checks that gathering rows from a join side's parts
// gives the vectors gatherNullable gives over the concatenated parts, for
// every representation, with nulls, and with a part whose vectors need
// converting to the schema's types.
func TestJoinSideGather(t *testing.T) {
	schema := column.Schema{{Name: "l", Type: column.Long}, {Name: "r", Type: column.Real}, {Name: "s", Type: column.String},
		{Name: "g", Type: column.GUID}, {Name: "d", Type: column.Dynamic}}
	var parts []*column.Batch
	for p := 0; p < 5; p++ {
		b := column.NewBatch(schema, 0)
		for i := 0; i < 3+p*70; i++ {
			row := []column.Value{column.LongValue(int64(p*1000 + i)), column.RealValue(float64(i) / 2),
				column.StringValue("s"), column.GUIDValue("g"), column.DynamicValue(float64(i))}
			if i%7 == 3 {
				for c := range row {
					row[c] = column.NullOf(schema[c].Type)
				}
			}
			b.AppendRow(row)
		}
		parts = append(parts, b)
	}
	// A part whose first column is an int vector: concat converts it.
	conv := column.NewBatch(column.Schema{{Name: "l", Type: column.Int}, schema[1], schema[2], schema[3], schema[4]}, 0)
	conv.AppendRow([]column.Value{column.IntValue(7), column.RealValue(1), column.StringValue("x"), column.GUIDValue("y"), column.DynamicValue("z")})
	parts = append(parts[:2:2], append([]*column.Batch{conv}, parts[2:]...)...)

	for _, ps := range [][]*column.Batch{parts, parts[:1], nil} {
		all := concat(schema, ps)
		s := newJoinSide(schema, ps)
		if s.n != all.Len {
			t.Fatalf("n = %d, want %d", s.n, all.Len)
		}
		var idx []int
		for g := all.Len - 1; g >= 0; g -= 3 {
			idx = append(idx, g, -1)
		}
		for g := 0; g < all.Len; g += 2 {
			idx = append(idx, g)
		}
		pp, rr := s.split(idx)
		for c := range schema {
			got, want := s.gather(c, pp, rr), gatherNullable(all.Cols[c], idx)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d parts, column %s: got %+v, want %+v", len(ps), schema[c].Name, got, want)
			}
		}
	}
}

// TestGatherVector checks gatherVector against column.Vector.Gather.
func TestGatherVector(t *testing.T) {
	for _, typ := range []column.Type{column.Long, column.Real, column.String, column.GUID, column.Dynamic, column.Bool} {
		v := column.NewVector(typ, 0)
		for i := 0; i < 200; i++ {
			if i%5 == 1 {
				v.AppendNull()
				continue
			}
			switch {
			case typ.UsesInts():
				v.Append(column.Value{Type: typ, I: int64(i)})
			case typ.UsesReals():
				v.Append(column.Value{Type: typ, F: float64(i)})
			case typ.UsesStrs():
				v.Append(column.Value{Type: typ, S: "v"})
			default:
				v.Append(column.DynamicValue(float64(i)))
			}
		}
		for _, sel := range [][]int{nil, {1}, {0, 1, 2, 3, 4, 5, 6, 150, 199}, {199, 6, 1, 1}} {
			if got, want := gatherVector(v, sel), v.Gather(sel); !reflect.DeepEqual(got, want) {
				t.Fatalf("%v %v: got %+v, want %+v", typ, sel, got, want)
			}
		}
	}
}
