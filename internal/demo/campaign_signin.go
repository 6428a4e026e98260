package demo

import (
	"math/rand/v2"
	"time"
)

// clamp bounds x to [lo, hi].
func clamp(x, lo, hi int) int { return max(lo, min(hi, x)) }

// entra appends one attacker sign-in row, records it in the plan and
// returns its index in s.signins.
func (w *world) entra(r *rand.Rand, s *sink, pl *plan, at time.Time, upn string, src *host, ap *app, ag *agent, code int) int {
	p := w.byUPN[upn]
	row := attempt(r, at, p, upn, src, ap, ag, code)
	s.signins = append(s.signins, row)
	if code == codeSuccess {
		pl.success(at, src.ip, upn, fileSignins)
	} else {
		pl.hit(at, src.ip, upn)
	}
	return len(s.signins) - 1
}

// spray: one hosting-provider address tries one or two common passwords
// against Employees*3/40 accounts (150 by default) in about 40 minutes, with
// the ROPC flow of a spraying script. Two accounts are locked (50053); one has
// the second password and is compromised, and the attacker comes back three
// hours later.
func (w *world) spray(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C01-entra-password-spray", KindPasswordSpray,
		"One hosting address (DigitalOcean) sprays 'Winter2026!' at every target, then 'Contoso2026!' at 60% of them, about one account every 8 seconds over 40 minutes; ResultType 50126, two 50053 lockouts, one success.",
		fileSignins)
	src := w.alloc.hosting("14061")
	targets := shuffled(r, w.people)[:clamp(w.cfg.Employees*3/40, 50, 300)]
	win := w.victim(r, targets)
	start, step := w.at(1, 2*time.Hour+10*time.Minute), 18*time.Minute/time.Duration(len(targets))
	for i, p := range targets {
		_, code := w.outcome(p.upn)
		w.entra(r, s, pl, start.Add(time.Duration(i)*step+within(r, step)), p.upn, src, appAADPS, sprayAgent, code)
	}
	second := start.Add(21 * time.Minute)
	for i, p := range targets[:len(targets)*6/10] {
		_, code := w.outcome(p.upn)
		if i < 2 && p != win && code == codeBadPassword {
			code = codeLocked
		}
		if p == win {
			code = codeSuccess
		}
		w.entra(r, s, pl, second.Add(time.Duration(i)*step+within(r, step)), p.upn, src, appAADPS, sprayAgent, code)
	}
	if len(pl.c.CompromisedAccounts) == 0 {
		w.entra(r, s, pl, second.Add(19*time.Minute), win.upn, src, appAADPS, sprayAgent, codeSuccess)
	}
	back := w.entra(r, s, pl, second.Add(3*time.Hour+within(r, time.Hour)), win.upn, src, appOutlook, stuffAgent, codeSuccess)
	s.signins[back].risk = "medium"
	return pl.done()
}

// stuffing: one address replays a combo list of Employees/5 addresses at the
// tenant domain (400 by default), 60% of which do not exist (50034); each is
// tried once or twice. Two accounts reused their leaked password and are
// compromised; two more had the right password but were stopped by MFA (50074).
func (w *world) stuffing(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C02-entra-credential-stuffing", KindCredentialStuffing,
		"One address (M247 hosting, Romania) replays a leaked combo list over two hours: 60% of the names do not exist (50034), the rest fail with 50126 except two successes (compromised) and two correct passwords blocked by MFA (50074, not compromised).",
		fileSignins)
	src := w.alloc.hosting("9009")
	list := w.leakedList(r, w.cfg.Employees/5, 0.4)
	winners, mfaStopped := w.pickReal(r, list, 2), w.pickReal(r, list, 2)
	start, step := w.at(2, 13*time.Hour+5*time.Minute), 2*time.Hour/time.Duration(len(list)*13/10)
	at := start
	for _, upn := range list {
		tries := 1
		if chance(r, 0.3) {
			tries = 2
		}
		for k := 0; k < tries; k++ {
			_, code := w.outcome(upn)
			last := k == tries-1
			switch {
			case last && winners[upn]:
				code = codeSuccess
			case last && mfaStopped[upn]:
				code = codeMFARequired
			}
			row := w.entra(r, s, pl, at, upn, src, appOfficeHome, stuffAgent, code)
			s.signins[row].mfa = code == codeMFARequired
			at = at.Add(step/2 + within(r, step))
		}
	}
	return pl.done()
}

// pickReal marks n active directory accounts of list as chosen (and owned).
func (w *world) pickReal(r *rand.Rand, list []string, n int) map[string]bool {
	var real []*person
	for _, upn := range list {
		if p := w.byUPN[upn]; p != nil {
			real = append(real, p)
		}
	}
	out := map[string]bool{}
	for len(out) < n {
		out[w.victim(r, real).upn] = true
	}
	return out
}

