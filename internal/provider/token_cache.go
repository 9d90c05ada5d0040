package provider

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/tokencache"
)

// EnvTokenCacheDir turns on the token cache shared by the provider processes
// of one machine (see token_cache_dir).
const EnvTokenCacheDir = "LIQUIDCOMMERCE_TOKEN_CACHE_DIR"

// failureHold is how long other processes honor a rejected login, or a
// paused one that gave no Retry-After: long enough that processes starting
// together share it, short enough that the next run tries again.
const failureHold = 10 * time.Second

// keepWait is how long Keep waits for an entry's lock.
const keepWait = 100 * time.Millisecond

// loginPaths names each credential's login, for errors about waiting for it.
var loginPaths = map[client.Credential]string{client.APIKey: "/authentication", client.Orders: "/order-authentication"}

// sharedTokens is the client's side of a token_cache_dir: a
// client.TokenStore over package tokencache. Its failures never fail a
// read: it logs a warning and the client logs in as it would without it. A
// failure marker of another client is the one thing it returns as an error.
type sharedTokens struct {
	cache *tokencache.Cache
	dir   string
	keys  map[client.Credential]tokencache.Key
	// id names this client in the failure markers it writes.
	id string

	// refused holds the tokens the client named refused: the API refused
	// them, so this process takes them from the cache no more.
	refused sync.Map
}

// newSharedTokens opens the cache in dir for the credentials that can log
// in: the API key, and the Orders user id with its password. Secrets are
// keyed as the client sends them (trimmed), and never written.
func newSharedTokens(dir, baseURL, apiKey, ordersUser, ordersPassword string) (*sharedTokens, error) {
	c, err := tokencache.Open(dir)
	if err != nil {
		return nil, err
	}
	s := &sharedTokens{cache: c, dir: dir, id: rand.Text(),
		keys: map[client.Credential]tokencache.Key{}}
	if key := strings.TrimSpace(apiKey); key != "" {
		s.keys[client.APIKey] = c.Key(baseURL, string(client.APIKey), key)
	}
	user, password := strings.TrimSpace(ordersUser), strings.TrimRight(ordersPassword, "\r\n")
	if user != "" && password != "" {
		s.keys[client.Orders] = c.Key(baseURL, string(client.Orders), user, password)
	}
	return s, nil
}

// cacheDir reads token_cache_dir, or its environment variable: a leading ~
// is the home directory, and a relative path is taken from the working
// directory, once, so that every later use means the same directory.
func cacheDir(v string) (string, error) {
	if rest, ok := strings.CutPrefix(v, "~"); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("it starts with ~, but the home directory is unknown: %w", err)
		}
		v = home + rest
	}
	return filepath.Abs(v)
}

// ShareLoginFailure is a failed login that another process recorded in the
// shared cache a moment ago: this process honors it until Until instead of
// logging in again.
type ShareLoginFailure struct {
	Credential client.Credential
	Dir        string
	Until      time.Time
	Failure    string
}

func (e *ShareLoginFailure) Error() string {
	return fmt.Sprintf("another process sharing the token cache %s failed to log in with these credentials: %s "+
		"(not tried again before %s)", e.Dir, e.Failure, e.Until.UTC().Format(time.RFC3339))
}

// Login implements client.TokenStore: the cache's token when v accepts it
// and it was not refused, else, under the entry's lock, the token another
// process just wrote, else login's, which it writes unless it replaces a
// refused token, or whose failure it marks when it is a rejection or a
// pause.
func (s *sharedTokens) Login(ctx context.Context, cred client.Credential, v client.Validity, refused string,
	login func(context.Context) (client.Token, error)) (client.Token, error) {
	k, ok := s.keys[cred]
	if !ok {
		return login(ctx)
	}
	s.refused.Store(refused, true)
	if tok, done, err := s.lookup(ctx, cred, k, v); done {
		return tok, err
	}
	unlock, err := s.cache.Lock(ctx, k)
	if err == nil {
		// Taken as the bound ran out, it must still be released.
		defer unlock()
	}
	switch {
	case ctx.Err() != nil:
		// The wait counts against the request's bound, which ran out. (A lock
		// taken just then would leave no time to log in either.)
		return client.Token{}, &client.RequestError{Method: http.MethodGet, Path: loginPaths[cred], Login: true,
			Err: fmt.Errorf("waiting for another process's login, in the token cache %s: %w", s.dir, context.Cause(ctx))}
	case err != nil:
		s.warn(ctx, "LiquidCommerce token cache lock not taken; logging in without it", err)
		return login(ctx)
	}
	if tok, done, err := s.lookup(ctx, cred, k, v); done {
		return tok, err
	}
	tok, err := login(ctx)
	if hold, ok := markedFor(err); ok {
		s.warn(ctx, "LiquidCommerce token cache: the failed login was not recorded",
			s.cache.StoreFailure(k, time.Now().Add(hold), s.id, err.Error()))
	} else if err == nil && refused == "" {
		s.store(ctx, k, tok)
	}
	return tok, err
}

