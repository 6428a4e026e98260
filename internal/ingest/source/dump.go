package source

import (
	"fmt"
	"strings"
)

// Dump renders the sink canonically, for golden tests and debugging: per
// table its name, schema and rows (one per line, cells in Value.String
// form, empty strings and nulls left out as name=value pairs), then the bad
// records.
func (s *Sink) Dump() string {
	var b strings.Builder
	for _, name := range s.Names() {
		t := s.tables[name]
		fmt.Fprintf(&b, "table %s (%d rows)\n", name, t.Len())
		for _, batch := range t.batches {
			for i := 0; i < batch.Len; i++ {
				b.WriteString(" ")
				for c, f := range t.schema {
					v := batch.Cols[c].Value(i)
					if v.IsNull() || v.Text() == "" {
						continue
					}
					fmt.Fprintf(&b, " %s=%s", f.Name, v.String())
				}
				b.WriteString("\n")
			}
		}
	}
	for _, r := range s.bad {
		fmt.Fprintf(&b, "bad %s\n", r.Error())
	}
	return b.String()
}
