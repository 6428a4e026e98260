package syntax

// op prints one operator without the leading '| '.
func (pr *printer) op(o Operator) {
	switch x := o.(type) {
	case *WhereOp:
		pr.w("where ")
		pr.expr(x.Pred, precOr)
	case *ExtendOp:
		pr.w("extend ")
		pr.assigns(x.Items)
	case *ProjectOp:
		pr.w("project ")
		pr.assigns(x.Items)
	case *ProjectAwayOp:
		pr.w("project-away ")
		pr.patterns(x.Columns)
	case *ProjectKeepOp:
		pr.w("project-keep ")
		pr.patterns(x.Columns)
	case *ProjectRenameOp:
		pr.w("project-rename ")
		for i, r := range x.Renames {
			if i > 0 {
				pr.w(", ")
			}
			pr.part(r)
		}
	case *ProjectReorderOp:
		pr.w("project-reorder ")
		for i, c := range x.Columns {
			if i > 0 {
				pr.w(", ")
			}
			pr.reorderCol(c)
		}
	case *SummarizeOp:
		pr.summarize(x)
	case *SortOp:
		pr.w(x.Keyword, " by ")
		pr.sortKeys(x.Keys)
	case *TopOp:
		pr.w("top ")
		pr.expr(x.Count, precOr)
		pr.w(" by ")
		pr.sortKeys(x.Keys)
	case *TakeOp:
		pr.w(x.Keyword, " ")
		pr.expr(x.Count, precOr)
	case *DistinctOp:
		pr.w("distinct ")
		pr.params(x.Params)
		pr.exprs(x.Columns)
	case *CountOp:
		pr.w("count")
	case *UnionOp:
		pr.union(x)
	case *JoinOp:
		pr.join("join", x.Params, x.Right, x.On)
	case *LookupOp:
		pr.join("lookup", x.Params, x.Right, x.On)
	default:
		pr.op2(o)
	}
}

// op2 prints the less common operators.
func (pr *printer) op2(o Operator) {
	switch x := o.(type) {
	case *MvExpandOp:
		pr.mvExpand(x)
	case *MvApplyOp:
		pr.mvApply(x)
	case *ParseOp:
		pr.parse(x)
	case *ParseKvOp:
		pr.w("parse-kv ")
		pr.expr(x.Source, precOr)
		pr.w(" as ")
		pr.columnDecls(x.Columns)
		if x.With != nil {
			pr.w(" with ")
			pr.withProps(x.With)
		}
	case *SerializeOp:
		pr.w("serialize")
		if len(x.Items) > 0 {
			pr.w(" ")
			pr.assigns(x.Items)
		}
	case *RenderOp:
		pr.w("render ", x.Chart)
		if x.With != nil {
			pr.w(" with ")
			pr.withProps(x.With)
		}
	case *MakeSeriesOp:
		pr.makeSeries(x)
	case *EvaluateOp:
		pr.w("evaluate ")
		pr.params(x.Params)
		pr.call(x.Call)
		if x.Schema != nil {
			pr.w(" : (")
			if x.Schema.Star {
				pr.w("*")
			}
			for i, c := range x.Schema.Columns {
				if i > 0 || x.Schema.Star {
					pr.w(", ")
				}
				pr.columnDecl(c)
			}
			pr.w(")")
		}
	default:
		pr.op3(o)
	}
}

// op3 prints the rarely used operators.
func (pr *printer) op3(o Operator) {
	switch x := o.(type) {
	case *GetSchemaOp:
		pr.w("getschema")
	case *SampleOp:
		pr.w("sample ")
		pr.expr(x.Count, precOr)
	case *SampleDistinctOp:
		pr.w("sample-distinct ")
		pr.expr(x.Count, precOr)
		pr.w(" of ")
		pr.expr(x.Of, precOr)
	case *AsOp:
		pr.w("as ")
		pr.params(x.Params)
		pr.w(identText(x.Name.Name))
	case *InvokeOp:
		pr.w("invoke ")
		pr.call(x.Call)
	case *TopNestedOp:
		pr.w("top-nested ")
		for i, l := range x.Levels {
			if i > 0 {
				pr.w(", ")
			}
			pr.topNestedLevel(l)
		}
	case *TopHittersOp:
		pr.topHitters(x)
	case *FacetOp:
		pr.facet(x)
	case *SearchOp:
		pr.search(x)
	case *ForkOp:
		pr.w("fork")
		for _, b := range x.Branches {
			pr.w(" ")
			pr.forkBranch(b)
		}
	case *PartitionOp:
		pr.w("partition ")
		pr.params(x.Params)
		pr.w("by ", identText(x.By.Name), " ")
		pr.subPipeline(x.Sub)
	}
}

func (pr *printer) summarize(x *SummarizeOp) {
	pr.w("summarize ")
	pr.params(x.Params)
	pr.assigns(x.Aggs)
	if len(x.By) > 0 {
		if len(x.Aggs) > 0 {
			pr.w(" ")
		}
		pr.w("by ")
		pr.assigns(x.By)
	}
}

