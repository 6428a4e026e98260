package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/kql/syntax"
	"quarry/internal/report"
	"quarry/internal/rules"
	"quarry/internal/triage"
)

// huntFlags are the flags of `quarry hunt`.
type huntFlags struct {
	load      loadFlags
	rulesDir  []string
	config    string
	format    string
	out       string
	noBuiltin bool
	workers   int
	timings   bool
	now       string
	triage    triageFlags
}

func newHuntCmd(e *env) *cobra.Command {
	var f huntFlags
	cmd := &cobra.Command{
		Use:   "hunt [--rules DIR] [--config FILE] [--format table|json] [--out DIR] PATH...",
		Short: "Replay the detection rules over log files and print the alerts",
		Long: "hunt loads every recognised log under PATH (files or folders), replays quarry's built-in\n" +
			"rules and the rules in --rules DIR (Sentinel analytic-rule YAML) over the logs' time range,\n" +
			"and prints what it found: a summary (what was read, which attacks, which accounts fell),\n" +
			"then the alerts by severity. --format json prints one JSON object per alert per line.\n" +
			"--config FILE tunes rules (enabled, severity, parameters) without editing them.",
		Example: "  quarry hunt ./logs\n  quarry hunt --format json --out report/ signins.json auth.log\n" +
			"  quarry hunt --rules my-rules/ --config tuning.yaml ./logs",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && len(f.load.tables) == 0 {
				return usageError{fmt.Errorf("hunt needs at least one PATH")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHunt(contextOrBackground(cmd.Context()), e, f, args)
		},
	}
	addLoadFlags(cmd, &f.load)
	cmd.Flags().Lookup("data").Hidden = true
	fl := cmd.Flags()
	fl.StringArrayVar(&f.rulesDir, "rules", nil, "also run the rules (YAML) under `DIR` (repeatable)")
	fl.StringVar(&f.config, "config", "", "rule tuning `FILE` (YAML: rules.<id>.enabled/severity/parameters)")
	fl.StringVar(&f.format, "format", "table", "output format: table or json (one object per alert per line)")
	fl.StringVar(&f.out, "out", "", "write the response files into `DIR`: incidents.json, alerts.ndjson, blocklists, reset.csv, notify.csv, report.html, summary.txt")
	fl.BoolVar(&f.noBuiltin, "no-builtin", false, "run only the rules given with --rules")
	fl.IntVar(&f.workers, "workers", 0, "rule evaluations run at once (default: number of CPUs)")
	fl.BoolVar(&f.timings, "timings", false, "print where the time went on stderr: each step of the hunt, and the rules by evaluation time")
	fl.StringVar(&f.now, "now", "", "evaluation `TIME` of rules over tables without TimeGenerated (default: the clock)")
	addTriageFlags(cmd, &f.triage)
	return cmd
}

func runHunt(ctx context.Context, e *env, f huntFlags, args []string) error {
	if f.format != "table" && f.format != "json" {
		return usageError{fmt.Errorf("--format %q: want table or json", f.format)}
	}
	now, err := parseNow(f.now)
	if err != nil {
		return err
	}
	watch := newTimings(f.timings)
	rs, err := loadRuleSet(f.rulesDir, f.config, f.noBuiltin)
	if err != nil {
		return err
	}
	f.load.data = append(f.load.data, args...)
	in, err := loadInputs(f.load)
	if err != nil {
		return err
	}
	al, wl, err := triageInputs(f.triage, in)
	if err != nil {
		return err
	}
	watch.lap("read the rules, find the inputs and their formats")
	res, err := runRules(ctx, e, in, rs, hunt.Options{Now: now, Workers: f.workers, Clock: watch.clock()})
	if err != nil {
		return err
	}
	watch.hunted(res)
	tr, alerts := runTriage(res, rs, al, wl)
	if f.out != "" {
		enrichIncidents(ctx, in, tr, f.workers) // charts from the events (enrich.go)
	}
	err = writeHunt(e, f, in, res, tr, alerts)
	watch.lap("triage, and write the output")
	watch.write(e.stderr, res.Runs, f.workers)
	return err
}

// loadRuleSet returns the built-in rules (unless noBuiltin), the rules
// under dirs, and applies the tuning file.
func loadRuleSet(dirs []string, config string, noBuiltin bool) ([]*rules.Rule, error) {
	var rs []*rules.Rule
	if !noBuiltin {
		b, err := rules.Builtin()
		if err != nil {
			return nil, err
		}
		rs = b
	}
	for _, d := range dirs {
		more, err := rules.LoadDir(d)
		if err != nil {
			return nil, err
		}
		rs = append(rs, more...)
	}
	if err := uniqueIDs(rs); err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, usageError{errors.New("no rules to run (--no-builtin without --rules)")}
	}
	if config == "" {
		return rs, nil
	}
	c, err := rules.LoadConfig(config)
	if err != nil {
		return nil, err
	}
	return c.Apply(rs)
}

