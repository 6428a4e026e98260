package normalize

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/ingest"
	"quarry/internal/ingest/cloudtrail"
	"quarry/internal/ingest/entra"
	"quarry/internal/ingest/okta"
	"quarry/internal/ingest/proxifier"
	"quarry/internal/ingest/source"
	"quarry/internal/ingest/weblog"
	"quarry/internal/ingest/winevent"
	"quarry/internal/ingest/zeek"
	"quarry/internal/table"
	"quarry/internal/table/tabletest"
)

// huntColumns are the columns `quarry hunt` reads from the view.
var huntColumns = []string{
	"AdditionalFields", "EventOriginalResultDetails", "EventProduct", "EventResult", "EventResultDetails",
	"EventType", "HttpUserAgent", "LogonTarget", "Src", "SrcGeoCity", "SrcGeoCountry", "TargetUsername",
	"TimeGenerated",
}

// columnSets are the column lists checkColumns tries for a view with
// columns names: the hunt's (for imAuthentication), none, every single
// column, all, and some in other orders and with repeats.
func columnSets(names []string) [][]string {
	sets := [][]string{{}, nil, {names[3], names[0], names[3]}}
	if slices.Equal(names, AuthSchema.Names()) {
		sets = append(sets, huntColumns, []string{"SrcGeoLongitude", "SrcGeoLatitude", "User", "Dst"})
	}
	for _, c := range names {
		sets = append(sets, []string{c})
	}
	rng := rand.New(rand.NewSource(1))
	for range 10 {
		names := slices.Clone(names)
		rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		sets = append(sets, names[:1+rng.Intn(8)])
	}
	return sets
}

// checkColumns checks that building the authentication view for a set of
// columns gives the whole view projected onto them: the same rows in the
// same order, the same cells. It returns the number of rows.
func checkColumns(t *testing.T, cat table.Catalog) int {
	t.Helper()
	return checkViewColumns(t, cat, AuthSchema, AuthenticationColumns)
}

// checkTransferColumns is checkColumns for the data-transfer view.
func checkTransferColumns(t *testing.T, cat table.Catalog) int {
	t.Helper()
	return checkViewColumns(t, cat, TransferSchema, DataTransferColumns)
}

func checkViewColumns(t *testing.T, cat table.Catalog, schema column.Schema,
	build func(context.Context, table.Catalog, []string) (*table.Memory, error)) int {
	t.Helper()
	full, err := build(context.Background(), cat, nil)
	if err != nil {
		t.Fatal(err)
	}
	all := tabletest.Dump(t, full, nil)
	for _, cols := range columnSets(schema.Names()) {
		part, err := build(context.Background(), cat, cols)
		if err != nil {
			t.Fatal(err)
		}
		got, want := tabletest.Dump(t, part, cols), tabletest.Dump(t, full, cols)
		if cols == nil {
			want = all
		}
		if len(got) != len(want) {
			t.Errorf("columns %v: %d rows, want %d", cols, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("columns %v, row %d:\n got  %s\n want %s", cols, i, got[i], want[i])
				break
			}
		}
	}
	return len(all)
}

// fileTable writes content to a file and opens it as the generic
// (file-backed) table name.
func fileTable(t *testing.T, name, file, content string) table.Table {
	t.Helper()
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	ft, err := ingest.NewFileTable(name, []string{path}, ingest.Options{BatchSize: 3}) // several batches
	if err != nil {
		t.Fatal(err)
	}
	return ft
}

