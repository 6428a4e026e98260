package hugemem

import (
	"testing"
	"unsafe"
)

// TestSliceIsAPlainSlice checks that Slice returns zeroed slices of the
// length asked for, small or spanning huge pages, that keep what is
// written to them.
func TestSliceIsAPlainSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3 * hugePage / 8, 5*hugePage/8 + 3} {
		s := Slice[uint64](n)
		if len(s) != n || cap(s) < n {
			t.Fatalf("Slice(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("Slice(%d)[%d] = %d, not zeroed", n, i, s[i])
			}
			s[i] = uint64(i)
		}
		for i := range s {
			if s[i] != uint64(i) {
				t.Fatalf("Slice(%d)[%d] = %d after writing %d", n, i, s[i], i)
			}
		}
	}
	if s := Slice[string](3 * hugePage / 16); len(s) != 3*hugePage/16 || s[len(s)-1] != "" {
		t.Fatal("Slice of strings")
	}
}

// TestBytesAligned checks that Bytes returns zeroed slices of the length
// and capacity asked for, 2 MB-aligned from 2 MB on, that keep what is
// written to them.
func TestBytesAligned(t *testing.T) {
	for _, n := range []int{0, 5, hugePage - 1, hugePage, 4<<20 + 123, 8 << 20} {
		b := Bytes(n)
		if len(b) != n || cap(b) != n {
			t.Fatalf("Bytes(%d): len %d cap %d", n, len(b), cap(b))
		}
		if n >= hugePage && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%hugePage != 0 {
			t.Errorf("Bytes(%d) is not 2 MB-aligned", n)
		}
		for i := range b {
			if b[i] != 0 {
				t.Fatalf("Bytes(%d)[%d] = %d, not zeroed", n, i, b[i])
			}
			b[i] = byte(i)
		}
		for i := range b {
			if b[i] != byte(i) {
				t.Fatalf("Bytes(%d)[%d] changed", n, i)
			}
		}
	}
}
