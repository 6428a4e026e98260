package ingest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

// signinRecord returns a SigninLogs-shaped NDJSON record of about 2.5 KB
// with about 60 top-level columns.
func signinRecord(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"TenantId":"ab86c959-1ba3-495c-a00d-ced30d8825d3","SourceSystem":"Azure AD","TimeGenerated":"2026-11-%02dT%02d:%02d:%02d.%07dZ",`,
		1+i%28, i%24, i%60, (i/60)%60, i%10_000_000)
	fmt.Fprintf(&b, `"OperationName":"Sign-in activity","Category":"SignInLogs",`)
	fmt.Fprintf(&b, `"ResultType":"%d","ResultDescription":"%s","DurationMs":%d,"CorrelationId":"c4b4ea3c-58ff-4e0e-b5b0-%012d",`,
		[]int{0, 50126, 50053, 0}[i%4], []string{"", "Invalid username or password.", "Account is locked.", ""}[i%4], i%997, i)
	fmt.Fprintf(&b, `"Identity":"User %d","Level":"4","Location":"US",`, i%500)
	fmt.Fprintf(&b, `"AlternateSignInName":"user%d@contoso.com","AppDisplayName":"Azure Portal","AppId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","AuthenticationDetails":"[]",`, i%500)
	fmt.Fprintf(&b, `"AuthenticationMethodsUsed":"","AuthenticationRequirement":"singleFactorAuthentication","ClientAppUsed":"Browser",`)
	fmt.Fprintf(&b, `"ConditionalAccessPolicies":[{"enforcedSessionControls":["CloudAppSecurity"],"conditionsNotSatisfied":1,"enforcedGrantControls":[],"conditionsSatisfied":0,"displayName":"MCAS Proxy","result":"notApplied","id":"8872f6fb-da88-4b63-bcc7-17247669596b"}],`)
	fmt.Fprintf(&b, `"ConditionalAccessStatus":"notApplied","CreatedDateTime":"2026-11-01T10:00:00Z","DeviceDetail":{"deviceId":"","operatingSystem":"Windows 10","browser":"Edge 18.18363","isCompliant":false,"isManaged":false},`)
	fmt.Fprintf(&b, `"IsInteractive":true,"Id":"%08d-1ba3-495c-a00d-ced30d8825d3","IPAddress":"203.0.%d.%d","IsRisky":false,`, i, i%256, (i/256)%256)
	fmt.Fprintf(&b, `"LocationDetails":{"city":"Redmond","state":"Washington","countryOrRegion":"US","geoCoordinates":{"latitude":47.68,"longitude":-122.12}},`)
	fmt.Fprintf(&b, `"MfaDetail":{},"NetworkLocationDetails":"[]","ProcessingTimeInMilliseconds":"%d","RiskDetail":"none","RiskEventTypes":"[]",`, i%300)
	fmt.Fprintf(&b, `"RiskLevelAggregated":"none","RiskLevelDuringSignIn":"none","RiskState":"none","ResourceDisplayName":"Windows Azure Service Management API",`)
	fmt.Fprintf(&b, `"ServicePrincipalId":"","ServicePrincipalName":"","Status":{"errorCode":%d,"additionalDetails":"MFA requirement satisfied by claim in the token"},"TokenIssuerType":"AzureAD",`, []int{0, 50126, 50053, 0}[i%4])
	fmt.Fprintf(&b, `"UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.130 Safari/537.36 Edg/79.0.309.71","UserDisplayName":"User %d",`, i%500)
	fmt.Fprintf(&b, `"UserId":"%08d-3bb0-49c1-b47d-974e53cbdf3c","UserPrincipalName":"user%d@contoso.com","UserType":"Member",`, i%500, i%500)
	fmt.Fprintf(&b, `"FlaggedForReview":false,"ResourceTenantId":"4b2462a4-bbee-495a-a0e1-f23ae524cc9c",`)
	fmt.Fprintf(&b, `"UniqueTokenIdentifier":"AAAAAAAAAAAAAAAAAAAAAA%06d","SessionLifetimePolicies":"[]","AutonomousSystemNumber":"8075","AuthenticationProtocol":"none","CrossTenantAccessType":"none","AppliedEventListeners":[],`, i%1000000)
	fmt.Fprintf(&b, `"IncomingTokenType":"none","IsTenantRestricted":false,"IsThroughGlobalSecureAccess":false,"SessionId":"e1f2a3b4-0000-4000-8000-%012d","Type":"SigninLogs"}`, i)
	return b.String()
}

var benchCols = []string{"TimeGenerated", "UserPrincipalName", "IPAddress", "ResultType"}

// benchFile writes n records (NDJSON) or the same data as CSV.
func benchFile(b *testing.B, n int, asCSV bool) (string, int64) {
	b.Helper()
	var sb strings.Builder
	if asCSV {
		sb.WriteString("TimeGenerated,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,UserAgent,LocationDetails,DeviceDetail,CorrelationId,DurationMs,IsInteractive\n")
		for i := range n {
			fmt.Fprintf(&sb, "2026-11-%02dT%02d:%02d:00Z,user%d@contoso.com,203.0.%d.%d,%d,\"Invalid username, or password.\",Azure Portal,\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/79.0\",\"{\"\"city\"\":\"\"Redmond\"\",\"\"countryOrRegion\"\":\"\"US\"\"}\",\"{\"\"browser\"\":\"\"Edge\"\"}\",c4b4ea3c-58ff-4e0e-b5b0-%012d,%d,true\n",
				1+i%28, i%24, i%60, i%500, i%256, (i/256)%256, []int{0, 50126}[i%2], i, i%997)
		}
	} else {
		for i := range n {
			sb.WriteString(signinRecord(i))
			sb.WriteByte('\n')
		}
	}
	p := writeFile(b, "bench", []byte(sb.String()))
	return p, int64(sb.Len())
}

// allocsPerRecord runs one scan and reports allocations per record.
func reportAllocsPerRecord(b *testing.B, ft table.Table, n int, workers int) {
	req := table.ScanRequest{Columns: benchCols, Workers: workers}
	allocs := testing.AllocsPerRun(3, func() {
		_ = ft.Scan(context.Background(), req, func(int, *column.Batch) error { return nil })
	})
	b.ReportMetric(allocs/float64(n), "allocs/record")
}

func BenchmarkScanNDJSON(b *testing.B) {
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			benchScanWithAllocs(b, "SigninLogs", false, 20000, w)
		})
	}
}

func BenchmarkScanCSV(b *testing.B) {
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			benchScanWithAllocs(b, "SigninCSV", true, 100000, w)
		})
	}
}

func benchScanWithAllocs(b *testing.B, name string, asCSV bool, n, workers int) {
	p, size := benchFile(b, n, asCSV)
	ft, err := NewFileTable(name, []string{p}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	req := table.ScanRequest{Columns: benchCols, Workers: workers}
	scan := func() int64 {
		var rows atomic.Int64
		err := ft.Scan(context.Background(), req, func(_ int, bt *column.Batch) error {
			rows.Add(int64(bt.Len))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return rows.Load()
	}
	if got := scan(); got != int64(n) {
		b.Fatalf("scanned %d rows, want %d", got, n)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	for b.Loop() {
		scan()
	}
	b.StopTimer()
	b.ReportMetric(float64(size)*float64(b.N)/1e6/(cpuSeconds()-cpu0), "MB/cpu-s")
	reportAllocsPerRecord(b, ft, n, workers)
	b.ReportMetric(float64(size)/float64(n), "bytes/record")
}

// cpuSeconds returns the process's user+system CPU time. Benchmarks report
// throughput per CPU second as well as per wall second, because a shared
// machine makes wall time noisy.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkDecodeNDJSON measures the JSON object scanner alone on records
// in memory (no I/O, no pipeline), reading 4 of about 60 columns.
func BenchmarkDecodeNDJSON(b *testing.B) {
	var sb strings.Builder
	for i := range 2000 {
		sb.WriteString(signinRecord(i))
		sb.WriteByte('\n')
	}
	data := []byte(sb.String())
	ft := open(b, "SigninLogs", sb.String(), Options{})
	p, err := newPlan("SigninLogs", ft.Schema(), true, benchCols, 4096)
	if err != nil {
		b.Fatal(err)
	}
	d := newDecodeCtx(p, func(*column.Batch) error { return nil })
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	for b.Loop() {
		err := eachJSON(NDJSON, data, 1, func(rec []byte, _ int, _ error) error {
			if err := d.decodeObject(rec); err != nil {
				return err
			}
			return d.end()
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))*float64(b.N)/1e6/(cpuSeconds()-cpu0), "MB/cpu-s")
}

// BenchmarkSplitNDJSON measures reading and cutting a file into chunks.
func BenchmarkSplitNDJSON(b *testing.B) {
	p, size := benchFile(b, 20000, false)
	f, err := Open(p, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	buf := make([]byte, 0, 4<<20)
	for b.Loop() {
		s, c, err := f.split()
		if err != nil {
			b.Fatal(err)
		}
		for {
			d, _, err := s.next(buf)
			if err != nil {
				break
			}
			buf = d[:0]
		}
		c.Close()
	}
}
