package client

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// request is one API request before it is sent.
type request struct {
	method string
	// path is below the base URL and already escaped.
	path   string
	query  neturl.Values
	header http.Header
	body   []byte
	// cred is the credential the request logs in with or carries a token of.
	cred *credential
	// login is true for the credential's login request.
	login bool
	// secrets are the values the request carries that must appear in no
	// error text and no log line of it: a key, a token, a password.
	secrets []string
}

// redact removes the request's secrets from s.
func (r *request) redact(s string) string {
	for _, secret := range r.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// response is what came back, body read and capped.
type response struct {
	status   int
	header   http.Header
	body     []byte
	attempts int
	// sentAt is the local time the final attempt was sent: the earliest the
	// server can have stamped the response, so skew computed from it errs on
	// the side of an earlier expiry.
	sentAt time.Time
}

// exchange sends a request and decodes its answer, unless the credential
// remembers a failure the request would meet again; it then remembers or
// forgets a failure by how this one ended.
func (c *Client) exchange(ctx context.Context, r *request) (*response, *envelope, error) {
	if err := r.cred.admit(r, c.cfg.Clock.Now()); err != nil {
		c.cfg.Logger.Debug(ctx, "LiquidCommerce API request not sent: an earlier one failed", map[string]any{
			"method": r.method, "path": r.path, "error": r.redact(err.Error()),
		})
		return nil, nil, err
	}
	start := time.Now()
	resp, err := c.send(ctx, r)
	var env *envelope
	if err == nil {
		env, err = c.decode(r, resp)
	}
	c.remember(ctx, r, resp, err)
	fields := map[string]any{"method": r.method, "path": r.path, "duration_ms": time.Since(start).Milliseconds()}
	if resp != nil {
		fields["status"], fields["attempts"], fields["request_id"] = resp.status, resp.attempts, env.requestID(r, resp)
	}
	if err != nil {
		fields["error"] = r.redact(err.Error())
	}
	c.cfg.Logger.Debug(ctx, "LiquidCommerce API request complete", fields)
	return resp, env, err
}

// remember keeps a failure that later requests with the same credential
// would meet again: a 429, a retry ladder that ran out, or a rejected
// login. An error of the caller's own (cancellation) is not the API's
// answer and changes nothing.
func (c *Client) remember(ctx context.Context, r *request, resp *response, err error) {
	var apiErr *APIError
	var reqErr *RequestError
	now := c.cfg.Clock.Now()
	switch {
	case errors.As(err, &apiErr) && apiErr.IsCredentialRejected():
		r.cred.settle(r, err, time.Time{}, true)
	case errors.As(err, &apiErr) && (apiErr.IsRateLimited() || retryableStatus(resp.status, isIdempotent(r.method))):
		r.cred.settle(r, err, now.Add(c.holdFor(resp.attempts, resp.header)), true)
	case errors.As(err, &reqErr) && (reqErr.AttemptTimeout > 0 || ctx.Err() == nil) &&
		retryableError(reqErr.Err, isIdempotent(r.method)):
		r.cred.settle(r, err, now.Add(c.holdFor(reqErr.Attempts, nil)), true)
	default:
		r.cred.settle(r, nil, time.Time{}, resp != nil)
	}
}

// send performs a request with retries of transient failures.
func (c *Client) send(ctx context.Context, r *request) (*response, error) {
	url := c.base.String() + r.path
	if len(r.query) > 0 {
		url += "?" + r.query.Encode()
	}
	var body any
	if r.body != nil {
		body = r.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, url, body)
	if err != nil {
		return nil, &RequestError{Method: r.method, Path: r.path, Err: err}
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")

	out := &response{}
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		RetryMax:     c.cfg.MaxRetries,
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		CheckRetry:   c.retryPolicy(r),
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		Backoff: func(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
			var h http.Header
			if resp != nil {
				h = resp.Header
			}
			wait := c.backoff(lo, hi, attempt, h)
			c.cfg.Logger.Debug(ctx, "Retrying LiquidCommerce API request", map[string]any{
				"method": r.method, "path": r.path, "wait_ms": wait.Milliseconds(), "next_attempt": attempt + 2,
			})
			return wait
		},
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, attempt int) {
			out.attempts, out.sentAt = attempt+1, c.cfg.Clock.Now()
			c.cfg.Logger.Debug(ctx, "LiquidCommerce API request", map[string]any{
				"method": r.method, "path": r.path, "attempt": attempt + 1,
			})
		},
		ResponseLogHook: func(_ retryablehttp.Logger, hr *http.Response) {
			c.cfg.Logger.Debug(ctx, "LiquidCommerce API response", map[string]any{
				"method": r.method, "path": r.path, "status": hr.StatusCode, "attempt": out.attempts,
				"retry_after": hr.Header.Get("Retry-After"), "request_id": r.redact(hr.Header.Get("X-Request-Id")),
			})
		},
	}
	resp, err := rc.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	if err == nil {
		// One byte over the cap tells decode that the body was cut.
		out.status, out.header = resp.StatusCode, resp.Header
		if out.body, err = io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxResponseBytes+1)); err == nil {
			return out, nil
		}
	}
	e := &RequestError{Method: r.method, Path: r.path, Attempts: out.attempts, Err: context.Cause(ctx)}
	if e.Err == nil {
		var t interface{ Timeout() bool }
		if errors.As(err, &t) && t.Timeout() {
			e.AttemptTimeout = c.cfg.RequestTimeout
		}
		// net/url's "Get \"...\":" wrapper goes: RequestError names the request.
		if ue, ok := errors.AsType[*neturl.Error](err); ok {
			err = ue.Err
		}
		if e.Err = err; r.redact(err.Error()) != err.Error() {
			e.Err = errors.New(r.redact(err.Error()))
		}
	}
	return nil, e
}

