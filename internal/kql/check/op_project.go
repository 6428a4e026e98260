package check

import (
	"sort"

	"quarry/internal/kql/syntax"
)

// projectAway removes the columns matching the patterns.
func (c *checker) projectAway(x *syntax.ProjectAwayOp, in tab) tab {
	s := in.node.Schema()
	drop := c.matchColumns(x.Columns, in)
	var out []Item
	for _, it := range passThrough(s) {
		if !drop[it.Name] {
			out = append(out, it)
		}
	}
	in.node = &Project{In: in.node, Items: out}
	return in
}

// projectKeep keeps the columns matching the patterns, in input order.
func (c *checker) projectKeep(x *syntax.ProjectKeepOp, in tab) tab {
	keep := c.matchColumns(x.Columns, in)
	var out []Item
	for _, it := range passThrough(in.node.Schema()) {
		if keep[it.Name] {
			out = append(out, it)
		}
	}
	in.node = &Project{In: in.node, Items: out}
	return in
}

// matchColumns returns the input columns matched by the patterns; a plain
// name that matches nothing is an error.
func (c *checker) matchColumns(pats []*syntax.Ident, in tab) map[string]bool {
	s := in.node.Schema()
	out := map[string]bool{}
	for _, p := range pats {
		n := 0
		for _, f := range s {
			if matchWildcard(p.Name, f.Name) {
				out[f.Name] = true
				n++
			}
		}
		if n == 0 && !in.broken && !containsStar(p.Name) {
			c.errorf(p.Pos, "unknown column '%s'%s", p.Name, suggest(p.Name, s.Names()))
		}
	}
	return out
}

func containsStar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			return true
		}
	}
	return false
}

// projectRename renames columns in place.
func (c *checker) projectRename(x *syntax.ProjectRenameOp, in tab) tab {
	s := in.node.Schema()
	out := passThrough(s)
	for _, r := range x.Renames {
		i := itemIndex(out, r.Old.Name)
		if i < 0 {
			if !in.broken {
				c.errorf(r.Old.Pos, "unknown column '%s'%s", r.Old.Name, suggest(r.Old.Name, s.Names()))
			}
			continue
		}
		if j := itemIndex(out, r.New.Name); j >= 0 && j != i {
			out = append(out[:j], out[j+1:]...)
			if j < i {
				i--
			}
		}
		out[i].Name = r.New.Name
	}
	in.node = &Project{In: in.node, Items: out}
	return in
}

// projectReorder moves the listed columns first, in the listed order; the
// rest follow in input order.
func (c *checker) projectReorder(x *syntax.ProjectReorderOp, in tab) tab {
	all := passThrough(in.node.Schema())
	used := map[string]bool{}
	var out []Item
	for _, rc := range x.Columns {
		var group []Item
		for _, it := range all {
			if !used[it.Name] && matchWildcard(rc.Name.Name, it.Name) {
				group = append(group, it)
				used[it.Name] = true
			}
		}
		if len(group) == 0 && !in.broken && !containsStar(rc.Name.Name) {
			c.errorf(rc.Pos, "unknown column '%s'%s", rc.Name.Name, suggest(rc.Name.Name, in.node.Schema().Names()))
		}
		sortItems(group, rc.Order)
		out = append(out, group...)
	}
	for _, it := range all {
		if !used[it.Name] {
			out = append(out, it)
		}
	}
	in.node = &Project{In: in.node, Items: out}
	return in
}

// sortItems orders a wildcard group by name when asked to.
func sortItems(items []Item, order string) {
	switch order {
	case "asc", "granny-asc":
		sort.SliceStable(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	case "desc", "granny-desc":
		sort.SliceStable(items, func(i, j int) bool { return items[i].Name > items[j].Name })
	}
}
