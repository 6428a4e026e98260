package kql

import (
	"context"
	"fmt"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/table"
)

// TestReusedTreesGiveFreshResults runs programs many times at different
// times, as a hunt does, so that later runs reuse the operator trees of
// earlier ones (exec/reuse.go): every run must give what a program
// compiled for that run alone gives, including a tabular in-list whose
// list changes with now() (its hash set is per run), a summarize with a
// having, a join, a materialized let, sub-queries and a window function
// (never reused).
func TestReusedTreesGiveFreshResults(t *testing.T) {
	schema := column.Schema{{Name: "TimeGenerated", Type: column.DateTime}, {Name: "Src", Type: column.String},
		{Name: "User", Type: column.String}, {Name: "Ok", Type: column.Bool}}
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	b := column.NewBatch(schema, 2000)
	for i := 0; i < 2000; i++ {
		b.AppendRow([]column.Value{column.DateTimeValue(start.Add(time.Duration(i) * 3 * time.Minute)),
			column.StringValue(fmt.Sprintf("10.0.%d.%d", i%7, i%29)), column.StringValue(fmt.Sprintf("u%d", i%41)), column.BoolValue(i%5 != 0)})
	}
	cat := table.NewSet(table.NewMemory("T", schema, b))
	queries := []string{
		`let recent = T | where TimeGenerated > ago(2h) and not(Ok) | project Src;
		 T | where Src in (recent) | summarize n = count(), users = make_set(User, 3) by Src | where n > 5 | order by Src asc`,
		`let m = materialize(T | where TimeGenerated between (ago(6h) .. now()));
		 m | join kind=inner (m | where not(Ok) | summarize bad = count() by User) on User
		 | summarize c = count(), first = min(TimeGenerated) by User, bad | order by User asc`,
		`T | where TimeGenerated < now() | order by TimeGenerated desc | take 5 | serialize | extend r = row_number() | project r, User`,
		// Sub-queries are built with the tree and reused with it (reuse.go):
		// an in-list over a materialized let, as the distributed brute
		// force rule has, a toscalar, and a sub-query inside a sub-query.
		`let f = materialize(T | where TimeGenerated between (ago(3h) .. now()) and not(Ok) | project Src, User);
		 let good = T | where TimeGenerated between (ago(12h) .. now()) | where Src in (f | project Src) | summarize g = dcountif(User, Ok), b = dcountif(User, not(Ok)) by Src | where g > b;
		 f | join kind=leftanti good on Src | summarize n = count() by Src | order by Src asc`,
		`T | where TimeGenerated > toscalar(T | where TimeGenerated < now() | summarize max(TimeGenerated)) - 5h
		 | where User in ((T | where Src in ((T | where TimeGenerated between (ago(4h) .. now()) and not(Ok) | project Src)) | project User))
		 | summarize count(), min(TimeGenerated) by User | order by User asc`,
	}
	for _, q := range queries {
		p, err := Compile(q, cat)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		nonEmpty := 0
		for k := 0; k < 40; k++ {
			now := start.Add(time.Duration(k) * 2 * time.Hour)
			got, err := p.Run(context.Background(), Options{Now: now, Workers: 1})
			if err != nil {
				t.Fatalf("%s at %s: %v", q, now, err)
			}
			fresh, err := Compile(q, cat)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Run(context.Background(), Options{Now: now, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if render(got) != render(want) {
				t.Fatalf("%s at %s: the reused program gives\n%s\nwant\n%s", q, now, render(got), render(want))
			}
			if got.Batch.Len > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < 10 {
			t.Errorf("%s: rows at %d runs of 40; the test needs more", q, nonEmpty)
		}
	}
}
