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

// sharing records what the client asks of a shared cache; it serves
// nothing from it, so every login runs.
type sharing struct {
	mu     sync.Mutex
	logins []shareCall
	kept   []string
}

type shareCall struct {
	cred  client.Credential
	bound time.Duration
	own   bool
}

func (s *sharing) login(ctx context.Context, cred client.Credential, _ client.Validity,
	login func(context.Context) (client.Token, error), bound time.Duration, own bool) (client.Token, error) {
	s.mu.Lock()
	s.logins = append(s.logins, shareCall{cred, bound, own})
	s.mu.Unlock()
	return login(ctx)
}

func (s *sharing) keep(_ client.Credential, t client.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept = append(s.kept, t.Value)
}

func shared(t *testing.T, opts ...func(*client.Config)) (*env, *sharing) {
	s := &sharing{}
	e := newEnv(t, func(c *client.Config) {
		c.ShareLogin, c.KeepToken = s.login, s.keep
		for _, o := range opts {
			o(c)
		}
	})
	return e, s
}

// Every login goes through ShareLogin, with the login's bound: the client's,
// or the request's own, which also makes its failure its own.
func TestShareLoginHasTheLoginsBound(t *testing.T) {
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
	// A timeout of its own is enough.
	e3, s3 := shared(t)
	if _, err := e3.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
		Timeout: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	want := []shareCall{{client.APIKey, client.Bound(5*time.Second, 3), false}, {client.APIKey, time.Second, true},
		{client.APIKey, client.Bound(2*time.Second, 3), true}}
	got := append(append(s.logins, s2.logins...), s3.logins...)
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("ShareLogin calls = %+v, want %+v", got, want)
	}
}

// A token that replaced a refused one is kept (written to the shared cache)
// once it has succeeded on the request the refused one failed on; one that
// is refused too, as a wrong credential's is, never is.
func TestKeepTokenAfterARefusal(t *testing.T) {
	t.Run("revoked", func(t *testing.T) {
		e, s := shared(t)
		if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		e.srv.Revoke(e.srv.Issued()[0])
		if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err != nil {
			t.Fatal(err)
		}
		if issued := e.srv.Issued(); len(s.kept) != 1 || len(issued) != 2 || s.kept[0] != issued[1] {
			t.Errorf("kept %d tokens (%d issued), want the replacement alone", len(s.kept), len(issued))
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

// A token from an auth object is kept.
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
	if issued := e.srv.Issued(); len(issued) != 2 || len(s.kept) != 1 || s.kept[0] != issued[1] {
		t.Errorf("kept %v of %d issued, want the token from auth", len(s.kept), len(issued))
	}
}
