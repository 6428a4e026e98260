package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/kql"
	"quarry/internal/report"
)

// demoFlags are the flags of `quarry demo`.
type demoFlags struct {
	out     string
	seed    uint64
	size    string
	workers int
}

func newDemoCmd(e *env) *cobra.Command {
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo [--out DIR] [--seed N] [--size small|medium|large]",
		Short: "Generate labelled breach logs, hunt them and score what was found",
		Long: "demo writes a week of realistic, labelled logs of an online retailer after a customer-data\n" +
			"breach (Entra ID sign-ins, sshd, a web shop's access log, a transfer CSV) with benign traffic\n" +
			"and ten planted campaigns, hunts them with the built-in rules, and prints a scorecard: each\n" +
			"campaign found or missed and by which rule, the compromised accounts recovered, the false\n" +
			"positives, and what the two seed rules alone would have found; then it triages the alerts\n" +
			"into incidents. With --out DIR the logs stay in DIR with the response files (report.html,\n" +
			"incidents.json, alerts.ndjson, blocklists, reset.csv, notify.csv, summary.txt); without it\n" +
			"the data goes to a temporary folder that is removed afterwards.",
		Args: argsRange(0, 0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(contextOrBackground(cmd.Context()), e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "keep the logs and labels.json in `DIR` and write the response files there (report.html, incidents.json, ...)")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed of the generated data")
	fl.StringVar(&f.size, "size", "medium", "data size: small (400 employees), medium (2000) or large (6000)")
	fl.IntVar(&f.workers, "workers", 0, "rule evaluations run at once (default: number of CPUs)")
	return cmd
}

// demoConfig returns the generator configuration for a size.
func demoConfig(size string, seed uint64) (demo.Config, error) {
	cfg := demo.DefaultConfig()
	cfg.Seed = seed
	switch size {
	case "small":
		cfg.Employees, cfg.Scale = 400, 0.5
	case "medium", "":
	case "large":
		cfg.Employees, cfg.Scale = 6000, 3
	default:
		return cfg, usageError{fmt.Errorf("--size %q: want small, medium or large", size)}
	}
	return cfg, nil
}

func runDemo(ctx context.Context, e *env, f demoFlags) error {
	cfg, err := demoConfig(f.size, f.seed)
	if err != nil {
		return err
	}
	dir := f.out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "quarry-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	fmt.Fprintf(e.stderr, "generating %d employees, seed %d, into %s ...\n", cfg.Employees, cfg.Seed, dir)
	sc, res, in, err := demoHunt(ctx, cfg, dir, hunt.Options{Workers: f.workers}, e.stderr)
	if err != nil {
		return err
	}
	rs, err := loadRuleSet(nil, "", false)
	if err != nil {
		return err
	}
	tr, alerts := runTriage(res, rs, nil, nil)
	var out strings.Builder
	writeDemo(&out, sc, res)
	writeIncidents(&out, tr)
	io.WriteString(e.stdout, out.String())
	if f.out == "" {
		fmt.Fprintln(e.stdout, "\nRun with --out DIR to keep the logs, the alerts and the response files (report.html, blocklists, reset.csv).")
		return nil
	}
	enrichIncidents(ctx, in, tr, f.workers) // charts from the events (enrich.go)
	if err := writeResponseFiles(dir, tr, alerts, out.String()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nLogs, alerts and response files in %s (open %s).\n", dir, filepath.Join(dir, report.FileHTML))
	return nil
}

// DemoHunt generates the demo data into dir, hunts it with the built-in
// rules and scores the alerts against the labels. progress, when not nil
// and a terminal, shows the hunt's progress.
func DemoHunt(ctx context.Context, cfg demo.Config, dir string, opt hunt.Options, progress io.Writer) (*hunt.Scorecard, *hunt.Result, error) {
	sc, res, _, err := demoHunt(ctx, cfg, dir, opt, progress)
	return sc, res, err
}

// demoHunt is DemoHunt that also returns the loaded logs (for the charts).
func demoHunt(ctx context.Context, cfg demo.Config, dir string, opt hunt.Options, progress io.Writer) (*hunt.Scorecard, *hunt.Result, *load.Result, error) {
	lb, err := demo.Generate(cfg, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	var files []string
	for _, fs := range lb.Files {
		files = append(files, filepath.Join(dir, fs.Name))
	}
	in, err := load.Paths(files, load.Options{Year: cfg.Start.Year()})
	if err != nil {
		return nil, nil, nil, err
	}
	rs, err := loadRuleSet(nil, "", false)
	if err != nil {
		return nil, nil, nil, err
	}
	opt.Now = lb.End
	if progress != nil && isTerminal(progress) {
		opt.Progress = progressPrinter(progress)
	}
	res, err := hunt.Run(ctx, hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, rs, opt)
	if opt.Progress != nil {
		fmt.Fprint(progress, "\r\033[K")
	}
	if err != nil {
		return nil, nil, nil, err
	}
	accounts, err := accountNames(ctx, in)
	if err != nil {
		return nil, nil, nil, err
	}
	return hunt.Score(lb, res.Alerts, accounts), res, in, nil
}

// accountNames lists the distinct account names of the authentication and
// transfer views.
func accountNames(ctx context.Context, in *load.Result) ([]string, error) {
	q := `union (imAuthentication | project Name = TargetUsername), (imDataTransfer | project Name = User)
		| where isnotempty(Name) | project Name = tolower(Name) | distinct Name`
	prog, err := kql.CompileWith(q, in.Catalog, kql.Env{Functions: in.Functions})
	if err != nil {
		return nil, err
	}
	res, err := prog.Run(ctx, kql.Options{Now: time.Unix(0, 0)})
	if err != nil {
		return nil, err
	}
	out := make([]string, res.Batch.Len)
	for i := range out {
		out[i] = res.Batch.Cols[0].Value(i).Text()
	}
	return out, nil
}

// writeDemo prints the scorecard and the accounts to reset.
func writeDemo(w io.Writer, sc *hunt.Scorecard, res *hunt.Result) {
	fmt.Fprintln(w, "quarry demo: planted campaigns and what was found")
	fmt.Fprintln(w)
	sc.Write(w)
	if accts := takenOver(res.Alerts); len(accts) > 0 {
		fmt.Fprintf(w, "\nAccounts to reset (account takeover): %s\n", strings.Join(accts, ", "))
	}
}
