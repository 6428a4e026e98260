package demo

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// generated holds one default-config folder shared by the tests.
var generated struct {
	once   sync.Once
	dir    string
	labels *Labels
	err    error
}

func defaultFolder(t *testing.T) (string, *Labels) {
	t.Helper()
	generated.once.Do(func() {
		generated.dir, generated.err = os.MkdirTemp("", "quarry-demo-")
		if generated.err == nil {
			generated.labels, generated.err = Generate(DefaultConfig(), generated.dir)
		}
	})
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	return generated.dir, generated.labels
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

func hashFolder(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(&sb, "%s %s\n", n, hex.EncodeToString(sum[:]))
	}
	return sb.String()
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Seed: 7, Employees: 300, Scale: 0.3}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Generate(cfg, dir); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Seed = 8
	if _, err := Generate(cfg, c); err != nil {
		t.Fatal(err)
	}
	ha, hb, hc := hashFolder(t, a), hashFolder(t, b), hashFolder(t, c)
	if ha != hb {
		t.Fatalf("same config, different output:\n%s\n%s", ha, hb)
	}
	if ha == hc {
		t.Fatal("different seeds, identical output")
	}
}

func TestDeterministicStreams(t *testing.T) {
	cfg := Config{Employees: 250}
	for name, write := range map[string]func(io.Writer) error{
		"signins":   func(w io.Writer) error { return WriteSignins(w, cfg, 500) },
		"transfers": func(w io.Writer) error { return WriteTransfers(w, cfg, 500) },
	} {
		var x, y bytes.Buffer
		if err := write(&x); err != nil {
			t.Fatal(err)
		}
		if err := write(&y); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Errorf("%s: not deterministic", name)
		}
	}
}

func TestConfigLimits(t *testing.T) {
	for _, cfg := range []Config{
		{Days: 3},
		{Employees: 50},
		{Scale: -1},
		{Start: time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)},
	} {
		if _, err := Generate(cfg, t.TempDir()); err == nil {
			t.Errorf("%+v: want an error", cfg)
		}
	}
}

// signinRow is the part of a SigninLogs record the tests check.
type signinRow struct {
	TimeGenerated     string
	ResultType        string
	UserPrincipalName string
	IPAddress         string
	Location          string
	IsInteractive     bool
	Type              string
	Category          string
	LocationDetails   struct{ CountryOrRegion string }
	Status            struct{ ErrorCode int }
}

