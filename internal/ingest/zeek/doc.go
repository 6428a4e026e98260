// Package zeek is the "zeek" source family: Zeek (formerly Bro) logs in
// the default TSV format (#separator, #fields, #types headers) and as JSON
// lines (LogAscii::use_json, or shippers that write one object per line).
// Each log path becomes a table named "Zeek" plus the path in CamelCase:
// conn -> ZeekConn, ssh -> ZeekSsh, ntlm -> ZeekNtlm, rdp -> ZeekRdp,
// smb_mapping -> ZeekSmbMapping. Gzip is handled by the caller.
//
// Columns keep Zeek's field names with "." replaced by "_" (id.orig_h ->
// id_orig_h), the spelling Sentinel's Zeek/Corelight tables use. Types
// come from #types in TSV: time -> datetime; count, int -> long; port ->
// int; double, interval (seconds) -> real; bool -> bool; addr, subnet,
// string, enum and the rest -> string; set[...] and vector[...] -> dynamic
// arrays. The unset field ("-") is null and the empty field "(empty)" is
// "" (an empty array for containers). JSON lines carry no types: conn,
// ssh, ntlm and rdp use the standard Zeek types of their fields, other
// paths infer each column's type from the first record. The path of a
// JSON record is its _path (or @stream) field, else guessed from its
// fields (conn_state -> conn, auth_success -> ssh, ...). Fields starting
// with "@" (shipper metadata) are dropped.
package zeek
