package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

const authPath = "/authentication"

// maxTokenLifetime bounds a plausible expiry: the API issues day-long tokens,
// so anything beyond a year is a unit mistake, not a long token.
const maxTokenLifetime = 366 * 24 * time.Hour

// Token is a bearer token and what is known of its lifetime. Its String and
// GoString never show the token itself.
type Token struct {
	// Value is the bearer token.
	Value string
	// Type is the token type as the API returned it, e.g. ACCESS_TOKEN.
	Type string
	// Exp is the expiry exactly as the API returned it, in epoch milliseconds.
	Exp int64
	// ExpiresAt is Exp as a time.
	ExpiresAt time.Time
	// LocalExpiry is when the token expires by this machine's clock, after
	// correcting for the difference between it and the server's clock.
	LocalExpiry time.Time
	// Lifetime is how long the token was valid when issued, by the server's clock.
	Lifetime time.Duration
	// RequestID is the requestId of the response that issued the token.
	RequestID string
}

func (t Token) String() string {
	return fmt.Sprintf("Token{type: %s, exp: %d, expires_at: %s}", t.Type, t.Exp, t.ExpiresAt.UTC().Format(time.RFC3339))
}

// GoString keeps %#v from printing the secret.
func (t Token) GoString() string { return t.String() }

// Remaining is how long the token stays valid from now by the local clock.
func (t Token) Remaining(now time.Time) time.Duration { return t.LocalExpiry.Sub(now) }

// flight is one login shared by every caller that needs a token while it runs.
type flight struct {
	done    chan struct{}
	tok     Token
	err     error
	waiters int
	cancel  context.CancelFunc
}

// Token returns a token that stays valid for at least minValidity: the cached
// one when it does, otherwise a new one. Concurrent callers share one login.
// A caller that gives up (ctx) leaves the login running for the others; the
// login is canceled only when every caller has gone.
func (c *Client) Token(ctx context.Context, minValidity time.Duration) (Token, error) {
	if c.apiKey == "" {
		return Token{}, ErrMissingAPIKey
	}
	if err := ctx.Err(); err != nil {
		return Token{}, err
	}
	c.mu.Lock()
	if t := c.token; t != nil && t.Remaining(c.clock.Now()) > minValidity {
		tok := *t
		c.mu.Unlock()
		c.stats.cacheHits.Add(1)
		c.log.Debug(ctx, "Using cached LiquidCommerce access token", map[string]any{
			"expires_at": tok.ExpiresAt.UTC().Format(time.RFC3339),
		})
		return tok, nil
	}
	f := c.flight
	if f == nil {
		f = c.startLogin(ctx)
	}
	f.waiters++
	c.mu.Unlock()

	select {
	case <-f.done:
		if f.err != nil {
			return Token{}, f.err
		}
		if left := f.tok.Remaining(c.clock.Now()); left <= minValidity {
			return Token{}, &TokenLifetimeError{MinValidity: minValidity, Remaining: left}
		}
		return f.tok, nil
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if c.flight == f {
				c.flight = nil
			}
		}
		c.mu.Unlock()
		return Token{}, ctx.Err()
	}
}

// TokenPreferring is Token with a preferred rather than a required validity:
// when the API issues tokens that live shorter than preferred, it settles for
// half their lifetime instead of failing. Defaults use it; a validity the
// user asked for explicitly goes to Token.
func (c *Client) TokenPreferring(ctx context.Context, preferred time.Duration) (Token, error) {
	tok, err := c.Token(ctx, c.soften(preferred))
	var le *TokenLifetimeError
	if errors.As(err, &le) {
		// That login taught the client how long tokens live; the token it
		// cached now satisfies the softened validity without another login.
		return c.Token(ctx, c.soften(preferred))
	}
	return tok, err
}

// soften caps a preferred validity at half the lifetime of issued tokens.
func (c *Client) soften(d time.Duration) time.Duration {
	c.mu.Lock()
	lifetime := c.lifetime
	c.mu.Unlock()
	if lifetime > 0 && d > lifetime/2 {
		return lifetime / 2
	}
	return d
}

// startLogin starts a login in the background. The caller holds c.mu.
func (c *Client) startLogin(ctx context.Context) *flight {
	// The login outlives a single caller's cancellation but keeps its values
	// (log fields and masks).
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &flight{done: make(chan struct{}), cancel: cancel}
	c.flight = f
	go func() {
		tok, err := c.login(lctx)
		cancel()
		c.mu.Lock()
		if err == nil {
			c.storeLocked(tok)
		}
		if c.flight == f {
			c.flight = nil
		}
		f.tok, f.err = tok, err
		c.mu.Unlock()
		close(f.done)
	}()
	return f
}

