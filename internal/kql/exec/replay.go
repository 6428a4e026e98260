package exec

import (
	"sync"
	"sync/atomic"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Parallel replay of a materialized result (a fast path of build.go).
//
// A cached result is replayed on every use. Replayed from one worker, the
// operators after it run on one core: the bulk-export hunt replays its
// 5 M-row `hourly` three times (two toscalar aggregates and the z-score
// filter). When the cached input has no meaningful row order (it is the
// output of a summarize or make-series, possibly filtered or projected),
// its batches are handed out to all workers instead, as a scan would.

// unordered reports whether n's rows come out in no particular order, so
// that replaying them from several workers changes nothing a query may
// rely on.
func unordered(n check.Node) bool {
	switch x := n.(type) {
	case *check.Summarize, *check.MakeSeries:
		return true
	case *check.Filter, *check.Parse, *check.MvExpand, *check.Materialize:
		return unordered(check.Inputs(x)[0])
	case *check.Project:
		return !x.Window && unordered(x.In)
	}
	return false
}

// replayParallel emits parts, cut into batchSize chunks, from rt.workers
// goroutines. The first error stops the others and is returned.
func replayParallel(rt *runtime, parts []*column.Batch, out sink) error {
	var chunks []*column.Batch
	for _, b := range parts {
		for start := 0; start < b.Len; start += batchSize {
			chunks = append(chunks, slice(b, start, min(start+batchSize, b.Len)))
		}
	}
	workers := min(rt.workers, len(chunks))
	if workers <= 1 {
		for _, c := range chunks {
			if err := out(0, c); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	var failed atomic.Bool
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(chunks) {
					return
				}
				if err := out(w, chunks[i]); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
