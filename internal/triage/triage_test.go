package triage

import (
	"strings"
	"testing"
	"time"

	"quarry/internal/hunt"
	"quarry/internal/rules"
)

func TestDedupWidensWindowAndSumsCounts(t *testing.T) {
	as := []hunt.Alert{
		alert("a1", "spray", ClassSpray, 0, 60, []string{"IP:1.2.3.4"}, map[string]any{"FailedCount": 10.0, "Users": []any{"a", "b"}}),
		alert("a2", "spray", ClassSpray, 50, 120, []string{"IP:1.2.3.4"}, map[string]any{"FailedCount": 5.0, "Users": []any{"b", "c"}}),
		alert("a3", "spray", ClassSpray, 600, 660, []string{"IP:1.2.3.4"}, map[string]any{"FailedCount": 1.0}),
		alert("b1", "spray", ClassSpray, 0, 60, []string{"IP:5.6.7.8"}, map[string]any{"FailedCount": 2.0}),
	}
	its := dedup(as, func(string) time.Duration { return 0 }, time.Hour)
	var got []string
	for _, it := range its {
		a := it.alert
		got = append(got, a.ID+" "+a.Start.Format("15:04")+"-"+a.End.Format("15:04")+" "+fmtAny(a.Details["FailedCount"])+" "+fmtAny(a.Details["Users"])+" merged="+itoa(int64(len(it.raw))))
	}
	want := "a1 02:00-04:00 15 [a b c] merged=2\nb1 02:00-03:00 2  merged=1\na3 12:00-13:00 1  merged=1"
	if s := strings.Join(got, "\n"); s != want {
		t.Errorf("got\n%s\nwant\n%s", s, want)
	}
}

// campaign returns the alerts of a spray from one address with a
// takeover, a distributed campaign with per-source alerts it explains,
// and an unrelated brute force.
func campaign() []hunt.Alert {
	return []hunt.Alert{
		alert("spray", "r-spray", ClassSpray, 0, 40, []string{"IP:188.166.54.22"}, map[string]any{"Failures": 241.0, "DistinctAccounts": 150.0}),
		alert("seed", "r-seed", ClassStuffing, 10, 15, []string{"IP:188.166.54.22", "Account:m@x"}, map[string]any{"FailedCount": 6.0}),
		alert("ato", "r-ato", ClassTakeover, 240, 250, []string{"IP:188.166.54.22", "Account:M@x"}, map[string]any{"Successes": 1.0}),
		alert("dist", "r-dist", ClassDistributed, 1000, 4000, []string{"CloudApplication:Office"},
			map[string]any{"Sources": []any{"1.0.0.1", "1.0.0.2", "1.0.0.3", "1.0.0.4", "1.0.0.5", "1.0.0.6"}, "Failures": 900.0, "Accounts": 800.0}),
		alert("acct", "r-acct", ClassDistributed, 2000, 2100, []string{"Account:z@x", "IP:1.0.0.2", "IP:1.0.0.3"}, map[string]any{"Failures": 4.0}),
		alert("ato2", "r-ato", ClassTakeover, 3000, 3001, []string{"IP:1.0.0.5", "Account:y@x"}, map[string]any{"Successes": 1.0}),
		alert("bf", "r-bf", ClassBruteForce, 5000, 5060, []string{"IP:45.32.12.157", "Account:root"}, map[string]any{"Failures": 600.0}),
	}
}

func TestGroupingAcrossRulesAndInhibition(t *testing.T) {
	r := Build(campaign(), Options{})
	want := `INC-001 High score=273 Distributed credential stuffing from 6 sources against 800 accounts; 1 account compromised: dist ato2 [acct<dist]
INC-002 High score=256 Password spray from 188.166.54.22 against 150 accounts; 1 account compromised: spray seed ato
INC-003 Medium score=38 Brute force from 45.32.12.157 against root: bf
`
	if got := summary(r); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := r.Reduction(); got != "7 alerts -> 7 after dedup -> 3 incidents (57.1% fewer)" {
		t.Error(got)
	}
}