// lookup reads k's entry: done with its token when v accepts it and it was
// not refused, or with another client's failure marker while that lasts.
func (s *sharedTokens) lookup(ctx context.Context, cred client.Credential, k tokencache.Key,
	v client.Validity) (tok client.Token, done bool, err error) {
	e, ok, err := s.cache.Load(k)
	if s.warn(ctx, "LiquidCommerce token cache entry not used", err); !ok {
		return client.Token{}, false, nil
	}
	now := time.Now()
	tok = client.Token{Value: e.Value, Type: e.Type, Exp: e.Exp, ExpiresAt: e.ExpiresAt, LocalExpiry: e.LocalExpiry,
		Lifetime: e.Lifetime, RequestID: e.RequestID}
	switch _, refused := s.refused.Load(e.Value); {
	case e.Value != "" && e.Exp != 0 && !refused && v.Accepts(&tok, now):
		tflog.Debug(ctx, "LiquidCommerce token from the token cache", map[string]any{"credential": string(cred),
			"expires_at": e.ExpiresAt.Format(time.RFC3339), "request_id": e.RequestID})
		return tok, true, nil
	case now.Before(e.FailedUntil) && e.FailedBy != s.id:
		// A marker of this client's own is its own state, which the client
		// keeps itself (a rejection, a pause).
		return client.Token{}, true, &ShareLoginFailure{Credential: cred, Dir: s.dir, Until: e.FailedUntil,
			Failure: e.Failure}
	}
	return client.Token{}, false, nil
}

// Keep implements client.TokenStore: under the entry's lock, t replaces the
// entry of cred, unless the entry holds t already, or a later token that
// was not refused. A token of unknown expiry is never written, and neither
// is one whose entry stays locked past keepWait.
func (s *sharedTokens) Keep(ctx context.Context, cred client.Credential, t client.Token, refused string) {
	k, ok := s.keys[cred]
	if !ok || t.Exp == 0 {
		return
	}
	s.refused.Store(refused, true)
	// A read keeps a token on its way: it waits a moment at most, since the
	// holder of the lock is a login, which writes a newer token itself.
	lockCtx, cancel := context.WithTimeout(ctx, keepWait)
	defer cancel()
	unlock, err := s.cache.Lock(lockCtx, k)
	if err != nil {
		tflog.Debug(ctx, "LiquidCommerce token cache entry not written: another login holds it", map[string]any{
			"token_cache_dir": s.dir, "error": err.Error()})
		return
	}
	defer unlock()
	e, ok, err := s.cache.Load(k)
	_, entryRefused := s.refused.Load(e.Value)
	if err != nil || !ok || e.Value != t.Value && (!e.ExpiresAt.After(t.ExpiresAt) || entryRefused) {
		s.store(ctx, k, t)
	}
}

func (s *sharedTokens) store(ctx context.Context, k tokencache.Key, t client.Token) {
	s.warn(ctx, "LiquidCommerce token cache entry not written", s.cache.Store(k, tokencache.Entry{Value: t.Value,
		Type: t.Type, Exp: t.Exp, ExpiresAt: t.ExpiresAt, LocalExpiry: t.LocalExpiry, Lifetime: t.Lifetime,
		RequestID: t.RequestID}))
}

// warn logs err, a failure of the cache, which names files, never a
// secret; nothing when err is nil.
func (s *sharedTokens) warn(ctx context.Context, msg string, err error) {
	if err != nil {
		tflog.Warn(ctx, msg, map[string]any{"token_cache_dir": s.dir, "error": err.Error()})
	}
}

// markedFor is how long other processes honor a failed login, and whether
// they do: a pause (429 or 503) or a rejected credential, for the
// Retry-After the API asked for, up to the longest the client waits, else
// failureHold. A transient failure, or one held from before, is marked for
// no one.
func markedFor(err error) (time.Duration, bool) {
	e, ok := errors.AsType[*client.APIError](err)
	if !ok || e == nil || errors.As(err, new(*client.HeldError)) {
		return 0, false
	}
	pause := e.HTTPStatus == http.StatusTooManyRequests || e.HTTPStatus == http.StatusServiceUnavailable
	return cmp.Or(min(e.RetryAfter, client.MaxRetryAfter), failureHold), pause || e.IsCredentialRejected()
}
