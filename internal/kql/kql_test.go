package kql

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"quarry/internal/kql/syntax"
	"quarry/internal/table"
)

var testNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// render prints a result canonically: a "name:type, ..." header line, then
// one line per row with the cells' Value.String joined by ", ".
func render(res *Result) string {
	var sb strings.Builder
	sb.WriteString(res.Schema.String())
	sb.WriteByte('\n')
	cells := make([]string, len(res.Batch.Cols))
	for i := 0; i < res.Batch.Len; i++ {
		for c, v := range res.Batch.Cols {
			cells[c] = v.Value(i).String()
		}
		sb.WriteString(strings.Join(cells, ", "))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// runQuery compiles and runs src, failing the test on error.
func runQuery(t testing.TB, src string, cat table.Catalog, workers int) string {
	t.Helper()
	p, err := Compile(src, cat)
	if err != nil {
		var el syntax.ErrorList
		if errors.As(err, &el) {
			t.Fatalf("compile:\n%s", el.Render("query", src))
		}
		t.Fatalf("compile: %v", err)
	}
	res, err := p.Run(context.Background(), Options{Now: testNow, Workers: workers})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return render(res)
}

type queryCase struct {
	name, query, want string
}

func runCases(t *testing.T, cat table.Catalog, cases []queryCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := runQuery(t, c.query, cat, 1)
			want := strings.TrimLeft(c.want, "\n")
			if got != want {
				t.Errorf("query:\n%s\ngot:\n%s\nwant:\n%s", c.query, got, want)
			}
		})
	}
}

// The seed query, verbatim. Failures per user, IP and 5-minute bin:
// a@x 7 in 10:00 (and 3 in 10:05), b@x 6 in 11:00, d@x 8 in 12:10 (its
// 50074 row is not in the list), c@x only succeeds.
const seedQuery = `SigninLogs
| where ResultType in ("50126", "50053", "50055", "50056") // Invalid username/password, account locked, etc.
| summarize FailedCount = count() by IPAddress, UserPrincipalName, bin(TimeGenerated, 5m)
| where FailedCount > 5 // Threshold for suspicious activity
| project IPAddress, UserPrincipalName, FailedCount, TimeGenerated
| order by FailedCount desc`

func TestSeedQuery(t *testing.T) {
	runCases(t, testCatalog(), []queryCase{{"seed", seedQuery, `
IPAddress:string, UserPrincipalName:string, FailedCount:long, TimeGenerated:datetime
"2.2.2.2", "d@x.com", 8, 2024-01-01T12:10:00Z
"1.1.1.1", "a@x.com", 7, 2024-01-01T10:00:00Z
"2.2.2.2", "b@x.com", 6, 2024-01-01T11:00:00Z
`}})
}

