package kql

import (
	"context"
	"strings"
	"testing"

	"quarry/internal/table"
)

// TestPrefixesGiveSameResults computes each query's prefixes once
// (Prefix.Evaluate), runs the query over their results (WithPrefixes) and
// requires the rows of the original query; it also pins how many prefixes
// each query has, which checks where a chain must stop.
func TestPrefixesGiveSameResults(t *testing.T) {
	cat := testCatalog()
	signins := func(t table.Table) bool { return t.Name() == "SigninLogs" }
	cases := []struct {
		name, q  string
		prefixes int
	}{
		{"run-dependent where deferred",
			`SigninLogs | where TimeGenerated >= now() + 11h | where ResultType != "0" | extend u = tolower(UserPrincipalName) | summarize n = count() by u, IPAddress | order by u asc, IPAddress asc`, 1},
		{"sub-query where after a redefinition (sub-queries are not searched)",
			`SigninLogs | where ResultType != "0" | extend UserPrincipalName = toupper(UserPrincipalName) | where UserPrincipalName in ((SigninLogs | where ResultType == "0" or IPAddress == "2.2.2.2" | project toupper(UserPrincipalName))) | summarize count() by UserPrincipalName | order by UserPrincipalName asc`, 1},
		{"deferred column redefined: no chain",
			`SigninLogs | where UserPrincipalName in ((Users | project UserPrincipalName)) | extend UserPrincipalName = toupper(UserPrincipalName) | summarize count() by UserPrincipalName | order by UserPrincipalName asc`, 0},
		{"deferred column dropped and kept for the where",
			`SigninLogs | where IPAddress in ((Users | project "1.1.1.1")) and ResultType != "0" | project UserPrincipalName | summarize count() by UserPrincipalName | order by UserPrincipalName asc`, 1},
		{"chain stops at sort",
			`SigninLogs | where ResultType != "0" | sort by TimeGenerated asc, UserPrincipalName asc | extend r = row_number() | project r, UserPrincipalName, TimeGenerated`, 1},
		{"time column projected away",
			`SigninLogs | where ResultType == "0" | project UserPrincipalName | summarize count() by UserPrincipalName`, 1},
		{"extend with now() stays above the where pushed below it",
			`SigninLogs | extend age = now() - TimeGenerated | where ResultType != "0" | summarize max(age), count()`, 1},
		{"extend with now(): nothing to hoist",
			`SigninLogs | extend age = now() - TimeGenerated | where age > 11h | summarize max(age), count()`, 0},
		{"join of two chains",
			`SigninLogs | where ResultType != "0" | join kind=inner (SigninLogs | where ResultType == "0" or UserPrincipalName == "a@x.com" | project UserPrincipalName, ok = 1) on UserPrincipalName | summarize count() by UserPrincipalName, ok | order by UserPrincipalName asc`, 2},
		{"let used twice",
			`let f = SigninLogs | where ResultType != "0" | summarize n = count() by IPAddress; f | join kind=inner (f | where n > 6) on IPAddress | order by IPAddress asc`, 1},
		{"only the accepted table",
			`Users | where Dept != "hr" | join kind=inner (SigninLogs | where ResultType != "0") on UserPrincipalName | summarize count() by Dept | order by Dept asc`, 1},
		{"readers of a materialized chain get chains of their own",
			`let logons = materialize(SigninLogs | where ResultType != "50074" | extend u = tolower(UserPrincipalName) | project TimeGenerated, u, IPAddress, ResultType);
let ok = logons | where ResultType == "0";
logons | where ResultType != "0" | summarize f = count() by u, IPAddress | join kind=leftouter (ok | summarize s = count() by u) on u | order by u asc, IPAddress asc`, 2},
		{"a materialized chain read directly and filtered",
			`let m = materialize(SigninLogs | where ResultType != "0" | project UserPrincipalName, IPAddress, TimeGenerated);
m | join kind=inner (m | where IPAddress == "2.2.2.2" | summarize n = count() by UserPrincipalName) on UserPrincipalName | summarize count() by UserPrincipalName, n | order by UserPrincipalName asc`, 2},
		{"a run-dependent where over a materialized chain",
			`let m = materialize(SigninLogs | extend u = toupper(UserPrincipalName));
m | where TimeGenerated > now() + 10h and u != "C@X.COM" | summarize count() by u | order by u asc`, 1},
		{"all columns",
			`SigninLogs | where ResultType != "0" and TimeGenerated < ago(-12h)`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile(c.q, cat)
			if err != nil {
				t.Fatal(err)
			}
			xs := p.Prefixes("TimeGenerated", signins)
			if len(xs) != c.prefixes {
				t.Errorf("%d prefixes, want %d", len(xs), c.prefixes)
			}
			results := map[*Prefix]table.Table{}
			for _, x := range xs {
				schema, parts, err := x.Evaluate(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if schema.Index(HoistTime) < 0 {
					t.Errorf("prefix result has no %s column: %s", HoistTime, schema)
				}
				results[x] = table.NewMemory(x.Table().Name(), schema, parts...)
			}
			hoisted := p.WithPrefixes(results)
			for _, workers := range []int{1, 4} {
				want := runProgram(t, p, workers)
				got := runProgram(t, hoisted, workers)
				if got != want {
					t.Errorf("%d workers: over the prefixes\n%s\nthe query gives\n%s", workers, got, want)
				}
				if strings.Count(want, "\n") < 2 {
					t.Errorf("no rows:\n%s", want)
				}
			}
		})
	}
}

func runProgram(t *testing.T, p *Program, workers int) string {
	t.Helper()
	res, err := p.Run(context.Background(), Options{Now: testNow, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return render(res)
}
