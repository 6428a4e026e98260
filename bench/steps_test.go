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

func TestMedianStepsAndReport(t *testing.T) {
	mk := func(load time.Duration) sample {
		return sample{steps: []step{{"read", 100 * time.Millisecond}, {"load", load}, {"plan the rules (1)", time.Millisecond}, {"evaluate", time.Second}}}
	}
	st := stats{n: 3, steps: medianSteps([]sample{mk(3 * time.Second), mk(time.Second), mk(2 * time.Second)})}
	if st.steps[1].wall != 2*time.Second {
		t.Fatalf("median load %v, want 2s", st.steps[1].wall)
	}
	var sb strings.Builder
	writeSteps(&sb, st, &toolResult{st: stats{wall: 700 * time.Millisecond, n: 1}})
	for _, want := range []string{"| load | 2.00 s | 2.86x |", "has taken 2.10 s, 3.00x workload 1's whole run"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, sb.String())
		}
	}
}
