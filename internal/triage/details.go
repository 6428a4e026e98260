package triage

import (
	"encoding/json"
	"sort"
	"strings"
)

// Metric names the counts triage understands in alert Details.
type Metric int

// The summable counts an alert's Details may carry.
const (
	MetricNone Metric = iota
	MetricAttempts
	MetricFailures
	MetricSuccesses
	MetricAccounts
	MetricSources
	MetricBytes
)

// statWords mark a detail that is a statistic (a baseline, a rate), not a
// count: such details are never summed.
var statWords = []string{"rate", "ratio", "pct", "percent", "median", "baseline", "mean", "avg", "average",
	"mad", "threshold", "expected", "upper", "lower", "score", "stdev"}

// normKey lower-cases a detail name and drops everything but letters and
// digits ("Failed_Count" -> "failedcount").
func normKey(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isStat reports whether a normalised detail name names a statistic.
func isStat(k string) bool {
	for _, w := range statWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// MetricOf classifies a detail name: FailedCount -> failures, SuccessCount
// -> successes, TotalBytes -> bytes, DistinctAccounts -> accounts.
func MetricOf(key string) Metric {
	k := normKey(key)
	if isStat(k) {
		return MetricNone
	}
	switch {
	case strings.Contains(k, "success"):
		return MetricSuccesses
	case strings.Contains(k, "fail"):
		return MetricFailures
	case strings.Contains(k, "attempt"), k == "count", k == "total", k == "events":
		return MetricAttempts
	case strings.Contains(k, "byte"):
		return MetricBytes
	case strings.Contains(k, "account"), strings.Contains(k, "user"):
		return MetricAccounts
	case strings.Contains(k, "source"), strings.Contains(k, "ip"), strings.Contains(k, "address"):
		return MetricSources
	}
	return MetricNone
}

// number converts a detail value to a float64 when it is a number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// strList returns the strings of a list-valued detail ([]any or []string,
// or a JSON array in a string).
func strList(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		if strings.HasPrefix(x, "[") {
			var l []string
			if json.Unmarshal([]byte(x), &l) == nil {
				return l
			}
		}
	}
	return nil
}

// Counts are an alert's or incident's summable numbers.
type Counts struct {
	Attempts  int64 `json:"attempts"`
	Failures  int64 `json:"failures"`
	Successes int64 `json:"successes"`
	Accounts  int64 `json:"accounts"`
	Sources   int64 `json:"sources"`
	Bytes     int64 `json:"bytes"`
}

// add adds v to the count m names.
func (c *Counts) add(m Metric, v int64) {
	switch m {
	case MetricAttempts:
		c.Attempts += v
	case MetricFailures:
		c.Failures += v
	case MetricSuccesses:
		c.Successes += v
	case MetricAccounts:
		c.Accounts += v
	case MetricSources:
		c.Sources += v
	case MetricBytes:
		c.Bytes += v
	}
}

// max raises every count of c to at least o's.
func (c *Counts) max(o Counts) {
	c.Attempts = max(c.Attempts, o.Attempts)
	c.Failures = max(c.Failures, o.Failures)
	c.Successes = max(c.Successes, o.Successes)
	c.Accounts = max(c.Accounts, o.Accounts)
	c.Sources = max(c.Sources, o.Sources)
	c.Bytes = max(c.Bytes, o.Bytes)
}

// CountsOf reads the summable numbers of an alert's Details. Attempts
// default to failures + successes when a rule reports only those.
func CountsOf(details map[string]any) Counts {
	var c Counts
	for _, k := range sortedKeys(details) {
		if f, ok := number(details[k]); ok {
			c.add(MetricOf(k), int64(f))
		}
	}
	if c.Attempts == 0 {
		c.Attempts = c.Failures + c.Successes
	}
	return c
}

// listKind says what a list-valued detail holds: "ip", "compromised",
// "account" or "".
func listKind(key string) string {
	k := normKey(key)
	switch {
	case strings.Contains(k, "compromis"), strings.Contains(k, "success"), strings.Contains(k, "takeover"):
		return "compromised"
	case strings.Contains(k, "source"), strings.Contains(k, "ip"), strings.Contains(k, "address"):
		return "ip"
	case strings.Contains(k, "account"), strings.Contains(k, "user"), strings.Contains(k, "upn"):
		return "account"
	}
	return ""
}

// detailLists returns the values of list-valued details of the given kind.
func detailLists(details map[string]any, kind string) []string {
	var out []string
	for _, k := range sortedKeys(details) {
		if listKind(k) == kind {
			out = append(out, strList(details[k])...)
		}
	}
	return out
}

// mergeDetails folds b into a: counts are summed, statistics and
// distinct counts (accounts, sources) keep the larger value, lists are united, anything else keeps a's value.
func mergeDetails(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for _, k := range sortedKeys(b) {
		out[k] = mergeValue(k, out[k], b[k])
	}
	return out
}

// mergeValue merges one detail.
func mergeValue(key string, a, b any) any {
	if a == nil {
		return b
	}
	fa, okA := number(a)
	fb, okB := number(b)
	if okA && okB {
		switch MetricOf(key) {
		case MetricNone, MetricAccounts, MetricSources: // statistics and distinct counts
			return max(fa, fb)
		}
		return fa + fb
	}
	la, lb := strList(a), strList(b)
	if la != nil || lb != nil {
		if _, isStr := a.(string); isStr && la == nil {
			return a
		}
		return toAny(union(la, lb))
	}
	return a
}

// union returns the distinct strings of a and b, sorted.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{a, b} {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

func toAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
