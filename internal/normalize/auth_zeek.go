package normalize

import (
	"context"
	"strings"

	"quarry/internal/column"
	"quarry/internal/table"
)

// Zeek authentication logs (ssh, ntlm, rdp, kerberos): quarry's mappings;
// ASIM has no Zeek authentication parser. Zeek sees the network, not the
// server, so every row is one connection's attempt as observed on the
// wire: SrcIpAddr/SrcPortNumber are id.orig_h/id.orig_p, TargetIpAddr and
// Dvc/DvcIpAddr the server (id.resp_h), EventUid the connection uid,
// EventProduct and EventVendor "Zeek", EventSubType Remote (RDP:
// RemoteInteractive) and EventOriginalType the log (ssh, ntlm, rdp,
// kerberos). Field meanings follow Zeek's scripts
// (base/protocols/{ssh,ntlm,rdp,krb}/main.zeek).

var zeekIDColumns = []string{"TimeGenerated", "ts", "uid", "id_orig_h", "id_orig_p", "id_resp_h", "id_resp_p"}

func zeekColumns(extra ...string) []string {
	return append(append([]string(nil), zeekIDColumns...), extra...)
}

// zeekInputs declares what a Zeek log's mapping reads: zeekBase's inputs
// and the log's own lines (see declare).
func zeekInputs(rows []string, lines ...string) *viewInputs {
	return declare(rows, append([]string{
		"Time: TimeGenerated ts",
		"EventUid: uid",
		"SrcIpAddr: id_orig_h",
		"SrcPortNumber: id_orig_p",
		"TargetIpAddr Dvc DvcIpAddr: id_resp_h",
	}, lines...)...)
}

// The Zeek logs' inputs; every ssh, rdp and kerberos row is an event, an
// ntlm row when it names a user, domain, workstation or result.
var (
	zeekSSHInputs = zeekInputs(nil,
		"ActingAppName: client",
		"AdditionalFields: server direction auth_attempts",
		"EventResult EventOriginalResultDetails: auth_success",
		"EventCount: auth_success auth_attempts")
	zeekNTLMInputs = zeekInputs([]string{"username", "domainname", "hostname", "success", "status"},
		"TargetHostname: server_dns_computer_name server_nb_computer_name")
	zeekRDPInputs = zeekInputs(nil,
		"TargetUsername: cookie",
		"SrcHostname: client_name",
		"ActingAppName: client_build",
		"EventOriginalResultDetails EventResult EventResultDetails: result",
		"AdditionalFields: security_protocol")
	zeekKerberosInputs = zeekInputs(nil,
		"EventOriginalSubType: request_type",
		"TargetUsername TargetDomain: client",
		"TargetAppName TargetAppType: service",
		"EventOriginalResultDetails EventResult EventResultDetails: error_msg success")
)

// zeekBase fills e (overwriting all of it) with the fields every Zeek log
// shares.
func zeekBase(r rowView, e *authEvent, typ, log, protocol string) {
	*e = authEvent{
		Type: typ, EventType: "Logon", EventSubType: "Remote", EventOriginalType: log,
		EventProduct: "Zeek", EventVendor: "Zeek", LogonProtocol: protocol,
		EventUid: r.str("uid"), SrcIpAddr: r.str("id_orig_h"), TargetIpAddr: r.str("id_resp_h"),
	}
	e.Dvc, e.DvcIpAddr = e.TargetIpAddr, e.TargetIpAddr
	if p, ok := r.num("id_orig_p"); ok && p > 0 {
		e.SrcPortNumber = p
	}
	var ok bool
	if e.Time, ok = r.ticks("TimeGenerated"); !ok {
		e.Time, _ = r.ticks("ts")
	}
}

// zeekBool reads a Zeek bool (a bool column, or T/F text from a generic
// table): set is false when the field is unset ("-").
func zeekBool(r rowView, name string) (val, set bool) {
	v := r.val(name)
	switch {
	case v.IsNull() || v.Type == column.Invalid:
		return false, false
	case v.Type == column.Bool:
		return v.I != 0, true
	}
	switch strings.ToLower(strings.TrimSpace(v.Text())) {
	case "t", "true":
		return true, true
	case "f", "false":
		return false, true
	}
	return false, false
}

