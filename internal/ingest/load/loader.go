package load

import (
	"errors"
	"fmt"
	"os"

	"quarry/internal/ingest"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// loader accumulates files: family files go through one shared sink (so
// that several files of a kind land in one table), generic files are
// grouped by table name and read lazily by file-backed tables.
type loader struct {
	opt     Options
	sink    *source.Sink
	generic map[string][]string // table name -> files
	reports []FileReport
}

func newLoader(opt Options) *loader {
	return &loader{opt: opt, sink: source.NewSink(opt.Strict), generic: map[string][]string{}}
}

// add recognises one file and loads it (families) or queues it (generic).
func (l *loader) add(path string) error {
	head, err := readHead(path)
	if err != nil {
		l.skip(path, "", fmt.Sprintf("cannot read: %v", err))
		return nil
	}
	if fam, conf := source.Sniff(head); fam != nil && conf >= familyThreshold {
		return l.readFamily(path, fam)
	}
	format, err := ingest.Detect(path)
	if err != nil || format.Shape == ingest.Unknown {
		l.skip(path, "", "not a recognised log format or CSV/JSON file")
		return nil
	}
	if format.Shape == ingest.Empty {
		l.skip(path, format.String(), "empty file")
		return nil
	}
	name := genericTableName(path, format)
	l.generic[name] = append(l.generic[name], path)
	l.reports = append(l.reports, FileReport{Path: path, Kind: format.String(), Tables: []string{name}, Records: -1})
	return nil
}

// addNamed queues explicitly named files for the generic readers.
func (l *loader) addNamed(name string, paths []string) {
	for _, p := range paths {
		kind := "generic"
		if f, err := ingest.Detect(p); err == nil {
			kind = f.String()
		}
		l.generic[name] = append(l.generic[name], p)
		l.reports = append(l.reports, FileReport{Path: p, Kind: kind, Tables: []string{name}, Records: -1})
	}
}

func (l *loader) skip(path, kind, why string) {
	l.reports = append(l.reports, FileReport{Path: path, Kind: kind, Skipped: why})
}

// readFamily parses a whole file with its family into the shared sink.
func (l *loader) readFamily(path string, fam source.Family) error {
	r, closeFn, err := openDecompressed(path)
	if err != nil {
		l.skip(path, fam.Name(), fmt.Sprintf("cannot read: %v", err))
		return nil
	}
	defer closeFn()
	before := l.snapshot()
	recs, bad := l.sink.Records(), l.sink.BadCount()
	opt := source.Options{Year: l.year(path), LoginPaths: l.opt.LoginPaths, Strict: l.opt.Strict}
	if err := fam.Read(r, path, opt, l.sink); err != nil {
		var br table.BadRecord
		if errors.As(err, &br) || l.opt.Strict {
			return err
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	l.reports = append(l.reports, FileReport{
		Path: path, Kind: fam.Name(), Tables: l.grown(before),
		Records: l.sink.Records() - recs, Bad: l.sink.BadCount() - bad,
	})
	return nil
}

// year is the year for syslog lines without one: the option, else the
// file's modification year.
func (l *loader) year(path string) int {
	if l.opt.Year != 0 {
		return l.opt.Year
	}
	if info, err := os.Stat(path); err == nil {
		return info.ModTime().UTC().Year()
	}
	return 0
}

// snapshot records the row count of every sink table.
func (l *loader) snapshot() map[string]int {
	out := map[string]int{}
	for _, n := range l.sink.Names() {
		b, _ := l.sink.Builder(n)
		out[n] = b.Len()
	}
	return out
}

// grown lists the sink tables that gained rows since before.
func (l *loader) grown(before map[string]int) []string {
	var out []string
	for _, n := range l.sink.Names() {
		b, _ := l.sink.Builder(n)
		if b.Len() > before[n] {
			out = append(out, n)
		}
	}
	return out
}
