// Package source defines quarry's log-source families: one Family per kind
// of log (sshd syslog, web access logs, Zeek, Windows Security events, Okta,
// CloudTrail, Entra sign-ins), a registry that sniffs a file's first bytes to
// pick the family, and the Sink that collects parsed rows into typed tables
// named like their Log Analytics counterparts.
//
// A family parses a whole stream with Read and appends rows to a Sink. The
// Sink fixes each table's schema on first use, cuts rows into batches of
// BatchSize rows, and records bad input records (file, line, reason); in
// strict mode the first bad record is returned as an error instead.
//
// Families register themselves with Register from an init function; import
// quarry/internal/ingest/source/all to register every family quarry has.
//
// The package also holds the small helpers every family shares: a line
// reader that slices lines out of large string blocks (no per-line
// allocation), a JSON record reader for NDJSON, JSON arrays and wrapper
// objects ({"Records":[...]}, {"value":[...]}), timestamp parsing and
// conversion of decoded JSON values to column types.
package source
