package triage

import (
	"net/netip"
	"sort"
	"strings"

	"quarry/internal/hunt"
)

// ipAllowed returns the entry that allows addr, if any.
func (al *Allowlist) ipAllowed(addr string) *Entry {
	a, err := netip.ParseAddr(strings.TrimSpace(addr))
	if err != nil {
		return nil
	}
	a = a.Unmap()
	for i := range al.IPs {
		if al.IPs[i].prefix.Contains(a) {
			return &al.IPs[i]
		}
	}
	return nil
}

// IPAllowed reports whether an address is allowlisted (by an entry that
// applies now: call it on Result.Allowlist).
func (al *Allowlist) IPAllowed(addr string) bool {
	return al != nil && al.ipAllowed(addr) != nil
}

// accountAllowed returns the entry that allows an account, if any.
func (al *Allowlist) accountAllowed(acct string) *Entry {
	for i := range al.Accounts {
		if strings.EqualFold(al.Accounts[i].Value, acct) {
			return &al.Accounts[i]
		}
	}
	return nil
}

// agentAllowed returns the entry whose substring the user agent contains.
func (al *Allowlist) agentAllowed(ua string) *Entry {
	l := strings.ToLower(ua)
	for i := range al.UserAgents {
		if strings.Contains(l, strings.ToLower(al.UserAgents[i].Value)) {
			return &al.UserAgents[i]
		}
	}
	return nil
}

// userAgents returns the user agents an alert's Details name.
func userAgents(a hunt.Alert) []string {
	var out []string
	for _, k := range sortedKeys(a.Details) {
		if !strings.Contains(normKey(k), "agent") {
			continue
		}
		if s, ok := a.Details[k].(string); ok && !strings.HasPrefix(s, "[") {
			out = append(out, s)
			continue
		}
		out = append(out, strList(a.Details[k])...)
	}
	return out
}

// exception returns the rule exception matching an alert, if any.
func (al *Allowlist) exception(it *item) *Entry {
	for i := range al.Exceptions {
		e := &al.Exceptions[i]
		if (e.Rule == "*" || e.Rule == it.alert.RuleID) && e.matches(it) {
			return e
		}
	}
	return nil
}

// matches reports whether every entity condition of an exception holds.
func (e *Entry) matches(it *item) bool {
	if e.IP != "" && !anyIP(it.ips, e.prefix) {
		return false
	}
	if e.Account != "" && !contains(it.accounts, strings.ToLower(e.Account)) {
		return false
	}
	if e.UserAgent != "" && !anyContains(userAgents(it.alert), e.UserAgent) {
		return false
	}
	return true
}

func anyIP(ips []string, p netip.Prefix) bool {
	for _, s := range ips {
		if a, err := netip.ParseAddr(s); err == nil && p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

func contains(sorted []string, s string) bool {
	i := sort.SearchStrings(sorted, s)
	return i < len(sorted) && sorted[i] == s
}

func anyContains(l []string, sub string) bool {
	sub = strings.ToLower(sub)
	for _, s := range l {
		if strings.Contains(strings.ToLower(s), sub) {
			return true
		}
	}
	return false
}

// applyAllowlist drops an item when a rule exception matches it, when every
// source, every account or every user agent it names is allowlisted, and
// otherwise strips the allowlisted addresses and accounts from it. It
// returns the reason for a drop ("" to keep) and the stripped entities.
func (al *Allowlist) apply(it *item) (string, []string) {
	if e := al.exception(it); e != nil {
		return "rule exception " + e.String(), nil
	}
	if r := al.allAgents(it); r != "" {
		return r, nil
	}
	ipDrop, accDrop := map[string]*Entry{}, map[string]*Entry{}
	for _, ip := range it.ips {
		if e := al.ipAllowed(ip); e != nil {
			ipDrop[ip] = e
		}
	}
	for _, a := range it.accounts {
		if e := al.accountAllowed(a); e != nil {
			accDrop[a] = e
		}
	}
	switch {
	case len(it.ips) > 0 && len(ipDrop) == len(it.ips):
		return "every source allowlisted: " + firstEntry(ipDrop).String(), nil
	case len(it.accounts) > 0 && len(accDrop) == len(it.accounts):
		return "every account allowlisted: " + firstEntry(accDrop).String(), nil
	}
	return "", it.strip(ipDrop, accDrop)
}

// allAgents returns a drop reason when the alert names user agents and
// every one is allowlisted.
func (al *Allowlist) allAgents(it *item) string {
	uas := userAgents(it.alert)
	if len(uas) == 0 || len(al.UserAgents) == 0 {
		return ""
	}
	var last *Entry
	for _, ua := range uas {
		if last = al.agentAllowed(ua); last == nil {
			return ""
		}
	}
	return "every user agent allowlisted: " + last.String()
}

func firstEntry(m map[string]*Entry) *Entry {
	return m[sortedKeys(m)[0]]
}

// strip removes allowlisted addresses and accounts from the alert's
// entities and Details lists, and returns what it removed with the reason.
func (it *item) strip(ips, accts map[string]*Entry) []string {
	if len(ips)+len(accts) == 0 {
		return nil
	}
	var removed []string
	var ents []hunt.Entity
	for _, e := range it.alert.Entities {
		if (e.Type == "IP" && ips[e.Value] != nil) || (e.Type == "Account" && accts[strings.ToLower(e.Value)] != nil) {
			continue
		}
		ents = append(ents, e)
	}
	it.alert.Entities = ents
	it.alert.Details = stripDetails(it.alert.Details, ips, accts)
	for _, k := range sortedKeys(ips) {
		removed = append(removed, "IP "+k+" allowlisted: "+ips[k].String())
	}
	for _, k := range sortedKeys(accts) {
		removed = append(removed, "account "+k+" allowlisted: "+accts[k].String())
	}
	it.notes = append(it.notes, removed...)
	it.refresh()
	return removed
}

// stripDetails removes allowlisted values from list-valued details.
func stripDetails(d map[string]any, ips, accts map[string]*Entry) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		l := strList(v)
		if l == nil || listKind(k) == "" {
			out[k] = v
			continue
		}
		var keep []string
		for _, s := range l {
			if ips[s] == nil && accts[strings.ToLower(s)] == nil {
				keep = append(keep, s)
			}
		}
		out[k] = toAny(keep)
	}
	return out
}
