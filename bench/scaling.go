package main

// scaling runs workload 1 at a quarter and at half of -size and adds full,
// the full-size workload 1 already measured (nil if it was not run), to
// show whether time grows linearly with input.
func (e *env) scaling(full *result) ([]*result, error) {
	var rs []*result
	for _, div := range []int64{4, 2} {
		in, err := signinFile(e.opt.outDir, e.opt.size/div)
		if err != nil {
			return nil, err
		}
		w, err := e.w1(data{signins: in})
		if err != nil {
			return nil, err
		}
		rs = append(rs, e.runWorkload(w))
	}
	if full != nil {
		rs = append(rs, full)
	}
	return rs, nil
}
