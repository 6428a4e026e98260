package kqltest

import (
	"os"
	"testing"
)

// TestScratch runs $Q (temporary helper; delete before commit).
func TestScratch(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip()
	}
	o := run(&Case{Query: q, Now: DefaultNow}, 1)
	if o.err != nil {
		t.Log("ERROR:", o.err)
		return
	}
	t.Log("\n" + Format(o.header, o.rows))
}