func TestSeedSchema(t *testing.T) {
	p, err := Compile(seedQuery, testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Schema().String(), "IPAddress:string, UserPrincipalName:string, FailedCount:long, TimeGenerated:datetime"; got != want {
		t.Errorf("schema %s, want %s", got, want)
	}
}

func TestTableOperators(t *testing.T) {
	runCases(t, testCatalog(), []queryCase{
		{"summarize by Type", `SigninLogs | summarize count() by UserPrincipalName, Type`, `
UserPrincipalName:string, Type:string, count_:long
"a@x.com", "SigninLogs", 10
"b@x.com", "SigninLogs", 6
"c@x.com", "SigninLogs", 9
"d@x.com", "SigninLogs", 9
`},
		{"where take project", `SigninLogs | where UserPrincipalName == "a@x.com" | take 3 | project TimeGenerated`, `
TimeGenerated:datetime
2024-01-01T10:00:00Z
2024-01-01T10:00:20Z
2024-01-01T10:00:40Z
`},
		{"dcount make_set", `SigninLogs | summarize dcount(IPAddress), make_set(ResultType) by UserPrincipalName | order by UserPrincipalName asc`, `
UserPrincipalName:string, dcount_IPAddress:long, set_ResultType:dynamic
"a@x.com", 1, ["50126"]
"b@x.com", 1, ["50053"]
"c@x.com", 1, ["0"]
"d@x.com", 1, ["50055","50056","50074"]
`},
		{"leftouter join suffix", `SigninLogs | join kind=leftouter Users on UserPrincipalName | summarize count() by UserPrincipalName, Dept, UserPrincipalName1`, `
UserPrincipalName:string, Dept:string, UserPrincipalName1:string, count_:long
"a@x.com", "sales", "a@x.com", 10
"b@x.com", "it", "b@x.com", 6
"c@x.com", "", "", 9
"d@x.com", "", "", 9
`},
		{"and or startswith", `SigninLogs | where UserPrincipalName == "a@x.com" and ResultType != "0" or IPAddress startswith "3." | summarize count() by IPAddress`, `
IPAddress:string, count_:long
"1.1.1.1", 10
"3.3.3.3", 9
`},
		{"between datetimes", `SigninLogs | where TimeGenerated between (datetime(2024-01-01 10:00) .. datetime(2024-01-01 10:01)) | count`, `
Count:long
8
`},
		{"string column vs number", `SigninLogs | where ResultType == 50126 | count`, `
Count:long
10
`},
		{"top desc", `SigninLogs | top 2 by TimeGenerated desc | project TimeGenerated, UserPrincipalName`, `
TimeGenerated:datetime, UserPrincipalName:string
2024-01-01T12:12:20Z, "d@x.com"
2024-01-01T12:12:00Z, "d@x.com"
`},
		{"summarize by only", `SigninLogs | summarize by Type`, `
Type:string
"SigninLogs"
`},
		{"table function", `let f = (tableName:string) { table(tableName) | count }; f("Users")`, `
Count:long
3
`},
	})
}

func TestProjectFamily(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"extend replaces, rename, reorder", `datatable(a:long, b:string, c:real)[1,"x",1.5, 2,"y",real(null), 3,"z",-1.0]
| extend d = a * 2, b = toupper(b)
| project-rename B = b
| project-reorder c, B`, `
c:real, B:string, a:long, d:long
1.5, "X", 1, 2
null, "Y", 2, 4
-1, "Z", 3, 6
`},
		{"project-away wildcard", `datatable(a:long, ab:long, b:string)[1,2,"x"] | project-away a*`, `
b:string
"x"
`},
		{"project-keep wildcard", `datatable(a:long, ab:long, b:string)[1,2,"x"] | project-keep a*`, `
a:long, ab:long
1, 2
`},
		{"dynamic access names", `datatable(d:dynamic)[dynamic({"a":{"b":[10,20]}})] | project d.a.b[1], d["a"].b[-1], x = d.a`, `
d_a_b_1:dynamic, d_a_b__1:dynamic, x:dynamic
20, 20, {"b":[10,20]}
`},
		{"column_ifexists", `datatable(a:long)[1] | extend b = column_ifexists("a", 0), c = column_ifexists("zz", "dflt")`, `
a:long, b:long, c:string
1, 1, "dflt"
`},
		{"pack_all", `datatable(a:long, b:string)[1, "x"] | extend p = pack_all()`, `
a:long, b:string, p:dynamic
1, "x", {"a":1,"b":"x"}
`},
		{"filter pushed below extend", `datatable(x:long)[1,2,3] | extend y = x + 1 | where y > 2 | project y`, `
y:long
3
4
`},
		{"print names", `print 1 + 2, x = "a", now(), ago(1h)`, `
print_0:long, x:string, print_2:datetime, print_3:datetime
3, "a", 2024-01-01T00:00:00Z, 2023-12-31T23:00:00Z
`},
		{"range long", `range i from 1 to 5 step 2`, `
i:long
1
3
5
`},
		{"range datetime", `range t from datetime(2024-01-01) to datetime(2024-01-01 02:00) step 1h`, `
t:datetime
2024-01-01T00:00:00Z
2024-01-01T01:00:00Z
2024-01-01T02:00:00Z
`},
		{"getschema", `datatable(x:long, y:string)[1,"a"] | getschema`, `
ColumnName:string, ColumnOrdinal:int, DataType:string, ColumnType:string
"x", 0, "System.Int64", "long"
"y", 1, "System.String", "string"
`},
	})
}

