package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// callValidity is what an authenticated request asks of its token: enough
// time left to reach the server, or half the lifetime of short-lived tokens.
var callValidity = Validity{Min: time.Minute, Preferred: true}

// Request is an authenticated API request.
type Request struct {
	// Method is the HTTP method, e.g. GET or POST.
	Method string
	// Path is joined to the base URL. It is taken as already escaped and
	// must pass ValidatePath.
	Path string
	// Query holds the query parameters, encoded by the client.
	Query url.Values
	// Body is a JSON request body, or nil.
	Body []byte
	// Credential is the credential whose token the request carries; the
	// zero value is APIKey.
	Credential Credential
}

// Response is the answer to a successful authenticated request.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// RequestID is the response's metadata.requestId.
	RequestID string
	// Body is the response body as the API sent it, byte for byte, without
	// a top-level "auth" member, whose token the client keeps to itself.
	Body []byte
	// Refreshed is true when the response carried a new token in "auth",
	// which the client now uses.
	Refreshed bool
}

// Do sends an authenticated request with a token of in.Credential.
//
// It sends the cached token as "Authorization: Bearer", logging in first when
// the token is about to expire. When the token has less than RefreshWindow
// left and the body is a JSON object, it adds "refresh": true so the API
// issues a new token in the response's "auth" object; whenever a response
// carries "auth", that token replaces the cached one. A 401 means the token
// was rejected: the client logs in again and retries once, at most once per
// token value, and not at all when the token came from a login made for
// this request. Refresh and "auth" apply to the access token only: Orders
// tokens are replaced by logging in again.
func (c *Client) Do(ctx context.Context, in Request) (*Response, error) {
	cr, err := c.cred(in.Credential)
	if err != nil {
		return nil, err
	}
	if err := ValidatePath(in.Path); err != nil {
		return nil, err
	}
	tok, err := c.token(ctx, cr, callValidity)
	for retried := false; ; retried = true {
		if err != nil {
			return nil, err
		}
		r := request{method: in.Method, path: in.Path, query: in.Query, cred: cr, secrets: []string{tok.Value},
			header: http.Header{"Authorization": {"Bearer " + tok.Value}}, body: in.Body}
		// Refresh starts before the token is too short for callValidity, so
		// short-lived tokens are refreshed too, rather than logged in again.
		if cr.refreshes && tok.Remaining(c.cfg.Clock.Now()) < min(c.cfg.RefreshWindow, tok.Lifetime*3/4) {
			r.body = withRefresh(in.Body)
		}
		resp, env, sendErr := c.exchange(ctx, &r)
		refreshed := cr.refreshes && env != nil && env.Auth.ok && c.adopt(ctx, &r, env, resp)
		apiErr, isAPIErr := errors.AsType[*APIError](sendErr)
		if !isAPIErr || apiErr.HTTPStatus != http.StatusUnauthorized {
			if sendErr != nil {
				return nil, sendErr
			}
			cr.accept(tok.Value)
			return &Response{Status: resp.status, RequestID: env.requestID(&r, resp), Body: withoutAuth(resp.body), Refreshed: refreshed}, nil
		}
		fresh := cr.rejected(tok, c.cfg.Clock.Now())
		if fresh || retried {
			apiErr.FreshTokenRejected = fresh
			return nil, apiErr
		}
		c.cfg.Logger.Debug(ctx, "LiquidCommerce API rejected the token; getting another", map[string]any{
			"method": in.Method, "path": in.Path, "credential": cr.name,
		})
		var next Token
		if next, err = c.token(ctx, cr, callValidity); err == nil && next.Value == tok.Value {
			// Another request has already found this token rejected while
			// fresh: a new login would not help.
			apiErr.FreshTokenRejected = true
			return nil, apiErr
		}
		tok = next
	}
}

// accept records that the API took a token on a request.
func (cr *credential) accept(value string) {
	cr.mu.Lock()
	cr.accepted = value
	cr.mu.Unlock()
}

// rejected records that the API refused a token, and reports whether it was
// fresh: issued under a minute ago and never accepted on a request, so the
// endpoint, not the token, is likely at fault, and a new login would not
// help. The first time any other token is refused it leaves the cache, so
// one new login serves every caller. No token value causes two logins.
func (cr *credential) rejected(tok Token, now time.Time) (fresh bool) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	fresh = cr.accepted != tok.Value && now.Sub(tok.LocalExpiry.Add(-tok.Lifetime)) < time.Minute
	if !cr.spent[tok.Value] && !fresh && cr.token != nil && cr.token.Value == tok.Value {
		cr.token = nil
	}
	if cr.spent == nil {
		cr.spent = map[string]bool{}
	}
	cr.spent[tok.Value] = true
	return fresh
}

// adopt stores the token of a response's auth object when it is usable. The
// API says to replace the stored token whenever a response carries one.
func (c *Client) adopt(ctx context.Context, r *request, env *envelope, resp *response) bool {
	cr := r.cred
	tok, reason := c.tokenFrom(r, env.Auth.v, env, resp)
	if reason != "" {
		c.cfg.Logger.Warn(ctx, "Ignoring the unusable token in a LiquidCommerce API response", map[string]any{"reason": reason})
		return false
	}
	cr.mu.Lock()
	cr.token = &tok
	cr.mu.Unlock()
	c.cfg.Logger.Debug(ctx, "Adopted refreshed LiquidCommerce token", map[string]any{
		"credential": cr.name, "expires_at": tok.ExpiresAt.Format(time.RFC3339),
	})
	return true
}

// withRefresh adds "refresh": true to a JSON object body that does not set
// refresh itself, without re-encoding the caller's fields. Other bodies are
// returned as they are: the API reads the flag only from an object.
func withRefresh(body []byte) []byte {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil || obj["refresh"] != nil {
		return body
	}
	rest := bytes.TrimPrefix(bytes.TrimSpace(body), []byte("{"))
	if len(obj) > 0 {
		return append([]byte(`{"refresh":true,`), rest...)
	}
	return []byte(`{"refresh":true}`)
}

// withoutAuth removes every top-level "auth" member from a JSON object,
// leaving every other byte as it was: no re-encoding reorders keys or turns
// ids into floats.
func withoutAuth(body []byte) []byte {
	for bytes.Contains(body, []byte(`"auth"`)) {
		start, end, ok := memberSpan(body, "auth")
		if !ok {
			break
		}
		body = append(body[:start:start], body[end:]...)
	}
	return body
}

// memberSpan finds the bytes to cut to remove a top-level member: from the
// end of the previous member (its comma included), or, for the first
// member, from the opening brace to the next member's comma.
func memberSpan(body []byte, name string) (start, end int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, 0, false
	}
	prev := int(dec.InputOffset())
	for first := true; dec.More(); first = false {
		key, err := dec.Token()
		var value json.RawMessage
		if err != nil || dec.Decode(&value) != nil {
			return 0, 0, false
		}
		end := int(dec.InputOffset())
		if key != name {
			prev = end
			continue
		}
		if first && dec.More() {
			end += bytes.IndexByte(body[end:], ',') + 1
		}
		return prev, end, true
	}
	return 0, 0, false
}
