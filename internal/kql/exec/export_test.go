package exec

// SetMaxHeldRows sets the rows a summarize holds for its lazy aggregates
// (summarize_having.go) and returns a function restoring the bound.
func SetMaxHeldRows(n int) (restore func()) {
	old := maxHeldRows
	maxHeldRows = n
	return func() { maxHeldRows = old }
}
