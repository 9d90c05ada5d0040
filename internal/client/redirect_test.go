package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestRedirectToTheSameHostIsFollowed(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, RedirectTo: e.url})
	tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Value != e.srv.Issued()[0] {
		t.Error("wrong token after redirect")
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	elsewhere := fakeapi.New(fakeapi.Options{Keys: []string{testKey}})
	// localhost and 127.0.0.1 are different hosts to a browser and to us.
	url, stop := elsewhere.Start()
	defer stop()
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, RedirectTo: url})
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if !errors.Is(err, client.ErrRedirectRefused) {
		t.Fatalf("err = %v, want ErrRedirectRefused", err)
	}
	if n := elsewhere.Count(""); n != 0 {
		t.Errorf("the other host received %d requests", n)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("a refused redirect was retried: %d requests", n)
	}
	assertNoSecrets(t, "error", err.Error(), testKey)
}

// A redirect never changes a request's method or drops its body: a POST
// redirected with 301, 302 or 303 is refused, 307 and 308 keep both.
func TestRedirectKeepsMethodAndBody(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, RedirectTo: e.url, RedirectStatus: status})
			body := []byte(`{"search":"gin","page":0}`)
			res, err := e.client.Do(context.Background(), client.Request{
				Method: http.MethodPost, Path: fakeapi.EchoPath, Body: body, Query: url.Values{"q": {"a b"}},
			})
			reqs := e.srv.Requests(fakeapi.EchoPath)
			if status < 307 {
				if !errors.Is(err, client.ErrRedirectRefused) || !strings.Contains(err.Error(), "POST") {
					t.Fatalf("err = %v, want a refused redirect naming POST", err)
				}
				if len(reqs) != 1 {
					t.Errorf("%d requests, want 1 (refused, not retried)", len(reqs))
				}
				return
			}
			if err != nil || res.Status != 200 {
				t.Fatalf("res = %+v, err = %v", res, err)
			}
			if len(reqs) != 2 || reqs[1].Method != http.MethodPost || string(reqs[1].Body) != string(body) {
				t.Fatalf("the redirected request was %s %q, want POST %q", reqs[len(reqs)-1].Method, reqs[len(reqs)-1].Body, body)
			}
			if reqs[1].Header.Get("Authorization") == "" {
				t.Error("the redirected request lost its token on the same host")
			}
		})
	}
	// A GET stays a GET on 301, and is followed.
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, RedirectTo: e.url, RedirectStatus: 301})
	if _, err := call(context.Background(), e.client, http.MethodGet, fakeapi.EchoPath, nil, nil); err != nil {
		t.Errorf("GET after 301: %v", err)
	}
}

// A redirect to the same host under another scheme is refused too.
func TestRedirectToAnotherSchemeIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, RedirectTo: "https://" + strings.TrimPrefix(e.url, "http://")})
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); !errors.Is(err, client.ErrRedirectRefused) {
		t.Fatalf("err = %v, want ErrRedirectRefused", err)
	}
}

func TestParseBaseURL(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"https://api.liquidcommerce.cloud", "https://api.liquidcommerce.cloud", true},
		{"https://api.liquidcommerce.cloud/", "https://api.liquidcommerce.cloud", true},
		{"https://staging.api.liquidcommerce.cloud", "https://staging.api.liquidcommerce.cloud", true},
		{"https://api.liquidcommerce.cloud/api/", "https://api.liquidcommerce.cloud/api", true},
		{"HTTPS://api.liquidcommerce.cloud", "https://api.liquidcommerce.cloud", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"http://127.8.9.10", "http://127.8.9.10", true},
		{"http://localhost:9000/api", "http://localhost:9000/api", true},
		{"http://[::1]:9000", "http://[::1]:9000", true},
		{"http://api.liquidcommerce.cloud", "", false},
		{"http://10.0.0.1", "", false},
		{"http://localhost.example.com", "", false},
		{"ftp://api.liquidcommerce.cloud", "", false},
		{"api.liquidcommerce.cloud", "", false},
		{"", "", false},
		{"https://user:pass@api.liquidcommerce.cloud", "", false},
		{"https://api.liquidcommerce.cloud?x=1", "", false},
		{"https://api.liquidcommerce.cloud#frag", "", false},
		{"https://", "", false},
		{"://bad", "", false},
	}
	for _, tc := range cases {
		u, err := client.ParseBaseURL(tc.in)
		if tc.ok {
			if err != nil || u.String() != tc.want {
				t.Errorf("ParseBaseURL(%q) = %v, %v; want %q", tc.in, u, err, tc.want)
			}
			continue
		}
		var ce *client.ConfigError
		if !errors.As(err, &ce) || ce.Field != "base_url" || ce.Reason == "" {
			t.Errorf("ParseBaseURL(%q) err = %v, want a base_url ConfigError", tc.in, err)
		}
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	for name, cfg := range map[string]client.Config{
		"plain http":       {BaseURL: "http://api.liquidcommerce.cloud"},
		"negative retries": {MaxRetries: -1},
		"negative timeout": {RequestTimeout: -time.Second},
	} {
		if _, err := client.New(cfg); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}
