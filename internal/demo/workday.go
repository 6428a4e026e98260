package demo

import (
	"math/rand/v2"
	"time"
)

// signinDay appends the ordinary interactive sign-ins of day d.
func (w *world) signinDay(r *rand.Rand, d int, out []signin) []signin {
	day := w.day(d)
	for _, p := range w.people {
		out = w.personDay(r, p, d, day, out)
	}
	out = w.probeDay(r, day, out)
	out = w.staleDay(r, day, out)
	return w.disabledDay(r, d, day, out)
}

// personDay is one employee's day: a first sign-in when work starts, now and
// then another; on weekends rarely one from home.
func (w *world) personDay(r *rand.Rand, p *person, d int, day time.Time, out []signin) []signin {
	if p.disabled {
		return out
	}
	local := time.Duration(countries[p.cc].offset) * time.Hour
	if !workday(day) {
		if chance(r, 0.12*w.cfg.Scale) {
			t := day.Add(durBetween(r, 9*time.Hour, 21*time.Hour) - local)
			out = w.flow(r, p, t, p.phone, p.handset, appOutlook, flowOpts{}, out)
		}
		return out
	}
	if chance(r, 0.06) {
		return out // on leave
	}
	tr, away := w.trips[p]
	away = away && d >= tr.from && d <= tr.to
	atOffice := p.office != nil && chance(r, 0.8)
	start := day.Add(durBetween(r, 7*time.Hour, 9*time.Hour+30*time.Minute) - local)
	n := 1 + poissonish(r, 0.25*w.cfg.Scale)
	for i := 0; i < n; i++ {
		t := start
		if i > 0 {
			t = start.Add(durBetween(r, 20*time.Minute, 9*time.Hour+30*time.Minute))
		}
		phone := chance(r, 0.2)
		src, trusted := w.whereFrom(r, p, atOffice, phone, away, tr)
		ag := p.laptop
		if phone {
			ag = p.handset
		}
		opts := flowOpts{trusted: trusted, managed: !phone, newLocation: away && i == 0, typo: p.typo}
		if day.Weekday() == time.Monday {
			opts.typo *= 3 // the password forgotten over the weekend
		}
		out = w.flow(r, p, t, src, ag, officeApps[weighted(r, officeWeight)], opts, out)
	}
	return out
}

// whereFrom returns the address of a sign-in and whether it is a trusted
// (named) network.
func (w *world) whereFrom(r *rand.Rand, p *person, atOffice, phone, away bool, tr trip) (*host, bool) {
	switch {
	case away:
		return tr.hotel, false
	case atOffice:
		return pick(r, p.office.nat), true
	case phone:
		return p.phone, false
	case p.vpn && chance(r, 0.7):
		return pick(r, w.vpn), true
	}
	return p.home, false
}

// flowOpts describes the context of one sign-in flow.
type flowOpts struct {
	trusted, managed, newLocation bool
	typo                          float64 // probability of mistyped passwords first
}

// flow appends one user sign-in: maybe mistyped passwords first, maybe an
// MFA interrupt or a keep-me-signed-in prompt, then the success.
func (w *world) flow(r *rand.Rand, p *person, at time.Time, src *host, ag *agent, ap *app, o flowOpts, out []signin) []signin {
	at = at.Add(within(r, time.Second))
	corr := newUUID(r)
	mfa := !o.trusted || chance(r, p.mfaPerSignin)
	row := func(code int, withMFA bool, gap time.Duration) {
		s := attempt(r, at, p, p.upn, src, ap, ag, code)
		s.corr, s.mfa, s.managed = corr, withMFA, o.managed
		out = append(out, s)
		at = at.Add(gap + within(r, gap))
	}
	if chance(r, o.typo) {
		for k := between(r, 1, 3); k > 0; k-- {
			row(codeBadPassword, false, 10*time.Second)
		}
	}
	if chance(r, 0.002) {
		row(codeExpired, false, 3*time.Minute)
	}
	switch {
	case o.newLocation:
		row(codeMFANewLocation, true, 15*time.Second)
	case mfa && chance(r, 0.3):
		row(codeMFARequired, true, 12*time.Second)
		if chance(r, 0.03) {
			row(codeMFADenied, true, 40*time.Second)
			row(codeMFARequired, true, 12*time.Second)
		}
	}
	if ag.client == "Browser" && chance(r, 0.04) {
		row(codeKMSI, mfa, 3*time.Second)
	}
	row(codeSuccess, mfa, 0)
	return out
}

// probeDay is the synthetic monitor signing in every 15 minutes.
func (w *world) probeDay(r *rand.Rand, day time.Time, out []signin) []signin {
	for t := day.Add(3 * time.Minute); t.Before(day.Add(24 * time.Hour)); t = t.Add(15 * time.Minute) {
		s := attempt(r, t.Add(within(r, 20*time.Second)), w.probe, w.probe.upn, w.monitor, appMyApps, w.probe.laptop, codeSuccess)
		out = append(out, s)
	}
	return out
}

// staleDay is a phone whose mail app retries an old password over Exchange
// ActiveSync every 15-30 minutes of the working day, from one address, until
// the owner fixes it on the fifth day of the campaign week: many failures for
// one account from one place, which is not a distributed attack.
func (w *world) staleDay(r *rand.Rand, day time.Time, out []signin) []signin {
	fixed := w.at(4, 9*time.Hour)
	if !workday(day) || !day.Before(fixed) {
		return out
	}
	for _, p := range w.stale {
		for t := day.Add(5*time.Hour + within(r, time.Hour)); t.Before(day.Add(18 * time.Hour)); t = t.Add(durBetween(r, 15*time.Minute, 30*time.Minute)) {
			code := codeBadPassword
			if !t.Before(fixed) {
				code = codeSuccess
			}
			out = append(out, attempt(r, t, p, p.upn, p.phone, appExchange, activeSync, code))
			if code == codeSuccess {
				break
			}
		}
	}
	return out
}

// disabledDay is the old phone of a former employee still trying to sync
// during the first days.
func (w *world) disabledDay(r *rand.Rand, d int, day time.Time, out []signin) []signin {
	if d > 2 {
		return out
	}
	for _, p := range w.disabled {
		for k := between(r, 2, 6); k > 0; k-- {
			t := day.Add(durBetween(r, 6*time.Hour, 22*time.Hour))
			out = append(out, attempt(r, t, p, p.upn, p.home, appOutlook, p.handset, codeDisabled))
		}
	}
	return out
}
