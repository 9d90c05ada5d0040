package client_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A statusCode of 400 or more is an error even with HTTP 200, whatever data
// holds; the API's message, errors and requestId reach the error. The same
// holds for logins and for authenticated requests: one response path.
func TestErrorStatusCodeWinsOverHTTP200(t *testing.T) {
	datas := map[string]func(map[string]any){
		"data null":   func(b map[string]any) { b["data"] = nil },
		"data empty":  func(b map[string]any) { b["data"] = map[string]any{} },
		"data absent": func(b map[string]any) { delete(b, "data") },
		"data a token": func(b map[string]any) {
			b["data"] = map[string]any{"token": "lc_looks_fine", "type": "ACCESS_TOKEN", "exp": time.Now().Add(time.Hour).UnixMilli()}
		},
	}
	for name, setData := range datas {
		for _, path := range []string{fakeapi.AuthPath, fakeapi.EchoPath} {
			t.Run(name+" "+path, func(t *testing.T) {
				e := newEnv(t, nil)
				if path == fakeapi.EchoPath {
					if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
						t.Fatal(err)
					}
				}
				e.srv.Inject(fakeapi.Fault{Path: path, Edit: func(b map[string]any) {
					b["statusCode"] = 5003
					b["message"] = "Order lookup failed"
					b["errors"] = []any{map[string]any{"field": "id", "message": "unknown order"}, "try later"}
					setData(b)
				}})
				var err error
				if path == fakeapi.AuthPath {
					_, err = e.client.Token(context.Background(), client.APIKey, need(time.Minute))
				} else {
					_, err = call(context.Background(), e.client, http.MethodPost, path, map[string]any{}, nil)
				}
				var ae *client.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("err = %v, want *APIError", err)
				}
				if ae.HTTPStatus != 200 || ae.StatusCode != 5003 || ae.Message != "Order lookup failed" ||
					strings.Join(ae.Errors, "|") != "id: unknown order|try later" || !strings.HasPrefix(ae.RequestID, "reqid_") {
					t.Errorf("error = %+v", ae)
				}
				if n := e.srv.Count(path); n != 1 {
					t.Errorf("%d requests: an API error in a 200 was retried", n)
				}
			})
		}
	}
}

// Without statusCode, the HTTP status decides: a bare 2xx body is a success,
// a non-2xx body an error even when it looks like a success.
func TestHTTPStatusDecidesWithoutStatusCode(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Edit: func(b map[string]any) { delete(b, "statusCode") }})
	res, err := call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"a": 1}, nil)
	if err != nil || res.Status != 200 {
		t.Fatalf("res = %+v, err = %v", res, err)
	}
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 404, Edit: func(b map[string]any) {
		delete(b, "statusCode")
		b["message"] = "Cannot POST"
	}})
	_, err = call(context.Background(), e.client, http.MethodPost, fakeapi.EchoPath, map[string]any{"a": 1}, nil)
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 404 || ae.StatusCode != 0 || ae.Message != "Cannot POST" {
		t.Fatalf("err = %v", err)
	}
}

// A rejected key is recognized in each published form.
func TestRejectedKeyForms(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		e := newEnv(t, nil)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: status, Edit: func(b map[string]any) { b["statusCode"] = 5000 }})
		_, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
		var ae *client.APIError
		if !errors.As(err, &ae) || !ae.IsCredentialRejected() || ae.Credential != "api_key" {
			t.Errorf("HTTP %d: err = %v, want a rejected credential", status, err)
		}
	}
}

// Fields that do not decide success never fail a request; an unreadable
// timestamp only loses the skew correction it gives, to the Date header.
func TestOptionalFieldsAreBestEffort(t *testing.T) {
	// The fake server runs an hour behind the client, and says so in its
	// Date header. A timestamp two hours behind, when read, wins over it.
	twoHoursBehind := func(e *env) time.Time { return e.clock.Now().Add(-2 * time.Hour) }
	cases := []struct {
		name     string
		edit     func(e *env, md, b map[string]any)
		wantLeft time.Duration
	}{
		{"timestamp as a numeric string", func(e *env, md, _ map[string]any) {
			md["timestamp"] = strconv.FormatInt(twoHoursBehind(e).UnixMilli(), 10)
		}, 25 * time.Hour},
		{"timestamp in RFC 3339", func(e *env, md, _ map[string]any) {
			md["timestamp"] = twoHoursBehind(e).Format(time.RFC3339Nano)
		}, 25 * time.Hour},
		{"timestamp unreadable: the Date header", func(_ *env, md, _ map[string]any) {
			md["timestamp"] = map[string]any{"when": "now"}
		}, 24 * time.Hour},
		{"version as a number, unknown fields", func(_ *env, md, b map[string]any) {
			md["version"] = 1.7
			md["region"] = []any{"us"}
			b["traceId"] = 42
		}, 24 * time.Hour},
		{"requestId a number, message an object", func(_ *env, md, b map[string]any) {
			md["requestId"] = 7
			b["message"] = map[string]any{"text": "OK"}
		}, 24 * time.Hour},
		{"metadata not an object", func(_ *env, _, b map[string]any) {
			b["metadata"] = "n/a"
		}, 24 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.SetNow(func() time.Time { return e.clock.Now().Add(-time.Hour) })
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Edit: func(b map[string]any) {
				md, _ := b["metadata"].(map[string]any)
				tc.edit(e, md, b)
			}})
			tok, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute))
			if err != nil {
				t.Fatalf("an optional field failed the login: %v", err)
			}
			if left := tok.Remaining(e.clock.Now()); left != tc.wantLeft {
				t.Errorf("remaining %s, want %s", left, tc.wantLeft)
			}
		})
	}
}
