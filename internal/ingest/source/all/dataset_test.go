package all

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
)

// datasetDir returns $QUARRY_DATASETS or skips the test.
func datasetDir(t testing.TB) string {
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; point it at shared/datasets to run the real-data tests")
	}
	return dir
}

// open returns the (gunzipped) content of a dataset file.
func open(t testing.TB, path string) []byte {
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
	return b
}

// load sniffs and reads one file into a fresh sink.
func load(t testing.TB, path string) (source.Family, *source.Sink) {
	t.Helper()
	data := open(t, path)
	head := data[:min(len(data), source.SniffSize)]
	fam, conf := source.Sniff(head)
	if fam == nil {
		t.Fatalf("%s: no family recognises it", path)
	}
	if conf < 50 {
		t.Errorf("%s: %s only %d%% sure", path, fam.Name(), conf)
	}
	sink := source.NewSink(true)
	if err := fam.Read(bytes.NewReader(data), path, source.Options{Year: 2020}, sink); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fam, sink
}

func summary(s *source.Sink) string {
	var parts []string
	for _, n := range s.Names() {
		b, _ := s.Builder(n)
		parts = append(parts, fmt.Sprintf("%s=%d", n, b.Len()))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// TestDatasets checks that every relevant public sample is recognised by
// the right family and loads without a bad record, with the record counts
// the dataset READMEs give.
func TestDatasets(t *testing.T) {
	dir := datasetDir(t)
	cases := []struct {
		file, family string
		records      int
		tables       string
	}{
		{"loghub/OpenSSH_2k.log", "syslog", 2000, "Syslog=2000"},
		{"loghub/Linux_2k.log", "syslog", 2000, "Syslog=2000"},
		{"elastic-examples/ssh-auth-bruteforce/auth.log", "syslog", 7121, "Syslog=7121"},
		{"elastic-examples/apache-access/apache_logs", "weblog", 10000, "ASimWebSessionLogs=10000"},
		{"loghub/Proxifier_2k.log", "proxifier", 2000, "ProxifierLogs=2000"},
		{"evtx-attack-samples/kerberos_pwd_spray_4771.jsonl", "winevent", 12, "SecurityEvent=12"},
		{"evtx-attack-samples/CA_4624_4625_LogonType2_LogonProc_chrome.jsonl", "winevent", 4, "SecurityEvent=4"},
		{"evtx-attack-samples/MSSQL_multiple_failed_logon_EventID_18456.jsonl", "winevent", 10, "WindowsEvent=10"},
		{"msticpy-testdata/windows_failed_logons_4625.jsonl", "winevent", 4, "SecurityEvent=4"},
		{"msticpy-testdata/windows_host_logons_4624.jsonl", "winevent", 25, "SecurityEvent=25"},
		{"otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz", "winevent", 25993, "SecurityEvent=2843 WindowsEvent=23150"},
		{"elastic-integrations/okta_system_log_sample.jsonl", "okta", 3, "Okta=3"},
		{"otrf-security-datasets/aws-cloudtrail-s3-exfil/ec2_proxy_s3_exfiltration_2020-09-14011940.json", "cloudtrail", 103, "AWSCloudTrail=103"},
		{"elastic-integrations/azure_signinlogs_raw.jsonl", "entra", 5, "AADManagedIdentitySignInLogs=1 AADNonInteractiveUserSignInLogs=1 AADServicePrincipalSignInLogs=2 SigninLogs=1"},
		{"microsoft-graph-docs/signin_list_v1_example.json", "entra", 1, "SigninLogs=1"},
		{"brimdata-zed-sample-data/rdp.log.gz", "zeek", 4122, "ZeekRdp=4122"},
		{"brimdata-zed-sample-data/ntlm.log.gz", "zeek", 422, "ZeekNtlm=422"},
		{"brimdata-zed-sample-data/ssh.log.gz", "zeek", 22, "ZeekSsh=22"},
		{"brimdata-zed-sample-data/ftp.log.gz", "zeek", 93, "ZeekFtp=93"},
		{"brimdata-zed-sample-data/kerberos.log.gz", "zeek", 11, "ZeekKerberos=11"},
		{"brimdata-zed-sample-data/smb_mapping.log.gz", "zeek", 393, "ZeekSmbMapping=393"},
		{"brimdata-zed-sample-data/smb_files.log.gz", "zeek", 13, "ZeekSmbFiles=13"},
		{"brimdata-zed-sample-data/notice.log.gz", "zeek", 207, "ZeekNotice=207"},
		{"otrf-security-datasets/zeek-apt29-conn/day1_NASHUA_conn.log", "zeek", 479, "ZeekConn=479"},
		{"otrf-security-datasets/zeek-apt29-conn/day1_SCRANTON_conn.log", "zeek", 134, "ZeekConn=134"},
		{"otrf-security-datasets/zeek-apt29-conn/day2_NEWYORK_conn.log", "zeek", 314, "ZeekConn=314"},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			fam, sink := load(t, filepath.Join(dir, c.file))
			if fam.Name() != c.family {
				t.Errorf("sniffed as %s, want %s", fam.Name(), c.family)
			}
			if sink.Records() != c.records {
				t.Errorf("read %d records, want %d", sink.Records(), c.records)
			}
			if got := summary(sink); got != c.tables {
				t.Errorf("tables %s, want %s", got, c.tables)
			}
			if sink.BadCount() != 0 {
				t.Errorf("bad records: %v", sink.BadRecords())
			}
		})
	}
}

// TestDatasetsNotOurs checks that files the generic reader owns are not
// claimed with confidence by a family.
func TestDatasetsNotOurs(t *testing.T) {
	dir := datasetDir(t)
	for _, f := range []string{
		"msticpy-testdata/aad_signinlogs.jsonl",
		"msticpy-testdata/azure_nsg_flows.csv",
		"azure-sentinel-sample-data/AWS_CloudTrail_Authentication_IngestedLogs.excerpt.csv",
		"otrf-security-datasets/aws-s3-honeybucket/AWS_S3_HoneyBucketLogs.csv",
		"loghub/OpenSSH_2k.log_structured.csv",
		"loghub/OpenSSH_2k.log_templates.csv",
		"msticpy-testdata/azure_net_comms.jsonl",
	} {
		data := open(t, filepath.Join(dir, f))
		if fam, conf := source.Sniff(data[:min(len(data), source.SniffSize)]); conf > 20 {
			t.Errorf("%s: claimed by %s with %d%%", f, fam.Name(), conf)
		}
	}
}
