package hunt

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"quarry/internal/demo"
)

// Scorecard compares a hunt's alerts with the ground truth of generated
// demo data: which campaigns were found and by which rules, which
// compromised accounts were reported as taken over, and what was flagged
// that should not have been; beside it, what the two seed rules alone
// found and how much they raised.
type Scorecard struct {
	Campaigns []CampaignScore
	// Compromised counts the accounts the campaigns compromised;
	// CompromisedFound those reported by an account-takeover alert.
	Compromised, CompromisedFound int
	// BenignAccounts is the number of directory accounts no campaign
	// targeted; FalsePositiveAccounts are those named by quarry's alerts.
	BenignAccounts        int
	FalsePositiveAccounts []string
	// BenignSourceHits lists known-good sources (NAT, VPN, monitors,
	// crawlers) named by quarry's alerts, as "kind ip (rule)".
	BenignSourceHits []string
	// NoiseSourceAlerts counts quarry alerts naming internet-scanner noise.
	NoiseSourceAlerts int
	// QuarryAlerts and SeedAlerts count alerts by rule.
	QuarryAlerts, SeedAlerts map[string]int
	// SeedOnServiceAccounts counts seed-bulk-export alerts on the heavy
	// ETL accounts; QuarryOnServiceAccounts the same for quarry's rules.
	SeedOnServiceAccounts, QuarryOnServiceAccounts int
}

// CampaignScore is the outcome for one labelled campaign.
type CampaignScore struct {
	ID, Kind string
	Detected bool     // a quarry attack alert overlaps it
	Rules    []string // quarry rules (and classifications) that found it
	Alerts   int
	// SeedDetected and SeedAlerts are the same for the two seed rules.
	SeedDetected bool
	SeedAlerts   int
	// Compromised accounts of the campaign, those reported, and the missed.
	Compromised, CompromisedFound int
	Missed                        []string
}

// seedRule reports whether a rule is one of the two seed references.
func seedRule(id string) bool { return strings.HasPrefix(id, "seed-") }

// etlAccount reports whether an account is one of the demo's heavy ETL
// service accounts.
func etlAccount(a string) bool { return strings.HasPrefix(strings.ToLower(a), "svc-etl-") }

// Score computes the scorecard of alerts against labels. accounts lists
// every account name seen in the data (the benign ones are those no
// campaign targeted).
func Score(lb *demo.Labels, alerts []*Alert, accounts []string) *Scorecard {
	sc := &Scorecard{QuarryAlerts: map[string]int{}, SeedAlerts: map[string]int{}}
	for _, a := range alerts {
		if seedRule(a.RuleID) {
			sc.SeedAlerts[a.RuleID]++
		} else {
			sc.QuarryAlerts[a.RuleID]++
		}
	}
	for _, c := range lb.Campaigns {
		sc.Campaigns = append(sc.Campaigns, scoreCampaign(c, alerts))
	}
	for _, cs := range sc.Campaigns {
		sc.Compromised += cs.Compromised
		sc.CompromisedFound += cs.CompromisedFound
	}
	sc.falsePositives(lb, alerts, accounts)
	return sc
}

// scoreCampaign matches alerts against one campaign.
func scoreCampaign(c demo.Campaign, alerts []*Alert) CampaignScore {
	cs := CampaignScore{ID: c.ID, Kind: c.Kind, Compromised: len(c.CompromisedAccounts)}
	rules := map[string]bool{}
	for _, a := range alerts {
		if a.Classification == "account_takeover" || !touches(a, c) {
			continue
		}
		if seedRule(a.RuleID) {
			cs.SeedDetected = true
			cs.SeedAlerts++
			continue
		}
		cs.Detected = true
		cs.Alerts++
		rules[a.RuleID+" ("+a.Classification+")"] = true
	}
	cs.Rules = setList(rules)
	for _, acct := range c.CompromisedAccounts {
		if takeoverFound(c, acct, alerts) {
			cs.CompromisedFound++
		} else {
			cs.Missed = append(cs.Missed, acct)
		}
	}
	return cs
}

// touches reports whether an alert names a source of the campaign (or,
// for campaigns without sources, a targeted account) and overlaps its time.
func touches(a *Alert, c demo.Campaign) bool {
	if a.End.Before(c.Start.Add(-time.Hour)) || a.Start.After(c.End.Add(time.Hour)) {
		return false
	}
	ips := entitySet(a, "IP")
	for _, s := range c.Sources {
		if ips[s] {
			return true
		}
	}
	if len(c.Sources) > 0 {
		return false
	}
	accts := entitySet(a, "Account")
	for _, t := range c.TargetedAccounts {
		if accts[strings.ToLower(t)] {
			return true
		}
	}
	return false
}

// takeoverFound reports whether an account-takeover alert reports the
// compromised account: by name, or, where the log does not name it (web
// logins), by the attacker's source and the time of its success.
func takeoverFound(c demo.Campaign, acct string, alerts []*Alert) bool {
	for _, a := range alerts {
		if a.Classification != "account_takeover" || seedRule(a.RuleID) {
			continue
		}
		if entitySet(a, "Account")[strings.ToLower(acct)] {
			return true
		}
		ips := entitySet(a, "IP")
		for _, s := range c.Successes {
			// Web and syslog times have whole seconds: allow a second either way.
			if s.Account == acct && ips[s.Source] && !s.Time.Before(a.Start.Add(-time.Second)) && !s.Time.After(a.End.Add(time.Second)) {
				return true
			}
		}
	}
	return false
}

