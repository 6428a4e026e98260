package triage

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Score weights. A takeover (200) outranks any incident without one: the
// parts that grow with failures, accounts, sources, severity and
// watchlists are capped so that together they stay below it.
const (
	scoreTakeover      = 200 // at least one account signed in by the attacker
	scoreTakeoverExtra = 20  // per further compromised account, up to 5
	capFailures        = 40  // 10 * log10(1 + failures)
	capAccounts        = 30  // 10 * log10(accounts)
	capSources         = 15  // 5 * log10(sources)
	capWatchTargeted   = 50  // privileged/leaked/service accounts only targeted
	scoreExport        = 60  // a bulk export
	capExportBytes     = 20  // 5 * log10(MB)
	scorePrivileged    = 25  // a privileged account involved (x2 if compromised)
	scoreLeaked        = 15  // a leaked identity involved (x2 if compromised)
	scoreService       = 20  // a service account involved
	scoreOutsideWindow = 40  // a service account outside its approved window
)

// part is one scored reason.
type part struct {
	points int
	why    string
}

// score computes an incident's score and its reasons, largest first.
func score(inc *Incident, members []*item) (int, []string) {
	parts := []part{severityPart(inc.Alerts)}
	parts = append(parts, takeoverPart(inc))
	parts = append(parts, volumeParts(inc)...)
	parts = append(parts, accountParts(inc)...)
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].points > parts[j].points })
	total, reasons := 0, []string{}
	for _, p := range parts {
		if p.points > 0 {
			total += p.points
			reasons = append(reasons, fmt.Sprintf("+%d %s", p.points, p.why))
		}
	}
	return total, reasons
}

func severityPart(alerts []IncidentAlert) part {
	best := ""
	for _, a := range alerts {
		if severityRank(a.Severity) > severityRank(best) {
			best = a.Severity
		}
	}
	return part{[]int{0, 2, 5, 10, 20}[severityRank(best)], "highest alert severity " + best}
}

func takeoverPart(inc *Incident) part {
	n := len(inc.Compromised)
	if n == 0 && inc.Counts.Successes > 0 && contains(sortedCopy(inc.Classifications), ClassTakeover) {
		s := inc.Counts.Successes
		return part{scoreTakeover, fmt.Sprintf("account takeover: %d successful sign-in%s by the attacker (accounts not named in the logs)", s, plural(int(s)))}
	}
	if n == 0 {
		return part{}
	}
	names := make([]string, 0, n)
	for _, c := range inc.Compromised {
		names = append(names, c.Account)
	}
	return part{scoreTakeover + scoreTakeoverExtra*min(n-1, 5),
		fmt.Sprintf("account takeover: %d account%s signed in by the attacker (%s)", n, plural(n), clipList(names, 5))}
}

// volumeParts score the size of the attack.
func volumeParts(inc *Incident) []part {
	c := inc.Counts
	accounts := max(c.Accounts, int64(len(inc.Accounts)))
	sources := max(c.Sources, int64(len(inc.Sources)))
	var out []part
	if c.Failures > 0 {
		out = append(out, part{logPoints(10, float64(c.Failures+1), capFailures), fmt.Sprintf("%d failed sign-ins", c.Failures)})
	}
	if accounts > 1 && first(inc.Classifications) != ClassBulkExport {
		out = append(out, part{logPoints(10, float64(accounts), capAccounts), fmt.Sprintf("%d accounts targeted", accounts)})
	}
	if sources > 1 {
		out = append(out, part{logPoints(5, float64(sources), capSources), fmt.Sprintf("%d attacking sources", sources)})
	}
	if contains(sortedCopy(inc.Classifications), ClassBulkExport) {
		out = append(out, part{scoreExport, "bulk data export"})
		if mb := float64(c.Bytes) / 1e6; mb > 1 {
			out = append(out, part{logPoints(5, mb, capExportBytes), "exported " + humanBytes(c.Bytes)})
		}
	}
	return out
}

