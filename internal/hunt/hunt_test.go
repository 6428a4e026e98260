package hunt

import (
	"context"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/rules"
	"quarry/internal/table"
)

var t0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// events returns a table T with one row per minute offset.
func events(mins ...int) *table.Memory {
	schema := column.Schema{{Name: "TimeGenerated", Type: column.DateTime}, {Name: "User", Type: column.String}}
	b := column.NewBatch(schema, len(mins))
	for _, m := range mins {
		b.AppendRow([]column.Value{column.DateTimeValue(t0.Add(time.Duration(m) * time.Minute)), column.StringValue("u")})
	}
	return table.NewMemory("T", schema, b)
}

func rule(t *testing.T, freq, period string) *rules.Rule {
	t.Helper()
	src := "id: r\nname: R\nqueryFrequency: " + freq + "\nqueryPeriod: " + period +
		"\nquery: T | summarize Attempts = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by User\n" +
		"entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: User\n" +
		"eventGroupingSettings:\n  aggregationKind: AlertPerResult\n"
	r, problems := rules.Parse([]byte(src), "r.yaml")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return r
}

// TestTicksWindowsAndDedup: ticks every hour cover the rows, each window
// [tick-period, tick) sees only its rows, and the alerts of overlapping
// windows merge into one per connected run of events.
func TestTicksWindowsAndDedup(t *testing.T) {
	cat := table.NewSet(events(10, 70, 130, 400))
	res, err := Run(context.Background(), Input{Catalog: cat}, []*rules.Rule{rule(t, "1h", "2h")}, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	run := res.Runs[0]
	if run.Ticks != 7 || run.Raised != 5 {
		t.Errorf("ticks %d raised %d, want 7 ticks (01:00..07:00) and 5 alerts (ticks 01-04 and 07)", run.Ticks, run.Raised)
	}
	if len(res.Alerts) != 2 {
		t.Fatalf("want 2 merged alerts (00:10-02:10 and 06:40), got %d", len(res.Alerts))
	}
	a, b := res.Alerts[0], res.Alerts[1]
	if !a.Start.Equal(t0.Add(10*time.Minute)) || !a.End.Equal(t0.Add(130*time.Minute)) || a.EventCount != 2 {
		t.Errorf("first alert %v..%v count %d", a.Start, a.End, a.EventCount)
	}
	if !b.Start.Equal(t0.Add(400*time.Minute)) || b.EventCount != 1 || !b.FirstTick.Equal(t0.Add(7*time.Hour)) {
		t.Errorf("second alert %v count %d first tick %v", b.Start, b.EventCount, b.FirstTick)
	}
}

func TestSameEntitiesNeedsEveryCommonType(t *testing.T) {
	acct := func(v string) Entity { return Entity{Type: "Account", Value: v} }
	ip := func(v string) Entity { return Entity{Type: "IP", Value: v} }
	a := &Alert{Entities: []Entity{acct("Root"), ip("1.1.1.1")}}
	if !sameEntities(a, &Alert{Entities: []Entity{acct("root"), ip("1.1.1.1"), ip("2.2.2.2")}}) {
		t.Error("same account (case-insensitive) and a shared IP should merge")
	}
	if sameEntities(a, &Alert{Entities: []Entity{acct("root"), ip("2.2.2.2")}}) {
		t.Error("same account from another IP should not merge")
	}
	if !sameEntities(a, &Alert{Entities: []Entity{ip("1.1.1.1")}}) {
		t.Error("types missing on one side are ignored")
	}
}
