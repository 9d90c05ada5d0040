package client_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// sharing records what the client asks of a TokenStore; it serves
// nothing from it, so every login runs.
type sharing struct {
	mu     sync.Mutex
	logins []shareCall
	kept   []shareCall
}

// shareCall is one call to the store: the token it kept (Keep), the
// refused token it named, and how long the call had left.
type shareCall struct {
	cred           client.Credential
	token, refused string
	left           time.Duration
}

func (s *sharing) Login(ctx context.Context, cred client.Credential, _ client.Validity, refused string,
	login func(context.Context) (client.Token, error)) (client.Token, error) {
	s.mu.Lock()
	s.logins = append(s.logins, shareCall{cred: cred, refused: refused, left: left(ctx)})
	s.mu.Unlock()
	return login(ctx)
}

func (s *sharing) Keep(ctx context.Context, cred client.Credential, t client.Token, refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept = append(s.kept, shareCall{cred: cred, token: t.Value, refused: refused, left: left(ctx)})
}

func left(ctx context.Context) time.Duration {
	d, ok := ctx.Deadline()
	if !ok {
		return -1
	}
	return time.Until(d)
}

func shared(t *testing.T, opts ...func(*client.Config)) (*env, *sharing) {
	s := &sharing{}
	e := newEnv(t, func(c *client.Config) {
		c.Tokens = s
		for _, o := range opts {
			o(c)
		}
	})
	return e, s
}

// Every login goes through the store, within the login's bound: the
// client's, or the request's own.
func TestTokenStoreLoginHasTheLoginsBound(t *testing.T) {
	e, s := shared(t, func(c *client.Config) { c.RequestTimeout = 5 * time.Second })
	if _, err := e.client.Token(context.Background(), client.APIKey, client.Validity{Min: time.Minute}); err != nil {
		t.Fatal(err)
	}
	e2, s2 := shared(t)
	_, err := e2.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
		MaxRetries: new(0), Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	bounds := []time.Duration{client.Bound(5*time.Second, 3), time.Second}
	for i, got := range append(s.logins, s2.logins...) {
		if got.cred != client.APIKey || got.refused != "" || got.left <= 0 || got.left > bounds[i] ||
			got.left < bounds[i]-time.Second {
			t.Errorf("login %d: %+v, want api_key, nothing refused, and about %s left", i, got, bounds[i])
		}
	}
}

// A token that replaced a refused one is kept (written to the shared cache)
// once it has succeeded on the request the refused one failed on, with
// the refused token named, as it was to the login; one that is refused
// too, as a wrong credential's is, never is.
func TestKeepTokenAfterARefusal(t *testing.T) {
	t.Run("revoked", func(t *testing.T) {
		e, s := shared(t)
		if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		revoked := e.srv.Issued()[0]
		e.srv.Revoke(revoked)
		if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		issued := e.srv.Issued()
		if len(s.kept) != 1 || len(issued) != 2 || s.kept[0].token != issued[1] || s.kept[0].refused != revoked {
			t.Errorf("kept %d tokens (%d issued), want the replacement alone, in place of the revoked one", len(s.kept),
				len(issued))
		}
		if len(s.logins) != 2 || s.logins[1].refused != revoked {
			t.Error("the second login did not name the revoked token")
		}
	})
	t.Run("wrong credential", func(t *testing.T) {
		e, s := shared(t)
		_, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"})
		if err == nil {
			t.Fatal("an Orders read with the access token succeeded")
		}
		if len(s.kept) != 0 || len(s.logins) != 2 {
			t.Errorf("kept %d tokens after %d logins; want none kept after 2", len(s.kept), len(s.logins))
		}
	})
}

// A token from an auth object is kept, the one the client adopted.
func TestKeepTokenAdopted(t *testing.T) {
	e, s := shared(t)
	if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
		t.Fatal(err)
	}
	// Well inside the refresh window: the next request asks for a new token.
	e.clock.Advance(23*time.Hour + 55*time.Minute)
	if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath,
		Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if issued := e.srv.Issued(); len(issued) != 2 || len(s.kept) != 1 || s.kept[0].token != issued[1] ||
		s.kept[0].refused != "" {
		t.Errorf("kept %v of %d issued, want the token from auth", len(s.kept), len(issued))
	}
}
