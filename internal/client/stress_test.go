package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// inMemory carries requests to a handler without sockets, so that a
// stress test makes thousands of calls in seconds.
type inMemory struct{ h http.Handler }

func (m inMemory) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, req)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	return rec.Result(), nil
}

// TestStress runs thousands of concurrent calls, on a fake clock and
// without sleeps, across token expiry, refresh, revocation, bursts of 429
// and 503, reads with the wrong credential and cancellation, and checks
// the outcome of each call and the logins they cost in all.
func TestStress(t *testing.T) {
	const maxRetries, width = 4, 40
	clock := newFakeClock()
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1", MaxRetries: maxRetries},
		client.Seam{Clock: clock, Transport: inMemory{srv}, RetryWaitMin: time.Millisecond, RetryWaitMax: 8 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	var trace []string
	// run makes n concurrent calls of each kind given and checks each.
	run := func(phase string, n int, kinds ...string) {
		t.Helper()
		var wg sync.WaitGroup
		for i := range n {
			kind := kinds[i%len(kinds)]
			wg.Go(func() {
				calls.Add(1)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var err error
				switch kind {
				case "get":
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
				case "post":
					_, err = c.Do(ctx, client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"n":1}`)})
				case "token":
					_, err = c.Token(ctx, client.APIKey, need(time.Minute))
				case "wrong":
					// The Orders API refuses the access token.
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"})
					var ae *client.APIError
					if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusUnauthorized {
						t.Errorf("%s: a read with the wrong credential: %v, want its 401", phase, err)
					}
					return
				case "canceled":
					cancel()
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
					if !errors.Is(err, context.Canceled) {
						t.Errorf("%s: a canceled call ended with %v", phase, err)
					}
					return
				case "racing":
					// Canceled while it runs: it succeeds or says canceled.
					go cancel()
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
					if err != nil && !errors.Is(err, context.Canceled) {
						t.Errorf("%s: a call canceled on its way ended with %v", phase, err)
					}
					return
				}
				if err != nil {
					t.Errorf("%s: %s: %v", phase, kind, err)
				}
			})
		}
		wg.Wait()
		trace = append(trace, fmt.Sprintf("%s:%d", phase, srv.Count(fakeapi.AuthPath)))
	}
	expiries, revocations, wrongBursts := 0, 0, 0
	for cycle := range 8 {
		run("start", width, "get", "post", "token", "racing")
		// Bursts shorter than one retry ladder fail nothing.
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1", Times: maxRetries - 1})
		run("429 burst", width, "get", "post", "token", "canceled")
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503, Times: maxRetries})
		run("503 burst", width, "get", "get", "token", "racing")
		// A token the API had accepted is revoked.
		issued := srv.Issued()
		srv.Revoke(issued[len(issued)-1])
		revocations++
		run("revoked", width, "get", "post", "token")
		// Near expiry, requests ask for a refresh; then the token expires.
		clock.Advance(24*time.Hour - 5*time.Minute)
		run("refresh", width, "post", "get", "token")
		clock.Advance(24 * time.Hour)
		expiries++
		run("expired", width, "get", "post", "token", "canceled")
		// Reads with the wrong credential, on their own.
		run("wrong credential", width/2, "wrong")
		wrongBursts++
		run("after", width, "get", "post", "token", "racing")
		if t.Failed() {
			t.Fatalf("cycle %d failed", cycle)
		}
	}
	if n := calls.Load(); n < 1000 {
		t.Fatalf("%d calls, want at least 1000", n)
	}
	limit := 1 + expiries + revocations + wrongBursts
	if n := srv.Count(fakeapi.AuthPath); n > limit {
		t.Errorf("%d logins for %d calls, want at most %d (1 + %d expiries + %d revocations + %d wrong-credential bursts)",
			n, calls.Load(), limit, expiries, revocations, wrongBursts)
	}
	if t.Failed() {
		t.Log(trace)
	}
	t.Logf("%d calls, %d logins, %d requests", calls.Load(), srv.Count(fakeapi.AuthPath), srv.Count(""))
}
