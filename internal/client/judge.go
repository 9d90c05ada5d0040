package client

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

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

// after401 decides what a 401 to tok, r's token, earns: nothing when r's
// path group (see group) has refused another token while the request that
// it refused goes on (refusals), or r itself had a token refused before
// (refused): the group refused a token and then its replacement, so it
// refuses the credential, and its later 401s fail at once, at no login,
// until a read of it succeeds. Otherwise the token that has replaced tok in
// the cache, without a login; or one new login when the credential can log
// in and the API has accepted tok before, or tok is the credential's first
// token (a given one too). Since tok leaves the cache the first time it
// earns a login, and is named to that login (dropped), no token value
// costs two. A given token stays the credential's, since other paths may
// take it: while its login runs, when the login fails, and when the path
// refuses the login's token too, in this request or in the next, should
// this one have given up.
func (c *Client) after401(cr *credential, r *request, tok Token, refused string, rejected error) error {
	g := group(r.Path)
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.refusals[g] = cmp.Or(cr.refusals[g], tok.Value)
	switch cached := cr.token; {
	case cr.refusals[g] != tok.Value || refused != "":
		// No token is this value: every later 401 of the group fails here.
		cr.refusals[g] = "\x00"
		fallthrough
	case cached != nil && cached.Value == tok.Value && !cr.accepted && cr.gen > 1:
		// The path refused a given token's replacement.
		if cr.given != nil && (refused == cr.given.Value || cr.gen == 2) {
			cr.restore()
		}
		return rejected
	case cached != nil && cached.Value != tok.Value:
		return nil
	case cr.login == nil:
		return rejected
	case cached != nil && cached != cr.given:
		cr.token, cr.dropped = nil, cached.Value
	}
	return nil
}

// unmark forgets that g refused refused when the request it refused ends
// with err before its retry was refused too: that refusal alone proves
// nothing of the group. It returns err.
func (cr *credential) unmark(g, refused string, err error) error {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.refusals[g] == refused {
		cr.refusals[g] = ""
	}
	return err
}
