package normalize

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/ingest/syslog"
	"quarry/internal/ingest/winevent"
	"quarry/internal/table"
)

func datasets(t *testing.T) string {
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; point it at shared/datasets to run the real-data tests")
	}
	return dir
}

func readData(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return string(b)
}

// count returns how many rows of the view satisfy pred.
func count(t *testing.T, cat table.Catalog, pred func(get func(string) string) bool) int {
	t.Helper()
	m, err := Authentication(cat)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range m.Batches() {
		for i := 0; i < b.Len; i++ {
			get := func(c string) string { return b.Cols[m.Schema().Index(c)].Value(i).Text() }
			if pred(get) {
				n++
			}
		}
	}
	return n
}

func TestDatasetSshd(t *testing.T) {
	dir := datasets(t)
	in := readData(t, filepath.Join(dir, "loghub/OpenSSH_2k.log"))
	cat := catalogOf(t, syslog.Family{}, in)
	want := strings.Count(in, "Failed password")
	got := count(t, cat, func(g func(string) string) bool {
		return g("EventResult") == "Failure" && strings.Contains(g("EventMessage"), "Failed password")
	})
	if got != want || want != 520 {
		t.Errorf("failed-password rows %d, lines %d (README: 520)", got, want)
	}
	if n := count(t, cat, func(g func(string) string) bool { return g("EventResultDetails") == "No such user" }); n != 113 {
		t.Errorf("invalid-user rows %d, want 113", n)
	}
}

func TestDatasetElasticAuthLog(t *testing.T) {
	dir := datasets(t)
	cat := catalogOf(t, syslog.Family{}, readData(t, filepath.Join(dir, "elastic-examples/ssh-auth-bruteforce/auth.log")))
	on := func(result string) int {
		return count(t, cat, func(g func(string) string) bool {
			return g("SrcIpAddr") == "24.151.103.17" && g("TargetUsername") == "elastic_user_0" && g("EventResult") == result
		})
	}
	if f, s := on("Failure"), on("Success"); f != 147 || s == 0 {
		t.Errorf("24.151.103.17 on elastic_user_0: %d failures (README: 147), %d successes (want > 0)", f, s)
	}
	if n := count(t, cat, func(g func(string) string) bool { return strings.Contains(g("EventMessage"), "Failed password") }); n != 713 {
		t.Errorf("failed-password rows %d, want 713", n)
	}
}

func TestDatasetWindows(t *testing.T) {
	dir := datasets(t)
	cases := []struct {
		file       string
		id, result string
		details    string
		want       int
	}{
		{"otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz", "4625", "Failure", "Incorrect password", 7},
		{"otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz", "4776", "Failure", "Incorrect password", 7},
		{"evtx-attack-samples/kerberos_pwd_spray_4771.jsonl", "4771", "Failure", "Incorrect password", 2},
		{"evtx-attack-samples/kerberos_pwd_spray_4771.jsonl", "4768", "Failure", "No such user", 7},
		{"evtx-attack-samples/CA_4624_4625_LogonType2_LogonProc_chrome.jsonl", "4625", "Failure", "Incorrect password", 1},
		{"msticpy-testdata/windows_failed_logons_4625.jsonl", "4625", "Failure", "Logon violates policy", 3},
		{"msticpy-testdata/windows_failed_logons_4625.jsonl", "4625", "Failure", "Other", 1},
		{"msticpy-testdata/windows_host_logons_4624.jsonl", "4624", "Success", "", 25},
	}
	for _, c := range cases {
		cat := catalogOf(t, winevent.Family{}, readData(t, filepath.Join(dir, c.file)))
		got := count(t, cat, func(g func(string) string) bool {
			return g("EventOriginalType") == c.id && g("EventResult") == c.result && g("EventResultDetails") == c.details
		})
		if got != c.want {
			t.Errorf("%s: %s %s/%q rows %d, want %d", filepath.Base(c.file), c.id, c.result, c.details, got, c.want)
		}
	}
}

// TestDatasetSigninLogs builds SigninLogs from the msticpy export (a Log
// Analytics export the generic reader owns) with a few typed columns.
func TestDatasetSigninLogs(t *testing.T) {
	dir := datasets(t)
	schema := column.Schema{
		{Name: "TimeGenerated", Type: column.DateTime}, {Name: "ResultType", Type: column.String},
		{Name: "UserPrincipalName", Type: column.String}, {Name: "IPAddress", Type: column.String},
		{Name: "LocationDetails", Type: column.Dynamic},
	}
	sink := source.NewSink(true)
	tab := sink.Table("SigninLogs", schema)
	row := source.NewRow(schema)
	err := source.JSONRecords(strings.NewReader(readData(t, filepath.Join(dir, "msticpy-testdata/aad_signinlogs.jsonl"))), "aad", sink, nil,
		func(m map[string]any, _ int) error {
			row.Reset()
			for _, f := range schema {
				row.Set(f.Name, m[f.Name])
			}
			tab.Append(row.Values())
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	cat := table.NewSet(tab.Table())
	ok := count(t, cat, func(g func(string) string) bool { return g("EventResult") == "Success" })
	bad := count(t, cat, func(g func(string) string) bool {
		return g("EventResult") == "Failure" && g("EventOriginalResultDetails") == "90072" && g("EventResultDetails") == ""
	})
	if ok != 84 || bad != 2 {
		t.Errorf("successes %d (want 84), 90072 failures %d (want 2)", ok, bad)
	}
}

// TestDatasetConsoleLogin builds AWSCloudTrail from the Sentinel CSV
// excerpt with encoding/csv.
func TestDatasetConsoleLogin(t *testing.T) {
	dir := datasets(t)
	r := csv.NewReader(strings.NewReader(readData(t, filepath.Join(dir, "azure-sentinel-sample-data/AWS_CloudTrail_Authentication_IngestedLogs.excerpt.csv"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	var schema column.Schema
	for _, h := range header {
		schema = append(schema, column.Field{Name: strings.TrimPrefix(h, "\ufeff"), Type: column.String})
	}
	b := column.NewBatch(schema, len(recs))
	for _, rec := range recs[1:] {
		vals := make([]column.Value, len(rec))
		for i, s := range rec {
			vals[i] = column.StringValue(s)
		}
		b.AppendRow(vals)
	}
	cat := table.NewSet(table.NewMemory("AWSCloudTrail", schema, b))
	fail := count(t, cat, func(g func(string) string) bool {
		return g("EventResult") == "Failure" && g("EventOriginalResultDetails") == "Failed authentication"
	})
	ok := count(t, cat, func(g func(string) string) bool { return g("EventResult") == "Success" })
	mfa := count(t, cat, func(g func(string) string) bool { return g("LogonMethod") == "MFA" })
	if fail != 4 || ok != 2 || mfa != 3 {
		t.Errorf("failures %d (want 4), successes %d (want 2), MFA %d (want 3: two failures already had MFA)", fail, ok, mfa)
	}
}
