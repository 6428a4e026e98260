package main

// scaling runs workload 1 at a tenth, a quarter and half of -size (the
// issue asks for flat memory as the input grows 10x) and adds full,
// the full-size workload 1 already measured (nil if it was not run), to
// show whether time grows linearly with input.
func (e *env) scaling(full *result) ([]*result, error) {
	var rs []*result
	for _, div := range []int64{10, 4, 2} {
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
