package demo

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// sshLine is one syslog line of auth.log.
type sshLine struct {
	at   time.Time
	host string
	pid  int
	msg  string
}

// Servers whose sshd logs reach the central auth.log. The shop web servers
// are exposed to the internet; the bastion is reached from the VPN and offices.
var (
	shopServers = []string{"shop-web01", "shop-web02"}
	bastion     = "bastion01"
	allServers  = []string{"shop-web01", "shop-web02", "bastion01"}
)

// scannerUsers are the names internet-wide sshd scanners try.
var scannerUsers = []string{"root", "admin", "test", "user", "oracle", "ubuntu", "pi", "ftpuser", "guest", "postgres", "git", "support", "ubnt", "debian", "centos", "hadoop", "mysql", "www", "jenkins", "minecraft"}

// conn is one TCP connection to sshd: every line it logs carries the same
// host, pid, address and port.
type conn struct {
	out  *[]sshLine
	host string
	pid  int
	ip   string
	port int
	at   time.Time
	r    *rand.Rand
}

func newConn(r *rand.Rand, out *[]sshLine, server, ip string, at time.Time) *conn {
	return &conn{out: out, host: server, pid: between(r, 1200, 64000), ip: ip, port: between(r, 32768, 60999), at: at, r: r}
}

// say logs msg at the connection's clock, then advances it by up to gap.
func (c *conn) say(gap time.Duration, msg string) {
	*c.out = append(*c.out, sshLine{at: c.at, host: c.host, pid: c.pid, msg: msg})
	c.at = c.at.Add(within(c.r, gap))
}

func (c *conn) from() string { return c.ip + " port " + strconv.Itoa(c.port) }

// failInvalid logs a password attempt for a user that does not exist.
func (c *conn) failInvalid(user string, first bool) {
	if first {
		c.say(time.Second, fmt.Sprintf("Invalid user %s from %s", user, c.from()))
	}
	c.say(100*time.Millisecond, "pam_unix(sshd:auth): check pass; user unknown")
	c.say(100*time.Millisecond, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost="+c.ip)
	c.say(3*time.Second, fmt.Sprintf("Failed password for invalid user %s from %s ssh2", user, c.from()))
}

// failValid logs a wrong password for an existing user.
func (c *conn) failValid(user string) {
	c.say(100*time.Millisecond, fmt.Sprintf("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=%s", c.ip, user))
	c.say(3*time.Second, fmt.Sprintf("Failed password for %s from %s ssh2", user, c.from()))
}

// closePreauth logs the client giving up before authenticating.
func (c *conn) closePreauth(user string, valid bool) {
	kind := "invalid user "
	if valid {
		kind = "authenticating user "
	}
	c.say(time.Second, fmt.Sprintf("Connection closed by %s%s %s [preauth]", kind, user, c.from()))
}

// tooMany logs sshd cutting a connection after MaxAuthTries.
func (c *conn) tooMany(user string) {
	c.say(0, fmt.Sprintf("error: maximum authentication attempts exceeded for %s from %s ssh2 [preauth]", user, c.from()))
	c.say(0, fmt.Sprintf("Disconnecting authenticating user %s %s: Too many authentication failures [preauth]", user, c.from()))
	c.say(time.Second, fmt.Sprintf("PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=%s", c.ip, user))
}

// accept logs a successful login, the session, and its end after up to stay.
func (c *conn) accept(method, user string, uid int, stay time.Duration) {
	msg := fmt.Sprintf("Accepted %s for %s from %s ssh2", method, user, c.from())
	if method == "publickey" {
		msg += ": ED25519 SHA256:" + fingerprint(user)
	}
	c.say(200*time.Millisecond, msg)
	c.say(stay, fmt.Sprintf("pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)", user, uid))
	c.say(100*time.Millisecond, fmt.Sprintf("Received disconnect from %s:11: disconnected by user", c.from()))
	c.say(100*time.Millisecond, fmt.Sprintf("Disconnected from user %s %s", user, c.from()))
	c.say(0, "pam_unix(sshd:session): session closed for user "+user)
}

// fingerprint returns a stable fake key fingerprint for a user.
func fingerprint(user string) string {
	r := newRand(uint64(len(user)), user)
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, 43)
	for i := range b {
		b[i] = b64[r.IntN(64)]
	}
	return string(b)
}

