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

// A rate limit that outlasts the retries is held: later callers fail at
// once with the stored error and its requestId, until its time; then one
// probes. (Other failed logins are not held: see
// TestFailedLoginIsNotRemembered.)
func TestFailureIsHeldUntilItsTime(t *testing.T) {
	cases := []struct {
		name string
		// fault answers every login.
		fault fakeapi.Fault
		// hold is how long the failure is held at least, and at most.
		holdMin, holdMax time.Duration
	}{
		// Retry-After 600s is beyond the longest wait the client takes.
		{"429 with a long Retry-After", fakeapi.Fault{Status: 429, RetryAfter: "600"}, 10 * time.Minute, 10 * time.Minute},
		// Without Retry-After: the next backoff, at most 1ms << 4 attempts.
		{"503 ladder", fakeapi.Fault{Status: 503}, time.Millisecond, 5 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			tc.fault.Path, tc.fault.Times = fakeapi.AuthPath, 100
			e.srv.Inject(tc.fault)
			ctx := context.Background()
			_, first := e.client.Token(ctx, client.APIKey, need(time.Minute))
			var ae *client.APIError
			if first == nil || errors.As(first, &ae) && ae.IsCredentialRejected() {
				t.Fatalf("err = %v, want a failure that is not a rejected key", first)
			}
			sent := e.srv.Count(fakeapi.AuthPath)
			var until time.Time
			for range 10 {
				_, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
				var held *client.HeldError
				if !errors.As(err, &held) || held.Err != first {
					t.Fatalf("err = %v, want the first error held", err)
				}
				until = held.Until
			}
			if now := e.clock.Now(); until.Before(now.Add(tc.holdMin)) || until.After(now.Add(tc.holdMax)) {
				t.Errorf("held until %s from now, want %s to %s", until.Sub(now), tc.holdMin, tc.holdMax)
			}
			// Requests with the same credential are held too.
			if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); !errors.As(err, new(*client.HeldError)) {
				t.Fatalf("request err = %v, want the held error", err)
			}
			if n := e.srv.Count(""); n != sent {
				t.Fatalf("%d requests sent while the failure was held, want %d", n-sent, 0)
			}
			// After the time, one caller probes: here the API has recovered.
			e.clock.Advance(tc.holdMax)
			e.srv.ClearFaults()
			if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
				t.Fatalf("the probe after the held time failed: %v", err)
			}
		})
	}
}

// A rejected key is held for good, and statusCode 5000 means one only with
// HTTP 200, 400, 401 or 403; with 429 or 5xx the login is retried.
func TestStatusCode5000(t *testing.T) {
	for _, tc := range []struct {
		status       int
		wantRejected bool
		wantLogins   int
	}{{200, true, 1}, {400, true, 1}, {401, true, 1}, {403, true, 1}, {429, false, 2}, {500, false, 2}, {503, false, 2}} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: tc.status, RetryAfter: "0", Edit: func(b map[string]any) {
				b["statusCode"], b["message"] = 5000, "API Key not found"
			}})
			_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			var ae *client.APIError
			if rejected := errors.As(err, &ae) && ae.IsCredentialRejected(); rejected != tc.wantRejected {
				t.Fatalf("err = %v, rejected = %v, want %v", err, rejected, tc.wantRejected)
			}
			if n := e.srv.Count(fakeapi.AuthPath); n != tc.wantLogins {
				t.Errorf("%d logins, want %d", n, tc.wantLogins)
			}
			if tc.wantRejected {
				e.clock.Advance(24 * time.Hour)
				if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); !errors.As(err, new(*client.HeldError)) {
					t.Errorf("a rejected key was not held: %v", err)
				}
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
				if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); !errors.As(err, &ae) || ae.HTTPStatus != http.StatusTooManyRequests || ae.RequestID == "" {
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

// Requests already on their way when the API starts refusing wait for one
// retry ladder, the prober's, and fail with its error: a permanent 429
// costs max_retries + 1 calls plus those already in flight.
func TestConcurrentRequestsShareOneRetryLadder(t *testing.T) {
	const maxRetries, callers = 2, 20
	e := newEnv(t, func(c *client.Config) { c.MaxRetries = maxRetries })
	ctx := context.Background()
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1", Times: 1 << 20})
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			var ae *client.APIError
			if _, err := call(ctx, e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil); !errors.As(err, &ae) || ae.HTTPStatus != http.StatusTooManyRequests {
				t.Errorf("err = %v, want the 429", err)
			}
		})
	}
	wg.Wait()
	n := e.srv.Count(fakeapi.EchoPath)
	if n > callers+maxRetries {
		t.Errorf("%d requests for %d callers, want at most one each and %d retries", n, callers, maxRetries)
	}
	// Later requests fail at once until the wait is over; then one probes.
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); !errors.As(err, new(*client.HeldError)) {
		t.Errorf("err = %v, want the held 429", err)
	}
	if m := e.srv.Count(fakeapi.EchoPath); m != n {
		t.Errorf("%d requests sent while the 429 was held", m-n)
	}
	e.clock.Advance(time.Second)
	e.srv.ClearFaults()
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
		t.Errorf("the probe after the wait failed: %v", err)
	}
}

