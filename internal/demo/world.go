package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// world is the fixed cast of the data: tenant, offices, networks, people and
// customers. It is built from its own random stream before any event.
type world struct {
	cfg       Config
	tenant    *tenant
	domain    string
	base      time.Time // midnight of the campaign week (the last seven days)
	alloc     *allocator
	upns      map[string]bool
	offices   []*office
	vpn       []*host
	monitor   *host // synthetic sign-in and shop-login probe
	nagios    *host // internal sshd check
	ci        *host // deploy runner
	crawlers  []crawler
	people    []*person // employees, including disabled ones
	probe     *person   // the synthetic-monitor account
	stale     []*person // phones retrying a stale password over ActiveSync
	disabled  []*person
	admins    []*person
	trips     map[*person]trip
	customers []customer
	shopHomes []*host  // customers' home addresses, parallel to customers
	noise     []string // internet background scanners seen by sshd
	exporters []*exporter
	insider   *exporter // exports ~30x their normal volume one evening
	joiner    *exporter // new employee: a new account with small, ordinary exports
	byUPN     map[string]*person
	owned     map[*person]bool // compromised by a campaign
}

// trip is a business trip: days [from, to] spent in another country.
type trip struct {
	from, to int
	hotel    *host
}

// crawler is a well-known search-engine bot.
type crawler struct {
	name, ua string
	hosts    []*host
	perDay   int
}

const domain = "contoso-retail.eu"

func newWorld(cfg Config) *world {
	r := newRand(cfg.Seed, "world")
	w := &world{cfg: cfg, domain: domain, alloc: newAllocator(r), upns: map[string]bool{}, trips: map[*person]trip{}, byUPN: map[string]*person{}, owned: map[*person]bool{}}
	w.tenant = &tenant{id: newUUID(r), domain: domain}
	w.base = cfg.Start.AddDate(0, 0, cfg.Days-7)
	w.buildNetworks()
	w.buildPeople(r)
	w.buildExporters(r)
	w.buildCustomers(r)
	return w
}

