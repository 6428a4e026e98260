package syntax

// nodeString prints any node as canonical KQL.
func nodeString(n Node) string {
	pr := &printer{}
	pr.node(n)
	return pr.sb.String()
}

// String returns the Query as canonical KQL.
func (n *Query) String() string { return nodeString(n) }

// String returns the LetStmt as canonical KQL.
func (n *LetStmt) String() string { return nodeString(n) }

// String returns the SetStmt as canonical KQL.
func (n *SetStmt) String() string { return nodeString(n) }

// String returns the DeclareStmt as canonical KQL.
func (n *DeclareStmt) String() string { return nodeString(n) }

// String returns the FuncDef as canonical KQL.
func (n *FuncDef) String() string { return nodeString(n) }

// String returns the FuncParam as canonical KQL.
func (n *FuncParam) String() string { return nodeString(n) }

// String returns the ParamType as canonical KQL.
func (n *ParamType) String() string { return nodeString(n) }

// String returns the ColumnDecl as canonical KQL.
func (n *ColumnDecl) String() string { return nodeString(n) }

// String returns the Pipeline as canonical KQL.
func (n *Pipeline) String() string { return nodeString(n) }

// String returns the TableRef as canonical KQL.
func (n *TableRef) String() string { return nodeString(n) }

// String returns the CallTabular as canonical KQL.
func (n *CallTabular) String() string { return nodeString(n) }

// String returns the DatatableExpr as canonical KQL.
func (n *DatatableExpr) String() string { return nodeString(n) }

// String returns the PrintExpr as canonical KQL.
func (n *PrintExpr) String() string { return nodeString(n) }

// String returns the RangeExpr as canonical KQL.
func (n *RangeExpr) String() string { return nodeString(n) }

// String returns the ExternalDataExpr as canonical KQL.
func (n *ExternalDataExpr) String() string { return nodeString(n) }

// String returns the ParenTabular as canonical KQL.
func (n *ParenTabular) String() string { return nodeString(n) }

// String returns the Param as canonical KQL.
func (n *Param) String() string { return nodeString(n) }

// String returns the Assign as canonical KQL.
func (n *Assign) String() string { return nodeString(n) }

// String returns the SortKey as canonical KQL.
func (n *SortKey) String() string { return nodeString(n) }

// String returns the WhereOp as canonical KQL.
func (n *WhereOp) String() string { return nodeString(n) }

// String returns the ExtendOp as canonical KQL.
func (n *ExtendOp) String() string { return nodeString(n) }

// String returns the ProjectOp as canonical KQL.
func (n *ProjectOp) String() string { return nodeString(n) }

// String returns the ProjectAwayOp as canonical KQL.
func (n *ProjectAwayOp) String() string { return nodeString(n) }

// String returns the ProjectKeepOp as canonical KQL.
func (n *ProjectKeepOp) String() string { return nodeString(n) }

// String returns the ProjectRenameOp as canonical KQL.
func (n *ProjectRenameOp) String() string { return nodeString(n) }

// String returns the Rename as canonical KQL.
func (n *Rename) String() string { return nodeString(n) }

// String returns the ProjectReorderOp as canonical KQL.
func (n *ProjectReorderOp) String() string { return nodeString(n) }

// String returns the ReorderCol as canonical KQL.
func (n *ReorderCol) String() string { return nodeString(n) }

// String returns the SummarizeOp as canonical KQL.
func (n *SummarizeOp) String() string { return nodeString(n) }

// String returns the SortOp as canonical KQL.
func (n *SortOp) String() string { return nodeString(n) }

// String returns the TopOp as canonical KQL.
func (n *TopOp) String() string { return nodeString(n) }

// String returns the TakeOp as canonical KQL.
func (n *TakeOp) String() string { return nodeString(n) }

// String returns the DistinctOp as canonical KQL.
func (n *DistinctOp) String() string { return nodeString(n) }

// String returns the CountOp as canonical KQL.
func (n *CountOp) String() string { return nodeString(n) }

// String returns the UnionOp as canonical KQL.
func (n *UnionOp) String() string { return nodeString(n) }

// String returns the JoinOp as canonical KQL.
func (n *JoinOp) String() string { return nodeString(n) }

