// Package entra is the "entra" source family: Microsoft Entra ID sign-in
// records in the two shapes that are not Log Analytics exports.
//
//   - Azure diagnostic-settings exports (Event Hub or storage account):
//     records with time, category, resultType, callerIpAddress and a
//     camelCase properties object, one per line or under "records". The
//     category picks the table: SignInLogs -> SigninLogs,
//     NonInteractiveUserSignInLogs -> AADNonInteractiveUserSignInLogs,
//     ServicePrincipalSignInLogs and MicrosoftServicePrincipalSignInLogs ->
//     AADServicePrincipalSignInLogs, ManagedIdentitySignInLogs ->
//     AADManagedIdentitySignInLogs.
//   - Microsoft Graph auditLogs/signIns pages ({"value":[signIn...]}) ->
//     SigninLogs.
//
// Columns are named and typed as Log Analytics documents SigninLogs and
// AADNonInteractiveUserSignInLogs (shared/schemas): ResultType is a string
// ("0" on success, from status.errorCode or the record's resultType);
// LocationDetails, DeviceDetail, Status, MfaDetail and
// ConditionalAccessPolicies are dynamic in SigninLogs and JSON text in the
// non-interactive table, as documented. The two service-principal tables
// reuse the SigninLogs column set (their pages were not checked). A
// camelCase property becomes the column of the same name with an upper-case
// first letter when the table has it; a few are renamed (ipAddress ->
// IPAddress, location -> LocationDetails plus Location = countryOrRegion,
// appliedConditionalAccessPolicies -> ConditionalAccessPolicies,
// resourceId -> ResourceIdentity, processingTimeInMilliseconds ->
// ProcessingTimeInMs in the non-interactive table).
//
// Plain Log Analytics exports of these tables (PascalCase columns) are the
// generic reader's: Sniff returns a low confidence for them.
package entra
