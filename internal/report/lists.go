package report

import (
	"bufio"
	"sort"
	"strings"
	"time"

	"quarry/internal/triage"
)

// writeReset writes reset.csv: one row per account the attacker signed in
// to (force a password reset and revoke its sessions), with the evidence.
func writeReset(w *bufio.Writer, res *triage.Result) error {
	c := newCSV(w, "account", "incident", "first_success", "sources", "rules", "alert_ids", "incident_title")
	for _, inc := range res.Incidents {
		for _, cp := range inc.Compromised {
			c.row(cp.Account, inc.ID, cp.First.UTC().Format(time.RFC3339), strings.Join(cp.Sources, " "),
				strings.Join(cp.Rules, " "), strings.Join(cp.AlertIDs, " "), inc.Title)
		}
	}
	return c.done()
}

// notifyRow is one account to warn.
type notifyRow struct {
	reasons   []string
	incidents []string
}

// writeNotify writes notify.csv: accounts targeted by an identity attack
// or listed in a leaked-identities watchlist, to warn their owners.
func writeNotify(w *bufio.Writer, res *triage.Result) error {
	rows := map[string]*notifyRow{}
	add := func(acct, reason, inc string) {
		r := rows[acct]
		if r == nil {
			r = &notifyRow{}
			rows[acct] = r
		}
		r.reasons = appendNew(r.reasons, reason)
		if inc != "" {
			r.incidents = appendNew(r.incidents, inc)
		}
	}
	for _, inc := range res.Incidents {
		if first(inc.Classifications) == triage.ClassBulkExport {
			continue
		}
		compromised := map[string]bool{}
		for _, cp := range inc.Compromised {
			compromised[cp.Account] = true
			add(cp.Account, "compromised", inc.ID)
		}
		for _, a := range inc.Accounts {
			if !compromised[a] {
				add(a, "targeted", inc.ID)
			}
		}
	}
	leaked(res.Watchlists, add)
	c := newCSV(w, "account", "reasons", "incidents")
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.row(k, strings.Join(rows[k].reasons, " "), strings.Join(rows[k].incidents, " "))
	}
	return c.done()
}

// leaked adds every identity of a leaked-identities watchlist.
func leaked(ws *triage.Watchlists, add func(acct, reason, inc string)) {
	if ws == nil {
		return
	}
	for _, w := range ws.Lists {
		if w.Role != triage.RoleLeaked {
			continue
		}
		key := 0
		for i, c := range w.Columns {
			if c == w.SearchKey {
				key = i
			}
		}
		for _, r := range w.Rows {
			if r[key] != "" {
				add(strings.ToLower(r[key]), "leaked:"+w.Alias, "")
			}
		}
	}
}

func appendNew(l []string, s string) []string {
	for _, x := range l {
		if x == s {
			return l
		}
	}
	return append(l, s)
}

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}
