// Package load turns files and folders of logs into a table catalog: it
// walks folders, recognises every file from its content (a log-source
// family such as sshd syslog or nginx access logs, or a generic NDJSON,
// JSON or CSV file), loads each into the table Log Analytics would put it
// in, and adds the ASIM-style normalized views (imAuthentication and the
// data-transfer view) computed from whatever sources are present, when a
// scan first needs them and with the columns scans request. It also
// reports what it recognised, how many records, and what it skipped and why.
package load
