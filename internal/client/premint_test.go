package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// withGiven is a client of e's fake API built from cfg, on e's clock; cfg
// gets the fake's URL and a logger whose lines land in e.logs.
func withGiven(t *testing.T, e *env, cfg client.Config) *client.Client {
	t.Helper()
	cfg.BaseURL, cfg.Logger, cfg.MaxRetries = e.url, e.logs, 2
	c, err := client.NewWithSeam(cfg, fastSeam(e.clock))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A token given in Config is sent as it is: no login, even with the API key
// set, whatever validity is asked, and no refresh, its expiry being unknown.
func TestGivenTokenIsUsedWithoutLogin(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	given := e.srv.Mint(false)
	c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "  " + given + "\n"})
	for _, v := range []client.Validity{need(time.Minute), need(23 * time.Hour), {Min: time.Minute, Preferred: true}} {
		tok, err := c.Token(ctx, client.APIKey, v)
		if err != nil {
			t.Fatal(err)
		}
		if tok.Value != given || tok.Exp != 0 || !tok.ExpiresAt.IsZero() || tok.Type != "ACCESS_TOKEN" {
			t.Errorf("Token(%+v) = %v (given: %v), want the given token with exp 0", v, tok, tok.Value == given)
		}
	}
	// Near the end of its day, it is still the token to send.
	e.clock.Advance(23*time.Hour + 50*time.Minute)
	for range 3 {
		in := client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"a":1}`)}
		if _, err := c.Do(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range e.srv.Requests(fakeapi.EchoPath) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+given {
			t.Errorf("a request carried %d bytes of Authorization, not the given token", len(got))
		}
		if string(r.Body) != `{"a":1}` {
			t.Errorf("a request with a token of unknown expiry asked for refresh: %s", r.Body)
		}
	}
	counts(t, e, 3, 0)
	assertNoSecrets(t, "logs", e.logs.text(), given, testKey)
}

// A refused given token earns one login when the credential can log in;
// without it, the request fails with the 401, and never names the token.
func TestGivenTokenRefused(t *testing.T) {
	ctx := context.Background()
	t.Run("with the API key: one login, then the new token", func(t *testing.T) {
		e := newEnv(t, nil)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "lc_expired_or_revoked"})
		for range 3 {
			if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
				t.Fatal(err)
			}
		}
		counts(t, e, 4, 1)
		tok, err := c.Token(ctx, client.APIKey, need(time.Minute))
		if issued := e.srv.Issued(); err != nil || tok.Value != issued[len(issued)-1] || tok.Exp == 0 {
			t.Errorf("after the login the cached token is %v (%v), want the login's", tok, err)
		}
	})
	t.Run("accepted, then expired mid-run, with the API key: one login", func(t *testing.T) {
		e := newEnv(t, nil)
		given := e.srv.Mint(false)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: given})
		if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		e.srv.Revoke(given)
		if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		counts(t, e, 3, 1)
	})
	for _, accepted := range []bool{false, true} {
		t.Run(fmt.Sprintf("without the API key (accepted before: %v): the 401, no login", accepted), func(t *testing.T) {
			e := newEnv(t, nil)
			given := e.srv.Mint(false)
			c := withGiven(t, e, client.Config{AccessToken: given})
			calls := 0
			if accepted {
				if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
					t.Fatal(err)
				}
				calls++
			}
			e.srv.Revoke(given)
			for range 2 {
				_, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
				var ae *client.APIError
				if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusUnauthorized || ae.Login ||
					ae.Credential != "api_key" {
					t.Fatalf("err = %v, want the 401 of the request", err)
				}
				assertNoSecrets(t, "error", err.Error(), given)
				calls++
			}
			counts(t, e, calls, 0)
			// A 401 may be one endpoint's answer: the token stays the one to
			// send, and each request that the API refuses fails on its own.
			if tok, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil || tok.Value != given {
				t.Errorf("Token after the 401: %v, the given token: %v", err, tok.Value == given)
			}
			assertNoSecrets(t, "logs", e.logs.text(), given)
		})
	}
}

// An auth object replaces a given token, its expiry being known; later
// requests carry the new token and refresh it as any other.
func TestGivenTokenReplacedByAuth(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	given := e.srv.Mint(false)
	c := withGiven(t, e, client.Config{AccessToken: given})
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true})
	if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(ctx, client.APIKey, need(time.Minute))
	issued := e.srv.Issued()
	if err != nil || tok.Value != issued[len(issued)-1] || tok.Value == given || tok.Exp == 0 {
		t.Fatalf("after auth the cached token is %v (%v), want the auth's", tok, err)
	}
	// Near its expiry the adopted token asks for refresh, since no login can
	// replace it.
	e.clock.Advance(tok.Remaining(e.clock.Now()) - 5*time.Minute)
	refresh := client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte("{}")}
	if _, err := c.Do(ctx, refresh); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if last := reqs[len(reqs)-1]; string(last.Body) != `{"refresh":true}` {
		t.Errorf("near expiry the adopted token was sent with %s", last.Body)
	}
	counts(t, e, 2, 0)
}

// The Orders credential takes a given token the same way: no login while
// the API takes it, one Orders login when it refuses it and the user id and
// password are set, the 401 otherwise.
func TestGivenOrdersToken(t *testing.T) {
	ctx := context.Background()
	orders := func(c *client.Client) error {
		in := client.Request{Method: http.MethodGet, Path: fakeapi.OrdersPath + "/LC-1001", Credential: client.Orders}
		_, err := c.Do(ctx, in)
		return err
	}
	for _, tc := range []struct {
		name             string
		withUser, revoke bool
		wantLogins       int
		want401          bool
	}{
		{name: "taken", withUser: true},
		{name: "refused, with the user id and password", withUser: true, revoke: true, wantLogins: 1},
		{name: "refused, without them", revoke: true, want401: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ordersEnv(t, fakeapi.Options{})
			given := e.srv.Mint(true)
			cfg := client.Config{OrdersAccessToken: given}
			if tc.withUser {
				cfg.OrdersUserID, cfg.OrdersPassword = ordersUser, ordersPassword
			}
			if tc.revoke {
				e.srv.Revoke(given)
			}
			c := withGiven(t, e, cfg)
			err := orders(c)
			if tc.want401 != is401(err) || !tc.want401 && err != nil {
				t.Fatalf("err = %v, want a 401: %v", err, tc.want401)
			}
			if err != nil {
				assertNoSecrets(t, "error", err.Error(), given)
			}
			if n := e.srv.Count(fakeapi.OrdersAuthPath); n != tc.wantLogins {
				t.Errorf("%d Orders logins, want %d", n, tc.wantLogins)
			}
			if n := e.srv.Count(fakeapi.AuthPath); n != 0 {
				t.Errorf("%d API-key logins, want none", n)
			}
			tok, err := c.Token(ctx, client.Orders, need(time.Minute))
			if !tc.revoke && (err != nil || tok.Value != given || tok.Exp != 0 || tok.Type != "") {
				t.Errorf("Token = %v (%v), want the given Orders token, of unknown type and expiry", tok, err)
			}
		})
	}
}

// Many concurrent requests with a refused given token share one login.
func TestGivenTokenRefusedUnderConcurrency(t *testing.T) {
	e := newEnv(t, nil)
	c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "lc_revoked"})
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins for 50 requests refused with the given token, want 1", n)
	}
}

// A given token is checked as the other secrets are.
func TestGivenTokenWithControlCharacters(t *testing.T) {
	for field, cfg := range map[string]client.Config{
		"access_token":        {AccessToken: "lc_abc\ndef"},
		"orders_access_token": {OrdersAccessToken: "lco_abc\tdef"},
	} {
		_, err := client.New(cfg)
		var ce *client.ConfigError
		if !errors.As(err, &ce) || ce.Field != field || strings.Contains(err.Error(), "abc") {
			t.Errorf("%s with a control character: %v", field, err)
		}
	}
}