func readSignins(t *testing.T, r io.Reader, each func(line []byte, s signinRow)) int {
	t.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var s signinRow
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if _, err := time.Parse(time.RFC3339Nano, s.TimeGenerated); err != nil || !strings.HasSuffix(s.TimeGenerated, "Z") {
			t.Fatalf("line %d: TimeGenerated %q: %v", n, s.TimeGenerated, err)
		}
		if s.ResultType != strconv.Itoa(s.Status.ErrorCode) || s.Type != "SigninLogs" || s.Category != "SignInLogs" || !s.IsInteractive || s.Location != s.LocationDetails.CountryOrRegion {
			t.Fatalf("line %d: inconsistent record %+v", n, s)
		}
		each(sc.Bytes(), s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriteSigninsShape(t *testing.T) {
	var buf bytes.Buffer
	const n = 3000
	if err := WriteSignins(&buf, Config{Employees: 400}, n); err != nil {
		t.Fatal(err)
	}
	var last time.Time
	codes := map[string]int{}
	got := readSignins(t, &buf, func(line []byte, s signinRow) {
		if len(line) < 1536 || len(line) > 3072 {
			t.Fatalf("record of %d bytes, want 1.5-3 KB: %s", len(line), line)
		}
		at, _ := time.Parse(time.RFC3339Nano, s.TimeGenerated)
		if at.Before(last) {
			t.Fatalf("records out of order at %s", s.TimeGenerated)
		}
		last = at
		codes[s.ResultType]++
		var m map[string]any
		json.Unmarshal(line, &m)
		for _, k := range []string{"DeviceDetail", "LocationDetails", "Status", "MfaDetail"} {
			if _, ok := m[k].(map[string]any); !ok {
				t.Fatalf("%s is not an object", k)
			}
		}
		if _, ok := m["AuthenticationDetails"].(string); !ok {
			t.Fatal("AuthenticationDetails is not a string")
		}
	})
	if got != n {
		t.Fatalf("wrote %d records, want %d", got, n)
	}
	for _, c := range []string{"0", "50126", "50074"} {
		if codes[c] == 0 {
			t.Errorf("no ResultType %s in %v", c, codes)
		}
	}
}

func TestWriteTransfersShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTransfers(&buf, Config{}, 20000); err != nil {
		t.Fatal(err)
	}
	if rows := readTransfers(t, &buf); len(rows) != 20000 {
		t.Fatalf("got %d rows", len(rows))
	}
}

type transferRow struct {
	at    time.Time
	user  string
	bytes int64
}

func readTransfers(t *testing.T, r io.Reader) []transferRow {
	t.Helper()
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "timestamp,user_id,bytes_transferred" {
		t.Fatalf("header %v", recs[0])
	}
	var out []transferRow
	for i, rec := range recs[1:] {
		at, err1 := time.Parse(time.RFC3339, rec[0])
		n, err2 := strconv.ParseInt(rec[2], 10, 64)
		if err1 != nil || err2 != nil || n <= 0 || rec[1] == "" {
			t.Fatalf("row %d: %v", i+2, rec)
		}
		out = append(out, transferRow{at, rec[1], n})
	}
	return out
}

// evidence is what the files show: every address seen, and the successful
// logins per (file, address, account).
type evidence struct {
	ips       map[string]map[string]bool // file -> address -> seen
	successes map[string]bool            // file|address|account|time (to the second)
	perIP     map[string]int             // signin attempts per address
}

func (e *evidence) saw(file, ip string) {
	if e.ips[file] == nil {
		e.ips[file] = map[string]bool{}
	}
	e.ips[file][ip] = true
}

func successKey(file, ip, account string, at time.Time) string {
	return file + "|" + ip + "|" + account + "|" + at.UTC().Format(time.DateTime)
}

var (
	sshRE      = regexp.MustCompile(`^(\w{3} [ \d]\d \d\d:\d\d:\d\d) (\S+) sshd\[(\d+)\]: (.*)$`)
	ipRE       = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	acceptedRE = regexp.MustCompile(`^Accepted (?:password|publickey) for (\S+) from (\S+) port`)
	webRE      = regexp.MustCompile(`^(\S+) - - \[([^\]]+)\] "(\S+) (\S+) HTTP/1\.1" (\d{3}) (\d+) "[^"]*" "[^"]*"$`)
)

func collect(t *testing.T, dir string, lb *Labels) *evidence {
	t.Helper()
	e := &evidence{ips: map[string]map[string]bool{}, successes: map[string]bool{}, perIP: map[string]int{}}
	f, err := os.Open(filepath.Join(dir, fileSignins))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	readSignins(t, f, func(_ []byte, s signinRow) {
		e.saw(fileSignins, s.IPAddress)
		e.perIP[s.IPAddress]++
		if s.ResultType == "0" {
			at, _ := time.Parse(time.RFC3339Nano, s.TimeGenerated)
			e.successes[successKey(fileSignins, s.IPAddress, s.UserPrincipalName, at)] = true
		}
	})
	e.readAuth(t, dir, lb.Start.Year())
	e.readAccess(t, dir)
	return e
}

func (e *evidence) readAuth(t *testing.T, dir string, year int) {
	lines := readLines(t, filepath.Join(dir, fileAuth))
	for i, l := range lines {
		m := sshRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("auth.log line %d: %q", i+1, l)
		}
		at, err := time.Parse(time.Stamp, m[1])
		if err != nil {
			t.Fatalf("auth.log line %d: %v", i+1, err)
		}
		at = at.AddDate(year, 0, 0)
		for _, ip := range ipRE.FindAllString(m[4], -1) {
			e.saw(fileAuth, ip)
		}
		if a := acceptedRE.FindStringSubmatch(m[4]); a != nil {
			e.successes[successKey(fileAuth, a[2], a[1], at)] = true
		}
	}
}

