package hunt

import (
	"fmt"
	"sort"

	"quarry/internal/column"
	"quarry/internal/rules"
)

// maxEntitiesPerMapping bounds the entities one array-valued mapping adds
// (a campaign's source list); the full list stays in the alert's details.
const maxEntitiesPerMapping = 5000

// entitiesOf maps one result row to entities. A mapping whose single
// column holds a dynamic array (a campaign's sources) yields one entity per
// element: quarry's extension of Sentinel's one-value mappings.
func entitiesOf(r *rules.Rule, rw row) []Entity {
	var out []Entity
	for _, m := range r.EntityMappings {
		if len(m.FieldMappings) == 1 {
			if v, ok := rw.get(m.FieldMappings[0].ColumnName); ok && v.Type == column.Dynamic {
				out = append(out, arrayEntities(m, v)...)
				continue
			}
		}
		if e, ok := scalarEntity(m, rw); ok {
			out = append(out, e)
		}
	}
	return out
}

// scalarEntity builds an entity from the mapping's columns; the first
// non-empty identifier gives its value.
func scalarEntity(m rules.EntityMapping, rw row) (Entity, bool) {
	e := Entity{Type: m.EntityType, Identifiers: map[string]string{}}
	for _, f := range m.FieldMappings {
		v, ok := rw.get(f.ColumnName)
		if !ok || v.IsNull() {
			continue
		}
		s := v.Text()
		if s == "" {
			continue
		}
		e.Identifiers[f.Identifier] = s
		if e.Value == "" {
			e.Value = s
		}
	}
	return e, e.Value != ""
}

func arrayEntities(m rules.EntityMapping, v column.Value) []Entity {
	var vals []any
	switch d := v.D.(type) {
	case []any:
		vals = d
	case nil:
		return nil
	default:
		vals = []any{d}
	}
	id := m.FieldMappings[0].Identifier
	var out []Entity
	for _, x := range vals {
		s := fmt.Sprint(x)
		if x == nil || s == "" || len(out) >= maxEntitiesPerMapping {
			continue
		}
		out = append(out, Entity{Type: m.EntityType, Value: s, Identifiers: map[string]string{id: s}})
	}
	return out
}

// mergeEntities appends the entities of b not already in a (by Key).
func mergeEntities(a, b []Entity) []Entity {
	seen := make(map[string]bool, len(a))
	for _, e := range a {
		seen[e.Key()] = true
	}
	for _, e := range b {
		if !seen[e.Key()] {
			seen[e.Key()] = true
			a = append(a, e)
		}
	}
	return a
}

// primaryKeys returns the keys of the entities of the alert's first entity
// type: what two alerts of one rule must share to be the same detection.
func primaryKeys(a *Alert) map[string]bool {
	out := map[string]bool{}
	if len(a.Entities) == 0 {
		return out
	}
	typ := a.Entities[0].Type
	for _, e := range a.Entities {
		if e.Type == typ {
			out[e.Key()] = true
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
