package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the CLI with args and stdin, returning exit code, stdout and
// stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const seedQuery = `SigninLogs
| where ResultType in ("50126", "50053", "50055", "50056") // Invalid username/password, account locked, etc.
| summarize FailedCount = count() by IPAddress, UserPrincipalName, bin(TimeGenerated, 5m)
| where FailedCount > 5 // Threshold for suspicious activity
| project IPAddress, UserPrincipalName, FailedCount, TimeGenerated
| order by FailedCount desc
`

// signinExport writes a small SigninLogs NDJSON export: 7 failures of bob
// from one IP within 5 minutes, 6 of carol in another bin, 3 of dave, and
// successes that must not count. ResultType is a string, as Log Analytics
// exports it.
func signinExport(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	add := func(ts, ip, upn, rt string) {
		b.WriteString(`{"TimeGenerated":"` + ts + `","IPAddress":"` + ip + `","UserPrincipalName":"` + upn + `","ResultType":"` + rt + `","Type":"SigninLogs"}` + "\n")
	}
	for i := 0; i < 7; i++ {
		add("2026-11-02T10:0"+string(rune('0'+i/2))+":1"+string(rune('0'+i))+"Z", "203.0.113.9", "bob@contoso.eu", "50126")
	}
	for i := 0; i < 6; i++ {
		add("2026-11-02T11:1"+string(rune('0'+i%4))+":00Z", "198.51.100.7", "carol@contoso.eu", "50053")
	}
	for i := 0; i < 3; i++ {
		add("2026-11-02T12:00:0"+string(rune('0'+i))+"Z", "198.51.100.8", "dave@contoso.eu", "50126")
	}
	for i := 0; i < 9; i++ {
		add("2026-11-02T10:01:00Z", "203.0.113.9", "bob@contoso.eu", "0")
	}
	p := filepath.Join(t.TempDir(), "signins.json")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSeedQueryCSV(t *testing.T) {
	data := signinExport(t)
	q := filepath.Join(t.TempDir(), "seed.kql")
	os.WriteFile(q, []byte(seedQuery), 0o644)
	code, out, errs := runCLI(t, "", "query", "--table", "SigninLogs="+data, "--format", "csv", "-f", q)
	want := "IPAddress,UserPrincipalName,FailedCount,TimeGenerated\n" +
		"203.0.113.9,bob@contoso.eu,7,2026-11-02T10:00:00Z\n" +
		"198.51.100.7,carol@contoso.eu,6,2026-11-02T11:10:00Z\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stderr %q\nstdout:\n%s\nwant:\n%s", code, errs, out, want)
	}
}

func TestQueryFromStdinNDJSON(t *testing.T) {
	data := signinExport(t)
	code, out, _ := runCLI(t, "SigninLogs | summarize n = count() by ResultType | order by ResultType asc",
		"query", "-t", "SigninLogs="+data, "--format", "ndjson", "-f", "-")
	want := `{"ResultType":"0","n":9}` + "\n" + `{"ResultType":"50053","n":6}` + "\n" + `{"ResultType":"50126","n":10}` + "\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, got:\n%s\nwant:\n%s", code, out, want)
	}
}

func TestQueryErrorIsPositionedWithSuggestion(t *testing.T) {
	data := signinExport(t)
	code, out, errs := runCLI(t, "", "query", "-t", "SigninLogs="+data, "SigninLogs\n| project UserPrincipleName")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"<query>:2:11: error:", "UserPrincipleName", "did you mean 'UserPrincipalName'", "^"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "goroutine") || strings.Contains(errs, ".go:") {
		t.Errorf("stderr shows Go internals:\n%s", errs)
	}
}

func TestFmt(t *testing.T) {
	code, out, _ := runCLI(t, "SigninLogs|where ResultType==\"0\"|take 5", "fmt")
	if code != 0 || out != "SigninLogs\n| where ResultType == \"0\"\n| take 5" {
		t.Errorf("exit %d, got %q", code, out)
	}
	code, out, errs := runCLI(t, "T\n| where (a > \n| take 5", "fmt", "-")
	if code != 1 || out != "" || !strings.Contains(errs, "<stdin>:") || !strings.Contains(errs, "error:") {
		t.Errorf("syntax error: exit %d stdout %q stderr:\n%s", code, out, errs)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"query", "--no-such-flag", "T"},
		{"query"},
		{"fmt", "a.kql", "b.kql"},
		{"query", "--now", "yesterday", "print 1"},
		{"query", "--table", "nopath", "print 1"},
	} {
		if code, _, errs := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
	}
}

func TestBadRecordsWarnOrFailStrict(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.ndjson")
	os.WriteFile(p, []byte("{\"a\":1}\n{not json\n{\"a\":2}\n"), 0o644)
	code, out, errs := runCLI(t, "", "query", "-t", "T="+p, "--format", "csv", "T | summarize s = sum(a)")
	if code != 0 || out != "s\n3\n" || !strings.Contains(errs, p+":2: warning:") {
		t.Errorf("lenient: exit %d out %q stderr %q", code, out, errs)
	}
	code, _, errs = runCLI(t, "", "query", "--strict", "-t", "T="+p, "T | summarize s = sum(a)")
	if code != 1 || !strings.Contains(errs, p+":2") {
		t.Errorf("strict: exit %d stderr %q", code, errs)
	}
}

func TestNowIsPinned(t *testing.T) {
	code, out, _ := runCLI(t, "", "query", "--now", "2026-11-02T10:00:00Z", "--format", "csv", "print t = ago(1h)")
	if code != 0 || out != "t\n2026-11-02T09:00:00Z\n" {
		t.Errorf("exit %d out %q", code, out)
	}
}

func TestUnknownTableSaysWhatWasLoaded(t *testing.T) {
	code, _, errs := runCLI(t, "", "query", "SigninLog | take 1")
	if code != 1 || !strings.Contains(errs, "note: no files were loaded; use --table NAME=PATH or --data PATH") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	data := signinExport(t)
	code, _, errs = runCLI(t, "", "query", "-t", "SigninLogs="+data, "SigninLog | take 1")
	if code != 1 || !strings.Contains(errs, "did you mean 'SigninLogs'?") || !strings.Contains(errs, "note: tables loaded: SigninLogs") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
}
