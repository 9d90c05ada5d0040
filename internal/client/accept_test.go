package client_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// An accepted 404 with the API's JSON envelope is an answer: its status,
// its requestId and its body as sent, without the auth object.
func TestAcceptedStatusWithEnvelopeIsAResponse(t *testing.T) {
	e := newEnv(t, nil)
	res, err := e.client.Do(context.Background(),
		client.Request{Method: http.MethodGet, Path: "/catalog/nothing-here", Accept: []int{404}})
	if err != nil {
		t.Fatalf("Do: %v, want a Response for the accepted 404", err)
	}
	if res.Status != http.StatusNotFound || res.RequestID == "" {
		t.Errorf("Response = {Status: %d, RequestID: %q}, want status 404 and the envelope's requestId", res.Status, res.RequestID)
	}
	if sent := e.srv.Response(res.RequestID); len(sent) == 0 || !bytes.Equal(res.Body, sent) {
		t.Errorf("Body = %s, want the envelope as sent: %s", res.Body, sent)
	}

	// An auth object in the 404 is kept from the body, as for any answer.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: http.StatusNotFound, Auth: true})
	res, err = getEcho(e, client.Request{Accept: []int{409, 404}})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if res.Status != http.StatusNotFound || bytes.Contains(res.Body, []byte(`"auth"`)) ||
		!bytes.Contains(res.Body, []byte(`"statusCode":404`)) {
		t.Errorf("Response = %d %s, want the 404 envelope without auth", res.Status, res.Body)
	}
}

func TestAcceptedStatusWithEmptyBodyIsAResponse(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: http.StatusNotFound, Body: fakeapi.BodyEmpty})
	res, err := getEcho(e, client.Request{Accept: []int{404}})
	if err != nil {
		t.Fatalf("Do: %v, want a Response for an empty accepted 404", err)
	}
	if res.Status != http.StatusNotFound || len(res.Body) != 0 {
		t.Errorf("Response = %d %q, want 404 with an empty body", res.Status, res.Body)
	}
}

// A proxy's HTML 404 is no answer of the API's: accepting 404 must not
// make a wrong base_url read as "absent".
func TestAcceptedStatusWithHTMLBodyIsAnError(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: http.StatusNotFound, Body: fakeapi.BodyHTML})
	res, err := getEcho(e, client.Request{Accept: []int{404}})
	var re *client.ResponseError
	if !errors.As(err, &re) || !re.Malformed || re.HTTPStatus != http.StatusNotFound {
		t.Fatalf("Do = %v, %v; want a malformed *ResponseError for HTTP 404", res, err)
	}
	if !strings.Contains(re.ContentType, "text/html") {
		t.Errorf("ContentType = %q, want the HTML page's", re.ContentType)
	}
}

func TestStatusNotAcceptedIsAnAPIError(t *testing.T) {
	e := newEnv(t, nil)
	for _, accept := range [][]int{nil, {409}} {
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: http.StatusNotFound})
		res, err := getEcho(e, client.Request{Accept: accept})
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusNotFound {
			t.Errorf("Accept %v: Do = %v, %v; want the 404's *APIError", accept, res, err)
		}
	}
}

// Only the HTTP status is matched: a 200 whose statusCode says 404 stays
// the failure it reports.
func TestAcceptDoesNotMatchStatusCode(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Edit: func(b map[string]any) {
		b["statusCode"], b["message"] = 404, "Not Found"
	}})
	res, err := getEcho(e, client.Request{Accept: []int{404}})
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusOK || ae.StatusCode != http.StatusNotFound {
		t.Fatalf("Do = %v, %v; want an *APIError for HTTP 200 with statusCode 404", res, err)
	}
}

// An accepted status is an answer: never sent again, and the next request
// goes at once.
func TestAcceptedStatusIsSentOnce(t *testing.T) {
	e := newEnv(t, nil)
	for _, status := range []int{http.StatusConflict, http.StatusNotFound, http.StatusRequestTimeout} {
		e.srv.ClearFaults()
		before := e.srv.Count(fakeapi.EchoPath)
		e.srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: status, Times: 5})
		res, err := e.client.Do(context.Background(), client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath,
			Body: []byte(`{}`), Accept: []int{status}})
		if err != nil || res.Status != status {
			t.Fatalf("accept %d: Do = %v, %v; want a Response", status, res, err)
		}
		if n := e.srv.Count(fakeapi.EchoPath) - before; n != 1 {
			t.Errorf("accept %d: sent %d times, want once", status, n)
		}
	}
	e.srv.ClearFaults()
	if _, err := getEcho(e, client.Request{}); err != nil {
		t.Errorf("the request after the accepted answers: %v", err)
	}
}

// The statuses the client handles itself, and what is no status outside
// 2xx, are refused before anything is sent, the login included.
func TestAcceptRefusesStatusesTheClientHandles(t *testing.T) {
	e := newEnv(t, nil)
	for _, status := range []int{401, 429, 500, 502, 503, 504, 200, 204, 99, 299, 600, 0, -404} {
		for name, err := range map[string]error{
			"ValidateAccept": client.ValidateAccept([]int{404, status}),
			"Do":             func() error { _, err := getEcho(e, client.Request{Accept: []int{404, status}}); return err }(),
		} {
			var ce *client.ConfigError
			if !errors.As(err, &ce) || ce.Field != "accept_status" || !strings.Contains(ce.Reason, strconv.Itoa(status)) {
				t.Errorf("%s(%d) = %v, want an accept_status ConfigError naming %d", name, status, err, status)
				continue
			}
			handled := status == 401 || status == 429 || status >= 500 && status <= 504
			if handled != strings.Contains(ce.Reason, "handles") {
				t.Errorf("%s(%d): reason %q; it should say the client handles it itself exactly when it does", name, status, ce.Reason)
			}
		}
	}
	if n := e.srv.Count(""); n != 0 {
		t.Errorf("%d requests sent (logins included), want none", n)
	}
	for _, ok := range [][]int{nil, {}, {300, 404, 409, 410, 422, 501, 505, 599}} {
		if err := client.ValidateAccept(ok); err != nil {
			t.Errorf("ValidateAccept(%v) = %v, want nil", ok, err)
		}
	}
}
