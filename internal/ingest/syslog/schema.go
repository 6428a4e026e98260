package syslog

import "quarry/internal/column"

// TableName is the Log Analytics table the family fills.
const TableName = "Syslog"

// Column positions in Schema.
const (
	colTimeGenerated = iota
	colComputer
	colHostName
	colHostIP
	colFacility
	colSeverityLevel
	colProcessName
	colProcessID
	colSyslogMessage
	colEventTime
	colSourceSystem
	colCollectorHostName
	colType
	numCols
)

// Schema is the Syslog table as Log Analytics documents it
// (shared/schemas/Syslog.csv), without the billing and Azure resource
// columns (_BilledSize, _IsBillable, _ResourceId, _SubscriptionId), which
// mean nothing for local files.
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "Computer", Type: column.String},
	{Name: "HostName", Type: column.String},
	{Name: "HostIP", Type: column.String},
	{Name: "Facility", Type: column.String},
	{Name: "SeverityLevel", Type: column.String},
	{Name: "ProcessName", Type: column.String},
	{Name: "ProcessID", Type: column.Int},
	{Name: "SyslogMessage", Type: column.String},
	{Name: "EventTime", Type: column.DateTime},
	{Name: "SourceSystem", Type: column.String},
	{Name: "CollectorHostName", Type: column.String},
	{Name: "Type", Type: column.String},
}

var facilityNames = [...]string{
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
}

var severityNames = [...]string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}

// priNames returns the facility and severity names of a PRI value.
func priNames(pri int) (facility, severity string) {
	if pri < 0 || pri >= 8*len(facilityNames) {
		return "", ""
	}
	return facilityNames[pri/8], severityNames[pri%8]
}

// inferFacility guesses the facility of a line without PRI from its
// process (see the package comment).
func inferFacility(proc string) string {
	if i := indexByte(proc, '('); i > 0 {
		proc = proc[:i]
	}
	switch proc {
	case "sshd", "su", "login", "passwd", "chpasswd", "chage", "useradd", "userdel",
		"usermod", "groupadd", "groupdel", "systemd-logind", "gdm", "gdm-password", "polkitd":
		return "auth"
	case "sudo":
		return "authpriv"
	case "CRON", "cron", "crond", "anacron":
		return "cron"
	case "kernel":
		return "kern"
	case "ftpd", "vsftpd", "proftpd", "pure-ftpd":
		return "ftp"
	}
	return ""
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
