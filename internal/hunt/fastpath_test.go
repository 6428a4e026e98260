package hunt_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/kql/exec"
	"quarry/internal/rules"
)

// TestFastPathsSameAlerts replays all built-in rules over the small demo
// (sign-ins, sshd and transfers) three times: with the engine's row-level
// fast paths that the rule pack relies on (hashed `x in (T)`, vectorized
// and/or; see internal/kql/exec/expr_inquery.go and expr_logic.go) and the
// tick-independent prefixes computed once per hunt (hunter.hoist), with
// the fast paths only, and with neither (the generic per-row evaluation of
// every window), and requires exactly the same alerts and per-rule counts.
func TestFastPathsSameAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the rule pack twice")
	}
	dir := t.TempDir()
	cfg := demo.DefaultConfig()
	cfg.Employees, cfg.Scale = 400, 0.5 // `quarry demo --size small`
	if _, err := demo.Generate(cfg, dir); err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		filepath.Join(dir, "signinlogs.ndjson"),
		filepath.Join(dir, "auth.log"),
		filepath.Join(dir, "transfers.csv"),
	}
	run := func(fast, hoist bool) (string, []hunt.RuleRun) {
		exec.SetRowFastPaths(fast)
		hunt.SetHoisting(hoist)
		defer exec.SetRowFastPaths(true)
		defer hunt.SetHoisting(true)
		in, err := load.Paths(paths, load.Options{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		res, err := hunt.Run(context.Background(), hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, rs,
			hunt.Options{Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := hunt.WriteNDJSON(&buf, res.Alerts); err != nil {
			t.Fatal(err)
		}
		return buf.String(), res.Runs
	}
	slow, slowRuns := run(false, false)
	if slow == "" {
		t.Fatal("the reference replay raised no alerts")
	}
	for _, mode := range []struct {
		name        string
		fast, hoist bool
	}{{"the fast paths", true, false}, {"the fast paths and hoisting", true, true}} {
		fast, fastRuns := run(mode.fast, mode.hoist)
		if fast != slow {
			t.Errorf("alerts differ with %s:\n--- generic\n%s\n--- %s\n%s", mode.name, slow, mode.name, fast)
		}
		compareRuns(t, mode.name, fastRuns, slowRuns)
	}
	t.Logf("%d bytes of alerts, %d rules", len(slow), len(slowRuns))
}

// compareRuns requires the same ticks, raised and deduplicated alerts per rule.
func compareRuns(t *testing.T, mode string, fastRuns, slowRuns []hunt.RuleRun) {
	t.Helper()
	if len(fastRuns) != len(slowRuns) {
		t.Fatalf("%d rule runs with %s, %d without", len(fastRuns), mode, len(slowRuns))
	}
	for i := range fastRuns {
		f, s := fastRuns[i], slowRuns[i]
		if fmt.Sprint(f.Rule.ID, f.Ticks, f.Raised, f.Alerts) != fmt.Sprint(s.Rule.ID, s.Ticks, s.Raised, s.Alerts) {
			t.Errorf("rule %s: ticks/raised/alerts %d/%d/%d with %s, %d/%d/%d without",
				f.Rule.ID, f.Ticks, f.Raised, f.Alerts, mode, s.Ticks, s.Raised, s.Alerts)
		}
	}
}
