package hunt

import "time"

// Step is one step of a hunt and the wall time it took (Result.Steps).
type Step struct {
	Name string
	Wall time.Duration
}

// stopwatch records a hunt's steps when the caller gave a clock
// (Options.Clock); without one it reads no clock and records nothing, so
// that nothing below the CLI depends on the time of day.
type stopwatch struct {
	clock func() time.Time
	last  time.Time
	steps []Step
}

func newStopwatch(clock func() time.Time) *stopwatch {
	s := &stopwatch{clock: clock}
	if clock != nil {
		s.last = clock()
	}
	return s
}

// lap ends the current step, naming it.
func (s *stopwatch) lap(name string) {
	if s.clock == nil {
		return
	}
	now := s.clock()
	s.steps = append(s.steps, Step{Name: name, Wall: now.Sub(s.last)})
	s.last = now
}

// timed runs f and returns how long it took by clock (zero without one).
func timed(clock func() time.Time, f func()) time.Duration {
	if clock == nil {
		f()
		return 0
	}
	start := clock()
	f()
	return clock().Sub(start)
}
