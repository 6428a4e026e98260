package report

import (
	"bufio"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"quarry/internal/triage"
)

// BlockList is the set of attacking addresses to block, aggregated into
// CIDR ranges only where every address of the range was seen attacking.
type BlockList struct {
	Entries  []BlockEntry `json:"entries"`
	Excluded []Excluded   `json:"excluded,omitempty"` // sources never blocked, and why
	Notes    []string     `json:"notes,omitempty"`    // dense ranges left unaggregated
}

// BlockEntry is one address or range.
type BlockEntry struct {
	CIDR           string    `json:"cidr"` // 1.2.3.4 for one address, 1.2.3.0/30 for a range
	Addresses      int       `json:"addresses"`
	Incidents      []string  `json:"incidents"`
	Classification string    `json:"classification"`
	First          time.Time `json:"first"`
	Last           time.Time `json:"last"`
}

// Excluded is an attacking source left off the blocklist.
type Excluded struct {
	IP     string `json:"ip"`
	Reason string `json:"reason"`
}

// denseMin is how many attackers in one IPv4 /24 make it worth a note.
const denseMin = 32

// Blocklist collects the sources of every incident, leaving out
// allowlisted and non-routable addresses.
func Blocklist(res *triage.Result) *BlockList {
	bl := &BlockList{}
	hosts := map[netip.Addr]*BlockEntry{}
	for _, inc := range res.Incidents {
		for _, s := range inc.Sources {
			a, reason := blockable(s, res.Allowlist)
			if reason != "" {
				bl.Excluded = append(bl.Excluded, Excluded{IP: s, Reason: reason})
				continue
			}
			e := hosts[a]
			if e == nil {
				e = &BlockEntry{Addresses: 1, Classification: first(inc.Classifications), First: inc.Start}
				hosts[a] = e
			}
			e.Incidents = appendNew(e.Incidents, inc.ID)
			e.First, e.Last = minT(e.First, inc.Start), maxT(e.Last, inc.End)
		}
	}
	bl.Excluded = dedupExcluded(bl.Excluded)
	bl.Entries = aggregate(hosts)
	bl.Notes = denseNotes(hosts)
	return bl
}

// blockable parses a source and says why it must not be blocked ("" if
// it may).
func blockable(s string, al *triage.Allowlist) (netip.Addr, string) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return a, "not an IP address"
	}
	a = a.Unmap()
	switch {
	case al.IPAllowed(a.String()):
		return a, "allowlisted"
	case a.IsPrivate(), a.IsLoopback(), a.IsLinkLocalUnicast(), a.IsUnspecified(), a.IsMulticast():
		return a, "not routable on the internet (private, loopback, link-local or multicast)"
	}
	return a, ""
}

// aggregate merges sibling ranges while both halves are fully present, so
// a range appears only when every address in it attacked.
func aggregate(hosts map[netip.Addr]*BlockEntry) []BlockEntry {
	set := map[netip.Prefix]*BlockEntry{}
	for a, e := range hosts {
		set[netip.PrefixFrom(a, a.BitLen())] = e
	}
	for bits := 128; bits > 0; bits-- {
		for _, p := range prefixesOfLen(set, bits) {
			parent, _ := p.Addr().Prefix(bits - 1)
			sib := sibling(p, parent)
			ea, eb := set[p], set[sib]
			if ea == nil || eb == nil {
				continue
			}
			delete(set, p)
			delete(set, sib)
			set[parent] = mergeEntries(ea, eb)
		}
	}
	out := make([]BlockEntry, 0, len(set))
	for p, e := range set {
		e.CIDR = p.String()
		if p.IsSingleIP() {
			e.CIDR = p.Addr().String()
		}
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return prefixOf(out[i].CIDR).Addr().Less(prefixOf(out[j].CIDR).Addr()) })
	return out
}

func prefixesOfLen(set map[netip.Prefix]*BlockEntry, bits int) []netip.Prefix {
	var out []netip.Prefix
	for p := range set {
		if p.Bits() == bits {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Addr().Less(out[j].Addr()) })
	return out
}

