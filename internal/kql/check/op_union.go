package check

import (
	"sort"
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// union checks union as a source (first nil) or as an operator whose
// pipeline input is the first leg.
func (c *checker) union(x *syntax.UnionOp, first *tab, sc *scope) tab {
	fuzzy := strings.EqualFold(paramText(syntax.LookupParam(x.Params, "isfuzzy")), "true")
	inner := strings.EqualFold(paramText(syntax.LookupParam(x.Params, "kind")), "inner")
	source := paramText(syntax.LookupParam(x.Params, "withsource"))
	if source == "" {
		source = paramText(syntax.LookupParam(x.Params, "source"))
	}
	var legs []UnionLeg
	var tabs []tab
	if first != nil {
		label := "union_arg0"
		if first.name != "" {
			label = first.name // T | as Name | union withsource=... (Q/as-operator)
		}
		legs = append(legs, UnionLeg{In: first.node, Label: label})
		tabs = append(tabs, *first)
	}
	for _, t := range x.Tables {
		n := len(c.errs)
		lts := c.unionLeg(t, sc, fuzzy)
		if fuzzy && len(c.errs) > n && onlyUnknownTables(c.errs[n:]) {
			c.errs = c.errs[:n]
			continue
		}
		for _, lt := range lts {
			if lt.t.broken {
				return brokenTab()
			}
			legs = append(legs, UnionLeg{In: lt.t.node, Label: lt.label})
			tabs = append(tabs, lt.t)
		}
	}
	if len(legs) == 0 {
		c.errorf(x.Pos, "union has no tables")
		return brokenTab()
	}
	for i := range legs {
		if legs[i].Label == "union_arg0" && i > 0 {
			legs[i].Label = "union_arg" + strconv.Itoa(i)
		}
	}
	u := &Union{Legs: legs, Source: source}
	unionColumns(u, inner)
	return tab{node: u}
}

type labeledTab struct {
	t     tab
	label string
}

// unionLeg checks one union argument; a wildcard name expands to every
// matching table, and a missing table is skipped when fuzzy.
func (c *checker) unionLeg(t syntax.TabularExpr, sc *scope, fuzzy bool) []labeledTab {
	ref, ok := t.(*syntax.TableRef)
	if !ok {
		if p, isParen := t.(*syntax.ParenTabular); isParen {
			t = p.X
		}
		lt := c.tabular(t, sc)
		if lt.name != "" {
			return []labeledTab{{t: lt, label: lt.name}} // (T | as Name)
		}
		return []labeledTab{{t: lt, label: "union_arg0"}}
	}
	if containsStar(ref.Name) {
		var out []labeledTab
		for _, name := range c.wildcardTables(ref.Name, sc) {
			tt, _ := c.tableByName(name, sc)
			out = append(out, labeledTab{t: tt, label: name})
		}
		return out
	}
	if tt, ok := c.tableByName(ref.Name, sc); ok {
		return []labeledTab{{t: tt, label: ref.Name}}
	}
	if fuzzy {
		return nil
	}
	c.errorf(ref.Pos, "unknown table '%s'%s", ref.Name, suggest(ref.Name, c.tableNames(sc)))
	return []labeledTab{{t: brokenTab()}}
}

// onlyUnknownTables reports whether every error is about a missing table
// (which union isfuzzy=true tolerates).
func onlyUnknownTables(errs syntax.ErrorList) bool {
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, "unknown table") {
			return false
		}
	}
	return true
}

// wildcardTables lists the catalog tables matching a pattern, sorted.
func (c *checker) wildcardTables(pattern string, sc *scope) []string {
	var out []string
	if c.cat != nil {
		for _, n := range c.cat.Names() {
			if matchWildcard(pattern, n) {
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// unionColumns computes the output columns and each leg's mapping. Columns
// are taken by name in order of first appearance; a name that appears with
// several types becomes one column per type, suffixed _type. kind=inner
// keeps only the columns every leg has.
func unionColumns(u *Union, inner bool) {
	types := map[string][]column.Type{}
	var order []string
	count := map[column.Field]int{}
	for _, l := range u.Legs {
		for _, f := range l.In.Schema() {
			if _, seen := types[f.Name]; !seen {
				order = append(order, f.Name)
			}
			if !hasType(types[f.Name], f.Type) {
				types[f.Name] = append(types[f.Name], f.Type)
			}
			count[f]++
		}
	}
	taken := map[string]bool{}
	for _, name := range order {
		if len(types[name]) == 1 {
			taken[name] = true
		}
	}
	for _, name := range order {
		for _, t := range types[name] {
			f := column.Field{Name: name, Type: t}
			if inner && count[f] < len(u.Legs) {
				continue
			}
			out := f
			if len(types[name]) > 1 {
				out.Name = uniqueName(name+"_"+t.String(), func(s string) bool { return taken[s] })
				taken[out.Name] = true
			}
			u.Fields = append(u.Fields, out)
			mapLegs(u, f, len(u.Fields)-1)
		}
	}
	for i := range u.Legs {
		if len(u.Legs[i].Cols) < len(u.Fields) {
			u.Legs[i].Cols = append(u.Legs[i].Cols, make([]string, len(u.Fields)-len(u.Legs[i].Cols))...)
		}
	}
}

// mapLegs records, for output column idx, which leg column feeds it.
func mapLegs(u *Union, f column.Field, idx int) {
	for i := range u.Legs {
		l := &u.Legs[i]
		for len(l.Cols) <= idx {
			l.Cols = append(l.Cols, "")
		}
		s := l.In.Schema()
		if j := s.Index(f.Name); j >= 0 && s[j].Type == f.Type {
			l.Cols[idx] = f.Name
		}
	}
}

func hasType(ts []column.Type, t column.Type) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
