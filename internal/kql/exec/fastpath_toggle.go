package exec

import "sync/atomic"

// genericOnly turns off the unboxed evaluators of expr_inquery.go (hashed
// `in` over a tabular list), expr_logic.go (vectorized and/or) and
// expr_kernels.go (typed scalar kernels), summarize's two-word min/max
// states (op_summarize.go), the hashed join and the recycling of
// predicate vectors (op_join.go, scratch.go), so that their callers fall
// back to the generic paths they replace.
var genericOnly atomic.Bool

// SetRowFastPaths enables (the default) or disables the hashed tabular
// `in`, the vectorized and/or, the scalar kernels, the min/max states and
// summarize's dcount hashing (summarize_dcount.go) for queries compiled
// (or, for summarize, run) afterwards. It is a
// test hook, process-wide: tests that check the fast paths against the
// generic evaluation (internal/hunt's TestFastPathsSameAlerts) switch it
// off for the reference run; nothing else should call it.
func SetRowFastPaths(enabled bool) { genericOnly.Store(!enabled) }