// falsePositives finds accounts and known-good sources wrongly named by
// quarry's alerts.
func (sc *Scorecard) falsePositives(lb *demo.Labels, alerts []*Alert, accounts []string) {
	targeted := map[string]bool{}
	for _, c := range lb.Campaigns {
		for _, t := range c.TargetedAccounts {
			targeted[strings.ToLower(t)] = true
		}
	}
	seen := map[string]bool{}
	for _, a := range accounts {
		if a = strings.ToLower(a); a != "" && !targeted[a] {
			seen[a] = true
		}
	}
	sc.BenignAccounts = len(seen)
	benign := map[string]demo.Source{}
	for _, s := range lb.BenignSources {
		benign[s.IP] = s
	}
	noise := map[string]bool{}
	for _, s := range lb.NoiseSources {
		noise[s] = true
	}
	fp, hits := map[string]bool{}, map[string]bool{}
	for _, a := range alerts {
		sc.countServiceAccounts(a)
		if seedRule(a.RuleID) {
			continue
		}
		noisy := false
		for _, e := range a.Entities {
			switch {
			case e.Type == "Account" && !targeted[strings.ToLower(e.Value)]:
				fp[strings.ToLower(e.Value)] = true
			case e.Type == "IP" && benign[e.Value].IP != "":
				hits[fmt.Sprintf("%s %s (%s)", benign[e.Value].Kind, e.Value, a.RuleID)] = true
			case e.Type == "IP" && noise[e.Value]:
				noisy = true
			}
		}
		if noisy {
			sc.NoiseSourceAlerts++
		}
	}
	sc.FalsePositiveAccounts, sc.BenignSourceHits = setList(fp), setList(hits)
}

func (sc *Scorecard) countServiceAccounts(a *Alert) {
	if a.Classification != "bulk_export" {
		return
	}
	for _, e := range a.Entities {
		if e.Type == "Account" && etlAccount(e.Value) {
			if seedRule(a.RuleID) {
				sc.SeedOnServiceAccounts++
			} else {
				sc.QuarryOnServiceAccounts++
			}
			return
		}
	}
}

// entitySet returns the (lower-cased for accounts) values of one entity type.
func entitySet(a *Alert, typ string) map[string]bool {
	out := map[string]bool{}
	for _, e := range a.Entities {
		if e.Type == typ {
			v := e.Value
			if typ == "Account" {
				v = strings.ToLower(v)
			}
			out[v] = true
		}
	}
	return out
}

func setList(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FalsePositiveRate is the share of benign accounts named by alerts.
func (sc *Scorecard) FalsePositiveRate() float64 {
	if sc.BenignAccounts == 0 {
		return 0
	}
	return float64(len(sc.FalsePositiveAccounts)) / float64(sc.BenignAccounts)
}

// CompromisedRecall is the share of compromised accounts reported.
func (sc *Scorecard) CompromisedRecall() float64 {
	if sc.Compromised == 0 {
		return 1
	}
	return float64(sc.CompromisedFound) / float64(sc.Compromised)
}

// Write prints the scorecard as a table followed by the totals.
func (sc *Scorecard) Write(w io.Writer) {
	fmt.Fprintf(w, "%-32s %-32s %-9s %-12s %-10s %s\n", "CAMPAIGN", "KIND", "QUARRY", "COMPROMISED", "SEED", "FOUND BY")
	for _, c := range sc.Campaigns {
		comp := "-"
		if c.Compromised > 0 {
			comp = fmt.Sprintf("%d/%d", c.CompromisedFound, c.Compromised)
		}
		fmt.Fprintf(w, "%-32s %-32s %-9s %-12s %-10s %s\n", c.ID, c.Kind, yesNo(c.Detected, c.Alerts), comp,
			yesNo(c.SeedDetected, c.SeedAlerts), strings.Join(c.Rules, ", "))
	}
	fmt.Fprintf(w, "\nCompromised accounts reported as account takeover: %d of %d (%.1f%%)\n",
		sc.CompromisedFound, sc.Compromised, 100*sc.CompromisedRecall())
	fmt.Fprintf(w, "False-positive accounts: %d of %d benign accounts (%.3f%%)%s\n", len(sc.FalsePositiveAccounts),
		sc.BenignAccounts, 100*sc.FalsePositiveRate(), listSuffix(sc.FalsePositiveAccounts))
	fmt.Fprintf(w, "Alerts naming known-good sources (NAT, VPN, monitors, crawlers): %d%s\n", len(sc.BenignSourceHits), listSuffix(sc.BenignSourceHits))
	fmt.Fprintf(w, "Alerts naming internet-scanner noise: %d\n", sc.NoiseSourceAlerts)
	fmt.Fprintf(w, "Bulk-export alerts on the heavy ETL service accounts: quarry %d, seed z-score %d\n",
		sc.QuarryOnServiceAccounts, sc.SeedOnServiceAccounts)
	fmt.Fprintf(w, "Alerts: quarry %d (%s); seed rules %d (%s)\n", total(sc.QuarryAlerts), countList(sc.QuarryAlerts),
		total(sc.SeedAlerts), countList(sc.SeedAlerts))
}

func yesNo(ok bool, n int) string {
	if !ok {
		return "missed"
	}
	return fmt.Sprintf("yes (%d)", n)
}

func listSuffix(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	if len(xs) > 10 {
		return ": " + strings.Join(xs[:10], ", ") + ", ..."
	}
	return ": " + strings.Join(xs, ", ")
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func countList(m map[string]int) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
