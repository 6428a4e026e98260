package exec

import "sync/atomic"

// genericOnly turns off the unboxed evaluators of expr_inquery.go (hashed
// `in` over a tabular list) and expr_logic.go (vectorized and/or), so that
// their callers fall back to the generic per-row paths they replace.
var genericOnly atomic.Bool

// SetRowFastPaths enables (the default) or disables the hashed tabular
// `in` and the vectorized and/or for queries compiled afterwards. It is a
// test hook, process-wide: tests that check the fast paths against the
// generic evaluation (internal/hunt's TestFastPathsSameAlerts) switch it
// off for the reference run; nothing else should call it.
func SetRowFastPaths(enabled bool) { genericOnly.Store(!enabled) }
