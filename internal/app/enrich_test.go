package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/kql"
	"quarry/internal/rules"
	"quarry/internal/triage"
)

// scalar runs a query returning one long (null as 0).
func scalar(t *testing.T, in *load.Result, src string) int64 {
	t.Helper()
	prog, err := kql.CompileWith(src, in.Catalog, kql.Env{Functions: in.Functions})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	res, err := prog.Run(context.Background(), kql.Options{Now: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Batch.Len != 1 {
		t.Fatalf("%s: %d rows", src, res.Batch.Len)
	}
	return longOf(res.Batch.Cols[0].Value(0))
}

// TestEnrichDemo checks the charts of the demo's incidents against the
// data: the password spray's bins hold exactly the attempts of its source
// in the window, and a bulk export's volume covers every hour of the data
// with a baseline band.
func TestEnrichDemo(t *testing.T) {
	ctx := context.Background()
	cfg, err := demoConfig("small", 3)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, res, err := DemoHunt(ctx, cfg, dir, hunt.Options{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := runTriage(res, rs, nil, nil)
	var files []string
	for _, f := range readLabels(t, dir).Files {
		files = append(files, filepath.Join(dir, f.Name))
	}
	in, err := load.Paths(files, load.Options{Year: cfg.Start.Year()})
	if err != nil {
		t.Fatal(err)
	}
	enrichIncidents(ctx, in, tr, 2)

	var spray, export *triage.Incident
	for _, inc := range tr.Incidents {
		switch {
		case spray == nil && inc.Classifications[0] == "password_spray":
			spray = inc
		case export == nil && inc.Baseline != nil && inc.Baseline.ActiveHours > 0:
			export = inc
		}
		if inc.Timeline.Basis != triage.BasisEvents {
			t.Errorf("%s (%s): timeline basis %q, want events", inc.ID, inc.Title, inc.Timeline.Basis)
		}
	}
	if spray == nil || export == nil {
		t.Fatalf("no password-spray incident (%v) or no bulk export with a baseline (%v)", spray != nil, export != nil)
	}

	tl := spray.Timeline
	if n := len(tl.Bins); n < 24 || n > 72 {
		t.Errorf("%s: %d bins, want 24..72", spray.ID, n)
	}
	if len(spray.Sources) != 1 {
		t.Fatalf("%s: sources %v, want one", spray.ID, spray.Sources)
	}
	w := tl.Bins[1].Start.Sub(tl.Bins[0].Start)
	from, to := tl.Bins[0].Start, tl.Bins[len(tl.Bins)-1].Start.Add(w)
	if from.After(spray.Start) || to.Before(spray.End) {
		t.Errorf("%s: bins cover %s..%s, not the window %s..%s", spray.ID, from, to, spray.Start, spray.End)
	}
	var attempts, failures, successes int64
	for _, b := range tl.Bins {
		attempts += b.Attempts
		failures += b.Failures
		successes += b.Successes
	}
	want := scalar(t, in, fmt.Sprintf(`imAuthentication | where Src == %s and EventType == "Logon"
		| where TimeGenerated >= %s and TimeGenerated < %s | summarize sum(EventCount)`,
		kqlString(spray.Sources[0]), kqlTime(from), kqlTime(to)))
	if attempts != want || attempts == 0 {
		t.Errorf("%s: bins sum to %d attempts, the data has %d for %s in the window", spray.ID, attempts, want, spray.Sources[0])
	}
	if failures == 0 || successes == 0 || failures+successes > attempts {
		t.Errorf("%s: %d failures, %d successes of %d attempts", spray.ID, failures, successes, attempts)
	}
	t.Logf("%s: %d bins of %s, %d attempts, %d failures, %d successes", spray.ID, len(tl.Bins), tl.Bin, attempts, failures, successes)

	bl := export.Baseline
	first := time.Unix(0, scalar(t, in, `imDataTransfer | summarize tolong(min(TimeGenerated) - datetime(1970-01-01))`)*100).UTC().Truncate(time.Hour)
	last := time.Unix(0, scalar(t, in, `imDataTransfer | summarize tolong(max(TimeGenerated) - datetime(1970-01-01))`)*100).UTC().Truncate(time.Hour)
	if !bl.From.Equal(first) || !bl.To.Equal(last) {
		t.Errorf("%s: baseline range %s..%s, data %s..%s", export.ID, bl.From, bl.To, first, last)
	}
	vs := export.Volume
	if len(vs) != int(last.Sub(first)/time.Hour)+1 || !vs[0].Time.Equal(first) || !vs[len(vs)-1].Time.Equal(last) {
		t.Fatalf("%s: %d volume points %s..%s, want every hour %s..%s", export.ID, len(vs), vs[0].Time, vs[len(vs)-1].Time, first, last)
	}
	var total int64
	alerts := 0
	for i, v := range vs {
		if i > 0 && v.Time.Sub(vs[i-1].Time) != time.Hour {
			t.Fatalf("%s: volume point %d at %s is not an hour after %s", export.ID, i, v.Time, vs[i-1].Time)
		}
		if v.Low != bl.Median || v.High != bl.Upper {
			t.Fatalf("%s: point %d band %v..%v, want %v..%v", export.ID, i, v.Low, v.High, bl.Median, bl.Upper)
		}
		total += v.Bytes
		if v.Alert {
			alerts++
		}
	}
	wantBytes := scalar(t, in, "let a = "+kqlList(bl.Accounts)+"; imDataTransfer | where User in (a) | summarize sum(BytesReceived)")
	if total != wantBytes {
		t.Errorf("%s: volume sums to %d bytes, the data has %d", export.ID, total, wantBytes)
	}
	if alerts == 0 || bl.Median <= 0 || bl.Upper <= bl.Median || bl.MAD <= 0 {
		t.Errorf("%s: %d alert hours, band %+v", export.ID, alerts, bl)
	}
	t.Logf("%s: %d hours, band median %.0f upper %.0f over %d active hours, %d alert hours", export.ID, len(vs), bl.Median, bl.Upper, bl.ActiveHours, alerts)
}

// hostile is an account name an attacker chose: quotes of both kinds,
// backslashes, a KQL comment, a statement separator and markup.
const hostile = `eve"]); imAuthentication | take 1000 //\' \\"<script>alert('x')</script>\`

// TestEnrichHostileAccount runs the enrichment queries for an account whose
// name would break out of a naively quoted literal: the name stays one
// literal, so only its own events and transfers are counted.
func TestEnrichHostileAccount(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	var signins strings.Builder
	add := func(at time.Time, user, result string) {
		b, _ := json.Marshal(map[string]any{"TimeGenerated": at.Format(time.RFC3339), "OperationName": "Sign-in activity",
			"Category": "SignInLogs", "ResultType": result, "UserPrincipalName": user, "IPAddress": "203.0.113.5", "AppDisplayName": "My Apps"})
		signins.Write(append(b, '\n'))
	}
	for i := range 3 {
		add(t0.Add(time.Duration(i)*time.Minute), hostile, "50126")
	}
	add(t0.Add(4*time.Minute), hostile, "0")
	for i := range 5 { // a decoy: what an injected query would also count
		add(t0.Add(time.Duration(i)*time.Minute), "eve", "50126")
	}
	csvQuote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	transfers := "timestamp,user_id,bytes_transferred\n"
	for h := range 24 {
		at := t0.Add(time.Duration(h-12) * time.Hour).Format(time.RFC3339)
		transfers += fmt.Sprintf("%s,%s,%d\n%s,eve,999\n", at, csvQuote(hostile), 1000+h, at)
	}
	transfers += fmt.Sprintf("%s,%s,%d\n", t0.Add(11*time.Hour+5*time.Minute).Format(time.RFC3339), csvQuote(hostile), int64(5e9))
	for name, body := range map[string]string{"signins.ndjson": signins.String(), "transfers.csv": transfers} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := load.Paths([]string{filepath.Join(dir, "signins.ndjson"), filepath.Join(dir, "transfers.csv")}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	export := hunt.Alert{ID: "exp", RuleID: "r-exp", Severity: "High", Classification: triage.ClassBulkExport, Title: "export",
		Start: t0.Add(11 * time.Hour), End: t0.Add(11*time.Hour + 10*time.Minute),
		Entities: []hunt.Entity{{Type: "Account", Value: hostile}}, Details: map[string]any{"Bytes": 5e9}}
	ato := hunt.Alert{ID: "ato", RuleID: "r-ato", Severity: "High", Classification: triage.ClassTakeover, Title: "takeover",
		Start: t0, End: t0.Add(5 * time.Minute), Entities: []hunt.Entity{{Type: "Account", Value: hostile}},
		Details: map[string]any{"Successes": 1.0}}
	tr := triage.Build([]hunt.Alert{export, ato}, triage.Options{NoCorrelation: true})
	enrichIncidents(context.Background(), in, tr, 1)
	var sawTimeline, sawVolume bool
	for _, inc := range tr.Incidents {
		if inc.Baseline != nil {
			sawVolume = true
			var total int64
			for _, v := range inc.Volume {
				total += v.Bytes
			}
			if want := int64(24*1000 + 23*24/2 + 5e9); total != want || len(inc.Volume) != 24 {
				t.Errorf("%s: %d hours, %d bytes, want 24 hours, %d bytes (the decoy's not counted)", inc.ID, len(inc.Volume), total, want)
			}
			if inc.Baseline.ActiveHours != 23 || inc.Baseline.Median != 1011 {
				t.Errorf("%s: baseline %+v, want 23 active hours outside the alert hour, median 1011", inc.ID, inc.Baseline)
			}
		}
		if inc.Classifications[0] == triage.ClassTakeover {
			sawTimeline = true
			var a, f, s int64
			for _, b := range inc.Timeline.Bins {
				a, f, s = a+b.Attempts, f+b.Failures, s+b.Successes
			}
			if inc.Timeline.Basis != triage.BasisEvents || a != 4 || f != 3 || s != 1 {
				t.Errorf("%s: basis %s, %d attempts, %d failures, %d successes; want events, 4, 3, 1", inc.ID, inc.Timeline.Basis, a, f, s)
			}
		}
	}
	if !sawTimeline || !sawVolume {
		t.Errorf("takeover timeline seen %v, export volume seen %v", sawTimeline, sawVolume)
	}
}

// TestKQLStringRoundTrip checks that quoted strings come back unchanged.
func TestKQLStringRoundTrip(t *testing.T) {
	for _, s := range []string{"", hostile, "line\nbreak\r\ttab", "nul\x00bel\x07del\x7f", `\u0041 \n \`, "ünï©ødé 😀", "bad\xffutf8", `"`, `\`} {
		prog, err := kql.Compile("print v = "+kqlString(s)+", w = tostring("+kqlList([]string{s})+"[0])", nil)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		res, err := prog.Run(context.Background(), kql.Options{Now: time.Unix(0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got := res.Batch.Cols[0].Value(0).Text(); got != want {
			t.Errorf("literal %s reads as %q, want %q", kqlString(s), got, s)
		}
		if got := res.Batch.Cols[1].Value(0).Text(); got != want {
			t.Errorf("dynamic %s reads as %q, want %q", kqlList([]string{s}), got, s)
		}
	}
}

// TestEnrichAccountAliases checks that the chart of an incident scoped by
// accounts counts the events of a Windows account under both names the
// logs give it (CONTOSO\alice and alice), which triage lists once.
func TestEnrichAccountAliases(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	var signins strings.Builder
	add := func(at time.Time, user, result string) {
		b, _ := json.Marshal(map[string]any{"TimeGenerated": at.Format(time.RFC3339), "OperationName": "Sign-in activity",
			"Category": "SignInLogs", "ResultType": result, "UserPrincipalName": user, "IPAddress": "203.0.113.5", "AppDisplayName": "My Apps"})
		signins.Write(append(b, '\n'))
	}
	add(t0, `CONTOSO\alice`, "50126")
	add(t0.Add(time.Minute), `CONTOSO\alice`, "50126")
	add(t0.Add(2*time.Minute), "alice", "50126")
	add(t0.Add(3*time.Minute), "alice", "0")
	add(t0.Add(3*time.Minute), "bob", "50126") // another account: not counted
	path := filepath.Join(dir, "signins.ndjson")
	if err := os.WriteFile(path, []byte(signins.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := load.Paths([]string{path}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A brute force alert naming the account both ways (4625 and 4771 events).
	bf := hunt.Alert{ID: "bf", RuleID: "r-bf", Severity: "Medium", Classification: triage.ClassBruteForce, Title: "brute force",
		Start: t0, End: t0.Add(3 * time.Minute), Entities: []hunt.Entity{{Type: "Account", Value: `CONTOSO\alice`}, {Type: "Account", Value: "alice"}}}
	tr := triage.Build([]hunt.Alert{bf}, triage.Options{})
	if len(tr.Incidents) != 1 || strings.Join(tr.Incidents[0].Accounts, " ") != `contoso\alice` {
		t.Fatalf("want one incident naming contoso\\alice, got %d: %+v", len(tr.Incidents), tr.Incidents)
	}
	enrichIncidents(context.Background(), in, tr, 1)
	inc := tr.Incidents[0]
	var a, f, s int64
	for _, b := range inc.Timeline.Bins {
		a, f, s = a+b.Attempts, f+b.Failures, s+b.Successes
	}
	if inc.Timeline.Basis != triage.BasisEvents || a != 4 || f != 3 || s != 1 {
		t.Errorf("basis %s, %d attempts, %d failures, %d successes; want events, 4, 3, 1", inc.Timeline.Basis, a, f, s)
	}
}
