// Package client is the LiquidCommerce API client shared by every resource
// and data source of the provider. It knows HTTP and the API, nothing of
// Terraform: it exchanges credentials for bearer tokens and caches them per
// credential, sends authenticated requests, retries transient failures,
// holds back a credential's requests while the API asks it to wait, and
// reports failures as typed errors.
package client

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/go-cleanhttp"
)

// Defaults for Config fields left at their zero value, and the client's
// fixed limits.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	DefaultUserAgent      = "terraform-provider-liquidcommerce/dev"
	// MaxRetryAfter is the longest Retry-After the client waits for; a longer
	// one ends the request at once with the API's error.
	MaxRetryAfter = 2 * time.Minute
	// MaxResponseBytes caps how much of a response body is read.
	MaxResponseBytes = 8 << 20
	jsonType         = "application/json"
	// refreshWindow: an authenticated request made with less validity than
	// this left (or than three quarters of a shorter token's lifetime) asks
	// the API for a new token with "refresh": true.
	refreshWindow = 10 * time.Minute
)

// Bound is the longest one request with its retries may take: every
// attempt at the timeout, every pause between them at the longest the
// client waits. Waiting for other requests of the credential counts too.
func Bound(timeout time.Duration, retries int) time.Duration {
	return time.Duration(retries+1)*timeout + time.Duration(retries)*MaxRetryAfter
}

// Clock tells the time and waits. Tests inject one to move time without
// waiting.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the cause when ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Logger receives the client's log lines. The client removes the secrets a
// request carried from every field before it logs; the provider masks them
// again as a second line of defense.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// Config configures a Client. A zero RequestTimeout means its default;
// MaxRetries zero means no retries. An empty APIKey is allowed: what needs
// it then fails with a *MissingCredentialError and sends nothing.
type Config struct {
	// OrdersUserID and OrdersPassword are the Orders API credentials; both
	// empty when the Orders API is not used.
	OrdersUserID, OrdersPassword string
	// AccessToken and OrdersAccessToken are tokens minted elsewhere, of
	// unknown expiry. A credential given one sends it and never logs in,
	// unless the API refuses it (see Do).
	AccessToken, OrdersAccessToken string
	// APIKey is the API key. BaseURL defaults to DefaultBaseURL (see
	// ParseBaseURL for the rules), UserAgent to DefaultUserAgent.
	APIKey, BaseURL, UserAgent string
	// RequestTimeout bounds each HTTP attempt; a Request's Timeout replaces
	// it for that request.
	RequestTimeout time.Duration
	// MaxRetries is how many times a request is sent again after a transient
	// failure; a Request's MaxRetries replaces it for that request.
	MaxRetries int
	Logger     Logger
	// Tokens, when set, shares tokens with the other processes of the
	// machine (the provider sets it over package tokencache), so that they
	// log in once between them.
	Tokens TokenStore
}

// TokenStore shares a credential's tokens with the other processes of the
// machine. Every login goes through Login, and every token the client
// learns works (one from an "auth" object, or one that replaced a refused
// token and then took) goes to Keep. Both run within ctx's deadline, the
// request's, and write under the entry's lock.
type TokenStore interface {
	// Login returns a token of cred that v accepts from the store, but
	// never refused nor any token named refused before (the API refused
	// them; "" names none), or else login's, which it calls at most once,
	// while no other process logs in with cred. It writes login's token
	// unless refused is set: a refusal may be one path's wrong credential,
	// so the token is written once it has worked, through Keep.
	Login(ctx context.Context, cred Credential, v Validity, refused string,
		login func(context.Context) (Token, error)) (Token, error)
	// Keep writes t as cred's token, in place of refused when it names
	// one, unless the store holds a later token that was not refused.
	Keep(ctx context.Context, cred Credential, t Token, refused string)
}

