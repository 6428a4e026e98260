package normalize

import (
	"context"

	"quarry/internal/table"
)

var webColumns = []string{
	"TimeGenerated", "SrcIpAddr", "SrcUsername", "HttpRequestMethod", "Url", "HttpStatusCode",
	"EventResultDetails", "HttpUserAgent", "AdditionalFields", "Dvc", "DvcHostname",
}

// webInputs declares what webLogins reads; AdditionalFields.LoginAttempt
// decides which rows are login attempts.
var webInputs = declare([]string{"AdditionalFields"},
	"EventResult EventResultDetails EventOriginalResultDetails: HttpStatusCode EventResultDetails",
	"TargetUsername: SrcUsername",
	"SrcIpAddr: SrcIpAddr",
	"HttpUserAgent: HttpUserAgent",
	"TargetUrl TargetAppName: Url",
	"Dvc: Dvc",
	"DvcHostname: DvcHostname",
	"Time: TimeGenerated",
)

// webLogins turns the login attempts of ASimWebSessionLogs (rows the
// weblog family flagged with AdditionalFields.LoginAttempt) into
// authentication events; the result comes from the HTTP status.
func webLogins(ctx context.Context, t table.Table, add func(*authEvent)) error {
	var e authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, webColumns, func(r rowView) {
		if flag, _ := path(r.dyn("AdditionalFields"), "LoginAttempt").(bool); !flag {
			return
		}
		status := first(r.str("HttpStatusCode"), r.str("EventResultDetails"))
		e = authEvent{
			Type: "ASimWebSessionLogs", EventType: "Logon", EventSubType: "Remote",
			EventProduct: "Web login", EventVendor: "Web server", LogonProtocol: "HTTP",
			LogonMethod: "Username & password", TargetAppType: "URL",
			EventOriginalResultDetails: status,
			TargetUsername:             r.str("SrcUsername"), SrcIpAddr: r.str("SrcIpAddr"),
			HttpUserAgent: r.str("HttpUserAgent"), TargetUrl: r.str("Url"), TargetAppName: urlPath(r.str("Url")),
			Dvc: r.str("Dvc"), DvcHostname: r.str("DvcHostname"),
		}
		e.EventResult, e.EventResultDetails = httpResult(status)
		e.Time, _ = r.ticks("TimeGenerated")
		add(&e)
	})
}

// httpResult maps an HTTP status of a login POST: 2xx and 3xx succeed;
// 401 is a rejected credential, 403 and 429 a refusal by policy (blocked,
// throttled); any other status says nothing about the credential (NA).
func httpResult(status string) (string, string) {
	switch {
	case len(status) == 3 && (status[0] == '2' || status[0] == '3'):
		return "Success", ""
	case status == "401":
		return "Failure", "No such user or password"
	case status == "403", status == "429":
		return "Failure", "Logon violates policy"
	}
	return "NA", ""
}

func urlPath(u string) string {
	for i := 0; i < len(u); i++ {
		if u[i] == '?' {
			return u[:i]
		}
	}
	return u
}
