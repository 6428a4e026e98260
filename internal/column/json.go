package column

import (
	"encoding/json"
	"strconv"
)

// FromJSONNumbers rewrites the json.Number values of a decoded JSON tree
// (decoded with UseNumber) into int64 when integral, else float64, in
// place, so the tree is a valid dynamic payload.
func FromJSONNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case []any:
		for i := range x {
			x[i] = FromJSONNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = FromJSONNumbers(x[k])
		}
	}
	return v
}
