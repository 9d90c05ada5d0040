package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrMissingAPIKey is returned by every operation that needs a token when the
// client was built without an API key.
var ErrMissingAPIKey = errors.New("no LiquidCommerce API key is configured")

// ErrRedirectRefused marks a redirect the client would not follow because it
// leads away from the configured base URL, where the API key or token would
// leak to another host.
var ErrRedirectRefused = errors.New("redirect refused")

// ConfigError reports a client setting that cannot work. Field names the
// setting the way the provider configuration spells it.
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("invalid %s: %s", e.Field, e.Reason)
}

// APIError is a failure the LiquidCommerce API reported: a non-2xx answer, or
// a 2xx envelope whose statusCode says it failed.
type APIError struct {
	// Method and Path name the call, e.g. GET /authentication.
	Method string
	Path   string
	// HTTPStatus is the HTTP status code of the response.
	HTTPStatus int
	// StatusCode is the API's own statusCode from the envelope, 0 when absent.
	StatusCode int
	// Message is the API's message, with any secret the client knows redacted.
	Message string
	// Errors holds the envelope's errors, each rendered as text.
	Errors []string
	// RequestID is metadata.requestId, the identifier LiquidCommerce support asks for.
	RequestID string
	// RetryAfter is the wait the server asked for (429 and 503), 0 when none.
	RetryAfter time.Duration
	// Attempts counts the requests sent, retries included.
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ", statusCode %d", e.StatusCode)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if len(e.Errors) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(e.Errors, "; "))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [requestId %s]", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// IsRateLimited reports whether the API answered 429 Too Many Requests.
func (e *APIError) IsRateLimited() bool { return e.HTTPStatus == 429 }

// IsUnauthorized reports whether the API rejected the credentials: 401 or
// 403 anywhere, and 400 from /authentication, which is how the API answers an
// unknown key.
func (e *APIError) IsUnauthorized() bool {
	switch e.HTTPStatus {
	case 401, 403:
		return true
	case 400:
		return e.Path == authPath
	}
	return false
}

// IsServerError reports a 5xx answer.
func (e *APIError) IsServerError() bool { return e.HTTPStatus >= 500 }

// ResponseError reports a response the client could not use: not JSON, too
// large, missing fields, or values that cannot be right (an expiry in the
// past, say). It never carries the body, which may hold a secret.
type ResponseError struct {
	Method      string
	Path        string
	HTTPStatus  int
	ContentType string
	RequestID   string
	Reason      string
	// Malformed is true when the body is no JSON envelope at all (empty, not
	// JSON, cut off, too large), as when base_url points at something other
	// than the API; false when the envelope is fine but a value in it is not.
	Malformed bool
}

func (e *ResponseError) Error() string {
	s := fmt.Sprintf("%s %s: unusable response (HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.ContentType != "" {
		s += ", " + e.ContentType
	}
	s += "): " + e.Reason
	if e.RequestID != "" {
		s += " [requestId " + e.RequestID + "]"
	}
	return s
}

// RequestError reports a request that got no HTTP answer: the connection
// failed, timed out, was canceled, or a redirect was refused.
type RequestError struct {
	Method   string
	URL      string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	s := fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

func (e *RequestError) Unwrap() error { return e.Err }

// Timeout reports whether the request ran out of time, per attempt or overall.
func (e *RequestError) Timeout() bool {
	var t interface{ Timeout() bool }
	if errors.As(e.Err, &t) && t.Timeout() {
		return true
	}
	return errors.Is(e.Err, context.DeadlineExceeded)
}

// TokenLifetimeError reports that a freshly issued token does not stay valid
// as long as the caller asked: asking again would not help.
type TokenLifetimeError struct {
	MinValidity time.Duration
	Remaining   time.Duration
}

func (e *TokenLifetimeError) Error() string {
	return fmt.Sprintf("a newly issued token is valid for %s, less than the %s asked for",
		e.Remaining.Round(time.Second), e.MinValidity)
}
