package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A statusCode written as a string with escapes means what any JSON reader
// takes it for: "\u0034\u0030\u0030" is 400, so a 200 carrying it failed.
func TestEscapedStatusCodeIsRead(t *testing.T) {
	e := newEnv(t, nil)
	seam := fastSeam(e.clock)
	seam.Transport = rewriting(func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"statusCode":200`), []byte(`"statusCode":"\u0034\u0030\u0030"`), 1)
	})
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: e.url}, seam)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath,
		Body: []byte(`{}`)})
	if apiErr, ok := errors.AsType[*client.APIError](err); !ok || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v, want the *APIError of statusCode 400", err)
	}
}

// A bare login answer's expiresIn is seconds: one too long for a
// time.Duration must not wrap round to a plausible lifetime.
// 18446747674 s is 2^64 ns and an hour, once wrapped.
func TestExpiresInBeyondADurationIsRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"accessToken":"lco_wrapped","tokenType":"Bearer","expiresIn":18446747674}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{OrdersUserID: "u", OrdersPassword: "p", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(context.Background(), client.Orders, need(time.Minute))
	if _, ok := errors.AsType[*client.ResponseError](err); !ok {
		t.Fatalf("err = %v, token %s; want a *ResponseError for an expiry 584 years ahead", err, tok)
	}
}

// An expiry the client refuses is named, never quoted: neither the error
// nor the log lines repeat exp, or the time it would be.
func TestRefusedExpiryIsNotQuoted(t *testing.T) {
	for name, exp := range map[string]func(time.Time) any{
		"seconds":      func(time.Time) any { return 86417 },
		"microseconds": func(now time.Time) any { return now.Add(24 * time.Hour).UnixMicro() },
		"past":         func(now time.Time) any { return now.Add(-time.Minute).UnixMilli() },
		"years ahead":  func(now time.Time) any { return now.Add(5 * 365 * 24 * time.Hour).UnixMilli() },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, nil)
			value := fmt.Sprint(exp(e.clock.Now()))
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Exp: exp})
			_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if _, ok := errors.AsType[*client.ResponseError](err); !ok {
				t.Fatalf("err = %v, want a *ResponseError", err)
			}
			for what, text := range map[string]string{"error": err.Error(), "logs": e.logs.text()} {
				if strings.Contains(text, value) || strings.Contains(text, e.clock.Now().Format(time.RFC3339)) {
					t.Errorf("%s repeats exp %s or the server's time: %s", what, value, text)
				}
			}
		})
	}
}

// The log line of a login names no value of its answer: data.type is a
// string the API wrote, which a log line must not repeat.
func TestLoginLogRepeatsNoValueOfTheAnswer(t *testing.T) {
	const marker = "qzxwvkjm"
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Edit: func(b map[string]any) {
		data, _ := b["data"].(map[string]any)
		data["type"] = "ACCESS_" + marker + "_TOKEN"
	}})
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if logs := e.logs.text(); !strings.Contains(logs, "Obtained LiquidCommerce token") || strings.Contains(logs, marker) {
		t.Fatalf("the login's log lines repeat data.type, or there is none:\n%s", logs)
	}
}

// The log line of an answer gives the wait Retry-After asked for, not the
// header, which may hold anything.
func TestRetryAfterIsLoggedAsTheWaitRead(t *testing.T) {
	e := newEnv(t, func(c *client.Config) { c.MaxRetries = 0 })
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "qzxwvkjm"})
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err == nil {
		t.Fatal("no error")
	}
	if logs := e.logs.text(); !strings.Contains(logs, "status=429") || strings.Contains(logs, "qzxwvkjm") {
		t.Fatalf("the log lines repeat the Retry-After header, or there is none:\n%s", logs)
	}
}
