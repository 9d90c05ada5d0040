package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

type echoData struct {
	Echo             map[string]any `json:"echo"`
	RefreshRequested bool           `json:"refreshRequested"`
}

func TestCallSendsTheBearerToken(t *testing.T) {
	e := newEnv(t, nil)
	var out echoData
	res, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"sku": "abc"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Echo["sku"] != "abc" || out.RefreshRequested || res.Refreshed || res.Status != 200 || res.RequestID == "" {
		t.Errorf("out = %+v, res = %+v", out, res)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 1 {
		t.Fatalf("%d echo requests", len(reqs))
	}
	if got, want := reqs[0].Header.Get("Authorization"), "Bearer "+e.srv.Issued()[0]; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if reqs[0].Header.Get("X-LIQUID-API-KEY") != "" {
		t.Error("the API key was sent to an endpoint other than /authentication")
	}
	// A second call reuses the token.
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if e.srv.Count(fakeapi.AuthPath) != 1 {
		t.Errorf("logged in %d times for two calls", e.srv.Count(fakeapi.AuthPath))
	}
}

func TestCallRefreshesNearExpiry(t *testing.T) {
	cases := []struct {
		name        string
		body        any
		advance     time.Duration
		wantRefresh bool
	}{
		{"plenty of time left", map[string]any{"a": 1}, time.Hour, false},
		{"close to expiry, object body", map[string]any{"a": 1}, 24*time.Hour - 5*time.Minute, true},
		{"close to expiry, struct body", struct {
			A int `json:"a"`
		}{1}, 24*time.Hour - 5*time.Minute, true},
		{"close to expiry, array body", []int{1, 2}, 24*time.Hour - 5*time.Minute, false},
		{"close to expiry, no body", nil, 24*time.Hour - 5*time.Minute, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			first, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(tc.advance)
			res, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, tc.body, nil)
			if err != nil {
				t.Fatal(err)
			}
			reqs := e.srv.Requests(fakeapi.EchoPath)
			var sent map[string]any
			_ = json.Unmarshal(reqs[0].Body, &sent)
			if got := sent["refresh"] == true; got != tc.wantRefresh {
				t.Errorf("refresh sent = %v, want %v (body %s)", got, tc.wantRefresh, reqs[0].Body)
			}
			if tc.wantRefresh && sent["a"] != float64(1) {
				t.Errorf("the caller's fields were lost: %s", reqs[0].Body)
			}
			if res.Refreshed != tc.wantRefresh {
				t.Errorf("Refreshed = %v", res.Refreshed)
			}
			next, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantRefresh {
				issued := e.srv.Issued()
				if len(issued) != 2 || next.Value != issued[1] || next.Value == first.Value {
					t.Errorf("the refreshed token was not adopted")
				}
				if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
					t.Errorf("the refresh went through /authentication (%d logins)", n)
				}
			} else if next.Value != first.Value {
				t.Errorf("token changed without a refresh")
			}
		})
	}
}

// A token the API took before, then rejects (revoked on the server), costs
// one new login and one retry.
func TestCallReauthenticatesOnceOn401(t *testing.T) {
	e := newEnv(t, nil)
	if _, err := call(context.Background(), e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
		t.Fatal(err)
	}
	first := e.srv.Issued()[0]
	e.srv.Revoke(first)
	var out echoData
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"n": 1}, &out); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 3 || e.srv.Count(fakeapi.AuthPath) != 2 {
		t.Fatalf("%d calls and %d logins, want 3 and 2", len(reqs), e.srv.Count(fakeapi.AuthPath))
	}
	if got := reqs[2].Header.Get("Authorization"); got != "Bearer "+e.srv.Issued()[1] {
		t.Errorf("retry used %q", got)
	}
	if out.Echo["n"] != float64(1) {
		t.Errorf("out = %+v", out)
	}
}

