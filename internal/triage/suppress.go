package triage

import (
	"fmt"
	"time"
)

// suppress drops alerts muted by a suppression window: a rule's own
// suppressionEnabled/suppressionDuration (after an alert fires, the rule
// raises nothing for the duration, as in Sentinel), and the allowlist's
// suppressions (a duration, or a fixed from/until window).
func (res *Result) suppress(its []*item, opts Options, al *Allowlist) []*item {
	last := map[string]time.Time{} // rule id -> start of the last raised alert
	var out []*item
	for _, it := range its {
		if reason := suppressedBy(it, opts, al, last); reason != "" {
			res.Suppressed = append(res.Suppressed, Dropped{it.alert, reason})
			continue
		}
		last[it.alert.RuleID] = startOf(it.alert)
		out = append(out, it)
	}
	return out
}

// suppressedBy returns why an alert is suppressed, or "".
func suppressedBy(it *item, opts Options, al *Allowlist, last map[string]time.Time) string {
	id, start := it.alert.RuleID, startOf(it.alert)
	prev, fired := last[id]
	if r := opts.Rules[id]; r != nil && r.SuppressionEnabled && r.SuppressionDuration > 0 && fired &&
		start.Before(prev.Add(r.SuppressionDuration.Std())) {
		return fmt.Sprintf("rule %s suppression: %s after the alert at %s", id, r.SuppressionDuration, prev.Format(time.RFC3339))
	}
	for _, e := range al.Suppressions {
		if e.Rule != id && e.Rule != "*" {
			continue
		}
		if e.dur > 0 && fired && start.Before(prev.Add(e.dur)) {
			return "suppression " + e.String() + " after the alert at " + prev.Format(time.RFC3339)
		}
		if e.dur == 0 && !start.Before(e.from) && start.Before(e.until) {
			return "suppression window " + e.String()
		}
	}
	return ""
}
