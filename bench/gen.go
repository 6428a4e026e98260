package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"quarry/internal/demo"
)

// dataset is a generated input file.
type dataset struct {
	Path    string `json:"path"`
	Bytes   int64  `json:"bytes"`
	Records int    `json:"records"`
}

// cached returns the dataset at path if it and its .meta.json exist, and
// otherwise makes it with build (which writes to a temporary file and
// returns the record count).
func cached(path string, build func(w io.Writer) (int, error)) (dataset, error) {
	meta := path + ".meta.json"
	var d dataset
	if b, err := os.ReadFile(meta); err == nil && json.Unmarshal(b, &d) == nil {
		if st, err := os.Stat(path); err == nil && st.Size() == d.Bytes {
			return d, nil
		}
	}
	fmt.Fprintf(os.Stderr, "generating %s ...\n", path)
	n, err := writeAtomic(path, build)
	if err != nil {
		return d, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return d, err
	}
	d = dataset{Path: path, Bytes: st.Size(), Records: n}
	b, _ := json.Marshal(d)
	return d, os.WriteFile(meta, b, 0o644)
}

// writeAtomic writes path through a temporary file renamed at the end.
func writeAtomic(path string, build func(w io.Writer) (int, error)) (int, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	n, err := build(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return n, os.Rename(tmp, path)
}

// signinFile makes the sign-in NDJSON of about size bytes: demo background
// traffic with injected attack bursts.
func signinFile(dir string, size int64) (dataset, error) {
	path := filepath.Join(dir, fmt.Sprintf("signins-%s.ndjson", sizeName(size)))
	return cached(path, func(w io.Writer) (int, error) {
		in := newInjector(w, size)
		err := demo.WriteSignins(in, demo.DefaultConfig(), 1<<40)
		if errors.Is(err, errEnough) {
			err = nil
		}
		return in.records, err
	})
}

// transferFile makes the transfer CSV with rows rows. More employees than
// the demo's default keep the file within a year or two of data.
func transferFile(dir string, rows int) (dataset, error) {
	path := filepath.Join(dir, fmt.Sprintf("transfers-%d.csv", rows))
	return cached(path, func(w io.Writer) (int, error) {
		cfg := demo.DefaultConfig()
		cfg.Employees = 20000
		return rows, demo.WriteTransfers(w, cfg, rows)
	})
}

// sizeName prints a byte count the way -size takes it.
func sizeName(n int64) string {
	switch {
	case n%1e9 == 0:
		return fmt.Sprintf("%dGB", n/1e9)
	case n%1e6 == 0:
		return fmt.Sprintf("%dMB", n/1e6)
	}
	return fmt.Sprintf("%dB", n)
}
