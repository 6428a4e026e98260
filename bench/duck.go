package main

import (
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver
)

// duckRunMain is the `bench duckdb-run` subcommand: it runs one SQL query
// in an in-memory DuckDB and prints the result as CSV with a header, so the
// harness measures DuckDB as a child process exactly like quarry.
func duckRunMain(args []string) int {
	fs := flag.NewFlagSet("duckdb-run", flag.ContinueOnError)
	file := fs.String("sql", "", "file with the query")
	version := fs.Bool("version", false, "print DuckDB's version and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	q := "SELECT version()"
	if !*version {
		b, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "duckdb-run:", err)
			return 2
		}
		q = string(b)
	}
	if err := duckQuery(q, *version); err != nil {
		fmt.Fprintln(os.Stderr, "duckdb-run:", err)
		return 1
	}
	return 0
}

// duckQuery runs q and writes the rows to standard output (as CSV, or the
// bare value for a version query).
func duckQuery(q string, bare bool) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	w := csv.NewWriter(os.Stdout)
	if !bare {
		w.Write(cols)
	}
	if err := writeRows(rows, w, len(cols)); err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

func writeRows(rows *sql.Rows, w *csv.Writer, n int) error {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, n)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = sqlText(v)
		}
		w.Write(rec)
	}
	return rows.Err()
}

// sqlText prints a DuckDB value the way quarry's CSV writer does.
func sqlText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}
