package load

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/normalize"
	"quarry/internal/table"
	"quarry/internal/table/tabletest"
)

// huntColumns are the columns `quarry hunt` reads from the view.
var huntColumns = []string{
	"AdditionalFields", "EventOriginalResultDetails", "EventProduct", "EventResult", "EventResultDetails",
	"EventType", "HttpUserAgent", "LogonTarget", "Src", "SrcGeoCity", "SrcGeoCountry", "TargetUsername",
	"TimeGenerated",
}

// checkViewScans scans the lazy authentication view of res for several
// column sets in turn (so that the cache is reused, grown and rebuilt)
// and compares each with the whole view built directly.
func checkViewScans(t *testing.T, res *Result, sources table.Catalog) int {
	t.Helper()
	full, err := normalize.Authentication(sources)
	if err != nil {
		t.Fatal(err)
	}
	view, _ := res.Catalog.Lookup(authRows)
	sets := [][]string{
		huntColumns, {"EventResult"}, {}, {"SrcGeoLatitude", "TimeGenerated", "TimeGenerated"},
		{"TargetUsername", "EventResult"}, nil, {"Src"},
	}
	for _, cols := range sets {
		got, want := tabletest.Dump(t, view, cols), tabletest.Dump(t, full, cols)
		if len(got) != len(want) {
			t.Errorf("columns %v: %d rows, want %d", cols, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("columns %v, row %d:\n got  %s\n want %s", cols, i, got[i], want[i])
				break
			}
		}
	}
	return len(tabletest.Dump(t, full, []string{}))
}

// sourcesOf returns the catalog's tables without the views.
func sourcesOf(res *Result) table.Catalog {
	out := table.NewSet()
	for _, n := range res.Catalog.Names() {
		if n == authRows || n == transferView {
			continue
		}
		t, _ := res.Catalog.Lookup(n)
		out.Add(t)
	}
	return out
}

// TestLazyViewColumns checks the lazy view against the whole view, scan
// after scan with different columns, over a generic sign-in file and an
// sshd log.
func TestLazyViewColumns(t *testing.T) {
	res, _ := loadDir(t, map[string]string{
		"signins.json": `{"TimeGenerated":"2026-11-02T10:00:00Z","Type":"SigninLogs","ResultType":"50126","UserPrincipalName":"bob@x.eu","IPAddress":"","LocationDetails":{"city":"Paris","countryOrRegion":"FR","geoCoordinates":{"latitude":48.8}},"DeviceDetail":{"displayName":"pc"}}
{"TimeGenerated":"2026-11-02T10:01:00Z","Type":"SigninLogs","ResultType":"0","UserPrincipalName":"bob@x.eu","IPAddress":"198.51.100.4","Location":"DE"}
`,
		"auth.log": sshdLines,
	})
	if n := checkViewScans(t, res, sourcesOf(res)); n != 5 {
		t.Errorf("%d rows, want 5", n)
	}
	v, _ := res.Catalog.Lookup(authRows)
	if l := v.(*lazy); !l.all {
		t.Error("after a scan of all columns, the cache should hold them all")
	}
	if got := query(t, res, `imAuthentication | summarize count() by Src, SrcGeoCountry | order by Src asc`); !strings.Contains(got, "pc") || !strings.Contains(got, "FR") {
		t.Errorf("query over the view:\n%s", got)
	}
}

// TestLazyViewCache checks that the cache grows to the union of the
// columns scanned.
func TestLazyViewCache(t *testing.T) {
	res, _ := loadDir(t, map[string]string{"auth.log": sshdLines})
	v, _ := res.Catalog.Lookup(authRows)
	l := v.(*lazy)
	tabletest.Dump(t, l, []string{"EventResult"})
	first := l.t
	tabletest.Dump(t, l, []string{"EventResult"})
	if l.t != first {
		t.Error("a scan of the same columns rebuilt the view")
	}
	tabletest.Dump(t, l, []string{"Src"})
	if got := strings.Join(l.t.Schema().Names(), ","); got != "EventResult,Src" {
		t.Errorf("cache holds %s, want EventResult,Src", got)
	}
	second := l.t
	tabletest.Dump(t, l, []string{"Src", "EventResult"})
	if l.t != second {
		t.Error("a scan of cached columns rebuilt the view")
	}
	if n := len(tabletest.Dump(t, l, []string{})); n != 3 {
		t.Errorf("count: %d rows, want 3", n)
	}
}

