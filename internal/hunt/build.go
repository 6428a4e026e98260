package hunt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"quarry/internal/column"
	"quarry/internal/rules"
)

// Result columns with a meaning for alerts (quarry's conventions; every
// one is optional).
var (
	startColumns = []string{"StartTime", "FirstSeen", "StartTimeUtc", TimeColumn}
	endColumns   = []string{"EndTime", "LastSeen", "EndTimeUtc", TimeColumn}
	countColumns = []string{"EventCount", "Attempts", "FailedCount", "Failures", "count_", "Count"}
)

// evidenceColumn, when the result has it, holds the evidence rows as a
// dynamic array of property bags (make_list(bag_pack(...), 5)).
const evidenceColumn = "Evidence"

// explanationColumn, when present, is the alert's explanation unless the
// rule has an alertDescriptionFormat.
const explanationColumn = "Explanation"

// maxEvidence bounds the evidence rows kept per alert.
const maxEvidence = 5

// row is one result row with its schema.
type row struct {
	schema column.Schema
	vals   []column.Value
}

func (r row) get(name string) (column.Value, bool) {
	i := r.schema.Index(name)
	if i < 0 {
		return column.Value{}, false
	}
	return r.vals[i], true
}

// firstTime returns the first non-null datetime among names.
func (r row) firstTime(names []string) (time.Time, bool) {
	for _, n := range names {
		if v, ok := r.get(n); ok && v.Type == column.DateTime && !v.IsNull() {
			return v.Time().UTC(), true
		}
	}
	return time.Time{}, false
}

// tickInfo is the evaluation an alert comes from.
type tickInfo struct {
	tick, start time.Time // the tick and its window start
}

// alertsFromResult turns the rows of one evaluation into alerts: one per
// row (AlertPerResult) or one for all rows (SingleAlert).
func alertsFromResult(r *rules.Rule, rows []row, ti tickInfo) []*Alert {
	if len(rows) == 0 || !r.Triggered(len(rows)) {
		return nil
	}
	if r.AlertPerResult() {
		out := make([]*Alert, 0, len(rows))
		for _, rw := range rows {
			out = append(out, newAlert(r, []row{rw}, ti))
		}
		return out
	}
	return []*Alert{newAlert(r, rows, ti)}
}

// newAlert builds one alert from rows (the first row names it).
func newAlert(r *rules.Rule, rows []row, ti tickInfo) *Alert {
	first := rows[0]
	a := &Alert{
		RuleID: r.ID, RuleName: r.Name, Severity: r.Severity, Classification: r.Classification,
		Tactics: r.Tactics, Techniques: r.RelevantTechniques,
		Title: r.Name, FirstTick: ti.tick, LastTick: ti.tick,
		Details: map[string]any{},
	}
	a.Start, a.End = timeRange(rows, ti)
	for _, rw := range rows {
		a.Entities = mergeEntities(a.Entities, entitiesOf(r, rw))
		a.EventCount += eventCount(rw)
	}
	if len(rows) > 1 && a.EventCount == 0 {
		a.EventCount = int64(len(rows))
	}
	for _, name := range sortedKeys(r.CustomDetails) {
		if v, ok := first.get(r.CustomDetails[name]); ok {
			a.Details[name] = v.JSON()
		}
	}
	applyOverride(a, r, first)
	if a.Explanation == "" {
		a.Explanation = defaultExplanation(r, a, len(rows))
	}
	a.Evidence = evidenceOf(rows)
	a.ID = alertID(a)
	return a
}

// timeRange is the span of the events behind rows, else the window.
func timeRange(rows []row, ti tickInfo) (time.Time, time.Time) {
	var lo, hi time.Time
	for _, rw := range rows {
		if s, ok := rw.firstTime(startColumns); ok && (lo.IsZero() || s.Before(lo)) {
			lo = s
		}
		if e, ok := rw.firstTime(endColumns); ok && e.After(hi) {
			hi = e
		}
	}
	if lo.IsZero() {
		lo = ti.start
	}
	if hi.IsZero() || hi.Before(lo) {
		hi = ti.tick
		if hi.Before(lo) {
			hi = lo
		}
	}
	return lo, hi
}

