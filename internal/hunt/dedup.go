package hunt

import "sort"

// severityRank orders severities for merging and sorting.
var severityRank = map[string]int{"Informational": 0, "Low": 1, "Medium": 2, "High": 3}

// dedup merges the alerts of one rule (in tick order) that describe the
// same detection seen from overlapping windows: their event time ranges
// overlap and, for every entity type both have, they share an entity of
// that type (two brute-force alerts on one account from different sources
// stay apart; a campaign seen from consecutive windows merges). The merged alert spans both, unions the entities
// and keeps the numbers, explanation and evidence of the larger one.
func dedup(alerts []*Alert) []*Alert {
	var out []*Alert
	byKey := map[string][]int{}
	for _, a := range alerts {
		i := findOverlap(out, byKey, a)
		if i < 0 {
			for k := range primaryKeys(a) {
				byKey[k] = append(byKey[k], len(out))
			}
			out = append(out, a)
			continue
		}
		merge(out[i], a)
		for k := range primaryKeys(a) {
			byKey[k] = append(byKey[k], i)
		}
	}
	for _, a := range out {
		a.ID = alertID(a)
	}
	return out
}

// findOverlap returns the index in out of an alert a merges into, or -1.
func findOverlap(out []*Alert, byKey map[string][]int, a *Alert) int {
	best := -1
	for k := range primaryKeys(a) {
		for _, i := range byKey[k] {
			o := out[i]
			if !a.Start.After(o.End) && !o.Start.After(a.End) && sameEntities(a, o) && (best < 0 || i < best) {
				best = i
			}
		}
	}
	return best
}

// sameEntities reports whether a and b share an entity of every entity
// type both have.
func sameEntities(a, b *Alert) bool {
	keys := map[string]map[string]bool{}
	for _, e := range a.Entities {
		if keys[e.Type] == nil {
			keys[e.Type] = map[string]bool{}
		}
		keys[e.Type][e.Key()] = true
	}
	shared := map[string]bool{}
	types := map[string]bool{}
	for _, e := range b.Entities {
		if keys[e.Type] == nil {
			continue
		}
		types[e.Type] = true
		if keys[e.Type][e.Key()] {
			shared[e.Type] = true
		}
	}
	return len(shared) == len(types)
}

// merge folds b into a.
func merge(a, b *Alert) {
	if b.Start.Before(a.Start) {
		a.Start = b.Start
	}
	if b.End.After(a.End) {
		a.End = b.End
	}
	if b.FirstTick.Before(a.FirstTick) {
		a.FirstTick = b.FirstTick
	}
	if b.LastTick.After(a.LastTick) {
		a.LastTick = b.LastTick
	}
	a.Entities = mergeEntities(a.Entities, b.Entities)
	if severityRank[b.Severity] > severityRank[a.Severity] {
		a.Severity = b.Severity
	}
	if b.EventCount >= a.EventCount {
		a.EventCount, a.Details, a.Explanation, a.Title, a.Evidence = b.EventCount, b.Details, b.Explanation, b.Title, b.Evidence
	}
}

// sortAlerts orders alerts by severity (highest first), then start time,
// rule and id.
func sortAlerts(as []*Alert) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if ra, rb := severityRank[a.Severity], severityRank[b.Severity]; ra != rb {
			return ra > rb
		}
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.ID < b.ID
	})
}
