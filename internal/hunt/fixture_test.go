package hunt_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the expected.txt of the rule fixtures")

// builtinRules loads the embedded rules or fails the test.
func builtinRules(t *testing.T) []*rules.Rule {
	t.Helper()
	rs, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// huntFiles loads paths and runs the rules over them.
func huntFiles(t *testing.T, rs []*rules.Rule, paths ...string) *hunt.Result {
	t.Helper()
	in, err := load.Paths(paths, load.Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	res, err := hunt.Run(context.Background(), hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, rs,
		hunt.Options{Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// canonical renders the alerts of one rule, one line each, in a stable
// order: window, severity, classification, entities, count, title and
// explanation.
func canonical(alerts []*hunt.Alert, ruleID string) string {
	var lines []string
	for _, a := range alerts {
		if a.RuleID != ruleID {
			continue
		}
		var ents []string
		for _, e := range a.Entities {
			ents = append(ents, e.Type+":"+e.Value)
		}
		sort.Strings(ents)
		lines = append(lines, fmt.Sprintf("%s..%s %s %s events=%d entities=[%s]\n  title: %s\n  why: %s",
			a.Start.Format(time.RFC3339), a.End.Format(time.RFC3339), a.Severity, a.Classification, a.EventCount,
			strings.Join(ents, " "), a.Title, a.Explanation))
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return "(no alerts)\n"
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestRuleFixtures runs every built-in rule's fixture folder
// (testdata/rules/<rule id>/: input logs and expected.txt) through the
// whole rule pack and compares that rule's alerts. Run with -update to
// rewrite expected.txt after a deliberate change.
func TestRuleFixtures(t *testing.T) {
	rs := builtinRules(t)
	for _, r := range rs {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", "rules", r.ID)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("built-in rule %s has no fixture folder: %v", r.ID, err)
			}
			var inputs []string
			for _, e := range entries {
				if e.Name() != "expected.txt" {
					inputs = append(inputs, filepath.Join(dir, e.Name()))
				}
			}
			got := canonical(huntFiles(t, rs, inputs...).Alerts, r.ID)
			want := filepath.Join(dir, "expected.txt")
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(b) {
				t.Errorf("alerts of %s differ from %s\n--- got\n%s--- want\n%s", r.ID, want, got, b)
			}
		})
	}
}

// TestBuiltinRulesTypeCheck compiles every built-in rule against the
// tables and views a hunt provides, with no data: a broken built-in rule
// fails here, not in a user's run.
func TestBuiltinRulesTypeCheck(t *testing.T) {
	in, err := load.Paths(nil, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := hunt.Check(hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, builtinRules(t)); err != nil {
		t.Fatal(err)
	}
}