// storeLocked caches tok unless the cache already holds a token that lasts
// longer. The caller holds c.mu.
func (c *Client) storeLocked(tok Token) {
	if tok.Lifetime > 0 {
		c.lifetime = tok.Lifetime
	}
	if c.token == nil || !c.token.LocalExpiry.After(tok.LocalExpiry) {
		c.token = &tok
	}
}

// Invalidate drops the cached token if it is still the given one, so the
// next Token call logs in again. Callers use it after the API rejected a token.
func (c *Client) Invalidate(value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != nil && c.token.Value == value {
		c.token = nil
	}
}

// login exchanges the API key for a token: GET /authentication.
func (c *Client) login(ctx context.Context) (Token, error) {
	r := request{method: http.MethodGet, path: authPath, header: http.Header{"X-Liquid-Api-Key": {c.apiKey}}}
	resp, err := c.send(ctx, r)
	if err != nil {
		return Token{}, err
	}
	env, decErr := c.decodeEnvelope(r, resp)
	if resp.status < 200 || resp.status > 299 {
		return Token{}, c.apiError(r, resp, env)
	}
	if decErr != nil {
		return Token{}, decErr
	}
	if code := env.StatusCode.value(); code >= 400 && len(env.Data) == 0 {
		return Token{}, c.apiError(r, resp, env)
	}
	var p tokenPayload
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return Token{}, c.responseError(r, resp, env, "the envelope has no data object")
	}
	if err := json.Unmarshal(env.Data, &p); err != nil {
		return Token{}, c.responseError(r, resp, env, "data is not a token object: "+jsonProblem(err))
	}
	tok, reason := c.tokenFrom(&p, env, resp)
	if reason != "" {
		return Token{}, c.responseError(r, resp, env, reason)
	}
	c.stats.logins.Add(1)
	c.log.Debug(ctx, "Obtained LiquidCommerce access token", map[string]any{
		"type": tok.Type, "expires_at": tok.ExpiresAt.UTC().Format(time.RFC3339), "request_id": tok.RequestID,
	})
	return tok, nil
}

func (c *Client) responseError(r request, resp *response, env *envelope, reason string) *ResponseError {
	e := &ResponseError{
		Method: r.method, Path: r.path, HTTPStatus: resp.status,
		ContentType: resp.header.Get("Content-Type"), RequestID: resp.requestID(), Reason: reason,
	}
	if env != nil && env.Metadata.RequestID != "" {
		e.RequestID = env.Metadata.RequestID
	}
	return e
}

// tokenFrom checks a token payload and places its expiry on the local clock.
// It returns a reason when the payload cannot be used.
func (c *Client) tokenFrom(p *tokenPayload, env *envelope, resp *response) (Token, string) {
	if p.Token == "" {
		return Token{}, "the token is missing or empty"
	}
	if p.Exp == nil {
		return Token{}, "exp is missing"
	}
	exp := p.Exp.value()
	local := resp.sentAt
	if local.IsZero() {
		local = c.clock.Now()
	}
	server, ok := serverNow(env, resp.header)
	if !ok {
		server = local
	}
	expiresAt := time.UnixMilli(exp)
	if !plausibleEpochMillis(exp) {
		return Token{}, fmt.Sprintf("exp %d is not an expiry time in epoch milliseconds (read that way it is %s); "+
			"the API may be sending seconds or a duration", exp, expiresAt.UTC().Format(time.RFC3339))
	}
	if !expiresAt.After(server) {
		return Token{}, fmt.Sprintf("exp %d (%s) is not in the future by the server's own clock (%s)",
			exp, expiresAt.UTC().Format(time.RFC3339), server.UTC().Format(time.RFC3339))
	}
	if expiresAt.Sub(server) > maxTokenLifetime {
		return Token{}, fmt.Sprintf("exp %d (%s) is implausibly far in the future", exp, expiresAt.UTC().Format(time.RFC3339))
	}
	skew := server.Sub(local)
	rid := resp.requestID()
	if env != nil && env.Metadata.RequestID != "" {
		rid = env.Metadata.RequestID
	}
	return Token{
		Value: p.Token, Type: p.Type, Exp: exp, ExpiresAt: expiresAt.UTC(),
		LocalExpiry: expiresAt.Add(-skew), Lifetime: expiresAt.Sub(server), RequestID: rid,
	}, ""
}

// secrets lists what must never appear in error text: the API key and the
// cached token.
func (c *Client) secrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := []string{c.apiKey}
	if c.token != nil {
		s = append(s, c.token.Value)
	}
	return s
}
