package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/triage"
	"quarry/internal/triage/triagetest"
)

var t0 = time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)

// ipAlert is a spray alert from the given sources.
func ipAlert(id string, ips ...string) hunt.Alert {
	a := hunt.Alert{ID: id, RuleID: "r-" + id, Severity: "Medium", Classification: triage.ClassSpray, Title: "spray " + id,
		Start: t0, End: t0.Add(time.Hour), Details: map[string]any{"Failures": 10.0}}
	for _, ip := range ips {
		a.Entities = append(a.Entities, hunt.Entity{Type: "IP", Value: ip})
	}
	return a
}

func renderTo(t *testing.T, write func(*bufio.Writer) error) string {
	t.Helper()
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	if err := write(w); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return b.String()
}

func TestBlocklistAggregatesOnlyFullRanges(t *testing.T) {
	var dense []string
	for i := 0; i < 40; i++ {
		dense = append(dense, "198.51.100."+itoa(i*3))
	}
	al, err := triage.ParseAllowlist([]byte("ips:\n  - value: 192.0.2.7\n    reason: partner\n"))
	if err != nil {
		t.Fatal(err)
	}
	alerts := []hunt.Alert{
		ipAlert("a", "203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.5", "10.1.2.3", "192.0.2.7"),
		ipAlert("b", dense...),
		ipAlert("c", "2001:db8::1"),
	}
	res := triage.Build(alerts, triage.Options{Allowlist: al})
	bl := Blocklist(res)
	text := renderTo(t, bl.WriteText)
	if !strings.HasPrefix(text, "198.51.100.0\n198.51.100.3\n") || !strings.Contains(text, "\n203.0.113.0/30\n203.0.113.5\n2001:db8::1\n") {
		t.Errorf("blocklist.txt:\n%s", text)
	}
	if strings.Contains(text, "10.1.2.3") || strings.Contains(text, "192.0.2.7") {
		t.Errorf("excluded address blocked:\n%s", text)
	}
	var ex []string
	for _, e := range bl.Excluded {
		ex = append(ex, e.IP+": "+e.Reason)
	}
	want := "10.1.2.3: not routable on the internet (private, loopback, link-local or multicast)"
	if got := strings.Join(ex, "\n"); got != want {
		t.Errorf("excluded\n%s", got)
	}
	if got := strings.Join(res.Stripped, "\n"); got != "a: IP 192.0.2.7 allowlisted: ips: 192.0.2.7 (partner)" {
		t.Errorf("stripped %q", got)
	}
	if got := strings.Join(bl.Notes, "\n"); got != "198.51.100.0/24: 40 of 256 addresses seen attacking; not aggregated (216 were not seen)" {
		t.Errorf("notes %q", got)
	}
	ipset := renderTo(t, func(w *bufio.Writer) error { return bl.WriteIPSet(w, "qb") })
	if !strings.Contains(ipset, "add qb 203.0.113.0/30 -exist\n") || !strings.Contains(ipset, "add qb6 2001:db8::1 -exist\n") {
		t.Errorf("ipset:\n%s", ipset)
	}
	nginx := renderTo(t, bl.WriteNginx)
	if !strings.Contains(nginx, "deny 203.0.113.0/30; # INC-") {
		t.Errorf("nginx:\n%s", nginx)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// demoAllowlist allowlists the demo's known-good sources, as an
// organisation lists its own egress addresses, monitors and crawlers.
func demoAllowlist(t *testing.T, lb *demo.Labels) *triage.Allowlist {
	var b strings.Builder
	b.WriteString("ips:\n")
	for _, s := range lb.BenignSources {
		b.WriteString("  - value: " + s.IP + "\n    reason: \"" + s.Kind + ": " + strings.ReplaceAll(s.Name, `"`, "") + "\"\n")
	}
	al, err := triage.ParseAllowlist([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return al
}

func TestDemoResponse(t *testing.T) {
	lb, err := demo.Generate(demo.DefaultConfig(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	alerts := triagetest.DemoAlerts(lb)
	res := triage.Build(alerts, triage.Options{Allowlist: demoAllowlist(t, lb)})
	if p := triagetest.CheckCampaigns(lb, res); len(p) > 0 {
		t.Errorf("campaigns: %v", p)
	}
	dir := t.TempDir()
	if err := WriteResponse(dir, res, alerts); err != nil {
		t.Fatal(err)
	}
	blocked := readLines(t, filepath.Join(dir, FileBlocklist))
	for _, s := range lb.BenignSources {
		if blocked[s.IP] {
			t.Errorf("benign %s (%s) blocked", s.IP, s.Kind)
		}
	}
	missing := 0
	for _, c := range lb.Campaigns {
		for _, s := range c.Sources {
			if !blocked[s] {
				missing++
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d campaign sources not blocked", missing)
	}
	if got, want := csvColumn(t, filepath.Join(dir, FileReset), 0), strings.Join(triagetest.CompromisedInLogs(lb), ","); got != want {
		t.Errorf("reset.csv\n got %s\nwant %s", got, want)
	}
	for _, f := range []string{FileIncidents, FileAlerts, FileNginx, FileIPSet, FileWAF, FileNotify, FileHTML} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty", f)
		}
	}
	t.Log(res.Reduction())
}

func readLines(t *testing.T, path string) map[string]bool {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		m[l] = true
	}
	return m
}

// csvColumn returns column i of a CSV file (without the header), sorted
// and joined with commas.
func csvColumn(t *testing.T, path string, i int) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
