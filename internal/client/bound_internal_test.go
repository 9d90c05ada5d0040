package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A request's bound, waits at the gate included, comes from its own limits
// where it has them and the client's otherwise (TestOwnLimitsBoundTheWaitAtTheGate
// shows a wait cut short by it).
func TestLimitsAreTheRequestsOrTheClients(t *testing.T) {
	c, err := newClient(Config{APIKey: "k", RequestTimeout: 7 * time.Second, MaxRetries: 3}, tuning{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r        Request
		timeout  time.Duration
		retries  int
		shareLim time.Duration
	}{
		{Request{}, 7 * time.Second, 3, 4*7*time.Second + 3*MaxRetryAfter},
		{Request{Timeout: time.Second}, time.Second, 3, 4*time.Second + 3*MaxRetryAfter},
		{Request{MaxRetries: new(0)}, 7 * time.Second, 0, 7 * time.Second},
	} {
		timeout, retries := c.limits(&request{Request: tc.r})
		if timeout != tc.timeout || retries != tc.retries || Bound(timeout, retries) != tc.shareLim {
			t.Errorf("limits(%+v) = %s, %d (bound %s); want %s, %d (bound %s)", tc.r, timeout, retries,
				Bound(timeout, retries), tc.timeout, tc.retries, tc.shareLim)
		}
	}
}

// A request with limits of its own has its own bound: a wait at the gate
// past it ends the request at once, with an error that names the wait
// (issue 22: before, it waited out its bound and blamed the bound).
func TestOwnLimitsBoundTheWaitAtTheGate(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"k"}})
	url, stop := srv.Start()
	defer stop()
	c, err := newClient(Config{APIKey: "k", BaseURL: url, MaxRetries: 3}, tuning{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Token(context.Background(), APIKey, Validity{Min: time.Minute}); err != nil {
		t.Fatal(err)
	}
	// The first request probes through a 1s Retry-After; the second cannot
	// wait for it at the gate within its own bound of 100ms.
	srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "1"})
	probed := make(chan error, 1)
	go func() {
		_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
		probed <- err
	}()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		c.apiKey.mu.Lock()
		probing := c.apiKey.gate.prober != nil
		c.apiKey.mu.Unlock()
		if probing {
			break
		} else if time.Now().After(deadline) {
			t.Fatal("the first request never probed")
		}
	}
	start := time.Now()
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
		Timeout: 100 * time.Millisecond, MaxRetries: new(0)})
	var re *RequestError
	if !errors.As(err, &re) || !errors.Is(err, context.DeadlineExceeded) || re.Until.IsZero() ||
		re.WaitedFor != "a Retry-After from another request" || !strings.Contains(err.Error(), "past the request's deadline") {
		t.Errorf("err = %v, want the Retry-After that ends past the request's bound", err)
	}
	if waited := time.Since(start); waited > 90*time.Millisecond {
		t.Errorf("waited %s, past the request's bound of 100ms", waited)
	}
	if err := <-probed; err != nil {
		t.Errorf("the probing request: %v", err)
	}
	if n := srv.Count(fakeapi.EchoPath); n != 2 {
		t.Errorf("%d requests, want 2: the bounded one never went", n)
	}
}
