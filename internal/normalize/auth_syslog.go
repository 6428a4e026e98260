package normalize

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"quarry/internal/column"
	"quarry/internal/table"
)

var syslogColumns = []string{
	"TimeGenerated", "Computer", "HostName", "HostIP", "ProcessName", "SyslogMessage",
}

// syslogAuth normalizes authentication lines of sshd, su, sudo, login,
// FTP servers and PAM found in the Syslog table, one row at a time. It is
// the general path, for Syslog tables whose columns have other types than
// the syslog family gives them; syslogAuthBatches is the fast one.
func syslogAuth(ctx context.Context, t table.Table, add func(*authEvent)) error {
	return scanRows(ctx, t, syslogColumns, func(r rowView) {
		var e authEvent
		proc, msg := r.str("ProcessName"), r.str("SyslogMessage")
		if !syslogEvent(&e, proc, msg) {
			return
		}
		ticks, _ := r.ticks("TimeGenerated")
		syslogCommon(&e, ticks, r.str("Computer"), r.str("HostName"), r.str("HostIP"), msg)
		add(&e)
	})
}

// syslogCommon sets the fields every Syslog event takes from its row.
func syslogCommon(e *authEvent, ticks int64, computer, hostName, hostIP, msg string) {
	e.Type = "Syslog"
	e.Time = ticks
	host := first(computer, hostName)
	e.Dvc, e.DvcHostname, e.TargetHostname = first(host, hostIP), host, host
	e.DvcIpAddr, e.DvcOs = hostIP, "Linux"
	e.EventMessage = msg
	if e.EventVendor == "" {
		e.EventVendor = "Linux"
	}
}

// syslogAuthBatches is the fast path of syslogAuth, for a Syslog table
// whose columns have the syslog family's types (it reports false, having
// done nothing, for any other). It reads the column vectors of each batch
// directly, classifies each line into one reused event, appends the
// events straight into the view's column vectors (authBatch), and works
// on the table's batches on all cores, keeping their order.
func syslogAuthBatches(ctx context.Context, t table.Table, ab *authBuilder) (bool, error) {
	schema := t.Schema()
	var cols []string
	for _, name := range syslogColumns {
		switch i := schema.Index(name); {
		case i < 0:
		case schema[i].Type != column.String && (name != "TimeGenerated" || schema[i].Type != column.DateTime):
			return false, nil
		default:
			cols = append(cols, name)
		}
	}
	if !slices.Contains(cols, "ProcessName") && !slices.Contains(cols, "SyslogMessage") {
		return true, nil // as scanRows: nothing to read
	}
	var in []*column.Batch
	err := t.Scan(ctx, table.ScanRequest{Columns: cols, Workers: 1}, func(_ int, b *column.Batch) error {
		in = append(in, b)
		return nil
	})
	if err != nil {
		return true, err
	}
	out := make([]*column.Batch, len(in))
	err = eachParallel(ctx, len(in), func() func(k int) {
		var events []authEvent // reused from batch to batch
		return func(k int) {
			events = syslogEvents(in[k], cols, events[:0])
			out[k] = ab.eventsBatch(events)
			clear(events)
		}
	})
	if err != nil {
		return true, err
	}
	for _, b := range out {
		ab.addBatch(b)
	}
	return true, nil
}

// syslogEvents appends the events of the rows of one scanned batch
// (columns cols) to events.
func syslogEvents(b *column.Batch, cols []string, events []authEvent) []authEvent {
	vec := func(name string) *column.Vector {
		if i := slices.Index(cols, name); i >= 0 {
			return b.Cols[i]
		}
		return nil
	}
	strAt := func(v *column.Vector, i int) string {
		if v == nil {
			return ""
		}
		return v.Strs[i]
	}
	times, computer, hostName, hostIP := vec("TimeGenerated"), vec("Computer"), vec("HostName"), vec("HostIP")
	proc, msgs := vec("ProcessName"), vec("SyslogMessage")
	for i := 0; i < b.Len; i++ {
		if len(events) == cap(events) {
			events = slices.Grow(events, max(b.Len/4, 1))
		}
		// Classify into the next free slot; it is kept only for an event.
		e := &events[:len(events)+1][len(events)]
		msg := strAt(msgs, i)
		if !syslogEvent(e, strAt(proc, i), msg) {
			continue
		}
		var ticks int64
		if times != nil && !times.Nulls.Get(i) {
			ticks = times.Ints[i]
		}
		syslogCommon(e, ticks, strAt(computer, i), strAt(hostName, i), strAt(hostIP, i), msg)
		events = events[:len(events)+1]
	}
	return events
}

