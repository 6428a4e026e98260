package normalize

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"quarry/internal/table"
)

// SQL Server logins from the Application log (WindowsEvent): quarry's
// mapping; ASIM has no SQL Server authentication parser. Event 18456 is
// "Login failed for user '<login>'. Reason: <reason> [CLIENT: <ip>]";
// 18453 and 18454 are "Login succeeded for user '<login>'. Connection made
// using Windows (18453) / SQL Server (18454) authentication. [CLIENT: <ip>]".
// The insertion strings are read from EventData: Data (the <string> items
// python-evtx writes, or a list), else param1..param3 (Winlogbeat), else a
// rendered message ("Login failed for user 'sa'. Reason: ...").
var sqlServerEvents = map[int64]bool{18453: true, 18454: true, 18456: true}

// sqlServerReasons maps the reason text of 18456 (the state in the error
// log) to EventResultDetails; the first match wins, other reasons leave
// the details empty.
var sqlServerReasons = []struct{ text, details string }{
	{"password did not match", "Incorrect password"},                            // state 8
	{"could not find a login matching", "No such user"},                         // state 5
	{"nt account name with sql server authentication", "Logon violates policy"}, // a Windows/certificate login tried SQL authentication
	{"account is disabled", "User disabled"},                                    // state 7
	{"login is disabled", "User disabled"},
	{"password of the account has expired", "Password expired"}, // state 18
	{"password has expired", "Password expired"},
	{"must be changed", "Other"}, // state 18/11: as 0xc0000224
	{"account is locked out", "User locked"},
	{"untrusted domain", "Logon violates policy"},
	{"server access validation failed", "Logon violates policy"},          // states 11/12: no CONNECT SQL
	{"sql server authentication is not enabled", "Logon violates policy"}, // Windows-only mode
	{"error occurred while evaluating the password", "Other"},             // state 56
	{"explicitly specified database", "Other"},                            // state 38/40
}

var (
	sqlClientRE  = regexp.MustCompile(`\[CLIENT:\s*([^\]\s]+)\s*\]`)
	sqlUserRE    = regexp.MustCompile(`Login (?:failed|succeeded) for user '([^']*)'`)
	sqlReasonRE  = regexp.MustCompile(`Reason:\s*(.*?)\s*(?:\[CLIENT:|$)`)
	sqlStateRE   = regexp.MustCompile(`State:\s*(\d+)`)
	sqlStringsRE = regexp.MustCompile(`(?s)<string>(.*?)</string>`)
)

// sqlServerInputs declares what sqlServerEvent reads; the event ID, the
// provider and the insertion strings decide which rows are logins.
var sqlServerInputs = declare([]string{"EventID", "Provider", "EventData"},
	"Dvc DvcHostname TargetHostname: Computer",
	"EventUid: EventRecordId",
	"Time: TimeGenerated",
)

func sqlServerLogins(ctx context.Context, t table.Table, add func(*authEvent)) error {
	cols := []string{"TimeGenerated", "EventID", "Computer", "Provider", "Channel", "EventRecordId", "EventData"}
	var e authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cols, func(r rowView) {
		id, ok := r.num("EventID")
		if !ok || !sqlServerEvents[id] {
			return
		}
		provider := r.str("Provider")
		if provider != "" && !strings.Contains(strings.ToUpper(provider), "SQL") {
			return
		}
		if sqlServerEvent(r, id, provider, &e) {
			add(&e)
		}
	})
}

