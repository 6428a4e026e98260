package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// joinKinds maps every accepted kind spelling to its canonical kind.
var joinKinds = map[string]string{
	"innerunique": JoinInnerUnique, "inner": JoinInner,
	"leftouter": JoinLeftOuter, "rightouter": JoinRightOuter, "fullouter": JoinFullOuter,
	"leftanti": JoinLeftAnti, "anti": JoinLeftAnti, "leftantisemi": JoinLeftAnti,
	"rightanti": JoinRightAnti, "rightantisemi": JoinRightAnti,
	"leftsemi": JoinLeftSemi, "rightsemi": JoinRightSemi,
}

// join checks join and lookup.
func (c *checker) join(pos int, params []*syntax.Param, right syntax.TabularExpr, on []syntax.Expr, in tab, sc *scope, lookup bool) tab {
	kind := c.joinKind(params, lookup)
	rt := c.tabular(right, sc)
	if in.broken || rt.broken || kind == "" {
		return brokenTab()
	}
	j := &Join{Left: in.node, Right: rt.node, Kind: kind, Lookup: lookup}
	ls, rs := in.node.Schema(), rt.node.Schema()
	sameName := map[string]bool{}
	for _, cond := range on {
		l, r, ok := c.joinCond(cond, ls, rs)
		if !ok {
			continue
		}
		if l == r {
			sameName[r] = true
		}
		j.LeftKeys = append(j.LeftKeys, l)
		j.RightKeys = append(j.RightKeys, r)
	}
	if len(j.LeftKeys) == 0 {
		if len(on) == 0 {
			c.errorf(pos, "join needs an 'on' condition")
		}
		return brokenTab()
	}
	c.joinOutputs(j, ls, rs, sameName)
	return tab{node: j}
}

// joinKind reads kind=; the default is innerunique (leftouter for lookup).
func (c *checker) joinKind(params []*syntax.Param, lookup bool) string {
	v := syntax.LookupParam(params, "kind")
	if v == nil {
		if lookup {
			return JoinLeftOuter
		}
		return JoinInnerUnique
	}
	name := strings.ToLower(paramText(v))
	k, ok := joinKinds[name]
	if !ok || lookup && k != JoinLeftOuter && k != JoinInner {
		c.errorf(v.Start(), "unknown join kind '%s'", name)
		return ""
	}
	return k
}

// joinCond checks one condition: Col, or $left.A == $right.B (either order).
func (c *checker) joinCond(cond syntax.Expr, ls, rs column.Schema) (string, string, bool) {
	switch x := cond.(type) {
	case *syntax.Ident:
		l, lok := c.joinCol(x, x.Name, ls, "left")
		r, rok := c.joinCol(x, x.Name, rs, "right")
		return l, r, lok && rok && c.sameKeyType(x.Pos, ls, rs, l, r)
	case *syntax.Binary:
		if x.Op != syntax.OpEq {
			break
		}
		a, sa, aok := sideRef(x.X)
		b, sb, bok := sideRef(x.Y)
		if !aok || !bok || sa == sb {
			break
		}
		if sa == "$right" {
			a, b = b, a
		}
		l, lok := c.joinCol(x.X, a.Name, ls, "left")
		r, rok := c.joinCol(x.Y, b.Name, rs, "right")
		return l, r, lok && rok && c.sameKeyType(x.Pos, ls, rs, l, r)
	}
	c.errorf(cond.Start(), "join condition must be a column name or $left.Col == $right.Col")
	return "", "", false
}

// sideRef splits $left.Col / $right.Col.
func sideRef(e syntax.Expr) (*syntax.Ident, string, bool) {
	m, ok := e.(*syntax.Member)
	if !ok {
		return nil, "", false
	}
	side, ok := m.X.(*syntax.Ident)
	if !ok || side.Name != "$left" && side.Name != "$right" {
		return nil, "", false
	}
	return m.Name, side.Name, true
}

// joinCol checks that a key column exists on one side.
func (c *checker) joinCol(at syntax.Node, name string, s column.Schema, side string) (string, bool) {
	if s.Index(name) >= 0 {
		return name, true
	}
	c.errorf(at.Start(), "unknown column '%s' on the %s side of the join%s", name, side, suggest(name, s.Names()))
	return "", false
}

// sameKeyType reports mismatched key types (int and long are compatible).
func (c *checker) sameKeyType(pos int, ls, rs column.Schema, l, r string) bool {
	lt, rt := ls[ls.Index(l)].Type, rs[rs.Index(r)].Type
	if lt == rt || lt.IsInteger() && rt.IsInteger() {
		return true
	}
	c.errorf(pos, "join key '%s' is %s on the left but '%s' is %s on the right", l, lt, r, rt)
	return false
}

// joinOutputs fills the output column mapping: left columns, then right
// columns with clashing names suffixed by the smallest free number.
func (c *checker) joinOutputs(j *Join, ls, rs column.Schema, sameName map[string]bool) {
	leftCols := j.Kind != JoinRightSemi && j.Kind != JoinRightAnti
	rightCols := j.Kind != JoinLeftSemi && j.Kind != JoinLeftAnti
	taken := map[string]bool{}
	if leftCols {
		for _, f := range ls {
			j.LeftOut = append(j.LeftOut, Rename{From: f.Name, To: f.Name})
			taken[f.Name] = true
		}
	}
	if !rightCols {
		return
	}
	for _, f := range rs {
		if j.Lookup && sameName[f.Name] {
			continue
		}
		to := uniqueName(f.Name, func(s string) bool { return taken[s] })
		taken[to] = true
		j.RightOut = append(j.RightOut, Rename{From: f.Name, To: to})
	}
}
