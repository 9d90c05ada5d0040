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

// After a retry ladder fails, later callers fail at once with the stored
// error and its requestId, until the remembered time; then one probes.
func TestFailureIsRememberedUntilItsTime(t *testing.T) {
	cases := []struct {
		name     string
		fault    fakeapi.Fault
		wantHold time.Duration
	}{
		// Retry-After 40s is beyond the longest wait the client takes.
		{"429 with a long Retry-After", fakeapi.Fault{Status: 429, RetryAfter: "40"}, 40 * time.Second},
		// Without Retry-After: the next backoff ceiling, 1ms << 4 attempts.
		{"503 ladder", fakeapi.Fault{Status: 503}, 5 * time.Millisecond},
		{"dropped connections", fakeapi.Fault{Drop: true}, 5 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *client.Config) { c.MaxRetryAfter = 30 * time.Second })
			tc.fault.Path, tc.fault.Times = fakeapi.AuthPath, 100
			e.srv.Inject(tc.fault)
			ctx := context.Background()
			_, first := e.client.Token(ctx, client.APIKey, need(time.Minute))
			if first == nil {
				t.Fatal("no error")
			}
			sent := e.srv.Count(fakeapi.AuthPath)
			for range 10 {
				_, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
				var held *client.HeldError
				if !errors.As(err, &held) || held.Err != first || !held.Until.Equal(e.clock.Now().Add(tc.wantHold)) {
					t.Fatalf("err = %v, want the first error held for %s", err, tc.wantHold)
				}
			}
			// Requests with the same credential are held too.
			if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); !errors.As(err, new(*client.HeldError)) {
				t.Fatalf("request err = %v, want the held error", err)
			}
			if n := e.srv.Count(""); n != sent {
				t.Fatalf("%d requests sent while the failure was held, want %d", n-sent, 0)
			}
			// After the time, one caller probes: here the API has recovered.
			e.clock.Advance(tc.wantHold)
			e.srv.ClearFaults()
			if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
				t.Fatalf("the probe after the held time failed: %v", err)
			}
		})
	}
}

// Under a permanent 429, any number of callers, at once or one after
// another, make at most 2 × (max_retries + 1) requests.
func TestPermanent429BoundsTheRequests(t *testing.T) {
	const maxRetries = 2
	e := newEnv(t, func(c *client.Config) { c.MaxRetries = maxRetries })
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "0", Times: 1 << 20})
	ctx := context.Background()
	for round := range 3 {
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				var ae *client.APIError
				if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); !errors.As(err, &ae) || !ae.IsRateLimited() || ae.RequestID == "" {
					t.Errorf("err = %v, want the 429 with its requestId", err)
				}
			})
		}
		wg.Wait()
		// Each round moves past the held time, so one caller probes again.
		e.clock.Advance(time.Minute)
		if round == 0 {
			if n := e.srv.Count(fakeapi.AuthPath); n != maxRetries+1 {
				t.Errorf("first round: %d requests, want %d", n, maxRetries+1)
			}
		}
	}
	if n, limit := e.srv.Count(fakeapi.AuthPath), 3*(maxRetries+1); n > limit {
		t.Errorf("%d requests for 150 callers in three rounds, want at most %d", n, limit)
	}
}

// A 429 on an authenticated request holds that credential's logins too;
// a permanent error such as 404 is not remembered.
func TestRequestFailuresHoldTheCredential(t *testing.T) {
	e := newEnv(t, func(c *client.Config) { c.MaxRetries = 0 })
	ctx := context.Background()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 404})
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err == nil {
		t.Fatal("no error for a 404")
	}
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
		t.Fatalf("a 404 was remembered: %v", err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "600"})
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err == nil {
		t.Fatal("no error for a 429")
	}
	// A cached token needs no request, so it is still handed out; a login
	// for a longer validity than it has left is held.
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Errorf("the cached token was held back: %v", err)
	}
	e.clock.Advance(2 * time.Minute)
	if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-time.Minute)); !errors.As(err, new(*client.HeldError)) {
		t.Errorf("login err = %v, want the held 429", err)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
}

// Requests already on their way when the API starts refusing make one retry
// ladder between them, not one each.
func TestConcurrentRequestsShareOneRetryLadder(t *testing.T) {
	const maxRetries, callers = 2, 20
	e := newEnv(t, func(c *client.Config) { c.MaxRetries = maxRetries })
	ctx := context.Background()
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "0", Times: 1 << 20})
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			var ae *client.APIError
			if _, err := call(ctx, e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil); !errors.As(err, &ae) || !ae.IsRateLimited() {
				t.Errorf("err = %v, want the 429", err)
			}
		})
	}
	wg.Wait()
	if n := e.srv.Count(fakeapi.EchoPath); n > callers+maxRetries {
		t.Errorf("%d requests for %d callers, want at most one each and %d retries", n, callers, maxRetries)
	}
}