// TestDatasetViewColumns checks the lazy view against the whole view over
// every public dataset (QUARRY_DATASETS).
func TestDatasetViewColumns(t *testing.T) {
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; point it at shared/datasets to run the real-data tests")
	}
	res, err := Paths([]string{dir}, Options{Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	src := sourcesOf(res)
	for _, name := range []string{"SigninLogs", "AADNonInteractiveUserSignInLogs", "SecurityEvent", "Syslog", "ASimWebSessionLogs", "Okta", "AWSCloudTrail", "ZeekSsh", "ZeekNtlm", "ZeekRdp", "ZeekKerberos", "WindowsEvent"} {
		if _, ok := src.Lookup(name); !ok {
			t.Errorf("the datasets have no %s table", name)
		}
	}
	full, err := normalize.Authentication(src)
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string]int{}
	for _, b := range full.Batches() {
		types := b.Cols[full.Schema().Index("Type")]
		for i := 0; i < b.Len; i++ {
			byType[types.Strs[i]]++
		}
	}
	t.Logf("rows by source: %v", byType)
	checkViewScans(t, res, src)
	xfer, err := normalize.DataTransfer(src)
	if err != nil {
		t.Fatal(err)
	}
	view, _ := res.Catalog.Lookup(transferView)
	for _, cols := range [][]string{{"User", "BytesReceived"}, {}, {"Resource"}, nil} {
		got, want := tabletest.Dump(t, view, cols), tabletest.Dump(t, xfer, cols)
		if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("imDataTransfer %v: %d rows, want %d (more than 0), or different cells", cols, len(got), len(want))
		}
	}
	for _, c := range normalize.TransferSchema.Names() {
		part, err := normalize.DataTransferColumns(context.Background(), src, []string{c})
		if err != nil {
			t.Fatal(err)
		}
		got, want := tabletest.Dump(t, part, []string{c}), tabletest.Dump(t, xfer, []string{c})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("imDataTransfer column %s differs from the whole view's (%d rows, want %d)", c, len(got), len(want))
		}
	}
	for _, c := range normalize.AuthSchema.Names() {
		part, err := normalize.AuthenticationColumns(context.Background(), src, []string{c})
		if err != nil {
			t.Fatal(err)
		}
		got, want := tabletest.Dump(t, part, []string{c}), tabletest.Dump(t, full, []string{c})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("column %s differs from the whole view's (%d rows, want %d)", c, len(got), len(want))
		}
	}
}

// TestLazyViewTransientScan checks that a transient scan (a hunt loading
// the view into its own table) gives the rows and leaves no cached build,
// and that a later scan builds the view again.
func TestLazyViewTransientScan(t *testing.T) {
	res, _ := loadDir(t, map[string]string{"auth.log": sshdLines})
	v, _ := res.Catalog.Lookup(authRows)
	l := v.(*lazy)
	want := tabletest.Dump(t, l, []string{"EventResult", "Src"})
	var got []string
	req := table.ScanRequest{Columns: []string{"EventResult", "Src"}, Transient: true}
	if err := l.Scan(context.Background(), req, func(_ int, b *column.Batch) error {
		for i := 0; i < b.Len; i++ {
			got = append(got, fmt.Sprint(b.Row(i)))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) != 3 {
		t.Errorf("transient scan: %d rows, want %d", len(got), len(want))
	}
	if l.t != nil {
		t.Error("the view kept its build after a transient scan")
	}
	if n := len(tabletest.Dump(t, l, []string{"Src"})); n != 3 || l.t == nil {
		t.Errorf("scan after a transient one: %d rows, cache rebuilt %v", n, l.t != nil)
	}
}
