package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// envelope is the shape every LiquidCommerce response shares. Only
// statusCode decides success; every other field is read when it can be and
// otherwise left absent, so that no optional field fails a request.
type envelope struct {
	StatusCode opt[flexInt]      `json:"statusCode"`
	Message    opt[string]       `json:"message"`
	Metadata   opt[metadata]     `json:"metadata"`
	Errors     json.RawMessage   `json:"errors"`
	Data       opt[tokenPayload] `json:"data"`
	Auth       opt[tokenPayload] `json:"auth"`
	// The bare form of an Orders API login answer.
	AccessToken opt[string]  `json:"accessToken"`
	TokenType   opt[string]  `json:"tokenType"`
	ExpiresIn   opt[flexInt] `json:"expiresIn"`
}

type metadata struct {
	Timestamp instant     `json:"timestamp"`
	RequestID opt[string] `json:"requestId"`
}

// tokenPayload is the data of a login and the auth object of a refreshed
// request.
type tokenPayload struct {
	Token string       `json:"token"`
	Type  string       `json:"type"`
	Exp   opt[flexInt] `json:"exp"`
}

// opt holds a value that is absent, null, or of another type than expected,
// without failing the decoding of what contains it.
type opt[T any] struct {
	v  T
	ok bool
}

func (o *opt[T]) UnmarshalJSON(b []byte) error {
	o.ok = string(b) != "null" && json.Unmarshal(b, &o.v) == nil
	return nil
}

// flexInt accepts a JSON integer, an integral float or a numeric string: the
// API documents numbers, and a quoted one should not fail the whole call.
type flexInt struct {
	v int64
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		f.v = n
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != float64(int64(x)) {
		return &json.UnmarshalTypeError{Value: "non-integer", Type: reflect.TypeFor[int64]()}
	}
	f.v = int64(x)
	return nil
}

// instant is a server timestamp in epoch milliseconds (number or numeric
// string) or RFC 3339. Anything else leaves it zero.
type instant struct {
	t time.Time
}

func (i *instant) UnmarshalJSON(b []byte) error {
	var ms flexInt
	var s string
	switch {
	case ms.UnmarshalJSON(b) == nil && plausibleEpochMillis(ms.v):
		i.t = time.UnixMilli(ms.v)
	case json.Unmarshal(b, &s) == nil:
		i.t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return nil
}

// decode reads a response the one way every endpoint shares: the HTTP
// status, then the envelope, then the error it reports. A non-2xx status is
// an *APIError, with the envelope's details when the body has them. A 2xx
// body that is no JSON object is a *ResponseError. A statusCode of 400 or
// more is an *APIError whatever else the envelope holds.
func (c *Client) decode(r *request, resp *response) (*envelope, error) {
	env, reason := (*envelope)(nil), fmt.Sprintf("the body is larger than the %d MiB the client reads", c.cfg.MaxResponseBytes>>20)
	if int64(len(resp.body)) <= c.cfg.MaxResponseBytes {
		env, reason = parseEnvelope(resp.body)
	}
	if resp.status < 200 || resp.status > 299 {
		return env, c.apiError(r, resp, env)
	}
	if env == nil {
		return nil, &ResponseError{Method: r.method, Path: r.path, HTTPStatus: resp.status,
			ContentType: resp.header.Get("Content-Type"), RequestID: r.redact(resp.headerRequestID()), Reason: reason, Malformed: true}
	}
	if code := env.StatusCode; code.ok && code.v.v >= 400 {
		return env, c.apiError(r, resp, env)
	}
	return env, nil
}

func parseEnvelope(body []byte) (*envelope, string) {
	t := bytes.TrimSpace(body)
	switch {
	case len(t) == 0:
		return nil, "the body is empty"
	case t[0] != '{':
		return nil, "the body is not a JSON object"
	}
	var env envelope
	if err := json.Unmarshal(t, &env); err != nil {
		return nil, "the body is not valid JSON: " + jsonProblem(err)
	}
	return &env, ""
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	if e, ok := err.(*json.SyntaxError); ok {
		return "syntax error at byte " + strconv.FormatInt(e.Offset, 10)
	}
	if strings.Contains(err.Error(), "unexpected end") {
		return "the JSON ends early"
	}
	return "malformed JSON"
}

// requestID is the id support asks for: the envelope's, else a header's,
// without the request's secrets, which a server may echo anywhere.
func (env *envelope) requestID(r *request, resp *response) string {
	if env != nil && env.Metadata.v.RequestID.ok {
		return r.redact(env.Metadata.v.RequestID.v)
	}
	return r.redact(resp.headerRequestID())
}

func (resp *response) headerRequestID() string { return resp.header.Get("X-Request-Id") }

// serverNow is the server's clock when it answered: metadata.timestamp when
// readable, else the Date header, else the local time the request was sent.
func serverNow(env *envelope, resp *response) time.Time {
	if t := env.Metadata.v.Timestamp.t; !t.IsZero() {
		return t
	}
	if t, err := http.ParseTime(resp.header.Get("Date")); err == nil {
		return t
	}
	return resp.sentAt
}

// plausibleEpochMillis accepts instants from 2001 to 2286 in milliseconds,
// which rules out seconds (too small) and microseconds (too large).
func plausibleEpochMillis(ms int64) bool {
	return ms >= 1e12 && ms < 1e13
}

// apiError builds the typed error for a failed request from its envelope,
// when it had one, without any secret the request carried.
func (c *Client) apiError(r *request, resp *response, env *envelope) *APIError {
	e := &APIError{
		Method: r.method, Path: r.path, HTTPStatus: resp.status, Login: r.login,
		RequestID: env.requestID(r, resp), Attempts: resp.attempts,
	}
	if r.cred != nil {
		e.Credential = r.cred.name
	}
	if ra, ok := retryAfter(resp.header, c.cfg.Clock.Now()); ok {
		e.RetryAfter = ra
	}
	if env != nil {
		e.StatusCode = int(env.StatusCode.v.v)
		e.Message = r.redact(env.Message.v)
		e.Errors = errorTexts(r, env.Errors)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.status)
	}
	return e
}

// errorTexts renders the envelope's errors array: strings as they are,
// objects by their message (and field) or as compact JSON.
func errorTexts(r *request, raw json.RawMessage) []string {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []string
	for _, it := range items {
		var s string
		var obj struct {
			Message string `json:"message"`
			Field   string `json:"field"`
		}
		var v any
		switch {
		case json.Unmarshal(it, &s) == nil:
		case json.Unmarshal(it, &obj) == nil && obj.Message != "":
			s = strings.TrimPrefix(obj.Field+": "+obj.Message, ": ")
		case json.Unmarshal(it, &v) == nil:
			// Re-encoding undoes \u escapes that would hide a secret.
			b, _ := json.Marshal(v)
			s = string(b)
		}
		out = append(out, r.redact(s))
	}
	return out
}

func (c *Client) responseError(r *request, resp *response, env *envelope, reason string) *ResponseError {
	return &ResponseError{
		Method: r.method, Path: r.path, HTTPStatus: resp.status,
		ContentType: resp.header.Get("Content-Type"), RequestID: env.requestID(r, resp), Reason: reason,
	}
}
