// Package app wires quarry's packages into the commands of the CLI: it owns
// flag parsing (cobra), exit codes, error rendering and the clock. Nothing
// below it reads the wall clock; app passes time in as a value.
package app
