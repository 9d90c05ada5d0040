package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// CallResult describes a successful authenticated call.
type CallResult struct {
	HTTPStatus int
	RequestID  string
	// Refreshed is true when the response carried a new token in "auth",
	// which the client now uses.
	Refreshed bool
}

// Call makes an authenticated JSON request to path (joined to the base URL),
// for the resources and data sources built on this client.
//
// It sends the cached token as "Authorization: Bearer", logging in first when
// the token has less than CallMinValidity left. When less than RefreshWindow
// is left and body encodes as a JSON object, it adds "refresh": true so the
// API issues a new token in the response's "auth" object; whenever a response
// carries "auth", that token replaces the cached one. A 401 drops the token,
// logs in again with the API key and retries once.
//
// out, when not nil, receives the envelope's data member, or the whole body
// for endpoints that answer with fields at the top level.
func (c *Client) Call(ctx context.Context, method, path string, body, out any) (*CallResult, error) {
	c.stats.calls.Add(1)
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding the %s %s request body: %w", method, path, err)
		}
		payload = b
	}
	tok, err := c.TokenPreferring(ctx, c.callMinValidity)
	if err != nil {
		return nil, err
	}
	a, err := c.callOnce(ctx, method, path, payload, tok)
	if err != nil {
		return nil, err
	}
	if a.resp.status == http.StatusUnauthorized {
		c.log.Debug(ctx, "LiquidCommerce API rejected the token; logging in again", map[string]any{
			"method": method, "path": path,
		})
		c.Invalidate(tok.Value)
		if tok, err = c.TokenPreferring(ctx, c.callMinValidity); err != nil {
			return nil, err
		}
		if a, err = c.callOnce(ctx, method, path, payload, tok); err != nil {
			return nil, err
		}
	}
	return c.finishCall(a, out)
}

// attempt is one authenticated request and its decoded answer.
type attempt struct {
	r         request
	resp      *response
	env       *envelope
	decErr    error
	refreshed bool
}

func (c *Client) callOnce(ctx context.Context, method, path string, payload []byte, tok Token) (*attempt, error) {
	body := payload
	if tok.Remaining(c.clock.Now()) < c.soften(c.refreshWindow) {
		body = withRefresh(payload)
	}
	a := &attempt{r: request{
		method: method, path: path, body: body,
		header: http.Header{"Authorization": {"Bearer " + tok.Value}},
	}}
	resp, err := c.send(ctx, a.r)
	if err != nil {
		return nil, err
	}
	a.resp = resp
	a.env, a.decErr = c.decodeEnvelope(a.r, resp)
	// Adopt a rotated token from any response, failed ones included.
	if a.decErr == nil && a.env.Auth != nil {
		a.refreshed = c.adopt(ctx, a.env, resp)
	}
	return a, nil
}

func (c *Client) finishCall(a *attempt, out any) (*CallResult, error) {
	r, resp, env := a.r, a.resp, a.env
	if resp.status < 200 || resp.status > 299 {
		return nil, c.apiError(r, resp, env)
	}
	if a.decErr != nil {
		return nil, a.decErr
	}
	if code := env.StatusCode.value(); code >= 400 && len(env.Data) == 0 {
		return nil, c.apiError(r, resp, env)
	}
	res := &CallResult{HTTPStatus: resp.status, RequestID: resp.requestID(), Refreshed: a.refreshed}
	if env.Metadata.RequestID != "" {
		res.RequestID = env.Metadata.RequestID
	}
	if out != nil {
		src := json.RawMessage(resp.body)
		if len(env.Data) > 0 {
			src = env.Data
		}
		if err := json.Unmarshal(src, out); err != nil {
			return nil, c.responseError(r, resp, env, "the data does not have the expected shape: "+jsonProblem(err))
		}
	}
	return res, nil
}

// adopt stores the token of a response's auth object when it is usable. The
// API says to replace the stored token whenever a response carries one, so
// it replaces the cached token even if that one seems to last longer.
func (c *Client) adopt(ctx context.Context, env *envelope, resp *response) bool {
	tok, reason := c.tokenFrom(env.Auth, env, resp)
	if reason != "" {
		c.log.Warn(ctx, "Ignoring the unusable token in a LiquidCommerce API response", map[string]any{
			"reason": reason,
		})
		return false
	}
	c.mu.Lock()
	c.token = &tok
	if tok.Lifetime > 0 {
		c.lifetime = tok.Lifetime
	}
	c.mu.Unlock()
	c.stats.refreshes.Add(1)
	c.log.Debug(ctx, "Adopted refreshed LiquidCommerce access token", map[string]any{
		"expires_at": tok.ExpiresAt.Format(time.RFC3339),
	})
	return true
}

// withRefresh adds "refresh": true to a JSON object body. Other bodies are
// returned as they are: the API reads the flag only from an object.
func withRefresh(payload []byte) []byte {
	t := bytes.TrimSpace(payload)
	if len(t) == 0 || t[0] != '{' {
		return payload
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(t, &obj) != nil {
		return payload
	}
	obj["refresh"] = json.RawMessage("true")
	b, err := json.Marshal(obj)
	if err != nil {
		return payload
	}
	return b
}
