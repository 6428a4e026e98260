package triage

import (
	"time"

	"quarry/internal/hunt"
	"quarry/internal/rules"
)

// Options configure [Build]. The zero value works: no rules, allowlist or
// watchlists, default windows.
type Options struct {
	// Now is the time allowlist expiry is judged against. Zero means the
	// end of the latest alert (so a batch run over old logs applies the
	// entries that were valid then).
	Now time.Time
	// Rules by id, for their incidentConfiguration, suppression and
	// query period. Alerts of rules not listed get quarry's defaults.
	Rules map[string]*rules.Rule
	// Allowlist holds allowed sources, accounts, user agents, rule
	// exceptions and suppression windows; nil means none.
	Allowlist *Allowlist
	// Watchlists mark leaked, privileged and service accounts.
	Watchlists *Watchlists
	// Lookback is how far apart two alerts may be and still join one
	// incident when their rule sets no lookbackDuration; default 24h.
	Lookback time.Duration
	// DedupGap is how far apart two alerts of one rule on the same
	// entities may be and still merge, when the rule's period is unknown;
	// default 1h.
	DedupGap time.Duration
	// CampaignSources is the number of distinct sources that makes an
	// alert campaign-level (it inhibits the alerts it explains); default 5.
	CampaignSources int
	// NoCorrelation turns off quarry's cross-rule grouping, leaving only
	// each rule's own incidentConfiguration.
	NoCorrelation bool
}

func (o Options) withDefaults(alerts []hunt.Alert) Options {
	if o.Lookback <= 0 {
		o.Lookback = 24 * time.Hour
	}
	if o.DedupGap <= 0 {
		o.DedupGap = time.Hour
	}
	if o.CampaignSources <= 0 {
		o.CampaignSources = 5
	}
	if o.Now.IsZero() {
		for _, a := range alerts {
			o.Now = maxTime(o.Now, maxTime(endOf(a), a.LastTick))
		}
	}
	return o
}

// Result is what triage made of a set of alerts.
type Result struct {
	AlertsIn    int         `json:"alertsIn"`    // alerts given to Build
	AlertsDedup int         `json:"alertsDedup"` // after deduplication
	Incidents   []*Incident `json:"incidents"`   // highest score first
	// Alerts are the deduplicated alerts that reached an incident or
	// were kept without one, in start order.
	Alerts      []hunt.Alert `json:"-"`
	Allowlisted []Dropped    `json:"allowlisted,omitempty"` // dropped by the allowlist
	Suppressed  []Dropped    `json:"suppressed,omitempty"`  // muted by a suppression window
	NoIncident  []Dropped    `json:"noIncident,omitempty"`  // rule says createIncident: false
	Stripped    []string     `json:"stripped,omitempty"`    // allowlisted entities removed from alerts
	Expired     []Entry      `json:"expired,omitempty"`     // allowlist entries past their expiry
	Inhibited   int          `json:"inhibited"`             // alerts attached as evidence of a campaign alert
	// Allowlist holds the entries that applied (expired ones removed).
	Allowlist *Allowlist `json:"-"`
	// Watchlists are Options.Watchlists, for the outputs.
	Watchlists *Watchlists `json:"-"`
	Now        time.Time   `json:"now"`
}

// Dropped is an alert triage did not raise, and why.
type Dropped struct {
	Alert  hunt.Alert `json:"alert"`
	Reason string     `json:"reason"`
}

// Reduction renders the noise reduction: "412 alerts -> 187 after dedup ->
// 11 incidents (97.3% fewer)".
func (r *Result) Reduction() string {
	pct := 0.0
	if r.AlertsIn > 0 {
		pct = 100 * (1 - float64(len(r.Incidents))/float64(r.AlertsIn))
	}
	return formatReduction(r.AlertsIn, r.AlertsDedup, len(r.Incidents), pct)
}

// Build runs triage over alerts.
func Build(alerts []hunt.Alert, opts Options) *Result {
	opts = opts.withDefaults(alerts)
	al, expired := opts.Allowlist.active(opts.Now)
	res := &Result{AlertsIn: len(alerts), Expired: expired, Allowlist: al, Watchlists: opts.Watchlists, Now: opts.Now}
	its := dedup(alerts, opts.period, opts.DedupGap)
	res.AlertsDedup = len(its)
	its = res.allow(its, al)
	its = res.suppress(its, opts, al)
	its = res.incidentless(its, opts)
	for _, it := range its {
		res.Alerts = append(res.Alerts, it.alert)
	}
	causes := inhibit(its, opts)
	groups := group(its, causes, opts)
	res.Incidents = buildIncidents(groups, its, causes, opts)
	for _, c := range causes {
		if c >= 0 {
			res.Inhibited++
		}
	}
	return res
}

// period returns a rule's query period (0 when unknown).
func (o Options) period(id string) time.Duration {
	if r := o.Rules[id]; r != nil {
		return r.QueryPeriod.Std()
	}
	return 0
}

// allow applies the allowlist.
func (res *Result) allow(its []*item, al *Allowlist) []*item {
	var out []*item
	for _, it := range its {
		reason, stripped := al.apply(it)
		if reason != "" {
			res.Allowlisted = append(res.Allowlisted, Dropped{it.alert, reason})
			continue
		}
		for _, s := range stripped {
			res.Stripped = append(res.Stripped, it.alert.ID+": "+s)
		}
		out = append(out, it)
	}
	return out
}

// incidentless sets aside alerts of rules with createIncident: false.
func (res *Result) incidentless(its []*item, opts Options) []*item {
	var out []*item
	for _, it := range its {
		r := opts.Rules[it.alert.RuleID]
		if r != nil && r.IncidentConfiguration != nil && !r.IncidentConfiguration.CreateIncident {
			res.NoIncident = append(res.NoIncident, Dropped{it.alert, "rule " + r.ID + " has createIncident: false"})
			continue
		}
		out = append(out, it)
	}
	return out
}
