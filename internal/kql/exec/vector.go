package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// operand is an evaluated expression: a vector with one value per row, or
// a constant.
//
// owned means that vec was built for this evaluation by the evaluator that
// returned it (newBoolVector) and that nothing else references it: the
// receiver may recycle it (release) once it has read it, or return the
// operand unchanged, which hands the ownership on. Whoever keeps vec (as
// a batch column, say) or reads it after passing it on must not recycle
// it, and never builds an operand with owned set from a vector it did not
// just build (scratch.go).
type operand struct {
	vec     *column.Vector
	konst   column.Value
	isConst bool
	owned   bool
}

// constOp wraps a constant.
func constOp(v column.Value) operand { return operand{konst: v, isConst: true} }

// at returns row i as a boxed value.
func (o operand) at(i int) column.Value {
	if o.isConst {
		return o.konst
	}
	return o.vec.Value(i)
}

// materialize returns the operand as a vector of n rows.
func (o operand) materialize(n int) *column.Vector {
	if !o.isConst {
		return o.vec
	}
	return column.Constant(o.konst, n)
}

// appendValue appends v to vec, converting it to the vector's type.
func appendValue(vec *column.Vector, v column.Value) {
	if v.Type == vec.Type || v.IsNull() {
		vec.Append(v)
		return
	}
	cv, _ := check.Convert(v, vec.Type)
	vec.Append(cv)
}

// concat joins batches of the same schema into one batch.
func concat(schema column.Schema, parts []*column.Batch) *column.Batch {
	if len(parts) == 1 && sameTypes(parts[0].Schema, schema) {
		b := *parts[0]
		b.Schema = schema
		return &b
	}
	n := 0
	for _, p := range parts {
		n += p.Len
	}
	out := column.NewBatch(schema, n)
	for c := range schema {
		for _, p := range parts {
			appendVector(out.Cols[c], p.Cols[c], p.Len)
		}
	}
	out.Len = n
	return out
}

func sameTypes(a, b column.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type {
			return false
		}
	}
	return true
}

// appendVector appends the first n rows of src to dst.
func appendVector(dst, src *column.Vector, n int) {
	if dst.Type != src.Type {
		for i := 0; i < n; i++ {
			appendValue(dst, src.Value(i))
		}
		return
	}
	base := dst.Len()
	switch {
	case dst.Type.UsesInts():
		dst.Ints = append(dst.Ints, src.Ints[:n]...)
	case dst.Type.UsesReals():
		dst.Reals = append(dst.Reals, src.Reals[:n]...)
	case dst.Type.UsesStrs():
		dst.Strs = append(dst.Strs, src.Strs[:n]...)
	default:
		dst.Dyns = append(dst.Dyns, src.Dyns[:n]...)
		return
	}
	if src.Nulls != nil {
		for i := 0; i < n; i++ {
			if src.Nulls.Get(i) {
				dst.Nulls.Set(base + i)
			}
		}
	}
}

// gatherNullable gathers rows of v by idx; -1 yields a null.
func gatherNullable(v *column.Vector, idx []int) *column.Vector {
	out := column.NewVector(v.Type, len(idx))
	for _, i := range idx {
		if i < 0 {
			out.AppendNull()
		} else {
			out.AppendFrom(v, i)
		}
	}
	return out
}

// nullVector returns n nulls of type t.
func nullVector(t column.Type, n int) *column.Vector {
	v := column.NewVector(t, n)
	for i := 0; i < n; i++ {
		v.AppendNull()
	}
	return v
}

// gatherBatch selects rows of b into a batch with the given schema.
func gatherBatch(b *column.Batch, sel []int) *column.Batch {
	if len(sel) == b.Len {
		return b
	}
	out := &column.Batch{Schema: b.Schema, Cols: make([]*column.Vector, len(b.Cols)), Len: len(sel)}
	for i, c := range b.Cols {
		out.Cols[i] = gatherVector(c, sel)
	}
	return out
}

// gatherVector is column.Vector.Gather (the same vector, bit for bit)
// with a typed loop per representation instead of one AppendFrom call per
// row: filters gather every surviving row of every column through it.
func gatherVector(v *column.Vector, sel []int) *column.Vector {
	out := &column.Vector{Type: v.Type}
	nulls := v.Nulls
	switch t := v.Type; {
	case t.UsesInts():
		out.Ints = make([]int64, len(sel))
		for k, i := range sel {
			if nulls != nil && nulls.Get(i) {
				out.Nulls.Set(k)
				continue
			}
			out.Ints[k] = v.Ints[i]
		}
	case t.UsesReals():
		out.Reals = make([]float64, len(sel))
		for k, i := range sel {
			if nulls != nil && nulls.Get(i) {
				out.Nulls.Set(k)
				continue
			}
			out.Reals[k] = v.Reals[i]
		}
	case t.UsesStrs():
		out.Strs = make([]string, len(sel))
		for k, i := range sel {
			if nulls != nil && nulls.Get(i) {
				// AppendNull: an empty string, flagged unless a string.
				if t != column.String {
					out.Nulls.Set(k)
				}
				continue
			}
			out.Strs[k] = v.Strs[i]
		}
	default:
		out.Dyns = make([]any, len(sel))
		for k, i := range sel {
			out.Dyns[k] = v.Dyns[i]
		}
	}
	return out
}

// emitChunks sends b in batchSize slices from worker 0.
func emitChunks(b *column.Batch, out sink) error {
	if b.Len <= batchSize {
		if b.Len == 0 {
			return nil
		}
		return out(0, b)
	}
	for start := 0; start < b.Len; start += batchSize {
		end := min(start+batchSize, b.Len)
		if err := out(0, slice(b, start, end)); err != nil {
			return err
		}
	}
	return nil
}

// slice returns rows [start, end) of b. Vectors without nulls share the
// backing arrays of b (capacity-limited, so an append never writes into
// b); the others are copied.
func slice(b *column.Batch, start, end int) *column.Batch {
	out := &column.Batch{Schema: b.Schema, Cols: make([]*column.Vector, len(b.Cols)), Len: end - start}
	for i, v := range b.Cols {
		out.Cols[i] = sliceVector(v, start, end)
	}
	return out
}

// sliceVector returns rows [start, end) of v.
func sliceVector(v *column.Vector, start, end int) *column.Vector {
	if v.Nulls != nil {
		sel := make([]int, end-start)
		for i := range sel {
			sel[i] = start + i
		}
		return v.Gather(sel)
	}
	out := &column.Vector{Type: v.Type}
	switch {
	case v.Type.UsesInts():
		out.Ints = v.Ints[start:end:end]
	case v.Type.UsesReals():
		out.Reals = v.Reals[start:end:end]
	case v.Type.UsesStrs():
		out.Strs = v.Strs[start:end:end]
	default:
		out.Dyns = v.Dyns[start:end:end]
	}
	return out
}
