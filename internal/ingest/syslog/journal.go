package syslog

import (
	"strconv"

	"quarry/internal/ingest/source"
)

// parseJournal reads one `journalctl -o json` record.
func parseJournal(line string, rec *record) string {
	v, err := source.DecodeJSON([]byte(line))
	if err != nil {
		return "invalid JSON"
	}
	m, ok := v.(map[string]any)
	if !ok {
		return "JSON line is not an object"
	}
	*rec = record{}
	us, err := strconv.ParseInt(str(m["__REALTIME_TIMESTAMP"]), 10, 64)
	if err != nil {
		return "journal record without __REALTIME_TIMESTAMP"
	}
	rec.ticks = us * 10
	rec.host = str(m["_HOSTNAME"])
	rec.proc = firstOf(str(m["SYSLOG_IDENTIFIER"]), str(m["_COMM"]))
	rec.pid, rec.hasPID = atoi(firstOf(str(m["_PID"]), str(m["SYSLOG_PID"])))
	rec.msg = message(m["MESSAGE"])
	if pri, ok := atoi(str(m["PRIORITY"])); ok && pri < 8 {
		rec.severity = severityNames[pri]
	}
	if fac, ok := atoi(str(m["SYSLOG_FACILITY"])); ok && fac < int64(len(facilityNames)) {
		rec.facility = facilityNames[fac]
	}
	return ""
}

// message returns MESSAGE, which journald writes as an array of byte
// values when the text is not valid UTF-8.
func message(x any) string {
	arr, ok := x.([]any)
	if !ok {
		return str(x)
	}
	b := make([]byte, 0, len(arr))
	for _, e := range arr {
		if n, ok := e.(int64); ok && n >= 0 && n < 256 {
			b = append(b, byte(n))
		}
	}
	return string(b)
}

func str(x any) string {
	if x == nil {
		return ""
	}
	return source.Text(x)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
