package triage

import (
	"sort"
	"strings"
	"time"

	"quarry/internal/hunt"
)

// Classifications quarry's rules use.
const (
	ClassSpray       = "password_spray"
	ClassStuffing    = "credential_stuffing"
	ClassDistributed = "distributed_credential_stuffing"
	ClassBruteForce  = "brute_force"
	ClassTakeover    = "account_takeover"
	ClassBulkExport  = "bulk_export"
)

// item is one alert after deduplication, with what triage derived from it.
type item struct {
	alert       hunt.Alert
	raw         []hunt.Alert // the alerts merged into this one
	ips         []string     // attacking addresses: IP entities and address lists in Details
	accounts    []string     // lower-cased account names: entities and account lists
	targets     []string     // entity keys of what was attacked (Host, CloudApplication, URL)
	compromised []string     // lower-cased accounts this alert shows taken over
	counts      Counts
	notes       []string // watchlist and allowlist remarks
}

// newItem derives an item from a deduplicated alert.
func newItem(a hunt.Alert, raw []hunt.Alert) *item {
	it := &item{alert: a, raw: raw}
	it.refresh()
	return it
}

// refresh recomputes the derived fields from the alert.
func (it *item) refresh() {
	a := it.alert
	var ips, accts, targets []string
	for _, e := range a.Entities {
		switch e.Type {
		case "IP":
			ips = append(ips, e.Value)
		case "Account":
			accts = append(accts, strings.ToLower(e.Value))
		case "Host", "CloudApplication", "URL":
			targets = append(targets, e.Key())
		}
	}
	ips = append(ips, detailLists(a.Details, "ip")...)
	accts = append(accts, lowerAll(detailLists(a.Details, "account"))...)
	it.ips, it.accounts, it.targets = union(ips, nil), union(accts, nil), union(targets, nil)
	it.counts = CountsOf(a.Details)
	it.counts.Sources = max(it.counts.Sources, int64(len(it.ips)))
	it.counts.Accounts = max(it.counts.Accounts, int64(len(it.accounts)))
	it.compromised = compromisedOf(a, it.accounts, it.counts)
}

// compromisedOf returns the accounts an alert shows taken over: the
// accounts of an account_takeover alert, accounts listed as compromised in
// its Details, or the one account of an identity attack that succeeded.
func compromisedOf(a hunt.Alert, accounts []string, c Counts) []string {
	listed := lowerAll(detailLists(a.Details, "compromised"))
	switch {
	case a.Classification == ClassTakeover:
		return union(accounts, listed)
	case len(listed) > 0:
		return union(listed, nil)
	case c.Successes > 0 && len(accounts) == 1 && isIdentityAttack(a.Classification):
		return accounts
	}
	return nil
}

// isIdentityAttack reports whether a classification is an attack on
// sign-ins (everything but bulk export).
func isIdentityAttack(class string) bool {
	switch class {
	case ClassSpray, ClassStuffing, ClassDistributed, ClassBruteForce, ClassTakeover:
		return true
	}
	return false
}

// window returns the alert's event window, widened to its ticks when it
// has no events.
func (it *item) window() (time.Time, time.Time) {
	s, e := it.alert.Start, it.alert.End
	if s.IsZero() {
		s = it.alert.FirstTick
	}
	if e.IsZero() || e.Before(s) {
		e = maxTime(s, it.alert.LastTick)
	}
	return s, e
}

// entityKeys returns the alert's entity keys, sorted and distinct.
func entityKeys(a hunt.Alert) []string {
	keys := make([]string, 0, len(a.Entities))
	for _, e := range a.Entities {
		keys = append(keys, e.Key())
	}
	return union(keys, nil)
}

func lowerAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = strings.ToLower(s)
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// subset reports whether every element of a (sorted) is in b (sorted).
func subset(a, b []string) bool {
	if len(a) == 0 {
		return false
	}
	for _, s := range a {
		i := sort.SearchStrings(b, s)
		if i == len(b) || b[i] != s {
			return false
		}
	}
	return true
}
