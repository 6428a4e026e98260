// Package triagetest builds, from the labels of `quarry demo` data, the
// alerts quarry's rules are expected to raise, and checks a triage result
// against the labelled campaigns. It is shared by the triage and report
// tests.
package triagetest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/triage"
)

// DemoAlerts builds, from demo labels, the alerts quarry's rules are
// expected to raise, the way a replay raises them: hourly alerts per
// source for single-source campaigns, hourly campaign alerts listing the
// sources active in the hour for distributed ones (plus per-account alerts
// they explain), one takeover alert per success, hourly bulk-export alerts
// with a baseline, and benign noise (an office NAT's Monday failures, the
// ETL accounts under the seed z-score rule). Alert ids start with the
// campaign id, or "noise-".
func DemoAlerts(lb *demo.Labels) []hunt.Alert {
	var out []hunt.Alert
	for _, c := range lb.Campaigns {
		switch {
		case c.Kind == demo.KindBulkExport:
			out = append(out, exportAlerts(c)...)
		case len(c.Sources) > 1:
			out = append(out, distributedAlerts(c)...)
		default:
			out = append(out, singleAlerts(c)...)
		}
		out = append(out, takeoverAlerts(c)...)
	}
	return append(out, noiseAlerts(lb)...)
}

// hours splits [s, e] into hour windows.
func hours(s, e time.Time) [][2]time.Time {
	var out [][2]time.Time
	for h := s.Truncate(time.Hour); h.Before(e); h = h.Add(time.Hour) {
		out = append(out, [2]time.Time{later(s, h), earlier(e, h.Add(time.Hour))})
	}
	return out
}

func demoAlert(id, rule, class string, s, e time.Time, ents []hunt.Entity, d map[string]any) hunt.Alert {
	return hunt.Alert{ID: id, RuleID: rule, RuleName: rule, Severity: "Medium", Classification: class, Title: rule,
		Start: s, End: e, FirstTick: e.Truncate(time.Hour).Add(time.Hour), LastTick: e.Truncate(time.Hour).Add(time.Hour), Entities: ents, Details: d}
}

func ipEnt(ip string) hunt.Entity  { return hunt.Entity{Type: "IP", Value: ip} }
func acctEnt(a string) hunt.Entity { return hunt.Entity{Type: "Account", Value: a} }
func targetEnt(c demo.Campaign) hunt.Entity {
	switch c.Files[0] {
	case "access.log":
		return hunt.Entity{Type: "URL", Value: "/account/login"}
	case "auth.log":
		return hunt.Entity{Type: "Host", Value: "shop-web"}
	}
	return hunt.Entity{Type: "CloudApplication", Value: "Microsoft Office"}
}

func singleAlerts(c demo.Campaign) []hunt.Alert {
	var out []hunt.Alert
	hs := hours(c.Start, c.End)
	for i, h := range hs {
		d := map[string]any{"FailedCount": float64(c.Attempts / len(hs)), "DistinctAccounts": float64(len(c.TargetedAccounts))}
		ents := []hunt.Entity{ipEnt(c.Sources[0]), targetEnt(c)}
		if len(c.TargetedAccounts) <= 2 {
			ents = append(ents, acctEnt(c.TargetedAccounts[0]))
		}
		out = append(out, demoAlert(fmt.Sprintf("%s-src-%d", c.ID, i), "quarry-"+c.Kind, c.Kind, h[0], h[1], ents, d))
	}
	if c.Kind == demo.KindBruteForce {
		out = append(out, demoAlert(c.ID+"-seed", "seed-credential-stuffing", demo.KindCredentialStuffing, c.Start, c.Start.Add(5*time.Minute),
			[]hunt.Entity{ipEnt(c.Sources[0]), acctEnt(c.TargetedAccounts[0])}, map[string]any{"FailedCount": 40.0}))
	}
	return out
}

// distributedAlerts raise one campaign alert per hour listing that hour's
// share of the pool, plus per-account alerts with a few pool addresses.
func distributedAlerts(c demo.Campaign) []hunt.Alert {
	var out []hunt.Alert
	hs := hours(c.Start, c.End)
	per := (len(c.Sources) + len(hs) - 1) / len(hs)
	for i, h := range hs {
		lo, hi := min(i*per, len(c.Sources)), min((i+1)*per, len(c.Sources))
		if lo == hi {
			continue
		}
		d := map[string]any{"Sources": anys(c.Sources[lo:hi]), "Failures": float64(hi - lo), "DistinctAccounts": float64(2 * (hi - lo))}
		out = append(out, demoAlert(fmt.Sprintf("%s-hour-%d", c.ID, i), "quarry-distributed-stuffing", c.Kind, h[0], h[1], []hunt.Entity{targetEnt(c)}, d))
		if i%10 == 0 && hi-lo >= 3 {
			ents := []hunt.Entity{acctEnt(c.TargetedAccounts[i%len(c.TargetedAccounts)]), ipEnt(c.Sources[lo]), ipEnt(c.Sources[lo+1])}
			out = append(out, demoAlert(fmt.Sprintf("%s-acct-%d", c.ID, i), "quarry-account-many-sources", c.Kind, h[0], h[1], ents, map[string]any{"Failures": 3.0}))
		}
	}
	return out
}

