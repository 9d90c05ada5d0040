package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// rewriting is a transport that edits the bodies of the answers from the
// echo endpoint, for shapes the fake API does not write itself.
type rewriting func([]byte) []byte

func (edit rewriting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.URL.Path != fakeapi.EchoPath {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	b = edit(b)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	return resp, err
}

// authOf is the auth object of an answer the fake API is about to write.
func authOf(body map[string]any) map[string]any {
	a, _ := body["auth"].(map[string]any)
	return a
}

// A token from auth replaces the cached one only when it is of the
// credential's type and expires no sooner; names are compared decoded and
// case-sensitively, and every member named auth leaves the body.
func TestAuthAdoption(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name               string
		edit               func(map[string]any)
		raw                func([]byte) []byte
		wantAdopt, wantErr bool
		// wantInBody is a text the body passed on must still hold.
		wantInBody string
	}{
		{name: "auth of the credential's type, expiring later", wantAdopt: true},
		{name: "auth of another type", edit: func(b map[string]any) { authOf(b)["type"] = "ORDER_API" }},
		{name: "auth without a type", edit: func(b map[string]any) { delete(authOf(b), "type") }},
		{name: "auth expiring before the cached token", edit: func(b map[string]any) {
			exp, _ := authOf(b)["exp"].(int64)
			authOf(b)["exp"] = exp - int64(2*time.Second/time.Millisecond)
		}},
		// The API says to replace the token whenever a response has auth: a
		// token of the same expiry is as good, and may be the only valid one.
		{name: "auth expiring with the cached token", edit: func(b map[string]any) {
			exp, _ := authOf(b)["exp"].(int64)
			authOf(b)["exp"] = exp - int64(time.Second/time.Millisecond)
		}, wantAdopt: true},
		{name: "a member named Auth is not auth", edit: func(b map[string]any) {
			b["Auth"] = b["auth"]
			delete(b, "auth")
		}, wantInBody: `"Auth":{`},
		{name: "an escaped name is auth", raw: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"auth":`), []byte(`"\u0061uth":`), 1)
		}, wantAdopt: true},
		// Not one JSON value: an unusable response, whose auth is not read.
		{name: "auth in a body with bytes after the object", raw: func(b []byte) []byte { return append(b, 'x') },
			wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			seam := fastSeam(e.clock)
			if tc.raw != nil {
				seam.Transport = rewriting(tc.raw)
			}
			c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: e.url, MaxRetries: 1}, seam)
			if err != nil {
				t.Fatal(err)
			}
			first, err := c.Token(ctx, client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			// The token in auth is issued a second later, so it expires later.
			e.clock.Advance(time.Second)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Auth: true, Edit: tc.edit})
			res, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
			if _, unusable := errors.AsType[*client.ResponseError](err); tc.wantErr && !unusable || !tc.wantErr && err != nil {
				t.Fatalf("err = %v", err)
			}
			now, err := c.Token(ctx, client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			issued := e.srv.Issued()
			if adopted := now.Value == issued[len(issued)-1] && now.Value != first.Value; adopted != tc.wantAdopt {
				t.Errorf("adopted = %v, want %v", adopted, tc.wantAdopt)
			}
			if tc.wantInBody != "" && !strings.Contains(string(res.Body), tc.wantInBody) {
				t.Errorf("the body lost %s: %s", tc.wantInBody, res.Body)
			}
			if tc.wantAdopt {
				assertNoSecrets(t, "body", string(res.Body), issued[len(issued)-1])
			}
			assertNoSecrets(t, "error", fmt.Sprint(err), issued...)
			if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
				t.Errorf("%d logins, want 1", n)
			}
		})
	}
}
