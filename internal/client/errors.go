package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrRedirectRefused marks a redirect the client would not follow: it leads
// away from the configured base URL, where a credential would leak to
// another host, or it would change the request's method and drop its body.
var ErrRedirectRefused = errors.New("redirect refused")

// ErrBound marks a request that, with its retries and its waits for other
// requests of its credential, took longer than the client's Bound.
var ErrBound = errors.New("the request and its retries took longer than the most one request may wait")

// MissingCredentialError is returned, before any request, by what needs a
// credential the client was not given. Credential names it as the provider
// configuration does, e.g. api_key.
type MissingCredentialError struct{ Credential string }

func (e *MissingCredentialError) Error() string {
	return "no LiquidCommerce " + e.Credential + " is configured"
}

// ConfigError reports a client setting that cannot work. Field names the
// setting the way the provider configuration spells it.
type ConfigError struct{ Field, Reason string }

func (e *ConfigError) Error() string { return fmt.Sprintf("invalid %s: %s", e.Field, e.Reason) }

// APIError is a failure the LiquidCommerce API reported: a non-2xx answer, or
// an envelope whose statusCode says it failed.
type APIError struct {
	// Method and Path name the request, e.g. GET /authentication; Credential
	// the credential it used or logged in with, and Login is true when it was
	// the credential's login.
	Method, Path, Credential string
	Login                    bool
	// HTTPStatus is the HTTP status code of the response; StatusCode the
	// API's own statusCode from the envelope, 0 when absent.
	HTTPStatus, StatusCode int
	// Message is the API's message and Errors the envelope's errors, each
	// rendered as text, without any secret the request carried; RequestID
	// is metadata.requestId, the identifier LiquidCommerce support asks for.
	Message, RequestID string
	Errors             []string
	// RetryAfter is the wait the server asked for, 0 when none.
	RetryAfter time.Duration
	// Attempts counts the requests sent, retries included.
	Attempts int
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.StatusCode != 0 && e.StatusCode != e.HTTPStatus {
		s += fmt.Sprintf(", statusCode %d", e.StatusCode)
	}
	s += ": " + e.Message
	if len(e.Errors) > 0 {
		s += " (" + strings.Join(e.Errors, "; ") + ")"
	}
	return s + suffix(e.RequestID, e.Attempts)
}

// suffix ends an error's text with the requestId and the attempts made.
func suffix(requestID string, attempts int) string {
	s := ""
	if requestID != "" {
		s = " [requestId " + requestID + "]"
	}
	if attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", attempts)
	}
	return s
}

// IsCredentialRejected reports whether a login was refused: HTTP 400, 401
// or 403, or statusCode 5000 (how the API answers an unknown key) with one
// of those or 200. With 429 or 5xx, statusCode 5000 is an outage.
func (e *APIError) IsCredentialRejected() bool {
	return e.Login && (e.HTTPStatus == 400 || e.HTTPStatus == 401 || e.HTTPStatus == 403 ||
		e.HTTPStatus == 200 && e.StatusCode == 5000)
}

// ResponseError reports a response the client could not use: not JSON, too
// large, missing fields, or values that cannot be right (an expiry in the
// past, say). It never carries the body, which may hold a secret.
type ResponseError struct {
	Method, Path, ContentType, RequestID, Reason string
	HTTPStatus                                   int
	// Malformed is true when the body is no JSON object at all (empty, not
	// JSON, cut off, too large), as when base_url points at something other
	// than the API; false when the envelope is fine but a value in it is not.
	Malformed bool
}

func (e *ResponseError) Error() string {
	s := fmt.Sprintf("%s %s: unusable response (HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.ContentType != "" {
		s += ", " + e.ContentType
	}
	return s + "): " + e.Reason + suffix(e.RequestID, 0)
}

// RequestError reports a request that got no HTTP answer: the connection
// failed, an attempt ran out of time, the caller gave up (or the request
// outlasted the client's bound), or a redirect was refused.
type RequestError struct {
	Method, Path string
	// Login is true when the request was a credential's login.
	Login    bool
	Attempts int
	// AttemptTimeout is the per-attempt timeout when the last attempt ran
	// out of it, 0 otherwise. WaitedFor, when set, is what this request
	// waited for, for Waited, until its deadline passed, or until the wait
	// would have ended past it: "a login in progress, started by another
	// request" (Method and Path are that login's), "a Retry-After from
	// another request", or "another request's probe". Until is when a
	// Retry-After ends, zero when unknown.
	AttemptTimeout, Waited time.Duration
	WaitedFor              string
	Until                  time.Time
	Err                    error
}

// errPastDeadline ends a request that would wait for a Retry-After ending
// past its deadline: it fails at once instead.
var errPastDeadline = fmt.Errorf("that is past the request's deadline, so it did not wait: %w",
	context.DeadlineExceeded)

func (e *RequestError) Error() string {
	timeout, waited := "", ""
	if e.AttemptTimeout > 0 {
		timeout = fmt.Sprintf(" (no answer within %s)", e.AttemptTimeout)
	}
	if !e.Until.IsZero() {
		waited = ", which ends at " + e.Until.UTC().Format(time.RFC3339)
	}
	if e.WaitedFor != "" {
		waited = fmt.Sprintf("waited %s for %s%s: ", e.Waited.Round(time.Millisecond), e.WaitedFor, waited)
	}
	return fmt.Sprintf("%s %s: %s%v%s", e.Method, e.Path, waited, e.Err, timeout) + suffix("", e.Attempts)
}

func (e *RequestError) Unwrap() error { return e.Err }

// HeldError is a failure the client holds: requests with the same
// credential fail with it at once, without a request, until Until. A
// rejected credential is held for good (Until is zero), by its later
// logins only: requests that hold a token still go.
type HeldError struct {
	Err   error
	Until time.Time
}

func (e *HeldError) Error() string {
	until := ""
	if !e.Until.IsZero() {
		until = " before " + e.Until.UTC().Format(time.RFC3339)
	}
	return e.Err.Error() + " (remembered from an earlier request; not sent again" + until + ")"
}

func (e *HeldError) Unwrap() error { return e.Err }

// TokenLifetimeError reports that a newly obtained token does not stay valid
// as long as the caller asked: asking again would not help.
type TokenLifetimeError struct {
	MinValidity, Remaining time.Duration
	ExpiresAt              time.Time
	RequestID              string
}

func (e *TokenLifetimeError) Error() string {
	return fmt.Sprintf("the token the API issued expires at %s, in %s, sooner than the %s asked for",
		e.ExpiresAt.UTC().Format(time.RFC3339), e.Remaining.Round(time.Second), e.MinValidity)
}
