package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestTokenMatchesWhatTheAPIIssued(t *testing.T) {
	for _, prefix := range []string{"", "/api"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			clock := newFakeClock()
			srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now, Prefix: prefix})
			url, stop := srv.Start()
			defer stop()
			c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: url + "/", UserAgent: "terraform-provider-liquidcommerce/1.2.3 Terraform/1.11.4"}, client.Seam{Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := c.Token(context.Background(), client.APIKey, need(5*time.Minute))
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			issued := srv.Issued()
			if len(issued) != 1 || tok.Value != issued[0] {
				t.Fatalf("token %q is not the one issued (%v)", tok.Value, issued)
			}
			if tok.Type != "ACCESS_TOKEN" {
				t.Errorf("type = %q", tok.Type)
			}
			wantExp := clock.Now().Add(24 * time.Hour)
			if tok.Exp != wantExp.UnixMilli() || !tok.ExpiresAt.Equal(wantExp) {
				t.Errorf("exp = %d (%s), want %d", tok.Exp, tok.ExpiresAt, wantExp.UnixMilli())
			}
			if tok.RequestID == "" || !strings.HasPrefix(tok.RequestID, "reqid_") {
				t.Errorf("request id = %q", tok.RequestID)
			}
			reqs := srv.Requests(fakeapi.AuthPath)
			if len(reqs) != 1 {
				t.Fatalf("%d requests to /authentication, want 1", len(reqs))
			}
			h := reqs[0].Header
			if got := h.Get("X-LIQUID-API-KEY"); got != testKey {
				t.Errorf("X-LIQUID-API-KEY = %q", got)
			}
			if got := h.Get("User-Agent"); got != "terraform-provider-liquidcommerce/1.2.3 Terraform/1.11.4" {
				t.Errorf("User-Agent = %q", got)
			}
			if got := h.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q", got)
			}
			if h.Get("Authorization") != "" {
				t.Error("login sent an Authorization header")
			}
		})
	}
}

func TestTokenStringNeverShowsTheToken(t *testing.T) {
	tok := client.Token{Value: "lc_secret_value", Type: "ACCESS_TOKEN", Exp: 1731674132795, ExpiresAt: time.UnixMilli(1731674132795)}
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok), fmt.Sprint(&tok)} {
		if strings.Contains(s, "lc_secret_value") {
			t.Errorf("formatted token shows the secret: %s", s)
		}
	}
}

func TestTokenCacheAndMinValidity(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	first, err := e.client.Token(ctx, client.APIKey, need(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name        string
		advance     time.Duration
		minValidity time.Duration
		wantNew     bool
	}{
		{"fresh token reused", time.Hour, 5 * time.Minute, false},
		{"still enough left", 20 * time.Hour, 2 * time.Hour, false},
		{"less left than asked", 0, 3*time.Hour + time.Minute, true},
	}
	prev := first
	for _, s := range steps {
		e.clock.Advance(s.advance)
		tok, err := e.client.Token(ctx, client.APIKey, need(s.minValidity))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := tok.Value != prev.Value; got != s.wantNew {
			t.Errorf("%s: new token = %v, want %v", s.name, got, s.wantNew)
		}
		prev = tok
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

func TestTokenMinValidityLongerThanLifetime(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.client.Token(context.Background(), client.APIKey, need(48*time.Hour))
	var le *client.TokenLifetimeError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want *TokenLifetimeError", err)
	}
	exp, _ := e.srv.Expiry(e.srv.Issued()[0])
	if le.MinValidity != 48*time.Hour || le.Remaining > 24*time.Hour || le.Remaining < 23*time.Hour ||
		!le.ExpiresAt.Equal(exp.Truncate(time.Millisecond)) || !strings.Contains(err.Error(), exp.UTC().Format(time.RFC3339)) {
		t.Errorf("error = %+v", le)
	}
	// Asking again a moment later costs no login: tokens live too short.
	if _, err := e.client.Token(context.Background(), client.APIKey, need(48*time.Hour)); !errors.As(err, &le) {
		t.Fatalf("second err = %v, want *TokenLifetimeError", err)
	}
	if e.srv.Count(fakeapi.AuthPath) != 1 {
		t.Errorf("%d logins, want exactly 1 (no loop, no login per caller)", e.srv.Count(fakeapi.AuthPath))
	}
}

func TestConcurrentCallersShareOneLogin(t *testing.T) {
	e := newEnv(t, nil)
	// Hold the login open long enough for every caller to arrive.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 200 * time.Millisecond})
	const n = 100
	var wg sync.WaitGroup
	tokens := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			tokens[i], errs[i] = tok.Value, err
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if tokens[i] != tokens[0] {
			t.Fatalf("caller %d got a different token", i)
		}
	}
	if got := e.srv.Count(fakeapi.AuthPath); got != 1 {
		t.Errorf("%d HTTP requests to /authentication, want 1", got)
	}
}

// A caller that gives up on the login it made does not fail those waiting
// on it: the login goes on for them.
func TestLoginSurvivesOneCallerGivingUp(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 300 * time.Millisecond})
	impatient, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := e.client.Token(impatient, client.APIKey, need(time.Minute))
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	var patientTok client.Token
	var patientErr error
	done := make(chan struct{})
	go func() {
		patientTok, patientErr = e.client.Token(context.Background(), client.APIKey, need(time.Minute))
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("impatient caller: err = %v, want context.Canceled", err)
	}
	<-done
	if patientErr != nil {
		t.Fatalf("patient caller: %v", patientErr)
	}
	if e.srv.Count(fakeapi.AuthPath) != 1 || patientTok.Value != e.srv.Issued()[0] {
		t.Errorf("want one shared login; server saw %d", e.srv.Count(fakeapi.AuthPath))
	}
}

