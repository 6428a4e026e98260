package normalize

import (
	"context"
	"fmt"
	"strings"

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
	// inputs says which source columns each event field is computed from.
	inputs *viewInputs
}

// viewInputs declares what a source's mapping reads, next to the mapping:
// rows lists the inputs that decide which rows become events (always
// read), fields maps each authEvent field the mapping computes to the
// inputs it is computed from. An input is a column name or a field inside
// a JSON column (Column.Key...; see fieldRef). Fields not listed are
// constant for the source (or never set). A view of some columns reads
// only the inputs of the event fields those columns read
// (authColumn.reads): the other event fields come out empty, and are not
// output.
type viewInputs struct {
	rows   []string
	fields map[string][]string
}

// need returns the inputs to read for the event fields in reads (nil:
// every field, so every input).
func (in *viewInputs) need(reads map[string]bool) map[string]bool {
	if reads == nil {
		return nil
	}
	out := map[string]bool{}
	for _, name := range in.rows {
		out[name] = true
	}
	for f := range reads {
		for _, name := range in.fields[f] {
			out[name] = true
		}
	}
	return out
}

// authSources lists the tables Authentication reads, in output order.
var authSources = []authSource{
	{"SigninLogs", entraSignins("SigninLogs", "Interactive"), nil, entraInputs},
	{"AADNonInteractiveUserSignInLogs", entraSignins("AADNonInteractiveUserSignInLogs", "NonInteractive"), nil, entraInputs},
	{"SecurityEvent", windowsLogons, nil, windowsInputs},
	{"Syslog", syslogAuth, syslogAuthBatches, declare(syslogColumns)}, // memory tables: nothing to save
	{"ASimWebSessionLogs", webLogins, nil, webInputs},
	{"Okta", oktaAuth, nil, oktaInputs},
	{"AWSCloudTrail", cloudTrailLogins, nil, cloudTrailInputs},
	{"ZeekSsh", zeekSSH, nil, zeekSSHInputs},
	{"ZeekNtlm", zeekNTLM, nil, zeekNTLMInputs},
	{"ZeekRdp", zeekRDP, nil, zeekRDPInputs},
	{"ZeekKerberos", zeekKerberos, nil, zeekKerberosInputs},
	{"WindowsEvent", sqlServerLogins, nil, sqlServerInputs},
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
	return AuthenticationColumns(ctx, cat, nil)
}

// AuthenticationColumns builds the view's columns cols only (nil: all of
// them), reading only the source columns they are computed from: the same
// rows in the same order as the whole view, with the same values in those
// columns. The table's schema holds the distinct columns of cols in the
// view's order (AuthSchema's), so scan it for cols to get them in the
// order asked.
func AuthenticationColumns(ctx context.Context, cat table.Catalog, cols []string) (*table.Memory, error) {
	ab, err := newAuthBuilderFor(cols)
	if err != nil {
		return nil, err
	}
	reads := ab.reads()
	for _, src := range authSources {
		t, ok := cat.Lookup(src.table)
		if !ok {
			continue
		}
		t = narrow(t, src.inputs.need(reads))
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

// declare builds a source's viewInputs: rows as in viewInputs, and
// lines "Field Field...: input input..." saying that the event fields
// before the colon are computed from the inputs after it.
func declare(rows []string, lines ...string) *viewInputs {
	in := &viewInputs{rows: rows, fields: map[string][]string{}}
	for _, line := range lines {
		fields, inputs, ok := strings.Cut(line, ":")
		if !ok {
			panic("normalize: input declaration without a colon: " + line)
		}
		for _, f := range strings.Fields(fields) {
			in.fields[f] = append(in.fields[f], strings.Fields(inputs)...)
		}
	}
	return in
}
