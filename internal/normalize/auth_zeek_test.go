package normalize

import (
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/ingest/proxifier"
	"quarry/internal/ingest/winevent"
	"quarry/internal/ingest/zeek"
)

const zeekHeader = "#separator \\x09\n#path\t%s\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t%s\n#types\ttime\tstring\taddr\tport\taddr\tport\t%s\n"

func zeekLog(path, fields, types string, rows ...string) string {
	h := strings.ReplaceAll(zeekHeader, "%s", "\x00")
	parts := strings.SplitN(h, "\x00", 4)
	return parts[0] + path + parts[1] + fields + parts[2] + types + parts[3] + strings.Join(rows, "\n") + "\n"
}

func TestZeekAuth(t *testing.T) {
	cols := []string{"Type", "EventResult", "EventResultDetails", "EventCount", "TargetUsername", "TargetDomain", "SrcIpAddr", "TargetIpAddr", "Dvc", "LogonProtocol"}
	cases := []struct{ name, in, want string }{
		{"ssh", zeekLog("ssh", "auth_success\tauth_attempts\tclient\tserver", "bool\tcount\tstring\tstring",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t22\tT\t3\tSSH-2.0-A\tSSH-2.0-B",
			"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.2\t22\tF\t4\tSSH-2.0-A\tSSH-2.0-B",
			"1521911799.9\tC3\t10.0.0.1\t5002\t10.0.0.2\t22\t-\t0\t-\t-"),
			"ZeekSsh|Success||1|||10.0.0.1|10.0.0.2|10.0.0.2|ssh\n" +
				"ZeekSsh|Failure||4|||10.0.0.1|10.0.0.2|10.0.0.2|ssh\n" +
				"ZeekSsh|NA||1|||10.0.0.1|10.0.0.2|10.0.0.2|ssh\n"},
		{"ntlm", zeekLog("ntlm", "username\thostname\tdomainname\tsuccess", "string\tstring\tstring\tbool",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t445\tbob\tWS1\tCORP\tT",
			"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.2\t445\tguest\tWS1\t-\tF",
			"1521911799.9\tC3\t10.0.0.1\t5002\t10.0.0.2\t445\tbob\tWS1\tCORP\t-",
			"1521911799.9\tC4\t10.0.0.1\t5003\t10.0.0.2\t445\t-\t-\t-\t-"),
			"ZeekNtlm|Success||1|CORP\\bob|CORP|10.0.0.1|10.0.0.2|10.0.0.2|NTLM\n" +
				"ZeekNtlm|Failure||1|guest||10.0.0.1|10.0.0.2|10.0.0.2|NTLM\n" +
				"ZeekNtlm|NA||1|CORP\\bob|CORP|10.0.0.1|10.0.0.2|10.0.0.2|NTLM\n"},
		{"rdp", zeekLog("rdp", "cookie\tresult", "string\tstring",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t3389\tjerry\tencrypted",
			"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.2\t3389\t-\tSuccess",
			"1521911799.9\tC3\t10.0.0.1\t5002\t10.0.0.2\t3389\tnmap\tHYBRID_REQUIRED_BY_SERVER",
			"1521911799.9\tC4\t10.0.0.1\t5003\t10.0.0.2\t3389\tx\tUser rejected"),
			"ZeekRdp|NA||1|jerry||10.0.0.1|10.0.0.2|10.0.0.2|RDP\n" +
				"ZeekRdp|NA||1|||10.0.0.1|10.0.0.2|10.0.0.2|RDP\n" +
				"ZeekRdp|Failure|Logon violates policy|1|nmap||10.0.0.1|10.0.0.2|10.0.0.2|RDP\n" +
				"ZeekRdp|Failure|Other|1|x||10.0.0.1|10.0.0.2|10.0.0.2|RDP\n"},
		{"kerberos", zeekLog("kerberos", "request_type\tclient\tservice\tsuccess\terror_msg", "string\tstring\tstring\tbool\tstring",
			"1521911799.1\tC1\t10.0.0.1\t5000\t10.0.0.2\t88\tAS\talice/CORP.LOCAL\tkrbtgt/CORP.LOCAL\tF\tKDC_ERR_PREAUTH_FAILED",
			"1521911799.2\tC2\t10.0.0.1\t5001\t10.0.0.2\t88\tAS\tnobody/CORP.LOCAL\tkrbtgt/CORP.LOCAL\tF\tKDC_ERR_C_PRINCIPAL_UNKNOWN",
			"1521911799.3\tC3\t10.0.0.1\t5002\t10.0.0.2\t88\tAS\talice/CORP.LOCAL\tkrbtgt/CORP.LOCAL\tT\t-",
			"1521911799.4\tC4\t10.0.0.1\t5003\t10.0.0.2\t88\tAS\t/NM\tkrbtgt/NM\t-\t-",
			"1521911799.5\tC5\t10.0.0.1\t5004\t10.0.0.2\t88\tAS\t/NM\tkrbtgt/NM\tF\tKDC_ERR_WRONG_REALM"),
			"ZeekKerberos|Failure|Incorrect password|1|alice|CORP.LOCAL|10.0.0.1|10.0.0.2|10.0.0.2|Kerberos\n" +
				"ZeekKerberos|Failure|No such user|1|nobody|CORP.LOCAL|10.0.0.1|10.0.0.2|10.0.0.2|Kerberos\n" +
				"ZeekKerberos|Success||1|alice|CORP.LOCAL|10.0.0.1|10.0.0.2|10.0.0.2|Kerberos\n" +
				"ZeekKerberos|NA||1||NM|10.0.0.1|10.0.0.2|10.0.0.2|Kerberos\n" +
				"ZeekKerberos|Failure||1||NM|10.0.0.1|10.0.0.2|10.0.0.2|Kerberos\n"},
	}
	for _, c := range cases {
		got := authRows(t, catalogOf(t, zeek.Family{}, c.in), cols...)
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestSQLServerAuth(t *testing.T) {
	in := `{"Provider.Name": "MSSQLSERVER", "EventID": "18456", "TimeCreated.SystemTime": "2019-11-04 13:46:01.171339", "EventRecordID": "1", "Channel": "Application", "Computer": "DB1", "Data": "<string>sa</string>\n<string> Reason: Password did not match that for the login provided.</string>\n<string> [CLIENT: 10.0.2.17]</string>\n"}
{"Provider.Name": "MSSQLSERVER", "EventID": "18456", "TimeCreated.SystemTime": "2019-11-04 13:46:02", "EventRecordID": "2", "Channel": "Application", "Computer": "DB1", "Data": "<string>bob</string>\n<string> Reason: Could not find a login matching the name provided.</string>\n<string> [CLIENT: 10.0.2.18]</string>\n"}
{"Provider.Name": "MSSQL$SQLEXPRESS", "EventID": "18454", "TimeCreated.SystemTime": "2019-11-04 13:46:03", "EventRecordID": "3", "Channel": "Application", "Computer": "DB1", "Data": "<string>sa</string>\n<string> Connection made using SQL Server authentication.</string>\n<string> [CLIENT: 10.0.2.17]</string>\n"}
{"Provider.Name": "Other", "EventID": "18456", "TimeCreated.SystemTime": "2019-11-04 13:46:04", "EventRecordID": "4", "Channel": "Application", "Computer": "DB1"}
`
	got := authRows(t, catalogOf(t, winevent.Family{}, in), "EventProduct", "EventResult", "EventResultDetails", "TargetUsername", "SrcIpAddr", "TargetAppName", "EventMessage")
	want := "SQL Server|Failure|Incorrect password|sa|10.0.2.17|MSSQLSERVER|Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 10.0.2.17]\n" +
		"SQL Server|Failure|No such user|bob|10.0.2.18|MSSQLSERVER|Login failed for user 'bob'. Reason: Could not find a login matching the name provided. [CLIENT: 10.0.2.18]\n" +
		"SQL Server|Success||sa|10.0.2.17|MSSQL$SQLEXPRESS|Login succeeded for user 'sa'. Connection made using SQL Server authentication. [CLIENT: 10.0.2.17]\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDatasetZeekAuth(t *testing.T) {
	dir := datasets(t)
	cases := []struct {
		file, result, details string
		want                  int
	}{
		{"ssh.log.gz", "Success", "", 5},
		{"ssh.log.gz", "Failure", "", 2},
		{"ssh.log.gz", "NA", "", 15},
		{"ntlm.log.gz", "Success", "", 206},
		{"ntlm.log.gz", "NA", "", 201},
		{"rdp.log.gz", "NA", "", 4120},
		{"rdp.log.gz", "Failure", "Logon violates policy", 2},
		{"kerberos.log.gz", "NA", "", 10},
		{"kerberos.log.gz", "Failure", "", 1},
	}
	for _, c := range cases {
		cat := catalogOf(t, zeek.Family{}, readData(t, filepath.Join(dir, "brimdata-zed-sample-data", c.file)))
		got := count(t, cat, func(g func(string) string) bool {
			return g("EventProduct") == "Zeek" && g("EventResult") == c.result && g("EventResultDetails") == c.details
		})
		if got != c.want {
			t.Errorf("%s %s/%q: %d rows, want %d", c.file, c.result, c.details, got, c.want)
		}
	}
	// README: 10.164.94.120 scans RDP on many hosts.
	cat := catalogOf(t, zeek.Family{}, readData(t, filepath.Join(dir, "brimdata-zed-sample-data/rdp.log.gz")))
	if n := count(t, cat, func(g func(string) string) bool { return g("SrcIpAddr") == "10.164.94.120" }); n < 4000 {
		t.Errorf("RDP rows from 10.164.94.120: %d, want > 4000", n)
	}
}

func TestDatasetSQLServer(t *testing.T) {
	dir := datasets(t)
	cat := catalogOf(t, winevent.Family{}, readData(t, filepath.Join(dir, "evtx-attack-samples/MSSQL_multiple_failed_logon_EventID_18456.jsonl")))
	for details, want := range map[string]int{"Incorrect password": 2, "Logon violates policy": 6, "Other": 2} {
		got := count(t, cat, func(g func(string) string) bool {
			return g("EventProduct") == "SQL Server" && g("EventResult") == "Failure" && g("EventResultDetails") == details && g("SrcIpAddr") == "10.0.2.17"
		})
		if got != want {
			t.Errorf("%s: %d rows, want %d", details, got, want)
		}
	}
	if n := count(t, cat, func(g func(string) string) bool { return g("TargetUsername") == "sa" || g("TargetUsername") == "root" }); n != 2 {
		t.Errorf("sa/root rows %d, want 2", n)
	}
}

func TestDatasetProxifierTransfers(t *testing.T) {
	dir := datasets(t)
	in := readData(t, filepath.Join(dir, "loghub/Proxifier_2k.log"))
	cat := catalogOf(t, proxifier.Family{}, in)
	m, err := DataTransfer(cat)
	if err != nil {
		t.Fatal(err)
	}
	rows, chrome := 0, 0
	s := m.Schema()
	for _, b := range m.Batches() {
		for i := 0; i < b.Len; i++ {
			rows++
			if b.Cols[s.Index("User")].Value(i).Text() == "chrome.exe" {
				chrome++
			}
		}
	}
	if want := strings.Count(in, " close, "); rows != want || want != 947 {
		t.Errorf("transfer rows %d, close lines %d (947)", rows, want)
	}
	if chrome != 742 {
		t.Errorf("chrome.exe rows %d, want 742", chrome)
	}
}
