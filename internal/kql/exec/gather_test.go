package exec_test

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/exec"
)

// TestGatherVectorMatchesGather checks the filters' typed gather against
// column.Vector.Gather, bit for bit, for every representation, with and
// without nulls, over selections from sparse to dense.
func TestGatherVectorMatchesGather(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	types := []column.Type{column.Long, column.Int, column.DateTime, column.Bool, column.Real, column.String, column.Dynamic}
	for _, typ := range types {
		for _, withNulls := range []bool{false, true} {
			v := column.NewVector(typ, 500)
			for i := 0; i < 500; i++ {
				if withNulls && r.Intn(5) == 0 {
					v.AppendNull()
					continue
				}
				v.Append(sampleValue(typ, r))
			}
			for _, keep := range []float64{0, 0.05, 0.5, 0.9, 1} {
				var sel []int
				for i := 0; i < 500; i++ {
					if r.Float64() < keep {
						sel = append(sel, i)
					}
				}
				got, want := exec.GatherVector(v, sel), v.Gather(sel)
				if !reflect.DeepEqual(normal(got), normal(want)) {
					t.Errorf("%v nulls=%v keep=%v: gatherVector differs from Gather", typ, withNulls, keep)
				}
			}
		}
	}
}

// normal renders a vector value by value, so that empty and nil slices
// compare equal.
func normal(v *column.Vector) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = fmt.Sprintf("%#v", v.Value(i))
	}
	return out
}

func sampleValue(t column.Type, r *rand.Rand) column.Value {
	switch t {
	case column.Real:
		return column.RealValue(r.NormFloat64())
	case column.String:
		return column.StringValue(fmt.Sprint("s", r.Intn(50)))
	case column.Dynamic:
		return column.DynamicValue(fmt.Sprint("d", r.Intn(50)))
	case column.Bool:
		return column.BoolValue(r.Intn(2) == 0)
	}
	return column.Value{Type: t, I: r.Int63n(1 << 40)}
}