// accountParts score who was involved: privileged, leaked and service
// accounts, more when compromised.
func accountParts(inc *Incident) []part {
	compromised := map[string]bool{}
	for _, c := range inc.Compromised {
		compromised[c.Account] = true
	}
	var targeted, owned []part
	seen := map[string]bool{}
	for _, h := range inc.Watchlist {
		p := watchPart(h)
		if p.points == 0 || seen[h.Account+h.Role] {
			continue
		}
		seen[h.Account+h.Role] = true
		if compromised[h.Account] && h.Role != RoleService {
			p.points *= 2
			p.why += ", compromised"
			owned = append(owned, p)
			continue
		}
		targeted = append(targeted, p)
	}
	targeted = append(targeted, serviceNameParts(inc, seen)...)
	return append(owned, capParts(targeted, capWatchTargeted)...)
}

// watchPart scores one watchlist hit.
func watchPart(h WatchlistHit) part {
	switch h.Role {
	case RolePrivileged:
		return part{scorePrivileged, "privileged account " + h.Account + " (watchlist " + h.Alias + ")"}
	case RoleLeaked:
		return part{scoreLeaked, "leaked identity " + h.Account + " (watchlist " + h.Alias + ")"}
	case RoleService:
		if strings.Contains(h.Note, "outside its approved") {
			return part{scoreService + scoreOutsideWindow, "service account " + h.Account + " outside its approved access window"}
		}
		return part{scoreService, "service account " + h.Account + " (watchlist " + h.Alias + ")"}
	}
	return part{}
}

// serviceNameParts score accounts named like service accounts that no
// watchlist already scored.
func serviceNameParts(inc *Incident, seen map[string]bool) []part {
	if len(inc.Accounts) > 3 {
		return nil // a campaign trying many names: a service-looking name among them says little
	}
	var out []part
	for _, a := range inc.Accounts {
		if isServiceName(strings.SplitN(a, "@", 2)[0]) && !seen[a+RoleService] {
			out = append(out, part{scoreService, "service account " + a})
		}
	}
	return out
}

// capParts merges parts into one whose points are capped.
func capParts(ps []part, limit int) []part {
	if len(ps) <= 1 {
		if len(ps) == 1 && ps[0].points > limit {
			ps[0].points = limit
		}
		return ps
	}
	total := 0
	var whys []string
	for _, p := range ps {
		total += p.points
		whys = append(whys, p.why)
	}
	return []part{{min(total, limit), clipList(whys, 4)}}
}

func logPoints(scale, x float64, limit int) int {
	if x <= 1 {
		return 0
	}
	return min(int(math.Round(scale*math.Log10(x))), limit)
}

// severityOf maps a score to a severity, never below the highest alert's.
func severityOf(score int, alerts []IncidentAlert) string {
	sev := "Informational"
	switch {
	case score >= 100:
		sev = "High"
	case score >= 50:
		sev = "Medium"
	case score >= 20:
		sev = "Low"
	}
	for _, a := range alerts {
		if severityRank(a.Severity) > severityRank(sev) {
			sev = a.Severity
		}
	}
	return sev
}

func clipList(l []string, n int) string {
	if len(l) <= n {
		return strings.Join(l, ", ")
	}
	return strings.Join(l[:n], ", ") + fmt.Sprintf(" and %d more", len(l)-n)
}

func sortedCopy(l []string) []string {
	out := append([]string(nil), l...)
	sort.Strings(out)
	return out
}

// humanBytes renders a byte count: 36.2 GB.
func humanBytes(n int64) string {
	f := float64(n)
	for _, u := range []string{"B", "kB", "MB", "GB", "TB"} {
		if f < 1000 || u == "TB" {
			if u == "B" {
				return fmt.Sprintf("%d B", n)
			}
			return fmt.Sprintf("%.1f %s", f, u)
		}
		f /= 1000
	}
	return ""
}
