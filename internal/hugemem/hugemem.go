// Package hugemem allocates large slices whose memory the kernel is asked
// to back with transparent huge pages.
//
// Fresh memory costs a page fault per 4 KB page the first time it is
// touched, and on a virtual machine a fault can cost 10 us or more: over
// 2 s of CPU per GB. For the few large arrays quarry fills right after
// allocating them (the column blocks of a big syslog file, the slot arrays
// and key pages of a high-cardinality summarize), asking for 2 MB pages
// turns 512 faults into one. The advice is only a hint: it changes no
// value, does nothing where unsupported (other systems, base pages other
// than 4 KB, GODEBUG=disablethp=1), and memory the Go runtime reuses keeps
// the pages it has.
package hugemem

import "unsafe"

// hugePage is the size of a transparent huge page with 4 KB base pages.
const hugePage = 2 << 20

// Slice returns make([]T, n), with the 2 MB-aligned part of it, if the
// slice spans at least two huge pages, advised to the kernel as huge-page
// backed.
func Slice[T any](n int) []T {
	s := make([]T, n)
	var zero T
	size := uintptr(n) * unsafe.Sizeof(zero)
	if size < 2*hugePage {
		return s
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	start := uintptr(p)
	lo := (start + hugePage - 1) &^ (hugePage - 1)
	hi := (start + size) &^ (hugePage - 1)
	if hi > lo {
		advise(unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo))
	}
	return s
}

// Bytes returns a zeroed []byte of length and capacity n that, from 2 MB
// on, starts on a 2 MB boundary with all its whole huge pages advised, so
// that filling it (reading a file chunk into it) faults 2 MB at a time. It
// allocates up to 2 MB more than n to align; the bytes outside the
// returned slice are never touched (and, holding no pointers, never read
// by the garbage collector), which costs address space, not memory.
func Bytes(n int) []byte {
	if n < hugePage {
		return make([]byte, n)
	}
	b := make([]byte, n+hugePage)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	off := int(((start + hugePage - 1) &^ (hugePage - 1)) - start)
	whole := (n + hugePage - 1) &^ (hugePage - 1)
	if off+whole > len(b) {
		whole -= hugePage
	}
	advise(b[off : off+whole])
	return b[off : off+n : off+n]
}
