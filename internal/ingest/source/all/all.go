// Package all registers every log-source family quarry has with the
// source registry. Import it for its side effect:
//
//	import _ "quarry/internal/ingest/source/all"
package all

import (
	_ "quarry/internal/ingest/cloudtrail" // AWS CloudTrail records
	_ "quarry/internal/ingest/entra"      // Entra ID sign-ins (diagnostic export, Graph)
	_ "quarry/internal/ingest/okta"       // Okta System Log
	_ "quarry/internal/ingest/proxifier"  // Proxifier connection logs
	_ "quarry/internal/ingest/syslog"     // RFC 3164/5424 syslog, journald JSON
	_ "quarry/internal/ingest/weblog"     // nginx/Apache access logs
	_ "quarry/internal/ingest/winevent"   // Windows Security events as JSON
	_ "quarry/internal/ingest/zeek"       // Zeek TSV and JSON logs
)
