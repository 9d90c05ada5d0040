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

// diskStore is a TokenStore that keeps one token, as the provider's disk
// cache does: it serves it to any login that does not name it refused.
type diskStore struct {
	mu      sync.Mutex
	tok     *client.Token
	refused map[string]bool
}

func (s *diskStore) Login(ctx context.Context, _ client.Credential, _ client.Validity, refused string,
	login func(context.Context) (client.Token, error)) (client.Token, error) {
	s.mu.Lock()
	s.refused[refused] = true
	if t := s.tok; t != nil && !s.refused[t.Value] {
		s.mu.Unlock()
		return *t, nil
	}
	s.mu.Unlock()
	t, err := login(ctx)
	if err == nil && refused == "" {
		s.mu.Lock()
		s.tok = &t
		s.mu.Unlock()
	}
	return t, err
}

func (s *diskStore) Keep(_ context.Context, _ client.Credential, t client.Token, refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refused[refused] = true
	s.tok = &t
}

// onLog calls hook with each line's fields.
type onLog struct{ hook func(map[string]any) }

func (l onLog) Debug(_ context.Context, _ string, fields map[string]any) { l.hook(fields) }

// A token a 401 took out of the cache is named refused to the next login,
// whichever request starts it: a read that never saw the 401 does not get
// it back from the store.
func TestARefusedTokenIsNamedToWhicheverLoginReplacesIt(t *testing.T) {
	store := &diskStore{refused: map[string]bool{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The read that meets the revocation gives up as its 401 comes in, so
	// it starts no login.
	logs := onLog{hook: func(f map[string]any) {
		if f["status"] == http.StatusUnauthorized {
			cancel()
		}
	}}
	e := newEnv(t, func(c *client.Config) { c.Tokens, c.Logger = store, logs })
	if err := get(e); err != nil {
		t.Fatal(err)
	}
	e.srv.Revoke(e.srv.Issued()[0])
	if _, err := e.client.Do(ctx, client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath}); err == nil {
		t.Fatal("the read that gave up succeeded")
	}
	// The next read starts the next login itself, having seen no 401.
	if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodPost,
		Path: fakeapi.CatalogSearchPath, Body: []byte(`{"search":"gin"}`)}); err != nil {
		t.Errorf("a read after the revocation: %v; the store served the revoked token back", err)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// A group's refusal whose request ended before its retry was refused too
// (its login failed) proves nothing: a later revocation in that group is
// recovered with a login, as in any other.
func TestARefusalWithoutItsRetryIsForgotten(t *testing.T) {
	e := newEnv(t, nil)
	if err := get(e); err != nil {
		t.Fatal(err)
	}
	e.srv.Revoke(e.srv.Issued()[0])
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: http.StatusBadGateway})
	if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet, Path: fakeapi.EchoPath,
		MaxRetries: new(0)}); err == nil {
		t.Fatal("the read succeeded through a failed login")
	}
	for range 3 {
		if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodPost,
			Path: fakeapi.CatalogSearchPath, Body: []byte(`{"search":"gin"}`)}); err != nil {
			t.Fatal(err)
		}
	}
	issued := e.srv.Issued()
	e.srv.Revoke(issued[len(issued)-1])
	for i := range 3 {
		if err := get(e); err != nil {
			t.Errorf("read %d of the echo group after a revocation: %v", i, err)
		}
	}
}

// When the read a given token was refused on gives up while its fallback
// login runs, and the path then refuses the login's token, the given token
// is the credential's again.
func TestTheGivenTokenComesBackWhenItsRefusedReadGaveUp(t *testing.T) {
	e := newEnv(t, nil)
	given := e.srv.Mint(false)
	c := withGiven(t, e, client.Config{APIKey: testKey, AccessToken: given})
	if _, err := readEcho(c); err != nil {
		t.Fatal(err)
	}
	wrong := client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	_, err := c.Do(ctx, wrong)
	cancel()
	if err == nil {
		t.Fatal("the wrong read succeeded")
	}
	// The login runs on for the credential.
	for e.srv.Count(fakeapi.AuthPath) == 0 || len(e.srv.Issued()) < 2 {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := c.Do(context.Background(), wrong); !is401(err) {
		t.Fatalf("the wrong read again: %v, want its 401", err)
	}
	if _, err := readEcho(c); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests(fakeapi.EchoPath)
	if got := reqs[len(reqs)-1].Header.Get("Authorization"); got != "Bearer "+given {
		t.Error("after the path refused the given token and then the login's, reads send the login's token")
	}
}

type slowCtx struct{}

// slowLogger takes a second over each line logged for a request whose
// context is marked slowCtx.
type slowLogger struct{}

func (slowLogger) Debug(ctx context.Context, _ string, _ map[string]any) {
	if ctx.Value(slowCtx{}) != nil {
		time.Sleep(time.Second)
	}
}

// No log line is written under a credential's lock: a read whose log is
// slow, on a path that refuses the given token, never holds up a read that
// holds it.
func TestNoLogLineHoldsTheCredential(t *testing.T) {
	e := newEnv(t, nil)
	given := e.srv.Mint(false)
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, AccessToken: given, BaseURL: e.url,
		Logger: slowLogger{}}, fastSeam(e.clock))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.Do(context.WithValue(context.Background(), slowCtx{}, true), client.Request{Method: http.MethodGet,
			Path: "/orders/LC-1001"})
	}()
	for e.srv.Count("/orders/LC-1001") == 0 {
		time.Sleep(time.Millisecond)
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		start := time.Now()
		if _, err := readEcho(c); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("a read holding the given token took %s: it waited on another read's log line",
				took.Round(time.Millisecond))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
