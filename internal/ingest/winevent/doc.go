// Package winevent is the "winevent" source family: Windows event logs
// exported as JSON, one event per line or as a JSON array. It reads
//
//   - Microsoft Sentinel SecurityEvent exports (Log Analytics column names:
//     TimeGenerated, Computer, EventID, Account, TargetUserName, ...);
//   - NXLog-style flat events (EventID, Hostname, Channel, @timestamp, the
//     event data fields at the top level), as in OTRF Security-Datasets;
//   - python-evtx / evtx_dump style flat events (TimeCreated.SystemTime,
//     Provider.Name, EventRecordID, event data at the top level);
//   - Winlogbeat / Elastic Agent events (winlog.event_id, winlog.channel,
//     winlog.computer_name, winlog.event_data.*, @timestamp).
//
// Events of the Security channel become rows of SecurityEvent, with the
// documented column names and types (shared/schemas/SecurityEvent.csv) for
// the columns logon-related events fill (see Schema); event data fields
// without such a column are kept as JSON in EventData. Account,
// SubjectAccount and TargetAccount (DOMAIN\user), Activity ("4625 - An
// account failed to log on.") and LogonTypeName ("2 - Interactive") are
// derived as the Log Analytics agent derives them when the input lacks
// them. Events of other channels (Sysmon, PowerShell, Application...) become
// rows of WindowsEvent (Channel, Provider, EventID, EventData as dynamic),
// the table Log Analytics uses for non-Security Windows events. The
// rendered Message text is dropped.
//
// EVTX. quarry reads no binary .evtx files: no well-kept pure-Go EVTX
// reader is available from the Go module proxy (none is listed among the
// modules this project may use), and cgo is out. Convert EVTX files to
// JSON lines first, for example with evtx_dump (omerbenamram/evtx,
// `evtx_dump -o jsonl`), python-evtx, or Winlogbeat.
package winevent
