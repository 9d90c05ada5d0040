package client_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// get sends an authenticated GET to the echo endpoint.
func get(e *env) error {
	_, err := call(context.Background(), e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
	return err
}

// counts checks the echo requests and logins the fake API saw.
func counts(t *testing.T, e *env, wantCalls, wantLogins int) {
	t.Helper()
	if n := e.srv.Count(fakeapi.EchoPath); n != wantCalls {
		t.Errorf("%d calls, want %d", n, wantCalls)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != wantLogins {
		t.Errorf("%d logins, want %d", n, wantLogins)
	}
}

func is401(err error) bool {
	var ae *client.APIError
	return errors.As(err, &ae) && ae.HTTPStatus == http.StatusUnauthorized
}

// A 401 earns one new login when the API took the token before, or when it
// is the credential's first; a 401 to any other token fails.
func TestUnauthorized(t *testing.T) {
	ctx := context.Background()
	t.Run("first token revoked right after it was issued: recovered", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401})
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		counts(t, e, 2, 2)
	})
	t.Run("endpoint that refuses every token: one extra login, then each call fails once", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 100})
		if err := get(e); !is401(err) {
			t.Fatalf("err = %v, want the 401", err)
		}
		counts(t, e, 2, 2)
		for range 5 {
			if err := get(e); !is401(err) {
				t.Fatalf("err = %v, want the 401", err)
			}
		}
		counts(t, e, 7, 2)
	})
	t.Run("a 401 to a fresh token does not spend it: its later revocation is recovered", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 2})
		if err := get(e); !is401(err) {
			t.Fatalf("err = %v, want the 401", err)
		}
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		issued := e.srv.Issued()
		e.srv.Revoke(issued[len(issued)-1])
		if err := get(e); err != nil {
			t.Fatalf("a revoked token that the API had accepted was not replaced: %v", err)
		}
		counts(t, e, 5, 3)
	})
	t.Run("a slow 401 for a token already replaced retries with the replacement", func(t *testing.T) {
		e := newEnv(t, nil)
		first, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Delay: 300 * time.Millisecond})
		errc := make(chan error, 1)
		go func() { errc <- get(e) }()
		for e.srv.Count(fakeapi.EchoPath) == 0 {
			time.Sleep(time.Millisecond)
		}
		// While the 401 is on its way, a caller that needs more validity
		// than the first token has makes a login.
		e.clock.Advance(time.Second)
		second, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-time.Millisecond))
		if err != nil || second.Value == first.Value {
			t.Fatalf("second token: %v", err)
		}
		if err := <-errc; err != nil {
			t.Fatalf("the 401 was not retried with the replacement: %v", err)
		}
		reqs := e.srv.Requests(fakeapi.EchoPath)
		if got := reqs[len(reqs)-1].Header.Get("Authorization"); got != "Bearer "+second.Value {
			t.Error("the retry did not carry the replacement")
		}
		counts(t, e, 2, 2)
	})
	t.Run("concurrent reads with the wrong credential: one extra login in total", func(t *testing.T) {
		for range 10 {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 1000})
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					if err := get(e); !is401(err) {
						t.Errorf("err = %v, want the 401", err)
					}
				})
			}
			wg.Wait()
			if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
				t.Fatalf("%d logins, want 2", n)
			}
		}
	})
	t.Run("many callers with a revoked token: one login", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.srv.Revoke(e.srv.Issued()[0])
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if err := get(e); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
			t.Errorf("%d logins for 20 callers with one revoked token, want 2", n)
		}
	})
	t.Run("403 is no reason to log in again", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 403})
		err := get(e)
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != 403 || ae.IsCredentialRejected() || ae.Login {
			t.Fatalf("err = %v", err)
		}
		counts(t, e, 1, 1)
	})
}

// A rejected login is held for every later login of the credential, never
// for the reads that hold a token it accepts: once the token has expired,
// the held error reaches each caller of Do whole, shared and never written
// to.
func TestHeldLoginRejectionReachesDoIntact(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A caller that needs more validity than the cached token has left
	// makes a login, which the API rejects, while the token is still new.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 401, Times: 100})
	e.clock.Advance(30 * time.Second)
	if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-10*time.Second)); err == nil {
		t.Fatal("the login was not rejected")
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := get(e); err != nil {
				t.Errorf("a read holding a good token failed: %v", err)
			}
		})
	}
	wg.Wait()
	e.clock.Advance(24 * time.Hour)
	shared := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			err := get(e)
			var held *client.HeldError
			var ae *client.APIError
			if !errors.As(err, &held) || !errors.As(err, &ae) || !ae.IsCredentialRejected() {
				t.Errorf("err = %v (%T), want the held rejection", err, err)
				return
			}
			shared <- held.Err
		})
	}
	wg.Wait()
	close(shared)
	first := <-shared
	if first == nil {
		t.Fatal("no caller met the held rejection")
	}
	text := first.Error()
	for err := range shared {
		if err != first || err.Error() != text {
			t.Errorf("callers met different errors, or the shared one changed: %q, %q", err, text)
		}
	}
	counts(t, e, 10, 2)
}
