package client

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// callValidity is what an authenticated request asks of its token: enough
// time left to reach the server, or half the lifetime of short-lived tokens.
var callValidity = Validity{Min: time.Minute, Preferred: true}

// Request is an authenticated API request.
type Request struct {
	// Method is the HTTP method, e.g. GET or POST. Path is joined to the
	// base URL; it is taken as already escaped and must pass ValidatePath.
	Method, Path string
	// Query holds the query parameters, encoded by the client.
	Query url.Values
	// Body is a JSON request body, or nil.
	Body []byte
	// Credential is the credential whose token the request carries; the
	// zero value is APIKey.
	Credential Credential
	// Accept lists HTTP statuses outside 2xx that are answers, not errors,
	// such as 404 for a read that may find nothing; see Do and
	// ValidateAccept.
	Accept []int
	// MaxRetries, when not nil, replaces the client's MaxRetries for this
	// request, and Timeout, when not zero, the client's RequestTimeout for
	// each of its attempts. A login the request starts has them too; one it
	// waits for, started by another request, has that request's, and the
	// wait spends this request's Bound.
	MaxRetries *int
	Timeout    time.Duration
}

// Response is the answer to a successful authenticated request.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// RequestID is the response's metadata.requestId.
	RequestID string
	// Body is the response body as the API sent it, byte for byte, without
	// its top-level "auth" members, whose token the client keeps to itself.
	Body []byte
	// GivenTokenRefused is true when the API refused the token given in
	// Config on this request and then took, on the same path, a token the
	// credential got by logging in: the given token is broken, not the path.
	GivenTokenRefused bool
}

// handled gives, for each status the client acts on itself, why a Request
// cannot accept it: the client retries 429 and 503 after the wait the API
// asks, and 500, 502 and 504 when the request may be sent twice; it
// answers a 401 with a new token (see Do).
var handled = map[int]string{401: "the client handles it itself: it logs in again", 429: retried, 500: retried,
	502: retried, 503: retried, 504: retried}

const retried = "the client handles it itself: it retries"

// ValidateAccept checks the statuses a Request may accept: HTTP statuses
// from 300 to 599 other than 401, 429, 500, 502, 503 and 504, which the
// client handles itself. It returns a *ConfigError for accept_status that
// names the first status it refuses and why.
func ValidateAccept(statuses []int) error {
	for _, s := range statuses {
		if why := handled[s]; why != "" || s < 300 || s > 599 {
			return &ConfigError{Field: "accept_status", Reason: fmt.Sprintf("%d: %s", s,
				cmp.Or(why, "it is not an HTTP status from 300 to 599"))}
		}
	}
	return nil
}

// Do sends an authenticated request with a token of in.Credential.
//
// It sends the cached token as "Authorization: Bearer", logging in first when
// the token is about to expire. When the token has less than the refresh
// window left and the body is a JSON object, it adds "refresh": true so the
// API issues a new token in the response's "auth" object, which replaces the
// cached one unless it expires sooner; one request of a credential at a time
// asks, and the others send the cached token meanwhile. A 401 is retried
// with the token that has replaced the refused one in the cache, or after
// one new login when the API had accepted the refused token or it was the
// credential's first; any other 401 fails. Refresh and "auth" apply to the access token only: Orders
// tokens are replaced by logging in again.
//
// A token given in Config is sent as it is, with no login and no refresh,
// since its expiry is unknown; a token from "auth" replaces it. When the API
// refuses it, the client logs in once if it has the credential to, and a
// request whose path then takes the login's token says so in its Response
// (GivenTokenRefused); without one the request fails with the 401's
// *APIError. The given token stays the one other requests send while that
// login runs, and after it when it fails, or when the path refuses the
// login's token too: that path refuses the credential, not the token.
//
// An answer with a status in in.Accept is a *Response, not an error, when
// its body is the API's JSON envelope (a JSON object, whose statusCode is
// not checked) or empty; any other body, such as a proxy's HTML page, is a
// *ResponseError, so that a wrong base URL never reads as an answer. Only
// the HTTP status is matched: a 200 whose statusCode reports a failure is
// an *APIError whatever in.Accept lists. An accepted status is never
// retried, and opens the credential's gate as any answer does.
//
// The request's attempts, retries and Bound follow in.Timeout and
// in.MaxRetries when set, the client's RequestTimeout and MaxRetries
// otherwise, and so does a login the request starts itself (one started by
// another request has that request's). The Bound is one deadline, set as Do
// starts: the wait for a token, the waits at the gate, every attempt and
// the retry after a 401 all spend it. A 429 or 503 makes every request of
// the credential wait for its Retry-After, else the backoff, a fail-fast
// one's too; a request whose wait would end past its deadline fails at
// once. A request whose deadline ends its wait for another request's login
// or probe, or for a Retry-After, says so, with how long it waited
// (RequestError's WaitedFor, Waited and Until). A path,
// accepted status or limit that cannot work is a *ConfigError, returned
// before anything is sent.
func (c *Client) Do(ctx context.Context, in Request) (*Response, error) {
	cr, err := c.cred(in.Credential)
	err = cmp.Or(err, ValidatePath(in.Path), ValidateAccept(in.Accept), checkLimits(in.Timeout, in.MaxRetries))
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.bounded(ctx, in)
	defer cancel()
	// refused is the token the path refused, "" until it refuses one.
	for refused := ""; ; {
		tok, err := c.token(ctx, cr, callValidity, in, refused)
		if err != nil {
			return nil, cr.unmark(group(in.Path), refused, err)
		}
		r := cr.authorize(in, tok, c.tune.Clock.Now())
		resp, env, err := c.exchange(ctx, &r)
		body := c.adopt(ctx, &r, tok, refused, resp, env)
		if resp != nil && resp.status == http.StatusUnauthorized {
			if err, refused = c.after401(cr, &r, tok, refused, err), tok.Value; err == nil {
				continue
			}
		}
		if err != nil {
			return nil, cr.unmark(group(in.Path), refused, err)
		}
		return &Response{Status: resp.status, RequestID: env.requestID(&r, resp), Body: body,
			GivenTokenRefused: cr.given != nil && refused == cr.given.Value}, nil
	}
}

// bounded gives ctx the deadline of one request with in's limits, their
// Bound, which the request's every wait and attempt spend: for a token, at
// the gate, for answers, and after a 401.
func (c *Client) bounded(ctx context.Context, in Request) (context.Context, context.CancelFunc) {
	lim := Bound(c.limits(&request{Request: in}))
	return context.WithTimeoutCause(ctx, lim, fmt.Errorf("%w, %s: %w", ErrBound, lim, context.DeadlineExceeded))
}