// entraNDJSON is sign-ins with Log Analytics columns, as the generic
// reader reads them, with the shapes LocationDetails and DeviceDetail
// take: objects, JSON text, null, missing, scalars, escapes, repeated
// keys, numbers where strings are expected, and no IPAddress (Src falls
// back to the device name).
const entraNDJSON = `{"TimeGenerated":"2024-05-01T10:00:00Z","ResultType":"50126","ResultDescription":"Invalid","UserPrincipalName":"a@x.com","UserId":"u1","UserType":"Member","IPAddress":"198.51.100.1","AppDisplayName":"Office 365","AppId":"app1","ClientAppUsed":"Browser","AuthenticationRequirement":"singleFactorAuthentication","Location":"NL","LocationDetails":{"city":"Amsterdam","state":"NH","countryOrRegion":"NL","geoCoordinates":{"latitude":52.37,"longitude":4}},"DeviceDetail":{"displayName":"pc1","operatingSystem":"Windows 10","browser":"Edge 1"},"UserAgent":"Mozilla/5.0","CorrelationId":"c1","Id":"i1"}
{"TimeGenerated":"2024-05-01T10:00:01Z","ResultType":"0","UserPrincipalName":"b@x.com","IPAddress":"","Location":"DE","LocationDetails":"{\"city\":\"Berlin\",\"countryOrRegion\":\"DE\",\"geoCoordinates\":{\"latitude\":\"52.5\"}}","DeviceDetail":"{\"displayName\":\"laptop \\\"7\\\"\"}","UserAgent":"curl"}
{"CreatedDateTime":"2024-05-01T10:00:02Z","ResultType":"50053","UserPrincipalName":"c@x.com","IPAddress":"203.0.113.9","Location":"FR","LocationDetails":null,"DeviceDetail":{}}
{"TimeGenerated":"2024-05-01T10:00:03Z","ResultType":"50053","UserPrincipalName":"d@x.com","IPAddress":"203.0.113.9","LocationDetails":{"city":"Lyon","city":"Paris","countr\u0079OrRegion":"FR\u00e9","geoCoordinates":{"latitude":-1.5e1,"longitude":null}},"DeviceDetail":{"displayName":12,"operatingSystem":true,"browser":{"n":[1,2.50]}}}
{"TimeGenerated":"2024-05-01T10:00:04Z","ResultType":"","UserPrincipalName":"e@x.com","Location":"US","LocationDetails":"not json","DeviceDetail":"[1,2]"}
{"TimeGenerated":"2024-05-01T10:00:05Z","ResultType":"50074","UserPrincipalName":"f@x.com","LocationDetails":42,"DeviceDetail":" {\"displayName\" : \"spaced\"} "}
{"TimeGenerated":"2024-05-01T10:00:06Z","ResultType":"50074","UserPrincipalName":"g@x.com","LocationDetails":"{\"city\":\"Oslo\"","DeviceDetail":{"displayName":"x\ty","browser":"\ud83d\ude00"}}
`

// entraCSV is sign-ins as a Log Analytics CSV export, objects as JSON
// text cells.
const entraCSV = `TimeGenerated [UTC],ResultType,UserPrincipalName,IPAddress,Location,LocationDetails,DeviceDetail
2024-05-01T10:00:00Z,50126,a@x.com,198.51.100.1,NL,"{""city"":""Amsterdam"",""countryOrRegion"":""NL"",""geoCoordinates"":{""latitude"":52.37}}","{""displayName"":""pc1""}"
2024-05-01T10:00:01Z,0,b@x.com,,DE,"  {""city"":""Berlin""}  ",""
2024-05-01T10:00:02Z,50053,c@x.com,203.0.113.9,FR,"""{\""city\"":1}""",not json
`

