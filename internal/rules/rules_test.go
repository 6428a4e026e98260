package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	cases := map[string]time.Duration{
		"5m": 5 * time.Minute, "1h": time.Hour, "14d": 14 * 24 * time.Hour, "30s": 30 * time.Second,
		"PT5M": 5 * time.Minute, "P1D": 24 * time.Hour, "P2DT1H30M": 49*time.Hour + 30*time.Minute, "pt1h": time.Hour,
	}
	for in, want := range cases {
		got, err := ParseDuration(in)
		if err != nil || got.Std() != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got.Std(), err, want)
		}
	}
	for _, bad := range []string{"", "5", "P", "PT", "5 minutes", "-1h"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
	if s := Duration(36 * time.Hour).String(); s != "36h" {
		t.Errorf("String() = %q", s)
	}
}

const minimal = `id: r1
name: Rule one
severity: high
queryFrequency: 1h
queryPeriod: 2h
parameters:
  threshold: 5
  window: 20m
query: T | where n > threshold
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: ip
`

func TestParseNormalisesAndInjectsParameters(t *testing.T) {
	r, problems := Parse([]byte(minimal), "r1.yaml")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if r.Severity != "High" || r.Kind != "Scheduled" || r.QueryPeriod.Std() != 2*time.Hour {
		t.Errorf("got severity %q kind %q period %v", r.Severity, r.Kind, r.QueryPeriod)
	}
	want := "let threshold = 5;\nlet window = 20m;\nT | where n > threshold"
	if got := r.QueryText(); got != want {
		t.Errorf("QueryText:\n%s\nwant\n%s", got, want)
	}
}

func TestValidationMessagesNameTheField(t *testing.T) {
	bad := `id: r2
severity: urgent
queryFrequency: 2h
queryPeriod: 1h
triggerOperator: gte
query: T
entityMappings:
  - entityType: Adress
  - entityType: IP
    fieldMappings:
      - identifier: Addr
        columnName: ip
`
	_, problems := Parse([]byte(bad), "r2.yaml")
	got := strings.Join(problems, "\n")
	for _, want := range []string{
		"r2.yaml: name: missing",
		`severity: "urgent" is not one of`,
		"queryPeriod 1h is shorter than queryFrequency 2h",
		`triggerOperator: "gte"`,
		`unknown entityType "Adress"`,
		`IP has no identifier "Addr"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestConfigOverridesAndRejectsTypos(t *testing.T) {
	r, _ := Parse([]byte(minimal), "r1.yaml")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("rules:\n  r1:\n    severity: low\n    parameters:\n      threshold: 9\n"), 0o644)
	c, err := LoadConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Apply([]*Rule{r})
	if err != nil || len(out) != 1 {
		t.Fatalf("Apply: %v %v", out, err)
	}
	if out[0].Severity != "Low" || !strings.Contains(out[0].QueryText(), "let threshold = 9;") {
		t.Errorf("override not applied: %s %s", out[0].Severity, out[0].QueryText())
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("rules:\n  r1:\n    parameters:\n      treshold: 9\n  nosuch:\n    enabled: false\n"), 0o644)
	c, _ = LoadConfig(bad)
	_, err = c.Apply([]*Rule{r})
	if err == nil || !strings.Contains(err.Error(), "rules.nosuch: no rule with this id") ||
		!strings.Contains(err.Error(), "rules.r1.parameters.treshold: the rule has no such parameter") {
		t.Errorf("want both typos reported, got %v", err)
	}
	off := filepath.Join(dir, "off.yaml")
	os.WriteFile(off, []byte("rules:\n  r1:\n    enabled: false\n"), 0o644)
	c, _ = LoadConfig(off)
	if out, err := c.Apply([]*Rule{r}); err != nil || len(out) != 0 {
		t.Errorf("disabled rule still runs: %v %v", out, err)
	}
}

func TestBuiltinRulesLoad(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rs {
		ids[r.ID] = true
		if r.Classification == "" || len(r.RelevantTechniques) == 0 || r.AlertDetailsOverride == nil && !strings.HasPrefix(r.ID, "seed-") {
			t.Errorf("%s: built-in rules need a classification, techniques and an explanation format", r.ID)
		}
	}
	for _, id := range []string{"seed-credential-stuffing", "seed-bulk-export", "quarry-password-spray", "quarry-credential-stuffing",
		"quarry-distributed-credential-stuffing", "quarry-brute-force", "quarry-account-takeover", "quarry-bulk-export"} {
		if !ids[id] {
			t.Errorf("built-in rule %s missing", id)
		}
	}
}