// A burst of 429s or 503s shorter than one retry ladder fails no request:
// every request waits while the prober retries, then goes.
func TestBurstShorterThanALadderFailsNoRequest(t *testing.T) {
	for _, burst := range []fakeapi.Fault{
		{Status: 429, RetryAfter: "1", Times: 3},
		{Status: 503, Times: 3},
		{Status: 429, RetryAfter: "0", Times: 4},
	} {
		t.Run(http.StatusText(burst.Status)+" Retry-After "+burst.RetryAfter, func(t *testing.T) {
			e := newEnv(t, func(c *client.Config) { c.MaxRetries = 4 })
			ctx := context.Background()
			if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
				t.Fatal(err)
			}
			burst.Path = fakeapi.EchoPath
			e.srv.Inject(burst)
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
						t.Errorf("a read failed in a burst shorter than its ladder: %v", err)
					}
				})
			}
			wg.Wait()
			// Every read sent once, and the burst's answers retried once each:
			// the others waited instead of making a ladder each.
			if n := e.srv.Count(fakeapi.EchoPath); n > 10+burst.Times {
				t.Errorf("%d requests for 10 reads and a burst of %d", n, burst.Times)
			}
		})
	}
}

// An answer to a request that was on its way when a failure came to be
// held does not clear it: a rejected key stays rejected.
func TestAnAnswerInFlightLeavesAHeldFailure(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Delay: 300 * time.Millisecond})
	errc := make(chan error, 1)
	go func() {
		_, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
		errc <- err
	}()
	for e.srv.Count(fakeapi.EchoPath) == 0 {
		time.Sleep(time.Millisecond)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 401, Times: 100})
	e.clock.Advance(time.Second)
	if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-time.Millisecond)); err == nil {
		t.Fatal("the login was not rejected")
	}
	if err := <-errc; err != nil {
		t.Fatalf("the request on its way: %v", err)
	}
	if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-time.Millisecond)); !errors.As(err, new(*client.HeldError)) {
		t.Errorf("err = %v, want the rejection still held", err)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// A Retry-After too large to parse is the longest wait: the request fails
// after one call, and the credential is held for that wait.
func TestOversizedRetryAfter(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "99999999999999999999999", Times: 10})
	_, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil)
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusTooManyRequests || ae.RetryAfter < client.MaxRetryAfter {
		t.Fatalf("err = %v, want the 429 with its long Retry-After", err)
	}
	if _, err := call(ctx, e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); !errors.As(err, new(*client.HeldError)) {
		t.Errorf("err = %v, want the held 429", err)
	}
	if n := e.srv.Count(fakeapi.EchoPath); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// timed records when each request went out.
type timed struct {
	mu   sync.Mutex
	sent []time.Time
}

func (tr *timed) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	tr.sent = append(tr.sent, time.Now())
	tr.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// A 429 met while another request probes keeps its Retry-After for every
// request: nothing goes again before the longest wait the API asked for.
// On the real clock, since the probe must still be waiting when it comes.
func TestRetryAfterMetDuringAProbeHoldsForAll(t *testing.T) {
	e := newEnv(t, nil)
	tr := &timed{}
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: e.url, MaxRetries: 3}, client.Seam{Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The first answer asks for 2s; the second, 300ms later, for 3s.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "2"},
		fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "3", Delay: 300 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	// The login and the two first sends, then the retries.
	for i, at := range tr.sent[3:] {
		if at.Sub(start) < 3*time.Second {
			t.Errorf("retry %d went %s after the first sends, before the 3s the second 429 asked for", i+1, at.Sub(start))
		}
	}
}
