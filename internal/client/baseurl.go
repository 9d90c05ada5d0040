package client

import (
	"fmt"
	"net"
	"net/url"
	"slices"
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
	u, err := url.Parse(raw)
	https := err == nil && strings.EqualFold(u.Scheme, "https")
	reason := ""
	switch {
	case strings.TrimSpace(raw) == "":
		reason = "it is empty; leave it unset for " + DefaultBaseURL
	case err != nil || u.Opaque != "":
		reason = "it is not an absolute URL like " + DefaultBaseURL
	case u.Host == "" || u.Hostname() == "":
		reason = "it has no host; write it like " + DefaultBaseURL
	case !https && !strings.EqualFold(u.Scheme, "http"):
		reason = fmt.Sprintf("its scheme must be https, not %q", u.Scheme)
	case !https && !IsLoopbackHost(u.Hostname()):
		reason = "it must use https (http is accepted only for loopback hosts such as 127.0.0.1 or localhost)"
	case u.User != nil:
		reason = "it must not contain credentials; set api_key instead"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		reason = "it must not contain a query string or a fragment"
	default:
		u.Scheme, u.Path, u.RawPath = strings.ToLower(u.Scheme), strings.TrimRight(u.Path, "/"), ""
		return u, nil
	}
	return nil, &ConfigError{Field: "base_url", Reason: reason}
}

// IsLoopbackHost reports whether host names this machine: localhost, an
// address in 127.0.0.0/8, or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	// ParseIP returns nil for what is no address, and a nil IP is no
	// loopback.
	return host == "localhost" || net.ParseIP(host).IsLoopback()
}

// ValidatePath checks an API path before any token goes with it: one
// leading slash, then segments that, once unescaped, hold no "..", no empty
// segment but a trailing one ("//host" starts with one), no scheme, no "?" or "#", no
// backslash and no control character. The path is taken as already escaped.
func ValidatePath(p string) error {
	decoded, err := url.PathUnescape(p)
	segs := strings.Split(strings.TrimPrefix(decoded, "/"), "/")
	reason := ""
	switch {
	case !strings.HasPrefix(p, "/"):
		reason = "it must start with / (an API path such as /catalog/search, not a URL)"
	case err != nil || strings.ContainsAny(p, "\"<>\\^`{|}") || strings.ContainsFunc(p, notPlainASCII):
		reason = "it has an invalid %-escape or a character that must be escaped (a space is %20)"
	case strings.ContainsAny(decoded, "?#"):
		reason = "it must not contain ? or #; give query parameters in query"
	case strings.Contains(decoded, "://"):
		reason = "it must not contain a URL scheme; it is joined to base_url"
	case strings.ContainsFunc(decoded, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }):
		reason = "it must not contain backslashes or control characters"
	case slices.Contains(segs[:len(segs)-1], "") || slices.Contains(segs, "..") || slices.Contains(segs, "."):
		reason = `it must not contain empty, "." or ".." segments`
	default:
		return nil
	}
	return &ConfigError{Field: "path", Reason: reason}
}

// notPlainASCII is true for spaces, control characters and what is beyond
// ASCII: all must be %-escaped in a path.
func notPlainASCII(r rune) bool { return r <= ' ' || r > '~' }

// group is a path's first segment, such as /orders or /catalog: the paths
// that take the same credentials.
func group(path string) string {
	g, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return g
}
