package syntax

import "strings"

// precOf returns the precedence of an expression node; operands that bind
// looser than their context are parenthesized.
func precOf(e Expr) int {
	switch x := e.(type) {
	case *Binary:
		return binaryPrec(x.Op)
	case *InExpr, *BetweenExpr:
		return precEq
	case *Unary:
		return precUnary
	}
	return precUnary + 1
}

func binaryPrec(op Op) int {
	switch op {
	case OpOr:
		return precOr
	case OpAnd:
		return precAnd
	case OpMul, OpDiv, OpMod:
		return precMul
	case OpAdd, OpSub:
		return precAdd
	case OpLT, OpLE, OpGT, OpGE:
		return precRel
	}
	return precEq
}

// expr prints e, in parentheses when it binds looser than min.
func (pr *printer) expr(e Expr, min int) {
	if e == nil {
		return
	}
	if precOf(e) < min {
		pr.w("(")
		pr.expr(e, precOr)
		pr.w(")")
		return
	}
	switch x := e.(type) {
	case *Literal:
		pr.literal(x)
	case *Ident:
		pr.w(identText(x.Name))
	case *Member:
		pr.expr(x.X, precUnary+1)
		pr.w(".", x.Name.Name)
	case *Index:
		pr.expr(x.X, precUnary+1)
		pr.w("[")
		pr.expr(x.Index, precOr)
		pr.w("]")
	case *Call:
		pr.call(x)
	case *NamedArg:
		pr.w(identText(x.Name.Name), " = ")
		pr.expr(x.Value, precOr)
	case *Star:
		pr.w("*")
	case *TypeOf:
		pr.w("typeof(", x.Type, ")")
	default:
		pr.operatorExpr(e)
	}
}

// operatorExpr prints unary, binary, in and between expressions and
// sub-queries.
func (pr *printer) operatorExpr(e Expr) {
	switch x := e.(type) {
	case *Unary:
		pr.w(string(x.Op))
		pr.expr(x.X, precUnary+1)
	case *Binary:
		prec := binaryPrec(x.Op)
		pr.expr(x.X, prec)
		if x.Op == OpColon {
			pr.w(":")
		} else {
			pr.w(" ", string(x.Op), " ")
		}
		pr.expr(x.Y, prec+1)
	case *InExpr:
		pr.expr(x.X, precEq)
		pr.w(" ", string(x.Op), " (")
		pr.exprs(x.List)
		pr.w(")")
	case *BetweenExpr:
		pr.expr(x.X, precEq)
		if x.Not {
			pr.w(" !between (")
		} else {
			pr.w(" between (")
		}
		pr.expr(x.Lo, precOr)
		pr.w(" .. ")
		pr.expr(x.Hi, precOr)
		pr.w(")")
	case *Subquery:
		pr.inline++
		pr.tabular(x.Query)
		pr.inline--
	}
}

func (pr *printer) call(c *Call) {
	pr.w(c.Name.Name, "(")
	pr.exprs(c.Args)
	pr.w(")")
}

// literal prints a literal in canonical form.
func (pr *printer) literal(l *Literal) {
	switch {
	case l.Kind == LitString:
		pr.w(stringText(l))
	case l.Kind == LitBool && !l.Null:
		if l.Bool {
			pr.w("true")
		} else {
			pr.w("false")
		}
	case l.Kind == LitDynamic && !l.Null && l.Dyn != nil:
		pr.w("dynamic(")
		pr.dyn(l.Dyn)
		pr.w(")")
	case l.Kind == LitNull:
		pr.w("null")
	case l.Null:
		pr.w(l.Kind.TypeName(), "(null)")
	default:
		pr.w(l.Text)
	}
}

// stringText returns the canonical spelling of a string literal, keeping
// the verbatim and obfuscated forms.
func stringText(l *Literal) string {
	if l.Null {
		return "string(null)"
	}
	prefix := ""
	if l.Obfuscated {
		prefix = "h"
	}
	if l.Verbatim && !strings.ContainsAny(l.Str, "\r\n") {
		return prefix + `@"` + strings.ReplaceAll(l.Str, `"`, `""`) + `"`
	}
	return prefix + quoteString(l.Str)
}

func (pr *printer) dyn(v *DynValue) {
	switch v.Kind {
	case DynArray:
		pr.w("[")
		for i, e := range v.Elems {
			if i > 0 {
				pr.w(", ")
			}
			pr.dyn(e)
		}
		pr.w("]")
	case DynObject:
		pr.w("{")
		for i, k := range v.Keys {
			if i > 0 {
				pr.w(", ")
			}
			pr.w(quoteString(k), ": ")
			pr.dyn(v.Values[i])
		}
		pr.w("}")
	default:
		if v.Scalar != nil {
			pr.literal(v.Scalar)
		}
	}
}

// reservedNames are words that cannot be printed as bare names because the
// parser would read them as keywords.
var reservedNames = map[string]bool{
	"and": true, "or": true, "in": true, "between": true, "has_any": true,
	"has_all": true, "matches": true, "true": true, "false": true,
	"by": true, "on": true, "with": true, "of": true, "to": true, "from": true,
	"step": true, "limit": true, "default": true, "asc": true, "desc": true,
	"nulls": true, "granny": true, "kind": true, "with_itemindex": true,
	"bagexpansion": true, "context_id": true, "flags": true, "isfuzzy": true,
	"withsource": true, "source": true, "hint": true,
	"let": true, "set": true, "declare": true, "alias": true, "restrict": true,
	"pattern": true, "print": true, "union": true, "search": true, "find": true,
	"datatable": true, "externaldata": true, "external_data": true, "range": true,
	"view": true, "typeof": true, "dynamic": true, "others": true, "as": true,
}

// identText prints a name bare when the parser reads it back as the same
// name, and as ['name'] otherwise.
func identText(name string) string {
	lower := strings.ToLower(name)
	if isPlainIdent(name) && !reservedNames[lower] && !stringOps[lower] {
		return name
	}
	return "[" + quoteString(name) + "]"
}

// tableText prints a table name; wildcard names are printed bare.
func tableText(name string) string {
	if strings.Contains(name, "*") {
		return patternText(name)
	}
	return identText(name)
}

// patternText prints a column pattern (which may contain '*') bare when it
// lexes back into the same glued tokens.
func patternText(name string) string {
	if !strings.Contains(name, "*") {
		return identText(name)
	}
	lx := NewLexer(name)
	pos := 0
	for i := 0; ; i++ {
		t := lx.Next()
		if t.Kind == EOF {
			if pos == len(name) {
				return name
			}
			break
		}
		ok := t.Kind == IdentTok || t.Kind == StarTok || (t.Kind == LongTok && i > 0)
		if !ok || t.Pos != pos {
			break
		}
		pos = t.End
	}
	return "[" + quoteString(name) + "]"
}

// isPlainIdent reports whether name lexes as a single identifier token.
func isPlainIdent(name string) bool {
	if name == "" || (!isIdentStart(name[0]) && !isUnicodeLetter(name)) {
		return false
	}
	t := NewLexer(name).Next()
	return t.Kind == IdentTok && t.Pos == 0 && t.End == len(name)
}
