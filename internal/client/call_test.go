package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

type echoData struct {
	Echo             map[string]any `json:"echo"`
	RefreshRequested bool           `json:"refreshRequested"`
}

func TestCallSendsTheBearerToken(t *testing.T) {
	e := newEnv(t, nil)
	var out echoData
	res, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"sku": "abc"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Echo["sku"] != "abc" || out.RefreshRequested || res.Status != 200 || res.RequestID == "" {
		t.Errorf("out = %+v, res = %+v", out, res)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 1 {
		t.Fatalf("%d echo requests", len(reqs))
	}
	if got, want := reqs[0].Header.Get("Authorization"), "Bearer "+e.srv.Issued()[0]; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if reqs[0].Header.Get("X-LIQUID-API-KEY") != "" {
		t.Error("the API key was sent to an endpoint other than /authentication")
	}
	// A second call reuses the token.
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	if e.srv.Count(fakeapi.AuthPath) != 1 {
		t.Errorf("logged in %d times for two calls", e.srv.Count(fakeapi.AuthPath))
	}
}

func TestCallRefreshesNearExpiry(t *testing.T) {
	cases := []struct {
		name        string
		body        any
		advance     time.Duration
		wantRefresh bool
	}{
		{"plenty of time left", map[string]any{"a": 1}, time.Hour, false},
		{"close to expiry, object body", map[string]any{"a": 1}, 24*time.Hour - 5*time.Minute, true},
		{"close to expiry, struct body", struct {
			A int `json:"a"`
		}{1}, 24*time.Hour - 5*time.Minute, true},
		{"close to expiry, array body", []int{1, 2}, 24*time.Hour - 5*time.Minute, false},
		{"close to expiry, no body", nil, 24*time.Hour - 5*time.Minute, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			first, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(tc.advance)
			_, err = call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, tc.body, nil)
			if err != nil {
				t.Fatal(err)
			}
			reqs := e.srv.Requests(fakeapi.EchoPath)
			var sent map[string]any
			_ = json.Unmarshal(reqs[0].Body, &sent)
			if got := sent["refresh"] == true; got != tc.wantRefresh {
				t.Errorf("refresh sent = %v, want %v (body %s)", got, tc.wantRefresh, reqs[0].Body)
			}
			if tc.wantRefresh && sent["a"] != float64(1) {
				t.Errorf("the caller's fields were lost: %s", reqs[0].Body)
			}
			next, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantRefresh {
				issued := e.srv.Issued()
				if len(issued) != 2 || next.Value != issued[1] || next.Value == first.Value {
					t.Errorf("the refreshed token was not adopted")
				}
				if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
					t.Errorf("the refresh went through /authentication (%d logins)", n)
				}
			} else if next.Value != first.Value {
				t.Errorf("token changed without a refresh")
			}
		})
	}
}

// A token the API took before, then rejects (revoked on the server), costs
// one new login and one retry.
func TestCallReauthenticatesOnceOn401(t *testing.T) {
	e := newEnv(t, nil)
	if _, err := call(context.Background(), e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
		t.Fatal(err)
	}
	first := e.srv.Issued()[0]
	e.srv.Revoke(first)
	var out echoData
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"n": 1}, &out); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 3 || e.srv.Count(fakeapi.AuthPath) != 2 {
		t.Fatalf("%d calls and %d logins, want 3 and 2", len(reqs), e.srv.Count(fakeapi.AuthPath))
	}
	if got := reqs[2].Header.Get("Authorization"); got != "Bearer "+e.srv.Issued()[1] {
		t.Errorf("retry used %q", got)
	}
	if out.Echo["n"] != float64(1) {
		t.Errorf("out = %+v", out)
	}
}

func TestCallRetriesTransientFailures(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 503}, fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "0"})
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"x": true}, nil); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if !strings.Contains(string(r.Body), `"x":true`) {
			t.Errorf("attempt %d lost its body: %s", i+1, r.Body)
		}
	}
}

func TestCallAdoptsAuthFromAnyResponse(t *testing.T) {
	cases := []struct {
		name    string
		fault   fakeapi.Fault
		wantErr bool
	}{
		{"unrequested, on success", fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true}, false},
		{"on a failed response", fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true, Status: 409}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			first, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			// The token in auth is issued later, so it expires later.
			e.clock.Advance(time.Second)
			e.srv.Inject(tc.fault)
			_, err = call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			next, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			issued := e.srv.Issued()
			if next.Value == first.Value || next.Value != issued[len(issued)-1] {
				t.Error("the token in auth was not adopted")
			}
			if e.srv.Count(fakeapi.AuthPath) != 1 {
				t.Error("adopting went through /authentication")
			}
		})
	}
}

func TestCallRedirectToAnotherHostIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	elsewhere := fakeapi.New(fakeapi.Options{})
	url, stop := elsewhere.Start()
	defer stop()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, RedirectTo: url})
	_, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
	if !errors.Is(err, client.ErrRedirectRefused) {
		t.Fatalf("err = %v", err)
	}
	if n := elsewhere.Count(""); n != 0 {
		t.Errorf("the token went to another host (%d requests)", n)
	}
}

func TestCallRetriesOnlyWhatIsSafeToSendAgain(t *testing.T) {
	cases := []struct {
		method string
		status int
		want   int // requests
	}{
		{http.MethodPost, 503, 2},
		{http.MethodPost, 429, 2},
		{http.MethodPost, 500, 1},
		{http.MethodPost, 502, 1},
		{http.MethodPost, 504, 1},
		{http.MethodGet, 500, 2},
		{http.MethodGet, 502, 2},
		{http.MethodGet, 504, 2},
		{http.MethodGet, 400, 1},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+http.StatusText(tc.status), func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: tc.status, RetryAfter: "0"})
			_, _ = call(context.Background(), e.client, tc.method, fakeapi.EchoPath, map[string]any{}, nil)
			if n := e.srv.Count(fakeapi.EchoPath); n != tc.want {
				t.Errorf("%d requests, want %d", n, tc.want)
			}
		})
	}
}
