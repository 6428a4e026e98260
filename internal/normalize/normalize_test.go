package normalize

import (
	"fmt"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/ingest/cloudtrail"
	"quarry/internal/ingest/okta"
	"quarry/internal/ingest/source"
	"quarry/internal/ingest/syslog"
	"quarry/internal/ingest/weblog"
	"quarry/internal/ingest/winevent"
	"quarry/internal/ingest/zeek"
	"quarry/internal/table"
)

// catalogOf reads input with family and returns the tables as a catalog.
func catalogOf(t testing.TB, fam source.Family, input string) *table.Set {
	t.Helper()
	sink := source.NewSink(true)
	if err := fam.Read(strings.NewReader(input), "test", source.Options{Year: 2024}, sink); err != nil {
		t.Fatal(err)
	}
	cat := table.NewSet()
	for _, tb := range sink.Tables() {
		cat.Add(tb)
	}
	return cat
}

// authRows renders chosen columns of the view, one row per line.
func authRows(t testing.TB, cat table.Catalog, cols ...string) string {
	t.Helper()
	m, err := Authentication(cat)
	if err != nil {
		t.Fatal(err)
	}
	return render(m, cols)
}

func render(m *table.Memory, cols []string) string {
	var b strings.Builder
	for _, batch := range m.Batches() {
		for i := 0; i < batch.Len; i++ {
			parts := make([]string, len(cols))
			for j, c := range cols {
				parts[j] = batch.Cols[m.Schema().Index(c)].Value(i).Text()
			}
			b.WriteString(strings.Join(parts, "|") + "\n")
		}
	}
	return b.String()
}

var resultCols = []string{"EventType", "EventResult", "EventResultDetails", "TargetUsername", "SrcIpAddr", "EventCount"}

