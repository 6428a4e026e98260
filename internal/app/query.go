package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"quarry/internal/ingest/load"
	"quarry/internal/kql"
	"quarry/internal/report"
)

// queryFlags are the flags of `quarry query`.
type queryFlags struct {
	load    loadFlags
	file    string
	format  string
	now     string
	workers int
}

func newQueryCmd(e *env) *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "query [--table NAME=PATH]... [--data PATH]... [--format table|csv|json|ndjson] (QUERY | -f FILE)",
		Short: "Run a KQL query over log files",
		Long: "query runs a KQL query over tables loaded from files. Each --table NAME=PATH adds PATH\n" +
			"(NDJSON, JSON array, {\"records\":[...]} or {\"value\":[...]} envelope, or CSV; gzip allowed)\n" +
			"to table NAME; give the same NAME several times to read several files. Tables that Log\n" +
			"Analytics documents (SigninLogs, SecurityEvent, Syslog, ...) keep their documented types.\n" +
			"Each --data PATH (a file or a folder, walked recursively) is recognised from its content\n" +
			"(Entra ID, Windows, sshd/syslog, web access logs, Okta, CloudTrail, Zeek, CSV/JSON) and\n" +
			"loaded into its table; the normalized views imAuthentication and imDataTransfer cover\n" +
			"every source loaded. 'quarry sources PATH' shows what was recognised.",
		Example: "  quarry query --table SigninLogs=signins.json --format csv -f seed.kql\n" +
			"  quarry query --table T=events.csv 'T | summarize count() by user'\n" +
			"  quarry query --data ./logs 'imAuthentication | summarize count() by EventProduct, EventResult'",
		Args: argsRange(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd.Context(), e, f, args)
		},
	}
	fl := cmd.Flags()
	addLoadFlags(cmd, &f.load)
	fl.StringVarP(&f.file, "file", "f", "", "read the query from `FILE` (- for stdin)")
	fl.StringVar(&f.format, "format", "table", "output format: "+strings.Join(report.Formats, ", "))
	fl.StringVar(&f.now, "now", "", "pin now() to this `TIME` (ISO 8601, UTC); default: the clock")
	fl.IntVar(&f.workers, "workers", 0, "worker goroutines (default: number of CPUs)")
	return cmd
}

func runQuery(ctx context.Context, e *env, f queryFlags, args []string) error {
	src, display, err := querySource(e, f, args)
	if err != nil {
		return err
	}
	now, err := parseNow(f.now)
	if err != nil {
		return err
	}
	in, err := loadInputs(f.load)
	if err != nil {
		return err
	}
	bad := newBadRecordReporter(e, f.load.strict)
	bad.preloaded(in.BadRecords)
	prog, err := kql.CompileWith(src, in.Catalog, kql.Env{Functions: in.Functions})
	if err != nil {
		err = printQueryError(e, err, display, src)
		noteLoadedTables(e, err, in)
		return err
	}
	res, err := prog.Run(contextOrBackground(ctx), kql.Options{Now: now, Workers: f.workers, BadRecord: bad.report})
	bad.summary()
	if err != nil {
		return printQueryError(e, err, display, src)
	}
	return report.WriteResult(e.stdout, f.format, res.Schema, res.Batch)
}

// querySource returns the query text from the argument or from -f.
func querySource(e *env, f queryFlags, args []string) (string, string, error) {
	switch {
	case f.file != "" && len(args) > 0:
		return "", "", usageError{fmt.Errorf("give the query either as an argument or with -f, not both")}
	case f.file != "":
		return readSource(e, f.file)
	case len(args) == 1:
		return args[0], "<query>", nil
	}
	return "", "", usageError{fmt.Errorf("no query: give it as an argument or with -f FILE")}
}

// parseNow parses --now; empty means the wall clock, read here (the CLI is
// the only place that reads it).
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usageError{fmt.Errorf("--now %q is not an ISO 8601 time (for example 2026-11-02T10:00:00Z)", s)}
}

func contextOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// noteLoadedTables follows an unknown-table error with the tables that
// were loaded and how to load more, since the usual cause is a missing
// --table or --data.
func noteLoadedTables(e *env, err error, in *load.Result) {
	if !strings.Contains(err.Error(), "unknown table") {
		return
	}
	var names []string
	for _, n := range in.Catalog.Names() {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	if len(in.Files) == 0 {
		fmt.Fprintln(e.stderr, "note: no files were loaded; use --table NAME=PATH or --data PATH")
		return
	}
	fmt.Fprintf(e.stderr, "note: tables loaded: %s (plus the functions imAuthentication, ASimAuthentication)\n", strings.Join(names, ", "))
}
