package exec

import (
	"encoding/binary"
	"math"

	"quarry/internal/column"
)

// appendKey appends row i of operand o to a group or join key. The
// encoding is injective per type: a null flag, then 8 bytes for
// int-represented and real values, or a length-prefixed string. Integers
// and reals encode distinctly, so int and long keys compare equal but a
// long never equals a real.
func appendKey(buf []byte, o operand, i int) []byte {
	if o.isConst {
		return appendValueKey(buf, o.konst)
	}
	v := o.vec
	switch {
	case v.Type.UsesInts():
		if v.Nulls.Get(i) {
			return append(buf, 0)
		}
		buf = append(buf, 1)
		return binary.LittleEndian.AppendUint64(buf, uint64(v.Ints[i]))
	case v.Type.UsesReals():
		if v.Nulls.Get(i) {
			return append(buf, 0)
		}
		return appendReal(append(buf, 2), v.Reals[i])
	case v.Type.UsesStrs():
		if v.Nulls.Get(i) {
			return append(buf, 0)
		}
		return appendString(append(buf, 3), v.Strs[i])
	}
	return appendValueKey(buf, v.Value(i))
}

// appendValueKey encodes a boxed value like appendKey.
func appendValueKey(buf []byte, v column.Value) []byte {
	switch {
	case v.IsNull():
		return append(buf, 0)
	case v.Type.UsesInts():
		return binary.LittleEndian.AppendUint64(append(buf, 1), uint64(v.I))
	case v.Type.UsesReals():
		return appendReal(append(buf, 2), v.F)
	case v.Type.UsesStrs():
		return appendString(append(buf, 3), v.S)
	}
	return appendString(append(buf, 4), column.FormatDynamic(v.D))
}

func appendReal(buf []byte, f float64) []byte {
	if f == 0 {
		f = 0 // -0 groups with +0
	}
	if f != f {
		f = math.NaN()
	}
	return binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// anyNull reports whether row i of any operand is null (strings never are).
func anyNull(ops []operand, i int) bool {
	for _, o := range ops {
		if o.isConst {
			if o.konst.IsNull() {
				return true
			}
			continue
		}
		if o.vec.IsNull(i) {
			return true
		}
	}
	return false
}