// distributed: low-and-slow stuffing through a residential proxy pool over
// three days. Employees*2/5 names (800 by default, 65% not in the tenant) are
// tried once or twice each, every attempt from a different proxy address of
// many countries and networks; each address (Employees*9/40, clamped to
// 300-600; 450 by default) makes one to three attempts in a few minutes and
// never returns. Four shared browser user agents. About 1% of the names are
// compromised: their last attempt succeeds, and a few hours later the
// attacker signs in again from yet another proxy address.
func (w *world) distributed(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C05-entra-distributed-stuffing", KindDistributedStuffing,
		"Residential proxy pool (many countries and ASNs), 1-3 attempts per address, 1-2 per account, three days, four shared user agents; about 1% of targeted names compromised with a later success from another pool address.",
		fileSignins)
	list := w.leakedList(r, w.cfg.Employees*2/5, 0.35)
	winners := w.pickReal(r, list, max(1, len(list)/100))
	var tries []string
	for _, upn := range list {
		tries = append(tries, upn)
		if chance(r, 0.3) {
			tries = append(tries, upn)
		}
	}
	tries = shuffled(r, tries)
	nIPs := clamp(w.cfg.Employees*9/40, 300, 600)
	nIPs = clamp(nIPs, (len(tries)+2)/3, len(tries))
	start, span := w.at(3, 0), 72*time.Hour
	lastTry := map[string]int{}
	i := 0
	for _, n := range spreadCounts(r, len(tries), nIPs) {
		src, ag := w.alloc.proxy(), pick(r, distributedAgents)
		at := start.Add(within(r, span-6*time.Hour))
		for k := 0; k < n; k++ {
			upn := tries[i]
			i++
			_, code := w.outcome(upn)
			row := w.entra(r, s, pl, at, upn, src, appOfficeHome, ag, code)
			if prev, ok := lastTry[upn]; !ok || s.signins[prev].at.Before(at) {
				lastTry[upn] = row
			}
			at = at.Add(durBetween(r, 20*time.Second, 4*time.Minute))
		}
	}
	for _, upn := range list {
		if winners[upn] {
			w.takeOver(r, s, pl, lastTry[upn])
		}
	}
	return pl.done()
}

// takeOver turns the last attempt on an account into a success and adds a
// later sign-in from another proxy address.
func (w *world) takeOver(r *rand.Rand, s *sink, pl *plan, i int) {
	row := &s.signins[i]
	row.code = codeSuccess
	pl.success(row.at, row.src.ip, row.upn, fileSignins)
	later := w.entra(r, s, pl, row.at.Add(durBetween(r, time.Hour, 6*time.Hour)), row.upn, w.alloc.proxy(), appOutlook, row.agent, codeSuccess)
	s.signins[later].risk = "low"
}

// spreadCounts splits total attempts over n sources, each getting one to three.
func spreadCounts(r *rand.Rand, total, n int) []int {
	counts := make([]int, n)
	for i := range counts {
		counts[i] = 1
	}
	for extra := total - n; extra > 0; {
		i := r.IntN(n)
		if counts[i] < 3 {
			counts[i]++
			extra--
		}
	}
	return counts
}

// bruteForce: one address hammers one account for an hour over legacy
// authentication (BAV2ROPC): 200 failures (50126, with smart-lockout 50053
// runs), then the right password.
func (w *world) bruteForce(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C07-entra-brute-force", KindBruteForce,
		"One address (Vultr hosting) tries 200 passwords on one account in an hour over legacy authentication (BAV2ROPC / Authenticated SMTP), smart lockout answering 50053 in between, then succeeds.",
		fileSignins)
	src := w.alloc.hosting("20473")
	p := w.victim(r, w.people)
	at, lockedUntil, fails := w.at(5, 20*time.Hour+3*time.Minute), time.Time{}, 0
	for k := 0; k < 200; k++ {
		code := codeBadPassword
		if at.Before(lockedUntil) {
			code = codeLocked
		} else if fails++; fails%10 == 0 {
			lockedUntil = at.Add(time.Duration(fails/10) * 20 * time.Second)
		}
		w.entra(r, s, pl, at, p.upn, src, appExchange, ropcAgent, code)
		at = at.Add(durBetween(r, 12*time.Second, 24*time.Second))
	}
	row := w.entra(r, s, pl, at.Add(40*time.Second), p.upn, src, appExchange, ropcAgent, codeSuccess)
	s.signins[row].risk = "medium"
	return pl.done()
}
