package normalize

import (
	"context"
	"strings"

	"quarry/internal/table"
)

var cloudTrailColumns = []string{
	"TimeGenerated", "EventName", "EventSource", "AwsEventId", "SourceIpAddress", "UserAgent",
	"ErrorCode", "ErrorMessage", "ResponseElements", "AdditionalEventData", "UserIdentityType",
	"UserIdentityArn", "UserIdentityUserName", "UserIdentityAccountId", "UserIdentityPrincipalid",
	"UserIdentityStoreArn", "UserIdentityUserId", "RecipientAccountId", "AWSRegion",
}

// awsUserType maps UserIdentityType as ASimAuthenticationAWSCloudTrail does.
var awsUserType = map[string]string{
	"Root": "Admin", "IAMUser": "Regular", "AssumedRole": "Service", "Role": "Service",
	"FederatedUser": "Regular", "Directory": "Other", "AWSAccount": "Guest",
	"AWSService": "Application", "Unknown": "Other",
}

// awsResultDetails maps ErrorMessage of failed console logins. The ASIM
// parser's table has the two rows below but writes them to a column named
// EventOriginalDetails, so it never sets EventResultDetails; quarry sets
// it ("Failed authentication" -> "No such user or password", since AWS
// does not say which part was wrong).
var awsResultDetails = map[string]string{
	"No username found in supplied account": "No such user",
	"Failed authentication":                 "No such user or password",
}

// cloudTrailInputs declares what cloudTrailEvent reads; EventName decides
// which rows are console logins.
var cloudTrailInputs = declare([]string{"EventName"},
	"TargetUsername: UserIdentityUserName UserIdentityType UserIdentityArn UserIdentityUserId",
	"TargetUserType: UserIdentityType",
	"EventUid: AwsEventId",
	"SrcIpAddr: SourceIpAddress",
	"HttpUserAgent: UserAgent",
	"TargetUserId TargetUserIdType: UserIdentityPrincipalid",
	"EventOriginalResultDetails: ErrorMessage",
	"TargetUrl LogonMethod SrcDeviceType: AdditionalEventData",
	"Time: TimeGenerated",
	"EventResult: ResponseElements",
	"EventResultDetails: ResponseElements ErrorMessage",
)

// cloudTrailLogins normalizes AWS console sign-ins (EventName ConsoleLogin).
func cloudTrailLogins(ctx context.Context, t table.Table, add func(*authEvent)) error {
	var e authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, cloudTrailColumns, func(r rowView) {
		if r.str("EventName") != "ConsoleLogin" {
			return
		}
		cloudTrailEvent(r, &e)
		add(&e)
	})
}

// cloudTrailEvent fills e (overwriting all of it).
func cloudTrailEvent(r rowView, e *authEvent) {
	typ := r.str("UserIdentityType")
	extra := r.str("AdditionalEventData")
	*e = authEvent{
		Type: "AWSCloudTrail", EventType: "Logon", EventProduct: "AWS CloudTrail", EventVendor: "AWS",
		Dvc: "AWS", LogonProtocol: "HTTPS", TargetAppName: "AWS Management Console", TargetAppType: "SaaS application",
		EventUid: r.str("AwsEventId"), SrcIpAddr: r.str("SourceIpAddress"), HttpUserAgent: r.str("UserAgent"),
		TargetUserType: awsUserType[typ], TargetUsername: awsUsername(r, typ), TargetUsernameType: "Simple",
		TargetUserId: r.str("UserIdentityPrincipalid"), EventOriginalType: "ConsoleLogin",
		EventOriginalResultDetails: r.str("ErrorMessage"), TargetUrl: between(extra, `"LoginTo":"`, `"`),
	}
	if e.TargetUserId != "" {
		e.TargetUserIdType = "AWSId"
	}
	e.Time, _ = r.ticks("TimeGenerated")
	e.EventResult = "Failure"
	if strings.Contains(r.str("ResponseElements"), "Success") {
		e.EventResult = "Success"
	} else {
		e.EventResultDetails = awsResultDetails[e.EventOriginalResultDetails]
	}
	if mfaUsed(extra) {
		e.LogonMethod = "MFA"
	}
	if strings.Contains(strings.ReplaceAll(extra, " ", ""), `"MobileVersion":"Yes"`) {
		e.SrcDeviceType = "Mobile Device"
	} else {
		e.SrcDeviceType = "Computer"
	}
}

// mfaUsed reads "MFAUsed":"Yes" with or without a space after the colon
// (the ASIM parser's `has '"MFAUsed": "Yes"'` needs the space; CloudTrail
// writes none).
func mfaUsed(extra string) bool {
	return strings.Contains(strings.ReplaceAll(extra, " ", ""), `"MFAUsed":"Yes"`)
}

// awsUsername picks the user name as the ASIM parser does.
func awsUsername(r rowView, typ string) string {
	name := r.str("UserIdentityUserName")
	switch {
	case name == "HIDDEN_DUE_TO_SECURITY_REASONS":
		return ""
	case typ == "Root":
		return "root"
	case typ == "AssumedRole":
		arn := r.str("UserIdentityArn")
		return arn[strings.LastIndexByte(arn, '/')+1:]
	case typ == "IdentityCenterUser":
		return first(r.str("UserIdentityUserId"), name)
	}
	return name
}