// A 401 right after a fresh login fails at once; a 401 to a cached token
// costs one login and one retry, and a rejected value never costs another.
func TestCall401(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, e *env, err error, wantFresh bool, wantCalls, wantLogins int) {
		t.Helper()
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != 401 || ae.FreshTokenRejected != wantFresh {
			t.Fatalf("err = %v, want a 401 *APIError with FreshTokenRejected %v", err, wantFresh)
		}
		if n := e.srv.Count(fakeapi.EchoPath); n != wantCalls {
			t.Errorf("%d calls, want %d", n, wantCalls)
		}
		if n := e.srv.Count(fakeapi.AuthPath); n != wantLogins {
			t.Errorf("%d logins, want %d", n, wantLogins)
		}
		for _, tok := range e.srv.Issued() {
			assertNoSecrets(t, "error", err.Error(), tok)
			assertNoSecrets(t, "logs", e.logs.text(), tok)
		}
		assertNoSecrets(t, "logs", e.logs.text(), testKey)
	}
	t.Run("fresh token rejected: no second login", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 100})
		_, err := call(ctx, e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
		check(t, e, err, true, 1, 1)
		// Later requests with the same token fail at once: the token is
		// good for other endpoints and stays cached.
		for range 5 {
			_, err = call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
		}
		check(t, e, err, true, 6, 1)
		if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil || e.srv.Count(fakeapi.AuthPath) != 1 {
			t.Errorf("the token left the cache: %v", err)
		}
	})
	t.Run("older token rejected twice: one login, one retry", func(t *testing.T) {
		e := newEnv(t, nil)
		if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 100})
		_, err := call(ctx, e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
		check(t, e, err, true, 2, 2)
	})
	t.Run("many callers with a revoked token: one login", func(t *testing.T) {
		e := newEnv(t, nil)
		first, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Minute)
		e.srv.Revoke(first.Value)
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				_, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
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
		if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
			t.Errorf("%d logins for 20 callers with one revoked token, want 2", n)
		}
	})
	t.Run("many concurrent callers and a fresh token: no second login", func(t *testing.T) {
		for range 20 {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 1000})
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					var ae *client.APIError
					if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); !errors.As(err, &ae) || !ae.FreshTokenRejected {
						t.Errorf("err = %v, want a fresh token rejected", err)
					}
				})
			}
			wg.Wait()
			if n, m := e.srv.Count(fakeapi.AuthPath), e.srv.Count(fakeapi.EchoPath); n != 1 || m != 10 {
				t.Fatalf("%d logins and %d requests for 10 callers, want 1 and 10", n, m)
			}
		}
	})
	t.Run("403 is no reason to log in again", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 403})
		_, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != 403 || ae.IsCredentialRejected() || ae.Login {
			t.Fatalf("err = %v", err)
		}
		if e.srv.Count(fakeapi.AuthPath) != 1 || e.srv.Count(fakeapi.EchoPath) != 1 {
			t.Errorf("a 403 was retried or cost a login")
		}
	})
}

func TestCallRetriesTransientFailures(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503}, fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "0"})
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"x": true}, nil); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if !strings.Contains(string(r.Body), `"x":true`) {
			t.Errorf("attempt %d lost its body: %s", i+1, r.Body)
		}
	}
}

func TestCallAdoptsAuthFromAnyResponse(t *testing.T) {
	cases := []struct {
		name    string
		fault   fakeapi.Fault
		wantErr bool
	}{
		{"unrequested, on success", fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true}, false},
		{"on a failed response", fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true, Status: 409}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			first, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			e.srv.Inject(tc.fault)
			res, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err == nil && !res.Refreshed {
				t.Error("Refreshed = false")
			}
			next, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			issued := e.srv.Issued()
			if next.Value == first.Value || next.Value != issued[len(issued)-1] {
				t.Error("the token in auth was not adopted")
			}
			if e.srv.Count(fakeapi.AuthPath) != 1 {
				t.Error("adopting went through /authentication")
			}
		})
	}
}

func TestCallRedirectToAnotherHostIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	elsewhere := fakeapi.New(fakeapi.Options{})
	url, stop := elsewhere.Start()
	defer stop()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, RedirectTo: url})
	_, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
	if !errors.Is(err, client.ErrRedirectRefused) {
		t.Fatalf("err = %v", err)
	}
	if n := elsewhere.Count(""); n != 0 {
		t.Errorf("the token went to another host (%d requests)", n)
	}
}

func TestCallRetriesOnlyWhatIsSafeToSendAgain(t *testing.T) {
	cases := []struct {
		method string
		status int
		want   int // requests
	}{
		{http.MethodPost, 503, 2},
		{http.MethodPost, 429, 2},
		{http.MethodPost, 502, 1},
		{http.MethodPost, 504, 1},
		{http.MethodPut, 502, 2},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+http.StatusText(tc.status), func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: tc.status, RetryAfter: "0"})
			_, _ = call(context.Background(), e.client, tc.method, fakeapi.EchoPath, map[string]any{}, nil)
			if n := e.srv.Count(fakeapi.EchoPath); n != tc.want {
				t.Errorf("%d requests, want %d", n, tc.want)
			}
		})
	}
}