// takeoverAlerts raise one alert per attacker success on an account the
// logs name (the shop's access.log does not name its customers).
func takeoverAlerts(c demo.Campaign) []hunt.Alert {
	var out []hunt.Alert
	for i, s := range c.Successes {
		ents := []hunt.Entity{ipEnt(s.Source)}
		if s.File != "access.log" {
			ents = append(ents, acctEnt(s.Account))
		} else {
			ents = append(ents, hunt.Entity{Type: "URL", Value: "/account/login"})
		}
		out = append(out, demoAlert(fmt.Sprintf("%s-ato-%d", c.ID, i), "quarry-account-takeover", triage.ClassTakeover, s.Time, s.Time,
			ents, map[string]any{"Successes": 1.0}))
	}
	return out
}

func exportAlerts(c demo.Campaign) []hunt.Alert {
	var out []hunt.Alert
	for i, h := range hours(c.Start, c.End) {
		d := map[string]any{"TotalBytes": 9e9, "MedianBytes": 2e7, "MADBytes": 5e6}
		out = append(out, demoAlert(fmt.Sprintf("%s-hour-%d", c.ID, i), "quarry-bulk-export", c.Kind, h[0], h[1],
			[]hunt.Entity{acctEnt(c.TargetedAccounts[0])}, d))
	}
	return out
}

// noiseAlerts are false positives a rule might still raise.
func noiseAlerts(lb *demo.Labels) []hunt.Alert {
	var out []hunt.Alert
	monday := lb.Start.Add(8 * time.Hour)
	for _, s := range lb.BenignSources {
		if s.Kind == "nat" {
			out = append(out, demoAlert("noise-nat-"+s.IP, "quarry-password_spray", demo.KindPasswordSpray, monday, monday.Add(20*time.Minute),
				[]hunt.Entity{ipEnt(s.IP), targetEnt(demo.Campaign{Files: []string{"signinlogs.ndjson"}})}, map[string]any{"FailedCount": 12.0, "DistinctAccounts": 6.0}))
			break
		}
	}
	for d := 0; d < 7; d++ {
		for h := 0; h < 24; h += 3 {
			t := lb.Start.Add(time.Duration(d*24+h) * time.Hour)
			out = append(out, demoAlert(fmt.Sprintf("noise-etl-%d-%d", d, h), "seed-bulk-export", demo.KindBulkExport, t, t.Add(time.Hour),
				[]hunt.Entity{acctEnt("svc-etl-orders@" + lb.Domain)}, map[string]any{"TotalBytes": 7e9, "ZScore": 4.2}))
		}
	}
	return out
}

// campaignOf returns the campaign id an alert id belongs to.
func campaignOf(id string) string {
	if strings.HasPrefix(id, "noise-") {
		return "noise"
	}
	return strings.SplitN(id, "-", 2)[0]
}

// CheckCampaigns verifies that every campaign lands in exactly one
// incident and no incident mixes campaigns; it returns the problems.
func CheckCampaigns(lb *demo.Labels, r *triage.Result) []string {
	where := map[string][]string{}
	var problems []string
	for _, inc := range r.Incidents {
		seen := map[string]bool{}
		for _, l := range [][]triage.IncidentAlert{inc.Alerts, inc.Evidence} {
			for _, a := range l {
				seen[campaignOf(a.ID)] = true
			}
		}
		cs := keys(seen)
		if len(cs) > 1 {
			problems = append(problems, fmt.Sprintf("%s mixes %v", inc.ID, cs))
		}
		for _, c := range cs {
			where[c] = append(where[c], inc.ID)
		}
	}
	for _, c := range lb.Campaigns {
		id := campaignOf(c.ID)
		if n := len(where[id]); n != 1 {
			problems = append(problems, fmt.Sprintf("%s in %d incidents %v", id, n, where[id]))
		}
	}
	sort.Strings(problems)
	return problems
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func anys(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CompromisedInLogs returns the compromised accounts whose success the
// logs name (the shop's access.log does not name its customers), sorted
// and lower-cased.
func CompromisedInLogs(lb *demo.Labels) []string {
	seen := map[string]bool{}
	for _, c := range lb.Campaigns {
		for _, s := range c.Successes {
			if s.File != "access.log" {
				seen[strings.ToLower(s.Account)] = true
			}
		}
	}
	return keys(seen)
}
