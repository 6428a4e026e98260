package load

import (
	"context"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
	"quarry/internal/table/tabletest"
)

// emptied stands in for a source table: it has its name and schema and
// no rows.
type emptied struct{ table.Table }

// Scan emits nothing.
func (emptied) Scan(context.Context, table.ScanRequest, func(int, *column.Batch) error) error {
	return nil
}

// TestLazyViewBuildWith: BuildWith reads every source through with and
// nothing else, gives the rows a scan gives, and leaves the cache alone.
func TestLazyViewBuildWith(t *testing.T) {
	res, _ := loadDir(t, map[string]string{
		"signins.json": `{"TimeGenerated":"2026-11-02T10:00:00Z","Type":"SigninLogs","ResultType":"50126","UserPrincipalName":"bob@x.eu","LocationDetails":{"city":"Paris"}}
`,
		"auth.log": sshdLines,
	})
	v, _ := res.Catalog.Lookup(authRows)
	l := v.(*lazy)
	cols := []string{"TimeGenerated", "TargetUsername", "SrcGeoCity"}
	var seen []string
	built, err := l.BuildWith(context.Background(), func(t table.Table) table.Table {
		seen = append(seen, t.Name())
		return t
	}, cols)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(seen, ","), strings.Join(sourcesOf(res).Names(), ","); got != want {
		t.Errorf("with saw %s, want every source: %s", got, want)
	}
	got, want := tabletest.Dump(t, built, cols), tabletest.Dump(t, l, cols)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != 4 {
		t.Errorf("BuildWith gave\n%s\nwant (4 rows)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	l.forget(l.t)
	empty, err := l.BuildWith(context.Background(), func(t table.Table) table.Table { return emptied{t} }, cols)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tabletest.Dump(t, empty, cols)); n != 0 || l.t != nil {
		t.Errorf("from empty sources: %d rows, cache set %v; want 0 rows and no cache", n, l.t != nil)
	}
}
