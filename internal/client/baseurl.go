package client

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
)

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.liquidcommerce.cloud"

// ParseBaseURL checks a base URL and returns it without a trailing slash.
// It must be https, except on loopback hosts (127.0.0.0/8, ::1, localhost),
// which may use http for local sandboxes; it may carry a path prefix such as
// /api but no credentials, query or fragment.
func ParseBaseURL(raw string) (*url.URL, error) {
	fail := func(reason string) (*url.URL, error) {
		return nil, &ConfigError{Field: "base_url", Reason: reason}
	}
	if strings.TrimSpace(raw) == "" {
		return fail("it is empty; leave it unset for " + DefaultBaseURL)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return fail("it is not an absolute URL like " + DefaultBaseURL)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fail("it has no host; write it like " + DefaultBaseURL)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return fail("it must use https (http is accepted only for loopback hosts such as 127.0.0.1 or localhost)")
		}
	default:
		return fail(fmt.Sprintf("its scheme must be https, not %q", u.Scheme))
	}
	if u.User != nil {
		return fail("it must not contain credentials; set api_key instead")
	}
	if u.RawQuery != "" || u.ForceQuery {
		return fail("it must not contain a query string")
	}
	if u.Fragment != "" {
		return fail("it must not contain a fragment")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// IsLoopbackHost reports whether host names this machine: localhost, an
// address in 127.0.0.0/8, or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ValidatePath checks an API path before any token goes with it: one
// leading slash, then segments that, once unescaped, hold no "..", no empty
// segment but a trailing one ("//host" starts with one), no scheme, no "?" or "#", no
// backslash and no control character. The path is taken as already escaped.
func ValidatePath(p string) error {
	fail := func(reason string) error {
		return &ConfigError{Field: "path", Reason: reason}
	}
	if !strings.HasPrefix(p, "/") {
		return fail("it must start with / (an API path such as /catalog/search, not a URL)")
	}
	decoded, err := url.PathUnescape(p)
	if err != nil || strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r > '~' || strings.ContainsRune("\"<>\\^`{|}", r) }) {
		return fail("it has an invalid %-escape or a character that must be escaped (a space is %20)")
	}
	switch {
	case strings.ContainsAny(decoded, "?#"):
		return fail("it must not contain ? or #; give query parameters in query")
	case strings.Contains(decoded, "://"):
		return fail("it must not contain a URL scheme; it is joined to base_url")
	case strings.ContainsFunc(decoded, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }):
		return fail("it must not contain backslashes or control characters")
	}
	segs := strings.Split(decoded[1:], "/")
	for i, seg := range segs {
		if seg == "" && i < len(segs)-1 || seg == ".." || seg == "." {
			return fail(`it must not contain empty, "." or ".." segments`)
		}
	}
	return nil
}
