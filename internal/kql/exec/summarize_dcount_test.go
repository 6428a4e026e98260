package exec_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/exec"
	"quarry/internal/table"
)

// dcountTable returns rows of a key g (300 groups, and a group "big" of
// more than exactLimit distinct values), a small long key k, a string s
// (empty now and then), a long n and an int i (null now and then), a
// dynamic d (strings, numbers, empty strings, nulls), bools p and q
// (null now and then), a dynamic bool dp and the row number j, in
// batches of 700 rows.
func dcountTable(rows int) (table.Catalog, [][]column.Value) {
	schema := column.Schema{{Name: "g", Type: column.String}, {Name: "k", Type: column.Long}, {Name: "s", Type: column.String},
		{Name: "n", Type: column.Long}, {Name: "i", Type: column.Int}, {Name: "d", Type: column.Dynamic},
		{Name: "p", Type: column.Bool}, {Name: "q", Type: column.Bool}, {Name: "dp", Type: column.Dynamic}, {Name: "j", Type: column.Long}}
	r := rand.New(rand.NewSource(11))
	orNull := func(v column.Value, t column.Type, one int) column.Value {
		if r.Intn(one) == 0 {
			return column.NullOf(t)
		}
		return v
	}
	var batches []*column.Batch
	var all [][]column.Value
	for from := 0; from < rows; from += 700 {
		b := column.NewBatch(schema, 700)
		for j := from; j < min(rows, from+700); j++ {
			g := "k" + strconv.Itoa(r.Intn(300))
			s := "user" + strconv.Itoa(r.Intn(60)) + "@contoso.com"
			if r.Intn(4) == 0 {
				g, s = "big", "acct-"+strconv.Itoa(j) // all distinct
			}
			if r.Intn(15) == 0 {
				s = ""
			}
			var d any
			switch r.Intn(5) {
			case 0:
				d = "v" + strconv.Itoa(r.Intn(30))
			case 1:
				d = float64(r.Intn(30))
			case 2:
				d = ""
			case 3:
				d = int64(r.Intn(30))
			}
			row := []column.Value{column.StringValue(g), column.LongValue(int64(r.Intn(5))), column.StringValue(s),
				orNull(column.LongValue(r.Int63n(80)-40), column.Long, 10), orNull(column.IntValue(int64(r.Intn(50))), column.Int, 7),
				column.DynamicValue(d), orNull(column.BoolValue(r.Intn(3) == 0), column.Bool, 9),
				orNull(column.BoolValue(r.Intn(2) == 0), column.Bool, 5), column.DynamicValue(r.Intn(2) == 0), column.LongValue(int64(j))}
			b.AppendRow(row)
			all = append(all, row)
		}
		batches = append(batches, b)
	}
	return table.NewSet(parallelTable{table.NewMemory("T", schema, batches...)}), all
}

// TestDcountFastPathMatchesGeneric runs summarizes with dcount and
// dcountif over string, long, int and dynamic columns, with nulls, empty
// strings, null, false, constant and dynamic predicates, many groups
// over several batches, 1 and 2 workers (merges), a having (lazy
// aggregates) and a group past the exact set: the fast path
// (summarize_dcount.go) must give what the generic one gives, and the
// exact counts a Go map gives.
func TestDcountFastPathMatchesGeneric(t *testing.T) {
	cat, rows := dcountTable(24000)
	queries := []string{
		`T | summarize a = dcount(s), b = dcountif(s, p), c = dcount(n), e = dcountif(n, q), f = dcount(i), h = dcountif(i, p),
			x = dcount(d), y = dcountif(d, p), z = dcountif(s, dp), w = dcount(s, 0), v = dcountif(n, p, 4) by g`,
		`T | summarize a = dcountif(s, true), b = dcountif(s, false), c = dcountif(n, bool(null)), e = dcountif(i, 1 == 1),
			f = dcountif(s, p and q), h = dcountif(s, n > 0) by k`,
		`T | summarize a = dcount(s), b = dcountif(n, p), c = dcount(i), e = dcountif(s, isnull(n))`,
		// past the exact set: estimates from the hashes' registers
		`T | summarize a = dcount(j), b = dcountif(j, q), c = dcount(toint(j)), e = dcount(tostring(j)), f = dcount(j, 0) by j % 2`,
		`T | where g != "big" | summarize c = count(), a = dcountif(s, p), b = dcount(n), e = make_set(i, 3) by g | where c > 60`,
		`T | summarize c = count(), a = dcountif(s, p), b = dcount(n) by g, k | where a > 3`,
		`T | extend s2 = strcat(s, k), n2 = n * 2 | summarize a = dcount(s2), b = dcountif(n2, p), c = dcount(tostring(n)) by k`,
		`T | summarize h = hll(s), a = dcount(s) by k | extend e = dcount_hll(h) | project-away h`,
		`T | summarize a = dcount(s), b = dcountif(s, q) by g, k | summarize a = dcount(a), b = dcountif(b, b > 2), c = sum(a) by k`,
	}
	for _, q := range queries {
		for _, workers := range []int{1, 2} {
			exec.SetRowFastPaths(false)
			want, err := queryLines(q, cat, workers)
			exec.SetRowFastPaths(true)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			got := runLines(t, q, cat, workers)
			if len(want) == 0 {
				t.Fatalf("%s: no rows", q)
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Errorf("%s, %d workers: fast\n%s\ngeneric\n%s", q, workers, got[i], want[i])
						break
					}
				}
				t.Errorf("%s, %d workers: %d rows, generic %d (or different rows)", q, workers, len(got), len(want))
			}
		}
	}

	// The exact counts of the first query's a, b, c and f, from a map.
	type key struct{ g, col string }
	sets := map[key]map[string]bool{}
	add := func(g, col, v string) {
		k := key{g, col}
		if sets[k] == nil {
			sets[k] = map[string]bool{}
		}
		sets[k][v] = true
	}
	for _, row := range rows {
		g, s, n, i, p := row[0].S, row[2].S, row[3], row[4], row[6]
		if s != "" {
			add(g, "a", s)
			if p.Bool() {
				add(g, "b", s)
			}
		}
		if !n.IsNull() {
			add(g, "c", strconv.FormatInt(n.I, 10))
		}
		if !i.IsNull() {
			add(g, "f", strconv.FormatInt(i.I, 10))
		}
	}
	lines := runLines(t, `T | summarize a = dcount(s), b = dcountif(s, p), c = dcount(n), f = dcount(i) by g`, cat, 2)
	if len(lines) != 301 {
		t.Fatalf("%d groups, want 301", len(lines))
	}
	for _, line := range lines {
		f := strings.Split(line, "|")
		f[0] = strings.Trim(f[0], `"`)
		for c, col := range []string{"a", "b", "c", "f"} {
			want := len(sets[key{f[0], col}])
			if want > 4096 { // past the exact set: an estimate
				if got, _ := strconv.Atoi(f[c+1]); got < want*97/100 || got > want*103/100 {
					t.Errorf("group %q: %s = %d, want about %d", f[0], col, got, want)
				}
				continue
			}
			if f[c+1] != fmt.Sprint(want) {
				t.Errorf("group %s: %s = %s, want %d", f[0], col, f[c+1], want)
			}
		}
	}
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, `"big"|`) }) || len(sets[key{"big", "a"}]) <= 4096 {
		t.Errorf("no group past the exact set")
	}
}
