// Package syslog is the "syslog" source family: Linux syslog files such as
// /var/log/auth.log and /var/log/secure in the traditional BSD format (RFC
// 3164, "Nov  2 03:14:07 host sshd[1234]: msg", with or without a <PRI>
// prefix, or with an RFC 3339 timestamp as rsyslog writes it), RFC 5424
// lines, and `journalctl -o json` lines. Every record becomes a row of the
// Syslog table with the columns Log Analytics documents for it.
//
// Timestamps. RFC 3164 timestamps carry no year and no zone. The year is
// Options.Year, else the year of the file's modification time (for a first
// line whose month lies after the modification month, the year before);
// when the month goes back by more than six months from one line to the
// next (December to January) the year advances. The zone is
// Options.Location (UTC by default).
//
// Facility and SeverityLevel come from the <PRI> value when the line has
// one, named as Log Analytics names them (auth, authpriv, daemon, local0...;
// emerg, alert, crit, err, warning, notice, info, debug). Plain files written
// by a local syslog daemon carry no PRI; then SeverityLevel is "" and
// Facility is inferred from the process for the usual authentication
// programs (sshd, su, login, passwd... -> auth; sudo -> authpriv; cron ->
// cron; kernel -> kern; ftpd -> ftp) and is "" otherwise.
//
// The parser uses no regular expressions and slices every field out of the
// block strings it is handed, so a line costs no allocation. Read parses
// the input in chunks on all cores and appends straight into column
// vectors (parallel.go), which are carved out of a few large blocks per
// Read rather than allocated batch by batch, to touch little fresh memory
// (memory.go); strict mode reads line by line.
package syslog
