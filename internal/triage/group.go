package triage

import (
	"sort"
	"strings"
	"time"

	"quarry/internal/hunt"
	"quarry/internal/rules"
)

// unionFind is a disjoint-set forest over item indexes.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra < rb {
		u[rb] = ra
	} else if rb < ra {
		u[ra] = rb
	}
}

// group partitions items into incidents: each rule's own grouping
// configuration, quarry's cross-rule correlation (unless turned off), and
// inhibited items joined to their cause. Groups come out in order of
// their first item.
func group(its []*item, causes []int, opts Options) [][]int {
	u := newUnionFind(len(its))
	raised := make([]int, 0, len(its))
	for i := range its {
		if causes[i] < 0 {
			raised = append(raised, i)
		}
	}
	linkByRule(u, its, raised, opts)
	if !opts.NoCorrelation {
		linkKeys(u, its, raised, correlationKeys, opts.Lookback)
		linkTakeovers(u, its, raised)
	}
	for i, c := range causes {
		if c >= 0 {
			u.union(i, c)
		}
	}
	byRoot := map[int][]int{}
	for i := range its {
		byRoot[u.find(i)] = append(byRoot[u.find(i)], i)
	}
	var out [][]int
	for i := range its {
		if g, ok := byRoot[i]; ok {
			out = append(out, g)
		}
	}
	return out
}

// linkByRule applies each rule's incidentConfiguration grouping to the
// rule's own alerts.
func linkByRule(u unionFind, its []*item, idx []int, opts Options) {
	byRule := map[string][]int{}
	for _, i := range idx {
		byRule[its[i].alert.RuleID] = append(byRule[its[i].alert.RuleID], i)
	}
	for _, id := range sortedKeys(byRule) {
		gc := grouping(opts.Rules[id])
		if gc == nil || !gc.Enabled {
			continue
		}
		lb := gc.LookbackDuration.Std()
		if lb <= 0 {
			lb = opts.Lookback
		}
		linkKeys(u, its, byRule[id], func(it *item) []string { return ruleKey(it, gc) }, lb)
	}
}

func grouping(r *rules.Rule) *rules.GroupingConfiguration {
	if r == nil || r.IncidentConfiguration == nil {
		return nil
	}
	return r.IncidentConfiguration.GroupingConfiguration
}

// ruleKey is the grouping key of an alert under Sentinel's matching
// methods: AnyAlert groups every alert of the rule; AllEntities those with
// identical entities; Selected those that agree on the selected entity
// types, alert details and custom details (nil when the alert has none of
// the selected entity types).
func ruleKey(it *item, gc *rules.GroupingConfiguration) []string {
	a := it.alert
	switch strings.ToLower(gc.MatchingMethod) {
	case "anyalert":
		return []string{"any"}
	case "selected":
		var parts []string
		found := false
		for _, t := range gc.GroupByEntities {
			vals := entityValues(a.Entities, t)
			found = found || len(vals) > 0
			parts = append(parts, t+"="+strings.Join(vals, ","))
		}
		if !found && len(gc.GroupByEntities) > 0 {
			return nil
		}
		for _, d := range gc.GroupByAlertDetails {
			parts = append(parts, d+"="+alertDetail(it, d))
		}
		for _, d := range gc.GroupByCustomDetails {
			parts = append(parts, d+"="+fmtAny(a.Details[d]))
		}
		return []string{strings.Join(parts, "|")}
	}
	return []string{strings.Join(entityKeys(a), ",")}
}

// entityValues returns the sorted keys of an alert's entities of a type.
func entityValues(ents []hunt.Entity, typ string) []string {
	var out []string
	for _, e := range ents {
		if strings.EqualFold(e.Type, typ) {
			out = append(out, e.Key())
		}
	}
	return union(out, nil)
}

// alertDetail returns one of Sentinel's alert details by name.
func alertDetail(it *item, name string) string {
	switch strings.ToLower(name) {
	case "displayname":
		return it.alert.Title
	case "severity":
		return it.alert.Severity
	}
	return ""
}

// correlationKeys are the keys that join alerts across rules: every
// attacking address; the account of a bulk export; the attacked target of
// a distributed campaign.
func correlationKeys(it *item) []string {
	var keys []string
	for _, ip := range it.ips {
		keys = append(keys, "ip:"+ip)
	}
	switch it.alert.Classification {
	case ClassBulkExport:
		for _, a := range it.accounts {
			keys = append(keys, "export:"+a)
		}
	case ClassDistributed:
		for _, t := range it.targets {
			keys = append(keys, "distributed:"+t)
		}
	}
	return keys
}

// linkKeys joins items sharing a key whose windows are at most lookback
// apart (a chain: each item joins the run before it).
func linkKeys(u unionFind, its []*item, idx []int, keys func(*item) []string, lookback time.Duration) {
	byKey := map[string][]int{}
	for _, i := range idx {
		for _, k := range keys(its[i]) {
			byKey[k] = append(byKey[k], i)
		}
	}
	for _, k := range sortedKeys(byKey) {
		l := byKey[k]
		sort.SliceStable(l, func(a, b int) bool { s1, _ := its[l[a]].window(); s2, _ := its[l[b]].window(); return s1.Before(s2) })
		head := l[0]
		_, end := its[head].window()
		for _, j := range l[1:] {
			s, e := its[j].window()
			if !s.After(end.Add(lookback)) {
				u.union(head, j)
				end = maxTime(end, e)
				continue
			}
			head, end = j, e
		}
	}
}

// linkTakeovers joins a takeover alert that names no source to the
// incident of the latest identity attack on that account that began
// before it.
func linkTakeovers(u unionFind, its []*item, idx []int) {
	for _, i := range idx {
		it := its[i]
		if it.alert.Classification != ClassTakeover || len(it.ips) > 0 {
			continue
		}
		start, _ := it.window()
		best := -1
		for _, j := range idx {
			o := its[j]
			s, _ := o.window()
			if j == i || !isIdentityAttack(o.alert.Classification) || s.After(start) || !sharesAny(o.accounts, it.accounts) {
				continue
			}
			if best < 0 || s.After(startOf(its[best].alert)) {
				best = j
			}
		}
		if best >= 0 {
			u.union(i, best)
		}
	}
}

func sharesAny(sorted, l []string) bool {
	for _, s := range l {
		if contains(sorted, s) {
			return true
		}
	}
	return false
}
