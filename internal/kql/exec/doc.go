// Package exec runs a logical plan (package plan) over column batches.
//
// Execution is push-based and vectorized. Every operator is compiled once
// per run into an operator whose run method pushes output batches into a
// sink. Sources (table scans) call the sink from several workers at once;
// the streaming operators (where, extend/project, parse, mv-expand) run
// inside the calling worker on each batch as it is decoded, so a filter
// right after a scan never materializes the table. Blocking operators
// (summarize, sort, top, join, distinct, window projections) keep per-worker
// state indexed by the worker number and merge it at the end (summarize
// merges partial aggregates with Accumulator.Merge); they emit from worker 0.
// mv-apply runs its subquery per input row on a one-worker copy of the
// runtime (op_mvapply.go); make-series arranges the output of an inner
// summarize into arrays (op_makeseries.go).
//
// Expressions are compiled into evaluators that produce a whole vector per
// batch. Fast paths over typed vectors without boxing live in expr_fast.go:
// column-versus-constant comparisons on long/int/real/datetime/timespan,
// string equality, =~, in/!in against constant sets, has/contains/
// startswith/endswith (and _cs, negated forms) against a string constant,
// and/or/not on bool vectors, and bin() on datetime/long. The scalar
// functions of the hunt rules (tolower, isempty, tostring, coalesce,
// strcat, iff, case, comparisons and datetime arithmetic between vectors)
// have typed kernels (expr_kernels.go). Every other function falls back to
// a per-row call of funcs.Scalar.Eval over boxed values (expr_eval.go).
//
// Arithmetic (+, -, *, /) over long/int/real vectors and constants has a
// typed fast path too (expr_arith.go). in/!in against a tabular list
// (x in (T | project c)) hashes the list once per run (expr_inquery.go),
// and and/or of two bool vectors skip boxing (expr_logic.go); these, the
// kernels and summarize's min/max states can be switched off for
// equivalence tests (SetRowFastPaths).
//
// Hash aggregation (op_summarize.go, grouptable.go) encodes group keys as
// fixed-width uint64 tuples (strings interned per worker), finds the group
// of every row of a batch through an open-addressing table, then folds
// each aggregate column by column; count/countif/sum over integers keep a
// plain int64 per group (min/max/minif/maxif over int-backed columns two), stored right after the group's key in the
// table's key pages, so it is never moved or copied. The slot array is
// indexed by the top bits of the hash, so it grows by re-placing slots in
// order without rehashing keys. A summarize without keys looks up its one
// group once per batch, not once per row. Memory grows with the number of
// groups, not the input; the big arrays of a high-cardinality summarize
// (slots, key pages, rendered result) ask the kernel for transparent huge
// pages (huge.go), as first-touch page faults cost as much as the hashing.
// Partial results are merged by translating interned ids rather than
// decoding keys. Above 65536 groups the merge runs in parallel
// (summarize_merge.go): with up to 4 workers by probing each worker's
// groups in the earlier workers' tables (read-only, no table is built)
// and rendering what is left of every table in parallel ranges; with more
// workers by hash partition of the key values, one goroutine per
// partition.
//
// A join whose key columns are strings, int-backed or reals on both sides
// hashes them in an open-addressing table that compares the values in
// place (joinHash, op_join.go); other keys (dynamic, mixed kinds) use the
// byte-string encoding of keys.go. An inner or innerunique join whose
// left side is under a quarter of the right hashes the left side
// (joinOp.matchSmallLeft, same output order). A join does
// not concatenate its collected sides: it hashes and probes the batches
// as collected, addressing rows by their number in the concatenation
// (joinSide), keeps each key's rows in one chain (joinTable: one key
// string per distinct key, not per row), and gathers only the output
// columns of the matched rows from the batches.
//
// Filters gather the surviving rows with typed loops (gatherVector, the
// same vectors as column.Vector.Gather without a call per row). The bool
// vectors of fast predicates, selection lists and join tables are
// recycled through pools (scratch.go), under an ownership protocol that
// never hands back a vector anything else still references.
//
// A summarize followed by a where (through row-wise projects) gets the
// where's predicate as its having (plan/having.go); with one worker it
// computes the accumulator aggregates the having does not read only for
// the groups the having keeps, over its held input (summarize_having.go).
//
// A make_list or make_set with a maximum size (funcs.Saturable) computes
// its argument only for the rows of groups that still take values
// (summarizeOp.foldSaturable): the rules' evidence lists,
// make_list(bag_pack(...), 5), would otherwise build a bag per row.
//
// Work shared within one run:
//   - a Materialize (materialize(), hint.materialized, and a tabular let
//     referenced more than once, which the checker wraps: check/letcache.go)
//     is computed once and replayed from the batches it produced (build.go),
//     from all workers when its rows come out of a summarize (replay.go);
//   - toscalar and tabular in-list sub-queries run once per run (keyed by
//     expression), planned like a query first (pruned scans, rewrites);
//   - two or more summarizes whose inputs are streaming chains over scans of
//     the same table are fed by one scan of the union of their columns
//     (sharedscan.go): join.kql reads SigninLogs once, not twice.
package exec
