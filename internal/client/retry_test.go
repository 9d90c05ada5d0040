package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestTransientFailuresAreRetried(t *testing.T) {
	cases := []struct {
		name         string
		faults       []fakeapi.Fault
		maxRetries   int
		wantRequests int
		wantStatus   int // 0: success
	}{
		{"429 then success", []fakeapi.Fault{{Status: 429, RetryAfter: "0"}}, 3, 2, 0},
		{"502 then success", []fakeapi.Fault{{Status: 502}}, 3, 2, 0},
		{"503 then success", []fakeapi.Fault{{Status: 503}}, 3, 2, 0},
		{"504 then success", []fakeapi.Fault{{Status: 504}}, 3, 2, 0},
		{"HTML 502 from a proxy then success", []fakeapi.Fault{{Status: 502, Body: fakeapi.BodyHTML}}, 3, 2, 0},
		{"dropped connection then success", []fakeapi.Fault{{Drop: true}}, 3, 2, 0},
		{"mixed faults then success", []fakeapi.Fault{{Drop: true}, {Status: 503}, {Status: 429, RetryAfter: "0"}}, 3, 4, 0},
		{"500 then success", []fakeapi.Fault{{Status: 500}}, 3, 2, 0},
		{"500 beyond max_retries", []fakeapi.Fault{{Status: 500, Times: 10}}, 2, 3, 500},
		{"404 is not retried", []fakeapi.Fault{{Status: 404}}, 3, 1, 404},
		{"429 beyond max_retries", []fakeapi.Fault{{Status: 429, RetryAfter: "0", Times: 10}}, 2, 3, 429},
		{"max_retries 0 means one attempt", []fakeapi.Fault{{Status: 503, Times: 10}}, 0, 1, 503},
		{"Retry-After longer than the client waits", []fakeapi.Fault{{Status: 429, RetryAfter: "3600"}}, 3, 1, 429},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *client.Config) { c.MaxRetries = tc.maxRetries })
			for i := range tc.faults {
				tc.faults[i].Path = fakeapi.AuthPath
			}
			e.srv.Inject(tc.faults...)
			tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if got := e.srv.Count(fakeapi.AuthPath); got != tc.wantRequests {
				t.Errorf("%d requests, want %d", got, tc.wantRequests)
			}
			if tc.wantStatus == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if issued := e.srv.Issued(); len(issued) != 1 || issued[0] != tok.Value {
					t.Errorf("token %q, issued %v", tok.Value, issued)
				}

				return
			}
			var ae *client.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != tc.wantStatus {
				t.Fatalf("err = %v, want APIError with HTTP %d", err, tc.wantStatus)
			}
			if ae.Attempts != tc.wantRequests {
				t.Errorf("Attempts = %d, want %d", ae.Attempts, tc.wantRequests)
			}
			if ae.RequestID == "" {
				t.Error("no request id on the error")
			}
			if tc.wantStatus == 429 && tc.faults[0].RetryAfter == "3600" && ae.RetryAfter != time.Hour {
				t.Errorf("RetryAfter = %s, want 1h", ae.RetryAfter)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "1"})
	start := e.clock.Now()
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if waited := e.clock.Now().Sub(start); waited < time.Second {
		t.Errorf("retried after %s, before the 1s Retry-After", waited)
	}
}

func TestRetryAfterAsHTTPDate(t *testing.T) {
	e := newEnv(t, nil)
	// The date is one hour after the (fake) client clock: too long to wait.
	when := e.clock.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: when})
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusTooManyRequests {
		t.Fatalf("err = %v", err)
	}
	if ae.RetryAfter < 59*time.Minute || ae.RetryAfter > time.Hour {
		t.Errorf("RetryAfter = %s, want about 1h", ae.RetryAfter)
	}
	if e.srv.Count(fakeapi.AuthPath) != 1 {
		t.Errorf("retried although the date is beyond the longest wait")
	}
}

// Cancellation stops a request's retries at once.
func TestCancellationStopsRetries(t *testing.T) {
	e := newEnv(t, nil)
	// The real clock, so that the retry's wait is a real one.
	c, err := client.New(client.Config{APIKey: testKey, BaseURL: e.url, MaxRetries: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503, RetryAfter: "1", Times: 10})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for e.srv.Count(fakeapi.EchoPath) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	_, err = c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The retry was due after one second; give it time to happen if the
	// cancellation did not stop it.
	time.Sleep(1500 * time.Millisecond)
	if got := e.srv.Count(fakeapi.EchoPath); got != 1 {
		t.Errorf("%d requests after cancellation, want 1", got)
	}
}

func TestRetryAfterAsHTTPDateIsWaitedFor(t *testing.T) {
	e := newEnv(t, nil)
	when := e.clock.Now().Add(time.Second).UTC().Format(http.TimeFormat)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, RetryAfter: when})
	start := e.clock.Now()
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if waited := e.clock.Now().Sub(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %s, before the date in Retry-After", waited)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestPermanentTransportErrorsAreNotRetried(t *testing.T) {
	// An https base URL pointing at a plain-http server fails the same way
	// every time.
	e := newEnv(t, nil)
	https := "https://" + e.url[len("http://"):]
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: https, MaxRetries: 3}, fastSeam(newFakeClock()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Token(context.Background(), client.APIKey, need(time.Minute))
	var re *client.RequestError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RequestError", err)
	}
	if re.Attempts != 1 {
		t.Errorf("%d attempts, want 1", re.Attempts)
	}
}

func TestRequestTimeout(t *testing.T) {
	e := newEnv(t, func(c *client.Config) {
		c.RequestTimeout = 50 * time.Millisecond
		c.MaxRetries = 1
	})
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 5 * time.Second, Times: 2})
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	var re *client.RequestError
	if !errors.As(err, &re) || re.AttemptTimeout != 50*time.Millisecond || errors.Is(re, context.Canceled) {
		t.Fatalf("err = %v, want a timed-out RequestError", err)
	}
	if re.Attempts != 2 {
		t.Errorf("Attempts = %d, want 2 (a timeout is retried)", re.Attempts)
	}
}

func TestConnectionRefused(t *testing.T) {
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1", MaxRetries: 2}, fastSeam(newFakeClock()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Token(context.Background(), client.APIKey, need(time.Minute))
	var re *client.RequestError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RequestError", err)
	}
	if re.Attempts != 3 {
		t.Errorf("attempts = %d, want 3", re.Attempts)
	}
	assertNoSecrets(t, "error", err.Error(), testKey)
	if want := "GET /authentication: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err.Error(), want)
	}
}

func TestRetriesAreLogged(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "0"})
	tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	logs := e.logs.text()
	for _, want := range []string{
		"LiquidCommerce API response", "status=429", "retry_after=0", "retry_in_ms=", "error=GET /authentication: HTTP 429",
		"attempt=2", "status=200", "request_id=reqid_",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	assertNoSecrets(t, "logs", logs, testKey, tok.Value)
}