// sshDay appends the ordinary sshd activity of day d: monitoring checks,
// deployments, admins on the bastion, and internet background scanning.
func (w *world) sshDay(r *rand.Rand, d int, out []sshLine) []sshLine {
	day := w.day(d)
	for _, server := range allServers {
		for t := day.Add(time.Duration(r.IntN(300)) * time.Second); t.Before(day.Add(24 * time.Hour)); t = t.Add(5 * time.Minute) {
			c := newConn(r, &out, server, w.nagios.ip, t)
			c.say(0, fmt.Sprintf("Connection closed by %s [preauth]", c.from()))
		}
	}
	if workday(day) {
		out = w.deploys(r, day, out)
		out = w.adminSessions(r, day, out)
	}
	return w.scanners(r, day, out)
}

func (w *world) deploys(r *rand.Rand, day time.Time, out []sshLine) []sshLine {
	for k := between(r, 4, 10); k > 0; k-- {
		t := day.Add(durBetween(r, 7*time.Hour, 17*time.Hour))
		for _, server := range shopServers {
			c := newConn(r, &out, server, w.ci.ip, t.Add(within(r, 30*time.Second)))
			c.accept("publickey", "deploy", 1001, 2*time.Minute)
		}
	}
	return out
}

// adminSessions: admins log in to the bastion from an office or the VPN;
// two of them use passwords and sometimes mistype one first.
func (w *world) adminSessions(r *rand.Rand, day time.Time, out []sshLine) []sshLine {
	for i, p := range w.admins {
		for k := between(r, 0, 3); k > 0; k-- {
			src := pick(r, w.vpn)
			if p.office != nil && chance(r, 0.5) {
				src = pick(r, p.office.nat)
			}
			c := newConn(r, &out, bastion, src.ip, day.Add(durBetween(r, 7*time.Hour, 18*time.Hour)))
			method := "publickey"
			if i < 2 {
				method = "password"
				if chance(r, 0.15) {
					c.failValid(p.unix)
				}
			}
			c.accept(method, p.unix, 1100+i, 90*time.Minute)
		}
	}
	return out
}

// scanners are internet background noise: fresh addresses making one to
// three attempts each on an exposed server. Their addresses are labelled as
// noise, neither benign nor a campaign.
func (w *world) scanners(r *rand.Rand, day time.Time, out []sshLine) []sshLine {
	for k := int(20*w.cfg.Scale) + r.IntN(10); k > 0; k-- {
		src := w.alloc.proxy()
		w.noise = append(w.noise, src.ip)
		c := newConn(r, &out, pick(r, shopServers), src.ip, day.Add(within(r, 24*time.Hour)))
		for n := between(r, 1, 3); n > 0; n-- {
			if u := pick(r, scannerUsers); u == "root" {
				c.failValid(u)
			} else {
				c.failInvalid(u, true)
			}
		}
		c.say(0, fmt.Sprintf("Received disconnect from %s:11: Bye Bye [preauth]", c.from()))
	}
	return out
}

// writeSSH writes the lines in RFC 3164 style, as rsyslog does.
func writeSSH(w *bufio.Writer, lines []sshLine) (int, error) {
	var b []byte
	for i := range lines {
		l := &lines[i]
		b = l.at.AppendFormat(b[:0], time.Stamp)
		b = append(b, ' ')
		b = append(b, l.host...)
		b = append(b, " sshd["...)
		b = strconv.AppendInt(b, int64(l.pid), 10)
		b = append(b, "]: "...)
		b = append(b, l.msg...)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return i, err
		}
	}
	return len(lines), nil
}
