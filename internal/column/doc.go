// Package column holds quarry's KQL value model: the scalar types, a boxed
// Value for row-at-a-time code, typed column vectors with null bitmaps, and
// batches of vectors that flow between operators.
//
// Representation (fixed; every other package relies on it):
//
//   - bool, int, long, datetime and timespan live in Vector.Ints (int64):
//     bool is 0/1; datetime is 100 ns ticks since the Unix epoch (UTC), the
//     same resolution Kusto has; timespan is 100 ns ticks.
//   - real and decimal live in Vector.Reals (decimal is approximated by a
//     float64; docs/kql.md says so).
//   - string and guid live in Vector.Strs. Strings are never null in KQL, so a
//     string vector never has nulls; a guid vector may.
//   - dynamic lives in Vector.Dyns as plain Go values: nil (JSON null), bool,
//     int64, float64, string, []any, map[string]any.
//
// Nulls are recorded in a bitmap; a nil bitmap means no nulls.
package column
