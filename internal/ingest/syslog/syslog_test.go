package syslog

import (
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/ingest/source/sourcetest"
)

func TestParseLines(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Nov  2 03:14:07 host sshd[1234]: Failed password for root from 1.2.3.4 port 22 ssh2",
			`2020-11-02T03:14:07Z host sshd 1234 auth/ "Failed password for root from 1.2.3.4 port 22 ssh2"`},
		{"<13>Feb 29 10:00:00 h kernel: x", `2020-02-29T10:00:00Z h kernel -1 user/notice "x"`},
		{"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [a b=\"\\]\"] BOMmsg",
			`2003-10-11T22:14:15.003Z mymachine.example.com evntslog -1 local4/notice "BOMmsg"`},
		{"Mar  1 01:02:03 h sudo:   bob : 3 incorrect password attempts ; TTY=pts/1",
			`2020-03-01T01:02:03Z h sudo -1 authpriv/ "bob : 3 incorrect password attempts ; TTY=pts/1"`},
	}
	for _, c := range cases {
		p := parser{loc: locOrUTC(nil), years: years{year: 2020}}
		var rec record
		if why := p.parse(c.in, &rec); why != "" {
			t.Fatalf("%q: %s", c.in, why)
		}
		if rec.facility == "" && rec.severity == "" {
			rec.facility = inferFacility(rec.proc)
		}
		pid := int64(-1)
		if rec.hasPID {
			pid = rec.pid
		}
		got := strings.Join([]string{
			column.FormatDateTime(rec.ticks), rec.host, rec.proc, source.Text(pid),
			rec.facility + "/" + rec.severity, `"` + rec.msg + `"`}, " ")
		if got != c.want {
			t.Errorf("%q\n got  %s\n want %s", c.in, got, c.want)
		}
	}
}

func TestYearRollover(t *testing.T) {
	sink := sourcetest.Read(t, Family{}, "Dec 31 23:59:59 h a: x\nJan  1 00:00:00 h a: y\n", "test.log", source.Options{Year: 2023})
	got := sink.Dump()
	if !strings.Contains(got, "2023-12-31T23:59:59Z") || !strings.Contains(got, "2024-01-01T00:00:00Z") {
		t.Errorf("rollover not handled:\n%s", got)
	}
}

func TestYearFromModTime(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "auth.log")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	y := newYears(0, f.Name())
	st, _ := os.Stat(f.Name())
	if got := y.yearFor(int(st.ModTime().Month())); got != st.ModTime().Year() {
		t.Errorf("year %d, want %d", got, st.ModTime().Year())
	}
}

func TestGolden(t *testing.T) {
	sourcetest.Fixture{
		Family:  Family{},
		Input:   "testdata/mixed.log",
		Golden:  "testdata/mixed.golden",
		Name:    "test.log",
		Options: source.Options{Year: 2020},
	}.Test(t)
}

func TestSniff(t *testing.T) {
	if c := (Family{}).Sniff([]byte("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user x from 1.2.3.4\n")); c < 90 {
		t.Errorf("syslog line: %d", c)
	}
	if c := (Family{}).Sniff([]byte("1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1\n")); c != 0 {
		t.Errorf("access log claimed: %d", c)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user x from 1.2.3.4\n")
	f.Add("<38>1 2021-01-01T00:00:03.123Z web2 sshd 99 - [x y=\"\\]\"] m\n")
	f.Add(`{"__REALTIME_TIMESTAMP":"1","MESSAGE":[104,105]}` + "\n")
	f.Add("<999>Jan 99 99:99:99 h x[: y\n")
	sourcetest.FuzzLines(f, Family{}, TableName, source.Options{Year: 2020})
}

// sshdLines returns n realistic sshd lines.
func sshdLines(n int) string {
	msgs := []string{
		"Failed password for root from 183.62.140.253 port 54256 ssh2",
		"Invalid user admin from 103.99.0.122",
		"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180  user=root",
		"Accepted password for alice from 10.1.2.3 port 50000 ssh2",
		"Received disconnect from 112.95.230.3: 11: Bye Bye [preauth]",
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("Dec 10 06:55:46 LabSZ sshd[24200]: ")
		b.WriteString(msgs[i%len(msgs)])
		b.WriteByte('\n')
	}
	return b.String()
}

func BenchmarkRead(b *testing.B) {
	sourcetest.BenchRead(b, Family{}, sshdLines(400_000), source.Options{Year: 2020})
}

// TestDayCache checks the UTC fast path of parser.ticks against
// time.Date, for every date of a leap and a common year (and impossible
// ones such as 31 November), times that overflow (second 60), and dates
// revisited out of order.
func TestDayCache(t *testing.T) {
	p := parser{loc: time.UTC}
	check := func(y, mo, d, h, mi, s, ns int) {
		t.Helper()
		want := column.TimeToTicks(time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC))
		if got := p.ticks(y, mo, d, h, mi, s, ns); got != want {
			t.Fatalf("%d-%d-%d %d:%d:%d.%09d: %d, want %d", y, mo, d, h, mi, s, ns, got, want)
		}
	}
	for _, y := range []int{1969, 1970, 2023, 2024} {
		for mo := 1; mo <= 12; mo++ {
			for d := 1; d <= 31; d++ {
				for _, h := range []int{0, 13, 23} {
					check(y, mo, d, h, 59, 60, 999_999_999)
					check(y, mo, d, h, 0, 0, 0)
					check(y, mo, 1+(d*7)%31, h, 30, 7, 123_456_700) // another date in between
				}
			}
		}
	}
	// Other zones bypass the cache.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	p = parser{loc: ny}
	for _, h := range []int{0, 1, 2, 3} {
		want := column.TimeToTicks(time.Date(2024, 3, 10, h, 30, 0, 0, ny))
		if got := p.ticks(2024, 3, 10, h, 30, 0, 0); got != want {
			t.Errorf("New York, %d:30 on the day DST starts: %d, want %d", h, got, want)
		}
	}
}

// BenchmarkReadFresh is BenchmarkRead with the heap returned to the
// operating system before every read (debug.FreeOSMemory, outside the
// timer), so that each read faults in fresh memory as a one-shot
// `quarry query` does; BenchmarkRead reuses the previous iterations'
// memory and hides that cost.
func BenchmarkReadFresh(b *testing.B) {
	in := sshdLines(400_000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	records := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		debug.FreeOSMemory()
		b.StartTimer()
		sink := source.NewSink(false)
		if err := (Family{}).Read(strings.NewReader(in), "bench", source.Options{Year: 2020}, sink); err != nil {
			b.Fatal(err)
		}
		records += sink.Records()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(records, 1)), "ns/record")
}
