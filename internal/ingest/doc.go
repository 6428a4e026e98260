// Package ingest reads log files into tables: it recognises a file's
// format from its content, infers or applies a schema, and scans files into
// column batches, decoding only the columns a query asks for. It is the
// format registry of quarry; subpackages for source families (Entra ID,
// Windows, sshd, CloudTrail, ...) build on the generic readers here.
//
// # Formats
//
// Detect looks at content, never at file names. Compression is recognised
// by magic bytes (gzip, including concatenated members, and bzip2) and
// undone transparently. The decompressed text, after an optional UTF-8
// byte order mark, is one of:
//
//   - NDJSON: one JSON object per line (\n or \r\n; blank lines skipped).
//   - JSON array: [ {...}, {...} ].
//   - JSON envelope: an object whose "records" (Azure diagnostic export),
//     "value" (Microsoft Graph page) or "Records" (CloudTrail file) member is
//     the array of records; other members are ignored.
//   - JSON object: a single object is one record.
//   - JSON stream: objects one after another, not one per line (jq output).
//   - CSV: delimited text with a header row; the delimiter (, tab ; |) is
//     the most frequent one in the header line. RFC 4180 quoting, including
//     line breaks inside quoted fields; lenient about stray quotes. The Log
//     Analytics export header suffix " [UTC]" is dropped.
//
// Anything else is ErrUnknownFormat (line-oriented text logs such as syslog
// belong to source-family readers).
//
// # Schemas
//
// A FileTable named like a documented Log Analytics table
// (table.KnownSchema) has the documented columns and types; values that do
// not convert become null and are reported. Columns found only in the data
// are appended with inferred types. Other tables get every column inferred
// from a sample (the first 2000 records or 8 MiB of each file): see
// infer.go for the rules. Nested JSON is not flattened: an object member is
// one dynamic column, as in Log Analytics. Every table has a Type column
// holding the table name (for inferred tables, unless the data has its
// own). Datetimes are read from ISO 8601 / RFC 3339 (zone optional, meaning
// UTC; any number of fraction digits) and from the Log Analytics CSV export
// form "11/29/2026, 1:02:03.456 PM" or "29/11/2026, 13:02:03.456", whose
// day/month order is decided per file from the sample.
//
// # Scanning
//
// A scan reads the files again from the start; nothing is cached. One
// producer goroutine reads each file sequentially (decompressing if needed)
// into buffers of Options.ChunkSize (4 MiB) and cuts each buffer after its
// last whole record (split.go); req.Workers goroutines decode chunks into
// batches of Options.BatchSize (4096) rows and call emit with their worker
// index. Buffers circulate through a free list of workers+1, so memory is
// bounded by (workers+1) x chunk size plus the batches the consumer holds,
// whatever the file size. Every shape is cut into chunks, so gzip and JSON
// arrays decode in parallel too; only reading and cutting is sequential.
// Batches from different workers arrive in no particular order.
//
// Decoding never builds a map per record. The JSON scanner (jsonscan.go)
// walks the top-level members of each object, rejects most keys by length
// alone, decodes the values of requested columns straight into typed
// column builders, and skips the rest without allocating. Strings of a
// batch share one arena converted to a single Go string at the end of the
// batch; only dynamic columns materialize Go values. CSV records without
// quotes are split with bytes.IndexByte and only requested fields are
// converted.
//
// # Bad input
//
// A malformed record (bad JSON line, CSV row with the wrong number of
// fields) is skipped; a value that does not convert to its column's type is
// stored as null. Both are reported to ScanRequest.BadRecord with the file
// and the 1-based line where the record starts, and the scan continues
// unless BadRecord returns an error or Options.Strict is set. A fault after
// which a file cannot be cut into records (unbalanced brackets in a JSON
// array, a record over 256 MiB) is reported the same way and ends that
// file. No input makes the package panic; the fuzz tests check it.
//
// A JSON record is read as far as the scan needs it: the members before
// the last key the scan reads are skipped with light checks (jsonscan.go),
// and once every key it reads has been found the rest of the record is
// not looked at, except that it must end with the object's closing brace
// (a line cut short is still reported). A record malformed only after
// those keys is therefore kept, and a key repeated after them keeps its
// first value. With Options.Strict every record is walked to its end.
package ingest
