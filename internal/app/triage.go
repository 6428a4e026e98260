package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/report"
	"quarry/internal/rules"
	"quarry/internal/triage"
)

// triageFlags are the flags that shape triage: allowlists and watchlists.
type triageFlags struct {
	allowlist  string
	watchlists []string
}

func addTriageFlags(cmd *cobra.Command, f *triageFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.allowlist, "allowlist", "", "allowlist and suppression `FILE` (YAML; see docs/triage.md)")
	fl.StringArrayVar(&f.watchlists, "watchlist", nil,
		"watchlist CSV as `[ALIAS=]PATH[#KeyColumn]` or a folder of CSVs (repeatable); queryable as _GetWatchlist('ALIAS')")
}

// triageInputs loads the allowlist and the watchlists; the watchlist tables
// and the _GetWatchlist function are added to the loaded inputs so rules
// and queries can use them.
func triageInputs(f triageFlags, in *load.Result) (*triage.Allowlist, *triage.Watchlists, error) {
	var al *triage.Allowlist
	if f.allowlist != "" {
		var err error
		if al, err = triage.LoadAllowlist(f.allowlist); err != nil {
			return nil, nil, err
		}
	}
	if len(f.watchlists) == 0 {
		return al, nil, nil
	}
	tables, funcs, lists, err := triage.LoadWatchlists(f.watchlists...)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range tables {
		in.Catalog.Add(t)
	}
	for name, body := range funcs {
		in.Functions[name] = body
	}
	return al, lists, nil
}

// runTriage groups the hunt's alerts into scored incidents.
func runTriage(res *hunt.Result, rs []*rules.Rule, al *triage.Allowlist, wl *triage.Watchlists) (*triage.Result, []hunt.Alert) {
	byID := map[string]*rules.Rule{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	alerts := make([]hunt.Alert, len(res.Alerts))
	for i, a := range res.Alerts {
		alerts[i] = *a
	}
	return triage.Build(alerts, triage.Options{Rules: byID, Allowlist: al, Watchlists: wl}), alerts
}

// writeIncidents prints the reduction and one block per incident: what
// happened and what to do (block, reset).
func writeIncidents(w io.Writer, tr *triage.Result) {
	fmt.Fprintf(w, "\nTriage: %s\n", tr.Reduction())
	for _, e := range tr.Expired {
		fmt.Fprintf(w, "  note: allowlist entry %s expired and no longer applies\n", e.String())
	}
	for _, inc := range tr.Incidents {
		fmt.Fprintf(w, "\n%s  [%s, score %d]  %s\n", inc.ID, inc.Severity, inc.Score, inc.Title)
		fmt.Fprintf(w, "  %s .. %s  rules: %s\n", inc.Start.UTC().Format("2006-01-02 15:04"), inc.End.UTC().Format("2006-01-02 15:04"), strings.Join(inc.Rules, ", "))
		if len(inc.Compromised) > 0 {
			var accts []string
			for _, c := range inc.Compromised {
				accts = append(accts, c.Account)
			}
			fmt.Fprintf(w, "  reset: %s\n", strings.Join(accts, ", "))
		}
		if n := len(inc.Sources); n > 0 {
			fmt.Fprintf(w, "  block: %s\n", abbreviate(inc.Sources, 8))
		}
		if len(inc.Reasons) > 0 {
			fmt.Fprintf(w, "  why: %s\n", strings.Join(inc.Reasons, "; "))
		}
	}
}

// abbreviate joins up to n items and says how many more there are.
func abbreviate(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// writeResponseFiles writes the response outputs and the text summary.
func writeResponseFiles(dir string, tr *triage.Result, alerts []hunt.Alert, summary string) error {
	if err := report.WriteResponse(dir, tr, alerts); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "summary.txt"), []byte(summary), 0o644)
}