func TestSshd(t *testing.T) {
	in := `Dec 10 06:55:46 h sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2
Dec 10 06:55:47 h sshd[1]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2
Dec 10 06:55:48 h sshd[1]: message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]
Dec 10 06:55:49 h sshd[1]: Failed publickey for git from 1.2.3.5 port 22 ssh2
Dec 10 06:55:50 h sshd[1]: Invalid user oracle from 1.2.3.6 port 4000
Dec 10 06:55:51 h sshd[1]: Accepted publickey for alice from 10.0.0.1 port 22 ssh2: RSA SHA256:x
Dec 10 06:55:52 h sshd[1]: reverse mapping checking getaddrinfo for x.example [5.6.7.8] failed - POSSIBLE BREAK-IN ATTEMPT!
Dec 10 06:55:53 h sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root
Dec 10 06:55:54 h sshd[1]: Timeout, client not responding from user bob 9.9.9.9 port 22
Dec 10 06:55:55 h sshd[1]: Received disconnect from 1.2.3.4 port 22:11: Bye [preauth]
`
	want := `Logon|Failure|Incorrect password|root|1.2.3.4|1
Logon|Failure|Incorrect password|admin|1.2.3.4|1
Logon|Failure|Incorrect password|root|1.2.3.4|5
Logon|Failure|Incorrect key|git|1.2.3.5|1
Logon|Failure|No such user|oracle|1.2.3.6|1
Logon|Success||alice|10.0.0.1|1
Logon|Failure|Logon violates policy||5.6.7.8|1
Logoff|Success||bob|9.9.9.9|1
`
	if got := authRows(t, catalogOf(t, syslog.Family{}, in), resultCols...); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLinuxOther(t *testing.T) {
	in := `Jun 14 15:16:01 combo sshd(pam_unix)[1]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4  user=root
Jun 14 15:16:02 combo sshd(pam_unix)[2]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net
Mar 27 16:16:42 h su[3]: Successful su for root by ubuntu
Mar 27 16:16:43 h su[3]: FAILED su for root by mallory
Mar 27 16:16:44 h sudo:   bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh
Mar 27 16:16:45 h sudo:   eve : user NOT in sudoers ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh
Mar 27 16:16:46 h sudo:   ann : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/ls
Mar 27 16:16:47 h vsftpd[4]: [ftpuser] FAIL LOGIN: Client "192.0.2.4"
Mar 27 16:16:48 h login[5]: FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure
Mar 27 16:16:49 h cockpit-session: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.9  user=admin
`
	want := `Logon|Failure|Incorrect password|root|218.188.2.4|1
Logon|Failure|No such user|||1
Elevate|Success||root||1
Elevate|Failure|Incorrect password|root||1
Elevate|Failure|Incorrect password|root||3
Elevate|Failure|Logon violates policy|root||1
Elevate|Success||root||1
Logon|Failure|No such user or password|ftpuser|192.0.2.4|1
Logon|Failure|Incorrect password|root||1
Logon|Failure|Incorrect password|admin|192.0.2.9|1
`
	if got := authRows(t, catalogOf(t, syslog.Family{}, in), resultCols...); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSecurityEvent(t *testing.T) {
	in := `{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:00Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","Status":"0xc000006d","SubStatus":"0xC000006A","LogonType":3,"IpAddress":"10.0.0.9","AuthenticationPackageName":"NTLM"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:01Z","Computer":"WS5","TargetUserName":"ghost","TargetDomainName":"-","Status":"0xc000006d","SubStatus":"0xc0000064","LogonType":3,"IpAddress":"10.0.0.9"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:02Z","Computer":"WS5","TargetUserName":"ian","TargetDomainName":"WS5","Status":"0xc000015b","SubStatus":"0x0","LogonType":4,"IpAddress":"-"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:03Z","Computer":"WS5","TargetUserName":"carl","Status":"0xc000006e","SubStatus":"0xc0000234"}
{"EventID":4624,"TimeGenerated":"2020-01-01T00:00:04Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","LogonType":10,"IpAddress":"10.0.0.9"}
{"EventID":4771,"TimeGenerated":"2020-01-01T00:00:05Z","Computer":"DC","TargetUserName":"admin","Status":"0x18","IpAddress":"::ffff:172.16.66.1"}
{"EventID":4768,"TimeGenerated":"2020-01-01T00:00:06Z","Computer":"DC","TargetUserName":"HD01","TargetDomainName":"CORP.COM","Status":"0x00000006","IpAddress":"172.16.66.1"}
{"EventID":4768,"TimeGenerated":"2020-01-01T00:00:07Z","Computer":"DC","TargetUserName":"normal","TargetDomainName":"CORP.COM","Status":"0x0","IpAddress":"172.16.66.1"}
{"EventID":4776,"TimeGenerated":"2020-01-01T00:00:08Z","Computer":"DC","TargetUserName":"sue","Workstation":"WS5","Status":"0xc0000071"}
{"EventID":4634,"TimeGenerated":"2020-01-01T00:00:09Z","Computer":"WS5","TargetUserName":"bob","TargetDomainName":"CORP","LogonType":3}
{"EventID":4688,"TimeGenerated":"2020-01-01T00:00:10Z","Computer":"WS5"}
`
	want := `Logon|Failure|Incorrect password|CORP\bob|10.0.0.9|1|0xc000006a|Network
Logon|Failure|No such user or password|ghost|10.0.0.9|1|0xc0000064|Network
Logon|Failure|Logon violates policy|WS5\ian||1|0xc000015b|Batch
Logon|Failure|User locked|carl||1|0xc0000234|
Logon|Success||CORP\bob|10.0.0.9|1||RemoteInteractive
Logon|Failure|Incorrect password|admin|172.16.66.1|1|0x18|
Logon|Failure|No such user|CORP.COM\HD01|172.16.66.1|1|0x00000006|
Logon|Success||CORP.COM\normal|172.16.66.1|1|0x0|
Logon|Failure|Password expired|sue||1|0xc0000071|
Logoff|Success||CORP\bob||1||Network
`
	cols := append(append([]string{}, resultCols...), "EventOriginalResultDetails", "EventSubType")
	if got := authRows(t, catalogOf(t, winevent.Family{}, in), cols...); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSigninLogs(t *testing.T) {
	schema := column.Schema{
		{Name: "TimeGenerated", Type: column.DateTime}, {Name: "ResultType", Type: column.String},
		{Name: "UserPrincipalName", Type: column.String}, {Name: "IPAddress", Type: column.String},
		{Name: "LocationDetails", Type: column.Dynamic}, {Name: "UserType", Type: column.String},
		{Name: "AuthenticationRequirement", Type: column.String},
	}
	b := column.NewBatch(schema, 8)
	loc := map[string]any{"countryOrRegion": "NL", "city": "Amsterdam", "geoCoordinates": map[string]any{"latitude": 52.3, "longitude": int64(4)}}
	for i, code := range []string{"0", "50126", "50053", "50055", "50057", "50074", "90072", "50034"} {
		b.AppendRow([]column.Value{
			column.DateTimeTicks(int64(i)), column.StringValue(code), column.StringValue("u@x.com"),
			column.StringValue("198.51.100.1"), column.DynamicValue(loc), column.StringValue("Member"),
			column.StringValue("singleFactorAuthentication"),
		})
	}
	cat := table.NewSet(table.NewMemory("SigninLogs", schema, b))
	got := authRows(t, cat, "EventResult", "EventResultDetails", "EventOriginalResultDetails", "SrcGeoCountry", "SrcGeoCity", "SrcGeoLongitude", "TargetUserType", "LogonMethod", "EventProduct")
	want := `Success|Success|0|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|No such user or password|50126|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|User locked|50053|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|Password expired|50055|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|User disabled|50057|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|Logon violates policy|50074|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure||90072|NL|Amsterdam|4|Regular|Username & Password|AAD
Failure|No such user or password|50034|NL|Amsterdam|4|Regular|Username & Password|AAD
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWebLogins(t *testing.T) {
	in := `203.0.113.5 - - [17/May/2015:10:06:01 +0000] "POST /login HTTP/1.1" 401 12 "-" "python"
203.0.113.5 - bob [17/May/2015:10:06:02 +0000] "POST /login HTTP/1.1" 302 0 "-" "python"
203.0.113.5 - - [17/May/2015:10:06:03 +0000] "POST /wp-login.php HTTP/1.1" 403 0 "-" "python"
203.0.113.5 - - [17/May/2015:10:06:04 +0000] "POST /login HTTP/1.1" 500 0 "-" "python"
203.0.113.5 - - [17/May/2015:10:06:05 +0000] "GET /login HTTP/1.1" 200 0 "-" "python"
`
	want := `Logon|Failure|No such user or password||203.0.113.5|1
Logon|Success||bob|203.0.113.5|1
Logon|Failure|Logon violates policy||203.0.113.5|1
Logon|NA|||203.0.113.5|1
`
	if got := authRows(t, catalogOf(t, weblog.Family{}, in), resultCols...); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestOktaAndCloudTrail(t *testing.T) {
	oktaIn := `{"published":"2024-01-01T00:00:00Z","eventType":"user.session.start","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"actor":{"alternateId":"a@x.com"},"client":{"ipAddress":"203.0.113.7"}}
{"published":"2024-01-01T00:00:01Z","eventType":"user.authentication.sso","outcome":{"result":"SUCCESS"},"actor":{"alternateId":"a@x.com"},"client":{"ipAddress":"203.0.113.7"}}
{"published":"2024-01-01T00:00:02Z","eventType":"user.account.lock","outcome":{"result":"SUCCESS"},"actor":{"alternateId":"a@x.com"}}
`
	want := `Logon|Failure|No such user or password|a@x.com|203.0.113.7|1
Logon|Success||a@x.com|203.0.113.7|1
`
	if got := authRows(t, catalogOf(t, okta.Family{}, oktaIn), resultCols...); got != want {
		t.Errorf("okta: got\n%s\nwant\n%s", got, want)
	}
	ctIn := `{"eventTime":"2025-03-29T11:10:09Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"128.94.16.112","errorMessage":"Failed authentication","userIdentity":{"type":"IAMUser","userName":"sharma"},"responseElements":{"ConsoleLogin":"Failure"}}
{"eventTime":"2025-03-29T11:10:40Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"128.94.16.112","userIdentity":{"type":"Root"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"}}
{"eventTime":"2025-03-29T11:10:41Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"1.2.3.4","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/i-1"},"requestParameters":{"bucketName":"b","key":"k"},"additionalEventData":{"bytesTransferredOut":89.0}}
`
	cat := catalogOf(t, cloudtrail.Family{}, ctIn)
	want = `Logon|Failure|No such user or password|sharma|128.94.16.112|1|Regular|
Logon|Success||root|128.94.16.112|1|Admin|MFA
`
	if got := authRows(t, cat, append(append([]string{}, resultCols...), "TargetUserType", "LogonMethod")...); got != want {
		t.Errorf("cloudtrail: got\n%s\nwant\n%s", got, want)
	}
	m, err := DataTransfer(cat)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := render(m, []string{"User", "SrcIpAddr", "Resource", "BytesReceived", "Operation"}), "i-1|1.2.3.4|s3://b/k|89|GetObject\n"; got != want {
		t.Errorf("transfer: got %q, want %q", got, want)
	}
}

func TestDataTransfer(t *testing.T) {
	schema := column.Schema{{Name: "Timestamp", Type: column.String}, {Name: "USER_ID", Type: column.String}, {Name: "bytes_transferred", Type: column.Long}}
	b := column.NewBatch(schema, 1)
	b.AppendRow([]column.Value{column.StringValue("2024-05-01T10:00:00Z"), column.StringValue("svc-export"), column.LongValue(5 << 30)})
	cat := table.NewSet(table.NewMemory("transfers", schema, b))
	zeekIn := "{\"_path\":\"conn\",\"ts\":1588205198.9,\"uid\":\"C\",\"id.orig_h\":\"10.0.1.4\",\"id.orig_p\":1,\"id.resp_h\":\"192.168.0.4\",\"id.resp_p\":80,\"proto\":\"tcp\",\"service\":\"http\",\"orig_bytes\":2181167,\"resp_bytes\":27238}\n"
	for _, tb := range catalogOf(t, zeek.Family{}, zeekIn).Names() {
		zt, _ := catalogOf(t, zeek.Family{}, zeekIn).Lookup(tb)
		cat.Add(zt)
	}
	web := `68.180.224.225 - - [17/May/2015:10:06:01 +0000] "GET /big.tar HTTP/1.1" 200 1000000 "-" "bot"` + "\n"
	wt, _ := catalogOf(t, weblog.Family{}, web).Lookup(weblog.TableName)
	cat.Add(wt)
	m, err := DataTransfer(cat)
	if err != nil {
		t.Fatal(err)
	}
	got := render(m, []string{"TimeGenerated", "Type", "User", "SrcIpAddr", "DstIpAddr", "Resource", "BytesSent", "BytesReceived"})
	want := `2015-05-17T10:06:01Z|ASimWebSessionLogs||68.180.224.225||/big.tar|0|1000000
2020-04-30T00:06:38.9Z|ZeekConn||10.0.1.4|192.168.0.4|192.168.0.4:80|2181167|27238
2024-05-01T10:00:00Z|transfers|svc-export||||0|5368709120
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEmptyCatalog(t *testing.T) {
	m, err := Authentication(table.NewSet())
	if err != nil || len(m.Batches()) != 0 {
		t.Fatalf("got %v %v", m, err)
	}
	if fmt.Sprint(m.Schema().Index("EventSchema")) == "-1" {
		t.Fatal("schema lacks EventSchema")
	}
}

func BenchmarkAuthenticationSyslog(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 50_000; i++ {
		sb.WriteString("Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 183.62.140.253 port 54256 ssh2\n")
	}
	cat := catalogOf(b, syslog.Family{}, sb.String())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Authentication(cat); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/50_000, "ns/record")
}
