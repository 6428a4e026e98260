//go:build !(linux && (amd64 || arm64))

package hugemem

// advise does nothing where transparent huge pages are not available
// through madvise.
func advise([]byte) {}