func (e *evidence) readAccess(t *testing.T, dir string) {
	lines := readLines(t, filepath.Join(dir, fileAccess))
	for i, l := range lines {
		m := webRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("access.log line %d: %q", i+1, l)
		}
		at, err := time.Parse("02/Jan/2006:15:04:05 -0700", m[2])
		if err != nil {
			t.Fatalf("access.log line %d: %v", i+1, err)
		}
		e.saw(fileAccess, m[1])
		if m[3] == "POST" && m[4] == loginPath && m[5] == "200" {
			e.successes[successKey(fileAccess, m[1], "", at)] = true
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestLabelsMatchFiles(t *testing.T) {
	dir, lb := defaultFolder(t)
	e := collect(t, dir, lb)
	benign := map[string]bool{}
	for _, s := range lb.BenignSources {
		benign[s.IP] = true
		seen := false
		for _, f := range s.Files {
			seen = seen || e.ips[f][s.IP]
		}
		if !seen {
			t.Errorf("benign source %s (%s) appears in none of %v", s.IP, s.Name, s.Files)
		}
	}
	noise := map[string]bool{}
	for _, ip := range lb.NoiseSources {
		noise[ip] = true
		if benign[ip] {
			t.Errorf("noise source %s is also benign", ip)
		}
	}
	for _, c := range lb.Campaigns {
		checkCampaign(t, c, e, benign, noise, lb)
	}
}

func checkCampaign(t *testing.T, c Campaign, e *evidence, benign, noise map[string]bool, lb *Labels) {
	t.Helper()
	if c.Start.Before(lb.Start) || !c.End.Before(lb.End) || c.End.Before(c.Start) || len(c.TargetedAccounts) == 0 || c.Attempts == 0 {
		t.Errorf("%s: bad window or counts: %+v", c.ID, c)
	}
	for _, ip := range c.Sources {
		if benign[ip] || noise[ip] {
			t.Errorf("%s: source %s is also benign or noise", c.ID, ip)
		}
		seen := false
		for _, f := range c.Files {
			seen = seen || e.ips[f][ip]
		}
		if !seen {
			t.Errorf("%s: source %s appears in none of %v", c.ID, ip, c.Files)
		}
	}
	won := map[string]bool{}
	for _, s := range c.Successes {
		account := s.Account
		if s.File == fileAccess {
			account = ""
		}
		if !e.successes[successKey(s.File, s.Source, account, s.Time)] || !slices.Contains(c.Sources, s.Source) {
			t.Errorf("%s: success %+v not found in %s", c.ID, s, s.File)
		}
		won[s.Account] = true
	}
	for _, a := range c.CompromisedAccounts {
		if !won[a] {
			t.Errorf("%s: compromised %s has no attacker success", c.ID, a)
		}
	}
}

func TestCampaignShapes(t *testing.T) {
	dir, lb := defaultFolder(t)
	e := collect(t, dir, lb)
	kinds := map[string]int{}
	for _, c := range lb.Campaigns {
		kinds[c.Kind]++
		switch c.Kind {
		case KindDistributedStuffing:
			if len(c.Sources) < 300 || len(c.Sources) > 600 {
				t.Errorf("%s: %d sources, want 300-600", c.ID, len(c.Sources))
			}
			if c.Files[0] == fileSignins {
				for _, ip := range c.Sources {
					if n := e.perIP[ip]; n < 1 || n > 3 {
						t.Errorf("%s: %s made %d attempts, want 1-3", c.ID, ip, n)
					}
				}
			}
		case KindPasswordSpray, KindCredentialStuffing, KindBruteForce:
			if len(c.Sources) != 1 {
				t.Errorf("%s: %d sources, want 1", c.ID, len(c.Sources))
			}
		}
	}
	want := map[string]int{KindPasswordSpray: 1, KindCredentialStuffing: 3, KindDistributedStuffing: 2, KindBruteForce: 2, KindBulkExport: 2}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("campaign kinds %v, want %v", kinds, want)
	}
}

func TestLabelsFileAndStats(t *testing.T) {
	dir, lb := defaultFolder(t)
	b, err := os.ReadFile(filepath.Join(dir, fileLabels))
	if err != nil {
		t.Fatal(err)
	}
	var back Labels
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Campaigns) != len(lb.Campaigns) || back.TenantID != lb.TenantID {
		t.Fatal("labels.json differs from the returned labels")
	}
	for _, f := range lb.Files {
		st, err := os.Stat(filepath.Join(dir, f.Name))
		if err != nil || st.Size() != f.Bytes || f.Records == 0 {
			t.Errorf("%s: stats %+v, file %v %v", f.Name, f, st, err)
		}
	}
}

