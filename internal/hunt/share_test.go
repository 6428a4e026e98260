package hunt

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/demo"
	"quarry/internal/ingest"
	"quarry/internal/ingest/load"
	"quarry/internal/rules"
	"quarry/internal/table"
	"quarry/internal/table/tabletest"
)

// scanCounts counts the scans (Scan and ScanFields calls) of source
// tables by name.
type scanCounts struct {
	mu sync.Mutex
	n  map[string]int
}

// add counts a scan of the table called name.
func (c *scanCounts) add(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[name]++
}

// get returns the number of scans of the table called name.
func (c *scanCounts) get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[name]
}

// counted is a source table whose scans are counted.
type counted struct {
	table.Table
	counts *scanCounts
}

// Scan counts and scans.
func (c *counted) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	c.counts.add(c.Name())
	return c.Table.Scan(ctx, req, emit)
}

// countedFields is counted over a table with ScanFields.
type countedFields struct{ *counted }

// ScanFields counts and scans.
func (c countedFields) ScanFields(ctx context.Context, req table.ScanRequest, fields []ingest.Field, emit func(int, *column.Batch) error) error {
	c.counts.add(c.Name())
	return c.Table.(ingest.FieldScanner).ScanFields(ctx, req, fields, emit)
}

// rebased is a derived table reading src[name] for its source of that
// name: the views of a loaded catalog over its counted sources.
type rebased struct {
	table.Derived
	src map[string]table.Table
}

// BuildWith builds the table from with(src[name]).
func (r *rebased) BuildWith(ctx context.Context, with func(table.Table) table.Table, cols []string) (table.Table, error) {
	return r.Derived.BuildWith(ctx, func(t table.Table) table.Table {
		if s, ok := r.src[t.Name()]; ok {
			return with(s)
		}
		return with(t)
	}, cols)
}

// Scan builds the table from src and scans it (no cache).
func (r *rebased) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	t, err := r.BuildWith(ctx, func(t table.Table) table.Table { return t }, req.Columns)
	if err != nil {
		return err
	}
	if req.Columns == nil {
		req.Columns = r.Schema().Names()
	}
	return t.Scan(ctx, req, emit)
}

// copyView is a derived table over another one (src): a copy of its
// columns, as a view over a view.
type copyView struct {
	name   string
	src    table.Table
	schema column.Schema
}

// Name returns the view's name.
func (v *copyView) Name() string { return v.name }

// Schema returns the view's columns.
func (v *copyView) Schema() column.Schema { return v.schema }

