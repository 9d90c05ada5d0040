package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// getEcho sends GET /test/echo with the rest of in.
func getEcho(e *env, in client.Request) (*client.Response, error) {
	in.Method, in.Path = http.MethodGet, fakeapi.EchoPath
	return e.client.Do(context.Background(), in)
}

// A request's own MaxRetries replaces the client's for it alone.
func TestPerRequestMaxRetries(t *testing.T) {
	e := newEnv(t, nil) // the client retries 3 times
	if _, err := e.client.Token(context.Background(), client.APIKey, need(0)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		retries       *int
		faults, calls int
		wantStatus    int // 0: success
	}{
		{new(0), 10, 1, 503},
		{new(1), 10, 2, 503},
		{nil, 10, 4, 503},
		{nil, 2, 3, 0},
		{new(5), 5, 6, 0},
	}
	for _, tc := range cases {
		e.srv.ClearFaults()
		// A failure held from the case before is over.
		e.clock.Advance(time.Hour)
		before := e.srv.Count(fakeapi.EchoPath)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: http.StatusServiceUnavailable, Times: tc.faults})
		_, err := getEcho(e, client.Request{MaxRetries: tc.retries})
		var ae *client.APIError
		switch {
		case tc.wantStatus == 0 && err != nil:
			t.Errorf("MaxRetries %v against %d 503s: %v, want success", tc.retries, tc.faults, err)
		case tc.wantStatus != 0 && (!errors.As(err, &ae) || ae.HTTPStatus != tc.wantStatus || ae.Attempts != tc.calls):
			t.Errorf("MaxRetries %v against %d 503s: %v, want the 503's APIError after %d attempts",
				tc.retries, tc.faults, err, tc.calls)
		}
		if n := e.srv.Count(fakeapi.EchoPath) - before; n != tc.calls {
			t.Errorf("MaxRetries %v against %d 503s: %d calls, want %d", tc.retries, tc.faults, n, tc.calls)
		}
	}
}

// A login that a request starts has the request's retries, so that a
// fail-fast read of an API that is down fails fast from start to end; a
// request without its own keeps the client's for the login too.
func TestPerRequestMaxRetriesApplyToTheLoginItStarts(t *testing.T) {
	e := newEnv(t, nil) // the client retries 3 times
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: http.StatusServiceUnavailable, Times: 100})
	_, err := getEcho(e, client.Request{MaxRetries: new(0)})
	var ae *client.APIError
	if !errors.As(err, &ae) || !ae.Login || ae.HTTPStatus != http.StatusServiceUnavailable {
		t.Fatalf("Do: %v, want the login's 503", err)
	}
	if n := e.srv.Count(""); n != 1 {
		t.Errorf("%d requests, want 1: the login, not retried", n)
	}

	e.srv.ClearFaults()
	e.clock.Advance(time.Hour) // the held failure is over
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: http.StatusServiceUnavailable})
	if _, err := getEcho(e, client.Request{}); err != nil {
		t.Fatalf("Do: %v, want success after the login's retry", err)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 3 {
		t.Errorf("%d logins in all, want 3: the first, then one retried as the client does", n)
	}
}

// A request's own Timeout bounds each of its attempts; requests without
// one keep the client's RequestTimeout, and a longer one is not cut short
// by it.
func TestPerRequestTimeout(t *testing.T) {
	e := newEnv(t, func(c *client.Config) { c.RequestTimeout, c.MaxRetries = 300*time.Millisecond, 1 })
	if _, err := e.client.Token(context.Background(), client.APIKey, need(0)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Delay: 5 * time.Second, Times: 2})
	_, err := getEcho(e, client.Request{Timeout: 50 * time.Millisecond})
	var re *client.RequestError
	if !errors.As(err, &re) || re.AttemptTimeout != 50*time.Millisecond || re.Attempts != 2 ||
		!errors.Is(err, context.DeadlineExceeded) || errors.Is(err, client.ErrBound) {
		t.Fatalf("err = %v, want a RequestError after 2 attempts of 50ms", err)
	}

	e.clock.Advance(time.Hour)
	start := time.Now()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Delay: 5 * time.Second, Times: 2})
	_, err = getEcho(e, client.Request{})
	if !errors.As(err, &re) || re.AttemptTimeout != 300*time.Millisecond || re.Attempts != 2 {
		t.Fatalf("err = %v, want the client's 300ms attempt timeout, twice", err)
	}
	if took := time.Since(start); took < 600*time.Millisecond {
		t.Errorf("two attempts took %s, less than the client's 2 × 300ms", took)
	}

	e.clock.Advance(time.Hour)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Delay: 600 * time.Millisecond})
	if _, err = getEcho(e, client.Request{Timeout: 5 * time.Second, MaxRetries: new(0)}); err != nil {
		t.Fatalf("err = %v, want an answer within the request's own 5s", err)
	}
}

func TestPerRequestLimitsAreChecked(t *testing.T) {
	e := newEnv(t, nil)
	for field, in := range map[string]client.Request{
		"max_retries":     {MaxRetries: new(-1)},
		"request_timeout": {Timeout: -time.Second},
	} {
		_, err := getEcho(e, in)
		var ce *client.ConfigError
		if !errors.As(err, &ce) || ce.Field != field {
			t.Errorf("%s: err = %v, want a %s ConfigError", field, err, field)
		}
	}
	if n := e.srv.Count(""); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// The failure of a request or a login that ran with its own retries is not
// held for the others: the next request, with the client's retries, tries
// for itself and gets through a transient 503.
func TestOwnRetriesFailureIsNotHeld(t *testing.T) {
	for _, path := range []string{fakeapi.AuthPath, fakeapi.EchoPath} {
		e := newEnv(t, nil)
		if path == fakeapi.EchoPath {
			if _, err := e.client.Token(context.Background(), client.APIKey, need(0)); err != nil {
				t.Fatal(err)
			}
		}
		e.srv.Inject(fakeapi.Fault{Path: path, Status: http.StatusServiceUnavailable, Times: 2})
		if _, err := getEcho(e, client.Request{MaxRetries: new(0)}); err == nil {
			t.Fatalf("%s: the fail-fast request succeeded against a 503", path)
		}
		if _, err := getEcho(e, client.Request{}); err != nil {
			t.Errorf("%s: the next request failed: %v, want it to retry past the second 503", path, err)
		}
	}
}