// A login outlives every caller that gave up on it, within the client's
// bound: the next caller finds its token, and no second login is made.
func TestLoginOutlivesItsCallers(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if err != nil {
		t.Fatalf("second caller: %v", err)
	}
	if issued := e.srv.Issued(); len(issued) != 1 || issued[0] != tok.Value || e.srv.Count(fakeapi.AuthPath) != 1 {
		t.Errorf("issued %v, got %q, after %d logins", issued, tok.Value, e.srv.Count(fakeapi.AuthPath))
	}
}

func TestAPIKeyIsTrimmedAndChecked(t *testing.T) {
	e := newEnv(t, func(c *client.Config) { c.APIKey = testKey + "\n" })
	if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
		t.Fatalf("a key with a trailing newline: %v", err)
	}
	_, err := client.New(client.Config{APIKey: "lc_\x00key"})
	var ce *client.ConfigError
	if !errors.As(err, &ce) || ce.Field != "api_key" || strings.Contains(err.Error(), "lc_") {
		t.Errorf("err = %v, want an api_key ConfigError without the key", err)
	}
}

func TestMissingAPIKeyMakesNoRequest(t *testing.T) {
	e := newEnv(t, func(c *client.Config) { c.APIKey = "" })
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	var me *client.MissingCredentialError
	if !errors.As(err, &me) || me.Credential != "api_key" {
		t.Fatalf("err = %v", err)
	}
	if _, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil); !errors.As(err, &me) {
		t.Fatalf("Call err = %v", err)
	}
	if n := e.srv.Count(""); n != 0 {
		t.Errorf("%d requests made without a key", n)
	}
}

func TestBadKeyIsATypedErrorWithoutRetryOrSecret(t *testing.T) {
	const badKey = "lc_wrong_key_0000"
	e := newEnv(t, func(c *client.Config) { c.APIKey = badKey })
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if ae.HTTPStatus != 400 || ae.StatusCode != 5000 || ae.Message != "API Key not found" || !ae.IsCredentialRejected() {
		t.Errorf("error = %+v", ae)
	}
	if !strings.HasPrefix(ae.RequestID, "reqid_") || !strings.Contains(err.Error(), ae.RequestID) {
		t.Errorf("request id %q missing from %q", ae.RequestID, err.Error())
	}
	if got := e.srv.Count(fakeapi.AuthPath); got != 1 {
		t.Errorf("%d requests, want 1: a rejected key is never retried", got)
	}
	assertNoSecrets(t, "error", err.Error(), badKey)
	assertNoSecrets(t, "logs", e.logs.text(), badKey)
}

func TestRejectedCredentialsAreNeverRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: status, Times: 5})
			_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			var ae *client.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != status || !ae.IsCredentialRejected() {
				t.Fatalf("err = %v", err)
			}
			if got := e.srv.Count(fakeapi.AuthPath); got != 1 {
				t.Errorf("%d requests, want 1", got)
			}
			// The rejection is remembered: later callers fail at once with
			// the same error and send nothing.
			_, again := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			var held *client.HeldError
			if !errors.As(again, &held) || !errors.As(again, &ae) || ae.RequestID == "" {
				t.Fatalf("second err = %v, want the remembered *APIError", again)
			}
			if got := e.srv.Count(fakeapi.AuthPath); got != 1 {
				t.Errorf("%d requests after a rejection, want 1", got)
			}
		})
	}
}

func TestShortLivedTokens(t *testing.T) {
	clock := newFakeClock()
	short := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now, TokenLifetime: 2 * time.Minute})
	url, stop := short.Start()
	defer stop()
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: url}, client.Seam{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// A required validity the API cannot give is an error, after one login.
	var le *client.TokenLifetimeError
	if _, err := c.Token(ctx, client.APIKey, need(5*time.Minute)); !errors.As(err, &le) {
		t.Fatalf("Token(5m) err = %v, want *TokenLifetimeError", err)
	}
	// A preferred one settles for half the lifetime, reusing that login.
	prefer5m := client.Validity{Min: 5 * time.Minute, Preferred: true}
	first, err := c.Token(ctx, client.APIKey, prefer5m)
	if err != nil {
		t.Fatal(err)
	}
	if first.Lifetime != 2*time.Minute {
		t.Errorf("Lifetime = %s", first.Lifetime)
	}
	clock.Advance(50 * time.Second)
	again, err := c.Token(ctx, client.APIKey, prefer5m)
	if err != nil || again.Value != first.Value {
		t.Fatalf("token with 70s of 120s left was not reused: %v", err)
	}
	if n := short.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
	clock.Advance(20 * time.Second)
	third, err := c.Token(ctx, client.APIKey, prefer5m)
	if err != nil || third.Value == first.Value {
		t.Fatalf("token with 50s left was reused for a 60s need: %v", err)
	}
}

// The API may hand back a token it issued earlier, with less time left. Its
// exp is the truth: a default validity takes it, a required one that it
// cannot meet names its expiry, and the next fresh token is judged by its
// own lifetime, not the re-issued one's.
func TestReissuedTokens(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	prefer30m := client.Validity{Min: 30 * time.Minute, Preferred: true}
	first, err := e.client.Token(ctx, client.APIKey, prefer30m)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(24*time.Hour - 10*time.Minute)

	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Reissue: true})
	var le *client.TokenLifetimeError
	if _, err := e.client.Token(ctx, client.APIKey, need(30*time.Minute)); !errors.As(err, &le) ||
		!le.ExpiresAt.Equal(first.ExpiresAt) || !strings.Contains(err.Error(), first.ExpiresAt.Format(time.RFC3339)) {
		t.Fatalf("err = %v, want a *TokenLifetimeError naming %s", err, first.ExpiresAt.Format(time.RFC3339))
	}
	// The re-issued token, cached by that login, serves a default validity.
	again, err := e.client.Token(ctx, client.APIKey, prefer30m)
	if err != nil || again.Value != first.Value || again.Exp != first.Exp || again.Lifetime != 10*time.Minute {
		t.Fatalf("re-issued token: %v, %v (lifetime %s)", err, again, again.Lifetime)
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Fatalf("%d logins, want 2", n)
	}

	e.clock.Advance(6 * time.Minute)
	fresh, err := e.client.Token(ctx, client.APIKey, prefer30m)
	if err != nil || fresh.Value == first.Value || fresh.Lifetime != 24*time.Hour {
		t.Fatalf("fresh token: %v, %v", err, fresh)
	}
	logins := e.srv.Count(fakeapi.AuthPath)
	e.clock.Advance(24*time.Hour - 20*time.Minute)
	next, err := e.client.Token(ctx, client.APIKey, prefer30m)
	if err != nil || next.Value == fresh.Value || e.srv.Count(fakeapi.AuthPath) != logins+1 {
		t.Errorf("a day-long token with 20m left was kept for a 30m preference: %v", err)
	}
}
