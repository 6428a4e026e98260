package exec_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/table"
)

// signinsTable returns the rows one tick of a hunt rule sees: n sign-ins
// (Src among 51 addresses, AccountKey among about 40 accounts per
// address, EventResult "Success" one time in three, else "Failure") in
// one batch.
func signinsTable(n int) table.Catalog {
	schema := column.Schema{{Name: "Src", Type: column.String}, {Name: "AccountKey", Type: column.String},
		{Name: "EventResult", Type: column.String}}
	b := column.NewBatch(schema, n)
	for j := range n {
		src := j % 51
		acct := (j/51)*7%40 + src
		res := "Failure"
		if j%3 == 0 {
			res = "Success"
		}
		b.AppendRow([]column.Value{column.StringValue("10.1.0." + strconv.Itoa(src)),
			column.StringValue("user" + strconv.Itoa(acct) + "@contoso.com"), column.StringValue(res)})
	}
	return table.NewSet(table.NewMemory("S", schema, b))
}

// BenchmarkSummarizeDcountIf is the password-spray rule's summarize over
// 2000 rows, ~51 groups of ~40 rows: two dcountif of a string column by
// a string key (summarize_dcount.go), with countif in its place as the
// floor, and plain dcount.
func BenchmarkSummarizeDcountIf(b *testing.B) {
	cat := signinsTable(2000)
	for _, c := range []struct{ name, q string }{
		{"dcountif", `S | summarize GoodAccounts = dcountif(AccountKey, EventResult == "Success"), BadAccounts = dcountif(AccountKey, EventResult == "Failure") by Src`},
		{"dcount", `S | summarize Accounts = dcount(AccountKey) by Src`},
		{"countif", `S | summarize GoodAccounts = countif(EventResult == "Success"), BadAccounts = countif(EventResult == "Failure") by Src`},
	} {
		b.Run(c.name, func(b *testing.B) {
			p, err := kql.Compile(c.q, cat)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := p.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				if res.Batch.Len != 51 {
					b.Fatalf("%d groups", res.Batch.Len)
				}
			}
		})
	}
}
