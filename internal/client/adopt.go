package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// adopt settles what an answer to r, sent with tok in place of refused (""
// when none), did to the credential's tokens. Any answer but a 401, 429 or
// 5xx took tok: a later 401 to it may be a revocation, and r's path group
// takes the credential after all. The token of the answer's auth object is
// cached when it is usable, of the credential's type, and not older than
// the cached one (see store): the API says to replace the stored token
// whenever a response carries one. The store keeps the token adopted, or
// tok when it took in place of refused. It returns the body without auth,
// and ends r's turns as the prober and as the refresh in flight.
func (c *Client) adopt(ctx context.Context, r *request, tok Token, refused string, resp *response,
	env *envelope) []byte {
	defer r.cred.release(r)
	if resp == nil {
		return nil
	}
	cr, took := r.cred, resp.status < 500 && resp.status != http.StatusTooManyRequests && resp.status != 401
	body, auth := splitAuth(resp.body)
	p, next, reason := tokenPayload{}, Token{}, "it is not a token object"
	if auth != nil && env != nil && cr.refreshType != "" && json.Unmarshal(auth, &p) == nil {
		if next, reason = c.tokenFrom(r, p, env, resp); reason == "" && p.Type != cr.refreshType {
			reason = "its type is not " + cr.refreshType
		}
	}
	if auth != nil && reason != "" {
		c.cfg.Logger.Debug(ctx, "Ignoring an unusable token in a LiquidCommerce response", map[string]any{"reason": reason})
	}
	cr.mu.Lock()
	if took {
		cr.accepted, cr.refusals[group(r.Path)] = cr.accepted || cr.token != nil && cr.token.Value == tok.Value, ""
	}
	adopted := reason == "" && cr.store(&next, true)
	cr.mu.Unlock()
	switch {
	case c.cfg.Tokens == nil:
	case adopted:
		c.cfg.Tokens.Keep(ctx, Credential(cr.name), next, "")
	case took && refused != "":
		c.cfg.Tokens.Keep(ctx, Credential(cr.name), tok, refused)
	}
	return body
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

// splitAuth removes every top-level member of a JSON object whose name,
// decoded, is exactly "auth", and returns the value of the last one, which
// is what a JSON decoder would read. Every other byte stays as it was: no
// re-encoding reorders keys or turns ids into floats.
func splitAuth(body []byte) (rest []byte, auth json.RawMessage) {
	// A name spelled "auth" in any way holds these bytes or an escape.
	if !bytes.Contains(body, []byte("auth")) && !bytes.Contains(body, []byte(`\u`)) {
		return body, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return body, nil
	}
	start := int(dec.InputOffset())
	out := append([]byte(nil), body[:start]...)
	kept := false
	for dec.More() {
		key, err := dec.Token()
		var value json.RawMessage
		if err != nil || dec.Decode(&value) != nil {
			return body, nil
		}
		// A member's bytes run from the end of the one before, so each but
		// the first starts with its comma.
		member := body[start:dec.InputOffset()]
		start = int(dec.InputOffset())
		if key == "auth" {
			auth = value
			continue
		}
		if i := bytes.IndexByte(member, ','); !kept && i >= 0 && len(bytes.TrimSpace(member[:i])) == 0 {
			member = member[i+1:]
		}
		out, kept = append(out, member...), true
	}
	if auth == nil {
		return body, nil
	}
	return append(out, body[start:]...), auth
}

// authorize makes the request that sends in with tok. Refresh starts
// before the token is too short for callValidity, so short-lived tokens are
// refreshed too, rather than logged in again: the request adds "refresh":
// true to its body unless another request of cr asks for one, since one
// refresh is in flight at a time. The request's release ends its turn.
func (cr *credential) authorize(in Request, tok Token, now time.Time) request {
	r := request{Request: in, cred: cr, secrets: []string{tok.Value},
		header: http.Header{"Authorization": {"Bearer " + tok.Value}}}
	// Outside the refresh window, which is nearly always, it takes no lock.
	if cr.refreshType == "" || tok.Exp == 0 || tok.Remaining(now) >= min(refreshWindow, tok.Lifetime*3/4) {
		return r
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if b := withRefresh(in.Body); !cr.refreshing && len(b) > len(in.Body) {
		r.Body, r.refresh, cr.refreshing = b, true, true
	}
	return r
}