func TestSortTopTakeDistinct(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"asc nulls first", `datatable(x:long)[3, long(null), 1, 2] | sort by x asc`, "x:long\nnull\n1\n2\n3\n"},
		{"desc default, NaN next to null", `datatable(x:real)[3, real(null), 1, real(nan), 2] | sort by x`, "x:real\n3\n2\n1\nNaN\nnull\n"},
		{"two keys", `datatable(x:long, y:string)[1,"b", 1,"a", 2,"c"] | sort by x desc, y asc`, `
x:long, y:string
2, "c"
1, "a"
1, "b"
`},
		{"top", `datatable(x:long)[5,3,9,1] | top 2 by x`, "x:long\n9\n5\n"},
		{"sort take is top", `datatable(x:long)[5,3,9,1] | sort by x asc | take 3`, "x:long\n1\n3\n5\n"},
		{"distinct cols", `datatable(x:long, y:string)[1,"a",1,"a",2,"b"] | distinct x, y`, "x:long, y:string\n1, \"a\"\n2, \"b\"\n"},
		{"distinct star", `datatable(x:long, y:string)[1,"a",1,"a",2,"b"] | distinct *`, "x:long, y:string\n1, \"a\"\n2, \"b\"\n"},
		{"count", `datatable(x:long)[1,2,3] | count`, "Count:long\n3\n"},
		{"sample", `range x from 1 to 100 step 1 | sample 3 | count`, "Count:long\n3\n"},
	})
}

func TestSummarizeAndNulls(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"empty no by", `datatable(x:long)[] | summarize count(), sum(x)`, "count_:long, sum_x:long\n0, 0\n"},
		{"empty with by", `datatable(x:long, k:string)[] | summarize count() by k`, "k:string, count_:long\n"},
		{"nulls skipped", `datatable(x:long, k:string)[1,"a", long(null),"a", 3,"b"] | summarize c=count(), s=sum(x), m=max(x) by k`, `
k:string, c:long, s:long, m:long
"a", 2, 1, 1
"b", 1, 3, 3
`},
		{"where drops null", `datatable(x:long)[1, long(null), 3] | where x > 1`, "x:long\n3\n"},
		{"null != value is true", `datatable(x:long)[1, long(null), 3] | where x != 1`, "x:long\nnull\n3\n"},
		{"expression over aggregates", `datatable(x:long)[1,2,3] | summarize pct = 100.0 * countif(x > 1) / count()`, "pct:real\n66.66666666666667\n"},
		{"arg_max star by", `datatable(k:string, t:long, v:string)["a",1,"old","a",2,"new","b",5,"only"] | summarize arg_max(t, *) by k`, `
k:string, t:long, v:string
"a", 2, "new"
"b", 5, "only"
`},
		{"merged wheres", `datatable(x:long)[1,2,3] | where x > 1 | where x < 3`, "x:long\n2\n"},
	})
}

func TestJoinKinds(t *testing.T) {
	const lr = `let L = datatable(k:string, a:long)['x',1,'y',2,'y',3,'',4];
let R = datatable(k:string, b:long)['y',10,'z',20,'',30];
`
	runCases(t, nil, []queryCase{
		{"innerunique doc example", `let X = datatable(Key:string, Value1:long)['a',1,'b',2,'b',3,'c',4];
let Y = datatable(Key:string, Value2:long)['b',10,'c',20,'c',30,'d',40];
X | join Y on Key`, `
Key:string, Value1:long, Key1:string, Value2:long
"b", 2, "b", 10
"c", 4, "c", 20
"c", 4, "c", 30
`},
		{"inner", lr + `L | join kind=inner R on k`, `
k:string, a:long, k1:string, b:long
"y", 2, "y", 10
"y", 3, "y", 10
"", 4, "", 30
`},
		{"leftouter", lr + `L | join kind=leftouter R on k`, `
k:string, a:long, k1:string, b:long
"x", 1, "", null
"y", 2, "y", 10
"y", 3, "y", 10
"", 4, "", 30
`},
		{"rightouter", lr + `L | join kind=rightouter R on k`, `
k:string, a:long, k1:string, b:long
"y", 2, "y", 10
"y", 3, "y", 10
"", 4, "", 30
"", null, "z", 20
`},
		{"fullouter", lr + `L | join kind=fullouter R on k`, `
k:string, a:long, k1:string, b:long
"x", 1, "", null
"y", 2, "y", 10
"y", 3, "y", 10
"", 4, "", 30
"", null, "z", 20
`},
		{"leftsemi", lr + `L | join kind=leftsemi R on k`, "k:string, a:long\n\"y\", 2\n\"y\", 3\n\"\", 4\n"},
		{"leftanti", lr + `L | join kind=leftanti R on k`, "k:string, a:long\n\"x\", 1\n"},
		{"rightsemi", lr + `L | join kind=rightsemi R on k`, "k:string, b:long\n\"y\", 10\n\"\", 30\n"},
		{"rightanti", lr + `L | join kind=rightanti R on k`, "k:string, b:long\n\"z\", 20\n"},
		{"null keys never match", `let L = datatable(k:long, a:long)[1,1, long(null),2];
let R = datatable(k2:long, b:long)[1,10, long(null),20];
L | join kind=inner R on $left.k == $right.k2`, "k:long, a:long, k2:long, b:long\n1, 1, 1, 10\n"},
		{"lookup", `let L = datatable(k:string, a:long)['x',1,'y',2];
let R = datatable(k:string, b:long)['y',10];
L | lookup R on k`, "k:string, a:long, b:long\n\"x\", 1, null\n\"y\", 2, 10\n"},
	})
}

