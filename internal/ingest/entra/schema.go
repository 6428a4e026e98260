package entra

import "quarry/internal/column"

// Table names.
const (
	Interactive      = "SigninLogs"
	NonInteractive   = "AADNonInteractiveUserSignInLogs"
	ServicePrincipal = "AADServicePrincipalSignInLogs"
	ManagedIdentity  = "AADManagedIdentitySignInLogs"
)

// signinColumns are the SigninLogs columns the two shapes can fill, with
// their SigninLogs types.
var signinColumns = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "CreatedDateTime", Type: column.DateTime},
	{Name: "OperationName", Type: column.String},
	{Name: "OperationVersion", Type: column.String},
	{Name: "Category", Type: column.String},
	{Name: "ResultType", Type: column.String},
	{Name: "ResultSignature", Type: column.String},
	{Name: "ResultDescription", Type: column.String},
	{Name: "DurationMs", Type: column.Long},
	{Name: "CorrelationId", Type: column.String},
	{Name: "Id", Type: column.String},
	{Name: "Identity", Type: column.String},
	{Name: "Level", Type: column.String},
	{Name: "Location", Type: column.String},
	{Name: "AADTenantId", Type: column.String},
	{Name: "UserPrincipalName", Type: column.String},
	{Name: "UserDisplayName", Type: column.String},
	{Name: "UserId", Type: column.String},
	{Name: "UserType", Type: column.String},
	{Name: "AlternateSignInName", Type: column.String},
	{Name: "IPAddress", Type: column.String},
	{Name: "AppDisplayName", Type: column.String},
	{Name: "AppId", Type: column.String},
	{Name: "ClientAppUsed", Type: column.String},
	{Name: "UserAgent", Type: column.String},
	{Name: "ConditionalAccessStatus", Type: column.String},
	{Name: "ConditionalAccessPolicies", Type: column.Dynamic},
	{Name: "AuthenticationRequirement", Type: column.String},
	{Name: "AuthenticationDetails", Type: column.String},
	{Name: "AuthenticationProtocol", Type: column.String},
	{Name: "DeviceDetail", Type: column.Dynamic},
	{Name: "LocationDetails", Type: column.Dynamic},
	{Name: "Status", Type: column.Dynamic},
	{Name: "MfaDetail", Type: column.Dynamic},
	{Name: "IsInteractive", Type: column.Bool},
	{Name: "IsRisky", Type: column.Bool},
	{Name: "RiskDetail", Type: column.String},
	{Name: "RiskLevelAggregated", Type: column.String},
	{Name: "RiskLevelDuringSignIn", Type: column.String},
	{Name: "RiskState", Type: column.String},
	{Name: "RiskEventTypes", Type: column.String},
	{Name: "ResourceDisplayName", Type: column.String},
	{Name: "ResourceIdentity", Type: column.String},
	{Name: "ResourceId", Type: column.String},
	{Name: "ResourceTenantId", Type: column.String},
	{Name: "HomeTenantId", Type: column.String},
	{Name: "ServicePrincipalId", Type: column.String},
	{Name: "ServicePrincipalName", Type: column.String},
	{Name: "TokenIssuerName", Type: column.String},
	{Name: "TokenIssuerType", Type: column.String},
	{Name: "OriginalRequestId", Type: column.String},
	{Name: "UniqueTokenIdentifier", Type: column.String},
	{Name: "CrossTenantAccessType", Type: column.String},
	{Name: "ProcessingTimeInMilliseconds", Type: column.String},
	{Name: "SourceSystem", Type: column.String},
	{Name: "Type", Type: column.String},
}

// nonInteractiveText lists the columns that are JSON text (string) in
// AADNonInteractiveUserSignInLogs but dynamic in SigninLogs.
var nonInteractiveText = map[string]bool{
	"DeviceDetail": true, "LocationDetails": true, "Status": true, "MfaDetail": true,
	"ConditionalAccessPolicies": true,
}

// notNonInteractive lists SigninLogs columns that
// AADNonInteractiveUserSignInLogs does not document.
var notNonInteractive = map[string]bool{"ResourceId": true, "ServicePrincipalName": true}

// schemaFor returns the column set of table.
func schemaFor(table string) column.Schema {
	out := make(column.Schema, 0, len(signinColumns)+1)
	for _, f := range signinColumns {
		if table == NonInteractive && notNonInteractive[f.Name] {
			continue
		}
		switch {
		case table == NonInteractive && nonInteractiveText[f.Name]:
			f.Type = column.String
		case table == NonInteractive && f.Name == "ProcessingTimeInMilliseconds":
			f.Name = "ProcessingTimeInMs"
		}
		if table == NonInteractive && f.Name == "Type" {
			out = append(out, column.Field{Name: "TenantId", Type: column.String})
		}
		out = append(out, f)
	}
	return out
}

// renames maps camelCase properties whose column name is not the
// property with an upper-case first letter.
var renames = map[string]string{
	"ipAddress":                        "IPAddress",
	"location":                         "LocationDetails",
	"appliedConditionalAccessPolicies": "ConditionalAccessPolicies",
	"resourceId":                       "ResourceIdentity",
	"createdDateTime":                  "CreatedDateTime",
}

// categories maps diagnostic-export categories to tables.
var categories = map[string]string{
	"SignInLogs":                          Interactive,
	"NonInteractiveUserSignInLogs":        NonInteractive,
	"ServicePrincipalSignInLogs":          ServicePrincipal,
	"MicrosoftServicePrincipalSignInLogs": ServicePrincipal,
	"ManagedIdentitySignInLogs":           ManagedIdentity,
}
