// Package client is the LiquidCommerce API client shared by every resource
// and data source of the provider. It knows HTTP and the API, nothing of
// Terraform: it authenticates with an API key, caches the bearer token per
// client, retries transient failures and reports failures as typed errors.
package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
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
	DefaultMaxResponseBytes = 1 << 20
	DefaultRefreshWindow    = 10 * time.Minute
	DefaultCallMinValidity  = time.Minute
	DefaultUserAgent        = "terraform-provider-liquidcommerce/dev"
	maxRedirects            = 5
)

// Clock tells the time. Tests inject one to move time without waiting.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Logger receives the client's log lines. Fields never hold the API key or a
// token; the provider still masks both as a second line of defense.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

// Config configures a Client. Zero durations and sizes take the defaults above.
// An empty APIKey is allowed: calls that need a token then fail with
// ErrMissingAPIKey.
type Config struct {
	APIKey string
	// BaseURL defaults to DefaultBaseURL; see ParseBaseURL for the rules.
	BaseURL string
	// RequestTimeout bounds each HTTP attempt.
	RequestTimeout time.Duration
	// MaxRetries bounds the retries of one request after transient failures;
	// zero means none (DefaultMaxRetries is what the provider uses when unset).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for; a longer
	// one ends the retries at once with the API's error.
	MaxRetryAfter time.Duration
	// MaxResponseBytes caps how much of a response body is read.
	MaxResponseBytes int64
	// RefreshWindow: an authenticated call made with less validity than this
	// left asks the API for a new token with "refresh": true.
	RefreshWindow time.Duration
	// CallMinValidity: an authenticated call logs in again first when the
	// cached token has less than this left.
	CallMinValidity time.Duration
	UserAgent       string
	// Transport carries the requests; tests inject one.
	Transport http.RoundTripper
	Clock     Clock
	Logger    Logger
}

// Client talks to one LiquidCommerce API with one API key. It is safe for
// concurrent use, and all its users share one token cache.
type Client struct {
	apiKey          string
	base            *url.URL
	http            *http.Client
	userAgent       string
	maxRetries      int
	retryWaitMin    time.Duration
	retryWaitMax    time.Duration
	maxRetryAfter   time.Duration
	maxBody         int64
	refreshWindow   time.Duration
	callMinValidity time.Duration
	clock           Clock
	log             Logger

	mu     sync.Mutex
	token  *Token
	flight *flight
	// lifetime is how long the last token issued was valid when issued.
	lifetime time.Duration

	stats counters
}

// New builds a Client, checking the configuration without any request.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	// A key read from a file often ends with a newline; no key has spaces
	// around it. Control characters inside it cannot go into a header.
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	if strings.ContainsFunc(cfg.APIKey, unicode.IsControl) {
		return nil, &ConfigError{Field: "api_key", Reason: "it contains control characters (a line break or tab inside the key?)"}
	}
	if cfg.RequestTimeout < 0 {
		return nil, &ConfigError{Field: "request_timeout", Reason: "it must be positive"}
	}
	c := &Client{
		apiKey:          cfg.APIKey,
		base:            base,
		userAgent:       orDefault(cfg.UserAgent, DefaultUserAgent),
		maxRetries:      cfg.MaxRetries,
		retryWaitMin:    orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin),
		retryWaitMax:    orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax),
		maxRetryAfter:   orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter),
		maxBody:         orDefault(cfg.MaxResponseBytes, DefaultMaxResponseBytes),
		refreshWindow:   orDefault(cfg.RefreshWindow, DefaultRefreshWindow),
		callMinValidity: orDefault(cfg.CallMinValidity, DefaultCallMinValidity),
		clock:           cfg.Clock,
		log:             cfg.Logger,
	}
	if c.maxRetries < 0 {
		return nil, &ConfigError{Field: "max_retries", Reason: "it must not be negative"}
	}
	if c.retryWaitMax < c.retryWaitMin {
		c.retryWaitMax = c.retryWaitMin
	}
	if c.clock == nil {
		c.clock = systemClock{}
	}
	if c.log == nil {
		c.log = nopLogger{}
	}
	transport := cfg.Transport
	if transport == nil {
		transport = cleanhttp.DefaultPooledTransport()
	}
	c.http = &http.Client{
		Transport:     transport,
		Timeout:       orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		CheckRedirect: c.checkRedirect,
	}
	return c, nil
}

// BaseURL returns the API base URL in use.
func (c *Client) BaseURL() string { return c.base.String() }

// HasAPIKey reports whether the client was given an API key.
func (c *Client) HasAPIKey() bool { return c.apiKey != "" }

// checkRedirect follows redirects only within the base URL's scheme and host,
// so neither the API key nor a token ever reaches another host.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return &redirectError{reason: "too many redirects"}
	}
	if !strings.EqualFold(req.URL.Scheme, c.base.Scheme) || !strings.EqualFold(req.URL.Host, c.base.Host) {
		return &redirectError{reason: "the API redirected to " + req.URL.Scheme + "://" + req.URL.Host +
			", which is not the configured base_url host " + c.base.Scheme + "://" + c.base.Host}
	}
	return nil
}

type redirectError struct{ reason string }

func (e *redirectError) Error() string { return "redirect refused: " + e.reason }
func (e *redirectError) Is(target error) bool {
	return target == ErrRedirectRefused
}

// endpoint joins an API path such as /authentication to the base URL.
func (c *Client) endpoint(path string) string {
	u := *c.base
	u.Path = c.base.Path + "/" + strings.TrimLeft(path, "/")
	return u.String()
}

// Stats is a snapshot of the client's counters.
type Stats struct {
	// AuthRequests counts HTTP requests sent to /authentication, retries included.
	AuthRequests int64
	// Logins counts tokens obtained with the API key.
	Logins int64
	// CacheHits counts token requests served from the cache.
	CacheHits int64
	// Refreshes counts tokens adopted from an "auth" object in a response.
	Refreshes int64
	// Retries counts requests sent again after a transient failure.
	Retries int64
	// Calls counts authenticated calls made with Call.
	Calls int64
}

type counters struct {
	authRequests, logins, cacheHits, refreshes, retries, calls atomic.Int64
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return Stats{
		AuthRequests: c.stats.authRequests.Load(),
		Logins:       c.stats.logins.Load(),
		CacheHits:    c.stats.cacheHits.Load(),
		Refreshes:    c.stats.refreshes.Load(),
		Retries:      c.stats.retries.Load(),
		Calls:        c.stats.calls.Load(),
	}
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
