package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// maxTokenLifetime bounds a plausible expiry: the API issues day-long tokens,
// so anything beyond a year is a unit mistake, not a long token.
const maxTokenLifetime = 366 * 24 * time.Hour

// Token is a bearer token and what is known of its lifetime. Its String and
// GoString never show the token itself.
type Token struct {
	// Value is the bearer token; Type its type as the API returned it, e.g.
	// ACCESS_TOKEN; RequestID the requestId of the response that issued it.
	Value, Type, RequestID string
	// Exp is the expiry exactly as the API returned it, in epoch
	// milliseconds; 0, with every time below zero, for a token given in
	// Config, whose expiry is unknown.
	Exp int64
	// ExpiresAt is Exp as a time; LocalExpiry is when the token expires by
	// this machine's clock, after correcting for the difference between it
	// and the server's clock.
	ExpiresAt, LocalExpiry time.Time
	// Lifetime is how long the token was valid when this client received
	// it, by the server's clock. A token the API hands out again has less.
	Lifetime time.Duration
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

// Accepts is the one rule that decides whether a token is good enough. A
// token of unknown expiry is, until the API refuses it.
func (v Validity) Accepts(t *Token, now time.Time) bool {
	left := t.Remaining(now)
	return t.Exp == 0 || left > v.Min || (v.Preferred && left > t.Lifetime/2)
}

// credential is one way to log in, with its token cache, its login in
// flight and its gate. The gate paces requests; the login in flight is
// apart from it, so that a request holding a good token never waits on a
// login, nor fails with one.
type credential struct {
	// name is the credential as the provider configuration calls it;
	// refreshType the type of the tokens the API issues in an "auth"
	// object of any response, empty when it issues none; dropped the last
	// token a 401 took out of the cache, which the next login names
	// refused, whoever starts it.
	name, refreshType, dropped string
	// login is the login request; nil when the credential is not set.
	login *request

	mu sync.Mutex
	// token is the cached token; given is the token given in Config, nil
	// when none was.
	token, given *Token
	// accepted is true once the API has taken token on a request; gen
	// counts the tokens cached so far, so gen 1 is the first (or the given
	// token, restored; see after401). refreshing is true while a request
	// asks for a refresh: the others send the current token without asking
	// meanwhile.
	accepted, refreshing bool
	gen                  int
	// flight is the login in progress, nil when none is; rejected is how
	// the API refused the credential at a login, which fails later logins
	// at once.
	flight   *flight
	rejected error
	gate     gate
	// refusals holds, for each path group (see group), the token it refused
	// while the request it refused goes on, or "\x00" once it has refused a
	// token and then its replacement, until a read of it succeeds.
	refusals map[string]string
}

// flight is one login; done is closed once tok or err is set, and own is
// true when it ran on the limits of the request that started it.
type flight struct {
	done chan struct{}
	tok  Token
	err  error
	own  bool
}

// newCredential makes a credential that logs in with a GET of path with
// header, which carries secrets; when it is not set, it cannot log in. A
// given token is its first, of unknown expiry.
func newCredential(name Credential, refreshType, path, given string, set bool, h http.Header,
	secrets ...string) *credential {
	cr := &credential{name: string(name), refreshType: refreshType, refusals: map[string]string{}}
	if given != "" {
		cr.given = &Token{Value: given, Type: refreshType}
		cr.restore()
	}
	if set {
		cr.login = &request{Request: Request{Method: http.MethodGet, Path: path}, header: h, secrets: secrets, cred: cr,
			login: true}
	}
	return cr
}

// cred returns the credential a name stands for; the zero name is APIKey.
func (c *Client) cred(name Credential) (*credential, error) {
	if cr := map[Credential]*credential{APIKey: c.apiKey, "": c.apiKey, Orders: c.orders}[name]; cr != nil {
		return cr, nil
	}
	return nil, &ConfigError{Field: "credentials", Reason: fmt.Sprintf("it must be api_key or orders, not %q", name)}
}

// Token returns a token of the credential that meets v: the cached one when
// it does, otherwise a new one, within the client's Bound.
func (c *Client) Token(ctx context.Context, name Credential, v Validity) (Token, error) {
	cr, err := c.cred(name)
	if err != nil {
		return Token{}, err
	}
	return c.token(ctx, cr, v, Request{}, "")
}

// token returns a token of cr that meets v: the cached one when v accepts
// it and it is not refused (a given token the API refused, which stays
// cached while its login runs), under a lock held for no I/O; otherwise the
// token of a login, one at a time, which the caller starts with the limits
// of own, the request it gets the token for, or waits for within ctx. A login's failure is the
// failure of its callers alone; a rejected credential fails later logins at
// once. When a login that ran on its starter's own limits fails, a caller
// that waited for it starts the next.
func (c *Client) token(ctx context.Context, cr *credential, v Validity, own Request, refused string) (Token, error) {
	// fresh is the token of the last login this caller waited for; cancel
	// ends the wait's deadline, once one is set.
	fresh, cancel := (*Token)(nil), context.CancelFunc(nil)
	for {
		cr.mu.Lock()
		t, now, f, started := cr.token, c.tune.Clock.Now(), cr.flight, false
		switch {
		case t != nil && t.Value != refused && v.Accepts(t, now):
			cr.mu.Unlock()
			return *t, nil
		case cr.login == nil:
			cr.mu.Unlock()
			return Token{}, &MissingCredentialError{Credential: cr.name}
		case t != nil && !v.Preferred && (t.Lifetime <= v.Min || t == fresh) && t.Remaining(now) > t.Lifetime-time.Minute:
			// Tokens of this credential lived too short for v a moment ago, or
			// the one a login just issued does not meet v: a new login would
			// not help, and N instances must not make N.
			cr.mu.Unlock()
			return Token{}, &TokenLifetimeError{MinValidity: v.Min, Remaining: t.Remaining(now), ExpiresAt: t.ExpiresAt,
				RequestID: t.RequestID}
		case cr.rejected != nil:
			cr.mu.Unlock()
			return Token{}, &HeldError{Err: cr.rejected}
		case f == nil && ctx.Err() != nil:
			// A caller that has given up starts no login.
			cr.mu.Unlock()
			return Token{}, &RequestError{Method: cr.login.Method, Path: cr.login.Path, Login: true, Err: context.Cause(ctx)}
		case f == nil:
			f, started = c.startLogin(ctx, cr, v, own, cmp.Or(refused, cr.dropped)), true
		}
		cr.mu.Unlock()
		if cancel == nil {
			// The wait has the request's deadline, set here for Token, whose
			// cached token costs none; Do's, set before, ends first.
			ctx, cancel = c.bounded(ctx, own)
			defer cancel()
		}
		// Deadlines run on the real clock, so the wait they end is timed on it.
		since := time.Now()
		select {
		case <-f.done:
		case <-ctx.Done():
			e := &RequestError{Method: cr.login.Method, Path: cr.login.Path, Login: true, Err: context.Cause(ctx)}
			if !started {
				e.WaitedFor, e.Waited = "a login in progress, started by another request", time.Since(since)
			}
			return Token{}, e
		}
		// Its token is in the cache, and replaced the refused one, even should
		// the API have handed the same one back; or it failed within its
		// starter's own limits, and this caller tries with its own (a
		// rejection is held by then).
		if f.err != nil && (started || !f.own || ctx.Err() != nil) {
			return Token{}, f.err
		} else if f.err == nil {
			refused, fresh = "", &f.tok
		}
		// The login's token is in the cache, unless v asks for more; or it
		// failed within its starter's own limits, and this caller tries with
		// its own (a rejection is held by then).
	}
}

// startLogin starts a login of cr with the limits of own and makes it the
// flight. It runs to its end for the callers waiting on it, should the one
// that started it give up, within its own bound. The caller holds cr.mu.
func (c *Client) startLogin(ctx context.Context, cr *credential, v Validity, own Request, refused string) *flight {
	r := new(*cr.login)
	r.MaxRetries, r.Timeout = own.MaxRetries, own.Timeout
	f := &flight{done: make(chan struct{}), own: r.own()}
	cr.flight = f
	go func() {
		ctx, cancel := c.bounded(context.WithoutCancel(ctx), r.Request)
		defer cancel()
		// Through Config.Tokens when set, which may serve a token that v
		// accepts from the store, other than refused.
		login := func(ctx context.Context) (Token, error) { return c.login(ctx, r) }
		if c.cfg.Tokens == nil {
			f.tok, f.err = login(ctx)
		} else {
			f.tok, f.err = c.cfg.Tokens.Login(ctx, Credential(cr.name), v, refused, login)
		}
		cr.release(r)
		cr.mu.Lock()
		if ae, ok := errors.AsType[*APIError](f.err); ok && ae.IsCredentialRejected() {
			cr.rejected = f.err
		} else if f.err == nil {
			cr.store(&f.tok, false)
		}
		cr.flight = nil
		cr.mu.Unlock()
		close(f.done)
	}()
	return f
}

// login exchanges the credential for a token with r, its login request.
func (c *Client) login(ctx context.Context, r *request) (Token, error) {
	resp, env, err := c.exchange(ctx, r)
	if err != nil {
		return Token{}, err
	}
	tok, reason := c.tokenFrom(r, loginToken(env, resp), env, resp)
	if reason != "" {
		return Token{}, c.responseError(r, resp, env, reason)
	}
	// The type is not logged: it is a string of the answer, which no log
	// line repeats (STYLE rule 15); the expiry is a plausible time by now.
	c.cfg.Logger.Debug(ctx, "Obtained LiquidCommerce token", map[string]any{"credential": r.cred.name,
		"expires_at": tok.ExpiresAt.Format(time.RFC3339), "request_id": tok.RequestID})
	return tok, nil
}

// loginToken reads the token of a login answer in either published form:
// the envelope's data object with exp in epoch milliseconds, or the bare
// {accessToken, tokenType, expiresIn} whose expiry is the server's time
// plus expiresIn seconds. It is empty when the answer has neither.
func loginToken(env *envelope, resp *response) tokenPayload {
	if env.Data.ok || !env.AccessToken.ok {
		return env.Data.v
	}
	p := tokenPayload{Token: env.AccessToken.v, Type: env.TokenType.v}
	if env.ExpiresIn.ok {
		// In milliseconds, which hold up to 2^53 seconds, where a Duration's
		// nanoseconds would wrap round to a plausible lifetime.
		p.Exp = opt[flexInt]{v: flexInt{serverNow(env, resp).UnixMilli() + env.ExpiresIn.v.v*1000}, ok: true}
	}
	return p
}

// tokenFrom checks a token payload and places its expiry on the local clock.
// It returns a reason when the payload cannot be used, which names the
// field and never quotes its value (STYLE rule 15): the server's time
// comes from the answer too.
func (c *Client) tokenFrom(r *request, p tokenPayload, env *envelope, resp *response) (Token, string) {
	server, exp := serverNow(env, resp), p.Exp.v.v
	expiresAt := time.UnixMilli(exp).UTC()
	switch {
	case p.Token == "":
		return Token{}, "it has no token (data.token, or accessToken, is missing or empty)"
	case !p.Exp.ok:
		return Token{}, "exp is missing or not a whole number"
	case !plausibleEpochMillis(exp):
		return Token{}, "exp is not an expiry time in epoch milliseconds (read that way it is not between 2001 " +
			"and 2286); the API may be sending seconds or a duration"
	case !expiresAt.After(server):
		return Token{}, "exp is not in the future by the server's own clock (metadata.timestamp, else the Date header)"
	case expiresAt.Sub(server) > maxTokenLifetime:
		return Token{}, "exp is implausibly far in the future: more than a year after the server's own clock"
	}
	return Token{Value: p.Token, Type: p.Type, Exp: exp, ExpiresAt: expiresAt, Lifetime: expiresAt.Sub(server),
		LocalExpiry: expiresAt.Add(resp.sentAt.Sub(server)), RequestID: env.requestID(r, resp)}, ""
}

// store caches tok, a login's, or an auth object's (adopted) unless it
// expires before the cached token, so that a slow answer never puts an
// older token back, or is the cached token; it reports whether tok is the
// cached token now. The caller holds cr.mu.
func (cr *credential) store(tok *Token, adopted bool) bool {
	if old := cr.token; !adopted || old == nil || old.Exp == 0 || tok.ExpiresAt.After(old.ExpiresAt) ||
		tok.Exp == old.Exp && tok.Value != old.Value {
		cr.token, cr.accepted, cr.gen = tok, false, cr.gen+1
	}
	return cr.token == tok
}

// restore makes the given token the credential's again, as its first: a
// 401 to it earns a login. The caller holds cr.mu.
func (cr *credential) restore() { cr.token, cr.accepted, cr.gen = cr.given, false, 1 }
