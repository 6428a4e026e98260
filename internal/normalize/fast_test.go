package normalize

import (
	"context"
	"os"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
	"quarry/internal/ingest/syslog"
	"quarry/internal/table"
)

// syslogSample is a mix of authentication lines of every program the
// Syslog normalizer knows, and lines it ignores.
var syslogSample = strings.Join([]string{
	"Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 183.62.140.253 port 54256 ssh2",
	"Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user bob from 183.62.140.253 port 54256 ssh2",
	"Dec 10 06:55:47 LabSZ sshd[24201]: Invalid user admin from 103.99.0.122",
	"Dec 10 06:55:47 LabSZ sshd[24201]: Invalid user admin from 103.99.0.122 port 4000",
	"Dec 10 06:55:48 LabSZ sshd[24202]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180  user=root",
	"Dec 10 06:55:49 LabSZ sshd[24203]: Accepted password for alice from 10.1.2.3 port 50000 ssh2",
	"Dec 10 06:55:49 LabSZ sshd[24203]: Accepted publickey for alice from 10.1.2.3 port 50000 ssh2",
	"Dec 10 06:55:50 LabSZ sshd[24204]: Received disconnect from 112.95.230.3: 11: Bye Bye [preauth]",
	"Dec 10 06:55:51 LabSZ sshd[24205]: message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]",
	"Dec 10 06:55:52 LabSZ sshd[24206]: reverse mapping checking getaddrinfo for x.example [1.2.3.5] failed - POSSIBLE BREAK-IN ATTEMPT!",
	"Dec 10 06:55:52 LabSZ sshd[24206]: Address 1.2.3.6 maps to y.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!",
	"Dec 10 06:55:53 LabSZ sshd[24207]: Timeout, client not responding from user carol 1.2.3.7 port 2222",
	"Dec 10 06:55:54 web1 su[100]: FAILED su for root by dave",
	"Dec 10 06:55:54 web1 su[100]: Successful su for root by dave",
	"Dec 10 06:55:55 web1 sudo:   erin : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh",
	"Dec 10 06:55:55 web1 sudo:   erin : TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/ls",
	"Dec 10 06:55:56 web1 login[7]: FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', Authentication failure",
	"Dec 10 06:55:57 web1 vsftpd[8]: [frank] FAIL LOGIN: Client \"9.9.9.9\"",
	"Dec 10 06:55:58 web1 sshd(pam_unix)[9]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example",
	"Dec 10 06:55:59 web1 cron[10]: pam_unix(cron:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=  user=gina",
	"Dec 10 06:56:00 web1 CRON[11]: pam_unix(cron:session): session opened for user root by (uid=0)",
	"<38>1 2021-01-01T00:00:03.123Z web2 sshd 99 - - Failed password for root from 4.4.4.4 port 1 ssh2",
}, "\n") + "\n"

// syslogCatalog reads in with the syslog family (its parallel path).
func syslogCatalog(tb testing.TB, in string) *table.Set {
	tb.Helper()
	sink := source.NewSink(false)
	if err := (syslog.Family{}).Read(strings.NewReader(in), "test", source.Options{Year: 2024}, sink); err != nil {
		tb.Fatal(err)
	}
	cat := table.NewSet()
	for _, t := range sink.Tables() {
		cat.Add(t)
	}
	return cat
}

// TestSyslogFastPath checks that the batch path gives the view the
// row-at-a-time path gives, cell for cell.
func TestSyslogFastPath(t *testing.T) {
	cat := syslogCatalog(t, strings.Repeat(syslogSample, 1000))
	syslogTable, _ := cat.Lookup("Syslog")
	fast := newAuthBuilder()
	if done, err := syslogAuthBatches(context.Background(), syslogTable, fast); !done || err != nil {
		t.Fatalf("fast path: %v %v", done, err)
	}
	slow := newAuthBuilder()
	if err := syslogAuth(context.Background(), syslogTable, slow.add); err != nil {
		t.Fatal(err)
	}
	got, want := dumpTable(t, fast.table()), dumpTable(t, slow.table())
	if len(want) != 19*1000 { // 19 of the 22 sample lines are authentication events
		t.Errorf("%d rows, want %d", len(want), 19*1000)
	}
	if len(got) != len(want) {
		t.Fatalf("fast path: %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("row %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
}

// dumpTable renders every row of m with every cell's type, nullness and
// value.
func dumpTable(tb testing.TB, m *table.Memory) []string {
	tb.Helper()
	var out []string
	for _, b := range m.Batches() {
		for i := 0; i < b.Len; i++ {
			var sb strings.Builder
			for c, v := range b.Cols {
				x := v.Value(i)
				sb.WriteString(m.Schema()[c].Name + "=" + x.Type.String())
				if x.IsNull() {
					sb.WriteString("(null)")
				}
				sb.WriteString(":" + x.String() + " ")
			}
			out = append(out, sb.String())
		}
	}
	return out
}

// BenchmarkSyslogAuth builds imAuthentication from a Syslog table: the
// benchmark harness's auth.log when it exists (cd bench && go run . -only
// 7), else the sample lines repeated.
func BenchmarkSyslogAuth(b *testing.B) {
	in := strings.Repeat(syslogSample, 20000)
	if data, err := os.ReadFile("../../bench/out/auth-400000.log"); err == nil {
		in = string(data)
	}
	cat := syslogCatalog(b, in)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Authentication(cat); err != nil {
			b.Fatal(err)
		}
	}
}
