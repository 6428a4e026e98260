package hunt

// SetHoisting turns the computing of tick-independent query prefixes once
// per hunt (hunter.hoist) on or off, for tests that compare the two.
func SetHoisting(on bool) { hoisting = on }

// SetSharing turns the reading of every table once for the rules and the
// views (hunter.loadShared) on or off, for tests that compare the two.
func SetSharing(on bool) { sharing = on }
