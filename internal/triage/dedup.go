package triage

import (
	"sort"
	"strings"
	"time"

	"quarry/internal/hunt"
)

// dedup merges alerts of the same rule on the same entities whose replay
// windows overlap (or whose event windows are at most gap apart when a
// rule's period is unknown) into one alert with the widened window and
// summed counts. The result is in (start, rule, id) order.
func dedup(alerts []hunt.Alert, period func(ruleID string) time.Duration, gap time.Duration) []*item {
	byKey := map[string][]hunt.Alert{}
	for _, a := range alerts {
		k := a.RuleID + "|" + strings.Join(entityKeys(a), ",")
		byKey[k] = append(byKey[k], a)
	}
	var out []*item
	for _, k := range sortedKeys(byKey) {
		out = append(out, mergeRuns(byKey[k], period(byKey[k][0].RuleID), gap)...)
	}
	sortItems(out)
	return out
}

// mergeRuns merges a time-sorted run of same-key alerts.
func mergeRuns(as []hunt.Alert, period, gap time.Duration) []*item {
	sort.SliceStable(as, func(i, j int) bool { return startOf(as[i]).Before(startOf(as[j])) })
	var out []*item
	var cur *hunt.Alert
	var raw []hunt.Alert
	for _, a := range as {
		if cur != nil && overlaps(*cur, a, period, gap) {
			merged := mergeAlert(*cur, a)
			cur = &merged
			raw = append(raw, a)
			continue
		}
		if cur != nil {
			out = append(out, newItem(*cur, raw))
		}
		c := a
		cur, raw = &c, []hunt.Alert{a}
	}
	if cur != nil {
		out = append(out, newItem(*cur, raw))
	}
	return out
}

// overlaps reports whether b continues a: their replay windows
// [tick - period, tick] overlap, or their event windows are at most gap
// apart.
func overlaps(a, b hunt.Alert, period, gap time.Duration) bool {
	if period > 0 && !a.LastTick.IsZero() && !b.FirstTick.IsZero() && !b.FirstTick.Add(-period).After(a.LastTick) {
		return true
	}
	return !startOf(b).After(endOf(a).Add(gap))
}

// mergeAlert folds b into a.
func mergeAlert(a, b hunt.Alert) hunt.Alert {
	a.Start = minTime(a.Start, b.Start)
	a.End = maxTime(a.End, b.End)
	a.FirstTick = minTime(a.FirstTick, b.FirstTick)
	a.LastTick = maxTime(a.LastTick, b.LastTick)
	a.Details = mergeDetails(a.Details, b.Details)
	a.Entities = mergeEntities(a.Entities, b.Entities)
	if len(a.Evidence) < 20 {
		a.Evidence = append(append([]map[string]any(nil), a.Evidence...), b.Evidence...)
		if len(a.Evidence) > 20 {
			a.Evidence = a.Evidence[:20]
		}
	}
	if severityRank(b.Severity) > severityRank(a.Severity) {
		a.Severity = b.Severity
	}
	return a
}

// mergeEntities unites two entity lists by key, keeping a's order.
func mergeEntities(a, b []hunt.Entity) []hunt.Entity {
	seen := map[string]bool{}
	out := make([]hunt.Entity, 0, len(a))
	for _, l := range [][]hunt.Entity{a, b} {
		for _, e := range l {
			if !seen[e.Key()] {
				seen[e.Key()] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func startOf(a hunt.Alert) time.Time {
	if a.Start.IsZero() {
		return a.FirstTick
	}
	return a.Start
}

func endOf(a hunt.Alert) time.Time {
	if a.End.IsZero() {
		return maxTime(startOf(a), a.LastTick)
	}
	return a.End
}

// sortItems orders items by window start, then rule, then id.
func sortItems(its []*item) {
	sort.SliceStable(its, func(i, j int) bool {
		a, b := its[i].alert, its[j].alert
		if !startOf(a).Equal(startOf(b)) {
			return startOf(a).Before(startOf(b))
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.ID < b.ID
	})
}

// severityRank orders Sentinel severities.
func severityRank(s string) int {
	switch strings.ToLower(s) {
	case "informational":
		return 1
	case "low":
		return 2
	case "medium":
		return 3
	case "high":
		return 4
	}
	return 0
}
