package triage

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"quarry/internal/hunt"
)

// Incident is a group of alerts about one attack, with what to do about it.
type Incident struct {
	ID              string    `json:"id"` // INC-001, in score order
	Title           string    `json:"title"`
	Severity        string    `json:"severity"`
	Score           int       `json:"score"`
	Reasons         []string  `json:"reasons"` // how the score was reached, largest first
	Classifications []string  `json:"classifications"`
	Rules           []string  `json:"rules"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Counts          Counts    `json:"counts"`
	Sources         []string  `json:"sources"`  // attacking addresses (allowlisted ones removed)
	Accounts        []string  `json:"accounts"` // accounts involved, lower-cased
	// AccountAliases are the bare names the alerts also gave accounts
	// listed qualified in Accounts (alice for contoso\alice): the names
	// to look for in the events too.
	AccountAliases []string        `json:"accountAliases,omitempty"`
	Compromised    []Compromise    `json:"compromised,omitempty"`
	Watchlist      []WatchlistHit  `json:"watchlist,omitempty"`
	Entities       []hunt.Entity   `json:"entities"`
	Alerts         []IncidentAlert `json:"alerts"`             // raised alerts
	Evidence       []IncidentAlert `json:"evidence,omitempty"` // inhibited alerts, attached to the alert that explains them
	Timeline       Timeline        `json:"timeline"`
	Volume         []VolumePoint   `json:"volume,omitempty"`   // bulk exports: bytes per alert hour (or per hour of the data) and the baseline band
	Baseline       *Baseline       `json:"baseline,omitempty"` // bulk exports, when computed from the logs: the band of Volume
}

// IncidentAlert is an alert inside an incident, with triage's remarks.
type IncidentAlert struct {
	hunt.Alert
	Notes       []string `json:"notes,omitempty"`       // watchlist hits, stripped allowlisted entities
	ExplainedBy string   `json:"explainedBy,omitempty"` // id of the campaign alert that inhibits it
	Merged      int      `json:"merged,omitempty"`      // alerts deduplicated into this one
}

// Compromise is an account the attacker signed in to: reset its password.
type Compromise struct {
	Account  string    `json:"account"`
	Sources  []string  `json:"sources"`
	First    time.Time `json:"first"` // start of the first alert showing it
	AlertIDs []string  `json:"alertIds"`
	Rules    []string  `json:"rules"`
}

// WatchlistHit is an account of the incident found in a watchlist.
type WatchlistHit struct {
	Account string `json:"account"`
	Hit
	Note string `json:"note"`
}

// buildIncidents turns groups of items into scored incidents, highest
// score first (then earliest), numbered in that order.
func buildIncidents(groups [][]int, its []*item, causes []int, opts Options) []*Incident {
	var out []*Incident
	for _, g := range groups {
		out = append(out, newIncident(g, its, causes, opts))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Start.Before(out[j].Start)
	})
	for i, inc := range out {
		inc.ID = fmt.Sprintf("INC-%03d", i+1)
	}
	return out
}

// newIncident assembles one incident.
func newIncident(g []int, its []*item, causes []int, opts Options) *Incident {
	inc := &Incident{}
	members := make([]*item, len(g))
	for k, i := range g {
		members[k] = its[i]
		inc.add(its[i], causes[i], its)
	}
	inc.finish(members, opts)
	return inc
}

// add puts one item into the incident.
func (inc *Incident) add(it *item, cause int, its []*item) {
	ia := IncidentAlert{Alert: it.alert, Notes: it.notes}
	if len(it.raw) > 1 {
		ia.Merged = len(it.raw)
	}
	if cause >= 0 {
		ia.ExplainedBy = its[cause].alert.ID
		inc.Evidence = append(inc.Evidence, ia)
	} else {
		inc.Alerts = append(inc.Alerts, ia)
	}
	s, e := it.window()
	inc.Start, inc.End = minTime(inc.Start, s), maxTime(inc.End, e)
	inc.Sources = append(inc.Sources, it.ips...)
	inc.Accounts = append(inc.Accounts, it.accounts...)
	inc.Entities = mergeEntities(inc.Entities, it.alert.Entities)
	inc.Classifications = append(inc.Classifications, it.alert.Classification)
	inc.Rules = append(inc.Rules, it.alert.RuleID)
}

// finish computes everything that needs all members.
func (inc *Incident) finish(members []*item, opts Options) {
	inc.Sources = sortIPs(union(inc.Sources, nil))
	forms := qualifiedForms(inc.Accounts)
	inc.Accounts = canonicalAccounts(inc.Accounts, forms)
	inc.AccountAliases = sortedKeys(forms)
	inc.Classifications = byClassOrder(union(inc.Classifications, nil), primaryClass(members))
	inc.Rules = union(inc.Rules, nil)
	inc.Counts = incidentCounts(members)
	inc.Compromised = compromises(members, forms)
	inc.Watchlist = watchlistHits(inc, members, opts.Watchlists)
	annotate(inc, opts.Watchlists)
	inc.Timeline = timeline(inc, members)
	inc.Volume = volume(members)
	inc.Score, inc.Reasons = score(inc, members)
	inc.Severity = severityOf(inc.Score, inc.Alerts)
	inc.Title = title(inc)
}

// incidentCounts sums counts within each rule and takes the largest sum
// across rules (two rules over the same failures must not double them);
// accounts and sources are the distinct ones named, if more.
func incidentCounts(members []*item) Counts {
	perRule := map[string]*Counts{}
	for _, it := range members {
		c := perRule[it.alert.RuleID]
		if c == nil {
			c = &Counts{}
			perRule[it.alert.RuleID] = c
		}
		for _, m := range []Metric{MetricAttempts, MetricFailures, MetricSuccesses, MetricAccounts, MetricSources, MetricBytes} {
			c.add(m, it.counts.get(m))
		}
	}
	var out Counts
	for _, k := range sortedKeys(perRule) {
		out.max(*perRule[k])
	}
	out.Accounts, out.Sources = 0, 0 // distinct counts: never summed
	for _, it := range members {
		out.Accounts = max(out.Accounts, it.counts.Accounts)
		out.Sources = max(out.Sources, it.counts.Sources)
	}
	return out
}

// get returns one count.
func (c Counts) get(m Metric) int64 {
	return [...]int64{0, c.Attempts, c.Failures, c.Successes, c.Accounts, c.Sources, c.Bytes}[m]
}

// compromises collects the taken-over accounts with their evidence, each
// under its qualified form when forms has one.
func compromises(members []*item, forms map[string]string) []Compromise {
	by := map[string]*Compromise{}
	for _, it := range members {
		for _, a := range it.compromised {
			if q, ok := forms[a]; ok {
				a = q
			}
			c := by[a]
			if c == nil {
				c = &Compromise{Account: a}
				by[a] = c
			}
			c.Sources = union(c.Sources, it.ips)
			c.First = minTime(c.First, startOf(it.alert))
			c.AlertIDs = union(c.AlertIDs, []string{it.alert.ID})
			c.Rules = union(c.Rules, []string{it.alert.RuleID})
		}
	}
	out := make([]Compromise, 0, len(by))
	for _, k := range sortedKeys(by) {
		c := by[k]
		c.Sources = sortIPs(c.Sources)
		out = append(out, *c)
	}
	return out
}

// qualifiedForms maps each bare account name among names (lower-cased)
// that also appears as DOMAIN\name, in exactly one domain, to that
// qualified form. Windows writes one account as CONTOSO\alice in logon
// events (4624, 4625) and as alice in Kerberos and NTLM events (4771,
// 4776); an incident should name it once. A name qualified by two domains
// stays ambiguous and is left as it is; user principal names
// (alice@contoso.com) are never merged with bare names.
func qualifiedForms(names []string) map[string]string {
	bare := map[string]bool{}
	for _, n := range names {
		if !strings.Contains(n, `\`) {
			bare[n] = true
		}
	}
	forms := map[string]string{}
	ambiguous := map[string]bool{}
	for _, n := range names {
		i := strings.LastIndex(n, `\`)
		if i < 0 || !bare[n[i+1:]] {
			continue
		}
		name := n[i+1:]
		if q, seen := forms[name]; seen && q != n {
			ambiguous[name] = true
		}
		forms[name] = n
	}
	for name := range ambiguous {
		delete(forms, name)
	}
	return forms
}

// canonicalAccounts returns names with every bare name that forms
// qualifies replaced by its qualified form, sorted and distinct.
func canonicalAccounts(names []string, forms map[string]string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if q, ok := forms[n]; ok {
			n = q
		}
		out = append(out, n)
	}
	return union(out, nil)
}

// classOrder ranks classifications for titles: the campaign kind first.
var classOrder = []string{ClassDistributed, ClassStuffing, ClassSpray, ClassBruteForce, ClassTakeover, ClassBulkExport}

// primaryClass is the classification of the widest alert that is not a
// takeover: most accounts, then most failures.
func primaryClass(members []*item) string {
	var best *item
	for _, it := range members {
		if it.alert.Classification == ClassTakeover {
			continue
		}
		if best == nil || it.counts.Accounts > best.counts.Accounts ||
			(it.counts.Accounts == best.counts.Accounts && it.counts.Failures > best.counts.Failures) {
			best = it
		}
	}
	if best == nil {
		return ""
	}
	return best.alert.Classification
}

// byClassOrder orders classifications: the primary one first, then by
// classOrder.
func byClassOrder(l []string, primary string) []string {
	rank := func(s string) int {
		if s == primary {
			return -1
		}
		for i, c := range classOrder {
			if c == s {
				return i
			}
		}
		return len(classOrder)
	}
	sort.SliceStable(l, func(i, j int) bool {
		if rank(l[i]) != rank(l[j]) {
			return rank(l[i]) < rank(l[j])
		}
		return l[i] < l[j]
	})
	return l
}

// classLabel names a classification for people.
func classLabel(c string) string {
	switch c {
	case ClassDistributed:
		return "Distributed credential stuffing"
	case ClassStuffing:
		return "Credential stuffing"
	case ClassSpray:
		return "Password spray"
	case ClassBruteForce:
		return "Brute force"
	case ClassTakeover:
		return "Account takeover"
	case ClassBulkExport:
		return "Bulk export"
	case "":
		return "Alert"
	}
	return strings.ToUpper(c[:1]) + strings.ReplaceAll(c[1:], "_", " ")
}

// title summarises an incident in one line.
func title(inc *Incident) string {
	var b strings.Builder
	b.WriteString(classLabel(first(inc.Classifications)))
	switch n := len(inc.Sources); {
	case n == 1:
		fmt.Fprintf(&b, " from %s", inc.Sources[0])
	case n > 1:
		fmt.Fprintf(&b, " from %d sources", n)
	}
	switch n := max(int64(len(inc.Accounts)), inc.Counts.Accounts); {
	case n == 1 && len(inc.Accounts) == 1:
		if first(inc.Classifications) == ClassBulkExport {
			fmt.Fprintf(&b, " by %s", inc.Accounts[0])
		} else {
			fmt.Fprintf(&b, " against %s", inc.Accounts[0])
		}
	case n > 1:
		fmt.Fprintf(&b, " against %d accounts", n)
	}
	if n := len(inc.Compromised); n > 0 {
		fmt.Fprintf(&b, "; %d account%s compromised", n, plural(n))
	} else if s := inc.Counts.Successes; s > 0 {
		fmt.Fprintf(&b, "; %d successful sign-in%s", s, plural(int(s)))
	}
	return b.String()
}

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func fmtAny(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// formatReduction renders the noise-reduction line.
func formatReduction(in, dedup, out int, pct float64) string {
	return fmt.Sprintf("%d alerts -> %d after dedup -> %d incidents (%.1f%% fewer)", in, dedup, out, pct)
}
