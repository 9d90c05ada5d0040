package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestValidatePath(t *testing.T) {
	good := []string{"/", "/orders/abc-123", "/orders/LC%2D1", "/catalog/search", "/orders/", "/users/a%20b"}
	bad := []string{
		"", "orders", "https://evil.example/x", "//evil.example/x", "/%2F%2Fevil.example", "/a/../authentication",
		"/a/%2e%2e/b", "/./a", "/a//b", "/orders?id=1", "/orders%3Fid=1", "/orders#x", "/a%23b", "/http://x",
		"/a\\b", "/a%5Cb", "/a%0Ab", "/a%zz", "/a b", "/orders/é", "/a{b}",
	}
	for _, p := range good {
		if err := client.ValidatePath(p); err != nil {
			t.Errorf("ValidatePath(%q) = %v, want nil", p, err)
		}
	}
	for _, p := range bad {
		var ce *client.ConfigError
		if err := client.ValidatePath(p); !errors.As(err, &ce) || ce.Field != "path" {
			t.Errorf("ValidatePath(%q) = %v, want a path ConfigError", p, err)
		}
	}
}

// Query parameters are encoded, never pasted into the path; a bad path is
// refused before any request, so no token leaves.
func TestQueryParametersAreEncoded(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	q := url.Values{"startDate": {"2026-01-01T00:00:00Z"}, "customerEmail": {"a+b@example.com"}, "x": {"1&y=2"}}
	res, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			Query url.Values `json:"query"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res.Body, &got); err != nil {
		t.Fatal(err)
	}
	for k, v := range q {
		if got.Data.Query.Get(k) != v[0] {
			t.Errorf("query %s arrived as %q, want %q", k, got.Data.Query.Get(k), v[0])
		}
	}
	if len(got.Data.Query) != len(q) {
		t.Errorf("query arrived as %v", got.Data.Query)
	}
	before := e.srv.Count("")
	if _, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: "//evil.example/x"}); !errors.As(err, new(*client.ConfigError)) {
		t.Errorf("err = %v, want a ConfigError", err)
	}
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil || e.srv.Count("") != before {
		t.Errorf("a refused path sent a request")
	}
}
