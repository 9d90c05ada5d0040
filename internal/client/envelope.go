package client

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
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
	// The bare form of an Orders API login answer.
	AccessToken opt[string]  `json:"accessToken"`
	TokenType   opt[string]  `json:"tokenType"`
	ExpiresIn   opt[flexInt] `json:"expiresIn"`
}

type metadata struct {
	// Timestamp is in epoch milliseconds (number or numeric string) or RFC
	// 3339; see serverNow.
	Timestamp json.RawMessage `json:"timestamp"`
	RequestID opt[string]     `json:"requestId"`
}

// tokenPayload is the data of a login and the auth object of a refreshed
// request (read by splitAuth, not by the envelope: names are matched
// exactly there).
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
type flexInt struct{ v int64 }

func (f *flexInt) UnmarshalJSON(b []byte) error {
	// A numeric string is read as encoding/json decodes it, escapes and
	// all, so that it means what any other JSON reader takes it for.
	s := string(b)
	_ = json.Unmarshal(b, &s)
	// Every integer the API sends (epoch milliseconds, seconds, status
	// codes) is far below 2^53, where a float64 holds it exactly.
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return errors.New("not a whole number")
	}
	f.v = int64(x)
	return nil
}

// decode reads a response the one way every endpoint shares: the HTTP
// status, then the envelope, then the error it reports. A status the
// request accepts is an answer, its envelope unchecked, when the body is a
// JSON object or empty. Any other non-2xx status is an *APIError, with the
// envelope's details when the body has them. A 2xx body (or an accepted
// status's) that is no JSON object is a *ResponseError. A 2xx with a
// statusCode of 400 or more is an *APIError whatever else it holds.
func (c *Client) decode(r *request, resp *response) (*envelope, error) {
	env, reason := parseEnvelope(resp.body)
	switch accepted := slices.Contains(r.Accept, resp.status); {
	case accepted && len(bytes.TrimSpace(resp.body)) == 0:
		// An empty answer; one with an envelope is one too.
	case !accepted && (resp.status/100 != 2 || env != nil && env.StatusCode.ok && env.StatusCode.v.v >= 400):
		return env, c.apiError(r, resp, env)
	case env == nil:
		return nil, c.responseError(r, resp, nil, reason)
	}
	return env, nil
}

// parseEnvelope reads a body that must be a JSON object, and no larger than
// the client reads, or says why it is not without quoting it.
func parseEnvelope(body []byte) (*envelope, string) {
	var env envelope
	t := bytes.TrimSpace(body)
	err := json.Unmarshal(t, &env)
	switch syntax, isSyntax := errors.AsType[*json.SyntaxError](err); {
	case len(body) > MaxResponseBytes:
		return nil, fmt.Sprintf("the body is larger than the %d MiB read", MaxResponseBytes>>20)
	case len(t) == 0:
		return nil, "the body is empty"
	case t[0] != '{':
		return nil, "the body is not a JSON object"
	case isSyntax && syntax.Offset > 0:
		return nil, "the body is not valid JSON: syntax error at byte " + strconv.FormatInt(syntax.Offset, 10)
	case err != nil:
		return nil, "the body is not valid JSON: malformed JSON"
	}
	return &env, ""
}

// requestID is the id support asks for: the envelope's, else a header's,
// without the request's secrets, which a server may echo anywhere.
func (env *envelope) requestID(r *request, resp *response) string {
	if env != nil && env.Metadata.v.RequestID.ok {
		return r.redact(env.Metadata.v.RequestID.v)
	}
	return r.redact(resp.header.Get("X-Request-Id"))
}

// serverNow is the server's clock when it answered: metadata.timestamp when
// readable, else the Date header, else the local time the request was sent.
func serverNow(env *envelope, resp *response) time.Time {
	var ms flexInt
	ts := env.Metadata.v.Timestamp
	if ms.UnmarshalJSON(ts) == nil && plausibleEpochMillis(ms.v) {
		return time.UnixMilli(ms.v)
	}
	// A JSON string, quoted; an RFC 3339 time has nothing to escape.
	if t, err := time.Parse(time.RFC3339Nano, strings.Trim(string(ts), `"`)); err == nil {
		return t
	} else if t, err := http.ParseTime(resp.header.Get("Date")); err == nil {
		return t
	}
	return resp.sentAt
}

// plausibleEpochMillis accepts instants from 2001 to 2286 in milliseconds,
// which rules out seconds (too small) and microseconds (too large).
func plausibleEpochMillis(ms int64) bool { return ms >= 1e12 && ms < 1e13 }

// apiError builds the typed error for a failed request from its envelope,
// when it had one, without any secret the request carried.
func (c *Client) apiError(r *request, resp *response, env *envelope) *APIError {
	e := &APIError{Method: r.Method, Path: r.Path, Credential: r.cred.name, HTTPStatus: resp.status, Login: r.login,
		RequestID: env.requestID(r, resp), Attempts: resp.attempts}
	e.RetryAfter, _ = retryAfter(resp.header, c.tune.Clock.Now())
	if env != nil {
		e.StatusCode, e.Message, e.Errors = int(env.StatusCode.v.v), r.redact(env.Message.v), errorTexts(r, env.Errors)
	}
	e.Message = cmp.Or(e.Message, http.StatusText(resp.status))
	return e
}

// errorTexts renders the envelope's errors array: strings as they are,
// objects by their message (and field) or as compact JSON, which undoes
// \u escapes that would hide a secret from redact.
func errorTexts(r *request, raw json.RawMessage) []string {
	var items []any
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, isString := it.(string)
		m, _ := it.(map[string]any)
		msg, _ := m["message"].(string)
		field, _ := m["field"].(string)
		if b, _ := json.Marshal(it); !isString {
			s = string(b)
		}
		if msg != "" {
			s = strings.TrimPrefix(field+": "+msg, ": ")
		}
		out[i] = r.redact(s)
	}
	return out
}

// responseError describes an answer the client cannot use; Malformed when
// it has no envelope.
func (c *Client) responseError(r *request, resp *response, env *envelope, reason string) *ResponseError {
	return &ResponseError{Method: r.Method, Path: r.Path, HTTPStatus: resp.status, Malformed: env == nil,
		ContentType: resp.header.Get("Content-Type"), RequestID: env.requestID(r, resp), Reason: reason}
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date, up
// to a day: all digits too many to parse, or a date further off, are a day.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	const longest = 24 * time.Hour
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, int64(longest/time.Second))) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		return longest, true
	} else if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), longest), true
	}
	return 0, false
}
