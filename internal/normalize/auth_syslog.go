package normalize

import (
	"context"
	"strconv"
	"strings"

	"quarry/internal/table"
)

var syslogColumns = []string{
	"TimeGenerated", "Computer", "HostName", "HostIP", "ProcessName", "SyslogMessage",
}

// syslogAuth normalizes authentication lines of sshd, su, sudo, login,
// FTP servers and PAM found in the Syslog table.
func syslogAuth(ctx context.Context, t table.Table, add func(*authEvent)) error {
	return scanRows(ctx, t, syslogColumns, func(r rowView) {
		proc, msg := r.str("ProcessName"), r.str("SyslogMessage")
		e := syslogEvent(proc, msg)
		if e == nil {
			return
		}
		e.Type = "Syslog"
		e.Time, _ = r.ticks("TimeGenerated")
		host := first(r.str("Computer"), r.str("HostName"))
		e.Dvc, e.DvcHostname, e.TargetHostname = first(host, r.str("HostIP")), host, host
		e.DvcIpAddr, e.DvcOs = r.str("HostIP"), "Linux"
		e.EventMessage = msg
		if e.EventVendor == "" {
			e.EventVendor = "Linux"
		}
		add(e)
	})
}

// syslogEvent dispatches on the process; nil when the line is not an
// authentication event.
func syslogEvent(proc, msg string) *authEvent {
	base, pamStyle := splitPAMProcess(proc)
	switch {
	case pamStyle:
		return pamFailure(base, msg)
	case base == "sshd":
		return sshdEvent(msg)
	case base == "su":
		return suEvent(msg)
	case base == "sudo":
		return sudoEvent(msg)
	case base == "login":
		return loginEvent(msg)
	case base == "vsftpd" || base == "proftpd" || base == "pure-ftpd" || base == "ftpd":
		return ftpEvent(base, msg)
	}
	if strings.HasPrefix(msg, "pam_unix(") {
		return pamUnixLine(base, msg)
	}
	return nil
}

// splitPAMProcess reads old-style PAM tags such as "sshd(pam_unix)".
func splitPAMProcess(proc string) (string, bool) {
	if i := strings.IndexByte(proc, '('); i > 0 && strings.HasPrefix(proc[i:], "(pam_") {
		return proc[:i], true
	}
	return proc, false
}

// sshdEvent maps OpenSSH messages as ASimAuthenticationSshd does.
func sshdEvent(msg string) *authEvent {
	e := &authEvent{
		EventVendor: "OpenBSD", EventProduct: "OpenSSH", EventSubType: "Remote",
		LogonProtocol: "ssh", TargetAppName: "sshd", TargetAppType: "Service", TargetUsernameType: "Simple",
		EventType: "Logon",
	}
	switch {
	case strings.HasPrefix(msg, "Accepted "):
		sshdAttempt(e, msg[len("Accepted "):])
		e.EventResult = "Success"
	case strings.HasPrefix(msg, "Failed "):
		sshdFailed(e, msg[len("Failed "):], 1)
	case strings.HasPrefix(msg, "message repeated ") && strings.Contains(msg, "Failed "):
		n := repeatCount(msg)
		_, rest, _ := strings.Cut(msg, "Failed ")
		sshdFailed(e, strings.TrimSuffix(rest, "]"), n)
	case strings.HasPrefix(msg, "Invalid user "):
		sshdInvalidUser(e, msg[len("Invalid user "):])
	case strings.HasPrefix(msg, "Timeout, client not responding"):
		sshdTimeout(e, msg)
	default:
		return sshdBreakIn(e, msg)
	}
	return e
}

// sshdAttempt reads "<method> for [invalid user ]<user> from <ip> port <port> ssh2".
func sshdAttempt(e *authEvent, s string) {
	method, rest, _ := strings.Cut(s, " for ")
	e.LogonMethod = sshMethod(method)
	user, addr, ok := cutLast(rest, " from ")
	if !ok {
		return
	}
	e.TargetUsername = strings.TrimPrefix(user, "invalid user ")
	if user != e.TargetUsername {
		e.AdditionalFields = map[string]any{"InvalidUser": true}
	}
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
}

// sshdFailed maps "Failed <method> for ..." (n attempts when repeated).
func sshdFailed(e *authEvent, s string, n int64) {
	sshdAttempt(e, s)
	e.EventResult, e.EventCount, e.EventSeverity = "Failure", n, "Low"
	e.EventResultDetails = "Incorrect password"
	if strings.HasPrefix(s, "publickey") {
		e.EventResultDetails = "Incorrect key"
	}
}

func sshMethod(m string) string {
	switch m {
	case "publickey", "hostbased":
		return "PKI"
	case "none":
		return ""
	}
	return "Username & password"
}

// sshdInvalidUser reads "<user> from <ip>[ port <port>]".
func sshdInvalidUser(e *authEvent, s string) {
	user, addr, ok := cutLast(s, " from ")
	if !ok {
		return
	}
	e.TargetUsername = strings.TrimSpace(user)
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
	e.EventResult, e.EventResultDetails, e.EventSeverity = "Failure", "No such user", "Low"
}

// sshdTimeout reads "Timeout, client not responding from user <u> <ip> port <p>".
func sshdTimeout(e *authEvent, msg string) {
	e.EventType, e.EventResult = "Logoff", "Success"
	_, rest, ok := strings.Cut(msg, " from user ")
	if !ok {
		return
	}
	user, addr, _ := strings.Cut(rest, " ")
	e.TargetUsername = user
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
}

// sshdBreakIn maps the DNS checks sshd logs as "POSSIBLE BREAK-IN ATTEMPT".
func sshdBreakIn(e *authEvent, msg string) *authEvent {
	switch {
	case strings.HasPrefix(msg, "reverse mapping checking getaddrinfo for"):
		e.RuleName = "Reverse mapping failed"
		e.SrcIpAddr = between(msg, "[", "]")
	case strings.Contains(msg, "but this does not map back to the address"):
		e.RuleName = "Address to host to address mapping does not map back to address"
		e.SrcIpAddr = between(msg, "Address ", " maps to")
	case strings.HasPrefix(msg, "Nasty PTR record"):
		e.RuleName = "Nasty PTR record set for IP Address"
		e.SrcIpAddr = between(msg, "is set up for ", ",")
	default:
		return nil
	}
	e.EventResult, e.EventResultDetails = "Failure", "Logon violates policy"
	e.DvcAction, e.EventSeverity = "Block", "Medium"
	return e
}

// repeatCount reads N of "message repeated N times: [ ... ]".
func repeatCount(msg string) int64 {
	n, err := strconv.ParseInt(between(msg, "message repeated ", " times"), 10, 64)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// ipPort reads "<ip>[ port <port>][ ...]".
func ipPort(s string) (string, int64) {
	ip, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	var port int64
	if p, ok := strings.CutPrefix(rest, "port "); ok {
		p, _, _ = strings.Cut(p, " ")
		port, _ = strconv.ParseInt(p, 10, 64)
	}
	return ip, port
}

// cutLast splits s around the last occurrence of sep (user names may
// contain " from ").
func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// between returns the text between the first a and the following b.
func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, b)
	return out
}
