package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// stoppable is a fake clock that can stand still: while it does, a Sleep
// ends only with its context, so a request that waits for anything does not
// finish.
type stoppable struct {
	*fakeClock
	stopped atomic.Bool
}

func (c *stoppable) Sleep(ctx context.Context, d time.Duration) error {
	if c.stopped.Load() {
		<-ctx.Done()
		return context.Cause(ctx)
	}
	return c.fakeClock.Sleep(ctx, d)
}

// heldLogins carries requests to next, and, while it holds, keeps every
// login at the transport until it lets go, telling arrived of each.
type heldLogins struct {
	next    http.RoundTripper
	arrived chan struct{}

	mu   sync.Mutex
	shut chan struct{}
}

func newHeldLogins(next http.RoundTripper) *heldLogins {
	return &heldLogins{next: next, arrived: make(chan struct{}, 100)}
}

// hold keeps the logins from now on; the function it returns lets them go,
// once however often it is called.
func (h *heldLogins) hold() func() {
	shut := make(chan struct{})
	h.mu.Lock()
	h.shut = shut
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			h.shut = nil
			h.mu.Unlock()
			close(shut)
		})
	}
}

func (h *heldLogins) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	shut := h.shut
	h.mu.Unlock()
	if p := req.URL.Path; shut != nil && (p == fakeapi.AuthPath || p == fakeapi.OrdersAuthPath) {
		h.arrived <- struct{}{}
		select {
		case <-shut:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return h.next.RoundTrip(req)
}

// heldEnv is a client of an in-memory fake API on a stoppable clock, whose
// logins can be held.
func heldEnv(t *testing.T) (*client.Client, *fakeapi.Server, *stoppable, *heldLogins) {
	t.Helper()
	clock := &stoppable{fakeClock: newFakeClock()}
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
	logins := newHeldLogins(inMemory{srv})
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1", MaxRetries: 3},
		client.Seam{Clock: clock, Transport: logins, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, clock, logins
}

// Defect 4 of issue 22: a read that asks more validity than the cached
// token has left logs in, and the login hangs. Reads that hold the cached
// token finish all the same, with the clock stopped: they wait for nothing.
func TestReadsHoldingAGoodTokenNeverWaitOnALogin(t *testing.T) {
	c, srv, clock, logins := heldEnv(t)
	ctx := context.Background()
	if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	release := logins.hold()
	defer release()
	clock.stopped.Store(true)
	slow := make(chan error, 1)
	go func() {
		_, err := c.Token(ctx, client.APIKey, need(24*time.Hour-30*time.Second))
		slow <- err
	}()
	<-logins.arrived
	const reads = 30
	done := make(chan error, reads)
	for i := range reads {
		go func() {
			var err error
			switch i % 3 {
			case 0:
				_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
			case 1:
				_, err = c.Do(ctx, client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"n":1}`)})
			default:
				_, err = c.Token(ctx, client.APIKey, need(time.Minute))
			}
			done <- err
		}()
	}
	timeout := time.After(5 * time.Second)
	for range reads {
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("a read holding a good token: %v", err)
			}
		case <-timeout:
			t.Fatalf("reads holding a good token are waiting for the login in flight")
		}
	}
	release()
	clock.stopped.Store(false)
	if err := <-slow; err != nil {
		t.Fatalf("the slow login: %v", err)
	}
	if n := srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// Defect 3 of issue 22: a failed login fails the callers that needed it,
// and not the reads that hold a good token. Only a rejected credential is
// remembered, for later logins.
func TestAFailedLoginFailsOnlyItsCallers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    fakeapi.Fault
		rejected bool
	}{
		{"500s until the retries run out", fakeapi.Fault{Status: 500}, false},
		{"dropped connections", fakeapi.Fault{Drop: true}, false},
		{"a token that cannot be used", fakeapi.Fault{Exp: func(now time.Time) any {
			return now.Add(-time.Hour).UnixMilli()
		}}, false},
		{"a rejected key", fakeapi.Fault{Status: 401}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			ctx := context.Background()
			if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
				t.Fatal(err)
			}
			tc.fault.Path, tc.fault.Times = fakeapi.AuthPath, 1000
			e.srv.Inject(tc.fault)
			e.clock.Advance(time.Minute)
			var wg sync.WaitGroup
			for range 5 {
				wg.Go(func() {
					if _, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-30*time.Second)); err == nil {
						t.Error("a caller that needed the failed login got a token")
					}
				})
			}
			wg.Wait()
			for i := range 10 {
				in := client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}
				if i%2 == 1 {
					in.Method, in.Body = http.MethodPost, []byte(`{"n":1}`)
				}
				if _, err := e.client.Do(ctx, in); err != nil {
					t.Fatalf("a read holding a good token failed with the login's failure: %v", err)
				}
			}
			logins := e.srv.Count(fakeapi.AuthPath)
			_, err := e.client.Token(ctx, client.APIKey, need(24*time.Hour-30*time.Second))
			var held *client.HeldError
			switch sent := e.srv.Count(fakeapi.AuthPath) - logins; {
			case tc.rejected && (!errors.As(err, &held) || sent != 0):
				t.Errorf("after a rejection: %v after %d logins, want the held rejection and none", err, sent)
			case !tc.rejected && (err == nil || errors.As(err, &held) || sent == 0):
				t.Errorf("after a failed login: %v after %d logins, want the next login tried", err, sent)
			}
		})
	}
}

// Defect 2 of issue 22: a request bounded to 100ms that waits for another
// request's slow login fails at its own bound, and says what it waited for.
func TestWaitingForALoginSpendsTheRequestsBound(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 1500 * time.Millisecond})
	first := make(chan error, 1)
	go func() {
		_, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
		first <- err
	}()
	for e.srv.Count(fakeapi.AuthPath) == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	_, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
		Timeout: 100 * time.Millisecond, MaxRetries: new(0)})
	took := time.Since(start)
	var re *client.RequestError
	if !errors.As(err, &re) || !errors.Is(err, client.ErrBound) || re.Path != fakeapi.AuthPath ||
		!strings.Contains(err.Error(), "for a login in progress") || !strings.Contains(err.Error(), ", 100ms:") {
		t.Errorf("err = %v, want the bound of 100ms, spent waiting for the login in progress", err)
	}
	if took > time.Second {
		t.Errorf("the request bounded to 100ms took %s", took)
	}
	if err := <-first; err != nil {
		t.Errorf("the request that logged in: %v", err)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
}

// A login that ran on the limits of the request that started it fails that
// request; a request that waited for it, with deadline left, logs in
// itself. One on the client's limits fails every request waiting for it,
// and costs one login.
func TestALoginsFailureOnItsStartersLimits(t *testing.T) {
	for _, own := range []bool{true, false} {
		e := newEnv(t, func(c *client.Config) { c.MaxRetries = 0 })
		ctx := context.Background()
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 500, Delay: 300 * time.Millisecond})
		starter := client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}
		if own {
			starter.Timeout = 10 * time.Second
		}
		first := make(chan error, 1)
		go func() {
			_, err := e.client.Do(ctx, starter)
			first <- err
		}()
		for e.srv.Count(fakeapi.AuthPath) == 0 {
			time.Sleep(time.Millisecond)
		}
		_, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
		var ae *client.APIError
		if startErr := <-first; !errors.As(startErr, &ae) || !ae.Login || ae.HTTPStatus != 500 {
			t.Errorf("own limits %v: the starter: %v, want its login's 500", own, startErr)
		}
		wantLogins := 1
		if own {
			wantLogins = 2
			if err != nil {
				t.Errorf("a request that waited for a fail-fast login: %v, want its own login", err)
			}
		} else if !errors.As(err, &ae) || ae.HTTPStatus != 500 {
			t.Errorf("a request that waited for the login: %v, want its 500", err)
		}
		if n := e.srv.Count(fakeapi.AuthPath); n != wantLogins {
			t.Errorf("own limits %v: %d logins, want %d", own, n, wantLogins)
		}
	}
}