// tuning is what only tests change, through the one seam in
// export_test.go; New uses the defaults.
type tuning struct {
	Clock     Clock
	Transport http.RoundTripper
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client talks to one LiquidCommerce API. It is safe for concurrent use; all
// its users share one token cache per credential.
type Client struct {
	base *url.URL
	http *http.Client
	cfg  Config
	tune tuning

	apiKey, orders *credential
}

// Credential names a way to authenticate, as the provider configuration's
// credentials attribute does.
type Credential string

// APIKey logs in with the API key: GET /authentication.
const APIKey Credential = "api_key"

// Orders logs in with the Orders API user id and password: GET
// /order-authentication with HTTP Basic.
const Orders Credential = "orders"

// New builds a Client, checking the configuration without any request.
func New(cfg Config) (*Client, error) { return newClient(cfg, tuning{}) }

func newClient(cfg Config, tune tuning) (*Client, error) {
	base, err := ParseBaseURL(cmp.Or(cfg.BaseURL, DefaultBaseURL))
	if err = cmp.Or(err, checkLimits(cfg.RequestTimeout, &cfg.MaxRetries)); err != nil {
		return nil, err
	}
	// A secret read from a file often ends with a newline; no key or user id
	// has spaces around it. Control characters cannot go into a header.
	key, user := strings.TrimSpace(cfg.APIKey), strings.TrimSpace(cfg.OrdersUserID)
	password := strings.TrimRight(cfg.OrdersPassword, "\r\n")
	token, ordersToken := strings.TrimSpace(cfg.AccessToken), strings.TrimSpace(cfg.OrdersAccessToken)
	for field, v := range map[string]string{"api_key": key, "orders_user_id": user, "orders_password": password,
		"access_token": token, "orders_access_token": ordersToken} {
		if strings.ContainsFunc(v, unicode.IsControl) {
			return nil, &ConfigError{Field: field, Reason: "it contains control characters (a line break or tab inside it?)"}
		}
	}
	if strings.Contains(user, ":") {
		return nil, &ConfigError{Field: "orders_user_id",
			Reason: "it must not contain a colon, which HTTP Basic credentials cannot carry"}
	}
	cfg.UserAgent, cfg.Logger = cmp.Or(cfg.UserAgent, DefaultUserAgent), cmp.Or[Logger](cfg.Logger, nopLogger{})
	cfg.RequestTimeout = cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout)
	tune.Clock = cmp.Or[Clock](tune.Clock, systemClock{})
	tune.RetryWaitMin = cmp.Or(tune.RetryWaitMin, 500*time.Millisecond)
	tune.RetryWaitMax = max(cmp.Or(tune.RetryWaitMax, 30*time.Second), tune.RetryWaitMin)
	basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	c := &Client{base: base, cfg: cfg, tune: tune,
		apiKey: newCredential(APIKey, "ACCESS_TOKEN", "/authentication", token, key != "",
			http.Header{"X-Liquid-Api-Key": {key}}, key),
		orders: newCredential(Orders, "", "/order-authentication", ordersToken, user != "" && password != "",
			http.Header{"Authorization": {"Basic " + basic}}, basic, user+":"+password, password)}
	// The pool keeps enough idle connections for Terraform's ten concurrent
	// operations and more, so a plan reuses its connections (and, to the
	// real API, its TLS sessions) instead of opening new ones.
	pooled := cleanhttp.DefaultPooledTransport()
	pooled.MaxIdleConnsPerHost, pooled.MaxConnsPerHost = 32, 0
	// Each attempt's timeout is a deadline of its context (see send).
	c.http = &http.Client{Transport: cmp.Or[http.RoundTripper](tune.Transport, pooled), CheckRedirect: c.checkRedirect}
	return c, nil
}

// checkLimits rejects a negative timeout or retry count: zero means the
// default, or no retries.
func checkLimits(timeout time.Duration, retries *int) error {
	if timeout < 0 {
		return &ConfigError{Field: "request_timeout", Reason: "it must not be negative"}
	} else if retries != nil && *retries < 0 {
		return &ConfigError{Field: "max_retries", Reason: "it must not be negative"}
	}
	return nil
}

// BaseURL returns the API base URL in use.
func (c *Client) BaseURL() string { return c.base.String() }

// checkRedirect follows a redirect only when it keeps the request as it was:
// the same scheme and host as the base URL, so no credential reaches another
// host, and the same method and body, which 301, 302 and 303 would turn into
// a GET without a body.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	switch {
	case len(via) >= 5: // no API needs more
		return fmt.Errorf("%w: too many redirects", ErrRedirectRefused)
	case !strings.EqualFold(req.URL.Scheme, c.base.Scheme) || !strings.EqualFold(req.URL.Host, c.base.Host):
		return fmt.Errorf("%w: the API redirected to %s://%s, which is not the configured base_url host %s://%s",
			ErrRedirectRefused, req.URL.Scheme, req.URL.Host, c.base.Scheme, c.base.Host)
	case req.Method != via[0].Method:
		return fmt.Errorf("%w: the API answered %s with HTTP %s, which would resend it as %s without its body",
			ErrRedirectRefused, via[0].Method, req.Response.Status, req.Method)
	}
	return nil
}
