package normalize

import (
	"context"
	"net"
	"net/netip"
	"strconv"

	"quarry/internal/table"
)

// proxifierTransfers reads the close lines of Proxifier logs: the byte
// counts are the local application's (sent = upload). Proxifier logs no
// user and no local address, so the application is the acting entity
// (User) and SrcIpAddr stays empty; DstIpAddr is set only when the target
// is an address rather than a host name.
func proxifierTransfers(ctx context.Context, t table.Table, add func(*transfer)) error {
	cols := []string{"TimeGenerated", "Action", "Application", "TargetHost", "TargetPort", "BytesSent", "BytesReceived"}
	return scanRows(ctx, t, cols, func(r rowView) {
		if r.str("Action") != "close" {
			return
		}
		host := r.str("TargetHost")
		tr := &transfer{typ: "ProxifierLogs", product: "Proxifier", vendor: "Initex", op: "Proxy connection",
			user: r.str("Application"), res: host}
		if _, err := netip.ParseAddr(host); err == nil {
			tr.dst = host
		}
		tr.time, _ = r.ticks("TimeGenerated")
		tr.port, _ = r.num("TargetPort")
		if tr.port > 0 {
			tr.res = net.JoinHostPort(host, strconv.FormatInt(tr.port, 10))
		}
		tr.sent, _ = r.num("BytesSent")
		tr.received, _ = r.num("BytesReceived")
		add(tr)
	})
}
