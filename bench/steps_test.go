package main

import (
	"strings"
	"testing"
	"time"
)

const timingsOut = `Where the time went (wall clock):
    0.11 s  read the rules, find the inputs and their formats
    1.16 s  load the tables the rules read
    2.01 s  evaluate the rules at their ticks (12038 evaluations)
    3.28 s  total
Rules by evaluation time (summed over the 2 workers that ran them):
  evaluating  hoisting  evaluations  rule
      1.16 s    0.18 s         1952  quarry-credential-stuffing
`

func TestParseSteps(t *testing.T) {
	got := parseSteps([]byte("warning: something\n" + timingsOut))
	want := []step{
		{"read the rules, find the inputs and their formats", 110 * time.Millisecond},
		{"load the tables the rules read", 1160 * time.Millisecond},
		{"evaluate the rules at their ticks (12038 evaluations)", 2010 * time.Millisecond},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].name != want[i].name || (got[i].wall-want[i].wall).Abs() > time.Microsecond {
			t.Errorf("step %d: %v, want %v", i, got[i], want[i])
		}
	}
	if parseSteps([]byte("no timings here\n")) != nil {
		t.Error("steps without the header")
	}
}

func TestParseRules(t *testing.T) {
	got := parseRules([]byte(timingsOut + "      0.00 s    0.00 s            0  seed-bulk-export\nsomething else\n"))
	if len(got) != 2 || got[0].id != "quarry-credential-stuffing" || got[0].evals != 1952 ||
		got[0].evaluating != 1160*time.Millisecond || got[0].hoisting != 180*time.Millisecond || got[1].evals != 0 {
		t.Fatalf("got %+v", got)
	}
	if parseRules([]byte("no rules\n")) != nil {
		t.Error("rules without the header")
	}
}

func TestMedianStepsAndReport(t *testing.T) {
	mk := func(load time.Duration) sample {
		return sample{steps: []step{{"read", 100 * time.Millisecond}, {"load", load}, {"plan the rules (1)", time.Millisecond}, {"evaluate", time.Second}},
			rules: []ruleTime{{id: "a", evals: 3, evaluating: load / 4}, {id: "b", evals: 5, evaluating: time.Second, hoisting: load}}}
	}
	ss := []sample{mk(3 * time.Second), mk(time.Second), mk(2 * time.Second)}
	st := stats{n: 3, steps: medianSteps(ss), rules: medianRules(ss)}
	if st.steps[1].wall != 2*time.Second {
		t.Fatalf("median load %v, want 2s", st.steps[1].wall)
	}
	var sb strings.Builder
	writeSteps(&sb, st, &toolResult{st: stats{wall: 700 * time.Millisecond, n: 1}})
	for _, want := range []string{"| load | 2.00 s | 2.86x |", "has taken 2.10 s, 3.00x workload 1's whole run",
		"| b | 5 | 1.00 s | 2.00 s |\n| a | 3 | 0.50 s | 0.00 s |"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, sb.String())
		}
	}
}