// BuildWith copies the columns cols of with(src).
func (v *copyView) BuildWith(ctx context.Context, with func(table.Table) table.Table, cols []string) (table.Table, error) {
	src := with(v.src)
	if cols == nil {
		cols = v.schema.Names()
	}
	var schema column.Schema
	for _, c := range cols {
		schema = append(schema, v.schema[v.schema.Index(c)])
	}
	var bs []*column.Batch
	err := src.Scan(ctx, table.ScanRequest{Columns: cols}, func(_ int, b *column.Batch) error {
		bs = append(bs, b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return table.NewMemory(v.name, schema, bs...), nil
}

// Scan copies src and scans the copy.
func (v *copyView) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	t, err := v.BuildWith(ctx, func(t table.Table) table.Table { return t }, req.Columns)
	if err != nil {
		return err
	}
	return t.Scan(ctx, req, emit)
}

// countedInput loads paths into a catalog whose source tables count
// their scans and whose views read those tables, plus AuthCopy, a copy
// of some authentication-view columns (a view over a view).
func countedInput(t *testing.T, paths ...string) (Input, *scanCounts) {
	t.Helper()
	res, err := load.Paths(paths, load.Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	counts := &scanCounts{n: map[string]int{}}
	cat, src := table.NewSet(), map[string]table.Table{}
	var views []table.Derived
	for _, n := range res.Catalog.Names() {
		tb, _ := res.Catalog.Lookup(n)
		if d, ok := tb.(table.Derived); ok {
			views = append(views, d)
			continue
		}
		c := &counted{Table: tb, counts: counts}
		src[n] = c
		if _, ok := tb.(ingest.FieldScanner); ok {
			src[n] = countedFields{c}
		}
		cat.Add(src[n])
	}
	for _, d := range views {
		cat.Add(&rebased{Derived: d, src: src})
	}
	auth, _ := cat.Lookup("_ASim_AuthenticationRows")
	var schema column.Schema
	for _, c := range []string{"TimeGenerated", "TargetUsername", "EventResult", "SrcIpAddr"} {
		schema = append(schema, auth.Schema()[auth.Schema().Index(c)])
	}
	cat.Add(&copyView{name: "AuthCopy", src: auth, schema: schema})
	return Input{Catalog: cat, Functions: res.Functions}, counts
}

// queryRule returns an hourly rule over a day running query.
func queryRule(t *testing.T, id, query string) *rules.Rule {
	t.Helper()
	src := "id: " + id + "\nname: " + id + "\nqueryFrequency: 1h\nqueryPeriod: 1d\nquery: " + query + "\n"
	r, problems := rules.Parse([]byte(src), id+".yaml")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return r
}

// prepared prepares rs over a fresh countedInput(paths), with sharing on
// or off, and returns the hunt's tables dumped, and the scan counts.
func prepared(t *testing.T, share bool, rs []*rules.Rule, paths ...string) (map[string][]string, *scanCounts) {
	t.Helper()
	defer SetSharing(true)
	SetSharing(share)
	in, counts := countedInput(t, paths...)
	h, err := prepare(context.Background(), in, rs)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for name, tt := range h.tables {
		out[name] = tabletest.Dump(t, tt, nil)
	}
	return out, counts
}

// demoPaths writes the small demo (sign-ins, sshd, transfers) to a
// temporary folder.
func demoPaths(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	cfg := demo.DefaultConfig()
	cfg.Employees, cfg.Scale = 400, 0.5 // `quarry demo --size small`
	if _, err := demo.Generate(cfg, dir); err != nil {
		t.Fatal(err)
	}
	return []string{
		filepath.Join(dir, "signinlogs.ndjson"),
		filepath.Join(dir, "auth.log"),
		filepath.Join(dir, "transfers.csv"),
	}
}

// asNDJSON rewrites the CSV file at path (no quoted fields) as NDJSON
// lines of strings next to it and returns the new path.
func asNDJSON(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	header := strings.Split(lines[0], ",")
	var out bytes.Buffer
	for _, line := range lines[1:] {
		rec := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			rec[header[i]] = v
		}
		j, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(append(j, '\n'))
	}
	ndjson := strings.TrimSuffix(path, filepath.Ext(path)) + ".ndjson"
	if err := os.WriteFile(ndjson, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return ndjson
}

// TestSharedLoadTables prepares rule sets that read source tables
// directly, through the views, through a view over a view, or both, and
// requires the same hunt tables as loading each table on its own, while
// every source table is scanned at most once.
//
// The transfers are NDJSON here: scanning one CSV file twice at once,
// as loading each table on its own does when the rules read it and a view
// does too, races in ingest (File.findHeader sets File.Header on every
// scan), which go test -race reports.
func TestSharedLoadTables(t *testing.T) {
	paths := demoPaths(t)
	paths[2] = asNDJSON(t, paths[2])
	direct := queryRule(t, "direct", "SigninLogs | where ResultType != '0' | project TimeGenerated, UserPrincipalName")
	view := queryRule(t, "view", "imAuthentication | where EventResult == 'Failure' | project TimeGenerated, TargetUsername, SrcGeoCity, SrcGeoLatitude")
	syslog := queryRule(t, "syslog", "Syslog | project TimeGenerated, SyslogMessage")
	copied := queryRule(t, "copy", "AuthCopy | project TimeGenerated, SrcIpAddr")
	xfer := queryRule(t, "xfer", "imDataTransfer | summarize sum(BytesReceived) by User")
	untimed := queryRule(t, "untimed", "transfers | project user_id, bytes_transferred") // no TimeGenerated
	count := queryRule(t, "count", "transfers | count")                                  // reads no column
	for _, c := range []struct {
		name  string
		rs    []*rules.Rule
		twice []string // sources scanned more than once without sharing
	}{
		{"direct only", []*rules.Rule{direct}, nil},
		{"view only", []*rules.Rule{view}, nil},
		{"direct and view", []*rules.Rule{direct, view}, []string{"SigninLogs"}},
		{"memory table and view", []*rules.Rule{syslog, view}, []string{"Syslog"}},
		{"view over a view", []*rules.Rule{copied, direct}, []string{"SigninLogs"}},
		{"untimed table and view", []*rules.Rule{untimed, xfer}, []string{"transfers"}},
		{"no column and view", []*rules.Rule{count, xfer}, []string{"transfers"}},
		{"all", []*rules.Rule{direct, view, syslog, copied, xfer, untimed}, []string{"SigninLogs", "Syslog", "transfers"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want, old := prepared(t, false, c.rs, paths...)
			got, shared := prepared(t, true, c.rs, paths...)
			compareTables(t, got, want)
			for _, name := range []string{"SigninLogs", "Syslog", "transfers"} {
				if n := shared.get(name); n > 1 {
					t.Errorf("%s scanned %d times with sharing", name, n)
				}
			}
			for _, name := range c.twice {
				if n := old.get(name); n < 2 {
					t.Errorf("%s scanned %d times without sharing, want more than once (the test no longer tells)", name, n)
				}
			}
		})
	}
}

// compareTables requires the same tables with the same rows.
func compareTables(t *testing.T, got, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d tables, want %d", len(got), len(want))
	}
	for name, rows := range want {
		if strings.Join(got[name], "\n") != strings.Join(rows, "\n") {
			t.Errorf("table %s: %d rows differ from loading it on its own (%d rows)", name, len(got[name]), len(rows))
			for i := range min(len(rows), len(got[name])) {
				if rows[i] != got[name][i] {
					t.Errorf("row %d:\n got  %s\n want %s", i, got[name][i], rows[i])
					break
				}
			}
		}
		if len(rows) == 0 {
			t.Errorf("table %s is empty: the test tells nothing", name)
		}
	}
}

// TestSharedLoadBadRecord: a record whose view-only column holds an
// invalid escape is skipped by a scan that decodes that column (the
// view's) and kept by one that skips it (the rules'); the shared scan,
// which decodes it, must not stand for the rules' scan, so the hunt's
// tables are those of separate loads.
func TestSharedLoadBadRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "signins.json")
	lines := []string{
		`{"TimeGenerated":"2026-11-02T10:00:00Z","Type":"SigninLogs","ResultType":"50126","UserPrincipalName":"bob@x.eu","ResultDescription":"bad password","LocationDetails":{"city":"Paris"}}`,
		`{"TimeGenerated":"2026-11-02T10:01:00Z","Type":"SigninLogs","ResultType":"50126","UserPrincipalName":"eve@x.eu","ResultDescription":"bad \q escape","LocationDetails":{"city":"Oslo"}}`,
		`{"TimeGenerated":"2026-11-02T10:02:00Z","Type":"SigninLogs","ResultType":"0","UserPrincipalName":"bob@x.eu","ResultDescription":"ok","LocationDetails":{"city":"Paris"}}`,
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rs := []*rules.Rule{
		queryRule(t, "direct", "SigninLogs | project TimeGenerated, UserPrincipalName"),
		queryRule(t, "view", "imAuthentication | project TimeGenerated, TargetUsername, EventMessage"),
	}
	want, _ := prepared(t, false, rs, path)
	got, counts := prepared(t, true, rs, path)
	compareTables(t, got, want)
	if n := counts.get("SigninLogs"); n != 3 {
		t.Errorf("SigninLogs scanned %d times, want 3 (the shared scan, then the rules' and the view's own)", n)
	}
	if len(want["SigninLogs"]) != 3 || len(want["_ASim_AuthenticationRows"]) != 2 {
		t.Errorf("%d sign-ins and %d view rows, want 3 and 2 (the test no longer tells)", len(want["SigninLogs"]), len(want["_ASim_AuthenticationRows"]))
	}
}

// TestSharedLoadSameAlerts replays all built-in rules over the small demo
// with and without sharing and requires the same alerts and per-rule
// counts, and the sign-in file scanned once with sharing (twice without:
// the rules read it, and the authentication view).
func TestSharedLoadSameAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the rule pack twice")
	}
	paths := demoPaths(t)
	rs, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	run := func(share bool) (string, []RuleRun, *scanCounts) {
		defer SetSharing(true)
		SetSharing(share)
		in, counts := countedInput(t, paths...)
		res, err := Run(context.Background(), in, rs, Options{Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteNDJSON(&buf, res.Alerts); err != nil {
			t.Fatal(err)
		}
		return buf.String(), res.Runs, counts
	}
	want, wantRuns, old := run(false)
	got, gotRuns, shared := run(true)
	if want == "" {
		t.Fatal("no alerts")
	}
	if got != want {
		t.Errorf("alerts differ with sharing:\n--- without\n%s\n--- with\n%s", want, got)
	}
	if len(gotRuns) != len(wantRuns) {
		t.Fatalf("%d rule runs with sharing, %d without", len(gotRuns), len(wantRuns))
	}
	for i := range gotRuns {
		g, w := gotRuns[i], wantRuns[i]
		if g.Ticks != w.Ticks || g.Raised != w.Raised || g.Alerts != w.Alerts || g.Rows != w.Rows {
			t.Errorf("rule %s: ticks/raised/alerts/rows %d/%d/%d/%d with sharing, %d/%d/%d/%d without",
				g.Rule.ID, g.Ticks, g.Raised, g.Alerts, g.Rows, w.Ticks, w.Raised, w.Alerts, w.Rows)
		}
	}
	if n, m := shared.get("SigninLogs"), old.get("SigninLogs"); n != 1 || m != 2 {
		t.Errorf("SigninLogs scanned %d times with sharing, %d without; want 1 and 2", n, m)
	}
	t.Logf("scans with sharing %v, without %v", shared.n, old.n)
}