func uniqueIDs(rs []*rules.Rule) error {
	seen := map[string]string{}
	for _, r := range rs {
		if prev, ok := seen[r.ID]; ok {
			return fmt.Errorf("rule id %s is used by both %s and %s", r.ID, prev, r.Source)
		}
		seen[r.ID] = r.Source
	}
	return nil
}

// runRules runs the hunt, with a progress line on stderr when it is a
// terminal, and prints a rule's query errors clang-style.
func runRules(ctx context.Context, e *env, in *load.Result, rs []*rules.Rule, opt hunt.Options) (*hunt.Result, error) {
	if isTerminal(e.stderr) {
		opt.Progress = progressPrinter(e.stderr)
	}
	res, err := hunt.Run(ctx, hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, rs, opt)
	if opt.Progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	var re *hunt.RuleError
	if errors.As(err, &re) {
		var list syntax.ErrorList
		if errors.As(re.Err, &list) {
			fmt.Fprintf(e.stderr, "quarry: rule %s (%s) does not compile:\n", re.Rule.ID, re.Rule.Source)
			return nil, printQueryError(e, list, re.Rule.Source+" (query)", re.Query)
		}
	}
	return res, err
}

// progressPrinter rewrites one stderr line at most every 200 ms.
func progressPrinter(w io.Writer) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		if done < total && time.Since(last) < 200*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(w, "\rhunting: %d/%d rule evaluations", done, total)
	}
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeHunt prints the result (summary, incidents, alerts; or alerts as
// JSON lines) and writes the --out response files.
func writeHunt(e *env, f huntFlags, in *load.Result, res *hunt.Result, tr *triage.Result, alerts []hunt.Alert) error {
	var sum strings.Builder
	writeSummary(&sum, in, res)
	writeIncidents(&sum, tr)
	if f.out != "" {
		if err := writeResponseFiles(f.out, tr, alerts, sum.String()); err != nil {
			return err
		}
	}
	if f.format == "json" {
		return hunt.WriteNDJSON(e.stdout, res.Alerts)
	}
	io.WriteString(e.stdout, sum.String())
	if len(res.Alerts) > 0 {
		fmt.Fprintln(e.stdout, "\nAlerts (highest severity first):")
	}
	if err := hunt.WriteText(e.stdout, res.Alerts); err != nil {
		return err
	}
	if f.out != "" {
		fmt.Fprintf(e.stdout, "\nResponse files in %s (open %s).\n", f.out, filepath.Join(f.out, report.FileHTML))
	}
	return nil
}

// writeSummary prints what was read, which attacks were found and the
// compromised accounts.
func writeSummary(w io.Writer, in *load.Result, res *hunt.Result) {
	fmt.Fprintln(w, "Read:")
	for _, fr := range in.Files {
		switch {
		case fr.Skipped != "":
			fmt.Fprintf(w, "  %s: skipped (%s)\n", fr.Path, fr.Skipped)
		case fr.Records >= 0:
			fmt.Fprintf(w, "  %s: %s, %d records -> %s\n", fr.Path, fr.Kind, fr.Records, strings.Join(fr.Tables, ", "))
		default:
			fmt.Fprintf(w, "  %s: %s -> %s\n", fr.Path, fr.Kind, strings.Join(fr.Tables, ", "))
		}
	}
	evals := 0
	for _, r := range res.Runs {
		evals += r.Ticks
	}
	fmt.Fprintf(w, "Ran %d rules (%d evaluations).\n", len(res.Runs), evals)
	writeFindings(w, res)
}

// writeFindings prints the alert counts per classification and the
// accounts taken over.
func writeFindings(w io.Writer, res *hunt.Result) {
	if len(res.Alerts) == 0 {
		fmt.Fprintln(w, "Found: nothing.")
		return
	}
	counts := map[string]int{}
	for _, a := range res.Alerts {
		counts[a.Classification]++
	}
	var parts []string
	for _, c := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%s %d", orDash(c), counts[c]))
	}
	fmt.Fprintf(w, "Found: %d alerts (%s).\n", len(res.Alerts), strings.Join(parts, ", "))
	if accts := takenOver(res.Alerts); len(accts) > 0 {
		fmt.Fprintf(w, "Compromised accounts (reset these): %s\n", strings.Join(accts, ", "))
	}
}

// takenOver lists the accounts of account-takeover alerts.
func takenOver(as []*hunt.Alert) []string {
	seen := map[string]bool{}
	for _, a := range as {
		if a.Classification != "account_takeover" {
			continue
		}
		for _, en := range a.Entities {
			if en.Type == "Account" {
				seen[en.Value] = true
			}
		}
	}
	return sortedKeys(seen)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