// zeekSSH maps ssh.log. auth_success is Zeek's verdict from packet sizes
// (T success, F failure, unset: Zeek could not tell, e.g. with
// compression, or the client never authenticated): Success, Failure, NA.
// Zeek's ssh.log has no user name, so TargetUsername is empty. A failed
// connection's auth_attempts attempts all failed, so it is the row's
// EventCount; on a success the count also includes the final (and any
// second-factor) attempt, so EventCount stays 1 and the count goes to
// AdditionalFields.AuthAttempts. The client version string is
// ActingAppName; the server's is AdditionalFields.Server.
func zeekSSH(ctx context.Context, t table.Table, add func(*authEvent)) error {
	cols := zeekColumns("auth_success", "auth_attempts", "client", "server", "direction")
	var ev authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cols, func(r rowView) {
		e := &ev
		zeekBase(r, e, "ZeekSsh", "ssh", "ssh")
		e.ActingAppName = r.str("client")
		attempts, _ := r.num("auth_attempts")
		extra := map[string]any{}
		if s := r.str("server"); s != "" {
			extra["Server"] = s
		}
		if d := r.str("direction"); d != "" {
			extra["Direction"] = d
		}
		ok, set := zeekBool(r, "auth_success")
		switch {
		case !set:
			e.EventResult = "NA"
		case ok:
			e.EventResult, e.EventOriginalResultDetails = "Success", "T"
		default:
			e.EventResult, e.EventOriginalResultDetails = "Failure", "F"
			e.EventCount = max(attempts, 1)
		}
		if attempts > 0 {
			extra["AuthAttempts"] = attempts
		}
		if len(extra) > 0 {
			e.AdditionalFields = extra
		}
		add(e)
	})
}