func (pr *printer) join(kw string, params []*Param, right TabularExpr, on []Expr) {
	pr.w(kw, " ")
	pr.params(params)
	pr.tabular(right)
	pr.w(" on ")
	pr.exprs(on)
}

func (pr *printer) mvExpand(x *MvExpandOp) {
	if x.Legacy {
		pr.w("mvexpand ")
	} else {
		pr.w("mv-expand ")
	}
	pr.params(x.Params)
	pr.mvItems(x.Items)
	if x.Limit != nil {
		pr.w(" limit ")
		pr.expr(x.Limit, precOr)
	}
}

func (pr *printer) mvApply(x *MvApplyOp) {
	pr.w("mv-apply ")
	pr.params(x.Params)
	pr.mvItems(x.Items)
	if x.Limit != nil {
		pr.w(" limit ")
		pr.expr(x.Limit, precOr)
	}
	pr.w(" on ")
	pr.subPipeline(x.Sub)
}

func (pr *printer) mvItems(items []*MvItem) {
	for i, it := range items {
		if i > 0 {
			pr.w(", ")
		}
		pr.mvItem(it)
	}
}

func (pr *printer) mvItem(it *MvItem) {
	pr.assign(it.Assign)
	if it.ToType != "" {
		pr.w(" to typeof(", it.ToType, ")")
	}
}

// subPipeline prints a source-less pipeline in parentheses.
func (pr *printer) subPipeline(p *Pipeline) {
	if p == nil {
		pr.w("()")
		return
	}
	if len(p.Ops) <= 1 {
		pr.w("(")
		pr.pipeline(p)
		pr.w(")")
		return
	}
	pr.subBlock(func() { pr.pipeline(p) })
}

func (pr *printer) parse(x *ParseOp) {
	if x.Where {
		pr.w("parse-where ")
	} else {
		pr.w("parse ")
	}
	pr.params(x.Params)
	pr.expr(x.Source, precOr)
	pr.w(" with")
	for _, part := range x.Pattern {
		pr.w(" ")
		pr.parsePart(part)
	}
}

func (pr *printer) parsePart(part *ParsePart) {
	switch {
	case part.Star:
		pr.w("*")
	case part.Lit != nil:
		pr.literal(part.Lit)
	case part.Column != nil:
		pr.w(identText(part.Column.Name))
		if part.Type != "" {
			pr.w(":", part.Type)
		}
	}
}

func (pr *printer) reorderCol(c *ReorderCol) {
	pr.w(patternText(c.Name.Name))
	if c.Order != "" {
		pr.w(" ", c.Order)
	}
}

func (pr *printer) makeSeries(x *MakeSeriesOp) {
	pr.w("make-series ")
	pr.params(x.Params)
	for i, a := range x.Aggs {
		if i > 0 {
			pr.w(", ")
		}
		pr.seriesAgg(a)
	}
	pr.w(" on ")
	pr.expr(x.Axis, precAdd)
	if x.InRange {
		pr.w(" in range(")
		pr.exprs([]Expr{x.From, x.To, x.Step})
		pr.w(")")
	} else {
		pr.optClause(" from ", x.From)
		pr.optClause(" to ", x.To)
		pr.optClause(" step ", x.Step)
	}
	if len(x.By) > 0 {
		pr.w(" by ")
		pr.assigns(x.By)
	}
}

func (pr *printer) optClause(kw string, e Expr) {
	if e != nil {
		pr.w(kw)
		pr.expr(e, precOr)
	}
}

func (pr *printer) seriesAgg(a *SeriesAgg) {
	pr.assign(a.Assign)
	if a.Default != nil {
		pr.w(" default = ")
		pr.expr(a.Default, precOr)
	}
}

func (pr *printer) topNestedLevel(l *TopNestedLevel) {
	if l.Count != nil {
		pr.expr(l.Count, precOr)
		pr.w(" ")
	}
	pr.w("of ")
	pr.assign(l.Of)
	if l.Others != nil {
		pr.w(" with others = ")
		pr.expr(l.Others, precOr)
	}
	pr.w(" by ")
	pr.assign(l.By)
	if l.Order != "" {
		pr.w(" ", l.Order)
	}
}

func (pr *printer) topHitters(x *TopHittersOp) {
	pr.w("top-hitters ")
	pr.expr(x.Count, precOr)
	pr.w(" of ")
	pr.expr(x.Of, precOr)
	pr.optClause(" by ", x.By)
}

func (pr *printer) facet(x *FacetOp) {
	pr.w("facet by ")
	pr.patterns(x.Columns)
	if x.With != nil {
		pr.w(" with ")
		pr.subPipeline(x.With)
	}
}

func (pr *printer) forkBranch(b *ForkBranch) {
	if b.Name != nil {
		pr.w(identText(b.Name.Name), "=")
	}
	pr.subPipeline(b.Sub)
}
