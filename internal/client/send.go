package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"
)

// request is one API request before it is sent: the caller's Request (a
// login's has only Method and Path), with what the client adds to it.
type request struct {
	Request
	header http.Header
	// cred is the credential the request logs in with or carries a token of.
	cred *credential
	// login is true for the credential's login request; refresh when the
	// request asks for a refresh, the credential's one in flight.
	login, refresh bool
	// secrets are the values the request carries that must appear in no
	// error text and no log line of it: a key, a token, a password.
	secrets []string
}

// own is true when r has limits of its own: a failure within them is r's
// alone, not one the other requests of its credential would meet.
func (r *request) own() bool { return r.MaxRetries != nil || r.Timeout != 0 }

// redact removes the request's secrets from s.
func (r *request) redact(s string) string {
	for _, secret := range r.secrets {
		// Also as JSON escapes it, since errors[] is rendered as JSON.
		quoted, _ := json.Marshal(secret)
		s = strings.ReplaceAll(strings.ReplaceAll(s, secret, "[redacted]"), string(quoted[1:len(quoted)-1]), "[redacted]")
	}
	return s
}

// response is what came back, body read and capped.
type response struct {
	status, attempts int
	header           http.Header
	body             []byte
	// sentAt is the local time the final attempt was sent: the earliest the
	// server can have stamped the response, so skew computed from it errs on
	// the side of an earlier expiry.
	sentAt time.Time
}

// outcome is what an attempt's answer means for the next one.
type outcome int

