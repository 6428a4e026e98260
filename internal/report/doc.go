// Package report renders quarry's outputs: query results as terminal
// tables, CSV, JSON and NDJSON; and the response files of a hunt
// (incidents.json, alerts.ndjson, blocklists for nginx/ipset/WAFs,
// reset.csv, notify.csv and the self-contained report.html).
package report
