package demo

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// webLine is one request in the shop's nginx access log.
type webLine struct {
	at     time.Time
	ip     string
	method string
	path   string
	status int
	size   int
	ref    string
	ua     string
}

const (
	shop      = "https://www.contoso-retail.eu"
	loginPath = "/account/login"
	probeUA   = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36 SyntheticMonitor/2.3"
)

var (
	categories = []string{"damen", "herren", "kinder", "schuhe", "sale", "neu", "accessoires", "sport", "wohnen"}
	searches   = []string{"jacke", "sneaker", "winterjacke", "jeans", "pullover", "kleid", "stiefel", "rucksack", "geschenk", "mantel"}
	// shopHours weights customer sessions by local hour: evenings peak.
	shopHours = []float64{2, 1, 0.6, 0.4, 0.4, 0.6, 1.5, 3, 4, 4.5, 5, 5, 5.5, 5, 5, 5, 5.5, 6, 7, 8.5, 9, 8, 6, 3.5}
)

// webDay appends the ordinary shop traffic of day d.
func (w *world) webDay(r *rand.Rand, d int, out []webLine) []webLine {
	day := w.day(d)
	n := int(900 * w.cfg.Scale)
	if !workday(day) {
		n = n * 13 / 10
	}
	for i := 0; i < n; i++ {
		k := r.IntN(len(w.customers))
		t := day.Add(time.Duration(weighted(r, shopHours))*time.Hour - time.Hour + within(r, time.Hour))
		out = w.session(r, k, t, out)
	}
	out = w.crawl(r, day, out)
	return w.webProbe(r, day, out)
}

// session is one customer visit: a few pages, sometimes a login (with the
// odd mistyped password) and a look at past orders.
func (w *world) session(r *rand.Rand, k int, t time.Time, out []webLine) []webLine {
	c, ip := w.customers[k], w.shopHomes[k].ip
	ref := pick(r, []string{"-", "https://www.google.com/", "https://www.google.de/", "https://www.bing.com/", "https://www.instagram.com/"})
	add := func(method, path string, status, size int, gap time.Duration) {
		out = append(out, webLine{at: t, ip: ip, method: method, path: path, status: status, size: size, ref: ref, ua: c.agent})
		ref = shop + path
		t = t.Add(gap/4 + within(r, gap))
	}
	add("GET", "/", 200, between(r, 38000, 52000), 20*time.Second)
	if chance(r, 0.22) {
		add("GET", loginPath, 200, 5214, 15*time.Second)
		for k := typos(r); k > 0; k-- {
			add("POST", loginPath, 401, 5388, 12*time.Second)
		}
		add("POST", loginPath, 200, 731, 3*time.Second)
		add("GET", "/account/orders", 200, between(r, 9000, 16000), 30*time.Second)
	}
	for p := between(r, 1, 7); p > 0; p-- {
		path, size := browsePath(r)
		add("GET", path, 200, size, 60*time.Second)
	}
	if chance(r, 0.12) {
		add("POST", "/cart/add", 200, 412, 20*time.Second)
		add("GET", "/cart", 200, between(r, 14000, 18000), 40*time.Second)
	}
	return out
}

// typos is how many times a customer mistypes the password before success.
func typos(r *rand.Rand) int {
	if !chance(r, 0.08) {
		return 0
	}
	return between(r, 1, 2)
}

// browsePath returns a catalogue page and its response size.
func browsePath(r *rand.Rand) (string, int) {
	switch r.IntN(4) {
	case 0:
		return "/c/" + pick(r, categories), between(r, 45000, 90000)
	case 1:
		return "/search?q=" + pick(r, searches), between(r, 30000, 70000)
	default:
		return fmt.Sprintf("/p/%d", between(r, 100000, 999999)), between(r, 25000, 60000)
	}
}

// crawl appends search-engine crawler requests spread over the day.
func (w *world) crawl(r *rand.Rand, day time.Time, out []webLine) []webLine {
	for _, cr := range w.crawlers {
		for k := int(float64(cr.perDay) * w.cfg.Scale); k > 0; k-- {
			path, size := browsePath(r)
			if chance(r, 0.02) {
				path, size = pick(r, []string{"/robots.txt", "/sitemap.xml"}), between(r, 300, 9000)
			}
			out = append(out, webLine{at: day.Add(within(r, 24*time.Hour)), ip: pick(r, cr.hosts).ip, method: "GET", path: path, status: 200, size: size, ref: "-", ua: cr.ua})
		}
	}
	return out
}

// webProbe is the uptime monitor: a health check every two minutes and a
// synthetic login with a test customer every ten.
func (w *world) webProbe(r *rand.Rand, day time.Time, out []webLine) []webLine {
	for t := day.Add(time.Duration(r.IntN(60)) * time.Second); t.Before(day.Add(24 * time.Hour)); t = t.Add(2 * time.Minute) {
		out = append(out, webLine{at: t, ip: w.monitor.ip, method: "GET", path: "/healthz", status: 200, size: 2, ref: "-", ua: probeUA})
		if t.Minute()%10 < 2 {
			out = append(out, webLine{at: t.Add(time.Second), ip: w.monitor.ip, method: "POST", path: loginPath, status: 200, size: 731, ref: shop + loginPath, ua: probeUA})
		}
	}
	return out
}

// writeWeb writes nginx "combined" log lines.
func writeWeb(w *bufio.Writer, lines []webLine) (int, error) {
	var b []byte
	for i := range lines {
		b = lines[i].appendTo(b[:0])
		if _, err := w.Write(b); err != nil {
			return i, err
		}
	}
	return len(lines), nil
}

func (l *webLine) appendTo(b []byte) []byte {
	b = append(b, l.ip...)
	b = append(b, " - - ["...)
	b = l.at.AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
	b = append(b, "] \""...)
	b = append(b, l.method...)
	b = append(b, ' ')
	b = append(b, l.path...)
	b = append(b, " HTTP/1.1\" "...)
	b = strconv.AppendInt(b, int64(l.status), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(l.size), 10)
	b = append(b, " \""...)
	b = append(b, l.ref...)
	b = append(b, "\" \""...)
	b = append(b, l.ua...)
	return append(b, "\"\n"...)
}
