package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"quarry/internal/demo"
	"quarry/internal/hunt"
)

// TestDemoScorecardQualityBar hunts generated demo data for several seeds
// and sizes and asserts issue 4's quality bar on the scorecard.
func TestDemoScorecardQualityBar(t *testing.T) {
	cases := []struct {
		size string
		seed uint64
	}{{"medium", 1}, {"medium", 2}, {"small", 3}}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s-seed-%d", c.size, c.seed), func(t *testing.T) {
			cfg, err := demoConfig(c.size, c.seed)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			sc, res, err := DemoHunt(context.Background(), cfg, dir, hunt.Options{Workers: 2}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			sc.Write(&b)
			t.Log("\n" + b.String())
			assertQualityBar(t, sc, res)
			assertTriageQualityBar(t, readLabels(t, dir), res)
		})
	}
}

func assertQualityBar(t *testing.T, sc *hunt.Scorecard, res *hunt.Result) {
	t.Helper()
	for _, c := range sc.Campaigns {
		if !c.Detected {
			t.Errorf("campaign %s (%s) not detected", c.ID, c.Kind)
		}
	}
	if r := sc.CompromisedRecall(); r < 0.95 {
		t.Errorf("compromised accounts reported: %d of %d (%.1f%%), want >= 95%%", sc.CompromisedFound, sc.Compromised, 100*r)
	}
	for _, hit := range sc.BenignSourceHits {
		if strings.HasPrefix(hit, "nat ") {
			t.Errorf("an alert names the benign NAT egress: %s", hit)
		}
	}
	if r := sc.FalsePositiveRate(); r >= 0.001 {
		t.Errorf("false-positive accounts %v = %.3f%% of %d benign accounts, want < 0.1%%", sc.FalsePositiveAccounts, 100*r, sc.BenignAccounts)
	}
	if sc.QuarryOnServiceAccounts != 0 {
		t.Errorf("quarry raised %d bulk-export alerts on the heavy ETL accounts", sc.QuarryOnServiceAccounts)
	}
	if sc.SeedOnServiceAccounts == 0 {
		t.Errorf("the seed z-score did not flood on the ETL accounts: the scorecard cannot show the contrast")
	}
	exports := 0
	for _, c := range sc.Campaigns {
		if c.Kind == demo.KindBulkExport && c.Detected {
			exports++
		}
	}
	if exports != 2 {
		t.Errorf("bulk exports found: %d of 2", exports)
	}
	if len(res.Alerts) == 0 {
		t.Error("no alerts")
	}
}

// TestHuntJSONLines checks the `quarry hunt --format json` contract: one
// object per line with the documented keys.
func TestHuntJSONLines(t *testing.T) {
	dir := t.TempDir()
	cfg, _ := demoConfig("small", 5)
	if _, err := demo.Generate(cfg, dir); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "hunt", "--format", "json", "--year", "2026", dir+"/signinlogs.ndjson", dir+"/transfers.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 5 {
		t.Fatalf("want alerts, got %q", out)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		for _, k := range []string{"rule_id", "rule_name", "severity", "classification", "techniques", "start", "end", "entities", "event_count", "explanation", "evidence"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line lacks %q: %s", k, l)
			}
		}
	}
}

func TestHuntUsageAndRuleErrors(t *testing.T) {
	if code, _, _ := runCLI(t, "", "hunt"); code != ExitUsage {
		t.Errorf("hunt without PATH: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := runCLI(t, "", "hunt", "--format", "xml", "x"); code != ExitUsage {
		t.Errorf("bad --format: exit %d, want %d", code, ExitUsage)
	}
	dir := t.TempDir()
	rule := "id: broken\nname: Broken\nqueryFrequency: 1h\nqueryPeriod: 1h\nquery: SigninLogs | where UserPrincipleName == 'x'\n"
	writeFile(t, dir+"/broken.yaml", rule)
	writeFile(t, dir+"/data.csv", "timestamp,user_id,bytes_transferred\n2026-01-01T00:00:00Z,a,1\n")
	code, _, errOut := runCLI(t, "", "hunt", "--no-builtin", "--rules", dir, dir+"/data.csv")
	if code != ExitUser || !strings.Contains(errOut, "UserPrincipalName") {
		t.Errorf("broken rule: exit %d, stderr %q", code, errOut)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHuntTimings: --timings prints every step and every rule on stderr
// and leaves the alerts on stdout as they are.
func TestHuntTimings(t *testing.T) {
	dir := t.TempDir()
	cfg, _ := demoConfig("small", 5)
	if _, err := demo.Generate(cfg, dir); err != nil {
		t.Fatal(err)
	}
	args := []string{"hunt", "--format", "json", "--workers", "2", dir + "/signinlogs.ndjson", dir + "/transfers.csv"}
	_, plain, _ := runCLI(t, "", args...)
	code, out, errOut := runCLI(t, "", append(args, "--timings")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != plain {
		t.Error("--timings changed the alerts")
	}
	for _, want := range []string{
		"Where the time went (wall clock):",
		"read the rules, find the inputs and their formats",
		"load the tables the rules read",
		"hoist the parts of the rules that no tick changes",
		"evaluate the rules at their ticks (",
		"evaluate the rules over SecurityAlert at their ticks (",
		"triage, and write the output",
		"total",
		"Rules by evaluation time (summed over the 2 workers that ran them):",
		"quarry-account-takeover", "quarry-brute-force", "seed-bulk-export",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}
