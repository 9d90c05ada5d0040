package client_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestUnusableResponses(t *testing.T) {
	cases := []struct {
		name       string
		fault      fakeapi.Fault
		wantReason string
	}{
		{"truncated JSON", fakeapi.Fault{Body: fakeapi.BodyMalformed}, "not valid JSON: syntax error"},
		{"HTML page", fakeapi.Fault{Body: fakeapi.BodyHTML}, "not a JSON object"},
		{"empty body", fakeapi.Fault{Body: fakeapi.BodyEmpty}, "body is empty"},
		{"huge body", fakeapi.Fault{Body: fakeapi.BodyHuge}, "larger than the 8 MiB"},
		{"exp as a duration in seconds", fakeapi.Fault{Exp: func(time.Time) any { return 86400 }}, "not an expiry time in epoch milliseconds"},
		{"exp in epoch seconds", fakeapi.Fault{Exp: func(now time.Time) any { return now.Add(24 * time.Hour).Unix() }}, "may be sending seconds"},
		{"exp in microseconds", fakeapi.Fault{Exp: func(now time.Time) any { return now.Add(24 * time.Hour).UnixMicro() }}, "not an expiry time in epoch milliseconds"},
		{"exp in the past", fakeapi.Fault{Exp: func(now time.Time) any { return now.Add(-time.Minute).UnixMilli() }}, "not in the future"},
		{"exp years ahead", fakeapi.Fault{Exp: func(now time.Time) any { return now.Add(5 * 365 * 24 * time.Hour).UnixMilli() }}, "implausibly far"},
		{"exp missing", fakeapi.Fault{Exp: func(time.Time) any { return nil }}, "exp is missing"},
		{"exp not a number", fakeapi.Fault{Exp: func(time.Time) any { return "tomorrow" }}, "exp is missing or not a whole number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			tc.fault.Path = fakeapi.AuthPath
			e.srv.Inject(tc.fault)
			_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			var re *client.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *ResponseError", err)
			}
			if !strings.Contains(re.Reason, tc.wantReason) {
				t.Errorf("reason %q does not contain %q", re.Reason, tc.wantReason)
			}
			if wantMalformed := tc.fault.Body != ""; re.Malformed != wantMalformed {
				t.Errorf("Malformed = %v, want %v", re.Malformed, wantMalformed)
			}
			if e.srv.Count(fakeapi.AuthPath) != 1 {
				t.Errorf("an unusable 200 was retried")
			}
			for _, tok := range e.srv.Issued() {
				assertNoSecrets(t, "error", err.Error(), tok)
			}
			assertNoSecrets(t, "error", err.Error(), testKey, "lc_trunc")
		})
	}
}

func TestExpAsNumericStringIsAccepted(t *testing.T) {
	e := newEnv(t, nil)
	var want int64
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Exp: func(now time.Time) any {
		want = now.Add(time.Hour).UnixMilli()
		return strconv.FormatInt(want, 10)
	}})
	tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Exp != want {
		t.Errorf("exp = %d, want %d", tok.Exp, want)
	}
}

func TestExpiryUsesTheServerClock(t *testing.T) {
	cases := []struct {
		name     string
		skew     time.Duration // server clock minus local clock
		omitTS   bool
		wantLeft time.Duration // validity left by the local clock
	}{
		{"clocks agree", 0, false, 24 * time.Hour},
		{"server one hour ahead", time.Hour, false, 24 * time.Hour},
		{"server two hours behind", -2 * time.Hour, false, 24 * time.Hour},
		{"no timestamp, Date header used", time.Hour, true, 24 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.SetNow(func() time.Time { return e.clock.Now().Add(tc.skew) })
			if tc.omitTS {
				e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, OmitTimestamp: true})
			}
			tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			// exp is on the server's clock; the decision is on ours.
			if want := e.clock.Now().Add(tc.skew + 24*time.Hour).UnixMilli(); tok.Exp != want {
				t.Errorf("exp = %d, want %d as the server issued it", tok.Exp, want)
			}
			left := tok.Remaining(e.clock.Now())
			if d := left - tc.wantLeft; d > time.Second || d < -time.Second {
				t.Errorf("validity left = %s, want %s", left, tc.wantLeft)
			}
			// With the server one hour ahead, a naive client would think a
			// token it got 23h30m ago still has 30 minutes; it has none.
			e.clock.Advance(tc.wantLeft - 10*time.Minute)
			if _, err := e.client.Token(context.Background(), client.APIKey, need(15*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if e.srv.Count(fakeapi.AuthPath) != 2 {
				t.Errorf("token with 10 minutes left was reused for a 15-minute need")
			}
		})
	}
}

func TestAPIErrorCarriesEnvelopeFields(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, Times: 10})
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	if ae.HTTPStatus != 503 || ae.StatusCode != 503 || ae.Message != "Service Unavailable" || ae.HTTPStatus < 500 || ae.Attempts != 4 {
		t.Errorf("error = %+v", ae)
	}
	if ae.Method != "GET" || ae.Path != "/authentication" {
		t.Errorf("method/path = %s %s", ae.Method, ae.Path)
	}
	want := "GET /authentication: HTTP 503: Service Unavailable [requestId " + ae.RequestID + "] after 4 attempts"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}
