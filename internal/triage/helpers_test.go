package triage

import (
	"fmt"
	"strings"
	"time"

	"quarry/internal/hunt"
)

var t0 = time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)

// at returns t0 plus m minutes.
func at(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

// alert builds a test alert: rule, class, window in minutes from t0,
// entities as "IP:1.2.3.4" / "Account:a@x", details as key=value pairs.
func alert(id, rule, class string, from, to int, ents []string, details map[string]any) hunt.Alert {
	a := hunt.Alert{ID: id, RuleID: rule, RuleName: rule, Severity: "Medium", Classification: class, Title: rule + " " + id,
		Start: at(from), End: at(to), FirstTick: at(to), LastTick: at(to), Details: details}
	for _, e := range ents {
		typ, val, _ := strings.Cut(e, ":")
		a.Entities = append(a.Entities, hunt.Entity{Type: typ, Value: val})
	}
	return a
}

// summary renders a result canonically: one line per incident with its
// alerts (evidence in brackets), then the dropped alerts.
func summary(r *Result) string {
	var b strings.Builder
	for _, inc := range r.Incidents {
		var ids []string
		for _, a := range inc.Alerts {
			ids = append(ids, a.ID)
		}
		for _, a := range inc.Evidence {
			ids = append(ids, "["+a.ID+"<"+a.ExplainedBy+"]")
		}
		fmt.Fprintf(&b, "%s %s score=%d %s: %s\n", inc.ID, inc.Severity, inc.Score, inc.Title, strings.Join(ids, " "))
	}
	for _, d := range r.Allowlisted {
		fmt.Fprintf(&b, "allowlisted %s: %s\n", d.Alert.ID, d.Reason)
	}
	for _, d := range r.Suppressed {
		fmt.Fprintf(&b, "suppressed %s: %s\n", d.Alert.ID, d.Reason)
	}
	for _, d := range r.NoIncident {
		fmt.Fprintf(&b, "no incident %s: %s\n", d.Alert.ID, d.Reason)
	}
	for _, e := range r.Expired {
		fmt.Fprintf(&b, "expired %s\n", e)
	}
	return b.String()
}