// buildNetworks allocates the company's own and other known-good addresses.
func (w *world) buildNetworks() {
	sites := []struct {
		name, cc, city string
		nats           int
	}{{"HQ Hamburg", "DE", "Hamburg", 2}, {"Office Paris", "FR", "Paris", 1}, {"Office Amsterdam", "NL", "Amsterdam", 1}, {"Office Madrid", "ES", "Madrid", 1}, {"Office Warszawa", "PL", "Warszawa", 1}}
	for _, s := range sites {
		o := &office{city: s.city, cc: s.cc}
		for i := 0; i < s.nats; i++ {
			h := w.alloc.in(s.cc, residential)
			h.place, h.named = countries[s.cc].places[0], s.name
			o.nat = append(o.nat, h)
		}
		w.offices = append(w.offices, o)
	}
	for i := 0; i < 2; i++ {
		h := w.alloc.hosting("16509")
		h.named = "Corporate VPN"
		w.vpn = append(w.vpn, h)
	}
	w.monitor = w.alloc.hosting("8075")
	w.ci = w.alloc.hosting("24940")
	w.nagios = w.alloc.fixed("10.20.0.15", "", "", "", "private")
	w.crawlers = []crawler{
		{"Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", w.fixedHosts("66.249.66.", []int{1, 12, 37, 68, 69, 70}, "US", "Mountain View", "15169"), 400},
		{"bingbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", w.fixedHosts("157.55.39.", []int{10, 53, 201, 222}, "US", "Chicago", "8075"), 200},
		{"AhrefsBot", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", w.fixedHosts("54.36.148.", []int{4, 92, 160}, "FR", "Roubaix", "16276"), 150},
		{"Applebot", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", w.fixedHosts("17.241.219.", []int{13, 77}, "US", "Mountain View", "714"), 60},
	}
}

func (w *world) fixedHosts(prefix string, last []int, cc, city, asn string) []*host {
	var out []*host
	for _, n := range last {
		out = append(out, w.alloc.fixed(fmt.Sprint(prefix, n), cc, city, asn, hosting))
	}
	return out
}

// buildPeople draws the directory and the benign oddities of some accounts.
func (w *world) buildPeople(r *rand.Rand) {
	for i := 0; i < w.cfg.Employees; i++ {
		p := w.newPerson(r, i)
		w.people = append(w.people, p)
		w.byUPN[p.upn] = p
	}
	w.probe = &person{upn: "svc-synthetic-monitor@" + w.domain, display: "Synthetic Sign-in Monitor", id: newUUID(r), cc: "NL", home: w.monitor,
		laptop: &agent{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36", "Linux", "Chrome 130.0.0", "Browser", "none"}}
	w.upns[w.probe.upn] = true
	order := shuffled(r, w.people)
	w.disabled, w.stale, w.admins = order[:3], order[3:5], order[5:11]
	for _, p := range w.disabled {
		p.disabled = true
	}
	for _, p := range w.admins {
		p.admin = true
		p.unix = unixName(p)
	}
	for _, p := range order[11 : 11+w.cfg.Employees*3/100] {
		w.trips[p] = w.newTrip(r, p)
	}
}

// unixName is the first initial and family name, as admins' shell accounts are named.
func unixName(p *person) string {
	local, _, _ := strings.Cut(p.upn, "@")
	given, family, _ := strings.Cut(local, ".")
	return given[:1] + family
}

var tripDestinations = []string{"GB", "US", "FR", "ES", "IT", "PT", "SE", "DE", "NL", "PL", "CZ", "AT"}

func (w *world) newTrip(r *rand.Rand, p *person) trip {
	cc := p.cc
	for cc == p.cc {
		cc = pick(r, tripDestinations)
	}
	from := between(r, 0, w.cfg.Days-3)
	return trip{from: from, to: from + between(r, 1, 2), hotel: w.alloc.in(cc, residential)}
}

// buildCustomers draws the shop's customers and their home addresses.
func (w *world) buildCustomers(r *rand.Rand) {
	n := int(3000 * w.cfg.Scale)
	for i := 0; i < n; i++ {
		c := newCustomer(r)
		w.customers = append(w.customers, c)
		w.shopHomes = append(w.shopHomes, w.alloc.in(c.cc, pick(r, []string{residential, residential, mobile})))
	}
}

// day returns midnight UTC of day d of the data.
func (w *world) day(d int) time.Time { return w.cfg.Start.AddDate(0, 0, d) }

// at returns a time in the campaign week: day d (0 = its first day) plus off.
func (w *world) at(d int, off time.Duration) time.Time { return w.base.AddDate(0, 0, d).Add(off) }

// workday reports whether t falls on Monday to Friday.
func workday(t time.Time) bool {
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// sink collects the events of every file before they are sorted and written.
type sink struct {
	signins   []signin
	ssh       []sshLine
	web       []webLine
	transfers []transfer
}

// sort orders every file by time and drops what spilled outside [from, to).
func (s *sink) sort(from, to time.Time) {
	s.signins = inRange(s.signins, from, to, func(x signin) time.Time { return x.at })
	s.ssh = inRange(s.ssh, from, to, func(x sshLine) time.Time { return x.at })
	s.web = inRange(s.web, from, to, func(x webLine) time.Time { return x.at })
	s.transfers = inRange(s.transfers, from, to, func(x transfer) time.Time { return x.at })
	slices.SortStableFunc(s.signins, func(a, b signin) int { return a.at.Compare(b.at) })
	slices.SortStableFunc(s.ssh, func(a, b sshLine) int { return a.at.Compare(b.at) })
	slices.SortStableFunc(s.web, func(a, b webLine) int { return a.at.Compare(b.at) })
	slices.SortStableFunc(s.transfers, func(a, b transfer) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.user, b.user))
	})
}

// background generates the ordinary activity of every file.
func (w *world) background(s *sink) {
	for d := 0; d < w.cfg.Days; d++ {
		s.signins = w.signinDay(newRand(w.cfg.Seed, fmt.Sprint("signin-", d)), d, s.signins)
		s.ssh = w.sshDay(newRand(w.cfg.Seed, fmt.Sprint("ssh-", d)), d, s.ssh)
		s.web = w.webDay(newRand(w.cfg.Seed, fmt.Sprint("web-", d)), d, s.web)
	}
	s.transfers = w.transferBackground(newRand(w.cfg.Seed, "transfer"), s.transfers)
}

// inRange keeps the elements whose time is in [from, to).
func inRange[T any](xs []T, from, to time.Time, at func(T) time.Time) []T {
	return slices.DeleteFunc(xs, func(x T) bool {
		t := at(x)
		return t.Before(from) || !t.Before(to)
	})
}