func TestUnionLetAndMore(t *testing.T) {
	runCases(t, nil, []queryCase{
		{"type suffixes", `union (datatable(a:long)[1]), (datatable(a:string)["s"])`, "a_long:long, a_string:string\n1, \"\"\nnull, \"s\"\n"},
		{"withsource", `union withsource=T (datatable(a:long)[1]), (datatable(b:long)[2])`, `
T:string, a:long, b:long
"union_arg0", 1, null
"union_arg1", null, 2
`},
		{"kind inner", `union kind=inner (datatable(a:long, b:long)[1, 2]), (datatable(b:long)[3])`, "b:long\n2\n3\n"},
		{"operator", `datatable(a:long)[1] | union (datatable(a:long)[2])`, "a:long\n1\n2\n"},
		{"tabular param and default", `let f = (T:(*), n:long = 2) { T | take n }; f(datatable(x:long)[1,2,3])`, "x:long\n1\n2\n"},
		{"scalar function", `let t = 3; let g = (x:long) { x * t }; print g(2)`, "print_0:long\n6\n"},
		{"toscalar", `let m = toscalar(datatable(x:long)[3,1,2] | summarize max(x)); datatable(x:long)[3,1,2] | where x == m`, "x:long\n3\n"},
		{"materialize", `let T = materialize(datatable(x:long)[3,1,2]); T | join (T | where x > 1) on x`, "x:long, x1:long\n3, 3\n2, 2\n"},
		{"in tabular", `datatable(x:string)["a","b","c"] | where x in ((datatable(y:string)["b","c"]))`, "x:string\n\"b\"\n\"c\"\n"},
		{"mv-expand", `datatable(id:long, a:dynamic)[1, dynamic([1,2,3]), 2, dynamic([]), 3, dynamic(null)] | mv-expand with_itemindex=i a to typeof(long)`, `
id:long, a:long, i:long
1, 1, 0
1, 2, 1
1, 3, 2
3, null, 0
`},
		{"mv-expand zip", `datatable(id:long, a:dynamic, b:dynamic)[1, dynamic([1,2]), dynamic(["x"])] | mv-expand a, b`, "id:long, a:dynamic, b:dynamic\n1, 1, \"x\"\n1, 2, null\n"},
		{"mv-expand kind=array", `datatable(d:dynamic)[dynamic({"k1":1,"k2":"v"})] | mv-expand kind=array d`, "d:dynamic\n[\"k1\",1]\n[\"k2\",\"v\"]\n"},
		{"legacy mvexpand limit", `print a = range(1, 200, 1) | mvexpand a | count`, "Count:long\n128\n"},
		{"parse", `datatable(s:string)["user bob from 1.2.3.4 port 22", "garbage"] | parse s with "user " u " from " ip " port " port:long`, `
s:string, u:string, ip:string, port:long
"user bob from 1.2.3.4 port 22", "bob", "1.2.3.4", 22
"garbage", "", "", null
`},
		{"parse-where", `datatable(s:string)["user bob from 1.2.3.4 port 22", "garbage"] | parse-where s with "user " u " from " ip " port " port:long`, `
s:string, u:string, ip:string, port:long
"user bob from 1.2.3.4 port 22", "bob", "1.2.3.4", 22
`},
		{"window after sort", `datatable(x:long)[3,1,2] | sort by x asc | extend rn = row_number(), p = prev(x), n = next(x, 1, -1)`, `
x:long, rn:long, p:long, n:long
1, 1, null, 2
2, 2, 1, 3
3, 3, 2, -1
`},
		{"serialize", `datatable(x:long)[3,1,2] | serialize rn = row_number(10)`, "x:long, rn:long\n3, 10\n1, 11\n2, 12\n"},
	})
}

