package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzLoginResponse feeds arbitrary bodies and statuses to the one response
// path and the code that turns a login answer into a token: it must never
// panic, and an error must never quote the body, which may hold a token.
func FuzzLoginResponse(f *testing.F) {
	for _, seed := range []string{
		`{"statusCode":200,"message":"OK","metadata":{"timestamp":1731590739955,"requestId":"reqid_1"},"data":{"token":"t","type":"ACCESS_TOKEN","exp":1731674132795}}`,
		`{"statusCode":5000,"message":"API Key not found","metadata":{"requestId":"reqid_2"},"errors":[]}`,
		`{"data":{"token":"t","exp":"1731674132795"}}`,
		`{"data":{"token":"t","exp":1.5}}`,
		`{"data":{"token":"t","exp":1e300}}`,
		`{"data":null}`,
		`{"data":[]}`,
		`{"statusCode":"x"}`,
		`{"errors":[{"message":"m","field":"f"},"s",3]}`,
		`<html></html>`,
		``,
		`{"data":{"token":"t`,
		`{"accessToken":"t","tokenType":"Bearer","expiresIn":3600}`,
		`{"accessToken":"t","expiresIn":"soon"}`,
		`{"accessToken":7,"expiresIn":-5}`,
	} {
		f.Add(seed, 200)
		f.Add(seed, 400)
	}
	now := time.UnixMilli(1731590739955)
	f.Fuzz(func(t *testing.T, body string, status int) {
		c := &Client{cfg: Config{Logger: nopLogger{}}, tune: tuning{Clock: fixedClock(now)}}
		r := &request{Request: Request{Method: http.MethodGet, Path: "/authentication"}, login: true, cred: newCredential(APIKey, "ACCESS_TOKEN", "/authentication", "", true, nil, "key")}
		resp := &response{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(body), sentAt: now}
		env, err := c.decode(r, resp)
		if err != nil {
			checkNoBody(t, err.Error(), body)
			return
		}
		p := loginToken(env, resp)
		if _, reason := c.tokenFrom(&request{}, p, env, resp); reason != "" && len(p.Token) > 3 && strings.Contains(reason, p.Token) {
			t.Fatalf("reason quotes the token: %q", reason)
		}
	})
}

func checkNoBody(t *testing.T, msg, body string) {
	t.Helper()
	if len(body) > 12 && strings.Contains(msg, body) {
		t.Fatalf("error quotes the body: %q", msg)
	}
}

// FuzzParseBaseURL: any string is either rejected with a ConfigError or
// accepted as https, or http on a loopback host.
func FuzzParseBaseURL(f *testing.F) {
	for _, seed := range []string{
		"https://api.liquidcommerce.cloud", "http://127.0.0.1:1", "http://[::1]/api/", "http://localhost.",
		"https://user@host", "ftp://x", "//x", "http://0x7f.1", "https://%zz", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("error %T is not a ConfigError", err)
			}
			return
		}
		switch {
		case u.Scheme == "https":
		case u.Scheme == "http" && IsLoopbackHost(u.Hostname()):
		default:
			t.Fatalf("accepted %q as %s", raw, u)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("accepted %q with credentials, query or fragment", raw)
		}
	})
}