func TestTakeoverOutranksAnyFailures(t *testing.T) {
	huge := alert("huge", "r", ClassDistributed, 0, 600, []string{"CloudApplication:x"}, map[string]any{"Failures": 1e9, "Accounts": 1e7, "Sources": 1e6})
	huge.Severity = "High"
	tiny := alert("tiny", "r2", ClassTakeover, 0, 1, []string{"Account:a@x", "IP:9.9.9.9"}, nil)
	tiny.Severity = "Informational"
	priv := &Watchlists{}
	w, err := ParseWatchlist("privileged-accounts", []byte("UPN\nadmin@x\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	priv.Lists = append(priv.Lists, w)
	huge.Entities = append(huge.Entities, hunt.Entity{Type: "Account", Value: "admin@x"})
	r := Build([]hunt.Alert{huge, tiny}, Options{Watchlists: priv})
	if r.Incidents[0].Alerts[0].ID != "tiny" {
		t.Fatalf("takeover not first:\n%s", summary(r))
	}
	got := strings.Join(r.Incidents[1].Reasons, "\n")
	want := "+40 1000000000 failed sign-ins\n+30 10000000 accounts targeted\n+25 privileged account admin@x (watchlist privileged-accounts)\n+20 highest alert severity High\n+15 1000000 attacking sources"
	if got != want {
		t.Errorf("reasons\n%s\nwant\n%s", got, want)
	}
	if n := r.Incidents[1].Alerts[0].Notes; len(n) != 1 || n[0] != "admin@x is in watchlist privileged-accounts (privileged account)" {
		t.Errorf("notes %q", n)
	}
}

func TestRuleIncidentConfiguration(t *testing.T) {
	rs := map[string]*rules.Rule{
		"any": {ID: "any", IncidentConfiguration: &rules.IncidentConfiguration{CreateIncident: true,
			GroupingConfiguration: &rules.GroupingConfiguration{Enabled: true, MatchingMethod: "AnyAlert", LookbackDuration: rules.Duration(5 * time.Hour)}}},
		"sel": {ID: "sel", IncidentConfiguration: &rules.IncidentConfiguration{CreateIncident: true,
			GroupingConfiguration: &rules.GroupingConfiguration{Enabled: true, MatchingMethod: "Selected", GroupByEntities: []string{"Account"}}}},
		"off": {ID: "off", IncidentConfiguration: &rules.IncidentConfiguration{CreateIncident: false}},
		"sup": {ID: "sup", SuppressionEnabled: true, SuppressionDuration: rules.Duration(2 * time.Hour)},
	}
	as := []hunt.Alert{
		alert("any1", "any", ClassBulkExport, 0, 60, []string{"Account:a@x"}, nil),
		alert("any2", "any", ClassBulkExport, 120, 180, []string{"Account:b@x"}, nil),
		alert("any3", "any", ClassBulkExport, 900, 960, []string{"Account:c@x"}, nil),
		alert("sel1", "sel", ClassBruteForce, 0, 60, []string{"Account:root", "Host:h1"}, nil),
		alert("sel2", "sel", ClassBruteForce, 300, 360, []string{"Account:ROOT", "Host:h2"}, nil),
		alert("off1", "off", ClassBruteForce, 0, 60, []string{"Account:q"}, nil),
		alert("sup1", "sup", "", 0, 10, []string{"Host:a"}, nil),
		alert("sup2", "sup", "", 60, 70, []string{"Host:b"}, nil),
		alert("sup3", "sup", "", 200, 210, []string{"Host:c"}, nil),
	}
	r := Build(as, Options{Rules: rs, NoCorrelation: true})
	want := `INC-001 Medium score=70 Bulk export against 2 accounts: any1 any2
INC-002 Medium score=70 Bulk export by c@x: any3
INC-003 Medium score=10 Brute force against root: sel1 sel2
INC-004 Medium score=10 Alert: sup1
INC-005 Medium score=10 Alert: sup3
suppressed sup2: rule sup suppression: 2h after the alert at 2026-11-03T02:00:00Z
no incident off1: rule off has createIncident: false
`
	if got := summary(r); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

const testAllowlist = `
ips:
  - value: 188.166.54.0/24
    reason: pen-test range
  - value: 1.0.0.2
    reason: partner
  - value: 45.32.12.157
    reason: old entry
    expires: 2026-11-01
accounts:
  - value: Y@x
    reason: test account
exceptions:
  - rule: r-bf
    account: root
    reason: lab box
    expires: 2026-11-01T00:00:00Z
suppressions:
  - rule: r-dist
    from: 2026-11-03T00:00:00Z
    until: 2026-11-04T00:00:00Z
    reason: load test
`

func TestAllowlistAndExpiry(t *testing.T) {
	al, err := ParseAllowlist([]byte(testAllowlist))
	if err != nil {
		t.Fatal(err)
	}
	r := Build(campaign(), Options{Allowlist: al, Now: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)})
	want := `INC-001 Medium score=38 Brute force from 45.32.12.157 against root: bf
INC-002 Medium score=17 Distributed credential stuffing from 1.0.0.3 against z@x: acct
allowlisted spray: every source allowlisted: ips: 188.166.54.0/24 (pen-test range)
allowlisted seed: every source allowlisted: ips: 188.166.54.0/24 (pen-test range)
allowlisted ato: every source allowlisted: ips: 188.166.54.0/24 (pen-test range)
allowlisted ato2: every account allowlisted: accounts: Y@x (test account)
suppressed dist: suppression window suppressions: rule r-dist (load test)
expired ips: 45.32.12.157 (old entry)
expired exceptions: rule r-bf on root (lab box)
`
	if got := summary(r); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := strings.Join(r.Stripped, "\n"); got != "dist: IP 1.0.0.2 allowlisted: ips: 1.0.0.2 (partner)\nacct: IP 1.0.0.2 allowlisted: ips: 1.0.0.2 (partner)" {
		t.Errorf("stripped %q", got)
	}
}

func TestAllowlistErrors(t *testing.T) {
	_, err := ParseAllowlist([]byte("ips:\n  - value: 1.2.3\n    reason: x\n  - value: 10.0.0.0/8\nsuppressions:\n  - rule: r\n    duration: soon\n    reason: y\n"))
	want := `invalid allowlist:
  ips[0]: invalid address "1.2.3"
  ips[10.0.0.0/8]: a reason is required
  suppressions[0]: invalid duration "soon" (want e.g. 30m, 6h, 2d)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
	if _, err := ParseAllowlist([]byte("ipz: []\n")); err == nil {
		t.Error("unknown key accepted")
	}
}

// TestOneNamePerWindowsAccount checks that an incident names a Windows
// account once when its alerts write it as CONTOSO\alice and as alice
// (4625 and 4771 do), also among the compromised accounts, and that a name
// qualified by two domains or given as a UPN is not merged.
func TestOneNamePerWindowsAccount(t *testing.T) {
	spray := alert("spray", "quarry-password-spray", ClassSpray, 0, 30,
		[]string{`IP:10.0.0.5`, `Account:CONTOSO\alice`, `Account:bob`, `Account:carol@contoso.com`, `Account:X\dave`, `Account:Y\dave`, `Account:dave`}, nil)
	ato := alert("ato", "quarry-account-takeover", ClassTakeover, 20, 40, []string{`IP:10.0.0.5`, `Account:alice`}, nil)
	r := Build([]hunt.Alert{spray, ato}, Options{})
	if len(r.Incidents) != 1 {
		t.Fatalf("%d incidents:\n%s", len(r.Incidents), summary(r))
	}
	inc := r.Incidents[0]
	want := `bob carol@contoso.com contoso\alice dave x\dave y\dave`
	if got := strings.Join(inc.Accounts, " "); got != want {
		t.Errorf("accounts %q, want %q", got, want)
	}
	if got := strings.Join(inc.AccountAliases, " "); got != "alice" {
		t.Errorf("aliases %q, want alice", got)
	}
	if len(inc.Compromised) != 1 || inc.Compromised[0].Account != `contoso\alice` {
		t.Errorf("compromised %+v, want contoso\\alice once", inc.Compromised)
	}
}
