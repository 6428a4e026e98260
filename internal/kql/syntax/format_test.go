package syntax

import (
	"strings"
	"testing"
)

// formatCases maps an input query to its canonical form ("" means the
// input is already canonical).
var formatCases = []struct{ in, want string }{
	// Oddities found in Sentinel content.
	{`T | extend m = ParseAuth.[0].authenticationMethod`, "T\n| extend m = ParseAuth[0].authenticationMethod"},
	{`T | summarize a=dcount(x), b=make_set(y), by bin(t, 1h)`, "T\n| summarize a = dcount(x), b = make_set(y) by bin(t, 1h)"},
	{`T | project round(FailureRate = a / b * 100)`, "T\n| project round(FailureRate = a / b * 100)"},
	{`T | extend (A, B, C) = series_decompose_anomalies(x)`, ""},
	{`T | join kind = rightanti (U) on X`, "T\n| join kind=rightanti (U) on X"},
	{`T | mv-expand IPAddress = DistinctAddresses`, ""},
	{`T | summarize count() by AccountUPN = tolower(AccountUPN)`, ""},
	{`union isfuzzy=True T1, T2`, "union isfuzzy=true T1, T2"},
	{`union isfuzzy=true f("SigninLogs"), T2`, ""},
	{`T | union T2`, ""},
	{`let f = (tableName:string){ table(tableName) | where x > 1 };` + "\nf(\"A\")", "let f = (tableName:string) {\n    table(tableName)\n    | where x > 1\n};\nf(\"A\")"},
	{`let f = (T:(*)) { T | take 1 }; f(S)`, "let f = (T:(*)) {\n    T\n    | take 1\n};\nf(S)"},
	{`let f = (a:long, b:string = "x") { a + 1 }; print f(1)`, "let f = (a:long, b:string = \"x\") {\n    a + 1\n};\nprint f(1)"},
	{`let f = () { let y = 2; y * 3 }; print f()`, "let f = () {\n    let y = 2;\n    y * 3\n};\nprint f()"},
	{`let n = toscalar(T | count); print n`, "let n = toscalar(T | count);\nprint n"},
	{`let M = materialize(T | where a); M`, "let M = materialize(T | where a);\nM"},
	{`T | join (U) on $left.A == $right.B`, ""},
	{`T | join (U) on A, $left.B == $right.C and $left.D == $right.E`, "T\n| join (U) on A, $left.B == $right.C, $left.D == $right.E"},
	{`T | where * has "x"`, ""},
	{`T | summarize arg_max(TimeGenerated, *) by X`, ""},
	{`T | join kind=inner hint.strategy=broadcast (U) on X`, ""},
	{`T | order by todatetime(x['logon_time']) asc`, "T\n| order by todatetime(x[\"logon_time\"]) asc"},
	{`T | make-series c=count() default=0 on TimeGenerated from ago(7d) to now() step 1h by X`, "T\n| make-series c = count() default = 0 on TimeGenerated from ago(7d) to now() step 1h by X"},
	{`T | make-series count() on TimeGenerated in range(s, e, 1d)`, ""},
	{`T | make-series count() on TimeGenerated step 1h`, ""},
	{`T | evaluate bag_unpack(col)`, ""},
	{`T | evaluate bag_unpack(col, 'p_'):(*,p_a:string,b:long)`, "T\n| evaluate bag_unpack(col, \"p_\") : (*, p_a:string, b:long)"},
	{`T | evaluate ipv4_lookup(L, a, b, return_unmatched = false)`, ""},
	{`T | render timechart with (title="x", ycolumns=a, b)`, ""},
	{`range x from 1 to 10 step 1`, ""},
	{`datatable(A:string, B:long)['x', 1, 'y', 2]`, "datatable(A:string, B:long) [\"x\", 1, \"y\", 2]"},
	{`print a=1, 2`, "print a = 1, 2"},
	{`T | parse kind=relaxed Msg with * "invalid user " user " from " ip " port" port:int " ssh2" *`, ""},
	{`externaldata(a:string)["https://x/y.csv"] with (format="csv")`, "externaldata(a:string) [\"https://x/y.csv\"] with (format=\"csv\")"},
	{`T | where count > 5 | project table, project`, "T\n| where count > 5\n| project table, project"},
	// Operators.
	{`T | filter a == 1`, "T\n| where a == 1"},
	{`T | project-away a, b*, *1`, ""},
	{`T | project-keep a*`, ""},
	{`T | project-rename n = o, m = p`, ""},
	{`T | project-reorder b, a* asc, c granny-desc`, ""},
	{`T | sort by a asc nulls last, b`, ""},
	{`T | top 5 by a desc nulls first`, ""},
	{`T | take 10 | limit 5`, "T\n| take 10\n| limit 5"},
	{`T | distinct *`, ""},
	{`T | distinct a, b`, ""},
	{`T | count`, ""},
	{`T | summarize hint.strategy=shuffle count() by a`, ""},
	{`T | summarize by a`, ""},
	{`T | union kind=inner withsource=Src Security*, (U | where x)`, "T\n| union kind=inner withsource=Src Security*, (\n    U\n    | where x\n)"},
	{`T | lookup kind=leftouter (D) on k`, ""},
	{`T | mvexpand a limit 10`, ""},
	{`T | mv-expand kind=array with_itemindex=i a to typeof(string), b`, ""},
	{`T | mv-apply x = arr to typeof(long) on (top 1 by x)`, ""},
	{`T | mv-apply x = arr on (where x > 1 | summarize sum(x))`, "T\n| mv-apply x = arr on (\n    where x > 1\n    | summarize sum(x)\n)"},
	{`T | parse-where s with "a=" a:long ", b=" b`, ""},
	{`T | parse kind=regex flags=Ui s with "a=" a "(x|y)"`, ""},
	{`T | parse-kv s as (a:string, b:long) with (pair_delimiter=",", kv_delimiter="=")`, ""},
	{`T | serialize rn = row_number()`, ""},
	{`T | serialize`, ""},
	{`T | getschema`, ""},
	{`T | sample 10`, ""},
	{`T | sample-distinct 5 of a`, ""},
	{`T | as hint.materialized=true X`, ""},
	{`T | invoke f(1)`, ""},
	{`T | top-nested 3 of a with others = "other" by c = count() desc, of b by sum(x)`, ""},
	{`T | top-hitters 5 of a by b`, ""},
	{`T | facet by a, b with (take 3)`, ""},
	{`T | search "x"`, ""},
	{`search in (T, U) Col:"x" and "y"`, ""},
	{`search kind=case_sensitive "x"`, ""},
	{`T | fork (take 1) named=(count)`, ""},
	{`T | partition hint.strategy=native by a (take 1)`, ""},
	{`T | where a in~ ("x") and b !in~ ("y") and c has_all ("p", "q")`, ""},
	{`T | where a !between (1 .. 5) and b between (datetime(2020-01-01) .. now())`, ""},
	// Statements.
	{`set querytrace; T`, "set querytrace;\nT"},
	{`set truncationmaxrecords = 10; T`, "set truncationmaxrecords = 10;\nT"},
	{`declare query_parameters(n:long = 10, s:string); T | take n`, "declare query_parameters(n:long = 10, s:string);\nT\n| take n"},
	{`let v = view () { T }; v`, "let v = view () {\n    T\n};\nv"},
	{`let T = (A | where x); T`, "let T = (\n        A\n        | where x\n    );\nT"},
	{`let a = 1; let b = 2;`, "let a = 1;\nlet b = 2;"},
	{`['My Table'] | project ['a b'], ['and']`, "[\"My Table\"]\n| project [\"a b\"], [\"and\"]"},
}

func TestFormat(t *testing.T) {
	for _, tc := range formatCases {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		want := tc.want
		if want == "" {
			want = strings.ReplaceAll(tc.in, " | ", "\n| ")
		}
		if got := Format(q); got != want {
			t.Errorf("Format(%q):\n got %q\nwant %q", tc.in, got, want)
		}
		checkRoundTrip(t, q)
	}
}
