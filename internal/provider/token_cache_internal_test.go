package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/tokencache"
)

const cacheBase = "https://api.liquidcommerce.cloud"

func testToken(value string, left time.Duration) client.Token {
	now := time.Now()
	return client.Token{Value: value, Type: "ACCESS_TOKEN", Exp: now.Add(left).UnixMilli(), ExpiresAt: now.Add(left),
		LocalExpiry: now.Add(left), Lifetime: 24 * time.Hour}
}

func newTestShared(t *testing.T, dir string) *sharedTokens {
	t.Helper()
	s, err := newSharedTokens(dir, cacheBase, "key", "user", "password")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var anyValidity = client.Validity{Min: time.Minute}

// loginCounter logs in with a new token each time, counting.
type loginCounter struct {
	mu sync.Mutex
	n  int
}

func (l *loginCounter) login(context.Context) (client.Token, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	return testToken("tok-"+string(rune('a'+l.n)), time.Hour), nil
}

// otherProcess opens the cache in dir as another process would, with the
// key of the API key's entry.
func otherProcess(t *testing.T, dir string) (*tokencache.Cache, tokencache.Key) {
	t.Helper()
	c, err := tokencache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Key(cacheBase, "api_key", "key")
}

// within is a context that ends after d.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// Waiting for the lock of another process's login counts against the
// login's deadline: when it runs out, the login fails as a request that
// took too long, without logging in.
func TestSharedLoginLockWaitCountsAgainstTheBound(t *testing.T) {
	dir := t.TempDir()
	s := newTestShared(t, dir)
	other, k := otherProcess(t, dir)
	unlock, err := other.Lock(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	var l loginCounter
	start := time.Now()
	_, err = s.Login(within(t, 200*time.Millisecond), client.APIKey, anyValidity, "", l.login)
	var re *client.RequestError
	if !errors.As(err, &re) || !errors.Is(err, context.DeadlineExceeded) || !re.Login || re.Path != "/authentication" {
		t.Fatalf("err = %v, want the login's deadline", err)
	}
	if waited := time.Since(start); waited > 3*time.Second {
		t.Errorf("waited %s for a deadline of 200ms", waited)
	}
	if l.n != 0 {
		t.Errorf("%d logins, want none", l.n)
	}
}

// Markers record rejected credentials and pauses, for the other clients:
// the one that wrote a marker reads it as its own state and logs in. A
// transient failure writes none (issue 22, defect 8).
func TestSharedLoginMarksRejectionsAndPausesForOthers(t *testing.T) {
	for name, tc := range map[string]struct {
		err    error
		marked time.Duration
	}{
		"pause with Retry-After": {err: &client.APIError{Method: "GET", Path: "/authentication", Login: true,
			HTTPStatus: 503, Message: "Service Unavailable", RetryAfter: 30 * time.Second}, marked: 30 * time.Second},
		"pause without": {err: &client.APIError{Method: "GET", Path: "/authentication", Login: true, HTTPStatus: 429,
			Message: "Too Many Requests"}, marked: failureHold},
		"rejection": {err: &client.APIError{Method: "GET", Path: "/authentication", Login: true, HTTPStatus: 401,
			Message: "Unauthorized"}, marked: failureHold},
		"server fault":      {err: &client.APIError{Method: "GET", Path: "/authentication", Login: true, HTTPStatus: 500}},
		"connection failed": {err: &client.RequestError{Method: "GET", Path: "/authentication", Login: true}},
		"held from before": {err: &client.HeldError{Err: &client.APIError{Method: "GET", Path: "/authentication",
			Login: true, HTTPStatus: 429}}},
	} {
		t.Run(name, func(t *testing.T) {
			writer := newTestShared(t, t.TempDir())
			failing := func(context.Context) (client.Token, error) { return client.Token{}, tc.err }
			if _, err := writer.Login(within(t, time.Minute), client.APIKey, anyValidity, "", failing); err != tc.err {
				t.Fatalf("the failing login: %v", err)
			}
			var l loginCounter
			if _, err := writer.Login(within(t, time.Minute), client.APIKey, anyValidity, "", l.login); err != nil || l.n != 1 {
				t.Errorf("the writer: err %v, %d logins; want a login of its own", err, l.n)
			}
			dir2 := t.TempDir()
			writer, other := newTestShared(t, dir2), newTestShared(t, dir2)
			_, _ = writer.Login(within(t, time.Minute), client.APIKey, anyValidity, "", failing)
			l.n = 0
			_, err := other.Login(within(t, time.Minute), client.APIKey, anyValidity, "", l.login)
			var marked *ShareLoginFailure
			switch {
			case tc.marked == 0 && (err != nil || l.n != 1):
				t.Errorf("another client: err %v, %d logins; want no marker, and a login", err, l.n)
			case tc.marked != 0 && (!errors.As(err, &marked) || l.n != 0):
				t.Errorf("another client: err %v, %d logins; want the marker honored", err, l.n)
			case tc.marked != 0 && (marked.Until.Before(time.Now().Add(tc.marked-5*time.Second)) ||
				marked.Until.After(time.Now().Add(tc.marked)) || marked.Failure == ""):
				t.Errorf("marker until %s (%q), want about %s from now", marked.Until, marked.Failure, tc.marked)
			}
		})
	}
}

// Tokens: a cached token that v accepts serves without a login; one v does
// not accept, or one named refused (the API refused it), gets a login, whose
// token replaces the entry only when it replaced no refused token; Keep
// writes such a token once it has succeeded.
func TestSharedLoginServesRefusesAndHolds(t *testing.T) {
	dir := t.TempDir()
	a, b := newTestShared(t, dir), newTestShared(t, dir)
	var l loginCounter
	ctx := within(t, time.Minute)
	first, err := a.Login(ctx, client.APIKey, anyValidity, "", l.login)
	if err != nil || l.n != 1 {
		t.Fatalf("first login: %v, %d logins", err, l.n)
	}
	got, err := b.Login(ctx, client.APIKey, anyValidity, "", l.login)
	if err != nil || got.Value != first.Value || l.n != 1 {
		t.Fatalf("another process: %v, token %v, %d logins; want the cached token", err, got.Value == first.Value, l.n)
	}
	second, err := b.Login(ctx, client.APIKey, client.Validity{Min: 2 * time.Hour}, "", l.login)
	if err != nil || l.n != 2 {
		t.Fatalf("a longer validity than the cached token has: %v, %d logins; want a login", err, l.n)
	}
	// a names the token it served refused: it takes b's newer one.
	if got, err := a.Login(ctx, client.APIKey, anyValidity, first.Value, l.login); err != nil || l.n != 2 ||
		got.Value != second.Value {
		t.Fatalf("after a refusal: %v, %d logins; want b's newer token", err, l.n)
	}
	held, err := a.Login(ctx, client.APIKey, anyValidity, second.Value, l.login)
	if err != nil || l.n != 3 {
		t.Fatalf("after a second refusal: %v, %d logins; want a login", err, l.n)
	}
	if got, _ := newTestShared(t, dir).Login(ctx, client.APIKey, anyValidity, "", l.login); got.Value != second.Value {
		t.Error("a token that replaced a refused one was written before it succeeded")
	}
	a.Keep(ctx, client.APIKey, held, second.Value)
	c := newTestShared(t, dir)
	if got, _ := c.Login(ctx, client.APIKey, anyValidity, "", l.login); got.Value != held.Value {
		t.Error("Keep did not write the token that succeeded")
	}
	// a takes no refused token again, without naming it.
	if got, _ := a.Login(ctx, client.APIKey, anyValidity, "", l.login); got.Value != held.Value || l.n != 3 {
		t.Error("a did not take the token kept")
	}
	// Another process puts the first token back: a, which named it
	// refused, does not take it, without naming it again.
	raw, err := tokencache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Store(raw.Key(cacheBase, "api_key", "key"), tokencache.Entry{Value: first.Value, Type: first.Type,
		Exp: first.Exp, ExpiresAt: first.ExpiresAt, LocalExpiry: first.LocalExpiry, Lifetime: first.Lifetime}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Login(ctx, client.APIKey, anyValidity, "", l.login); got.Value == first.Value || l.n != 4 {
		t.Error("a token named refused was served again")
	}
	// A token of unknown expiry (minted elsewhere) is never written.
	c.Keep(ctx, client.APIKey, client.Token{Value: "given"}, "")
	d := newTestShared(t, dir)
	if got, _ := d.Login(ctx, client.APIKey, anyValidity, "", l.login); got.Value == "given" {
		t.Error("a token of unknown expiry was written")
	}
}

// Keep writes under the entry's lock, and waits for it a moment only: a
// login holds it, and writes a newer token itself.
func TestKeepTakesTheEntrysLock(t *testing.T) {
	dir := t.TempDir()
	s := newTestShared(t, dir)
	other, k := otherProcess(t, dir)
	unlock, err := other.Lock(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s.Keep(within(t, time.Minute), client.APIKey, testToken("tok-kept", time.Hour), "")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Keep waited %s for a lock another process held", took.Round(time.Millisecond))
	}
	if _, ok, _ := other.Load(k); ok {
		t.Fatal("Keep wrote while another process held the entry's lock")
	}
	unlock()
	s.Keep(within(t, time.Minute), client.APIKey, testToken("tok-kept", time.Hour), "")
	if e, ok, _ := other.Load(k); !ok || e.Value != "tok-kept" {
		t.Error("Keep did not write once the lock was free")
	}
}

// A read that gets a token in an "auth" object keeps it without waiting
// for a login that holds the entry's lock, another process's or its own
// process's: it holds a valid token, and never waits on a login.
func TestKeepNeverHoldsAReadBehindALogin(t *testing.T) {
	prepare := func(t *testing.T, srv *fakeapi.Server, dir, url string) (*tokencache.Cache, tokencache.Key) {
		t.Helper()
		other, err := tokencache.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		k := other.Key(url, string(client.APIKey), cacheKey)
		// Five minutes left: reads ask for a refresh, and keep its token.
		exp := time.Now().Add(5 * time.Minute)
		if err := other.Store(k, tokencache.Entry{Value: srv.Mint(false), Type: "ACCESS_TOKEN", Exp: exp.UnixMilli(),
			ExpiresAt: exp, LocalExpiry: exp, Lifetime: 24 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		return other, k
	}
	refreshingRead := func(t *testing.T, c *client.Client) time.Duration {
		t.Helper()
		start := time.Now()
		if _, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath,
			Body: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	t.Run("another process's login", func(t *testing.T) {
		srv, url := startCacheAPI(t)
		dir := t.TempDir()
		c := cachedClient(t, dir, url)
		other, k := prepare(t, srv, dir, url)
		unlock, err := other.Lock(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		if took := refreshingRead(t, c); took > 2*time.Second {
			t.Errorf("a read holding a valid token took %s: it waited for another process's login",
				took.Round(time.Millisecond))
		}
	})
	t.Run("this process's login", func(t *testing.T) {
		srv, url := startCacheAPI(t)
		dir := t.TempDir()
		c := cachedClient(t, dir, url)
		prepare(t, srv, dir, url)
		if err := readEcho(c); err != nil {
			t.Fatal(err)
		}
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 3 * time.Second})
		go func() { _, _ = c.Token(context.Background(), client.APIKey, client.Validity{Min: time.Hour}) }()
		for srv.Count(fakeapi.AuthPath) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		if took := refreshingRead(t, c); took > 2*time.Second {
			t.Errorf("a read holding a valid token took %s: it waited for its own process's login",
				took.Round(time.Millisecond))
		}
	})
}

// A lock taken just as the deadline runs out is released all the same:
// Login never returns holding it, whatever the deadline.
func TestSharedLoginNeverLeavesTheLockHeld(t *testing.T) {
	dir := t.TempDir()
	s := newTestShared(t, dir)
	other, k := otherProcess(t, dir)
	failing := func(context.Context) (client.Token, error) { return client.Token{}, context.Canceled }
	for i := range 2000 {
		bound := time.Duration(i%400) * time.Microsecond
		ctx, cancel := context.WithTimeout(context.Background(), bound)
		_, _ = s.Login(ctx, client.APIKey, anyValidity, "", failing)
		cancel()
		ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
		unlock, err := other.Lock(ctx, k)
		cancel()
		if err != nil {
			t.Fatalf("iteration %d (deadline %s): the lock is still held after Login returned: %v", i, bound, err)
		}
		unlock()
	}
}

const cacheKey = "lc_cache_key_1f2e3d"

func startCacheAPI(t *testing.T) (*fakeapi.Server, string) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{cacheKey}})
	url, stop := srv.Start()
	t.Cleanup(stop)
	return srv, url
}

// cachedClient is a client sharing the token cache in dir, as a provider
// process with token_cache_dir has, without retries.
func cachedClient(t *testing.T, dir, url string) *client.Client {
	t.Helper()
	s, err := newSharedTokens(dir, url, cacheKey, "", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{APIKey: cacheKey, BaseURL: url, Tokens: s})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readEcho(c *client.Client) error {
	_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
	return err
}

// A nil APIError in an error chain leaves no marker, and no panic.
func TestMarkedForANilAPIError(t *testing.T) {
	var nilErr *client.APIError
	if _, ok := markedFor(fmt.Errorf("login: %w", nilErr)); ok {
		t.Error("a nil APIError leaves a marker")
	}
}

// A client's own failed login never comes back to it as "another process
// failed" (issue 22, defect 8): after a transient failure it logs in again
// at once, and after a pause it keeps its own, which other clients of the
// cache honor through the marker.
func TestOwnLoginFailureIsNotAnotherProcesss(t *testing.T) {
	t.Run("a server fault writes no marker", func(t *testing.T) {
		srv, url := startCacheAPI(t)
		c := cachedClient(t, t.TempDir(), url)
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 500, Times: 1})
		if err := readEcho(c); err == nil {
			t.Fatal("the read succeeded through a failing login")
		}
		if err := readEcho(c); err != nil {
			t.Fatalf("the next read, with the API back: %v", err)
		}
	})
	t.Run("a pause is the writer's own, and the others'", func(t *testing.T) {
		srv, url := startCacheAPI(t)
		dir := t.TempDir()
		c, other := cachedClient(t, dir, url), cachedClient(t, dir, url)
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "30", Times: 1})
		if err := readEcho(c); err == nil {
			t.Fatal("the read succeeded through a paused login")
		}
		err := readEcho(c)
		var marked *ShareLoginFailure
		var held *client.HeldError
		if errors.As(err, &marked) || !errors.As(err, &held) {
			t.Errorf("the same client again: %v; want its own pause held, not another process's failure", err)
		}
		if err := readEcho(other); !errors.As(err, &marked) {
			t.Errorf("another client: %v; want the marker honored", err)
		}
		if n := srv.Count(fakeapi.AuthPath); n != 1 {
			t.Errorf("%d logins, want 1", n)
		}
	})
}