// sibling returns the other half of parent.
func sibling(p, parent netip.Prefix) netip.Prefix {
	lo := netip.PrefixFrom(parent.Addr(), p.Bits())
	if lo != p {
		return lo
	}
	b := parent.Addr().As16()
	bit := p.Bits() - 1
	if parent.Addr().Is4() {
		bit += 96
	}
	b[bit/8] |= 0x80 >> (bit % 8)
	a := netip.AddrFrom16(b)
	if parent.Addr().Is4() {
		a = a.Unmap()
	}
	return netip.PrefixFrom(a, p.Bits())
}

func mergeEntries(a, b *BlockEntry) *BlockEntry {
	out := &BlockEntry{Addresses: a.Addresses + b.Addresses, Classification: a.Classification,
		First: minT(a.First, b.First), Last: maxT(a.Last, b.Last), Incidents: append([]string(nil), a.Incidents...)}
	for _, i := range b.Incidents {
		out.Incidents = appendNew(out.Incidents, i)
	}
	sort.Strings(out.Incidents)
	return out
}

func prefixOf(s string) netip.Prefix {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p
	}
	a, _ := netip.ParseAddr(s)
	return netip.PrefixFrom(a, a.BitLen())
}

// denseNotes reports IPv4 /24 ranges with many attackers that were not
// blocked whole, with how many of their addresses were not seen.
func denseNotes(hosts map[netip.Addr]*BlockEntry) []string {
	count := map[netip.Prefix]int{}
	for a := range hosts {
		if a.Is4() {
			p, _ := a.Prefix(24)
			count[p]++
		}
	}
	var ps []netip.Prefix
	for p, n := range count {
		if n >= denseMin && n < 256 {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Addr().Less(ps[j].Addr()) })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s: %d of 256 addresses seen attacking; not aggregated (%d were not seen)", p, count[p], 256-count[p])
	}
	return out
}

func dedupExcluded(l []Excluded) []Excluded {
	seen := map[string]bool{}
	var out []Excluded
	for _, e := range l {
		if !seen[e.IP] {
			seen[e.IP] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].IP < out[j].IP })
	return out
}

// WriteText writes blocklist.txt: one address or CIDR range per line.
func (bl *BlockList) WriteText(w *bufio.Writer) error {
	for _, e := range bl.Entries {
		fmt.Fprintln(w, e.CIDR)
	}
	return nil
}

// WriteNginx writes an nginx include of deny directives.
func (bl *BlockList) WriteNginx(w *bufio.Writer) error {
	fmt.Fprintln(w, "# quarry blocklist: include inside http, server or location")
	for _, n := range bl.Notes {
		fmt.Fprintf(w, "# %s\n", n)
	}
	for _, e := range bl.Entries {
		fmt.Fprintf(w, "deny %s; # %s %s\n", e.CIDR, strings.Join(e.Incidents, ","), e.Classification)
	}
	return nil
}

// WriteIPSet writes an `ipset restore` file with one hash:net set per
// address family (name and name6).
func (bl *BlockList) WriteIPSet(w *bufio.Writer, name string) error {
	fmt.Fprintf(w, "create %s hash:net family inet -exist\n", name)
	fmt.Fprintf(w, "create %s6 hash:net family inet6 -exist\n", name)
	for _, e := range bl.Entries {
		set := name
		if prefixOf(e.CIDR).Addr().Is6() {
			set += "6"
		}
		fmt.Fprintf(w, "add %s %s -exist\n", set, e.CIDR)
	}
	return nil
}

// WriteWAF writes a CSV for WAF import: cidr, action, incidents,
// classification, first and last seen.
func (bl *BlockList) WriteWAF(w *bufio.Writer) error {
	c := newCSV(w, "cidr", "action", "addresses", "incidents", "classification", "first_seen", "last_seen")
	for _, e := range bl.Entries {
		c.row(e.CIDR, "block", fmt.Sprint(e.Addresses), strings.Join(e.Incidents, " "), e.Classification,
			e.First.UTC().Format(time.RFC3339), e.Last.UTC().Format(time.RFC3339))
	}
	return c.done()
}

func minT(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func maxT(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
