package client

import (
	"context"
	"time"
)

// gate holds back the requests of a credential while the API asks it to
// wait. One request, the prober, goes when the wait is over; the others
// wait for how its retries end. All fields are guarded by the
// credential's mutex.
type gate struct {
	// until: no request goes before it.
	until time.Time
	// prober is the request whose retries decide; proberDone is closed
	// when they end.
	prober     *request
	proberDone chan struct{}
	// err is how the last prober failed: later requests fail with it at
	// once until until.
	err error
}

// pass lets r go once its credential's pause is over: at once when there
// is none; when it ends, as the prober, unless another request probes,
// whose answer r waits for. It fails at once while a failure is held, and
// when the pause ends past r's deadline; a wait that ends with r's
// deadline (or the caller's end) says what r waited for, and how long.
func (c *Client) pass(ctx context.Context, r *request, attempts int) error {
	since := time.Now()
	for {
		r.cred.mu.Lock()
		g, now := &r.cred.gate, c.tune.Clock.Now()
		until, probe := g.until, g.proberDone
		if until.IsZero() {
			r.cred.mu.Unlock()
			return nil
		}
		wait := until.Sub(now)
		e := &RequestError{Method: r.Method, Path: r.Path, Login: r.login, Attempts: attempts,
			WaitedFor: "a Retry-After from another request", Until: until}
		switch {
		case g.prober == nil && g.err != nil && wait > 0:
			r.cred.mu.Unlock()
			return &HeldError{Err: g.err, Until: until}
		case wait > 0 && !fits(ctx, wait):
			e.Err = errPastDeadline
		case g.prober == nil:
			g.prober, g.proberDone = r, make(chan struct{})
			fallthrough
		case g.prober == r:
			probe = nil
		}
		r.cred.mu.Unlock()
		switch {
		case e.Err != nil:
		case probe != nil:
			e.WaitedFor, e.Until = "another request's probe", time.Time{}
			select {
			case <-probe:
			case <-ctx.Done():
				e.Err = context.Cause(ctx)
			}
		case wait > 0:
			e.Err = c.tune.Clock.Sleep(ctx, wait)
		default:
			return nil
		}
		if e.Err != nil {
			e.Waited = time.Since(since)
			return e
		}
	}
}

// fits reports whether a wait of d ends before ctx's deadline, on the real
// clock that deadlines run on.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || d < time.Until(deadline)
}

// settle records at the gate how an attempt of r ended. A 429 or 503
// pushes the credential's pause to its wait, for every request, a
// fail-fast one's and a login's too; with retries left r then probes
// unless another request does. When r spent a budget of the provider's
// (its retries, or the longest wait), not limits of its own (see own),
// the failure is held for the others that long instead, since the next
// request would meet it again. Other failures are the request's alone: a
// 500, 502 or 504 backs off r only (a rejected credential is its token
// source's; see token). The prober's answer, or any answer while nothing
// is held, opens the gate once its wait is over. A request that ended on
// the caller's side changes nothing; nor does a 429 while a failure is
// held, nor another answer while another request probes.
func (c *Client) settle(r *request, o outcome, resp *response, err error, wait time.Duration, spent bool) {
	r.cred.mu.Lock()
	defer r.cred.mu.Unlock()
	g, now := &r.cred.gate, c.tune.Clock.Now()
	until, mine := now.Add(wait), g.prober == nil || g.prober == r
	switch {
	case o == ended, o == slowDown && g.prober == nil && g.err != nil:
	case o == slowDown && spent && !r.own() && mine:
		g.err, g.until = err, until
	case o == slowDown:
		if until.After(g.until) {
			g.until = until
		}
		if mine {
			g.err = nil
		}
		if !spent && g.prober == nil {
			g.prober, g.proberDone = r, make(chan struct{})
		}
	case !mine:
	case resp != nil && (g.prober == r || g.err == nil):
		g.err = nil
		if !now.Before(g.until) {
			g.until = time.Time{}
		}
	}
}

// release ends r's turn as the prober, if it has one, so the requests
// waiting on it go on: through an open gate, or to wait again; and its turn
// as the credential's refresh in flight.
func (cr *credential) release(r *request) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.refreshing = cr.refreshing && !r.refresh
	if cr.gate.prober == r {
		close(cr.gate.proberDone)
		cr.gate.prober, cr.gate.proberDone = nil, nil
	}
}
