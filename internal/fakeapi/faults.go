package fakeapi

import (
	"net/http"
	"strings"
	"time"
)

// Body kinds a Fault can answer with instead of the real response.
const (
	BodyMalformed = "malformed" // JSON cut off mid-way
	BodyHTML      = "html"      // an HTML error page, as from a proxy
	BodyEmpty     = "empty"     // no body at all
	BodyHuge      = "huge"      // a valid-looking JSON body of 12 MiB, over the client's cap
)

// Fault changes how the server answers the next matching requests.
type Fault struct {
	// Path limits the fault to one path below the prefix; empty matches all.
	Path string
	// Match, when set, limits the fault to the requests it is true of, such
	// as one page of a list (by its query or body). It runs under the
	// server's lock: it must not call the server.
	Match func(Request) bool
	// Times is how many requests it applies to; 0 means 1.
	Times int
	// Delay waits before answering (ends early if the client goes away).
	Delay time.Duration
	// Status, when set, answers with this HTTP status and the error envelope.
	Status int
	// RetryAfter sets the Retry-After header, in seconds or as an HTTP date.
	RetryAfter string
	// Body, when set, answers 200 (or Status) with a broken body of this kind.
	Body string
	// RedirectTo answers RedirectStatus (default 307) to this base URL plus
	// the request's path.
	RedirectTo     string
	RedirectStatus int
	// Drop closes the connection without an answer.
	Drop bool
	// Exp replaces the exp of an issued token; it is given the server's now.
	Exp func(now time.Time) any
	// OmitTimestamp leaves metadata.timestamp out of the answer.
	OmitTimestamp bool
	// Auth adds an "auth" object with a new token to the answer, even an
	// error answer, as the API may do on any authenticated endpoint.
	Auth bool
	// Reissue hands back the token issued last, with its first expiry, as
	// the API may do for a key that already holds a valid token.
	Reissue bool
	// Edit changes the JSON answer before it is written: a statusCode that
	// contradicts the HTTP status, fields of unexpected types, and the like.
	Edit func(body map[string]any)
}

// apply performs the fault; it returns false when the normal handler should
// still answer (after a delay, or with a changed exp or metadata).
func (f *Fault) apply(s *Server, w http.ResponseWriter, r *http.Request, path string) bool {
	if !s.wait(r, path, f.Delay) {
		return true
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	case f.RedirectTo != "":
		status := f.RedirectStatus
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		target := strings.TrimRight(f.RedirectTo, "/") + s.opts.Prefix + path
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, status)
		return true
	case f.Body != "":
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		writeBrokenBody(w, status, f.Body)
		return true
	case f.Status != 0:
		s.writeJSON(w, r, f.Status, f, map[string]any{
			"statusCode": f.Status,
			"message":    http.StatusText(f.Status),
			"errors":     []any{},
		})
		return true
	}
	return false
}

func writeBrokenBody(w http.ResponseWriter, status int, kind string) {
	switch kind {
	case BodyHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n"))
	case BodyEmpty:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
	case BodyHuge:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"statusCode":200,"message":"OK","data":{"padding":"`))
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 192 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte(`"}}`))
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"statusCode":200,"message":"OK","data":{"token":"lc_trunc`))
	}
}
