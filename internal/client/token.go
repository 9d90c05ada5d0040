package client

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

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
	// Lifetime is how long the token was valid when this client received
	// it, by the server's clock. A token the API hands out again has less.
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

// Validity is what a caller asks of the token it gets.
type Validity struct {
	// Min is how long the token must stay valid at least.
	Min time.Duration
	// Preferred makes Min a preference: a token that lives shorter than
	// twice Min is good while it has half its lifetime left, so that tokens
	// living minutes are still reused. Defaults use it; a validity a user
	// asked for explicitly does not.
	Preferred bool
}

// accepts is the one rule that decides whether a token is good enough.
func (v Validity) accepts(t *Token, now time.Time) bool {
	left := t.Remaining(now)
	return left > v.Min || (v.Preferred && left > t.Lifetime/2)
}

// credential is one way to log in, with its token cache, its shared login
// and its memory of failures.
type credential struct {
	// name is the credential as the provider configuration calls it.
	name string
	// login is the login request; nil when the credential is not set.
	login *request
	// refreshes is true when the API issues new tokens of this credential
	// in an "auth" object of any response.
	refreshes bool

	mu     sync.Mutex
	token  *Token
	flight *flight
	// spent holds token values that have already cost a login after a 401,
	// so that no token value causes more than one.
	spent map[string]bool
	// accepted is the token value the API last accepted on a request.
	accepted string
	// retrying is the one request of the credential allowed to retry.
	retrying *request
	held     held
}

// held is the memory of a failure: until then, requests with the
// credential fail at once with err; after it, one request, the prober, may
// go (and retry).
type held struct {
	err    error
	until  time.Time
	prober *request
}

// flight is one login shared by every caller that needs a token while it runs.
type flight struct {
	done    chan struct{}
	tok     Token
	err     error
	waiters int
	cancel  context.CancelFunc
}

func apiKeyCredential(key string) *credential {
	cr := &credential{name: string(APIKey), refreshes: true}
	if key != "" {
		cr.login = &request{method: http.MethodGet, path: "/authentication", secrets: []string{key},
			header: http.Header{"X-Liquid-Api-Key": {key}}, cred: cr, login: true}
	}
	return cr
}

func ordersCredential(user, password string) *credential {
	cr := &credential{name: string(Orders)}
	if user != "" && password != "" {
		pair := user + ":" + password
		basic := base64.StdEncoding.EncodeToString([]byte(pair))
		cr.login = &request{method: http.MethodGet, path: "/order-authentication", secrets: []string{basic, pair, password},
			header: http.Header{"Authorization": {"Basic " + basic}}, cred: cr, login: true}
	}
	return cr
}

// loginToken reads the token of a login answer in either published form:
// the envelope's data object with exp in epoch milliseconds, or the bare
// {accessToken, tokenType, expiresIn} whose expiry is the server's time
// plus expiresIn seconds.
func loginToken(env *envelope, resp *response) (tokenPayload, bool) {
	if env.Data.ok || !env.AccessToken.ok {
		return env.Data.v, env.Data.ok
	}
	p := tokenPayload{Token: env.AccessToken.v, Type: env.TokenType.v}
	if env.ExpiresIn.ok {
		exp := serverNow(env, resp).Add(time.Duration(env.ExpiresIn.v.v) * time.Second).UnixMilli()
		p.Exp = opt[flexInt]{v: flexInt{exp}, ok: true}
	}
	return p, true
}

// cred returns the credential a name stands for; the zero name is APIKey.
func (c *Client) cred(name Credential) (*credential, error) {
	switch name {
	case APIKey, "":
		return c.apiKey, nil
	case Orders:
		return c.orders, nil
	}
	return nil, &ConfigError{Field: "credentials", Reason: "it must be api_key or orders, not " + strconv.Quote(string(name))}
}

// Token returns a token of the credential that meets v: the cached one when
// it does, otherwise a new one.
func (c *Client) Token(ctx context.Context, name Credential, v Validity) (Token, error) {
	cr, err := c.cred(name)
	if err != nil {
		return Token{}, err
	}
	return c.token(ctx, cr, v)
}

// token returns a token of cr that meets v. Concurrent callers share one
// login. A caller
// that gives up (ctx) leaves the login running for the others; the login is
// canceled only when every caller has gone.
func (c *Client) token(ctx context.Context, cr *credential, v Validity) (Token, error) {
	if cr.login == nil {
		return Token{}, &MissingCredentialError{Credential: cr.name}
	}
	cr.mu.Lock()
	now := c.cfg.Clock.Now()
	if t := cr.token; t != nil && v.accepts(t, now) {
		tok := *t
		cr.mu.Unlock()
		return tok, nil
	} else if t != nil && !v.Preferred && t.Lifetime <= v.Min && now.Sub(t.LocalExpiry.Add(-t.Lifetime)) < time.Minute {
		// Tokens of this credential lived too short for v a moment ago: a
		// new login would not help, and N instances must not make N.
		defer cr.mu.Unlock()
		return Token{}, &TokenLifetimeError{MinValidity: v.Min, ExpiresAt: t.ExpiresAt, Remaining: t.Remaining(now), RequestID: t.RequestID}
	}
	f := cr.flight
	if f == nil {
		f = c.startLogin(ctx, cr)
	}
	f.waiters++
	cr.mu.Unlock()

	select {
	case <-f.done:
		if f.err != nil {
			return Token{}, f.err
		}
		if !v.accepts(&f.tok, c.cfg.Clock.Now()) {
			return Token{}, &TokenLifetimeError{MinValidity: v.Min, ExpiresAt: f.tok.ExpiresAt, Remaining: f.tok.Remaining(c.cfg.Clock.Now()), RequestID: f.tok.RequestID}
		}
		return f.tok, nil
	case <-ctx.Done():
		cr.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if cr.flight == f {
				cr.flight = nil
			}
		}
		cr.mu.Unlock()
		return Token{}, &RequestError{Method: cr.login.method, Path: cr.login.path, Waiting: true, Err: context.Cause(ctx)}
	}
}