// families reads fixtures with each log-source family that feeds the
// view (in-memory tables).
func families(t *testing.T) map[string]*table.Set {
	t.Helper()
	signins, err := os.ReadFile("../ingest/entra/testdata/signins.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	secEvents := `{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:00Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","Status":"0xc000006d","SubStatus":"0xC000006A","LogonType":3,"IpAddress":"10.0.0.9","IpPort":"5000","AuthenticationPackageName":"NTLM","LogonProcessName":"User32 ","WorkstationName":"W1","SubjectUserName":"S","SubjectDomainName":"D","SubjectUserSid":"S-1-5-18","TargetUserSid":"S-1-0-0","TargetLogonId":"0x1"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:01Z","Computer":"WS5","TargetUserName":"ghost","TargetDomainName":"-","Status":"0xc000006d","SubStatus":"0xc0000064","LogonType":3,"IpAddress":"10.0.0.9"}
{"EventID":4624,"TimeGenerated":"2020-01-01T00:00:04Z","Computer":"WS5","TargetUserName":"bob$","TargetDomainName":"CORP","LogonType":10,"IpAddress":"::ffff:10.0.0.9","TargetUserSid":"S-1-5-21-1"}
{"EventID":4771,"TimeGenerated":"2020-01-01T00:00:05Z","Computer":"DC","TargetUserName":"admin","Status":"0x18","IpAddress":"::ffff:172.16.66.1","ServiceName":"krbtgt/CORP.COM"}
{"EventID":4768,"TimeGenerated":"2020-01-01T00:00:06Z","Computer":"DC","TargetUserName":"HD01","TargetDomainName":"CORP.COM","Status":"0x00000006","IpAddress":"172.16.66.1","ServiceName":"krbtgt"}
{"EventID":4768,"TimeGenerated":"2020-01-01T00:00:07Z","Computer":"DC","TargetUserName":"normal","TargetDomainName":"corp","Status":"0x0","IpAddress":"172.16.66.1"}
{"EventID":4776,"TimeGenerated":"2020-01-01T00:00:08Z","Computer":"DC","TargetUserName":"sue","Workstation":"WS5","Status":"0xc0000071","PackageName":"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"}
{"EventID":4776,"TimeGenerated":"2020-01-01T00:00:08Z","Computer":"DC","TargetUserName":"sue","Workstation":"WS5","Status":"0x0"}
{"EventID":4634,"TimeGenerated":"2020-01-01T00:00:09Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","LogonType":3}
{"EventID":4688,"TimeGenerated":"2020-01-01T00:00:10Z","Computer":"WS5"}
`
	mssql := `{"Provider.Name": "MSSQLSERVER", "EventID": "18456", "TimeCreated.SystemTime": "2019-11-04 13:46:01.171339", "EventRecordID": "1", "Channel": "Application", "Computer": "DB1", "Data": "<string>sa</string>\n<string> Reason: Password did not match that for the login provided. State: 8</string>\n<string> [CLIENT: 10.0.2.17]</string>\n"}
{"Provider.Name": "MSSQL$SQLEXPRESS", "EventID": "18454", "TimeCreated.SystemTime": "2019-11-04 13:46:03", "EventRecordID": "3", "Channel": "Application", "Computer": "DB1", "Data": "<string>CORP\\sa</string>\n<string> Connection made using SQL Server authentication.</string>\n<string> [CLIENT: &lt;local machine&gt;]</string>\n"}
{"Provider.Name": "Other", "EventID": "18456", "TimeCreated.SystemTime": "2019-11-04 13:46:04", "EventRecordID": "4", "Channel": "Application", "Computer": "DB1"}
`
	web := `203.0.113.5 - - [17/May/2015:10:06:01 +0000] "POST /login?next=/ HTTP/1.1" 401 12 "-" "python"
203.0.113.5 - bob [17/May/2015:10:06:02 +0000] "POST /login HTTP/1.1" 302 0 "-" "python"
203.0.113.5 - - [17/May/2015:10:06:03 +0000] "POST /wp-login.php HTTP/1.1" 403 0 "-" "python"
203.0.113.5 - - [17/May/2015:10:06:05 +0000] "GET /index.html HTTP/1.1" 200 0 "-" "python"
`
	oktaIn := `{"uuid":"o1","published":"2024-01-01T00:00:00Z","eventType":"user.session.start","displayMessage":"User login","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"actor":{"id":"00u1","alternateId":"a@x.com"},"client":{"ipAddress":"203.0.113.7","device":"Computer","userAgent":{"rawUserAgent":"UA","os":"Mac"},"geographicalContext":{"country":"US","city":"Austin","geolocation":{"lat":30.2,"lon":-97.7}}},"authenticationContext":{"externalSessionId":"s1","credentialType":"PASSWORD"}}
{"uuid":"o2","published":"2024-01-01T00:00:01Z","eventType":"user.authentication.sso","outcome":{"result":"SUCCESS"},"actor":{"alternateId":"bob"},"client":{"ipAddress":"203.0.113.7"}}
{"uuid":"o3","published":"2024-01-01T00:00:02Z","eventType":"user.account.lock","outcome":{"result":"SUCCESS"},"actor":{"alternateId":"a@x.com"}}
{"uuid":"o4","published":"2024-01-01T00:00:03Z","eventType":"user.session.end","outcome":{"result":"CHALLENGE"},"actor":{"alternateId":"a@x.com"}}
`
	ct := `{"eventTime":"2025-03-29T11:10:09Z","eventID":"e1","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"128.94.16.112","userAgent":"UA","errorMessage":"Failed authentication","userIdentity":{"type":"IAMUser","userName":"sharma","principalId":"P1"},"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"Yes"}}
{"eventTime":"2025-03-29T11:10:40Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"128.94.16.112","userIdentity":{"type":"Root"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"}}
{"eventTime":"2025-03-29T11:10:40Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"128.94.16.113","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/alice","userName":"x"},"responseElements":{"ConsoleLogin":"Success"}}
{"eventTime":"2025-03-29T11:10:41Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"1.2.3.4","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/i-1"}}
`
	zeekLogs := []string{
		zeekLog("ssh", "auth_success\tauth_attempts\tclient\tserver\tdirection", "bool\tcount\tstring\tstring\tstring",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t22\tT\t3\tSSH-2.0-A\tSSH-2.0-B\tINBOUND",
			"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.2\t22\tF\t4\tSSH-2.0-A\tSSH-2.0-B\t-",
			"1521911799.9\tC3\t10.0.0.1\t5002\t10.0.0.2\t22\t-\t0\t-\t-\t-"),
		zeekLog("ntlm", "username\thostname\tdomainname\tserver_nb_computer_name\tserver_dns_computer_name\tsuccess", "string\tstring\tstring\tstring\tstring\tbool",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t445\tbob\tWS1\tCORP\tDC\tdc.corp\tT",
			"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.2\t445\tguest\tWS1\t-\tDC\t-\tF",
			"1521911799.9\tC4\t10.0.0.1\t5003\t10.0.0.2\t445\t-\t-\t-\t-\t-\t-"),
		zeekLog("rdp", "cookie\tresult\tsecurity_protocol\tclient_name\tclient_build", "string\tstring\tstring\tstring\tstring",
			"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t3389\tjerry\tencrypted\tHYBRID\tPC\tRDP 8.0",
			"1521911799.9\tC3\t10.0.0.1\t5002\t10.0.0.2\t3389\tnmap\tHYBRID_REQUIRED_BY_SERVER\t-\t-\t-"),
		zeekLog("kerberos", "request_type\tclient\tservice\tsuccess\terror_msg", "string\tstring\tstring\tbool\tstring",
			"1521911799.1\tC1\t10.0.0.1\t5000\t10.0.0.2\t88\tAS\talice/CORP.LOCAL\tkrbtgt/CORP.LOCAL\tF\tKDC_ERR_PREAUTH_FAILED",
			"1521911799.3\tC3\t10.0.0.1\t5002\t10.0.0.2\t88\tTGS\talice/CORP.LOCAL\thost/x\tT\t-",
			"1521911799.4\tC4\t10.0.0.1\t5003\t10.0.0.2\t88\tAS\t/NM\tkrbtgt/NM\t-\t-"),
	}
	zeekCat := table.NewSet()
	for _, in := range zeekLogs {
		for _, n := range catalogOf(t, zeek.Family{}, in).Names() {
			zt, _ := catalogOf(t, zeek.Family{}, in).Lookup(n)
			zeekCat.Add(zt)
		}
	}
	return map[string]*table.Set{
		"entra":      lenientCatalog(t, entra.Family{}, string(signins)),
		"windows":    catalogOf(t, winevent.Family{}, secEvents),
		"mssql":      catalogOf(t, winevent.Family{}, mssql),
		"syslog":     syslogCatalog(t, syslogSample),
		"web":        catalogOf(t, weblog.Family{}, web),
		"okta":       catalogOf(t, okta.Family{}, oktaIn),
		"cloudtrail": catalogOf(t, cloudtrail.Family{}, ct),
		"zeek":       zeekCat,
	}
}

// lenientCatalog is catalogOf with bad records skipped.
func lenientCatalog(t *testing.T, fam source.Family, input string) *table.Set {
	t.Helper()
	sink := source.NewSink(false)
	if err := fam.Read(strings.NewReader(input), "test", source.Options{Year: 2024}, sink); err != nil {
		t.Fatal(err)
	}
	cat := table.NewSet()
	for _, tb := range sink.Tables() {
		cat.Add(tb)
	}
	return cat
}

// TestColumnsFamilies checks column pruning over every source family's
// in-memory tables.
func TestColumnsFamilies(t *testing.T) {
	for name, cat := range families(t) {
		t.Run(name, func(t *testing.T) {
			if n := checkColumns(t, cat); n == 0 {
				t.Fatal("the fixture gives no rows")
			}
		})
	}
}

// TestTransferColumns checks column pruning of the data-transfer view
// over every transfer source, in memory and file-backed.
func TestTransferColumns(t *testing.T) {
	fam := families(t)
	zeekConn := zeekLog("conn", "proto\tservice\torig_bytes\tresp_bytes", "enum\tstring\tcount\tcount",
		"1521911799.7\tC1\t10.0.0.1\t5000\t10.0.0.2\t443\ttcp\tssl\t100\t20000",
		"1521911799.8\tC2\t10.0.0.1\t5001\t10.0.0.3\t0\tudp\t-\t-\t5")
	proxi := "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02\n" +
		"[10.30 16:49:07] chrome.exe - 10.0.0.1:443 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS\n"
	cases := map[string]table.Catalog{
		"zeek":       catalogOf(t, zeek.Family{}, zeekConn),
		"web":        fam["web"],
		"cloudtrail": fam["cloudtrail"],
		"proxifier":  catalogOf(t, proxifier.Family{}, proxi),
		"generic csv": table.NewSet(fileTable(t, "exports", "x.csv",
			"timestamp,user_id,bytes_transferred,ip_address,resource\n2024-01-01T00:00:00Z,bob,1e6,1.2.3.4,db.users\n2024-01-01T00:01:00Z,eve,12,,\n")),
	}
	for name, cat := range cases {
		t.Run(name, func(t *testing.T) {
			if n := checkTransferColumns(t, cat); n == 0 {
				t.Fatal("the fixture gives no rows")
			}
		})
	}
}

// TestColumnsFileTables checks column pruning over file-backed tables,
// where nested Entra values come from ingest.FileTable.ScanFields, and
// over the same rows as in-memory tables (the fallback that decodes the
// objects), and that both agree.
func TestColumnsFileTables(t *testing.T) {
	nonInteractive := strings.ReplaceAll(entraNDJSON, `"ResultType"`, `"ResultType":"0","X"`)
	cases := map[string]table.Table{
		"SigninLogs ndjson":  fileTable(t, "SigninLogs", "s.json", entraNDJSON),
		"SigninLogs csv":     fileTable(t, "SigninLogs", "s.csv", entraCSV),
		"non-interactive":    fileTable(t, "AADNonInteractiveUserSignInLogs", "n.json", nonInteractive),
		"SecurityEvent":      fileTable(t, "SecurityEvent", "e.json", `{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:00Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","Status":"0xc000006d","SubStatus":"0xC000006A","LogonType":3,"IpAddress":"10.0.0.9"}`+"\n"+`{"EventID":"4688"}`+"\n"),
		"AWSCloudTrail csv":  fileTable(t, "AWSCloudTrail", "c.csv", "TimeGenerated,EventName,UserIdentityType,UserIdentityUserName,ResponseElements,AdditionalEventData,ErrorMessage\n2025-01-01T00:00:00Z,ConsoleLogin,IAMUser,bob,\"{\"\"ConsoleLogin\"\":\"\"Failure\"\"}\",\"{\"\"MFAUsed\"\": \"\"Yes\"\"}\",Failed authentication\n2025-01-01T00:00:01Z,GetObject,IAMUser,bob,,,\n"),
		"Okta ndjson":        fileTable(t, "Okta", "o.json", `{"TimeGenerated":"2024-01-01T00:00:00Z","eventType":"user.session.start","outcome_result":"FAILURE","outcome_reason":"LOCKED_OUT","actor_alternateId":"a@x.com","client_ipAddress":"1.2.3.4","client_geographicalContext_geolocation_lat":1.5}`+"\n"+`{"eventType":"other"}`+"\n"),
		"ZeekSsh ndjson":     fileTable(t, "ZeekSsh", "z.json", `{"ts":"2024-01-01T00:00:00Z","uid":"C1","id_orig_h":"10.0.0.1","id_orig_p":5000,"id_resp_h":"10.0.0.2","auth_success":"F","auth_attempts":3}`+"\n"),
		"WindowsEvent json":  fileTable(t, "WindowsEvent", "w.json", `{"TimeGenerated":"2024-01-01T00:00:00Z","EventID":18456,"Provider":"MSSQLSERVER","Computer":"DB","EventData":{"Data":["sa"," Reason: Password did not match"," [CLIENT: 10.0.0.3]"]}}`+"\n"),
		"ASimWebSessionLogs": fileTable(t, "ASimWebSessionLogs", "web.json", `{"TimeGenerated":"2024-01-01T00:00:00Z","SrcIpAddr":"1.2.3.4","Url":"/login","HttpStatusCode":"401","AdditionalFields":{"LoginAttempt":true}}`+"\n"+`{"Url":"/","AdditionalFields":{}}`+"\n"),
	}
	for name, ft := range cases {
		t.Run(name, func(t *testing.T) {
			cat := table.NewSet(ft)
			if n := checkColumns(t, cat); n == 0 {
				t.Fatal("the fixture gives no rows")
			}
			if ft.Name() != "SigninLogs" && ft.Name() != "AADNonInteractiveUserSignInLogs" {
				return
			}
			// The same rows in memory: fields come from the decoded objects.
			var batches []*column.Batch
			err := ft.Scan(context.Background(), table.ScanRequest{}, func(_ int, b *column.Batch) error {
				batches = append(batches, b)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			mem := table.NewSet(table.NewMemory(ft.Name(), ft.Schema(), batches...))
			checkColumns(t, mem)
			fromFile, err := Authentication(cat)
			if err != nil {
				t.Fatal(err)
			}
			fromMem, err := Authentication(mem)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := dumpTable(t, fromFile), dumpTable(t, fromMem); !slices.Equal(got, want) {
				t.Errorf("file-backed and in-memory views differ:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestColumnsEntraValues pins the nested values of the generic sign-in
// table, so that the pruned and whole views cannot agree on wrong ones.
func TestColumnsEntraValues(t *testing.T) {
	cat := table.NewSet(fileTable(t, "SigninLogs", "s.json", entraNDJSON))
	got := authRows(t, cat, "TimeGenerated", "Src", "SrcGeoCountry", "SrcGeoCity", "SrcGeoLatitude", "SrcGeoLongitude", "SrcDvcOs", "ActingAppName")
	want := `2024-05-01T10:00:00Z|198.51.100.1|NL|Amsterdam|52.37|4|Windows 10|Edge 1
2024-05-01T10:00:01Z|laptop "7"|DE|Berlin||||
2024-05-01T10:00:02Z|203.0.113.9|FR|||||
2024-05-01T10:00:03Z|203.0.113.9|FRé|Paris|-15||true|{"n":[1,2.5]}
2024-05-01T10:00:04Z||US|||||
2024-05-01T10:00:05Z|spaced||||||
2024-05-01T10:00:06Z|x` + "\t" + `y||||||` + "\U0001F600\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestColumnsReadLess checks that a view of the hunt's columns scans only
// the sign-in columns they are computed from.
func TestColumnsReadLess(t *testing.T) {
	var batches []*column.Batch
	ft := fileTable(t, "SigninLogs", "s.json", entraNDJSON)
	if err := ft.Scan(context.Background(), table.ScanRequest{}, func(_ int, b *column.Batch) error {
		batches = append(batches, b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{Table: table.NewMemory("SigninLogs", ft.Schema(), batches...)}
	cat := table.NewSet(rec)
	if _, err := AuthenticationColumns(context.Background(), cat, huntColumns); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rec.cols, ",")
	want := "TimeGenerated,CreatedDateTime,ResultType,UserPrincipalName,IPAddress,AppDisplayName,Location,UserAgent,LocationDetails,DeviceDetail"
	if got != want {
		t.Errorf("scanned %s, want %s", got, want)
	}
	rec.cols = nil
	m, err := AuthenticationColumns(context.Background(), cat, []string{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.cols, ","); got != "TimeGenerated" {
		t.Errorf("count only: scanned %s, want TimeGenerated", got)
	}
	if n := len(tabletest.Dump(t, m, []string{})); n != 7 {
		t.Errorf("count only: %d rows, want 7", n)
	}
}

// recorder is a table that records the columns scans ask for.
type recorder struct {
	table.Table
	cols []string
}

func (r *recorder) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	r.cols = append(r.cols, req.Columns...)
	return r.Table.Scan(ctx, req, emit)
}

// TestInputDeclarations checks that the declarations name event fields
// that exist.
func TestInputDeclarations(t *testing.T) {
	fields := map[string]bool{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[authEvent]()) {
		fields[f.Name] = true
	}
	for _, c := range authColumns {
		for _, f := range c.reads {
			if !fields[f] {
				t.Errorf("column %s reads %s, not an authEvent field", c.name, f)
			}
		}
	}
	for _, src := range authSources {
		for f := range src.inputs.fields {
			if !fields[f] {
				t.Errorf("%s declares inputs of %s, not an authEvent field", src.table, f)
			}
		}
	}
}

// BenchmarkEntraView builds the view over a generated file of Entra
// sign-ins (a generic NDJSON SigninLogs table) for the hunt's columns and
// for all columns.
func BenchmarkEntraView(b *testing.B) {
	path := filepath.Join(b.TempDir(), "signins.json")
	var sb strings.Builder
	rng := rand.New(rand.NewSource(1))
	for i := range 20000 {
		fmt.Fprintf(&sb, `{"TenantId":"t","SourceSystem":"Azure AD","TimeGenerated":"2024-05-01T%02d:%02d:%02dZ","ResourceId":"/tenants/x/providers/Microsoft.aadiam","OperationName":"Sign-in activity","OperationVersion":"1.0","Category":"SignInLogs","ResultType":"%s","ResultSignature":"None","ResultDescription":"Invalid username or password or Invalid on-premise username or password.","DurationMs":0,"CorrelationId":"%08x-0000-4000-8000-000000000000","Resource":"Microsoft.aadiam","ResourceGroup":"Microsoft.aadiam","Identity":"User %d","Level":4,"Location":"NL","AlternateSignInName":"user%d@contoso.com","AppDisplayName":"Office 365 Exchange Online","AppId":"00000002-0000-0ff1-ce00-000000000000","AuthenticationDetails":"[]","AuthenticationMethodsUsed":"","AuthenticationProcessingDetails":[{"key":"Legacy TLS","value":"False"}],"AuthenticationRequirement":"singleFactorAuthentication","ClientAppUsed":"Browser","ConditionalAccessPolicies":[],"ConditionalAccessStatus":"notApplied","CreatedDateTime":"2024-05-01T00:00:00Z","DeviceDetail":{"deviceId":"","operatingSystem":"Windows10","browser":"Chrome 120.0.0"},"IsInteractive":true,"Id":"%08x-1111-4000-8000-000000000000","IPAddress":"198.51.%d.%d","IsRisky":false,"LocationDetails":{"city":"Amsterdam","state":"Noord-Holland","countryOrRegion":"NL","geoCoordinates":{"latitude":52.37,"longitude":4.89}},"MfaDetail":{},"NetworkLocationDetails":"[]","ResourceDisplayName":"Office 365 Exchange Online","ResourceIdentity":"00000002-0000-0ff1-ce00-000000000000","RiskDetail":"none","RiskLevelAggregated":"none","RiskLevelDuringSignIn":"none","RiskState":"none","Status":{"errorCode":50126,"failureReason":"Invalid username or password."},"TokenIssuerType":"AzureAD","UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","UserDisplayName":"User %d","UserId":"%08x-2222-4000-8000-000000000000","UserPrincipalName":"user%d@contoso.com","UserType":"Member"}`+"\n",
			i/3600%24, i/60%60, i%60, []string{"0", "50126", "50053"}[rng.Intn(3)], i, i%500, i%500,
			i, rng.Intn(256), rng.Intn(256), i%500, i%500, i%500)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	ft, err := ingest.NewFileTable("SigninLogs", []string{path}, ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cat := table.NewSet(ft)
	for _, c := range []struct {
		name string
		cols []string
	}{{"hunt-columns", huntColumns}, {"all-columns", nil}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(sb.Len()))
			for b.Loop() {
				if _, err := AuthenticationColumns(context.Background(), cat, c.cols); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
