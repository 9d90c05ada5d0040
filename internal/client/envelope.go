package client

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// envelope is the shape every LiquidCommerce response shares.
type envelope struct {
	StatusCode *flexInt         `json:"statusCode"`
	Message    string           `json:"message"`
	Metadata   envelopeMetadata `json:"metadata"`
	Data       json.RawMessage  `json:"data"`
	Errors     json.RawMessage  `json:"errors"`
	Auth       *tokenPayload    `json:"auth"`
}

type envelopeMetadata struct {
	Timestamp *flexInt `json:"timestamp"`
	RequestID string   `json:"requestId"`
	Path      string   `json:"path"`
}

// tokenPayload is data of /authentication and the auth object of refreshed calls.
type tokenPayload struct {
	Token string   `json:"token"`
	Type  string   `json:"type"`
	Exp   *flexInt `json:"exp"`
}

// flexInt accepts a JSON integer, an integral float or a numeric string: the
// API documents numbers, and a quoted one should not fail the whole call.
type flexInt struct {
	v int64
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if s == "null" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		f.v = n
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != float64(int64(x)) {
		return &json.UnmarshalTypeError{Value: "non-integer", Type: reflect.TypeOf(int64(0))}
	}
	f.v = int64(x)
	return nil
}

func (f *flexInt) value() int64 {
	if f == nil {
		return 0
	}
	return f.v
}

func isJSON(h http.Header, body []byte) bool {
	ct := h.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		if mt == "application/json" || strings.HasSuffix(mt, "+json") {
			return true
		}
	}
	t := bytes.TrimSpace(body)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// decodeEnvelope parses a response body. It fails on anything that is not a
// JSON object: HTML error pages, empty bodies, truncated JSON.
func (c *Client) decodeEnvelope(r request, resp *response) (*envelope, error) {
	fail := func(reason string) error {
		return &ResponseError{
			Method: r.method, Path: r.path, HTTPStatus: resp.status,
			ContentType: resp.header.Get("Content-Type"), RequestID: resp.requestID(), Reason: reason,
			Malformed: true,
		}
	}
	body := bytes.TrimSpace(resp.body)
	if len(body) == 0 {
		return nil, fail("the body is empty")
	}
	if !isJSON(resp.header, body) {
		return nil, fail("the body is not JSON")
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fail("the body is not a valid JSON envelope: " + jsonProblem(err))
	}
	return &env, nil
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return "syntax error at byte " + strconv.FormatInt(e.Offset, 10)
	case *json.UnmarshalTypeError:
		if e.Field != "" {
			return "field " + e.Field + " has the wrong type"
		}
		return "a field has the wrong type"
	}
	if strings.Contains(err.Error(), "unexpected end") {
		return "the JSON ends early"
	}
	return "malformed JSON"
}

// apiError builds the typed error for a failed call from its envelope, if
// it had one, redacting any secret the client knows.
func (c *Client) apiError(r request, resp *response, env *envelope) *APIError {
	e := &APIError{
		Method: r.method, Path: r.path, HTTPStatus: resp.status,
		RequestID: resp.requestID(), Attempts: resp.attempts,
	}
	if ra, ok := retryAfter(resp.header, c.clock.Now()); ok {
		e.RetryAfter = ra
	}
	if env != nil {
		e.StatusCode = int(env.StatusCode.value())
		e.Message = c.redact(env.Message)
		if env.Metadata.RequestID != "" {
			e.RequestID = env.Metadata.RequestID
		}
		e.Errors = c.errorTexts(env.Errors)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.status)
	}
	return e
}

// errorTexts renders the envelope's errors array: strings as they are,
// objects by their message (and field) or as compact JSON.
func (c *Client) errorTexts(raw json.RawMessage) []string {
	var items []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []string
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			out = append(out, c.redact(s))
			continue
		}
		var obj struct {
			Message string `json:"message"`
			Field   string `json:"field"`
		}
		if json.Unmarshal(it, &obj) == nil && obj.Message != "" {
			if obj.Field != "" {
				out = append(out, c.redact(obj.Field+": "+obj.Message))
			} else {
				out = append(out, c.redact(obj.Message))
			}
			continue
		}
		var compact bytes.Buffer
		if json.Compact(&compact, it) == nil {
			out = append(out, c.redact(compact.String()))
		}
	}
	return out
}

// serverNow is the server's clock at the time of the response: the
// envelope's metadata.timestamp when plausible, else the Date header.
func serverNow(env *envelope, h http.Header) (time.Time, bool) {
	if env != nil {
		if ms := env.Metadata.Timestamp.value(); plausibleEpochMillis(ms) {
			return time.UnixMilli(ms), true
		}
	}
	if d := h.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// plausibleEpochMillis accepts instants from 2001 to 2286 in milliseconds,
// which rules out seconds (too small) and microseconds (too large).
func plausibleEpochMillis(ms int64) bool {
	return ms >= 1e12 && ms < 1e13
}

func (c *Client) redact(s string) string {
	if s == "" {
		return s
	}
	for _, secret := range c.secrets() {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
