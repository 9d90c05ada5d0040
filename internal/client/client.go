// Package client is the LiquidCommerce API client shared by every resource
// and data source of the provider. It knows HTTP and the API, nothing of
// Terraform: it exchanges credentials for bearer tokens and caches them per
// credential, sends authenticated requests, retries transient failures,
// remembers failures so that many callers do not repeat them, and reports
// failures as typed errors.
package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/go-cleanhttp"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultRequestTimeout   = 30 * time.Second
	DefaultMaxRetries       = 4
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultMaxRetryAfter    = 2 * time.Minute
	DefaultMaxResponseBytes = 8 << 20
	DefaultRefreshWindow    = 10 * time.Minute
	DefaultUserAgent        = "terraform-provider-liquidcommerce/dev"
	maxRedirects            = 5
	maxIdleConnsPerHost     = 32
)

// Clock tells the time. Tests inject one to move time without waiting.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Logger receives the client's log lines. The client removes the secrets a
// request carried from every field before it logs; the provider masks them
// again as a second line of defense.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

// Config configures a Client. A zero duration or size means its default
// above; MaxRetries zero means no retries. An empty APIKey is allowed: what
// needs it then fails with a *MissingCredentialError and sends nothing.
type Config struct {
	APIKey string
	// OrdersUserID and OrdersPassword are the Orders API credentials; both
	// empty when the Orders API is not used.
	OrdersUserID   string
	OrdersPassword string
	// BaseURL defaults to DefaultBaseURL; see ParseBaseURL for the rules.
	BaseURL string
	// RequestTimeout bounds each HTTP attempt.
	RequestTimeout time.Duration
	// MaxRetries is how many times a request is sent again after a transient
	// failure.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for; a longer
	// one ends the retries at once with the API's error.
	MaxRetryAfter time.Duration
	// MaxResponseBytes caps how much of a response body is read.
	MaxResponseBytes int64
	// RefreshWindow: an authenticated request made with less validity than
	// this left (or than three quarters of a shorter token's lifetime) asks
	// the API for a new token with "refresh": true.
	RefreshWindow time.Duration
	UserAgent     string
	// Transport carries the requests; tests inject one.
	Transport http.RoundTripper
	Clock     Clock
	Logger    Logger
}

// Client talks to one LiquidCommerce API. It is safe for concurrent use; all
// its users share one token cache per credential.
type Client struct {
	base *url.URL
	http *http.Client
	// cfg is the configuration with every default filled in.
	cfg Config

	apiKey, orders *credential
}

// Credential names a way to authenticate, as the provider configuration's
// credentials attribute does.
type Credential string

const (
	// APIKey logs in with the API key: GET /authentication.
	APIKey Credential = "api_key"
	// Orders logs in with the Orders API user id and password: GET
	// /order-authentication with HTTP Basic.
	Orders Credential = "orders"
)

// New builds a Client, checking the configuration without any request.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(orDefault(cfg.BaseURL, DefaultBaseURL))
	if err != nil {
		return nil, err
	}
	// A secret read from a file often ends with a newline; no key or user id
	// has spaces around it. Control characters cannot go into a header.
	key, user, password := strings.TrimSpace(cfg.APIKey), strings.TrimSpace(cfg.OrdersUserID), strings.TrimRight(cfg.OrdersPassword, "\r\n")
	for field, v := range map[string]string{"api_key": key, "orders_user_id": user, "orders_password": password} {
		if strings.ContainsFunc(v, unicode.IsControl) {
			return nil, &ConfigError{Field: field, Reason: "it contains control characters (a line break or tab inside it?)"}
		}
	}
	if strings.Contains(user, ":") {
		return nil, &ConfigError{Field: "orders_user_id", Reason: "it must not contain a colon, which HTTP Basic credentials cannot carry"}
	}
	if cfg.RequestTimeout < 0 {
		return nil, &ConfigError{Field: "request_timeout", Reason: "it must be positive"}
	}
	if cfg.MaxRetries < 0 {
		return nil, &ConfigError{Field: "max_retries", Reason: "it must not be negative"}
	}
	cfg.UserAgent = orDefault(cfg.UserAgent, DefaultUserAgent)
	cfg.RequestTimeout = orDefault(cfg.RequestTimeout, DefaultRequestTimeout)
	cfg.RetryWaitMin = orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin)
	cfg.RetryWaitMax = max(orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax), cfg.RetryWaitMin)
	cfg.MaxRetryAfter = orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter)
	cfg.MaxResponseBytes = orDefault(cfg.MaxResponseBytes, DefaultMaxResponseBytes)
	cfg.RefreshWindow = orDefault(cfg.RefreshWindow, DefaultRefreshWindow)
	cfg.Clock, cfg.Logger = orDefault[Clock](cfg.Clock, systemClock{}), orDefault[Logger](cfg.Logger, nopLogger{})
	c := &Client{base: base, cfg: cfg, apiKey: apiKeyCredential(key), orders: ordersCredential(user, password)}
	c.http = &http.Client{
		Transport:     orDefault(cfg.Transport, http.RoundTripper(pooledTransport())),
		Timeout:       cfg.RequestTimeout,
		CheckRedirect: c.checkRedirect,
	}
	return c, nil
}

// BaseURL returns the API base URL in use.
func (c *Client) BaseURL() string { return c.base.String() }

// checkRedirect follows a redirect only when it keeps the request as it was:
// the same scheme and host as the base URL, so no credential reaches another
// host, and the same method and body, which 301, 302 and 303 would turn into
// a GET without a body.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case len(via) >= maxRedirects:
		return fmt.Errorf("%w: too many redirects", ErrRedirectRefused)
	case !strings.EqualFold(req.URL.Scheme, c.base.Scheme) || !strings.EqualFold(req.URL.Host, c.base.Host):
		return fmt.Errorf("%w: the API redirected to %s://%s, which is not the configured base_url host %s://%s",
			ErrRedirectRefused, req.URL.Scheme, req.URL.Host, c.base.Scheme, c.base.Host)
	case req.Method != first.Method:
		return fmt.Errorf("%w: the API answered %s with HTTP %s, which would resend it as %s without its body",
			ErrRedirectRefused, first.Method, req.Response.Status, req.Method)
	}
	return nil
}

// pooledTransport keeps enough idle connections for Terraform's ten
// concurrent operations and more, so a plan reuses its connections (and, to
// the real API, its TLS sessions) instead of opening new ones.
func pooledTransport() *http.Transport {
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConnsPerHost, t.MaxConnsPerHost = maxIdleConnsPerHost, 0
	return t
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
