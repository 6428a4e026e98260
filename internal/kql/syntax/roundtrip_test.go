package syntax

import "testing"

// TestRoundTripAdversarial covers names, literals and nesting that the
// printer must quote or parenthesize to keep the round trip exact.
func TestRoundTripAdversarial(t *testing.T) {
	for _, src := range adversarialQueries {
		q, err := Parse(src)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		checkRoundTrip(t, q)
	}
}

// adversarialQueries are valid queries with names, literals and nesting
// that are easy to print wrongly; they also seed FuzzParse.
var adversarialQueries = []string{
	"T | project ['by'], ['a*'], ['1x'], ['$left'], ['h'], ['print']",
	"T | project-away ['a b*'], ['x*5m']",
	"['print'] | take 1",
	"print x = -(-1), y = - -2, z = 1 - -2, w = -a.b",
	"print dynamic([-1, +2, -0x1F, 'a\"b', {\"k'\": null}])",
	"print \"a'b\\\"c\", 'x\"y', @'q\"w', h@'z'",
	"T | where a == b == c and (d or e)",
	"T | where (a in (1)) in (true)",
	"T | where a between (1 .. 2) between (true .. false)",
	"T | extend x = (T2 | count)",
	"T | where x in ((T2 | project a))",
	"print toscalar((T | count))",
	"T | mv-expand ['kind'] = x",
	"T | summarize ['by'] = count() by ['on']",
	"T | parse x with ['a b']:long \"x\" *",
	"T | sort by ['asc'] asc",
	"T | top-nested of ['of'] by count()",
	"let ['my f'] = (['a b']:string) { ['a b'] }; print ['a b']",
	"T | project a.b.['c'].d[0][-1]",
	"T | where x.true == x.and",
	"search Col:\"x\" or *",
	"union (T), (U | take 1) | take 2",
	"T | join (union A, B) on x",
	"T | where é > 1 | project ñ",
	"print 1.0, 1e30, 1.5e-7, 0.1",
	"print real(1), real(-1.5e3), decimal(-1), int(-2147483648)",
	"print datetime(2020-01-01 00:00), timespan(-1.00:00:00), timespan(1h)",
	"print guid(null), dynamic(null), string(null)",
	"T | extend x = case(a, 1, 2)\n| render piechart with (kind=map, xcolumn=a, ycolumns=b, c)",
	"T | evaluate hint.distribution=per_node bag_unpack(x, 'p_')",
	"T | evaluate bag_unpack(d) : (*, Name:string, ['a b']:long)",
	"T | evaluate bag_unpack(d, 'p_'):(p_x:dynamic) | evaluate bag_unpack(e) : (*)",
	"let x = view () { T | take 1 }; x",
	"datatable(a:long)[]",
	"T | where a !in~ (b) and c !contains_cs d and e !hasprefix_cs f",
	"T | fork a=(take 1) (count)",
	"T | facet by a with take 1",
	"T | as ['asc']",
	"print x = 1 | as y | project x",
}
