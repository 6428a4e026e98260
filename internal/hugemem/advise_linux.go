//go:build linux && (amd64 || arm64)

package hugemem

import (
	"os"
	"strings"
	"syscall"
)

// allowed is false when GODEBUG=disablethp=1 asks the Go runtime to keep
// transparent huge pages off its heap, or when base pages are not 4 KB
// (hugePage would be wrong).
var allowed = !strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") && os.Getpagesize() == 4096

// advise marks b (2 MB-aligned, a whole number of huge pages) as a
// transparent huge page candidate: with the kernel's usual "madvise"
// setting its pages are then faulted in 2 MB at a time. Errors (a kernel
// without THP) are ignored; the advice changes no contents.
func advise(b []byte) {
	if allowed {
		_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	}
}
