package hunt

import "sort"

// severityRank orders severities for merging and sorting.
var severityRank = map[string]int{"Informational": 0, "Low": 1, "Medium": 2, "High": 3}

// dedup merges the alerts of one rule (in tick order) that describe the
// same detection seen from overlapping windows: their event time ranges
// overlap and, for every entity type both have, they share an entity of
// that type (two brute-force alerts on one account from different sources
// stay apart; a campaign seen from consecutive windows merges). The merged
// alert spans both, unions the entities and keeps the numbers, explanation
// and evidence of the larger one.
//
// Each alert's entity keys are computed once and the merged alerts keep
// theirs up to date, so a campaign listing thousands of sources at every
// tick costs a few map look-ups per source, not a rebuild per candidate.
func dedup(alerts []*Alert) []*Alert {
	d := deduper{byKey: map[string][]int{}}
	for _, a := range alerts {
		d.add(a)
	}
	for _, a := range d.out {
		a.ID = alertID(a)
	}
	return d.out
}

// deduper holds the merged alerts, their entity keys by type, and the
// indices of the merged alerts by primary entity key.
type deduper struct {
	out    []*Alert
	keys   []keySet
	listed []map[string]bool // primary keys under which byKey lists each merged alert
	byKey  map[string][]int
}

// keySet is the entity keys of an alert by entity type.
type keySet map[string]map[string]bool

// keySetOf returns the keys of a's entities by type.
func keySetOf(a *Alert) keySet {
	s := keySet{}
	for _, e := range a.Entities {
		s.add(e.Type, e.Key())
	}
	return s
}

// add records key under typ.
func (s keySet) add(typ, key string) {
	m := s[typ]
	if m == nil {
		m = map[string]bool{}
		s[typ] = m
	}
	m[key] = true
}

// add merges a into the first alert it overlaps, or appends it.
func (d *deduper) add(a *Alert) {
	ka := keySetOf(a)
	primary := primaryKeys(a)
	i := d.findOverlap(a, ka, primary)
	if i < 0 {
		i = len(d.out)
		d.out = append(d.out, a)
		d.keys = append(d.keys, keySet{})
		d.listed = append(d.listed, map[string]bool{})
	} else {
		merge(d.out[i], a)
	}
	d.index(i, ka, primary)
}

// index adds the keys of ka to the merged alert i and lists i under a's
// primary keys.
func (d *deduper) index(i int, ka keySet, primary map[string]bool) {
	for typ, m := range ka {
		for k := range m {
			d.keys[i].add(typ, k)
		}
	}
	for k := range primary {
		if !d.listed[i][k] {
			d.listed[i][k] = true
			d.byKey[k] = append(d.byKey[k], i)
		}
	}
}

// findOverlap returns the index of the first merged alert a merges into,
// or -1.
func (d *deduper) findOverlap(a *Alert, ka keySet, primary map[string]bool) int {
	best := -1
	tried := map[int]bool{}
	for k := range primary {
		for _, i := range d.byKey[k] {
			if tried[i] || (best >= 0 && i >= best) {
				continue
			}
			tried[i] = true
			o := d.out[i]
			if !a.Start.After(o.End) && !o.Start.After(a.End) && sharesEveryType(ka, d.keys[i]) {
				best = i
			}
		}
	}
	return best
}

// sameEntities reports whether a and b share an entity of every entity
// type both have.
func sameEntities(a, b *Alert) bool {
	return sharesEveryType(keySetOf(a), keySetOf(b))
}

// sharesEveryType reports whether a and b share a key of every entity type
// both have.
func sharesEveryType(a, b keySet) bool {
	for typ, ma := range a {
		mb := b[typ]
		if mb == nil {
			continue
		}
		if len(mb) < len(ma) {
			ma, mb = mb, ma
		}
		if !sharesKey(ma, mb) {
			return false
		}
	}
	return true
}

// sharesKey reports whether small and large have a key in common.
func sharesKey(small, large map[string]bool) bool {
	for k := range small {
		if large[k] {
			return true
		}
	}
	return false
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
