package exec

import (
	"quarry/internal/kql/check"
	"quarry/internal/kql/plan"
)

// Operator trees reused between runs of a plan.
//
// A hunt runs each rule's program at thousands of ticks; building its
// operators and compiling its expressions at every run was about a tenth
// of the replay's CPU. Operators and evaluators take the runtime (the
// run's context, now(), caches) as an argument and keep no state of
// their own between runs, with a few exceptions: a tabular in-list
// (inQueryEval) hashes its list once per run, and is reset before a tree
// is run again (resetter); mv-apply compiles its sub-query per worker into
// the tree, window projections number rows, and shared scans coordinate
// through per-run members: a tree holding any of them is not reused. A
// tree is used by one run at a time (taken from plan.Plan.Built, put back
// after a run without error).

// builtTree is the operator tree of a plan and what a reuse must reset.
type builtTree struct {
	op       operator
	resets   []resetter
	reusable bool
	// workers is the runtime's worker count the tree was built for: a
	// summarize built for one worker keeps take_any in a way that cannot
	// merge the tables of several (fastTakeAnyStr).
	workers int
	// subOps are the operators of the tree's sub-queries (toscalar, in
	// (T)), built with it (prebuildSubquery) and so reused with it.
	subOps map[check.Expr]operator
}

// resetter is an evaluator with per-run state.
type resetter interface{ reset() }

// prebuildSubquery builds the operator tree of sub-query e into the tree
// being built, so that a reused tree does not build its sub-queries again
// at every run (a hunt's `where Src in (failures | project Src)` built its
// list's operators, a materialized chain included, at every tick). Outside
// a tree's build (an mv-apply's sub-query built while running) the
// sub-query is built when it is computed, as before.
func (rt *runtime) prebuildSubquery(e check.Expr) error {
	t := rt.building
	if t == nil || rt.applyRow != nil {
		return nil
	}
	if _, done := t.subOps[e]; done {
		return nil
	}
	op, err := rt.build(rt.plan.Subquery(subqueryNode(e)))
	if err != nil {
		return err
	}
	if t.subOps == nil {
		t.subOps = map[check.Expr]operator{}
	}
	t.subOps[e] = op
	return nil
}

// tree returns an operator tree for p: a reused one, reset, or a new one.
func (rt *runtime) tree(p *plan.Plan) (*builtTree, error) {
	if rt.shared == nil && !genericOnly.Load() {
		if t, ok := p.Built.Get().(*builtTree); ok && t.workers == rt.workers {
			for _, r := range t.resets {
				r.reset()
			}
			return t, nil
		}
	}
	rt.building = &builtTree{reusable: rt.shared == nil && !genericOnly.Load(), workers: rt.workers}
	op, err := rt.build(p.Root)
	if err != nil {
		return nil, err
	}
	t := rt.building
	t.op, rt.building = op, nil
	return t, nil
}

// notReusable marks the tree being built as one to build again at every
// run.
func (rt *runtime) notReusable() {
	if rt.building != nil {
		rt.building.reusable = false
	}
}

// resetOnReuse registers r to be reset before the tree runs again.
func (rt *runtime) resetOnReuse(r resetter) {
	if rt.building != nil {
		rt.building.resets = append(rt.building.resets, r)
	}
}
