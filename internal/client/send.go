package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	neturl "net/url"
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

// limits are how long each attempt of r may take and how many times it is
// retried: its own where it has them, the client's otherwise.
func (c *Client) limits(r *request) (time.Duration, int) {
	return cmp.Or(r.Timeout, c.cfg.RequestTimeout), *cmp.Or(r.MaxRetries, &c.cfg.MaxRetries)
}

// send performs one attempt of a request, within limit, its attempt
// timeout, and decodes the answer.
func (c *Client) send(ctx context.Context, r *request, attempt int, limit time.Duration) (*response, *envelope, error) {
	url := strings.TrimSuffix(c.base.String()+r.Path+"?"+r.Query.Encode(), "?")
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
