package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

const (
	ordersUser     = "reporting@example.com"
	ordersPassword = "s3cret: with spaces"
)

// ordersEnv is a fake API with an Orders user and a client with both
// credentials.
func ordersEnv(t *testing.T, opts fakeapi.Options) *env {
	t.Helper()
	clock := newFakeClock()
	opts.Keys, opts.Now = []string{testKey}, clock.Now
	opts.OrdersUsers = map[string]string{ordersUser: ordersPassword}
	srv := fakeapi.New(opts)
	url, stop := srv.Start()
	t.Cleanup(stop)
	logs := &recordingLogger{}
	c, err := client.NewWithSeam(client.Config{
		APIKey: testKey, OrdersUserID: ordersUser, OrdersPassword: ordersPassword + "\n", BaseURL: url,
		MaxRetries: 2, Logger: logs,
	}, fastSeam(clock))
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, url: url, clock: clock, client: c, logs: logs}
}

// Both published login answers give the same token, with Basic credentials
// and no API key; the bare form's expiry is the server's time plus expiresIn.
func TestOrdersLogin(t *testing.T) {
	for _, bare := range []bool{false, true} {
		e := ordersEnv(t, fakeapi.Options{OrdersBare: bare})
		tok, err := e.client.Token(context.Background(), client.Orders, need(time.Minute))
		if err != nil {
			t.Fatalf("bare=%v: %v", bare, err)
		}
		wantType := map[bool]string{false: "ORDER_API", true: "Bearer"}[bare]
		exp, _ := e.srv.Expiry(tok.Value)
		if tok.Type != wantType || tok.Exp != exp.UnixMilli() || tok.Lifetime != 10*time.Minute {
			t.Errorf("bare=%v: token %v, lifetime %s; want %s expiring %s", bare, tok, tok.Lifetime, wantType, exp)
		}
		reqs := e.srv.Requests(fakeapi.OrdersAuthPath)
		if len(reqs) != 1 || reqs[0].Method != http.MethodGet ||
			reqs[0].Header.Get("Authorization") != fakeapi.BasicAuth(ordersUser, ordersPassword) ||
			reqs[0].Header.Get("X-Liquid-Api-Key") != "" {
			t.Errorf("bare=%v: login request %+v", bare, reqs)
		}
		if e.srv.Count(fakeapi.AuthPath) != 0 {
			t.Errorf("bare=%v: the Orders token cost an API-key login", bare)
		}
	}
}

func TestOrdersCredentialsMissingOrRejected(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.client.Token(context.Background(), client.Orders, need(time.Minute))
	var me *client.MissingCredentialError
	if !errors.As(err, &me) || me.Credential != "orders" || e.srv.Count("") != 0 {
		t.Fatalf("err = %v, %d requests; want a MissingCredentialError and none", err, e.srv.Count(""))
	}
	// Half the pair is no credential either.
	c, _ := client.New(client.Config{BaseURL: e.url, OrdersUserID: ordersUser})
	if _, err := c.Token(context.Background(), client.Orders, need(time.Minute)); !errors.As(err, &me) {
		t.Fatalf("user id alone: err = %v", err)
	}
	if _, err := client.New(client.Config{OrdersUserID: "a:b", OrdersPassword: "x"}); err == nil {
		t.Error("a user id with a colon was accepted")
	}

	bad := ordersEnv(t, fakeapi.Options{})
	bad.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersAuthPath, Status: 401, Edit: func(b map[string]any) {
		b["message"] = "Invalid credentials for " + ordersUser + ":" + ordersPassword
	}})
	_, err = bad.client.Token(context.Background(), client.Orders, need(time.Minute))
	var ae *client.APIError
	if !errors.As(err, &ae) || !ae.IsCredentialRejected() || ae.Credential != "orders" {
		t.Fatalf("err = %v, want rejected orders credentials", err)
	}
	assertNoSecrets(t, "error", err.Error(), ordersPassword, fakeapi.BasicAuth(ordersUser, ordersPassword)[6:])
	assertNoSecrets(t, "logs", bad.logs.text(), ordersPassword, fakeapi.BasicAuth(ordersUser, ordersPassword)[6:])
	// The access token is not held by the Orders credential's failure.
	if _, err := bad.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Errorf("the API key was held by the Orders rejection: %v", err)
	}
}

