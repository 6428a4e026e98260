package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// plan accumulates one campaign while its events are generated, keeping
// sources and accounts in order of first appearance.
type plan struct {
	c           Campaign
	first, last time.Time
	seenSrc     map[string]bool
	seenAcct    map[string]bool
}

func newPlan(id, kind, notes string, files ...string) *plan {
	return &plan{c: Campaign{ID: id, Kind: kind, Files: files, Notes: notes, Sources: []string{}, TargetedAccounts: []string{}, CompromisedAccounts: []string{}, Successes: []Success{}},
		seenSrc: map[string]bool{}, seenAcct: map[string]bool{}}
}

// hit records one attempt by the campaign.
func (p *plan) hit(at time.Time, src, account string) {
	if p.first.IsZero() || at.Before(p.first) {
		p.first = at
	}
	if at.After(p.last) {
		p.last = at
	}
	p.c.Attempts++
	if src != "" && !p.seenSrc[src] {
		p.seenSrc[src] = true
		p.c.Sources = append(p.c.Sources, src)
	}
	if account != "" && !p.seenAcct[account] {
		p.seenAcct[account] = true
		p.c.TargetedAccounts = append(p.c.TargetedAccounts, account)
	}
}

// success records a successful sign-in by the attacker.
func (p *plan) success(at time.Time, src, account, file string) {
	p.hit(at, src, account)
	p.c.Successes = append(p.c.Successes, Success{Time: at, Source: src, Account: account, File: file})
	for _, a := range p.c.CompromisedAccounts {
		if a == account {
			return
		}
	}
	p.c.CompromisedAccounts = append(p.c.CompromisedAccounts, account)
}

func (p *plan) done() Campaign {
	p.c.Start, p.c.End = p.first, p.last
	return p.c
}

// plant generates every campaign into s and returns the labels.
func (w *world) plant(s *sink) *Labels {
	seed := w.cfg.Seed
	rs := func(name string) *rand.Rand { return newRand(seed, "campaign-"+name) }
	lb := &Labels{Seed: seed, Start: w.cfg.Start, End: w.cfg.End(), TenantID: w.tenant.id, Domain: w.domain, Employees: w.cfg.Employees}
	lb.Campaigns = []Campaign{
		w.spray(rs("spray"), s),
		w.stuffing(rs("stuffing"), s),
		w.webStuffing(rs("web-stuffing"), s),
		w.sshStuffing(rs("ssh-stuffing"), s),
		w.distributed(rs("distributed"), s),
		w.webDistributed(rs("web-distributed"), s),
		w.bruteForce(rs("brute-force"), s),
		w.sshBruteForce(rs("ssh-brute-force"), s),
		w.insiderExport(rs("insider"), s),
		w.vendorExport(rs("vendor"), s),
	}
	lb.BenignSources = w.benignSources()
	lb.BenignAccounts = w.benignAccounts()
	lb.NoiseSources = append([]string{}, w.noise...)
	return lb
}

// victim returns an active employee not yet compromised by another campaign.
func (w *world) victim(r *rand.Rand, from []*person) *person {
	for _, i := range r.Perm(len(from)) {
		p := from[i]
		if !p.disabled && !w.owned[p] && !p.admin && !w.isStale(p) {
			w.owned[p] = true
			return p
		}
	}
	panic("demo: no victim left")
}

func (w *world) isStale(p *person) bool {
	for _, q := range w.stale {
		if q == p {
			return true
		}
	}
	return false
}

// outcome is the result code of a wrong password for the typed name.
func (w *world) outcome(upn string) (*person, int) {
	p := w.byUPN[upn]
	switch {
	case p == nil:
		return nil, codeNoUser
	case p.disabled:
		return p, codeDisabled
	}
	return p, codeBadPassword
}

// benignSources lists the known-good addresses.
func (w *world) benignSources() []Source {
	var out []Source
	for _, o := range w.offices {
		for _, h := range o.nat {
			out = append(out, Source{IP: h.ip, Kind: "nat", Name: h.named + " egress NAT", Files: []string{fileSignins, fileAuth}})
		}
	}
	for _, h := range w.vpn {
		out = append(out, Source{IP: h.ip, Kind: "vpn", Name: "corporate VPN egress (hosting provider AS" + h.asn + ")", Files: []string{fileSignins, fileAuth}})
	}
	out = append(out,
		Source{IP: w.monitor.ip, Kind: "monitor", Name: "synthetic monitor: Entra sign-in every 15 min, shop health check and test login", Files: []string{fileSignins, fileAccess}},
		Source{IP: w.nagios.ip, Kind: "monitor", Name: "internal sshd check every 5 min", Files: []string{fileAuth}},
		Source{IP: w.ci.ip, Kind: "ci", Name: "deployment runner (publickey as deploy)", Files: []string{fileAuth}})
	for _, c := range w.crawlers {
		for _, h := range c.hosts {
			out = append(out, Source{IP: h.ip, Kind: "crawler", Name: c.name, Files: []string{fileAccess}})
		}
	}
	return out
}

// benignAccounts lists accounts that look odd but are not attacked.
func (w *world) benignAccounts() []Account {
	out := []Account{{w.probe.upn, "synthetic monitor: a success every 15 minutes from a hosting address with a headless browser"}}
	for _, p := range w.stale {
		out = append(out, Account{p.upn, "phone retries a stale password over Exchange ActiveSync every 15-30 minutes from one address until fixed"})
	}
	for _, p := range w.disabled {
		out = append(out, Account{p.upn, "disabled account (50057): a former employee's old phone still tries"})
	}
	for _, p := range w.people {
		if t, ok := w.trips[p]; ok {
			out = append(out, Account{p.upn, fmt.Sprintf("business trip to %s on days %d-%d: new country, MFA (50076), then success", t.hotel.cc, t.from, t.to)})
		}
	}
	for _, e := range w.exporters {
		if e.etl {
			out = append(out, Account{e.user, "ETL service account: huge but regular hourly exports, day and night"})
		}
	}
	out = append(out, Account{w.joiner.user, fmt.Sprintf("new employee exporting from day %d: a new account with small, ordinary transfers", w.joiner.firstDay)})
	return out
}
