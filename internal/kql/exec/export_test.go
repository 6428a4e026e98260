package exec

import "quarry/internal/column"

// SetMaxHeldRows sets the rows a summarize holds for its lazy aggregates
// (summarize_having.go) and returns a function restoring the bound.
func SetMaxHeldRows(n int) (restore func()) {
	old := maxHeldRows
	maxHeldRows = n
	return func() { maxHeldRows = old }
}

// GatherVector exposes gatherVector to the tests of package exec_test.
func GatherVector(v *column.Vector, sel []int) *column.Vector { return gatherVector(v, sel) }
