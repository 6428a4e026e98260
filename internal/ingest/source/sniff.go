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
