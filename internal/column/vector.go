package column

// Bitmap is a growable bit set; bit i set means row i is null.
type Bitmap []uint64

// Get reports whether bit i is set. A nil bitmap has no bits set.
func (b Bitmap) Get(i int) bool {
	w := i >> 6
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

// Set sets bit i, growing the bitmap as needed.
func (b *Bitmap) Set(i int) {
	w := i >> 6
	for len(*b) <= w {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

// Vector is one typed column of a batch. Exactly one of Ints, Reals, Strs or
// Dyns is used, chosen by Type (see the package comment).
type Vector struct {
	Type  Type
	Nulls Bitmap // nil when the vector has no nulls
	Ints  []int64
	Reals []float64
	Strs  []string
	Dyns  []any
}

// NewVector returns an empty vector of type t with room for n values.
func NewVector(t Type, n int) *Vector {
	v := &Vector{Type: t}
	switch {
	case t.UsesInts():
		v.Ints = make([]int64, 0, n)
	case t.UsesReals():
		v.Reals = make([]float64, 0, n)
	case t.UsesStrs():
		v.Strs = make([]string, 0, n)
	default:
		v.Dyns = make([]any, 0, n)
	}
	return v
}

// Len returns the number of values in the vector.
func (v *Vector) Len() int {
	switch {
	case v.Type.UsesInts():
		return len(v.Ints)
	case v.Type.UsesReals():
		return len(v.Reals)
	case v.Type.UsesStrs():
		return len(v.Strs)
	}
	return len(v.Dyns)
}

// IsNull reports whether row i is null (a dynamic JSON null counts).
func (v *Vector) IsNull(i int) bool {
	if v.Type == Dynamic {
		return v.Dyns[i] == nil
	}
	return v.Nulls.Get(i)
}

// HasNulls reports whether any row may be null.
func (v *Vector) HasNulls() bool { return v.Nulls != nil || v.Type == Dynamic }

// Value returns row i as a boxed Value.
func (v *Vector) Value(i int) Value {
	if v.Type != Dynamic && v.Type != String && v.Nulls.Get(i) {
		return Value{Type: v.Type, Null: true}
	}
	switch {
	case v.Type.UsesInts():
		return Value{Type: v.Type, I: v.Ints[i]}
	case v.Type.UsesReals():
		return Value{Type: v.Type, F: v.Reals[i]}
	case v.Type.UsesStrs():
		return Value{Type: v.Type, S: v.Strs[i]}
	}
	return Value{Type: Dynamic, D: v.Dyns[i]}
}

// Append adds x, converted to the vector's type only if the types match;
// a value of another type, or a null, is appended as null.
func (v *Vector) Append(x Value) {
	if x.Type != v.Type || x.IsNull() {
		v.AppendNull()
		return
	}
	switch {
	case v.Type.UsesInts():
		v.Ints = append(v.Ints, x.I)
	case v.Type.UsesReals():
		v.Reals = append(v.Reals, x.F)
	case v.Type.UsesStrs():
		v.Strs = append(v.Strs, x.S)
	default:
		v.Dyns = append(v.Dyns, x.D)
	}
}

// AppendNull adds a null (an empty string for string vectors).
func (v *Vector) AppendNull() {
	n := v.Len()
	switch {
	case v.Type.UsesInts():
		v.Ints = append(v.Ints, 0)
	case v.Type.UsesReals():
		v.Reals = append(v.Reals, 0)
	case v.Type.UsesStrs():
		v.Strs = append(v.Strs, "")
	default:
		v.Dyns = append(v.Dyns, nil)
		return
	}
	if v.Type != String {
		v.Nulls.Set(n)
	}
}

// AppendFrom appends row i of src, which must have the same type.
func (v *Vector) AppendFrom(src *Vector, i int) {
	if src.Type != v.Type {
		v.Append(src.Value(i))
		return
	}
	if src.Type != Dynamic && src.Nulls.Get(i) {
		v.AppendNull()
		return
	}
	switch {
	case v.Type.UsesInts():
		v.Ints = append(v.Ints, src.Ints[i])
	case v.Type.UsesReals():
		v.Reals = append(v.Reals, src.Reals[i])
	case v.Type.UsesStrs():
		v.Strs = append(v.Strs, src.Strs[i])
	default:
		v.Dyns = append(v.Dyns, src.Dyns[i])
	}
}

// Gather returns a new vector with the rows of v listed in sel, in order.
func (v *Vector) Gather(sel []int) *Vector {
	out := NewVector(v.Type, len(sel))
	for _, i := range sel {
		out.AppendFrom(v, i)
	}
	return out
}

// Constant returns a vector of n copies of x.
func Constant(x Value, n int) *Vector {
	v := NewVector(x.Type, n)
	for i := 0; i < n; i++ {
		v.Append(x)
	}
	return v
}
