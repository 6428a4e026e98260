package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "quarry/internal/ingest/source/all" // register every log-source family
	"quarry/internal/table"
)

// Options tune loading.
type Options struct {
	Strict     bool     // the first bad record is an error
	Year       int      // year for syslog lines without one (0: from the file's time)
	LoginPaths []string // web login path patterns (nil: the defaults)
	// Named maps explicit table names to files (--table NAME=PATH); those
	// files skip recognition by family and are read by the generic readers.
	Named map[string][]string
}

// FileReport says what happened to one input file.
type FileReport struct {
	Path    string   `json:"path"`
	Kind    string   `json:"kind"`             // family name ("syslog", ...) or generic format ("ndjson", "csv (delimiter ',')")
	Tables  []string `json:"tables,omitempty"` // tables the file feeds
	Records int      `json:"records"`          // records read; -1 when not counted (generic files are read lazily)
	Bad     int      `json:"bad"`              // records skipped as undecodable
	Skipped string   `json:"skipped,omitempty"`
}

// Result is a loaded catalog with its report.
type Result struct {
	Catalog *table.Set
	// Functions are KQL functions to pass to kql.Env: the parameterised
	// normalized views (imAuthentication(starttime, endtime, ...)).
	Functions map[string]string
	Files     []FileReport
	// BadRecords are the records log-source families skipped (the generic
	// readers report theirs while scanning).
	BadRecords []table.BadRecord
}

// familyThreshold is the sniff confidence above which a file is read by
// a log-source family rather than by the generic readers.
const familyThreshold = 50

// Paths loads every file under paths (files or folders, walked
// recursively; hidden entries skipped) plus opt.Named.
func Paths(paths []string, opt Options) (*Result, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	l := newLoader(opt)
	for _, f := range files {
		if err := l.add(f); err != nil {
			return nil, err
		}
	}
	for _, name := range sortedKeys(opt.Named) {
		l.addNamed(name, opt.Named[name])
	}
	return l.finish()
}

// expand lists the regular files under paths in a stable order.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
