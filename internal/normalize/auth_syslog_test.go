package normalize

import (
	"fmt"
	"testing"
)

// TestSshdEvent pins how sshd messages are classified, including the
// order of the tests (a "message repeated" line without "Failed " falls
// through to the break-in checks), and that a message that is no event
// leaves the event untouched.
func TestSshdEvent(t *testing.T) {
	cases := []struct{ msg, want string }{
		{"Accepted password for alice from 10.1.2.3 port 50000 ssh2", "Success|Logon||10.1.2.3|50000|alice|1|-"},
		{"Accepted publickey for invalid user bob from 10.1.2.3 port 5 ssh2", "Success|Logon||10.1.2.3|5|bob|1|map[InvalidUser:true]"},
		{"Failed password for root from 183.62.140.253 port 54256 ssh2", "Failure|Logon||183.62.140.253|54256|root|1|-"},
		{"Failed none for invalid user x from 1.2.3.4 port 1 ssh2", "Failure|Logon||1.2.3.4|1|x|1|map[InvalidUser:true]"},
		{"message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]", "Failure|Logon||1.2.3.4|22|root|5|-"},
		{"message repeated 2 times: [ Address 9.9.9.9 maps to h, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!]",
			"Failure|Logon|Address to host to address mapping does not map back to address|9.9.9.9|0||1|-"},
		{"Invalid user admin from 103.99.0.122 port 4000", "Failure|Logon||103.99.0.122|4000|admin|1|-"},
		{"Timeout, client not responding from user carol 1.2.3.7 port 2222", "Success|Logoff||1.2.3.7|2222|carol|1|-"},
		{"reverse mapping checking getaddrinfo for x.example [1.2.3.5] failed - POSSIBLE BREAK-IN ATTEMPT!",
			"Failure|Logon|Reverse mapping failed|1.2.3.5|0||1|-"},
		{"Nasty PTR record \"a.b\" is set up for 5.6.7.8, ignoring", "Failure|Logon|Nasty PTR record set for IP Address|5.6.7.8|0||1|-"},
		{"Received disconnect from 112.95.230.3: 11: Bye Bye [preauth]", ""},
		{"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180  user=root", ""},
		{"message repeated 3 times: [ Connection closed by 1.2.3.4]", ""},
		{"", ""},
	}
	for _, c := range cases {
		e := authEvent{RuleName: "untouched"}
		ok := sshdEvent(&e, c.msg)
		got := ""
		if ok {
			got = fmt.Sprintf("%s|%s|%s|%s|%d|%s|%d|%v", e.EventResult, e.EventType, e.RuleName, e.SrcIpAddr,
				e.SrcPortNumber, e.TargetUsername, max(e.EventCount, 1), fields(e.AdditionalFields))
		} else if e.RuleName != "untouched" {
			t.Errorf("%q: no event, but the event was written", c.msg)
		}
		if got != c.want {
			t.Errorf("%q:\n got  %s\n want %s", c.msg, got, c.want)
		}
	}
}

func fields(m map[string]any) string {
	if m == nil {
		return "-"
	}
	return fmt.Sprint(m)
}