// startLogin starts a login in the background. The caller holds cr.mu.
func (c *Client) startLogin(ctx context.Context, cr *credential) *flight {
	// The login outlives a single caller's cancellation but keeps its values
	// (log fields and masks).
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &flight{done: make(chan struct{}), cancel: cancel}
	cr.flight = f
	go func() {
		tok, err := c.login(lctx, cr)
		cancel()
		cr.mu.Lock()
		if err == nil {
			cr.token = &tok
		}
		if cr.flight == f {
			cr.flight = nil
		}
		f.tok, f.err = tok, err
		cr.mu.Unlock()
		close(f.done)
	}()
	return f
}

// login exchanges the credential for a token.
func (c *Client) login(ctx context.Context, cr *credential) (Token, error) {
	r := cr.login
	resp, env, err := c.exchange(ctx, r)
	if err != nil {
		return Token{}, err
	}
	p, ok := loginToken(env, resp)
	if !ok {
		return Token{}, c.responseError(r, resp, env, "the response has no token object")
	}
	tok, reason := c.tokenFrom(r, p, env, resp)
	if reason != "" {
		return Token{}, c.responseError(r, resp, env, reason)
	}
	c.cfg.Logger.Debug(ctx, "Obtained LiquidCommerce token", map[string]any{
		"credential": cr.name, "type": tok.Type, "expires_at": tok.ExpiresAt.Format(time.RFC3339), "request_id": tok.RequestID,
	})
	return tok, nil
}

// tokenFrom checks a token payload and places its expiry on the local clock.
// It returns a reason when the payload cannot be used.
func (c *Client) tokenFrom(r *request, p tokenPayload, env *envelope, resp *response) (Token, string) {
	if p.Token == "" {
		return Token{}, "the token is missing or empty"
	}
	if !p.Exp.ok {
		return Token{}, "exp is missing or not a whole number"
	}
	server := serverNow(env, resp)
	exp := p.Exp.v.v
	expiresAt := time.UnixMilli(exp).UTC()
	switch {
	case !plausibleEpochMillis(exp):
		return Token{}, fmt.Sprintf("exp %d is not an expiry time in epoch milliseconds (read that way it is %s); "+
			"the API may be sending seconds or a duration", exp, expiresAt.Format(time.RFC3339))
	case !expiresAt.After(server):
		return Token{}, fmt.Sprintf("exp %d (%s) is not in the future by the server's own clock (%s)",
			exp, expiresAt.Format(time.RFC3339), server.UTC().Format(time.RFC3339))
	case expiresAt.Sub(server) > maxTokenLifetime:
		return Token{}, fmt.Sprintf("exp %d (%s) is implausibly far in the future", exp, expiresAt.Format(time.RFC3339))
	}
	return Token{
		Value: p.Token, Type: p.Type, Exp: exp, ExpiresAt: expiresAt,
		LocalExpiry: expiresAt.Add(resp.sentAt.Sub(server)), Lifetime: expiresAt.Sub(server), RequestID: env.requestID(r, resp),
	}, ""
}

// admit lets a request with the credential go, or returns the remembered
// failure it would meet again. After the failure's time, one request probes.
func (cr *credential) admit(r *request, now time.Time) error {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if h := cr.held; h.err != nil && (h.until.IsZero() || now.Before(h.until) || h.prober != nil) {
		return &HeldError{Err: h.err, Until: h.until}
	}
	if cr.held.err != nil {
		cr.held.prober = r
	}
	return nil
}

// claimRetries lets r retry unless another request of the credential is
// retrying, or a failure is remembered that r is not probing.
func (cr *credential) claimRetries(r *request) bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.retrying == nil && (cr.held.err == nil || cr.held.prober == r) {
		cr.retrying = r
	}
	return cr.retrying == r
}

// settle records how a request with the credential ended: a failure to
// remember until a time (zero: for good), or an answer that clears the
// memory. A request that ended on its caller's side (err nil, not
// answered) leaves the memory as it was.
func (cr *credential) settle(r *request, err error, until time.Time, answered bool) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.held.prober == r {
		cr.held.prober = nil
	}
	if cr.retrying == r {
		cr.retrying = nil
	}
	switch {
	case err != nil:
		cr.held = held{err: err, until: until}
	case answered:
		cr.held = held{}
	}
}