const (
	// ended: the caller gave up (or the client's bound ran out); this says
	// nothing of the API.
	ended outcome = iota
	// done: an answer, or a failure that another try would repeat, such as
	// a rejected credential (which its token source remembers).
	done
	// again: a transient failure of this request; it tries again after a
	// backoff of its own.
	again
	// slowDown: 429 or 503; every request of the credential waits, then
	// one probes.
	slowDown
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

// exchange sends a request, with its own budget of retries, through its
// credential's gate, and decodes the answer, within ctx, which carries the
// request's deadline (see bounded), time waiting at the gate included. The
// caller ends the request's turn as the prober, should it have one (see
// release).
func (c *Client) exchange(ctx context.Context, r *request) (*response, *envelope, error) {
	timeout, retries := c.limits(r)
	for attempt := 1; ; attempt++ {
		if err := c.pass(ctx, r, attempt-1); err != nil {
			return nil, nil, c.requestError(ctx, r, attempt-1, err)
		}
		resp, env, err := c.send(ctx, r, attempt, timeout)
		o, wait := c.judge(ctx, r, resp, err, attempt)
		spent := attempt > retries || wait > MaxRetryAfter
		c.settle(r, o, resp, err, wait, spent)
		// A wait past the deadline is not begun: the answer that asked for
		// it ends the request at once.
		last := o <= done || spent || !fits(ctx, wait)
		fields := map[string]any{"method": r.Method, "path": r.Path, "attempt": attempt}
		if resp != nil {
			fields["status"], fields["request_id"] = resp.status, env.requestID(r, resp)
			// The wait read from Retry-After, not the header, which could
			// hold anything: no log line repeats the answer (STYLE rule 15).
			fields["retry_after"], _ = retryAfter(resp.header, c.tune.Clock.Now())
		}
		if err != nil {
			fields["error"] = r.redact(err.Error())
		}
		if !last {
			fields["retry_in_ms"] = wait.Milliseconds()
		}
		c.cfg.Logger.Debug(ctx, "LiquidCommerce API response", fields)
		if last && (o != ended || err == nil) {
			return resp, env, err
		}
		// The caller gave up, during the attempt or its backoff (a Clock's
		// Sleep fails only then), and requestError says so; after a 429 or
		// 503 the wait is at the gate.
		if o == ended || o == again && c.tune.Clock.Sleep(ctx, wait) != nil {
			return nil, nil, c.requestError(ctx, r, attempt, err)
		}
	}
}

// judge says what an attempt's result means, and how long to wait before
// the next: Retry-After when the server gave one, else a jittered backoff.
// 429 and 503 are retried for every method; 500, 502 and 504 only for GET
// (logins are GETs), which may be sent twice; connection failures when the
// request cannot have reached the server twice.
func (c *Client) judge(ctx context.Context, r *request, resp *response, err error, n int) (outcome, time.Duration) {
	wait, get := c.backoff(n), r.Method == http.MethodGet
	apiErr, isAPI := errors.AsType[*APIError](err)
	switch {
	case ctx.Err() != nil:
		return ended, wait
	case isAPI && (resp.status == http.StatusTooManyRequests || resp.status == http.StatusServiceUnavailable):
		return slowDown, cmp.Or(apiErr.RetryAfter, wait)
	case isAPI && get && (resp.status == 500 || resp.status == 502 || resp.status == 504),
		!isAPI && retryableError(err, get):
		return again, wait
	}
	return done, wait
}

// backoff is a jittered wait that grows with each attempt: anywhere from
// RetryWaitMin to a ceiling that doubles from it, at most RetryWaitMax.
func (c *Client) backoff(attempt int) time.Duration {
	lo := c.tune.RetryWaitMin
	ceiling := min(lo<<min(attempt-1, 30), c.tune.RetryWaitMax)
	return lo + time.Duration(rand.Int64N(int64(ceiling-lo)+1))
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

// limits are how long each attempt of r may take and how many times it is
// retried: its own where it has them, the client's otherwise.
func (c *Client) limits(r *request) (time.Duration, int) {
	return cmp.Or(r.Timeout, c.cfg.RequestTimeout), *cmp.Or(r.MaxRetries, &c.cfg.MaxRetries)
}

// send performs one attempt of a request, within limit, its attempt
// timeout, and decodes the answer.
func (c *Client) send(ctx context.Context, r *request, attempt int, limit time.Duration) (*response, *envelope, error) {
	url := c.base.String() + r.Path
	if len(r.Query) > 0 {
		url += "?" + r.Query.Encode()
	}
	// ctx stays the request's, so that requestError tells the attempt's
	// timeout from the request's own end.
	attemptCtx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	req, err := http.NewRequestWithContext(attemptCtx, r.Method, url, bytes.NewReader(r.Body))
	if err != nil {
		return nil, nil, c.requestError(ctx, r, attempt, err)
	}
	req.Header = r.header.Clone()
	maps.Copy(req.Header, http.Header{"User-Agent": {c.cfg.UserAgent}, "Accept": {jsonType}, "Content-Type": {jsonType}})
	out := &response{attempts: attempt, sentAt: c.tune.Clock.Now()}
	hr, err := c.http.Do(req)
	if err == nil {
		defer hr.Body.Close()
		// One byte over the cap tells decode that the body was cut.
		out.status, out.header = hr.StatusCode, hr.Header
		if out.body, err = io.ReadAll(io.LimitReader(hr.Body, MaxResponseBytes+1)); err == nil {
			env, err := c.decode(r, out)
			return out, env, err
		}
	}
	return nil, nil, c.requestError(ctx, r, attempt, err)
}

// requestError describes a request that got no answer, without its
// secrets: the caller's own end (or the client's bound) when ctx has ended,
// else the transport's error. A held failure stays as it is.
func (c *Client) requestError(ctx context.Context, r *request, attempts int, err error) error {
	if _, held := errors.AsType[*HeldError](err); held || errors.As(err, new(*RequestError)) {
		return err
	}
	e := &RequestError{Method: r.Method, Path: r.Path, Login: r.login, Attempts: attempts, Err: context.Cause(ctx)}
	if e.Err == nil {
		if isTimeout(err) {
			e.AttemptTimeout, _ = c.limits(r)
		}
		// net/url's "Get \"...\":" wrapper goes: RequestError names the request.
		if ue, ok := errors.AsType[*neturl.Error](err); ok {
			err = ue.Err
		}
		if e.Err = err; r.redact(err.Error()) != err.Error() {
			e.Err = errors.New(r.redact(err.Error()))
		}
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// retryableError tells transient transport failures (network errors such
// as refused or reset connections, timeouts, connections closed without an
// answer) from the rest, which would fail the same way again: certificate
// problems, a refused redirect, a plain-http server behind an https URL. A
// request that may have reached the server is sent again only when it is a
// GET; a failed dial proves it did not.
func retryableError(err error, get bool) bool {
	opErr, isOp := errors.AsType[*net.OpError](err)
	transient := isOp || isTimeout(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	return transient && (get || isOp && opErr.Op == "dial")
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date, up
// to a day: all digits too many to parse, or a date further off, are a day.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	const longest = 24 * time.Hour
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, int64(longest/time.Second))) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		return longest, true
	} else if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), longest), true
	}
	return 0, false
}