// String returns the LookupOp as canonical KQL.
func (n *LookupOp) String() string { return nodeString(n) }

// String returns the MvExpandOp as canonical KQL.
func (n *MvExpandOp) String() string { return nodeString(n) }

// String returns the MvItem as canonical KQL.
func (n *MvItem) String() string { return nodeString(n) }

// String returns the MvApplyOp as canonical KQL.
func (n *MvApplyOp) String() string { return nodeString(n) }

// String returns the ParseOp as canonical KQL.
func (n *ParseOp) String() string { return nodeString(n) }

// String returns the ParsePart as canonical KQL.
func (n *ParsePart) String() string { return nodeString(n) }

// String returns the ParseKvOp as canonical KQL.
func (n *ParseKvOp) String() string { return nodeString(n) }

// String returns the SerializeOp as canonical KQL.
func (n *SerializeOp) String() string { return nodeString(n) }

// String returns the RenderOp as canonical KQL.
func (n *RenderOp) String() string { return nodeString(n) }

// String returns the MakeSeriesOp as canonical KQL.
func (n *MakeSeriesOp) String() string { return nodeString(n) }

// String returns the SeriesAgg as canonical KQL.
func (n *SeriesAgg) String() string { return nodeString(n) }

// String returns the EvaluateOp as canonical KQL.
func (n *EvaluateOp) String() string { return nodeString(n) }

// String returns the GetSchemaOp as canonical KQL.
func (n *GetSchemaOp) String() string { return nodeString(n) }

// String returns the SampleOp as canonical KQL.
func (n *SampleOp) String() string { return nodeString(n) }

// String returns the SampleDistinctOp as canonical KQL.
func (n *SampleDistinctOp) String() string { return nodeString(n) }

// String returns the AsOp as canonical KQL.
func (n *AsOp) String() string { return nodeString(n) }

// String returns the InvokeOp as canonical KQL.
func (n *InvokeOp) String() string { return nodeString(n) }

// String returns the TopNestedOp as canonical KQL.
func (n *TopNestedOp) String() string { return nodeString(n) }

// String returns the TopNestedLevel as canonical KQL.
func (n *TopNestedLevel) String() string { return nodeString(n) }

// String returns the TopHittersOp as canonical KQL.
func (n *TopHittersOp) String() string { return nodeString(n) }

// String returns the FacetOp as canonical KQL.
func (n *FacetOp) String() string { return nodeString(n) }

// String returns the SearchOp as canonical KQL.
func (n *SearchOp) String() string { return nodeString(n) }

// String returns the ForkOp as canonical KQL.
func (n *ForkOp) String() string { return nodeString(n) }

// String returns the ForkBranch as canonical KQL.
func (n *ForkBranch) String() string { return nodeString(n) }

// String returns the PartitionOp as canonical KQL.
func (n *PartitionOp) String() string { return nodeString(n) }

// String returns the Literal as canonical KQL.
func (n *Literal) String() string { return nodeString(n) }

// String returns the DynValue as canonical KQL.
func (n *DynValue) String() string { return nodeString(n) }

// String returns the Ident as canonical KQL.
func (n *Ident) String() string { return nodeString(n) }

// String returns the Member as canonical KQL.
func (n *Member) String() string { return nodeString(n) }

// String returns the Index as canonical KQL.
func (n *Index) String() string { return nodeString(n) }

// String returns the Call as canonical KQL.
func (n *Call) String() string { return nodeString(n) }

// String returns the NamedArg as canonical KQL.
func (n *NamedArg) String() string { return nodeString(n) }

// String returns the Star as canonical KQL.
func (n *Star) String() string { return nodeString(n) }

// String returns the TypeOf as canonical KQL.
func (n *TypeOf) String() string { return nodeString(n) }

// String returns the Unary as canonical KQL.
func (n *Unary) String() string { return nodeString(n) }

// String returns the Binary as canonical KQL.
func (n *Binary) String() string { return nodeString(n) }

// String returns the InExpr as canonical KQL.
func (n *InExpr) String() string { return nodeString(n) }

// String returns the BetweenExpr as canonical KQL.
func (n *BetweenExpr) String() string { return nodeString(n) }

// String returns the Subquery as canonical KQL.
func (n *Subquery) String() string { return nodeString(n) }
