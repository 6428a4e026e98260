package triage

import (
	"testing"
	"time"
)

func FuzzParseAllowlist(f *testing.F) {
	f.Add([]byte(testAllowlist))
	f.Add([]byte("ips:\n  - value: ::1/200\n    reason: x\n"))
	f.Add([]byte("suppressions:\n  - rule: r\n    duration: 99999999999d\n    reason: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		al, err := ParseAllowlist(data)
		if err != nil {
			return
		}
		act, _ := al.active(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
		act.IPAllowed("1.2.3.4")
		Build(campaign(), Options{Allowlist: al})
	})
}

func FuzzParseWatchlist(f *testing.F) {
	f.Add([]byte("Email,Breach\nm@x,b\n"), "")
	f.Add([]byte("\xef\xbb\xbfa\n\"unterminated\n"), "a")
	f.Add([]byte("UPN,AccessStart,AccessEnd,AccessHours\nsvc@x,2026-11-01,2026-11-30,22:00-02:00\n"), "UPN")
	f.Fuzz(func(t *testing.T, data []byte, key string) {
		w, err := ParseWatchlist("leaked-ids", data, key)
		if err != nil {
			return
		}
		ws := &Watchlists{Lists: []*Watchlist{w}}
		ws.Tables()
		for _, r := range w.Rows {
			ws.Lookup(r[0])
			outsideWindow("svc@x", w.row(0), nil)
		}
	})
}

// TestSuppressionDurationBounds: a suppression of more days than
// time.Duration holds is refused, not wrapped around (213503982334602
// days of nanoseconds wrap to 17 hours).
func TestSuppressionDurationBounds(t *testing.T) {
	for _, c := range []struct {
		d  string
		ok bool
	}{{"2d", true}, {"6h", true}, {"106751d", true}, {"106752d", false}, {"213503982334602d", false}, {"-2d", false}, {"0d", false}} {
		_, err := ParseAllowlist([]byte("suppressions:\n  - rule: r\n    duration: " + c.d + "\n    reason: x\n"))
		if (err == nil) != c.ok {
			t.Errorf("duration %s: error %v, want ok %v", c.d, err, c.ok)
		}
	}
}
