// Package normalize builds quarry's normalized views from source tables,
// in Go, the way Microsoft Sentinel's ASIM parsers build them in KQL:
//
//   - Authentication: the imAuthentication view (ASIM Authentication schema
//     0.1.3), one row per authentication attempt from SigninLogs,
//     AADNonInteractiveUserSignInLogs, SecurityEvent, Syslog, web login
//     requests (ASimWebSessionLogs), Okta, AWSCloudTrail, Zeek ssh, ntlm,
//     rdp and kerberos logs, and SQL Server logins (WindowsEvent 18453,
//     18454, 18456).
//   - DataTransfer: the imDataTransfer view, one row per transfer with the
//     account, addresses, resource and byte counts, from generic transfer
//     tables, CloudTrail GetObject data events, Zeek conn logs, web
//     access logs and Proxifier close lines.
//
// Result codes map to EventResult / EventResultDetails as ASIM's parsers
// map them; docs/formats.md ("Normalized views") lists every mapping and every
// place where quarry deliberately differs.
//
// AuthenticationColumns builds only some columns of imAuthentication, for
// a scan that reads only those: every view column names the event fields
// it reads (authColumn.reads), every source declares next to its mapping
// which source columns each event field is computed from and which decide
// the rows (viewInputs), and the source tables are scanned for those
// columns only. The rows are the same, in the same order, whatever the
// columns; event fields computed from unread columns come out empty and
// are not output. Nested values (the country inside Entra's
// LocationDetails) are read as fields: a file-backed table extracts them
// while scanning, without building the objects (ingest.Field).
package normalize
