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
// and 503, reads with the wrong credential interleaved with good reads,
// fail-fast reads (meeting 429s too), given tokens whose fallback login is
// refused, logins slower than the reads and cancellation, and checks the
// outcome of each call, that none ends after its deadline, and the logins
// they cost in all: 1 + expiries + revocations + 1 per path group that
// refuses the credential (+ the logins asked for more validity).
func TestStress(t *testing.T) {
	const maxRetries, width = 4, 40
	// slack is how late past its deadline a call may end: scheduling.
	const slack = 2 * time.Second
	clock := &stoppable{fakeClock: newFakeClock()}
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
	logins := newHeldLogins(inMemory{srv})
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1", MaxRetries: maxRetries},
		client.Seam{Clock: clock, Transport: logins, RetryWaitMin: time.Millisecond, RetryWaitMax: 8 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// Each cycle has a client with a given token, of another fake API whose
	// key it does not have: a fallback login is refused, once per client.
	givenSrv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
	var given *client.Client
	givenClients := 0
	newGiven := func() {
		t.Helper()
		var err error
		given, err = client.NewWithSeam(client.Config{APIKey: "lc_stale_key_3c4d5e", AccessToken: givenSrv.Mint(false),
			BaseURL: "http://127.0.0.1:1", MaxRetries: maxRetries}, client.Seam{Clock: clock, Transport: inMemory{givenSrv},
			RetryWaitMin: time.Millisecond, RetryWaitMax: 8 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		givenClients++
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
				start, bound := time.Now(), client.Bound(client.DefaultRequestTimeout, maxRetries)
				defer func() {
					if took := time.Since(start); took > bound+slack {
						t.Errorf("%s: %s: ended %s after it began, past its deadline of %s", phase, kind, took, bound)
					}
				}()
				var err error
				switch kind {
				case "get":
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
				case "post":
					_, err = c.Do(ctx, client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"n":1}`)})
				case "token":
					_, err = c.Token(ctx, client.APIKey, need(time.Minute))
				case "fast", "fast429":
					// Fail-fast: limits of its own; in a burst of 429s it
					// may meet one, which pauses every request.
					bound = 10 * time.Second
					_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
						MaxRetries: new(0), Timeout: bound})
					var ae *client.APIError
					if kind == "fast429" && errors.As(err, &ae) && ae.HTTPStatus == http.StatusTooManyRequests {
						err = nil
					}
				case "given":
					// A given token that works here: a refused fallback
					// elsewhere does not take it away.
					_, err = given.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
				case "given wrong":
					// The Orders API refuses it, and the fallback login is
					// refused: the 401 or the rejection, held or not.
					_, err = given.Do(ctx, client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"})
					var ae *client.APIError
					if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusUnauthorized && !ae.IsCredentialRejected() {
						t.Errorf("%s: a given token's read with the wrong credential: %v, want its 401 or the rejection",
							phase, err)
					}
					return
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
	// slowLogin has a caller ask for more validity than the cached token
	// has left, so it logs in, and holds that login at the transport with
	// the clock stopped, while the reads that hold the cached token run:
	// they finish, for none waits on the login.
	slowLogin := func(kinds ...string) {
		t.Helper()
		clock.Advance(time.Minute)
		release := logins.hold()
		clock.stopped.Store(true)
		slow := make(chan error, 1)
		go func() {
			_, err := c.Token(context.Background(), client.APIKey, need(24*time.Hour-30*time.Second))
			slow <- err
		}()
		<-logins.arrived
		finished := make(chan struct{})
		go func() {
			run("slow login", width, kinds...)
			close(finished)
		}()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("reads holding a good token are waiting for a login")
		}
		release()
		clock.stopped.Store(false)
		<-finished
		if err := <-slow; err != nil {
			t.Errorf("the slow login: %v", err)
		}
	}
	// wrongGroups counts the path groups that refuse the credential: /orders.
	expiries, revocations, wrongGroups, slowLogins := 0, 0, 1, 0
	for cycle := range 8 {
		newGiven()
		run("start", width, "get", "wrong", "post", "token", "racing", "fast", "given", "given wrong", "given")
		// Bursts shorter than one retry ladder fail nothing.
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1", Times: maxRetries - 1})
		run("429 burst", width, "get", "post", "token", "canceled")
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503, Times: maxRetries})
		run("503 burst", width, "get", "get", "token", "racing")
		// Fail-fast reads meet 429s; every request waits out the pause.
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1", Times: maxRetries - 1})
		run("fail-fast 429 burst", width, "fast429", "get", "post", "fast429", "token", "given wrong", "given", "wrong")
		// A token the API had accepted is revoked.
		issued := srv.Issued()
		srv.Revoke(issued[len(issued)-1])
		revocations++
		run("revoked", width, "get", "post", "wrong", "token")
		// Near expiry, requests ask for a refresh; then the token expires.
		clock.Advance(24*time.Hour - 5*time.Minute)
		run("refresh", width, "post", "get", "token")
		clock.Advance(24 * time.Hour)
		expiries++
		run("expired", width, "get", "post", "token", "wrong", "canceled")
		// Reads with the wrong credential, on their own, then among others.
		run("wrong credential", width/2, "wrong")
		run("after", width, "get", "wrong", "post", "token", "racing", "fast")
		slowLogin("get", "post", "token", "fast", "canceled")
		slowLogins++
		if t.Failed() {
			t.Fatalf("cycle %d failed", cycle)
		}
	}
	if n := calls.Load(); n < 1000 {
		t.Fatalf("%d calls, want at least 1000", n)
	}
	limit := 1 + expiries + revocations + wrongGroups + slowLogins
	if n := srv.Count(fakeapi.AuthPath); n > limit {
		t.Errorf("%d logins for %d calls, want at most %d (1 + %d expiries + %d revocations + %d wrong-credential "+
			"groups + %d logins for more validity)", n, calls.Load(), limit, expiries, revocations, wrongGroups, slowLogins)
	}
	if n := givenSrv.Count(fakeapi.AuthPath); n > givenClients {
		t.Errorf("%d fallback logins for %d clients with a given token, want at most one each", n, givenClients)
	}
	if t.Failed() {
		t.Log(trace)
	}
	t.Logf("%d calls, %d logins, %d requests", calls.Load(), srv.Count(fakeapi.AuthPath), srv.Count(""))
}