func TestRenderHint(t *testing.T) {
	p, err := Compile(`datatable(x:long)[1,2] | render timechart with (title="t")`, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(context.Background(), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Render == nil || res.Render.Chart != "timechart" || res.Render.With["title"] != "t" || res.Batch.Len != 2 {
		t.Fatalf("render hint %+v, rows %d", res.Render, res.Batch.Len)
	}
}

func TestCompileWithFunctions(t *testing.T) {
	env := Env{Functions: map[string]string{
		"Failures": `(threshold:long = 5) { SigninLogs | where ResultType != "0" | summarize n = count() by UserPrincipalName | where n > threshold }`,
		"Everyone": `Users | project UserPrincipalName`,
	}}
	p, err := CompileWith(`Failures(6) | join kind=leftanti Everyone on UserPrincipalName | order by n desc`, testCatalog(), env)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(context.Background(), Options{Now: testNow, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(res), "UserPrincipalName:string, n:long\n\"d@x.com\", 9\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestCheckErrors checks positions, messages and suggestions.
func TestCheckErrors(t *testing.T) {
	cases := []struct{ query, want string }{
		{`SigninLogs | where UserPrincipleName == "x"`, `1:20: unknown column 'UserPrincipleName'; did you mean 'UserPrincipalName'?`},
		{`SiginLogs | take 1`, `1:1: unknown table 'SiginLogs'; did you mean 'SigninLogs'?`},
		{`SigninLogs | sample-distinct 3 of UserPrincipalName`, `1:14: operator 'sample-distinct' is not supported yet`},
		{`SigninLogs | extend r = row_number()`, `1:25: function 'row_number' needs serialized input: use serialize or sort first`},
		{`print count()`, `1:7: aggregate function 'count' is only allowed in summarize`},
		{`SigninLogs | join kind=weird Users on UserPrincipalName`, `1:24: unknown join kind 'weird'`},
		{`SigninLogs | join Users on Dept`, `1:28: unknown column 'Dept' on the left side of the join`},
		{`SigninLogs | where 1 + 1`, `1:20: where needs a bool predicate, not long`},
	}
	for _, c := range cases {
		_, err := Compile(c.query, testCatalog())
		var el syntax.ErrorList
		if !errors.As(err, &el) {
			t.Errorf("%s: want error list, got %v", c.query, err)
			continue
		}
		if got := el[0].Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.query, got, c.want)
		}
	}
}

// TestCheckReportsAllErrors checks that checking keeps going.
func TestCheckReportsAllErrors(t *testing.T) {
	src := "SigninLogs\n| extend x = tolowr(UserPrincipalName)\n| where Foo > 1"
	_, err := Compile(src, testCatalog())
	var el syntax.ErrorList
	if !errors.As(err, &el) || len(el) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	want := []string{
		"2:14: unknown function 'tolowr'; did you mean 'tolower'?",
		"3:9: unknown column 'Foo'",
	}
	for i, w := range want {
		if el[i].Error() != w {
			t.Errorf("error %d: got %s, want %s", i, el[i].Error(), w)
		}
	}
	if r := el.Render("q.kql", src); !strings.Contains(r, "q.kql:3:9: error: unknown column 'Foo'") {
		t.Errorf("render:\n%s", r)
	}
}

// TestParallelSameAnswer runs queries over a table scanned by several
// workers at once and compares with one worker (rows sorted: parallel
// scans do not fix the order of unsorted results).
func TestParallelSameAnswer(t *testing.T) {
	rows := seedRows()
	for i := 0; i < 6; i++ {
		rows = append(rows, rows...)
	}
	mem := table.NewMemory("SigninLogs", signinSchema, signinBatches(rows, 7)...)
	cat := table.NewSet(parallelTable{mem}, usersTable())
	queries := []string{
		seedQuery,
		`SigninLogs | summarize count(), dcount(IPAddress), min(TimeGenerated), max(TimeGenerated) by UserPrincipalName, ResultType`,
		`SigninLogs | where ResultType != "0" | distinct UserPrincipalName, IPAddress`,
		`SigninLogs | join kind=inner Users on UserPrincipalName | summarize count() by Dept`,
		`SigninLogs | extend h = bin(TimeGenerated, 1h) | where h > datetime(2024-01-01 10:30) | count`,
		`SigninLogs | take 17 | count`,
		`SigninLogs | summarize count()`,
		`SigninLogs | top 5 by TimeGenerated asc | project TimeGenerated`,
		// summarize fast paths: nullable int and real keys (-0 groups with 0),
		// countif over a bool column, sum over a nullable long, a slow aggregate.
		`SigninLogs | extend n = iff(ResultType == "0", long(null), strlen(UserPrincipalName)), r = iff(ResultType == "0", real(null), iff(IPAddress == "1.1.1.1", -0.0, 0.0))
		| summarize count(), countif(ResultType == "0"), sum(n), dcount(IPAddress) by n, r, ResultType`,
		`SigninLogs | make-series n = count() default = -1 on TimeGenerated step 1h by UserPrincipalName`,
	}
	for _, q := range queries {
		one := sortedLines(runQuery(t, q, cat, 1))
		for _, w := range []int{2, 4, 8} {
			if got := sortedLines(runQuery(t, q, cat, w)); got != one {
				t.Errorf("%s\nWorkers=%d:\n%s\nWorkers=1:\n%s", q, w, got, one)
			}
		}
	}
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines[1:])
	return strings.Join(lines, "\n")
}

// BenchmarkStringPredicates measures has/contains/startswith against
// constants over 1M rows (the vectorized strPredEval path in exec).
func BenchmarkStringPredicates(b *testing.B) {
	benchQuery(b, `SigninLogs | where UserPrincipalName has "user42" or UserPrincipalName contains "R99@" or IPAddress startswith "10.0.3.2" | count`, 1)
}

// TestBoundedListsSkipFullGroups checks the summarize path that stops
// computing the argument of make_list/make_set(_if) for groups already
// holding their maximum size (exec's foldSaturable): over several batches
// the bounded lists are the first elements of the unbounded ones.
func TestBoundedListsSkipFullGroups(t *testing.T) {
	cat := testCatalog() // 5-row batches: groups fill up across batches
	bounded := `SigninLogs
| summarize l = make_list(bag_pack("t", TimeGenerated, "r", ResultType), 3), s = make_set(ResultType, 1),
    li = make_list_if(TimeGenerated, ResultType != "0", 2), si = make_set_if(IPAddress, ResultType != "50126", 1) by UserPrincipalName
| order by UserPrincipalName asc`
	sliced := `SigninLogs
| summarize l = make_list(bag_pack("t", TimeGenerated, "r", ResultType)), s = make_set(ResultType),
    li = make_list_if(TimeGenerated, ResultType != "0"), si = make_set_if(IPAddress, ResultType != "50126") by UserPrincipalName
| extend l = array_slice(l, 0, 2), s = array_slice(s, 0, 0), li = array_slice(li, 0, 1), si = array_slice(si, 0, 0)
| order by UserPrincipalName asc`
	// From seedRows, by hand: a@x's list is full after the first batch.
	const pinned = `UserPrincipalName:string, l:dynamic, s:dynamic, li:dynamic, si:dynamic
"a@x.com", [{"r":"50126","t":"2024-01-01T10:00:00Z"},{"r":"50126","t":"2024-01-01T10:00:20Z"},{"r":"50126","t":"2024-01-01T10:00:40Z"}], ["50126"], ["2024-01-01T10:00:00Z","2024-01-01T10:00:20Z"], []
"b@x.com", [{"r":"50053","t":"2024-01-01T11:01:00Z"},{"r":"50053","t":"2024-01-01T11:01:20Z"},{"r":"50053","t":"2024-01-01T11:01:40Z"}], ["50053"], ["2024-01-01T11:01:00Z","2024-01-01T11:01:20Z"], ["2.2.2.2"]
"c@x.com", [{"r":"0","t":"2024-01-01T10:00:00Z"},{"r":"0","t":"2024-01-01T10:00:20Z"},{"r":"0","t":"2024-01-01T10:00:40Z"}], ["0"], [], ["3.3.3.3"]
"d@x.com", [{"r":"50055","t":"2024-01-01T12:10:00Z"},{"r":"50056","t":"2024-01-01T12:10:20Z"},{"r":"50055","t":"2024-01-01T12:10:40Z"}], ["50055"], ["2024-01-01T12:10:00Z","2024-01-01T12:10:20Z"], ["2.2.2.2"]
`
	for _, workers := range []int{1, 4} {
		got, want := runQuery(t, bounded, cat, workers), runQuery(t, sliced, cat, workers)
		if got != want {
			t.Errorf("%d workers: bounded lists\n%s\nfirst elements of the full lists\n%s", workers, got, want)
		}
		if got != pinned {
			t.Errorf("%d workers: bounded lists\n%s\nwant\n%s", workers, got, pinned)
		}
	}
}
