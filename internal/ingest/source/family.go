package source

import (
	"io"
	"sort"
	"sync"
	"time"
)

// Family is one kind of log source (sshd syslog, web access log, ...).
type Family interface {
	// Name is the family's short name: "syslog", "weblog", "zeek",
	// "winevent", "okta", "cloudtrail", "entra".
	Name() string
	// Sniff gets the first bytes of a file (up to SniffSize, already
	// decompressed) and returns a confidence from 0 (not this family) to
	// 100 (certainly this family).
	Sniff(head []byte) int
	// Read parses the whole stream, appending rows to the sink's tables.
	// file names the input in bad-record reports. Read returns an error
	// only for I/O failures or, in strict mode, the first bad record.
	Read(r io.Reader, file string, opt Options, sink *Sink) error
}

// SniffSize is the number of leading bytes callers pass to Sniff.
const SniffSize = 64 << 10

// Options tunes how families read their input.
type Options struct {
	// Year is the year of timestamps that carry none (RFC 3164 syslog).
	// Zero means: the year of the file's modification time. Callers that
	// read a stream without a file (stdin) should set it; otherwise 1970
	// is used.
	Year int
	// LoginPaths are URL path globs whose POST requests count as login
	// attempts in web access logs: "*" matches any run of characters other
	// than "/", a trailing "*" matches any rest; case and a trailing "/"
	// are ignored. Nil means DefaultLoginPaths.
	LoginPaths []string
	// Strict makes the first bad record an error.
	Strict bool
	// Location is the time zone of timestamps without one; nil means UTC.
	Location *time.Location
}

// Loc returns the time zone for timestamps without one (UTC by default).
func (o Options) Loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// DefaultLoginPaths are the URL path patterns treated as login endpoints
// when Options.LoginPaths is nil.
var DefaultLoginPaths = []string{
	"/login", "/signin", "/sign-in", "/wp-login.php", "/user/login",
	"/account/login", "/api/*/auth*", "/oauth/token",
}

var (
	regMu    sync.RWMutex
	registry = map[string]Family{}
)

// Register adds a family to the registry; a second family with the same
// name replaces the first. Families call it from init.
func Register(f Family) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[f.Name()] = f
}

// Families returns the registered families sorted by name.
func Families() []Family {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]Family, 0, len(registry))
	for _, f := range registry {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Lookup returns the registered family called name.
func Lookup(name string) (Family, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	f, ok := registry[name]
	return f, ok
}

// Sniff asks every registered family about head and returns the most
// confident one (ties go to the first name in sorted order). It returns
// nil and 0 when no family recognises the input.
func Sniff(head []byte) (Family, int) {
	var best Family
	conf := 0
	for _, f := range Families() {
		if c := clamp(f.Sniff(head)); c > conf {
			best, conf = f, c
		}
	}
	return best, conf
}

func clamp(c int) int {
	return max(0, min(c, 100))
}
