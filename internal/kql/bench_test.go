package kql

import (
	"context"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/table"
)

const benchRows = 1 << 20

var (
	benchOnce sync.Once
	benchCat  table.Catalog
	benchSize int64
)

// benchCatalog builds a 1M-row SigninLogs-like table (5000 users, 2000
// IPs, 10 result codes over one day) in 4096-row batches, plus a 5000-row
// user table.
func benchCatalog() table.Catalog {
	benchOnce.Do(func() {
		r := rand.New(rand.NewSource(1))
		codes := []string{"0", "0", "0", "0", "50126", "50053", "50055", "50056", "50074", "50140"}
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var batches []*column.Batch
		for n := 0; n < benchRows; n += 4096 {
			b := column.NewBatch(signinSchema, 4096)
			for i := 0; i < 4096; i++ {
				user := fmt.Sprintf("user%d@contoso.com", r.Intn(5000))
				ip := fmt.Sprintf("10.0.%d.%d", r.Intn(8), r.Intn(250))
				at := start.Add(time.Duration(r.Int63n(int64(24 * time.Hour))))
				b.AppendRow([]column.Value{column.DateTimeValue(at), column.StringValue(user),
					column.StringValue(ip), column.StringValue(codes[r.Intn(len(codes))]), column.StringValue("SigninLogs")})
				benchSize += int64(8 + len(user) + len(ip) + 5 + 10)
			}
			batches = append(batches, b)
		}
		users := column.NewBatch(column.Schema{{Name: "UserPrincipalName", Type: column.String}, {Name: "Dept", Type: column.String}}, 5000)
		for i := 0; i < 5000; i++ {
			users.AppendRow([]column.Value{column.StringValue(fmt.Sprintf("user%d@contoso.com", i)), column.StringValue(fmt.Sprintf("dept%d", i%20))})
		}
		benchCat = table.NewSet(table.NewMemory("SigninLogs", signinSchema, batches...), table.NewMemory("Users", users.Schema, users))
	})
	return benchCat
}

func benchQuery(b *testing.B, src string, workers int) {
	benchQueryOn(b, src, benchCatalog(), workers)
}

// benchQueryOn is benchQuery over cat.
func benchQueryOn(b *testing.B, src string, cat table.Catalog, workers int) {
	p, err := Compile(src, cat)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(benchSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Run(context.Background(), Options{Now: testNow, Workers: workers}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeedQuery(b *testing.B) { benchQuery(b, seedQuery, 1) }

func BenchmarkSeedQueryParallel(b *testing.B) {
	benchQuery(b, seedQuery, 0)
}

func BenchmarkWhereCount(b *testing.B) {
	benchQuery(b, `SigninLogs | where ResultType == "50126" and TimeGenerated > datetime(2024-01-01 12:00) | count`, 1)
}

func BenchmarkJoin(b *testing.B) {
	benchQuery(b, `SigninLogs | where ResultType != "0" | join kind=inner Users on UserPrincipalName | summarize count() by Dept`, 1)
}

func BenchmarkSort(b *testing.B) {
	benchQuery(b, `SigninLogs | sort by TimeGenerated asc | take 10`, 1)
}

func BenchmarkSortFull(b *testing.B) {
	benchQuery(b, `SigninLogs | where ResultType == "50126" | order by UserPrincipalName asc, TimeGenerated desc | count`, 1)
}
