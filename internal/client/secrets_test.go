package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The key or token a request carried is removed from its error text and log
// lines even when the API quotes it back, and even when the cache holds
// another token by then.
func TestSecretsARequestCarriedLeaveItsErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("login", func(t *testing.T) {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 400, Edit: func(b map[string]any) {
			b["message"] = "API Key " + testKey + " not found"
			b["errors"] = []any{"key " + testKey}
		}})
		_, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
		if err == nil {
			t.Fatal("no error")
		}
		assertNoSecrets(t, "error", err.Error(), testKey)
		assertNoSecrets(t, "logs", e.logs.text(), testKey)
	})
	t.Run("request whose answer replaces the token", func(t *testing.T) {
		e := newEnv(t, nil)
		old, err := e.client.Token(ctx, client.APIKey, need(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		// The error answer carries a new token in auth, which the client
		// adopts before it builds the error about the old one.
		e.clock.Advance(time.Second)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 400, Auth: true, Edit: func(b map[string]any) {
			b["message"] = "token " + old.Value + " is not allowed here"
		}})
		_, err = call(ctx, e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{}, nil)
		if err == nil {
			t.Fatal("no error")
		}
		if now, _ := e.client.Token(ctx, client.APIKey, need(time.Minute)); now.Value == old.Value {
			t.Fatal("the auth token was not adopted; the test proves nothing")
		}
		for _, tok := range e.srv.Issued() {
			assertNoSecrets(t, "error", err.Error(), tok)
			assertNoSecrets(t, "logs", e.logs.text(), tok)
		}
	})
}

// A password with characters that JSON escapes (& < > " \) is redacted from
// errors[] too, where the client renders objects as JSON.
func TestSecretsWithCharactersJSONEscapes(t *testing.T) {
	const password = `p&ss<w>rd"x\y`
	clock := newFakeClock()
	srv := fakeapi.New(fakeapi.Options{OrdersUsers: map[string]string{"u": password}, Now: clock.Now})
	url, stop := srv.Start()
	defer stop()
	c, err := client.NewWithSeam(client.Config{OrdersUserID: "u", OrdersPassword: password, BaseURL: url}, fastSeam(clock))
	if err != nil {
		t.Fatal(err)
	}
	srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersAuthPath, Status: 400, Edit: func(b map[string]any) {
		b["errors"] = []any{map[string]any{"detail": "password " + password + " is wrong"}}
	}})
	_, err = c.Token(context.Background(), client.Orders, need(time.Minute))
	if err == nil || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("err = %v, want a redacted error", err)
	}
	quoted, _ := json.Marshal(password)
	assertNoSecrets(t, "error", err.Error(), password, string(quoted[1:len(quoted)-1]))
}

// A server that echoes a secret as the request ID, in a header, or escaped
// inside errors[] still gets it into no error and no log line.
func TestSecretsEchoedAsRequestIDOrEscaped(t *testing.T) {
	e := newEnv(t, nil)
	escaped := `\u` + fmt.Sprintf("%04x", testKey[0]) + testKey[1:]
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 400, Edit: func(b map[string]any) {
		md, _ := b["metadata"].(map[string]any)
		md["requestId"] = testKey
		b["errors"] = []any{json.RawMessage(`{"detail":"` + escaped + `"}`)}
	}})
	_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
	if err == nil {
		t.Fatal("no error")
	}
	assertNoSecrets(t, "error", err.Error(), testKey)
	assertNoSecrets(t, "logs", e.logs.text(), testKey)
	if !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error %q shows no redaction; the test proves nothing", err)
	}
}