// sqlServerEvent fills e (overwriting all of it); false when the event
// names no login.
func sqlServerEvent(r rowView, id int64, provider string, e *authEvent) bool {
	user, reason, client, text := sqlServerStrings(r.dyn("EventData"))
	if user == "" && reason == "" && client == "" {
		return false
	}
	*e = authEvent{
		Type: "WindowsEvent", EventType: "Logon", EventSubType: "Remote", EventOriginalType: strconv.FormatInt(id, 10),
		EventProduct: "SQL Server", EventVendor: "Microsoft", DvcOs: "Windows",
		Dvc: r.str("Computer"), DvcHostname: r.str("Computer"), TargetHostname: r.str("Computer"),
		TargetAppName: first(provider, "MSSQLSERVER"), TargetAppType: "Service", LogonProtocol: "TDS",
		EventUid: r.str("EventRecordId"), SrcIpAddr: cleanIP(client), EventMessage: text,
	}
	if text == "" {
		text = sqlServerMessage(id, user, reason, client)
		e.EventMessage = text
	}
	if e.SrcIpAddr == "<local machine>" || e.SrcIpAddr == "<named pipe>" {
		e.SrcIpAddr = ""
	}
	e.Time, _ = r.ticks("TimeGenerated")
	e.TargetUsername, e.TargetUsernameType = user, "Simple"
	if dom, name, ok := strings.Cut(user, `\`); ok && dom != "" && name != "" {
		e.TargetUsernameType, e.TargetDomain = "Windows", dom
	}
	switch id {
	case 18453:
		e.EventResult, e.LogonMethod = "Success", "Windows authentication"
		return true
	case 18454:
		e.EventResult, e.LogonMethod = "Success", "Username & password"
		return true
	}
	e.EventResult = "Failure"
	e.EventOriginalResultDetails = reason
	if m := sqlStateRE.FindStringSubmatch(text); m != nil {
		e.EventOriginalResultDetails = strings.TrimSpace(reason + " (State: " + m[1] + ")")
	}
	low := strings.ToLower(reason)
	for _, m := range sqlServerReasons {
		if strings.Contains(low, m.text) {
			e.EventResultDetails = m.details
			break
		}
	}
	return true
}

// sqlServerMessage renders the event's message from its insertion strings.
func sqlServerMessage(id int64, user, detail, client string) string {
	var b strings.Builder
	if id == 18456 {
		b.WriteString("Login failed for user '" + user + "'.")
		if detail != "" {
			b.WriteString(" Reason: " + detail)
		}
	} else {
		b.WriteString("Login succeeded for user '" + user + "'.")
		if detail != "" {
			b.WriteString(" " + detail)
		}
	}
	if client != "" {
		b.WriteString(" [CLIENT: " + client + "]")
	}
	return b.String()
}

// sqlServerStrings returns the login, the reason (without "Reason:"; for
// a success, the "Connection made using ..." text), the client address and,
// when the event carries a rendered message instead of insertion strings,
// that message.
func sqlServerStrings(data any) (user, reason, client, text string) {
	var items []string
	switch d := path(data, "Data").(type) {
	case string:
		for _, m := range sqlStringsRE.FindAllStringSubmatch(d, -1) {
			items = append(items, m[1])
		}
		if len(items) == 0 && d != "" {
			text = d
		}
	case []any:
		for _, x := range d {
			if s, ok := x.(string); ok {
				items = append(items, s)
			}
		}
	}
	if len(items) == 0 {
		for _, k := range []string{"param1", "param2", "param3"} {
			if s := pathStr(data, k); s != "" {
				items = append(items, s)
			}
		}
	}
	if len(items) == 0 && text == "" {
		for _, k := range []string{"Message", "RenderedDescription", "Description"} {
			if text = pathStr(data, k); text != "" {
				break
			}
		}
	}
	if len(items) > 0 {
		user = strings.TrimSpace(items[0])
		for _, s := range items[1:] {
			s = strings.TrimSpace(s)
			switch {
			case sqlClientRE.MatchString(s):
				client = sqlClientRE.FindStringSubmatch(s)[1]
			case reason == "":
				reason = strings.TrimSpace(strings.TrimPrefix(s, "Reason:"))
			}
		}
		return
	}
	if m := sqlUserRE.FindStringSubmatch(text); m != nil {
		user = m[1]
	}
	if m := sqlReasonRE.FindStringSubmatch(text); m != nil {
		reason = m[1]
	}
	if m := sqlClientRE.FindStringSubmatch(text); m != nil {
		client = m[1]
	}
	return
}
