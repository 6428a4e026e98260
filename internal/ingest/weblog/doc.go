// Package weblog is the "weblog" source family: web server access logs in
// the NCSA common and combined formats that Apache httpd and nginx write
// by default ("1.2.3.4 - bob [17/May/2015:10:05:03 +0000] \"GET /x
// HTTP/1.1\" 200 512 \"referer\" \"agent\""). Fields after the user agent
// (nginx's $http_x_forwarded_for and similar) are ignored.
//
// Table. Log Analytics has no table for Apache or nginx access logs
// (Sentinel ingests them into custom _CL tables), but it documents
// ASimWebSessionLogs, the ingest-time table of ASIM's Web Session schema,
// which every Sentinel web-session rule and parser reads. quarry writes
// access logs there, with the ASIM field names: SrcIpAddr, SrcUsername
// ("-" becomes ""), HttpRequestMethod, Url (the request target as logged),
// HttpVersion, HttpStatusCode and EventResultDetails (the status code as
// text, as ASIM defines them), DstBytes (response bytes sent to the client;
// "-" is 0), HttpReferrer, HttpUserAgent, EventResult (Failure for status
// 400 and above, else Success), EventType "HTTPsession".
//
// Login attempts. A POST whose path (without the query) matches one of
// Options.LoginPaths (default source.DefaultLoginPaths) is a login
// attempt: the row's AdditionalFields is {"LoginAttempt": true}, which
// normalize.Authentication turns into an authentication event. Patterns
// are globs: "*" matches any run of characters other than "/", a trailing
// "*" matches any rest, and matching ignores case and a trailing "/".
package weblog
