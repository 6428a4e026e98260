package normalize

import (
	"context"
	"fmt"

	"quarry/internal/table"
)

// authSource normalizes one source table into authentication events.
type authSource struct {
	table string
	build func(ctx context.Context, t table.Table, add func(*authEvent)) error
	// fast, when set, is tried first: it appends whole batches to the
	// builder and reports false (having done nothing) when it cannot
	// handle t, and then build runs.
	fast func(ctx context.Context, t table.Table, ab *authBuilder) (bool, error)
}

// authSources lists the tables Authentication reads, in output order.
var authSources = []authSource{
	{"SigninLogs", entraSignins("SigninLogs", "Interactive"), nil},
	{"AADNonInteractiveUserSignInLogs", entraSignins("AADNonInteractiveUserSignInLogs", "NonInteractive"), nil},
	{"SecurityEvent", windowsLogons, nil},
	{"Syslog", syslogAuth, syslogAuthBatches},
	{"ASimWebSessionLogs", webLogins, nil},
	{"Okta", oktaAuth, nil},
	{"AWSCloudTrail", cloudTrailLogins, nil},
	{"ZeekSsh", zeekSSH, nil},
	{"ZeekNtlm", zeekNTLM, nil},
	{"ZeekRdp", zeekRDP, nil},
	{"ZeekKerberos", zeekKerberos, nil},
	{"WindowsEvent", sqlServerLogins, nil},
}

// Authentication builds the imAuthentication view from every source table
// present in cat: one row per authentication attempt (or aggregated
// attempts, EventCount > 1). Tables that are absent are skipped; a
// catalog without any yields an empty view.
func Authentication(cat table.Catalog) (*table.Memory, error) {
	return AuthenticationContext(context.Background(), cat)
}

// AuthenticationContext is Authentication with a context that can cancel
// the scans.
func AuthenticationContext(ctx context.Context, cat table.Catalog) (*table.Memory, error) {
	ab := newAuthBuilder()
	for _, src := range authSources {
		t, ok := cat.Lookup(src.table)
		if !ok {
			continue
		}
		if src.fast != nil {
			done, err := src.fast(ctx, t, ab)
			if err != nil {
				return nil, fmt.Errorf("normalize %s: %w", src.table, err)
			}
			if done {
				continue
			}
		}
		if err := src.build(ctx, t, ab.add); err != nil {
			return nil, fmt.Errorf("normalize %s: %w", src.table, err)
		}
	}
	return ab.table(), nil
}