// zeekNTLM maps ntlm.log: username/domainname are the account the client
// offered (DOMAIN\user, Windows, when the domain is set), hostname the
// client's workstation (SrcHostname), server_dns_computer_name (else
// server_nb_computer_name) the target host. success T/F is Success/Failure
// (Zeek logs no NTSTATUS, so the details stay empty, unless an older Zeek's
// status field names one); unset is NA. A row with no user, domain,
// workstation or result saw only the negotiation, not an attempt, and is
// skipped.
func zeekNTLM(ctx context.Context, t table.Table, add func(*authEvent)) error {
	cols := zeekColumns("username", "hostname", "domainname", "server_nb_computer_name",
		"server_dns_computer_name", "success", "status")
	var ev authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cols, func(r rowView) {
		user, domain, host := dash(r.str("username")), dash(r.str("domainname")), dash(r.str("hostname"))
		ok, set := zeekBool(r, "success")
		status := dash(r.str("status"))
		if user == "" && domain == "" && host == "" && !set && status == "" {
			return
		}
		e := &ev
		zeekBase(r, e, "ZeekNtlm", "ntlm", "NTLM")
		e.TargetUsername, e.TargetUsernameType, e.TargetDomain = user, "Simple", domain
		if user != "" && domain != "" {
			e.TargetUsername, e.TargetUsernameType = domain+`\`+user, "Windows"
		}
		e.SrcHostname = host
		e.TargetHostname = first(dash(r.str("server_dns_computer_name")), dash(r.str("server_nb_computer_name")))
		switch {
		case set && ok, !set && strings.EqualFold(status, "SUCCESS"):
			e.EventResult = "Success"
		case set || status != "":
			e.EventResult = "Failure"
			e.EventResultDetails = ntStatusNames[strings.ToUpper(status)]
		default:
			e.EventResult = "NA"
		}
		e.EventOriginalResultDetails = first(status, r.str("success"))
		add(e)
	})
}

// ntStatusNames maps NTSTATUS names (as older Zeek versions log them) like
// windowsStatus maps their codes.
var ntStatusNames = map[string]string{
	"STATUS_NO_SUCH_USER":        "No such user or password",
	"STATUS_WRONG_PASSWORD":      "Incorrect password",
	"STATUS_LOGON_FAILURE":       "Other",
	"STATUS_ACCOUNT_RESTRICTION": "Logon violates policy",
	"STATUS_INVALID_LOGON_HOURS": "Logon violates policy",
	"STATUS_INVALID_WORKSTATION": "Logon violates policy",
	"STATUS_PASSWORD_EXPIRED":    "Password expired",
	"STATUS_ACCOUNT_DISABLED":    "User disabled",
	"STATUS_ACCOUNT_EXPIRED":     "Account expired",
	"STATUS_ACCOUNT_LOCKED_OUT":  "User locked",
}

// zeekRDP maps rdp.log. The cookie (mstshash) is what the client calls
// itself, typically a user name truncated to 9 characters, sometimes a
// tool name (nmap, nessus): it becomes TargetUsername as a hint. result is
// the connection setup's, not the credential check's (RDP authenticates
// inside the encrypted channel or at the logon screen): "Success" (the GCC
// conference was created), "encrypted" (Zeek lost sight once encryption
// began) and unset are NA; a negotiation failure the server imposes
// (SSL_REQUIRED_BY_SERVER, HYBRID_REQUIRED_BY_SERVER,
// SSL_NOT_ALLOWED_BY_SERVER, SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER) is a
// Failure with "Logon violates policy"; other results (SSL_CERT_NOT_ON_SERVER,
// INCONSISTENT_FLAGS, User rejected, Resources not available, ...) are a
// Failure with "Other". client_name is SrcHostname, client_build
// ActingAppName.
func zeekRDP(ctx context.Context, t table.Table, add func(*authEvent)) error {
	cols := zeekColumns("cookie", "result", "security_protocol", "client_name", "client_build")
	var ev authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cols, func(r rowView) {
		e := &ev
		zeekBase(r, e, "ZeekRdp", "rdp", "RDP")
		e.EventSubType = "RemoteInteractive"
		e.TargetUsername = dash(r.str("cookie"))
		e.SrcHostname = dash(r.str("client_name"))
		e.ActingAppName = dash(r.str("client_build"))
		result := dash(r.str("result"))
		e.EventOriginalResultDetails = result
		e.EventResult, e.EventResultDetails = rdpResult(result)
		if p := dash(r.str("security_protocol")); p != "" {
			e.AdditionalFields = map[string]any{"SecurityProtocol": p}
		}
		add(e)
	})
}

func rdpResult(result string) (string, string) {
	switch {
	case result == "", strings.EqualFold(result, "Success"), strings.EqualFold(result, "encrypted"):
		return "NA", ""
	case strings.HasSuffix(result, "_REQUIRED_BY_SERVER"), result == "SSL_NOT_ALLOWED_BY_SERVER":
		return "Failure", "Logon violates policy"
	}
	return "Failure", "Other"
}

// zeekKerberosErrors maps the KDC error names Zeek logs in error_msg, like
// kerberosStatus maps the numbers of Windows 4768/4771.
var zeekKerberosErrors = map[string]string{
	"KDC_ERR_C_PRINCIPAL_UNKNOWN": "No such user",
	"KDC_ERR_CLIENT_REVOKED":      "User locked",
	"KDC_ERR_KEY_EXPIRED":         "Password expired",
	"KDC_ERR_PREAUTH_FAILED":      "Incorrect password",
	"KRB_AP_ERR_SKEW":             "Other",
}

// zeekKerberos maps kerberos.log: client is "name/realm" (TargetUsername
// name, TargetDomain realm), service TargetAppName, request_type (AS, TGS)
// EventOriginalSubType. success T is Success; F, or any error_msg, a
// Failure with error_msg looked up in zeekKerberosErrors (other errors
// leave the details empty); unset (a request without a reply in the
// capture) is NA.
func zeekKerberos(ctx context.Context, t table.Table, add func(*authEvent)) error {
	cols := zeekColumns("request_type", "client", "service", "success", "error_msg")
	var ev authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cols, func(r rowView) {
		e := &ev
		zeekBase(r, e, "ZeekKerberos", "kerberos", "Kerberos")
		e.EventOriginalSubType = dash(r.str("request_type"))
		client := dash(r.str("client"))
		if i := strings.LastIndexByte(client, '/'); i >= 0 {
			e.TargetUsername, e.TargetDomain = client[:i], client[i+1:]
		} else {
			e.TargetUsername = client
		}
		e.TargetAppName = dash(r.str("service"))
		if e.TargetAppName != "" {
			e.TargetAppType = "Service"
		}
		msg := dash(r.str("error_msg"))
		e.EventOriginalResultDetails = msg
		ok, set := zeekBool(r, "success")
		switch {
		case msg != "" || (set && !ok):
			e.EventResult = "Failure"
			e.EventResultDetails = zeekKerberosErrors[strings.ToUpper(msg)]
		case set:
			e.EventResult = "Success"
		default:
			e.EventResult = "NA"
		}
		add(e)
	})
}
