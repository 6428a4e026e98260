package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// localUsers are the accounts that exist on the shop servers (uid by name).
var localUsers = map[string]int{"root": 0, "deploy": 1001, "backup": 34}

// sshTry logs one password attempt on c and records it in the plan.
func sshTry(c *conn, pl *plan, user string, first bool) {
	pl.hit(c.at, c.ip, user)
	if _, ok := localUsers[user]; ok {
		c.failValid(user)
		return
	}
	c.failInvalid(user, first)
}

// sshStuffing: one address replays user names and passwords from a combo
// list against the first web server: Employees/8 names (250 by default), one
// connection each with one or two tries, most of them not existing ("Invalid
// user"). The service account backup had a leaked password and is
// compromised (Accepted password).
func (w *world) sshStuffing(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C04-sshd-credential-stuffing", KindCredentialStuffing,
		"One address (China Telecom) replays a combo list against shop-web01 over 75 minutes: one connection per user name, one or two passwords each, mostly invalid users; 'backup' succeeds with its leaked password.",
		fileAuth)
	src := w.alloc.in("CN", residential)
	users := w.sshComboUsers(r, w.cfg.Employees/8)
	at, step := w.at(2, 21*time.Hour+10*time.Minute), 75*time.Minute/time.Duration(len(users))
	for _, u := range users {
		c := newConn(r, &s.ssh, "shop-web01", src.ip, at)
		tries := between(r, 1, 2)
		for k := 0; k < tries; k++ {
			if u == "backup" && k == tries-1 {
				pl.success(c.at, c.ip, u, fileAuth)
				c.accept("password", u, localUsers[u], 25*time.Minute)
				break
			}
			sshTry(c, pl, u, k == 0)
		}
		if u != "backup" {
			_, valid := localUsers[u]
			c.closePreauth(u, valid)
		}
		at = at.Add(step/2 + within(r, step))
	}
	return pl.done()
}

// sshComboUsers returns n user names as a combo list yields them: local
// parts of leaked addresses, common service names, and the real accounts.
func (w *world) sshComboUsers(r *rand.Rand, n int) []string {
	seen := map[string]bool{"backup": true, "deploy": true, "root": true}
	out := []string{"backup", "deploy", "root"}
	for _, u := range scannerUsers {
		if len(out) < n/4 && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for len(out) < n {
		local, _, _ := strings.Cut(w.ghostName(r), "@")
		if u := strings.ReplaceAll(local, ".", ""); !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return shuffled(r, out)
}

// sshBruteForce: one address hammers root (and the non-existent admin) on
// the second web server for two and a half hours: 100 connections of six
// passwords each, every one ended by MaxAuthTries. No success.
func (w *world) sshBruteForce(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C08-sshd-brute-force", KindBruteForce,
		"One address (China Telecom) makes 100 connections to shop-web02, six passwords each (MaxAuthTries), 80% for root and 20% for the non-existent admin; 600 failures, no success.",
		fileAuth)
	src := w.alloc.in("CN", residential)
	at := w.at(6, time.Hour+7*time.Minute)
	for k := 0; k < 100; k++ {
		user := "root"
		if chance(r, 0.2) {
			user = "admin"
		}
		c := newConn(r, &s.ssh, "shop-web02", src.ip, at)
		for i := 0; i < 6; i++ {
			sshTry(c, pl, user, i == 0)
		}
		c.tooManyFor(user, user == "root")
		at = at.Add(durBetween(r, 60*time.Second, 120*time.Second))
	}
	return pl.done()
}

// tooManyFor logs sshd ending a connection after MaxAuthTries, for a valid
// or an invalid user.
func (c *conn) tooManyFor(user string, valid bool) {
	if valid {
		c.tooMany(user)
		return
	}
	c.say(0, fmt.Sprintf("error: maximum authentication attempts exceeded for invalid user %s from %s ssh2 [preauth]", user, c.from()))
	c.say(time.Second, fmt.Sprintf("Disconnecting invalid user %s %s: Too many authentication failures [preauth]", user, c.from()))
}