// eachParallel calls fn(0) ... fn(n-1) on up to GOMAXPROCS goroutines,
// each with its own fn from worker, and returns ctx's error if it is
// cancelled meanwhile.
func eachParallel(ctx context.Context, n int, worker func() func(k int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), n); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := worker()
			for ctx.Err() == nil {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				fn(k)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// syslogEvent dispatches on the process and fills e (overwriting all of
// it); false when the line is not an authentication event.
func syslogEvent(e *authEvent, proc, msg string) bool {
	base, pamStyle := splitPAMProcess(proc)
	switch {
	case pamStyle:
		return pamFailure(e, base, msg)
	case base == "sshd":
		return sshdEvent(e, msg)
	case base == "su":
		return suEvent(e, msg)
	case base == "sudo":
		return sudoEvent(e, msg)
	case base == "login":
		return loginEvent(e, msg)
	case base == "vsftpd" || base == "proftpd" || base == "pure-ftpd" || base == "ftpd":
		return ftpEvent(e, base, msg)
	}
	if strings.HasPrefix(msg, "pam_unix(") {
		return pamUnixLine(e, base, msg)
	}
	return false
}

// splitPAMProcess reads old-style PAM tags such as "sshd(pam_unix)".
func splitPAMProcess(proc string) (string, bool) {
	if i := strings.IndexByte(proc, '('); i > 0 && strings.HasPrefix(proc[i:], "(pam_") {
		return proc[:i], true
	}
	return proc, false
}

// sshdEvent maps OpenSSH messages as ASimAuthenticationSshd does.
// Most sshd lines are not authentication events (session, disconnect and
// PAM chatter), so the message is classified first (sshdKindOf) and e,
// hundreds of bytes, is only written for an event.
func sshdEvent(e *authEvent, msg string) bool {
	kind := sshdKindOf(msg)
	if kind == kindOther {
		return false
	}
	*e = authEvent{
		EventVendor: "OpenBSD", EventProduct: "OpenSSH", EventSubType: "Remote",
		LogonProtocol: "ssh", TargetAppName: "sshd", TargetAppType: "Service", TargetUsernameType: "Simple",
		EventType: "Logon",
	}
	switch kind {
	case kindAccepted:
		sshdAttempt(e, msg[len("Accepted "):])
		e.EventResult = "Success"
	case kindFailed:
		sshdFailed(e, msg[len("Failed "):], 1)
	case kindRepeated:
		n := repeatCount(msg)
		_, rest, _ := strings.Cut(msg, "Failed ")
		sshdFailed(e, strings.TrimSuffix(rest, "]"), n)
	case kindInvalidUser:
		sshdInvalidUser(e, msg[len("Invalid user "):])
	case kindTimeout:
		sshdTimeout(e, msg)
	default:
		sshdBreakIn(e, kind, msg)
	}
	return true
}

// sshdKind is what sshdKindOf makes of an sshd message.
type sshdKind uint8

const (
	kindOther sshdKind = iota // not an authentication event
	kindAccepted
	kindFailed
	kindRepeated // "message repeated N times: [ Failed ...]"
	kindInvalidUser
	kindTimeout
	kindReverseMapping // the three "POSSIBLE BREAK-IN ATTEMPT" checks
	kindMapBack
	kindNastyPTR
)

// sshdKindOf classifies an sshd message: its tests, in this order, decide
// which of sshdEvent's mappings applies.
func sshdKindOf(msg string) sshdKind {
	switch {
	case strings.HasPrefix(msg, "Accepted "):
		return kindAccepted
	case strings.HasPrefix(msg, "Failed "):
		return kindFailed
	case strings.HasPrefix(msg, "message repeated ") && strings.Contains(msg, "Failed "):
		return kindRepeated
	case strings.HasPrefix(msg, "Invalid user "):
		return kindInvalidUser
	case strings.HasPrefix(msg, "Timeout, client not responding"):
		return kindTimeout
	case strings.HasPrefix(msg, "reverse mapping checking getaddrinfo for"):
		return kindReverseMapping
	case strings.Contains(msg, "but this does not map back to the address"):
		return kindMapBack
	case strings.HasPrefix(msg, "Nasty PTR record"):
		return kindNastyPTR
	}
	return kindOther
}

// invalidUserFields is the AdditionalFields of a logon by a user sshd
// calls invalid; rows share it, so nothing may modify it.
var invalidUserFields = map[string]any{"InvalidUser": true}

// sshdAttempt reads "<method> for [invalid user ]<user> from <ip> port <port> ssh2".
func sshdAttempt(e *authEvent, s string) {
	method, rest, _ := strings.Cut(s, " for ")
	e.LogonMethod = sshMethod(method)
	user, addr, ok := cutLast(rest, " from ")
	if !ok {
		return
	}
	e.TargetUsername = strings.TrimPrefix(user, "invalid user ")
	if user != e.TargetUsername {
		e.AdditionalFields = invalidUserFields
	}
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
}

// sshdFailed maps "Failed <method> for ..." (n attempts when repeated).
func sshdFailed(e *authEvent, s string, n int64) {
	sshdAttempt(e, s)
	e.EventResult, e.EventCount, e.EventSeverity = "Failure", n, "Low"
	e.EventResultDetails = "Incorrect password"
	if strings.HasPrefix(s, "publickey") {
		e.EventResultDetails = "Incorrect key"
	}
}

func sshMethod(m string) string {
	switch m {
	case "publickey", "hostbased":
		return "PKI"
	case "none":
		return ""
	}
	return "Username & password"
}

// sshdInvalidUser reads "<user> from <ip>[ port <port>]".
func sshdInvalidUser(e *authEvent, s string) {
	user, addr, ok := cutLast(s, " from ")
	if !ok {
		return
	}
	e.TargetUsername = strings.TrimSpace(user)
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
	e.EventResult, e.EventResultDetails, e.EventSeverity = "Failure", "No such user", "Low"
}

// sshdTimeout reads "Timeout, client not responding from user <u> <ip> port <p>".
func sshdTimeout(e *authEvent, msg string) {
	e.EventType, e.EventResult = "Logoff", "Success"
	_, rest, ok := strings.Cut(msg, " from user ")
	if !ok {
		return
	}
	user, addr, _ := strings.Cut(rest, " ")
	e.TargetUsername = user
	e.SrcIpAddr, e.SrcPortNumber = ipPort(addr)
}

// sshdBreakIn maps the DNS checks sshd logs as "POSSIBLE BREAK-IN ATTEMPT".
func sshdBreakIn(e *authEvent, kind sshdKind, msg string) {
	switch kind {
	case kindReverseMapping:
		e.RuleName = "Reverse mapping failed"
		e.SrcIpAddr = between(msg, "[", "]")
	case kindMapBack:
		e.RuleName = "Address to host to address mapping does not map back to address"
		e.SrcIpAddr = between(msg, "Address ", " maps to")
	case kindNastyPTR:
		e.RuleName = "Nasty PTR record set for IP Address"
		e.SrcIpAddr = between(msg, "is set up for ", ",")
	}
	e.EventResult, e.EventResultDetails = "Failure", "Logon violates policy"
	e.DvcAction, e.EventSeverity = "Block", "Medium"
}

// repeatCount reads N of "message repeated N times: [ ... ]".
func repeatCount(msg string) int64 {
	n, err := strconv.ParseInt(between(msg, "message repeated ", " times"), 10, 64)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// ipPort reads "<ip>[ port <port>][ ...]".
func ipPort(s string) (string, int64) {
	ip, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	var port int64
	if p, ok := strings.CutPrefix(rest, "port "); ok {
		p, _, _ = strings.Cut(p, " ")
		port, _ = strconv.ParseInt(p, 10, 64)
	}
	return ip, port
}

// cutLast splits s around the last occurrence of sep (user names may
// contain " from ").
func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// between returns the text between the first a and the following b.
func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, b)
	return out
}
