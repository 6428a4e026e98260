package source

import (
	"bytes"
	"strings"
)

// JSONHead returns head without leading white space and byte-order mark,
// and whether what remains starts like a JSON object or array ('{' or
// '['). JSON families call it first in Sniff.
func JSONHead(head []byte) ([]byte, bool) {
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	return h, len(h) > 0 && (h[0] == '{' || h[0] == '[')
}

// HasKey reports whether h contains key as a quoted JSON string ("key").
func HasKey(h []byte, key string) bool {
	return bytes.Contains(h, []byte(`"`+key+`"`))
}

// SniffLines returns up to n non-empty lines of head, trimmed of white
// space. When head is a full SniffSize sample its last, possibly cut, line
// is left out.
func SniffLines(head []byte, n int) []string {
	if len(head) >= SniffSize {
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i]
		}
	}
	var out []string
	for _, l := range strings.Split(string(head), "\n") {
		if l = strings.TrimSpace(l); l != "" && len(out) < n {
			out = append(out, l)
		}
	}
	return out
}

// LineScore turns how many of n sample lines a line-oriented family parsed
// into a sniff confidence: 90 when at least 80% parse, 60 when at least
// half do, low when some do, 0 when none do.
func LineScore(good, n, low int) int {
	switch {
	case n == 0 || good == 0:
		return 0
	case good*10 >= n*8:
		return 90
	case good*2 >= n:
		return 60
	}
	return low
}
