// Package plan turns a checked query (package check) into the logical plan
// the executor runs, applying rewrites that never change results:
//
//   - adjacent where operators are merged into one predicate;
//   - sort | take N becomes top N (a bounded selection instead of a full sort);
//   - a where above a projection that only passes its columns through moves
//     below it, so predicates run right after the scan;
//   - projection pushdown: every scan requests only the columns some later
//     operator reads (a table's Type column is decoded only if used).
//
// A Materialize input (materialize(), or a let referenced more than once:
// check/letcache.go) is planned once with every column, the local rewrites
// applied to it as well (prune.go).
//
// FindChains and Replace (hoist.go) serve callers that run one plan many
// times over overlapping time windows of the same tables (a hunt replaying
// a rule at every tick): the where/extend/project operators right after a
// scan whose results depend only on the row are computed once over the
// whole table, and each run reads the rows of its window from that result.
//
// The executor runs the streaming operators (where, extend/project, parse,
// mv-expand) inside the scanning worker on each batch as it is decoded, so a
// filter placed right after the scan never materializes the table.
package plan
