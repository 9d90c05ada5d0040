package client

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
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

// request is one API call before it is sent.
type request struct {
	method string
	path   string
	header http.Header
	body   []byte
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
	// rid is the envelope's metadata.requestId, when the body has one.
	rid string
}

// requestID is the id support asks for: the envelope's, else a header's.
func (r *response) requestID() string {
	if r.rid != "" {
		return r.rid
	}
	for _, h := range []string{"X-Request-Id", "X-Request-ID", "Request-Id"} {
		if v := r.header.Get(h); v != "" {
			return v
		}
	}
	return ""
}

// send performs a request with retries of transient failures.
func (c *Client) send(ctx context.Context, r request) (*response, error) {
	url := c.endpoint(r.path)
	var body any
	if r.body != nil {
		body = r.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, url, body)
	if err != nil {
		return nil, &RequestError{Method: r.method, URL: url, Attempts: 0, Err: err}
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}

	var attempts int
	var sentAt time.Time
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		RetryMax:     c.maxRetries,
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.retryWaitMax,
		CheckRetry:   c.retryPolicy(r.method),
		Backoff: func(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
			wait := c.backoff(lo, hi, attempt, resp)
			c.log.Debug(ctx, "Retrying LiquidCommerce API request", map[string]any{
				"method": r.method, "url": url, "wait_ms": wait.Milliseconds(), "next_attempt": attempt + 2,
			})
			return wait
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		ResponseLogHook: func(_ retryablehttp.Logger, hr *http.Response) {
			c.log.Debug(ctx, "LiquidCommerce API response", map[string]any{
				"method": r.method, "url": url, "status": hr.StatusCode, "attempt": attempts,
				"retry_after": hr.Header.Get("Retry-After"),
			})
		},
		RequestLogHook: func(_ retryablehttp.Logger, hr *http.Request, attempt int) {
			attempts = attempt + 1
			sentAt = c.clock.Now()
			if r.path == authPath {
				c.stats.authRequests.Add(1)
			}
			if attempt > 0 {
				c.stats.retries.Add(1)
			}
			c.log.Debug(ctx, "LiquidCommerce API request", map[string]any{
				"method": hr.Method, "url": url, "attempt": attempt + 1,
			})
		},
	}
	start := time.Now()
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		c.log.Warn(ctx, "LiquidCommerce API request failed", map[string]any{
			"method": r.method, "url": url, "attempts": attempts, "error": err.Error(),
		})
		return nil, &RequestError{Method: r.method, URL: url, Attempts: attempts, Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	out := &response{status: resp.StatusCode, header: resp.Header, attempts: attempts, sentAt: sentAt}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, &RequestError{Method: r.method, URL: url, Attempts: attempts, Err: fmt.Errorf("reading the response: %w", err)}
	}
	if int64(len(data)) > c.maxBody {
		return nil, &ResponseError{
			Method: r.method, Path: r.path, HTTPStatus: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), RequestID: out.requestID(),
			Reason:    fmt.Sprintf("the body is larger than the %d bytes the client reads", c.maxBody),
			Malformed: true,
		}
	}
	out.body = data
	out.rid = bodyRequestID(data)
	c.log.Debug(ctx, "LiquidCommerce API request complete", map[string]any{
		"method": r.method, "url": url, "status": resp.StatusCode, "attempts": attempts,
		"duration_ms": time.Since(start).Milliseconds(), "request_id": out.requestID(),
	})
	return out, nil
}

// bodyRequestID reads metadata.requestId from a JSON body, if it has one.
func bodyRequestID(body []byte) string {
	var env struct {
		Metadata struct {
			RequestID string `json:"requestId"`
		} `json:"metadata"`
	}
	if json.Unmarshal(body, &env) != nil {
		return ""
	}
	return env.Metadata.RequestID
}

// unwrapURLError drops net/url's "Get \"...\":" wrapper, since RequestError
// already names the method and URL.
func unwrapURLError(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
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

func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryPolicy decides whether to send a request again.
func (c *Client) retryPolicy(method string) retryablehttp.CheckRetry {
	idempotent := isIdempotent(method)
	return func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err != nil {
			return retryableError(err, idempotent), nil
		}
		if !retryableStatus(resp.StatusCode, idempotent) {
			return false, nil
		}
		if wait, ok := retryAfter(resp.Header, c.clock.Now()); ok && wait > c.maxRetryAfter {
			// Waiting this long would stall the whole Terraform run; report the
			// rate limit now, with the server's wait in the error.
			return false, nil
		}
		return true, nil
	}
}

// retryableError tells transient transport failures (refused or reset
// connections, timeouts) from permanent ones that would fail the same way
// again: a refused redirect, an invalid header value, certificate problems,
// or a plain-http server behind an https URL.
func retryableError(err error, idempotent bool) bool {
	var recordErr tls.RecordHeaderError
	switch {
	case errors.Is(err, ErrRedirectRefused), errors.As(err, &recordErr),
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return false
	}
	if ok, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err); !ok {
		return false
	}
	if idempotent {
		return true
	}
	// A request that may have reached the server is not sent twice: only a
	// failure to connect proves it did not.
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// backoff waits exponentially longer with full jitter, and never less than
// the server's Retry-After.
func (c *Client) backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	ceiling := lo << min(attempt, 30)
	if ceiling <= 0 || ceiling > hi {
		ceiling = hi
	}
	wait := lo + time.Duration(rand.Int64N(int64(ceiling-lo)+1))
	if resp != nil {
		if ra, ok := retryAfter(resp.Header, c.clock.Now()); ok && ra > wait {
			wait = ra
		}
	}
	return wait
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
