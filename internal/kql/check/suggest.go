package check

import (
	"fmt"
	"sort"
	"strings"
)

// suggest returns "; did you mean 'X'?" when a candidate is close to name
// (case-insensitive edit distance at most a third of the name's length,
// minimum 1, maximum 3), or "".
func suggest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	sort.Strings(candidates)
	limit := min(max(len(name)/3, 1), 3)
	for _, cand := range candidates {
		if cand == name {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(cand))
		if d < bestD {
			best, bestD = cand, d
		}
	}
	if best == "" || bestD > limit {
		return ""
	}
	return fmt.Sprintf("; did you mean '%s'?", best)
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
