package client_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// getEcho sends an authenticated GET to the echo endpoint with c.
func readEcho(c *client.Client) (*client.Response, error) {
	return c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
}

// A Response says that the API refused the given token only when the
// credential then logged in and the same path took the login's token: the
// given token was broken. A path that refuses the login's token too, a
// given token that works says nothing either.
func TestResponseSaysGivenTokenRefused(t *testing.T) {
	t.Run("refused, then the login's token taken: said once, on that response", func(t *testing.T) {
		e := newEnv(t, nil)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "lc_given_expired_5f4e3d"})
		for i := range 3 {
			res, err := readEcho(c)
			if err != nil {
				t.Fatal(err)
			}
			if want := i == 0; res.GivenTokenRefused != want {
				t.Errorf("request %d: GivenTokenRefused = %v, want %v", i, res.GivenTokenRefused, want)
			}
		}
		counts(t, e, 4, 1)
	})
	t.Run("accepted, then revoked: said on the request that logged in", func(t *testing.T) {
		e := newEnv(t, nil)
		given := e.srv.Mint(false)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: given})
		if res, err := readEcho(c); err != nil || res.GivenTokenRefused {
			t.Fatalf("a working given token: %v, GivenTokenRefused = %v", err, res != nil && res.GivenTokenRefused)
		}
		e.srv.Revoke(given)
		if res, err := readEcho(c); err != nil || !res.GivenTokenRefused {
			t.Fatalf("after the revocation: %v, GivenTokenRefused = %v", err, res != nil && res.GivenTokenRefused)
		}
	})
	t.Run("the path refuses the login's token too: an error; the given token stays, and is refused later", func(t *testing.T) {
		e := newEnv(t, nil)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "lc_given_expired_5f4e3d"})
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 401, Times: 2})
		if _, err := readEcho(c); !is401(err) {
			t.Fatalf("err = %v, want the 401", err)
		}
		// The path refused the login's token too: the refusal was the
		// path's, so the given token stays (issue 22, defect 5), and the
		// path's group refuses the credential: its next 401 costs no login.
		if _, err := readEcho(c); !is401(err) {
			t.Fatalf("the path again: %v, want its 401 at once", err)
		}
		counts(t, e, 3, 1)
		// This given token is expired: a read of another path group meets
		// its refusal, logs in, and says so.
		res, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.CatalogSearchPath,
			Body: []byte(`{"search":"gin"}`)})
		if err != nil || !res.GivenTokenRefused {
			t.Fatalf("another path group: %v, GivenTokenRefused = %v", err, res != nil && res.GivenTokenRefused)
		}
		// The first path takes the login's token: its group is no longer
		// held to refuse the credential.
		if _, err := readEcho(c); err != nil {
			t.Fatal(err)
		}
		counts(t, e, 4, 2)
	})
	t.Run("Orders: refused, then the login's token taken", func(t *testing.T) {
		e := ordersEnv(t, fakeapi.Options{})
		c := withGiven(t, e, client.Config{OrdersUserID: ordersUser, OrdersPassword: ordersPassword,
			OrdersAccessToken: "lc_given_orders_expired_1a2b"})
		in := client.Request{Method: http.MethodGet, Path: "/orders/LC-1001", Credential: client.Orders}
		for i := range 2 {
			res, err := c.Do(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if want := i == 0; res.GivenTokenRefused != want {
				t.Errorf("request %d: GivenTokenRefused = %v, want %v", i, res.GivenTokenRefused, want)
			}
		}
		if n := e.srv.Count(fakeapi.OrdersAuthPath); n != 1 {
			t.Errorf("%d Orders logins, want 1", n)
		}
	})
	t.Run("concurrent reads with a refused given token: each that met the refusal says it", func(t *testing.T) {
		e := newEnv(t, nil)
		c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: "lc_given_expired_5f4e3d"})
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			said int
		)
		for range 10 {
			wg.Go(func() {
				res, err := readEcho(c)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if res.GivenTokenRefused {
					said++
				}
			})
		}
		wg.Wait()
		refusals := e.srv.Count(fakeapi.EchoPath) - 10
		if said == 0 || said != refusals {
			t.Errorf("%d responses said the given token was refused, for %d refusals", said, refusals)
		}
		if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
			t.Errorf("%d logins, want 1", n)
		}
	})
}
