package normalize

import (
	"context"
	"strconv"
	"strings"

	"quarry/internal/table"
)

// windowsStatus maps NTSTATUS codes (SubStatus, else Status) to
// EventResultDetails, as ASimAuthenticationMicrosoftSecurityEvents (v0.3.1)
// does. Keys are lower-case; quarry lower-cases the event's code before
// the lookup (the parser does not).
var windowsStatus = map[string]string{
	"0xc0000064": "No such user or password",
	"0xc000006a": "Incorrect password",
	"0xc000006d": "Other",
	"0xc000006e": "Logon violates policy",
	"0xc000006f": "Logon violates policy",
	"0xc0000070": "Logon violates policy",
	"0xc0000071": "Password expired",
	"0xc0000072": "User disabled",
	"0xc0000193": "Account expired",
	"0xc0000234": "User locked",
	"0xc000010b": "Logon violates policy",
	"0xc000015b": "Logon violates policy",
	"0xc000018b": "Logon violates policy",
	"0xc0000224": "Other", "0xc0000133": "Other", "0xc000018d": "Other",
	"0xc0000380": "Other", "0xc0000381": "Other", "0xc0000382": "Other",
	"0xc0000383": "Other", "0xc0000384": "Other", "0xc0000385": "Other",
	"0xc0000386": "Other", "0xc0000387": "Other", "0xc0000388": "Other",
	"0xc0000389": "Other", "0x80090325": "Other", "0x80090302": "Other",
	"0x80090308": "Other", "0x8009030e": "Other", "0xc0000008": "Other",
	"0xc0000017": "Other", "0xc0000022": "Other", "0xc0000034": "Other",
	"0xc000005e": "Other", "0xc0000073": "Other", "0xc00000fe": "Other",
	"0xc000009a": "Other", "0xc00000dc": "Other", "0xc0000106": "Other",
	"0xc00002ee": "Other",
}

// kerberosStatus maps Kerberos result codes of 4768/4771 (RFC 4120 error
// numbers) to EventResultDetails. ASIM's Windows parser does not read
// these events; this table is quarry's.
var kerberosStatus = map[int64]string{
	0x6:  "No such user",       // KDC_ERR_C_PRINCIPAL_UNKNOWN
	0x12: "User locked",        // KDC_ERR_CLIENT_REVOKED: disabled, expired or locked out
	0x17: "Password expired",   // KDC_ERR_KEY_EXPIRED
	0x18: "Incorrect password", // KDC_ERR_PREAUTH_FAILED
	0x25: "Other",              // KRB_AP_ERR_SKEW
}

var logonTypes = map[int64]string{
	2: "Interactive", 3: "Network", 4: "Batch", 5: "Service", 7: "Unlock",
	8: "NetworkCleartext", 9: "NewCredentials", 10: "RemoteInteractive", 11: "CachedInteractive",
}

var windowsColumns = []string{
	"TimeGenerated", "EventID", "Computer", "TargetUserName", "TargetDomainName", "TargetUserSid",
	"TargetSid", "TargetLogonId", "SubjectUserName", "SubjectDomainName", "SubjectUserSid",
	"LogonType", "Status", "SubStatus", "IpAddress", "IpPort", "WorkstationName", "Workstation",
	"AuthenticationPackageName", "PackageName", "LogonProcessName", "Activity", "EventOriginId", "ServiceName",
}

// windowsInputs declares what windowsEvent reads, over every event ID;
// EventID decides which rows are logon events.
var windowsInputs = declare([]string{"EventID"},
	"Dvc DvcHostname TargetHostname: Computer",
	"EventMessage: Activity",
	"EventUid: EventOriginId",
	"Time: TimeGenerated",
	"TargetUsername TargetUsernameType: TargetUserName TargetDomainName",
	"TargetDomain: TargetDomainName ServiceName",
	"AdditionalFields: TargetUserName TargetDomainName ServiceName",
	"TargetUserId TargetUserIdType: TargetUserSid TargetSid",
	"TargetUserType: TargetUserName",
	"TargetSessionId: TargetLogonId",
	"ActorUsername: SubjectUserName SubjectDomainName",
	"ActorUserId: SubjectUserSid",
	"SrcIpAddr: IpAddress",
	"SrcPortNumber: IpPort",
	"EventSubType EventOriginalSubType: LogonType",
	"LogonProtocol: AuthenticationPackageName PackageName",
	"ActingAppName: LogonProcessName",
	"SrcHostname: WorkstationName Workstation",
	"TargetAppName: ServiceName",
	"EventResult: Status",
	"EventOriginalResultDetails EventResultDetails: Status SubStatus",
)

