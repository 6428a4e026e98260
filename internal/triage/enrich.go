package triage

import (
	"fmt"
	"strings"
	"time"
)

// watchlistHits looks up every account of an incident in the watchlists.
func watchlistHits(inc *Incident, members []*item, ws *Watchlists) []WatchlistHit {
	if ws == nil {
		return nil
	}
	var out []WatchlistHit
	for _, acct := range inc.Accounts {
		for _, h := range ws.Lookup(acct) {
			out = append(out, WatchlistHit{Account: acct, Hit: h, Note: hitNote(acct, h, members)})
		}
	}
	return out
}

// hitNote says what a watchlist hit means for the account.
func hitNote(acct string, h Hit, members []*item) string {
	base := fmt.Sprintf("%s is in watchlist %s", acct, h.Alias)
	switch h.Role {
	case RoleLeaked:
		return base + " (identity leaked in a breach)"
	case RolePrivileged:
		return base + " (privileged account)"
	case RoleService:
		if out := outsideWindow(acct, h.Row, members); out != "" {
			return base + " (service account) and acted outside its approved access window: " + out
		}
		return base + " (service account)"
	}
	return base
}

// annotate adds watchlist remarks to the alerts naming a listed account.
func annotate(inc *Incident, ws *Watchlists) {
	notes := map[string][]string{}
	for _, h := range inc.Watchlist {
		notes[h.Account] = append(notes[h.Account], h.Note)
	}
	for _, list := range [][]IncidentAlert{inc.Alerts, inc.Evidence} {
		for i := range list {
			for _, e := range list[i].Entities {
				if e.Type == "Account" {
					list[i].Notes = append(list[i].Notes, notes[strings.ToLower(e.Value)]...)
				}
			}
		}
	}
}

// isServiceName reports whether an account name looks like a service
// account (svc-, svc_, svc., service-).
func isServiceName(acct string) bool {
	for _, p := range []string{"svc-", "svc_", "svc.", "service-", "service_"} {
		if strings.HasPrefix(acct, p) {
			return true
		}
	}
	return false
}

// outsideWindow checks an account's alerts against the approved access
// window of its service watchlist row: AccessStart/AccessEnd (times or
// dates) and AccessHours ("08:00-18:00", UTC). It describes the first
// alert outside the window, or returns "".
func outsideWindow(acct string, row map[string]string, members []*item) string {
	from, until, hours := windowOf(row)
	for _, it := range members {
		if !contains(it.accounts, acct) {
			continue
		}
		s, e := it.window()
		switch {
		case !from.IsZero() && s.Before(from), !until.IsZero() && e.After(until):
			return fmt.Sprintf("activity %s..%s, approved %s..%s", stamp(s), stamp(e), stamp(from), stamp(until))
		case hours != "" && !inHours(s, hours), hours != "" && !inHours(e, hours):
			return fmt.Sprintf("activity %s..%s, approved hours %s UTC", stamp(s), stamp(e), hours)
		}
	}
	return ""
}

// windowOf reads the approved access window columns of a row.
func windowOf(row map[string]string) (time.Time, time.Time, string) {
	var from, until time.Time
	var hours string
	for k, v := range row {
		switch normKey(k) {
		case "accessstart", "approvedfrom", "windowstart", "validfrom":
			from, _ = parseWhen(v, false)
		case "accessend", "approveduntil", "windowend", "validuntil":
			until, _ = parseWhen(v, true)
		case "accesshours", "approvedhours":
			hours = strings.TrimSpace(v)
		}
	}
	return from, until, hours
}

// inHours reports whether t's UTC time of day is within "HH:MM-HH:MM"
// (a window may wrap past midnight). A malformed window never matches.
func inHours(t time.Time, hours string) bool {
	a, b, ok := strings.Cut(hours, "-")
	if !ok {
		return false
	}
	lo, err1 := time.Parse("15:04", strings.TrimSpace(a))
	hi, err2 := time.Parse("15:04", strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return false
	}
	m := t.UTC().Hour()*60 + t.UTC().Minute()
	l, h := lo.Hour()*60+lo.Minute(), hi.Hour()*60+hi.Minute()
	if l <= h {
		return m >= l && m <= h
	}
	return m >= l || m <= h
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04Z")
}
