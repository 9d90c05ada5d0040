package client_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A statusCode written as a string with escapes means what any JSON reader
// takes it for: "\u0034\u0030\u0030" is 400, so a 200 carrying it failed.
func TestEscapedStatusCodeIsRead(t *testing.T) {
	e := newEnv(t, nil)
	seam := fastSeam(e.clock)
	seam.Transport = rewriting(func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"statusCode":200`), []byte(`"statusCode":"\u0034\u0030\u0030"`), 1)
	})
	c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: e.url}, seam)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{}`)})
	if apiErr, ok := errors.AsType[*client.APIError](err); !ok || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v, want the *APIError of statusCode 400", err)
	}
}
