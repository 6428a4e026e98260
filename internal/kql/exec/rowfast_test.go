package exec_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"quarry/internal/kql"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// TestRowFastPathsMatchGeneric runs queries that take the hashed tabular
// `in` (expr_inquery.go) and the vectorized and/or (expr_logic.go), and
// their fallbacks, with and without the fast paths: the results must be
// the same, and match the expected values.
func TestRowFastPathsMatchGeneric(t *testing.T) {
	const rows = `let T = datatable(s:string, n:long, b:bool, c:bool)[
		"a", 1, true, false, "b", 2, false, false, "", 3, true, true, "1", long(null), bool(null), true,
		"c", 5, bool(null), bool(null), "2", 6, false, bool(null)];`
	cases := []struct{ q, want string }{
		{`T | where s in (T | where n <= 2 | project s) | project s`, "a|b"},
		{`T | where s !in (T | where n <= 2 | project s) | project s`, "|1|c|2"},
		{`T | where s in ("c", T | where n == 2 | project s) | project s`, "b|c"},
		// a long list: lenient equality, the generic path
		{`T | where s in (T | project n) | project s`, "1|2"},
		{`T | where s in (datatable(d:dynamic)[dynamic("a"), dynamic(null), dynamic(["b"])] | project d) | project s`, "a"},
		{`T | where s in (T | where n > 100 | project s) | project s`, ""},
		{`T | extend x = b and c, y = b or c | project r = strcat(tostring(x), "/", tostring(y))`,
			"false/true|false/false|true/true|/true|/|false/"},
		{`T | where b and c or n == 6 | project s`, "|2"},
		{`T | where not(b or c) | project s`, "b"},
	}
	for _, c := range cases {
		var got [2]string
		for i, fast := range []bool{false, true} {
			exec.SetRowFastPaths(fast)
			p, err := kql.Compile(rows+c.q, table.NewSet())
			if err != nil {
				exec.SetRowFastPaths(true)
				t.Fatalf("%s: %v", c.q, err)
			}
			res, err := p.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: 2})
			if err != nil {
				exec.SetRowFastPaths(true)
				t.Fatalf("%s: %v", c.q, err)
			}
			s := ""
			for r := 0; r < res.Batch.Len; r++ {
				if r > 0 {
					s += "|"
				}
				s += fmt.Sprint(res.Batch.Cols[0].Value(r).S)
			}
			got[i] = s
		}
		exec.SetRowFastPaths(true)
		if got[0] != got[1] {
			t.Errorf("%s: generic %q, fast %q", c.q, got[0], got[1])
		}
		if got[1] != c.want {
			t.Errorf("%s: got %q, want %q", c.q, got[1], c.want)
		}
	}
}
