package client_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// failFast is a read with no retries and an attempt timeout of its own.
func failFast(timeout time.Duration) client.Request {
	return client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath, MaxRetries: new(0), Timeout: timeout}
}

// Defect 1 of issue 22: a fail-fast read's 429 pauses every request of the
// credential until its Retry-After ends, logins included; a 500 backs off
// only the request that got it.
func TestAFailFastReadsRetryAfterPausesEveryRequest(t *testing.T) {
	ctx := context.Background()
	t.Run("reads", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "5"})
		start := e.clock.Now()
		var ae *client.APIError
		if _, err := e.client.Do(ctx, failFast(10*time.Second)); !errors.As(err, &ae) || ae.HTTPStatus != 429 {
			t.Fatalf("the fail-fast read: %v, want its 429", err)
		}
		e.clock.Advance(1500 * time.Millisecond)
		for range 3 {
			if err := get(e); err != nil {
				t.Fatal(err)
			}
			if waited := e.clock.Now().Sub(start); waited < 5*time.Second {
				t.Fatalf("a read went %s after the fail-fast read's 429, before its Retry-After of 5s ended", waited)
			}
		}
	})
	t.Run("logins", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		// The cached token then has less validity left than the login asks.
		e.clock.Advance(time.Minute)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503, RetryAfter: "5"})
		start := e.clock.Now()
		if _, err := e.client.Do(ctx, failFast(10*time.Second)); err == nil {
			t.Fatal("the fail-fast read took the 503")
		}
		if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-time.Second)); err != nil {
			t.Fatal(err)
		}
		if waited := e.clock.Now().Sub(start); waited < 5*time.Second || e.srv.Count(fakeapi.AuthPath) != 2 {
			t.Errorf("the login went %s after the 503, before its Retry-After of 5s ended", waited)
		}
	})
	t.Run("a 500 backs off its own request only", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 500, Times: 4})
		if err := get(e); err == nil {
			t.Fatal("a read took four 500s")
		}
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 500})
		if _, err := e.client.Do(ctx, failFast(10*time.Second)); err == nil {
			t.Fatal("a fail-fast read took a 500")
		}
		start := e.clock.Now()
		if err := get(e); err != nil || e.clock.Now() != start {
			t.Errorf("a read after 500s: %v, after %s, want it sent at once", err, e.clock.Now().Sub(start))
		}
	})
}

// noticing is a stoppable clock that tells slept of each wait begun.
type noticing struct {
	*stoppable
	slept chan time.Duration
}

func (c *noticing) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case c.slept <- d:
	default:
	}
	return c.stoppable.Sleep(ctx, d)
}

// Defect 7 of issue 22: a fail-fast read bounded below the Retry-After
// another request got fails at once, naming that Retry-After, its end and
// its wait, not that the API gave no answer; one whose deadline passes
// while another request probes says it waited for that probe.
func TestAWaitIsReportedByItsCause(t *testing.T) {
	t.Run("a Retry-After past the deadline", func(t *testing.T) {
		clock := &noticing{stoppable: &stoppable{fakeClock: newFakeClock()}, slept: make(chan time.Duration, 10)}
		srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
		c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1", MaxRetries: 3},
			client.Seam{Clock: clock, Transport: inMemory{srv}, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
			t.Fatal(err)
		}
		srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "5"})
		// The first read meets the 429 and waits out its Retry-After, the
		// clock stopped, until the test ends it.
		clock.stopped.Store(true)
		ctx, cancel := context.WithCancel(context.Background())
		first := make(chan error, 1)
		go func() {
			_, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
			first <- err
		}()
		if d := <-clock.slept; d != 5*time.Second {
			t.Fatalf("the first read waits %s, want the Retry-After's 5s", d)
		}
		start := time.Now()
		_, err = c.Do(context.Background(), failFast(time.Second))
		took := time.Since(start)
		cancel()
		if err := <-first; !errors.Is(err, context.Canceled) {
			t.Errorf("the first read, canceled in its wait: %v", err)
		}
		var re *client.RequestError
		if !errors.As(err, &re) || re.WaitedFor != "a Retry-After from another request" ||
			!strings.Contains(err.Error(), "which ends at 2026-11-27T12:00:05Z") || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the Retry-After from another request, its end, and the deadline it outlasts", err)
		}
		if took > 500*time.Millisecond {
			t.Errorf("the read bounded to 1s took %s to fail, want at once", took)
		}
		if n := srv.Count(fakeapi.EchoPath); n != 1 {
			t.Errorf("%d reads sent, want the first alone", n)
		}
	})
	t.Run("another request's probe", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1"},
			fakeapi.Fault{Path: fakeapi.EchoPath, Delay: time.Second})
		first := make(chan error, 1)
		go func() { first <- get(e) }()
		for e.srv.Count(fakeapi.EchoPath) < 3 {
			time.Sleep(time.Millisecond)
		}
		_, err := e.client.Do(context.Background(), failFast(200*time.Millisecond))
		var re *client.RequestError
		if !errors.As(err, &re) || re.WaitedFor != "another request's probe" || !errors.Is(err, client.ErrBound) {
			t.Errorf("err = %v, want the bound spent waiting for another request's probe", err)
		}
		if err := <-first; err != nil {
			t.Errorf("the probing read: %v", err)
		}
	})
}

