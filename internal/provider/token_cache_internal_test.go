package provider

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
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
	s, err := newSharedTokens(context.Background(), dir, cacheBase, "key", "user", "password")
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

// Waiting for the lock of another process's login counts against the
// login's bound: when it runs out, the login fails as a request that took
// too long, without logging in.
func TestSharedLoginLockWaitCountsAgainstTheBound(t *testing.T) {
	dir := t.TempDir()
	s := newTestShared(t, dir)
	other, err := tokencache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := other.Lock(context.Background(), other.Key(cacheBase, "api_key", "key"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	var l loginCounter
	start := time.Now()
	_, err = s.Login(context.Background(), client.APIKey, anyValidity, l.login, 200*time.Millisecond, false)
	var re *client.RequestError
	if !errors.As(err, &re) || !errors.Is(err, client.ErrBound) || !re.Login || re.Path != "/authentication" {
		t.Fatalf("err = %v, want the login's bound", err)
	}
	if waited := time.Since(start); waited > 3*time.Second {
		t.Errorf("waited %s for a bound of 200ms", waited)
	}
	if l.n != 0 {
		t.Errorf("%d logins, want none", l.n)
	}
}

// A login whose request has limits of its own (a fail-fast read) leaves no
// failure marker: its failure is its own. Any other failed login does.
func TestSharedLoginMarksFailuresButNotOwnOnes(t *testing.T) {
	for _, own := range []bool{true, false} {
		s := newTestShared(t, t.TempDir())
		failing := func(context.Context) (client.Token, error) {
			return client.Token{}, &client.APIError{Method: "GET", Path: "/authentication", HTTPStatus: 503,
				Message: "Service Unavailable", RetryAfter: 30 * time.Second}
		}
		if _, err := s.Login(context.Background(), client.APIKey, anyValidity, failing, time.Minute, own); err == nil {
			t.Fatal("the failing login succeeded")
		}
		var l loginCounter
		_, err := s.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false)
		var marked *ShareLoginFailure
		switch {
		case own && (err != nil || l.n != 1):
			t.Errorf("own=true: err %v, %d logins; want a login of its own", err, l.n)
		case !own && (!errors.As(err, &marked) || l.n != 0):
			t.Errorf("own=false: err %v, %d logins; want the marker honored", err, l.n)
		case !own && (marked.Until.Before(time.Now().Add(25*time.Second)) || marked.Failure == ""):
			t.Errorf("marker until %s (%q), want the Retry-After of 30s", marked.Until, marked.Failure)
		}
	}
}

// Tokens: a cached token that v accepts serves without a login; one v does
// not accept, or one this process was served before (the API refused it),
// gets a login, whose token replaces the entry only when it replaced no
// refused token; KeepToken writes such a token once it has succeeded.
func TestSharedLoginServesRefusesAndHolds(t *testing.T) {
	dir := t.TempDir()
	a, b := newTestShared(t, dir), newTestShared(t, dir)
	var l loginCounter
	first, err := a.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false)
	if err != nil || l.n != 1 {
		t.Fatalf("first login: %v, %d logins", err, l.n)
	}
	got, err := b.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false)
	if err != nil || got.Value != first.Value || l.n != 1 {
		t.Fatalf("another process: %v, token %v, %d logins; want the cached token", err, got.Value == first.Value, l.n)
	}
	if _, err := b.Login(context.Background(), client.APIKey, client.Validity{Min: 2 * time.Hour}, l.login,
		time.Minute, false); err != nil || l.n != 2 {
		t.Fatalf("a longer validity than the cached token has: %v, %d logins; want a login", err, l.n)
	}
	// a is asked again: the token it served was refused.
	second, err := a.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false)
	if err != nil || l.n != 2 || second.Value == first.Value {
		t.Fatalf("after a refusal: %v, %d logins; want b's newer token", err, l.n)
	}
	held, err := a.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false)
	if err != nil || l.n != 3 {
		t.Fatalf("after a second refusal: %v, %d logins; want a login", err, l.n)
	}
	if got, _ := newTestShared(t, dir).Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute,
		false); got.Value != second.Value {
		t.Error("a held token replaced the entry before it succeeded")
	}
	a.KeepToken(client.APIKey, held)
	c := newTestShared(t, dir)
	if got, _ := c.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false); got.Value != held.Value {
		t.Error("KeepToken did not write the token that succeeded")
	}
	// A token of unknown expiry (minted elsewhere) is never written.
	c.KeepToken(client.APIKey, client.Token{Value: "given"})
	d := newTestShared(t, dir)
	if got, _ := d.Login(context.Background(), client.APIKey, anyValidity, l.login, time.Minute, false); got.Value == "given" {
		t.Error("a token of unknown expiry was written")
	}
}

// A lock taken just as the bound runs out is released all the same: Login
// never returns holding it, whatever the bound.
func TestSharedLoginNeverLeavesTheLockHeld(t *testing.T) {
	dir := t.TempDir()
	s := newTestShared(t, dir)
	other, err := tokencache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	k := other.Key(cacheBase, "api_key", "key")
	failing := func(context.Context) (client.Token, error) { return client.Token{}, context.Canceled }
	for i := range 2000 {
		bound := time.Duration(i%400) * time.Microsecond
		_, _ = s.Login(context.Background(), client.APIKey, anyValidity, failing, bound, true)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		unlock, err := other.Lock(ctx, k)
		cancel()
		if err != nil {
			t.Fatalf("iteration %d (bound %s): the lock is still held after Login returned: %v", i, bound, err)
		}
		unlock()
	}
}