// Orders tokens live minutes: the default validity still reuses them, and
// many concurrent reads cost one login per credential.
func TestOrdersTokensAreCachedPerCredential(t *testing.T) {
	e := ordersEnv(t, fakeapi.Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			in := client.Request{Method: http.MethodGet, Path: "/orders/LC-1001", Credential: client.Orders}
			if i%2 == 1 {
				in = client.Request{Method: http.MethodPost, Path: fakeapi.CatalogSearchPath, Body: []byte(`{"search":"gin"}`)}
			}
			if _, err := e.client.Do(ctx, in); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if a, o := e.srv.Count(fakeapi.AuthPath), e.srv.Count(fakeapi.OrdersAuthPath); a != 1 || o != 1 {
		t.Errorf("%d API-key and %d Orders logins for 30 requests, want 1 and 1", a, o)
	}
	// Four minutes on, a 10-minute token still has more than half its life.
	e.clock.Advance(4 * time.Minute)
	if _, err := e.client.Token(ctx, client.Orders, client.Validity{Min: 5 * time.Minute, Preferred: true}); err != nil ||
		e.srv.Count(fakeapi.OrdersAuthPath) != 1 {
		t.Errorf("a 10m token with 6m left was not reused: %v", err)
	}
	// Near expiry an Orders request logs in again: there is no refresh.
	e.clock.Advance(5*time.Minute + 30*time.Second)
	if _, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: "/orders/LC-1002", Credential: client.Orders}); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Count(fakeapi.OrdersAuthPath); n != 2 {
		t.Errorf("%d Orders logins, want 2", n)
	}
}

// An Orders endpoint read with the access token fails with a 401, and N
// such reads cost one extra login in all, not N.
func TestWrongCredentialForTheEndpoint(t *testing.T) {
	e := ordersEnv(t, fakeapi.Options{})
	for range 5 {
		_, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"})
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != 401 || ae.Credential != "api_key" {
			t.Fatalf("err = %v", err)
		}
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins for 5 reads with the wrong credential, want 2", n)
	}
}

// The response body is passed on byte for byte, without the top-level auth
// object of a refreshed request, whose token the client adopts.
func TestResponseBodyIsAsSentWithoutAuth(t *testing.T) {
	e := ordersEnv(t, fakeapi.Options{})
	ctx := context.Background()
	res, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: "/orders/LC-1001", Credential: client.Orders})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Body) != string(e.srv.Response(res.RequestID)) || !strings.Contains(string(res.Body), `"legacyOrderNumber":"9007199254740993"`) {
		t.Errorf("body changed on the way:\n got %s\nwant %s", res.Body, e.srv.Response(res.RequestID))
	}
	if _, err := e.client.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(24*time.Hour - 5*time.Minute)
	res, err = e.client.Do(ctx, client.Request{Method: http.MethodPost, Path: fakeapi.CatalogSearchPath, Body: []byte(`{"search":"rum"}`)})
	if err != nil {
		t.Fatal(err)
	}
	sent := string(e.srv.Response(res.RequestID))
	if !strings.Contains(sent, `"auth":{`) || strings.Contains(string(res.Body), `"auth"`) {
		t.Fatalf("auth was not in the answer, or not removed: %s", res.Body)
	}
	var got, want map[string]json.RawMessage
	_ = json.Unmarshal(res.Body, &got)
	_ = json.Unmarshal([]byte(sent), &want)
	delete(want, "auth")
	if len(got) != len(want) || string(got["products"]) != string(want["products"]) {
		t.Errorf("the rest of the body changed:\n got %s\nwant %s", res.Body, sent)
	}
	for _, tok := range e.srv.Issued() {
		assertNoSecrets(t, "body", string(res.Body), tok)
	}
}

func TestOrdersListQuery(t *testing.T) {
	e := ordersEnv(t, fakeapi.Options{})
	q := url.Values{"startDate": {"2026-11-01T00:00:00Z"}, "endDate": {"2026-12-01T00:00:00Z"}, "customerEmail": {"ada@example.com"}, "limit": {"100"}}
	res, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.OrdersPath, Query: q, Credential: client.Orders})
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Data struct {
			Total  int               `json:"total"`
			Orders []json.RawMessage `json:"orders"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res.Body, &out); err != nil || out.Data.Total != 2 || len(out.Data.Orders) != 2 {
		t.Errorf("orders = %+v, err %v", out.Data, err)
	}
}

// The response-size cap suits the data: a page of 100 orders fits.
func TestAPageOfOneHundredOrdersFits(t *testing.T) {
	e := ordersEnv(t, fakeapi.Options{OrderCount: 150})
	q := url.Values{"startDate": {"2026-01-01T00:00:00Z"}, "endDate": {"2027-01-01T00:00:00Z"}, "limit": {"100"}}
	res, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.OrdersPath, Query: q, Credential: client.Orders})
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Data struct {
			Total  int               `json:"total"`
			Orders []json.RawMessage `json:"orders"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res.Body, &out); err != nil || out.Data.Total != 150 || len(out.Data.Orders) != 100 {
		t.Fatalf("total %d, %d orders, err %v", out.Data.Total, len(out.Data.Orders), err)
	}
	// The fake's orders carry every published field with realistic values
	// (about 4.5 KB each); real ones may carry more. The cap leaves room
	// for pages ten times this size.
	if size := len(res.Body); size*10 > client.MaxResponseBytes {
		t.Errorf("a page of 100 orders is %d bytes, too close to the %d-byte cap", size, client.MaxResponseBytes)
	}
	t.Logf("a page of 100 sample orders is %d bytes; the cap is %d", len(res.Body), client.MaxResponseBytes)
}
