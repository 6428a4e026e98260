package proxifier

import (
	"strings"
	"testing"

	"quarry/internal/ingest/source"
	"quarry/internal/ingest/source/sourcetest"
)

var fixture = sourcetest.Fixture{
	Family: Family{}, Input: "testdata/proxifier.log", Golden: "testdata/proxifier.golden",
	MinSniff: 90, Options: source.Options{Year: 2016},
}

func TestGolden(t *testing.T) { fixture.Test(t) }

func TestNotProxifier(t *testing.T) {
	for _, in := range []string{
		"Nov  2 03:14:07 host sshd[1234]: Accepted password for bob from 1.2.3.4 port 22 ssh2\n",
		`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "x"` + "\n",
		"[10.30 16:49:06] just text\n[10.30 16:49:06] more text\n",
	} {
		if c := (Family{}).Sniff([]byte(in)); c >= 50 {
			t.Errorf("sniff %d for %q", c, in)
		}
	}
}

func TestBytesAndLifetime(t *testing.T) {
	var e entry
	line := "[10.30 16:49:08] chrome.exe *64 - a.b:443 close, 1190 bytes (1.16 KB) sent, 1727 bytes (1.68 KB) received, lifetime 01:02"
	if why := parse(line, &e); why != "" {
		t.Fatal(why)
	}
	if e.app != "chrome.exe" || !e.is64 || e.host != "a.b" || e.port != 443 || e.sent != 1190 || e.received != 1727 || e.lifetime.Seconds() != 62 {
		t.Errorf("%+v", e)
	}
}

func TestYearRollover(t *testing.T) {
	got := sourcetest.Read(t, Family{}, "[12.31 23:59:59] a.exe - h:1 open\n[01.01 00:00:00] a.exe - h:1 open\n", "x", source.Options{Year: 2023}).Dump()
	if !strings.Contains(got, "2023-12-31T23:59:59Z") || !strings.Contains(got, "2024-01-01T00:00:00Z") {
		t.Errorf("rollover not applied:\n%s", got)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(sourcetest.ReadFile(f, fixture.Input))
	f.Add("[99.99 99:99:99] x - h:99999 close, -1 bytes sent, x bytes received, lifetime ::\n")
	f.Add("[1.1 1:1:1] a *64 - :1 error\n")
	sourcetest.FuzzLines(f, Family{}, TableName, source.Options{Year: 2020})
}

func BenchmarkRead(b *testing.B) { fixture.Bench(b, 2000) }