// windowsLogons normalizes SecurityEvent logon events.
func windowsLogons(ctx context.Context, t table.Table, add func(*authEvent)) error {
	var e authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, windowsColumns, func(r rowView) {
		id, ok := r.num("EventID")
		if !ok {
			return
		}
		if windowsEvent(r, id, &e) {
			add(&e)
		}
	})
}

// windowsEvent fills e (overwriting all of it); false when the event ID
// is not a logon event.
func windowsEvent(r rowView, id int64, e *authEvent) bool {
	*e = authEvent{
		Type: "SecurityEvent", EventProduct: "Security Events", EventVendor: "Microsoft",
		EventType: "Logon", EventOriginalType: strconv.FormatInt(id, 10), DvcOs: "Windows",
		Dvc: r.str("Computer"), DvcHostname: r.str("Computer"), TargetHostname: r.str("Computer"),
		EventMessage: r.str("Activity"), EventUid: r.str("EventOriginId"),
	}
	e.Time, _ = r.ticks("TimeGenerated")
	windowsUsers(r, e)
	e.SrcIpAddr = cleanIP(r.str("IpAddress"))
	if p, ok := r.num("IpPort"); ok && p > 0 {
		e.SrcPortNumber = p
	}
	switch id {
	case 4624, 4625:
		windowsLogon(r, e, id == 4625)
	case 4634, 4647:
		e.EventType, e.EventResult = "Logoff", "Success"
		windowsLogonType(r, e)
	case 4768, 4771:
		kerberos(r, e, id)
	case 4776:
		ntlmValidation(r, e)
	default:
		return false
	}
	return true
}

