package kql

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"quarry/internal/column"
	"quarry/internal/table"
)

// signinSchema is a SigninLogs-like schema with ResultType as a string.
var signinSchema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "UserPrincipalName", Type: column.String},
	{Name: "IPAddress", Type: column.String},
	{Name: "ResultType", Type: column.String},
	{Name: "Type", Type: column.String},
}

type signin struct {
	at     string // "hh:mm:ss" on 2024-01-01
	user   string
	ip     string
	result string
}

// seedRows: a@x from 1.1.1.1 fails 7 times in 10:00-10:05 and 3 times in
// 10:05-10:10; b@x fails 6 times (50053) in 11:00-11:05; c@x succeeds 9
// times; d@x fails 8 times (50055/50056) in 12:10-12:15 plus once with
// another code.
func seedRows() []signin {
	var rows []signin
	add := func(n int, start, user, ip string, codes ...string) {
		t0, _ := time.Parse("15:04:05", start)
		for i := 0; i < n; i++ {
			at := t0.Add(time.Duration(i) * 20 * time.Second).Format("15:04:05")
			rows = append(rows, signin{at, user, ip, codes[i%len(codes)]})
		}
	}
	add(7, "10:00:00", "a@x.com", "1.1.1.1", "50126")
	add(3, "10:06:00", "a@x.com", "1.1.1.1", "50126")
	add(6, "11:01:00", "b@x.com", "2.2.2.2", "50053")
	add(9, "10:00:00", "c@x.com", "3.3.3.3", "0")
	add(8, "12:10:00", "d@x.com", "2.2.2.2", "50055", "50056")
	add(1, "12:12:00", "d@x.com", "2.2.2.2", "50074")
	return rows
}

// signinBatches splits rows into batches of size n.
func signinBatches(rows []signin, n int) []*column.Batch {
	var out []*column.Batch
	for start := 0; start < len(rows); start += n {
		b := column.NewBatch(signinSchema, n)
		for _, r := range rows[start:min(start+n, len(rows))] {
			at, _ := time.Parse("2006-01-02 15:04:05", "2024-01-01 "+r.at)
			b.AppendRow([]column.Value{
				column.DateTimeValue(at), column.StringValue(r.user), column.StringValue(r.ip),
				column.StringValue(r.result), column.StringValue("SigninLogs"),
			})
		}
		out = append(out, b)
	}
	return out
}

// testCatalog holds SigninLogs (several batches) and Users.
func testCatalog() table.Catalog {
	return table.NewSet(table.NewMemory("SigninLogs", signinSchema, signinBatches(seedRows(), 5)...), usersTable())
}

// usersTable maps users to departments.
func usersTable() table.Table {
	users := column.NewBatch(column.Schema{{Name: "UserPrincipalName", Type: column.String}, {Name: "Dept", Type: column.String}}, 3)
	users.AppendRow([]column.Value{column.StringValue("a@x.com"), column.StringValue("sales")})
	users.AppendRow([]column.Value{column.StringValue("b@x.com"), column.StringValue("it")})
	users.AppendRow([]column.Value{column.StringValue("z@x.com"), column.StringValue("hr")})
	return table.NewMemory("Users", users.Schema, users)
}

// streamedTable is a table that is not table.Resident (as a file-backed
// one), counting its scans: the executor shares one scan of it among
// summarizes (exec/sharedscan.go).
type streamedTable struct {
	table.Table
	scans *atomic.Int64
}

func streamed(t table.Table) streamedTable { return streamedTable{t, new(atomic.Int64)} }

func (s streamedTable) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	s.scans.Add(1)
	return s.Table.Scan(ctx, req, emit)
}

// parallelTable emits a memory table's batches from several goroutines at
// once, each with its own worker index, like a file-backed table does.
type parallelTable struct {
	*table.Memory
}

func (p parallelTable) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	workers := max(req.Workers, 1)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	batches := p.Batches()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(batches); i += workers {
				err := table.NewMemory(p.Name(), p.Schema(), batches[i]).Scan(ctx, req, func(_ int, b *column.Batch) error {
					return emit(w, b)
				})
				if err != nil {
					errs[w] = err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