// retryableStatus lists the answers worth another try: rate limiting and
// gateway or availability failures. Other 4xx and 500 would fail again.
// A request that is not idempotent is sent again only when the server said
// it did not process it (429, 503): after a 502 or 504 it may have.
func retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// isIdempotent: every method but POST and PATCH may be sent twice.
func isIdempotent(method string) bool {
	return method != http.MethodPost && method != http.MethodPatch
}

// retryPolicy decides whether to send a request again. Only one request
// per credential retries at a time: the others that failed alongside it
// end with their own answer, so N requests in flight when the API starts
// refusing make one retry ladder, not N.
func (c *Client) retryPolicy(r *request) retryablehttp.CheckRetry {
	idempotent := isIdempotent(r.method)
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		retry := err != nil && retryableError(err, idempotent)
		if err == nil && retryableStatus(resp.StatusCode, idempotent) {
			// Waiting longer than MaxRetryAfter would stall the whole run;
			// report the rate limit now, with the server's wait in the error.
			wait, ok := retryAfter(resp.Header, c.cfg.Clock.Now())
			retry = !ok || wait <= c.cfg.MaxRetryAfter
		}
		return retry && r.cred.claimRetries(r), nil
	}
}

// retryableError tells transient transport failures (refused or reset
// connections, timeouts) from permanent ones that would fail the same way
// again: a refused redirect, an invalid header value, certificate problems,
// or a plain-http server behind an https URL.
func retryableError(err error, idempotent bool) bool {
	_, isRecord := errors.AsType[tls.RecordHeaderError](err)
	if errors.Is(err, ErrRedirectRefused) || isRecord || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return false
	}
	if ok, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err); !ok {
		return false
	}
	// A request that may have reached the server is not sent twice: only a
	// failure to connect proves it did not.
	opErr, isOp := errors.AsType[*net.OpError](err)
	return idempotent || (isOp && opErr.Op == "dial")
}

// backoff is our own rather than retryablehttp's because it adds full
// jitter, reads Retry-After by the injected clock and waits for it on any
// retried status: exponentially longer waits, never less than Retry-After.
func (c *Client) backoff(lo, hi time.Duration, attempt int, h http.Header) time.Duration {
	ceiling := backoffCeiling(lo, hi, attempt)
	wait := lo + time.Duration(rand.Int64N(int64(ceiling-lo)+1))
	if ra, ok := retryAfter(h, c.cfg.Clock.Now()); ok && ra > wait {
		wait = ra
	}
	return wait
}

func backoffCeiling(lo, hi time.Duration, attempt int) time.Duration {
	ceiling := lo << min(attempt, 30)
	if ceiling <= 0 || ceiling > hi {
		ceiling = hi
	}
	return ceiling
}

// holdFor is how long a failure after the given attempts is remembered: the
// server's Retry-After when longer, else the next backoff ceiling.
func (c *Client) holdFor(attempts int, h http.Header) time.Duration {
	wait := backoffCeiling(c.cfg.RetryWaitMin, c.cfg.RetryWaitMax, attempts)
	if ra, ok := retryAfter(h, c.cfg.Clock.Now()); ok && ra > wait {
		wait = ra
	}
	return wait
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
