package hunt

// SetHoisting turns the computing of tick-independent query prefixes once
// per hunt (hunter.hoist) on or off, for tests that compare the two.
func SetHoisting(on bool) { hoisting = on }
