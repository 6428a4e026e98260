package app

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"quarry/internal/column"
	"quarry/internal/ingest/load"
	"quarry/internal/table"
)

func newSourcesCmd(e *env) *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:   "sources PATH...",
		Short: "Show which logs quarry recognises under PATH and the tables they become",
		Long: "sources walks every PATH (files or folders), recognises each file from its content and\n" +
			"lists it with its kind, the table it feeds, how many records were read and skipped, and\n" +
			"why a file was left out. Then it lists the tables with their row counts.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("sources needs at least one PATH")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f.data = append(f.data, args...)
			in, err := loadInputs(f)
			if err != nil {
				return err
			}
			return writeSources(cmd.Context(), e.stdout, in)
		},
	}
	addLoadFlags(cmd, &f)
	cmd.Flags().Lookup("data").Hidden = true
	return cmd
}

func writeSources(ctx context.Context, w io.Writer, in *load.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tKIND\tTABLE\tRECORDS\tSKIPPED\tNOTE")
	for _, f := range in.Files {
		records := "-"
		if f.Records >= 0 {
			records = strconv.Itoa(f.Records)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", f.Path, orDash(f.Kind), orDash(strings.Join(f.Tables, ",")), records, f.Bad, f.Skipped)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tCOLUMNS")
	for _, name := range in.Catalog.Names() {
		t, _ := in.Catalog.Lookup(name)
		rows, err := countRows(contextOrBackground(ctx), t)
		if err != nil {
			return fmt.Errorf("table %s: %w", name, err)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\n", name, rows, len(t.Schema()))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// countRows scans the table's first column and counts rows.
func countRows(ctx context.Context, t table.Table) (int, error) {
	schema := t.Schema()
	if len(schema) == 0 {
		return 0, nil
	}
	counts := make([]int, 64)
	err := t.Scan(ctx, table.ScanRequest{Columns: []string{schema[0].Name}, Workers: len(counts)},
		func(worker int, b *column.Batch) error {
			counts[worker] += b.Len
			return nil
		})
	total := 0
	for _, c := range counts {
		total += c
	}
	return total, err
}
