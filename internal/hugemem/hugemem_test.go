package hugemem

import "testing"

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
