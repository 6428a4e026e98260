package normalize

import (
	"strings"
)

// pamFields reads the key=value pairs of a PAM "authentication failure"
// message ("logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root").
func pamFields(msg string) map[string]string {
	_, rest, _ := strings.Cut(msg, "authentication failure;")
	out := map[string]string{}
	for _, f := range strings.Fields(rest) {
		if k, v, ok := strings.Cut(f, "="); ok {
			out[k] = v
		}
	}
	return out
}

// pamFailure maps "authentication failure" lines of old-style PAM tags
// ("sshd(pam_unix)[123]: authentication failure; ... user=root"): one
// failed logon to the service. pam_unix names the user only when it
// exists, so a line with user= is "Incorrect password" and one without is
// "No such user".
func pamFailure(e *authEvent, service, msg string) bool {
	if !strings.HasPrefix(msg, "authentication failure") {
		return false
	}
	f := pamFields(msg)
	*e = authEvent{
		EventType: "Logon", EventResult: "Failure", EventProduct: "PAM",
		TargetAppName: service, TargetAppType: "Service", LogonMethod: "Username & password",
		TargetUsername: f["user"], SrcIpAddr: f["rhost"], ActorUsername: f["ruser"],
		EventResultDetails: "Incorrect password",
	}
	if e.TargetUsername == "" {
		e.EventResultDetails = "No such user"
	}
	if service == "su" {
		e.EventType = "Elevate"
	}
	if looksLikeHost(e.SrcIpAddr) {
		e.SrcHostname, e.SrcIpAddr = e.SrcIpAddr, ""
	}
	return true
}

// pamUnixLine maps new-style "pam_unix(<service>:auth): authentication
// failure" lines of services that log nothing else about the attempt (not
// sshd, su or sudo, whose own lines are used instead).
func pamUnixLine(e *authEvent, proc, msg string) bool {
	svc := between(msg, "pam_unix(", ":")
	if !strings.Contains(msg, ":auth): authentication failure") || svc == "sshd" || svc == "su" || svc == "sudo" || svc == "su-l" {
		return false
	}
	_, rest, _ := strings.Cut(msg, "): ")
	if !pamFailure(e, svc, rest) {
		return false
	}
	e.EventProduct = first(proc, "PAM")
	return true
}

// looksLikeHost reports whether a PAM rhost is a host name, not an IP.
func looksLikeHost(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != ':' && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return true
		}
	}
	return false
}

// suEvent maps su's own lines: "Successful su for <target> by <actor>",
// "FAILED su for <target> by <actor>" and "FAILED SU (to <target>) <actor> on <tty>".
func suEvent(e *authEvent, msg string) bool {
	*e = authEvent{EventType: "Elevate", EventProduct: "su", TargetAppName: "su", TargetAppType: "Service", LogonMethod: "Username & password"}
	switch {
	case strings.HasPrefix(msg, "Successful su for "):
		e.EventResult = "Success"
		e.TargetUsername, e.ActorUsername, _ = strings.Cut(msg[len("Successful su for "):], " by ")
	case strings.HasPrefix(msg, "FAILED su for "):
		e.EventResult, e.EventResultDetails = "Failure", "Incorrect password"
		e.TargetUsername, e.ActorUsername, _ = strings.Cut(msg[len("FAILED su for "):], " by ")
	case strings.HasPrefix(msg, "FAILED SU (to "):
		e.EventResult, e.EventResultDetails = "Failure", "Incorrect password"
		e.TargetUsername = between(msg, "(to ", ")")
		_, rest, _ := strings.Cut(msg, ") ")
		e.ActorUsername, _, _ = strings.Cut(rest, " ")
	default:
		return false
	}
	return true
}

// sudoEvent maps sudo's summary lines:
// "<user> : TTY=... ; USER=<target> ; COMMAND=..." (success),
// "<user> : N incorrect password attempts ; ..." (failure, EventCount N),
// "<user> : user NOT in sudoers ; ..." (policy failure).
func sudoEvent(e *authEvent, msg string) bool {
	actor, rest, ok := strings.Cut(msg, " : ")
	if !ok {
		return false
	}
	*e = authEvent{
		EventType: "Elevate", EventProduct: "sudo", TargetAppName: "sudo", TargetAppType: "Service",
		ActorUsername: strings.TrimSpace(actor), TargetUsername: strings.TrimSpace(between(rest, "USER=", " ;")),
	}
	switch {
	case strings.Contains(rest, "incorrect password attempt"):
		e.EventResult, e.EventResultDetails = "Failure", "Incorrect password"
		n, _ := parseLeadingInt(strings.TrimSpace(rest))
		e.EventCount = max(n, 1)
	case strings.Contains(rest, "NOT in sudoers"), strings.Contains(rest, "command not allowed"):
		e.EventResult, e.EventResultDetails = "Failure", "Logon violates policy"
	case strings.HasPrefix(strings.TrimSpace(rest), "TTY=") || strings.Contains(rest, "COMMAND="):
		e.EventResult = "Success"
	default:
		return false
	}
	return true
}

// loginEvent maps "FAILED LOGIN (n) on '<tty>' FOR '<user>', <reason>".
func loginEvent(e *authEvent, msg string) bool {
	if !strings.HasPrefix(msg, "FAILED LOGIN") {
		return false
	}
	*e = authEvent{
		EventType: "Logon", EventSubType: "Interactive", EventProduct: "login", TargetAppName: "login",
		EventResult: "Failure", EventResultDetails: "Incorrect password",
		TargetUsername: between(msg, "FOR '", "'"),
	}
	if e.TargetUsername == "UNKNOWN" {
		e.TargetUsername, e.EventResultDetails = "", "No such user"
	}
	if host := between(msg, "FROM '", "'"); host != "" {
		e.SrcHostname = host
	}
	return true
}

// ftpEvent maps vsftpd ("[user] FAIL LOGIN: Client \"ip\"", "OK LOGIN")
// and proftpd ("USER x (Login failed): ...", "USER x: Login successful").
func ftpEvent(e *authEvent, server, msg string) bool {
	*e = authEvent{EventType: "Logon", EventProduct: server, TargetAppName: server, TargetAppType: "Service", LogonProtocol: "ftp"}
	switch {
	case strings.Contains(msg, "FAIL LOGIN: Client "):
		e.EventResult, e.EventResultDetails = "Failure", "No such user or password"
		e.TargetUsername = between(msg, "[", "]")
		e.SrcIpAddr = strings.Trim(between(msg, "Client ", ","), `"`)
		if e.SrcIpAddr == "" {
			_, ip, _ := strings.Cut(msg, "Client ")
			e.SrcIpAddr = strings.Trim(ip, `" `)
		}
	case strings.Contains(msg, "OK LOGIN: Client "):
		e.EventResult = "Success"
		e.TargetUsername = between(msg, "[", "]")
		_, ip, _ := strings.Cut(msg, "Client ")
		e.SrcIpAddr = strings.Trim(strings.Split(ip, ",")[0], `" `)
	case strings.Contains(msg, "(Login failed)"):
		e.EventResult, e.EventResultDetails = "Failure", "No such user or password"
		e.TargetUsername = between(msg, "USER ", " (Login failed)")
	case strings.Contains(msg, ": Login successful"):
		e.EventResult = "Success"
		e.TargetUsername = between(msg, "USER ", ": Login successful")
	default:
		return false
	}
	return true
}

func parseLeadingInt(s string) (int64, bool) {
	var n int64
	i := 0
	for ; i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n, i > 0
}