// Defect 9 of issue 22: concurrent POSTs inside the refresh window send one
// refresh between them, and one token is minted; once it has ended,
// another request may ask again.
func TestOneRefreshInFlight(t *testing.T) {
	ctx := context.Background()
	post := client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"n":1}`)}
	refreshes := func(e *env) int {
		n := 0
		for _, r := range e.srv.Requests(fakeapi.EchoPath) {
			if bytes.Contains(r.Body, []byte(`"refresh":true`)) {
				n++
			}
		}
		return n
	}
	t.Run("ten at once", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(24*time.Hour - 5*time.Minute)
		// Slow answers keep the ten in flight together.
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Delay: 200 * time.Millisecond, Times: 10})
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if _, err := e.client.Do(ctx, post); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n, issued := refreshes(e), len(e.srv.Issued()); n != 1 || issued != 2 {
			t.Errorf("%d refreshes sent and %d tokens minted by ten POSTs in the refresh window, want 1 and 1", n, issued-1)
		}
	})
	t.Run("again after one without auth", func(t *testing.T) {
		e := newEnv(t, nil)
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(24*time.Hour - 5*time.Minute)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 400})
		if _, err := e.client.Do(ctx, post); err == nil {
			t.Fatal("a POST took a 400")
		}
		if _, err := e.client.Do(ctx, post); err != nil {
			t.Fatal(err)
		}
		if n := refreshes(e); n != 2 {
			t.Errorf("%d refreshes, want 2: the second POST asks again", n)
		}
	})
}

// Defect 5 of issue 22: a given token that one path refuses stays the
// credential's token when its fallback login is rejected, or when that path
// refuses the login's token too: the next read on a good path sends it.
func TestAGivenTokenStaysWhenItsFallbackFails(t *testing.T) {
	ctx := context.Background()
	orders := client.Request{Method: http.MethodGet, Path: fakeapi.OrdersPath + "/LC-1001"}
	for _, tc := range []struct {
		name, key  string
		wantLogins int
	}{
		{"the fallback login is rejected", "lc_stale_key_0a1b2c", 1},
		{"the path refuses the fallback's token too", testKey, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			given := e.srv.Mint(false)
			c := withGiven(t, e, client.Config{APIKey: tc.key, AccessToken: given})
			// The Orders API refuses an access token, the given one too.
			if _, err := c.Do(ctx, orders); err == nil {
				t.Fatal("the Orders API took an access token")
			}
			for range 2 {
				if _, err := readEcho(c); err != nil {
					t.Fatalf("a read on a good path after the fallback failed: %v", err)
				}
			}
			for _, r := range e.srv.Requests(fakeapi.EchoPath) {
				if r.Header.Get("Authorization") != "Bearer "+given {
					t.Error("a read on a good path did not send the given token")
				}
			}
			if n := e.srv.Count(fakeapi.AuthPath); n != tc.wantLogins {
				t.Errorf("%d logins, want %d", n, tc.wantLogins)
			}
			assertNoSecrets(t, "logs", e.logs.text(), given, testKey)
		})
	}
}

// A login after a 401 that hands back the refused token (as the API may for
// a key that holds a valid one) serves every request waiting for it: the
// refused value bars the cached token only until a login has replaced it.
func TestALoginThatHandsBackTheRefusedTokenServesItsWaiters(t *testing.T) {
	c, srv, _, logins := heldEnv(t)
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
		t.Fatal(err)
	}
	// Slow 401s: every read is sent with the token before any is refused.
	srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 10, Delay: 100 * time.Millisecond},
		fakeapi.Fault{Path: fakeapi.AuthPath, Reissue: true})
	release := logins.hold()
	defer release()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
				t.Error(err)
			}
		})
	}
	// The login goes once every read has met its 401 and waits for it.
	select {
	case <-logins.arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("no login after the 401s")
	}
	time.Sleep(100 * time.Millisecond)
	release()
	wg.Wait()
	if n := srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2: the first, and one after the 401s", n)
	}
}
