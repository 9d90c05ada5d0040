package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// Reads with the wrong credential, interleaved with good reads, cost one
// extra login in all, for their path group (issue 22, defect 6): the group
// refused a token and then its replacement, so it refuses the credential.
// Each fails with the path's 401, never the login's rejection; a group that
// takes the credential later is not held to refuse it.
func TestWrongCredentialReadsCostOneLoginPerGroup(t *testing.T) {
	e := newEnv(t, nil)
	wrong := client.Request{Method: http.MethodGet, Path: "/orders/LC-1001"}
	for i := range 5 {
		if err := get(e); err != nil {
			t.Fatal(err)
		}
		_, err := e.client.Do(context.Background(), wrong)
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusUnauthorized || ae.Login || ae.Path != wrong.Path {
			t.Fatalf("wrong read %d: %v, want the path's 401", i, err)
		}
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins for 5 wrong reads among good ones, want 2: the first, and one for the /orders group", n)
	}
	if n := e.srv.Count(fakeapi.OrdersPath + "/LC-1001"); n != 6 {
		t.Errorf("%d requests to the wrong path, want 6: two for the first read, one for each later", n)
	}
	// Another group that refuses the credential costs its own login.
	if _, err := e.client.Do(context.Background(), client.Request{Method: http.MethodGet,
		Path: "/order-authentication"}); err == nil {
		t.Fatal("a read of the Orders login with an access token succeeded")
	}
	if n := e.srv.Count(fakeapi.AuthPath); n > 3 {
		t.Errorf("%d logins after a second wrong group, want at most 3", n)
	}
}
