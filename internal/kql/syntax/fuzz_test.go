package syntax

import "testing"

// FuzzParse checks that Parse never panics and that the printer contract
// holds for every input that parses.
func FuzzParse(f *testing.F) {
	for _, name := range inputFiles(f) {
		f.Add(readFile(f, name))
	}
	for _, tc := range formatCases {
		f.Add(tc.in)
	}
	for _, tc := range errorCases {
		f.Add(tc.src)
	}
	for _, src := range adversarialQueries {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if q == nil {
			t.Fatal("Parse returned a nil query")
		}
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("error of type %T", err)
			}
			_ = Format(q) // partial trees must print without panicking
			return
		}
		checkRoundTrip(t, q)
	})
}
