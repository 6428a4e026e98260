package triage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/hunt"
	"quarry/internal/kql"
	"quarry/internal/table"
)

func TestWatchlistsAsKQLTables(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "leaked-identities.csv"), []byte("Email,Breach\nM@x,shop-2026\nz@x,shop-2026\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "vendors.csv"), []byte("Name,UPN,AccessHours\nNordlogix,svc-vendor@x,08:00-18:00\n"), 0o644)
	tables, funcs, ws, err := LoadWatchlists(filepath.Join(dir, "leaked-identities.csv"), "vendor-service="+filepath.Join(dir, "vendors.csv")+"#UPN")
	if err != nil {
		t.Fatal(err)
	}
	cat := table.NewSet(tables...)
	q := `_GetWatchlist('vendor-service') | project SearchKey, Name, AccessHours, item = tostring(WatchlistItem.Name)`
	p, err := kql.CompileWith(q, cat, kql.Env{Functions: funcs})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(context.Background(), kql.Options{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i := 0; i < res.Batch.Len; i++ {
		var cells []string
		for _, v := range res.Batch.Row(i) {
			cells = append(cells, v.Text())
		}
		rows = append(rows, strings.Join(cells, ","))
	}
	got := strings.Join(res.Schema.Names(), ",") + "\n" + strings.Join(rows, "\n")
	if want := "SearchKey,Name,AccessHours,item\nsvc-vendor@x,Nordlogix,08:00-18:00,Nordlogix"; got != want {
		t.Errorf("got\n%s", got)
	}
	var roles []string
	for _, w := range ws.Lists {
		roles = append(roles, w.Alias+"="+w.Role+" key="+w.SearchKey)
	}
	if got := strings.Join(roles, " "); got != "leaked-identities=leaked key=Email vendor-service=service key=UPN" {
		t.Error(got)
	}
	if h := ws.Lookup("m@X"); len(h) != 1 || h[0].Row["Breach"] != "shop-2026" {
		t.Errorf("lookup %v", h)
	}
	// An alert on the leaked account says so; the vendor outside its hours too.
	a := alert("ato", "r", ClassTakeover, 0, 1, []string{"Account:m@x", "IP:9.9.9.9"}, nil)
	e := alert("exp", "x", ClassBulkExport, 60, 120, []string{"Account:svc-vendor@x"}, map[string]any{"Bytes": 5e10}) // 03:00-04:00 UTC
	r := Build([]hunt.Alert{a, e}, Options{Watchlists: ws})
	var notes []string
	for _, inc := range r.Incidents {
		notes = append(notes, inc.Alerts[0].Notes...)
		notes = append(notes, inc.Reasons...)
	}
	got = strings.Join(notes, "\n")
	for _, want := range []string{"m@x is in watchlist leaked-identities (identity leaked in a breach)",
		"+30 leaked identity m@x (watchlist leaked-identities), compromised",
		"svc-vendor@x is in watchlist vendor-service (service account) and acted outside its approved access window: activity 2026-11-03T03:00Z..2026-11-03T04:00Z, approved hours 08:00-18:00 UTC",
		"+50 service account svc-vendor@x outside its approved access window"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}
