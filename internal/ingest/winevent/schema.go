package winevent

import "quarry/internal/column"

// SecurityTable and WindowsTable are the tables the family fills.
const (
	SecurityTable = "SecurityEvent"
	WindowsTable  = "WindowsEvent"
)

// Schema is the part of the SecurityEvent table (as Log Analytics
// documents it) that logon, credential-validation and Kerberos events
// fill, plus the agent columns every row has. Columns keep their
// documented types (EventID, LogonType, Task, KeyLength are int).
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "Computer", Type: column.String},
	{Name: "EventID", Type: column.Int},
	{Name: "Activity", Type: column.String},
	{Name: "Channel", Type: column.String},
	{Name: "EventSourceName", Type: column.String},
	{Name: "Task", Type: column.Int},
	{Name: "Level", Type: column.String},
	{Name: "EventRecordId", Type: column.String},
	{Name: "Account", Type: column.String},
	{Name: "AccountType", Type: column.String},
	{Name: "SubjectUserSid", Type: column.String},
	{Name: "SubjectUserName", Type: column.String},
	{Name: "SubjectDomainName", Type: column.String},
	{Name: "SubjectLogonId", Type: column.String},
	{Name: "SubjectAccount", Type: column.String},
	{Name: "TargetUserSid", Type: column.String},
	{Name: "TargetSid", Type: column.String},
	{Name: "TargetUserName", Type: column.String},
	{Name: "TargetDomainName", Type: column.String},
	{Name: "TargetAccount", Type: column.String},
	{Name: "TargetLogonId", Type: column.String},
	{Name: "TargetLinkedLogonId", Type: column.String},
	{Name: "LogonType", Type: column.Int},
	{Name: "LogonTypeName", Type: column.String},
	{Name: "LogonProcessName", Type: column.String},
	{Name: "AuthenticationPackageName", Type: column.String},
	{Name: "PackageName", Type: column.String},
	{Name: "LmPackageName", Type: column.String},
	{Name: "KeyLength", Type: column.Int},
	{Name: "TransmittedServices", Type: column.String},
	{Name: "LogonGuid", Type: column.String},
	{Name: "ElevatedToken", Type: column.String},
	{Name: "VirtualAccount", Type: column.String},
	{Name: "RestrictedAdminMode", Type: column.String},
	{Name: "TargetOutboundUserName", Type: column.String},
	{Name: "TargetOutboundDomainName", Type: column.String},
	{Name: "ProcessId", Type: column.String},
	{Name: "ProcessName", Type: column.String},
	{Name: "WorkstationName", Type: column.String},
	{Name: "Workstation", Type: column.String},
	{Name: "IpAddress", Type: column.String},
	{Name: "IpPort", Type: column.String},
	{Name: "ServiceName", Type: column.String},
	{Name: "Status", Type: column.String},
	{Name: "SubStatus", Type: column.String},
	{Name: "FailureReason", Type: column.String},
	{Name: "EventData", Type: column.String},
	{Name: "SourceComputerId", Type: column.String},
	{Name: "TenantId", Type: column.String},
	{Name: "SourceSystem", Type: column.String},
	{Name: "Type", Type: column.String},
}

// WindowsSchema is the WindowsEvent table (non-Security channels).
var WindowsSchema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "Computer", Type: column.String},
	{Name: "Channel", Type: column.String},
	{Name: "Provider", Type: column.String},
	{Name: "EventID", Type: column.Int},
	{Name: "EventLevel", Type: column.Int},
	{Name: "EventRecordId", Type: column.String},
	{Name: "Task", Type: column.Int},
	{Name: "EventData", Type: column.Dynamic},
	{Name: "Type", Type: column.String},
}

// activities are the event descriptions Log Analytics puts in Activity.
var activities = map[int64]string{
	1102: "The audit log was cleared.",
	4624: "An account was successfully logged on.",
	4625: "An account failed to log on.",
	4634: "An account was logged off.",
	4647: "User initiated logoff.",
	4648: "A logon was attempted using explicit credentials.",
	4672: "Special privileges assigned to new logon.",
	4740: "A user account was locked out.",
	4768: "A Kerberos authentication ticket (TGT) was requested.",
	4769: "A Kerberos service ticket was requested.",
	4771: "Kerberos pre-authentication failed.",
	4776: "The computer attempted to validate the credentials for an account.",
}

var logonTypeNames = map[int64]string{
	0: "System", 2: "Interactive", 3: "Network", 4: "Batch", 5: "Service", 7: "Unlock",
	8: "NetworkCleartext", 9: "NewCredentials", 10: "RemoteInteractive", 11: "CachedInteractive",
	12: "CachedRemoteInteractive", 13: "CachedUnlock",
}

// transport lists keys of the input shapes that describe the record, not
// the event, and never go to EventData.
var transport = map[string]bool{
	"@timestamp": true, "@version": true, "Message": true, "message": true, "tags": true, "host": true,
	"port": true, "winlog": true, "event": true, "agent": true, "ecs": true, "log": true,
	"TimeGenerated": true, "TimeCreatedUtc": true, "TimeCreated.SystemTime": true, "EventTime": true,
	"EventReceivedTime": true, "Hostname": true, "SourceName": true, "Provider.Name": true,
	"Provider.Guid": true, "ProviderGuid": true, "EventRecordID": true, "RecordNumber": true,
	"Type": true, "EventType": true, "Severity": true, "SeverityValue": true, "SourceModuleName": true,
	"SourceModuleType": true, "Category": true, "Opcode": true, "OpcodeValue": true, "Keywords": true,
	"Version": true, "ExecutionProcessID": true, "ThreadID": true, "Execution.ProcessID": true,
	"Execution.ThreadID": true, "EventID.Qualifiers": true, "Correlation.ActivityID": true,
	"Correlation.RelatedActivityID": true, "Security.UserID": true, "ActivityID": true,
}
