package ingest

import (
	"context"
	"sync"
)

// orderer lets the workers of an ordered scan emit their chunks' batches
// in chunk order: the worker holding chunk seq waits until every earlier
// chunk has been emitted. A worker waits at most for the chunks the other
// workers hold, so no more than one chunk per worker is ever kept.
type orderer struct {
	ctx  context.Context
	mu   sync.Mutex
	turn *sync.Cond
	next int // the chunk whose batches are emitted next
}

func newOrderer(ctx context.Context) *orderer {
	o := &orderer{ctx: ctx}
	o.turn = sync.NewCond(&o.mu)
	// Wake the waiting workers when the scan is cancelled (a failure).
	context.AfterFunc(ctx, func() {
		o.mu.Lock()
		o.turn.Broadcast()
		o.mu.Unlock()
	})
	return o
}

// emit waits for chunk seq's turn, runs fn (unless the scan has been
// cancelled meanwhile) and passes the turn on.
func (o *orderer) emit(seq int, fn func() error) error {
	o.mu.Lock()
	for o.next != seq && o.ctx.Err() == nil {
		o.turn.Wait()
	}
	o.mu.Unlock()
	var err error
	if o.ctx.Err() == nil {
		err = fn()
	}
	o.mu.Lock()
	o.next = seq + 1
	o.turn.Broadcast()
	o.mu.Unlock()
	return err
}
