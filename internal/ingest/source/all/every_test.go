package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/ingest/load"
	"quarry/internal/normalize"
	"quarry/internal/table"
)

// unsupported says why a dataset file is left out, or "" when it must
// load: EVTX binaries (not supported, see docs/formats.md; the folder
// keeps a JSON-lines conversion of each) and the collection's READMEs and
// licences.
func unsupported(rel string) string {
	base := filepath.Base(rel)
	switch {
	case strings.HasSuffix(base, ".evtx"):
		return "EVTX"
	case strings.HasSuffix(base, ".md"), strings.HasPrefix(base, "LICENSE"):
		return "documentation"
	}
	return ""
}

// everyFile is the kind (family, or generic format) and tables expected
// for every loadable file of $QUARRY_DATASETS, by path under it.
var everyFile = map[string]struct{ kind, tables string }{
	"azure-sentinel-sample-data/AWS_CloudTrail_Authentication_IngestedLogs.excerpt.csv":                            {"csv", "AWSCloudTrail"},
	"brimdata-zed-sample-data/ftp.log.gz":                                                                          {"zeek", "ZeekFtp"},
	"brimdata-zed-sample-data/kerberos.log.gz":                                                                     {"zeek", "ZeekKerberos"},
	"brimdata-zed-sample-data/notice.log.gz":                                                                       {"zeek", "ZeekNotice"},
	"brimdata-zed-sample-data/ntlm.log.gz":                                                                         {"zeek", "ZeekNtlm"},
	"brimdata-zed-sample-data/rdp.log.gz":                                                                          {"zeek", "ZeekRdp"},
	"brimdata-zed-sample-data/smb_files.log.gz":                                                                    {"zeek", "ZeekSmbFiles"},
	"brimdata-zed-sample-data/smb_mapping.log.gz":                                                                  {"zeek", "ZeekSmbMapping"},
	"brimdata-zed-sample-data/ssh.log.gz":                                                                          {"zeek", "ZeekSsh"},
	"elastic-examples/apache-access/apache_logs":                                                                   {"weblog", "ASimWebSessionLogs"},
	"elastic-examples/ssh-auth-bruteforce/auth.log":                                                                {"syslog", "Syslog"},
	"elastic-integrations/azure_signinlogs_raw.jsonl":                                                              {"entra", "AADManagedIdentitySignInLogs,AADNonInteractiveUserSignInLogs,AADServicePrincipalSignInLogs,SigninLogs"},
	"elastic-integrations/okta_system_log_sample.jsonl":                                                            {"okta", "Okta"},
	"evtx-attack-samples/CA_4624_4625_LogonType2_LogonProc_chrome.jsonl":                                           {"winevent", "SecurityEvent"},
	"evtx-attack-samples/MSSQL_multiple_failed_logon_EventID_18456.jsonl":                                          {"winevent", "WindowsEvent"},
	"evtx-attack-samples/kerberos_pwd_spray_4771.jsonl":                                                            {"winevent", "SecurityEvent"},
	"loghub/Linux_2k.log":                                                                                          {"syslog", "Syslog"},
	"loghub/OpenSSH_2k.log":                                                                                        {"syslog", "Syslog"},
	"loghub/OpenSSH_2k.log_structured.csv":                                                                         {"csv", "OpenSSH_2k_log_structured"},
	"loghub/OpenSSH_2k.log_templates.csv":                                                                          {"csv", "OpenSSH_2k_log_templates"},
	"loghub/Proxifier_2k.log":                                                                                      {"proxifier", "ProxifierLogs"},
	"microsoft-graph-docs/signin_list_v1_example.json":                                                             {"entra", "SigninLogs"},
	"msticpy-testdata/aad_signinlogs.jsonl":                                                                        {"ndjson", "SigninLogs"},
	"msticpy-testdata/azure_net_comms.jsonl":                                                                       {"ndjson", "azure_net_comms"},
	"msticpy-testdata/azure_nsg_flows.csv":                                                                         {"csv", "azure_nsg_flows"},
	"msticpy-testdata/windows_failed_logons_4625.jsonl":                                                            {"winevent", "SecurityEvent"},
	"msticpy-testdata/windows_host_logons_4624.jsonl":                                                              {"winevent", "SecurityEvent"},
	"otrf-security-datasets/aws-cloudtrail-s3-exfil/ec2_proxy_s3_exfiltration_2020-09-14011940.json":               {"cloudtrail", "AWSCloudTrail"},
	"otrf-security-datasets/aws-s3-honeybucket/AWS_S3_HoneyBucketLogs.csv":                                         {"csv", "AWS_S3_HoneyBucketLogs"},
	"otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz": {"winevent", "SecurityEvent,WindowsEvent"},
	"otrf-security-datasets/zeek-apt29-conn/day1_NASHUA_conn.log":                                                  {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day1_SCRANTON_conn.log":                                                {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_NEWYORK_conn.log":                                                 {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_SCRANTON_conn.log":                                                {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_UTICA-A_conn.log":                                                 {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_UTICA-C_conn.log":                                                 {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_UTICA-D_conn.log":                                                 {"zeek", "ZeekConn"},
	"otrf-security-datasets/zeek-apt29-conn/day2_UTICA-ONE-DRIVE_conn.log":                                         {"zeek", "ZeekConn"},
}

// TestEveryDatasetFile loads the whole of $QUARRY_DATASETS as quarry
// sources/query do and checks that every file is recognised as the
// expected family or generic format, feeds the expected tables and has no
// bad record; only the documented unsupported files may be left out, and
// a file this test does not know fails it (add new datasets here). It then
// checks the normalized views' row counts per source table.
func TestEveryDatasetFile(t *testing.T) {
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; point it at shared/datasets to run the real-data tests")
	}
	res, err := load.Paths([]string{dir}, load.Options{Year: 2020})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		rel, _ := filepath.Rel(dir, f.Path)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		want, known := everyFile[rel]
		why := unsupported(rel)
		switch {
		case why != "":
			if f.Skipped == "" {
				t.Errorf("%s (%s) was loaded as %s", rel, why, f.Kind)
			}
		case !known:
			t.Errorf("%s: not listed in everyFile (loaded as %s into %v); add it", rel, f.Kind, f.Tables)
		case f.Skipped != "":
			t.Errorf("%s: left out: %s", rel, f.Skipped)
		default:
			if !strings.HasPrefix(f.Kind, want.kind) {
				t.Errorf("%s: recognised as %s, want %s", rel, f.Kind, want.kind)
			}
			if got := strings.Join(f.Tables, ","); got != want.tables {
				t.Errorf("%s: tables %s, want %s", rel, got, want.tables)
			}
			if f.Bad != 0 {
				t.Errorf("%s: %d bad records", rel, f.Bad)
			}
		}
	}
	for rel := range everyFile {
		if !seen[rel] {
			t.Errorf("%s: listed but not found", rel)
		}
	}
	if len(res.BadRecords) != 0 {
		t.Errorf("bad records: %v", res.BadRecords)
	}

	auth, err := normalize.Authentication(res.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	wantAuth := map[string]int{
		"ZeekSsh": 22, "ZeekNtlm": 407, "ZeekRdp": 4122, "ZeekKerberos": 11, "WindowsEvent": 10,
	}
	gotAuth := countBy(auth, "Type")
	for typ, n := range wantAuth {
		if gotAuth[typ] != n {
			t.Errorf("imAuthentication rows from %s: %d, want %d", typ, gotAuth[typ], n)
		}
	}
	for _, typ := range []string{"SigninLogs", "SecurityEvent", "Syslog", "Okta", "AWSCloudTrail"} {
		if gotAuth[typ] == 0 {
			t.Errorf("imAuthentication has no rows from %s", typ)
		}
	}
	xfer, err := normalize.DataTransfer(res.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	if n := countBy(xfer, "Type")["ProxifierLogs"]; n != 947 {
		t.Errorf("imDataTransfer rows from ProxifierLogs: %d, want 947 (close lines)", n)
	}
}

func countBy(m *table.Memory, col string) map[string]int {
	out := map[string]int{}
	c := m.Schema().Index(col)
	for _, b := range m.Batches() {
		for i := 0; i < b.Len; i++ {
			out[b.Cols[c].Value(i).Text()]++
		}
	}
	return out
}