func eventCount(rw row) int64 {
	for _, n := range countColumns {
		if v, ok := rw.get(n); ok && !v.IsNull() {
			switch {
			case v.Type.IsInteger():
				return v.I
			case v.Type == column.Real:
				return int64(v.F)
			}
		}
	}
	return 0
}

// applyOverride sets title, explanation and severity from the rule's
// alertDetailsOverride (placeholders name result columns or parameters),
// else from an Explanation column.
func applyOverride(a *Alert, r *rules.Rule, rw row) {
	if v, ok := rw.get(explanationColumn); ok {
		a.Explanation = v.Text()
	}
	o := r.AlertDetailsOverride
	if o == nil {
		return
	}
	if o.AlertDisplayNameFormat != "" {
		a.Title = expand(o.AlertDisplayNameFormat, r, rw)
	}
	if o.AlertDescriptionFormat != "" {
		a.Explanation = strings.TrimSpace(expand(o.AlertDescriptionFormat, r, rw))
	}
	if o.AlertSeverityColumnName != "" {
		if v, ok := rw.get(o.AlertSeverityColumnName); ok {
			if s := canonicalSeverity(v.Text()); s != "" {
				a.Severity = s
			}
		}
	}
}

func canonicalSeverity(s string) string {
	for _, x := range []string{"Informational", "Low", "Medium", "High"} {
		if strings.EqualFold(s, x) {
			return x
		}
	}
	return ""
}

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// expand replaces {{Name}} by the row's column Name, else the rule's
// parameter Name; unknown names stay as written.
func expand(format string, r *rules.Rule, rw row) string {
	return placeholder.ReplaceAllStringFunc(format, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if v, ok := rw.get(name); ok {
			return display(v)
		}
		if p, ok := r.Parameters[name]; ok {
			return fmt.Sprint(p)
		}
		return m
	})
}

// display renders a value for a sentence: reals with at most two decimals,
// arrays as comma-separated lists.
func display(v column.Value) string {
	switch {
	case v.IsNull():
		return ""
	case v.Type == column.Real:
		f := fmt.Sprintf("%.2f", v.F)
		if v.F > -1 && v.F < 1 {
			f = fmt.Sprintf("%.3f", v.F)
		}
		return strings.TrimSuffix(strings.TrimRight(f, "0"), ".")
	case v.Type == column.Dynamic:
		if arr, ok := v.D.([]any); ok {
			parts := make([]string, 0, len(arr))
			for _, x := range arr {
				parts = append(parts, fmt.Sprint(x))
			}
			return strings.Join(parts, ", ")
		}
	}
	return v.Text()
}

// defaultExplanation says what fired when the rule gives no text: the
// row count and the custom details.
func defaultExplanation(r *rules.Rule, a *Alert, n int) string {
	var parts []string
	for _, k := range sortedKeys(a.Details) {
		parts = append(parts, fmt.Sprintf("%s %v", k, a.Details[k]))
	}
	s := fmt.Sprintf("the query of %s returned %d row(s)", r.ID, n)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s + "."
}

// evidenceOf returns the Evidence column's rows, else the result rows.
func evidenceOf(rows []row) []map[string]any {
	var out []map[string]any
	for _, rw := range rows {
		if v, ok := rw.get(evidenceColumn); ok {
			if arr, ok := v.D.([]any); ok {
				for _, x := range arr {
					if m, ok := x.(map[string]any); ok && len(out) < maxEvidence {
						out = append(out, m)
					}
				}
				continue
			}
		}
		if len(out) < maxEvidence {
			out = append(out, rowMap(rw))
		}
	}
	return out
}

func rowMap(rw row) map[string]any {
	m := make(map[string]any, len(rw.vals))
	for i, f := range rw.schema {
		m[f.Name] = rw.vals[i].JSON()
	}
	return m
}

// alertID hashes the rule, the primary entities and the window start.
func alertID(a *Alert) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|", a.RuleID, a.Start.UTC().Format(time.RFC3339Nano))
	for _, e := range a.Entities {
		fmt.Fprintf(h, "%s|", e.Key())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
