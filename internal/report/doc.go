// Package report renders quarry's outputs: query results as terminal
// tables, CSV, JSON and NDJSON (and, later, alert and incident reports).
package report