// windowsUsers fills the target and the actor (Subject*).
//
// TargetUsername follows ASIM's parser: DOMAIN\user (Windows) when
// TargetDomainName is set and not "-", else the user name (Simple), with
// backslashes trimmed. That form depends on the event (4768/4624/4625 carry
// a domain, as NetBIOS or FQDN in either case; 4771/4776 do not), so the
// same account shows up under several names. AdditionalFields.TargetAccountKey
// is quarry's stable per-account key: the lower-cased account name with any
// DOMAIN\ prefix or @suffix removed (see accountKey).
func windowsUsers(r rowView, e *authEvent) {
	user := strings.Trim(dash(r.str("TargetUserName")), `\`)
	domain := dash(r.str("TargetDomainName"))
	e.TargetUsername, e.TargetUsernameType = user, "Simple"
	if domain != "" && user != "" {
		e.TargetUsername, e.TargetUsernameType = strings.Trim(domain+`\`+user, `\`), "Windows"
	}
	e.TargetDomain = domain
	if e.TargetDomain == "" {
		e.TargetDomain = kerberosRealm(r.str("ServiceName"))
	}
	if e.TargetDomain != "" {
		addField(e, "TargetDomainType", domainType(e.TargetDomain))
	}
	if key := accountKey(user); key != "" {
		addField(e, "TargetAccountKey", key)
	}
	e.TargetUserId = first(nullSID(r.str("TargetUserSid")), nullSID(r.str("TargetSid")))
	if e.TargetUserId != "" {
		e.TargetUserIdType = "SID"
	}
	if strings.HasSuffix(user, "$") {
		e.TargetUserType = "Machine"
	}
	e.TargetSessionId = dash(r.str("TargetLogonId"))
	actor, actorDomain := dash(r.str("SubjectUserName")), dash(r.str("SubjectDomainName"))
	e.ActorUsername = actor
	if actor != "" && actorDomain != "" {
		e.ActorUsername = actorDomain + `\` + actor
	}
	e.ActorUserId = dash(r.str("SubjectUserSid"))
}

// windowsLogon maps 4624 (success) and 4625 (failure): the code looked up
// is SubStatus unless it is 0x0 or empty, then Status.
func windowsLogon(r rowView, e *authEvent, failed bool) {
	windowsLogonType(r, e)
	e.LogonProtocol = dash(r.str("AuthenticationPackageName"))
	e.ActingAppName = strings.TrimSpace(dash(r.str("LogonProcessName")))
	e.SrcHostname = dash(r.str("WorkstationName"))
	e.EventResult = "Success"
	if !failed {
		return
	}
	e.EventResult = "Failure"
	code := strings.ToLower(r.str("SubStatus"))
	if code == "" || code == "0x0" || code == "-" {
		code = strings.ToLower(r.str("Status"))
	}
	e.EventOriginalResultDetails = code
	e.EventResultDetails = windowsStatus[code]
}

func windowsLogonType(r rowView, e *authEvent) {
	if lt, ok := r.num("LogonType"); ok {
		e.EventOriginalSubType = strconv.FormatInt(lt, 10)
		e.EventSubType = logonTypes[lt]
	}
}

// kerberos maps 4768 (TGT requested; Status 0x0 is success) and 4771
// (pre-authentication failed; always a failure).
func kerberos(r rowView, e *authEvent, id int64) {
	e.LogonProtocol = "Kerberos"
	e.TargetAppName = dash(r.str("ServiceName"))
	code, ok := r.num("Status")
	e.EventOriginalResultDetails = r.str("Status")
	if id == 4768 && ok && code == 0 {
		e.EventResult = "Success"
		return
	}
	e.EventResult = "Failure"
	e.EventResultDetails = kerberosStatus[code]
}

// ntlmValidation maps 4776 (credential validation on a DC): Status 0x0 is
// success, any other NTSTATUS a failure looked up like 4625's.
func ntlmValidation(r rowView, e *authEvent) {
	e.LogonProtocol = first(dash(r.str("PackageName")), "NTLM")
	e.SrcHostname = dash(r.str("Workstation"))
	code := strings.ToLower(r.str("Status"))
	e.EventOriginalResultDetails = code
	if n, ok := r.num("Status"); ok && n == 0 {
		e.EventResult = "Success"
		return
	}
	e.EventResult = "Failure"
	e.EventResultDetails = windowsStatus[code]
}

// accountKey is the account name without domain, lower-cased:
// "THESHIRE\\pgustavo", "pgustavo@theshire.local" and "PGustavo" all give
// "pgustavo". Windows account names are case-insensitive.
func accountKey(user string) string {
	if i := strings.LastIndexByte(user, '\\'); i >= 0 {
		user = user[i+1:]
	}
	if i := strings.LastIndexByte(user, '@'); i > 0 {
		user = user[:i]
	}
	return strings.ToLower(strings.TrimSpace(user))
}

// kerberosRealm reads the realm from a TGT service name
// ("krbtgt/CORP.COM" -> "CORP.COM"): the domain of the account in 4768
// and 4771, which have no TargetDomainName in 4771.
func kerberosRealm(service string) string {
	if realm, ok := strings.CutPrefix(service, "krbtgt/"); ok {
		return realm
	}
	if realm, ok := strings.CutPrefix(service, "krbtgt@"); ok {
		return realm
	}
	return ""
}

// domainType is ASIM's DomainType: FQDN for dotted names, else Windows
// (a NetBIOS domain or a computer name for local accounts).
func domainType(domain string) string {
	if strings.Contains(domain, ".") {
		return "FQDN"
	}
	return "Windows"
}

// nullSID drops "-" and the NULL SID S-1-0-0, which Windows writes when
// it has no SID for the account (failed logons, unknown principals).
func nullSID(s string) string {
	if s = dash(s); s == "S-1-0-0" {
		return ""
	}
	return s
}

func addField(e *authEvent, k string, v any) {
	if e.AdditionalFields == nil {
		e.AdditionalFields = map[string]any{}
	}
	e.AdditionalFields[k] = v
}

// dash maps Windows' "-" placeholder to "".
func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// cleanIP drops the "-" placeholder and the IPv4-mapped IPv6 prefix
// ("::ffff:10.0.0.1" -> "10.0.0.1").
func cleanIP(s string) string {
	s = dash(strings.TrimSpace(s))
	if strings.HasPrefix(s, "::ffff:") && strings.Count(s, ".") == 3 {
		return s[len("::ffff:"):]
	}
	return s
}
