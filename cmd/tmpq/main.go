package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"quarry/internal/ingest/load"
	"quarry/internal/kql"
	"quarry/internal/report"
)

func main() {
	files, _ := filepath.Glob(os.Args[1] + "/*")
	var fs []string
	for _, f := range files {
		if filepath.Base(f) != "labels.json" {
			fs = append(fs, f)
		}
	}
	res, err := load.Paths(fs, load.Options{Year: 2026})
	if err != nil {
		panic(err)
	}
	q, _ := os.ReadFile(os.Args[2])
	t0 := time.Now()
	prog, err := kql.CompileWith(string(q), res.Catalog, kql.Env{Functions: res.Functions})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	r, err := prog.Run(context.Background(), kql.Options{Now: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	report.WriteResult(os.Stdout, "table", r.Schema, r.Batch)
	fmt.Fprintln(os.Stderr, time.Since(t0))
}
