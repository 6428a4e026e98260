package report

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quarry/internal/hunt"
	"quarry/internal/triage"
)

// payload is a user name an attacker controls.
const payload = `<script>document.title='PWNED'</script><img src=x onerror="document.title='PWNED'">`

// hostileResult is a triage result whose log-derived strings carry markup:
// a takeover of an account named payload, and a bulk export.
func hostileResult() (*triage.Result, []hunt.Alert) {
	ato := hunt.Alert{ID: "ato-1", RuleID: "r-ato", Severity: "High", Classification: triage.ClassTakeover,
		Title: "Takeover of " + payload, Explanation: "success for " + payload, Start: t0, End: t0.Add(time.Minute),
		Entities: []hunt.Entity{{Type: "Account", Value: payload}, {Type: "IP", Value: "203.0.113.9"}},
		Details:  map[string]any{"Successes": 1.0, "UserAgent": payload}}
	spray := ipAlert("spray", "203.0.113.9")
	spray.Start = t0.Add(-time.Hour)
	spray.Details = map[string]any{"Failures": 120.0, "Accounts": []any{payload, "b@x"}}
	export := hunt.Alert{ID: "exp-1", RuleID: "r-exp", Severity: "Medium", Classification: triage.ClassBulkExport,
		Title: "export", Start: t0, End: t0.Add(time.Hour), Entities: []hunt.Entity{{Type: "Account", Value: "svc-x@y"}},
		Details: map[string]any{"TotalBytes": 9e9, "MedianBytes": 1e8, "MADBytes": 2e7}}
	alerts := []hunt.Alert{spray, ato, export}
	res := triage.Build(alerts, triage.Options{})
	enrichHostile(res)
	return res, alerts
}

// enrichHostile gives the result the charts computed from the logs (as
// internal/app does), with log-derived strings in their notes: event bins
// for the identity incident, an hourly volume with a band for the export.
func enrichHostile(res *triage.Result) {
	for _, inc := range res.Incidents {
		if inc.Counts.Bytes > 0 {
			bl := triage.NewBaseline([]float64{1e8, 1.2e8, 0.9e8, 1.1e8}, 3.5)
			bl.Accounts, bl.From, bl.To = []string{payload}, t0.Add(-47*time.Hour), t0
			for i := range 48 {
				p := triage.VolumePoint{Time: bl.From.Add(time.Duration(i) * time.Hour), Bytes: int64(1e8 + 1e6*float64(i%7)), Low: bl.Median, High: bl.Upper}
				if i%5 == 0 {
					p.Bytes = 0
				}
				if i == 47 {
					p.Bytes, p.Alert = 9e9, true
				}
				inc.Volume = append(inc.Volume, p)
			}
			inc.Baseline = &bl
			continue
		}
		from, w, n := triage.EventBins(inc.Start, inc.End)
		bins := make([]triage.Bin, n)
		for i := range bins {
			bins[i] = triage.Bin{Attempts: int64(10 + i%4), Failures: int64(9 + i%4)}
		}
		bins[n/2].Successes = 1
		inc.Timeline.SetEventBins(from, w, bins, "imAuthentication, account "+payload)
	}
}

func TestHTMLEscapesLogStrings(t *testing.T) {
	res, _ := hostileResult()
	html := renderTo(t, func(w *bufio.Writer) error { return WriteHTML(w, res, Blocklist(res)) })
	for _, bad := range []string{"<script", "<img", "onerror=\"", "http://", "https://"} {
		if strings.Contains(html, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;") {
		t.Error("payload not shown escaped")
	}
	for _, want := range []string{`id="INC-001"`, `id="INC-002"`, "<svg", "Hourly volume against the account", "Accounts to reset",
		"Counted from the logs", "baseline band: median 105 MB to median &#43; 3.5", `class="alert"`, "Hourly bytes of &lt;script&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

// chromium returns the path of a Chromium binary, or skips the test.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed (apt-get install -y chromium): skipping the browser check of report.html")
	return ""
}

// runChromium runs headless Chromium with a fresh profile.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.Command(bin, append(base, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	return out
}

func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	res, alerts := hostileResult()
	dir := t.TempDir()
	if err := WriteResponse(dir, res, alerts); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.Join(dir, FileHTML)
	dom := string(runChromium(t, bin, "--dump-dom", url))
	if strings.Contains(dom, "PWNED</title>") || strings.Contains(dom, "<title>PWNED") {
		t.Error("payload executed: the title changed")
	}
	if strings.Contains(dom, "<script") || strings.Contains(dom, "<img") {
		t.Error("payload parsed as markup")
	}
	for _, want := range []string{`id="INC-001"`, `id="INC-002"`, "<svg", "<rect", "&lt;script&gt;", "Noise reduction"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1100,2400", url)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("no screenshot: %v", err)
	}
}
