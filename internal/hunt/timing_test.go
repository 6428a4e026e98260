package hunt

import (
	"context"
	"testing"
	"time"

	"quarry/internal/rules"
	"quarry/internal/table"
)

// fakeClock advances a second at every reading.
func fakeClock() func() time.Time {
	now := t0
	return func() time.Time {
		now = now.Add(time.Second)
		return now
	}
}

// TestTimingsWithAClock: with Options.Clock the hunt records its steps in
// order and what each rule's hoisting and evaluations took; the alerts do
// not change.
func TestTimingsWithAClock(t *testing.T) {
	cat := table.NewSet(events(10, 70, 130, 400))
	src := "id: r\nname: R\nqueryFrequency: 1h\nqueryPeriod: 2h\n" +
		"query: T | where User != '' | summarize Attempts = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by User\n" +
		"entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: User\n"
	r, problems := rules.Parse([]byte(src), "r.yaml")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	rs := []*rules.Rule{r} // the where is a prefix to hoist
	plain, err := Run(context.Background(), Input{Catalog: cat}, rs, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	timed, err := Run(context.Background(), Input{Catalog: cat}, rs, Options{Workers: 1, Clock: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Alerts) != len(timed.Alerts) || plain.Runs[0].Raised != timed.Runs[0].Raised {
		t.Errorf("the clock changed the result: %d/%d alerts", len(plain.Alerts), len(timed.Alerts))
	}
	want := []string{
		"load the tables the rules read",
		"plan the rules (1)",
		"hoist the parts of the rules that no tick changes",
		"evaluate the rules at their ticks (7 evaluations)",
		"merge the alerts of overlapping windows",
	}
	if len(timed.Steps) != len(want) {
		t.Fatalf("steps %v, want %q", timed.Steps, want)
	}
	for i, s := range timed.Steps {
		if s.Name != want[i] || s.Wall <= 0 {
			t.Errorf("step %d: %q %v, want %q and a time", i, s.Name, s.Wall, want[i])
		}
	}
	run := timed.Runs[0]
	if run.Evaluating != 7*time.Second { // two readings per evaluation, a second apart
		t.Errorf("evaluating %v, want 7s (7 evaluations)", run.Evaluating)
	}
	if run.Hoisting != time.Second { // one prefix
		t.Errorf("hoisting %v, want 1s", run.Hoisting)
	}
	if plain.Steps != nil || plain.Runs[0].Evaluating != 0 || plain.Runs[0].Hoisting != 0 {
		t.Errorf("without a clock the hunt recorded %v, %v, %v", plain.Steps, plain.Runs[0].Evaluating, plain.Runs[0].Hoisting)
	}
}
