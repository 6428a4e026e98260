package demo

import (
	"math/rand/v2"
	"time"
)

// shopLogin appends one attacker POST to the shop login; on success the
// attacker also opens the order history. It records the attempt in the plan.
func shopLogin(s *sink, pl *plan, at time.Time, ip, ua, account string, ok bool) {
	if !ok {
		s.web = append(s.web, webLine{at: at, ip: ip, method: "POST", path: loginPath, status: 401, size: 5388, ref: shop + loginPath, ua: ua})
		pl.hit(at, ip, account)
		return
	}
	s.web = append(s.web, webLine{at: at, ip: ip, method: "POST", path: loginPath, status: 200, size: 731, ref: shop + loginPath, ua: ua})
	s.web = append(s.web, webLine{at: at.Add(2 * time.Second), ip: ip, method: "GET", path: "/account/orders", status: 200, size: 11873, ref: shop + "/account", ua: ua})
	pl.success(at, ip, account, fileAccess)
}

// comboEmails returns n e-mail addresses of a combo list: about 60% are
// real customers of the shop, the rest unknown to it.
func (w *world) comboEmails(r *rand.Rand, n int) []string {
	out := make([]string, 0, n)
	for len(out) < n {
		if chance(r, 0.6) {
			out = append(out, pick(r, w.customers).email)
		} else {
			out = append(out, newCustomer(r).email)
		}
	}
	return out
}

// webStuffing: one hosting address posts a combo list to the shop login,
// about one attempt every nine seconds for 90 minutes (len(customers)/5
// attempts, 600 by default); about 1.5% succeed.
func (w *world) webStuffing(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C03-web-credential-stuffing", KindCredentialStuffing,
		"One address (OVH hosting) posts a combo list to /account/login for 90 minutes: 401 for most, 200 (followed by GET /account/orders) for about 1.5%. Accounts are customers' e-mails, known to the shop but not written in access.log.",
		fileAccess)
	src := w.alloc.hosting("16276")
	list := w.comboEmails(r, max(100, len(w.customers)/5))
	at, step := w.at(2, 19*time.Hour), 90*time.Minute/time.Duration(len(list))
	for i, email := range list {
		shopLogin(s, pl, at, src.ip, stuffAgent.ua, email, i%67 == 33)
		at = at.Add(step/2 + within(r, step))
	}
	return pl.done()
}

// webDistributed: the same kind of list through a rotating residential proxy
// pool over 60 hours: clamp(len(customers)/7, 300, 600) addresses (428 by
// default), one to three attempts each, three shared user agents; about 1%
// succeed.
func (w *world) webDistributed(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C06-web-distributed-stuffing", KindDistributedStuffing,
		"Rotating residential proxies post to /account/login over 60 hours, 1-3 attempts per address, three shared user agents; about 1% succeed (200 then GET /account/orders).",
		fileAccess)
	nIPs := clamp(len(w.customers)/7, 300, 600)
	counts := spreadCounts(r, nIPs*22/10, nIPs)
	list := w.comboEmails(r, nIPs*22/10)
	start, i := w.at(3, 6*time.Hour), 0
	for _, n := range counts {
		src, ua := w.alloc.proxy(), pick(r, webStuffAgents)
		at := start.Add(within(r, 60*time.Hour))
		for k := 0; k < n; k++ {
			shopLogin(s, pl, at, src.ip, ua, list[i], i%97 == 50)
			i++
			at = at.Add(durBetween(r, 15*time.Second, 3*time.Minute))
		}
	}
	return pl.done()
}