// hourly sums transfers per account and hour.
func hourly(rows []transferRow) map[string]map[time.Time]float64 {
	out := map[string]map[time.Time]float64{}
	for _, r := range rows {
		if out[r.user] == nil {
			out[r.user] = map[time.Time]float64{}
		}
		out[r.user][r.at.Truncate(time.Hour)] += float64(r.bytes)
	}
	return out
}

// TestExportBaselines checks the property the bulk-export detections are
// built on: a global z-score drowns in ETL hours and misses the insider, a
// per-account median/MAD baseline does the opposite.
func TestExportBaselines(t *testing.T) {
	dir, lb := defaultFolder(t)
	f, err := os.Open(filepath.Join(dir, fileTransfer))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := hourly(readTransfers(t, f))
	insider := lb.Campaigns[slices.IndexFunc(lb.Campaigns, func(c Campaign) bool { return strings.HasPrefix(c.ID, "C09") })].TargetedAccounts[0]
	var all []float64
	for _, m := range h {
		for _, v := range m {
			all = append(all, v)
		}
	}
	mean, sd := meanSD(all)
	globalFlags := map[string]int{}
	for user, m := range h {
		for _, v := range m {
			if (v-mean)/sd > 3 {
				globalFlags[user]++
			}
		}
	}
	etl := 0
	for user, n := range globalFlags {
		if strings.HasPrefix(user, "svc-etl-") {
			etl += n
		}
	}
	if etl < 100 || globalFlags[insider] != 0 {
		t.Errorf("global z-score: %d ETL hours flagged (want >= 100), insider flagged %d times (want 0)", etl, globalFlags[insider])
	}
	for user, m := range h {
		flagged := robustFlags(m)
		switch {
		case user == insider && flagged < 4:
			t.Errorf("per-account baseline flags %d insider hours, want 4", flagged)
		case strings.HasPrefix(user, "svc-etl-") && flagged > 0:
			t.Errorf("per-account baseline flags %s %d times", user, flagged)
		}
	}
}

func meanSD(xs []float64) (float64, float64) {
	var s, ss float64
	for _, x := range xs {
		s += x
	}
	mean := s / float64(len(xs))
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)))
}

// robustFlags counts hours with a modified z-score above 3.5 (MAD floored at
// 10% of the median).
func robustFlags(m map[time.Time]float64) int {
	var xs []float64
	for _, v := range m {
		xs = append(xs, v)
	}
	med := median(xs)
	var dev []float64
	for _, x := range xs {
		dev = append(dev, math.Abs(x-med))
	}
	mad := max(median(dev), 0.1*med)
	n := 0
	for _, x := range xs {
		if 0.6745*(x-med)/mad > 3.5 {
			n++
		}
	}
	return n
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func BenchmarkWriteSignins(b *testing.B) {
	cfg := DefaultConfig()
	const n = 10000
	var cw countWriter
	cw.w = io.Discard
	if err := WriteSignins(&cw, cfg, n); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(cw.n)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := WriteSignins(io.Discard, cfg, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendSignin(b *testing.B) {
	w := newWorld(DefaultConfig())
	rows := w.signinDay(newRand(1, "bench"), 0, nil)
	var buf, scratch []byte
	b.ReportAllocs()
	b.ResetTimer()
	total := 0
	for i := range b.N {
		buf, scratch = rows[i%len(rows)].appendJSON(buf[:0], scratch, w.tenant)
		total += len(buf)
	}
	b.SetBytes(int64(total / max(b.N, 1)))
}

func BenchmarkGenerate(b *testing.B) {
	cfg := Config{Employees: 500, Scale: 0.25}
	b.ReportAllocs()
	for range b.N {
		if _, err := Generate(cfg, b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}
