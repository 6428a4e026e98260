package app

import (
	"fmt"
	"sync"

	"quarry/internal/table"
)

// maxBadRecordWarnings bounds the warnings printed for skipped records; the
// summary still counts all of them.
const maxBadRecordWarnings = 20

// badRecordReporter prints a warning per skipped input record (up to a
// limit) and a count at the end; in strict mode the first one is an error.
type badRecordReporter struct {
	e      *env
	strict bool
	mu     sync.Mutex
	count  int
}

func newBadRecordReporter(e *env, strict bool) *badRecordReporter {
	return &badRecordReporter{e: e, strict: strict}
}

// report is the table.ScanRequest.BadRecord callback; it may be called from
// several scan workers at once.
func (r *badRecordReporter) report(b table.BadRecord) error {
	if r.strict {
		return fmt.Errorf("%s (--strict: stopping at the first bad record)", b.Error())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count++
	if r.count <= maxBadRecordWarnings {
		fmt.Fprintf(r.e.stderr, "%s:%d: warning: skipped record: %s\n", b.File, b.Line, b.Msg)
	}
	return nil
}

// summary prints how many records were skipped, if any.
func (r *badRecordReporter) summary() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.count > maxBadRecordWarnings {
		fmt.Fprintf(r.e.stderr, "warning: %d more records skipped (%d in all)\n", r.count-maxBadRecordWarnings, r.count)
	} else if r.count > 0 {
		fmt.Fprintf(r.e.stderr, "warning: %d records skipped\n", r.count)
	}
}

// preloaded reports records skipped while loading (log-source families
// parse whole files up front).
func (r *badRecordReporter) preloaded(recs []table.BadRecord) {
	for _, b := range recs {
		_ = r.report(b)
	}
}
