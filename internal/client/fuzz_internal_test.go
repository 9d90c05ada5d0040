package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzDecode: the one response path reads any status and body as
// encoding/json reads the envelope. An *APIError exactly when the status is
// not accepted and is not 2xx, or its statusCode is 400 or more, with the
// envelope's message and requestId; a *ResponseError for a body that is no
// JSON object; and no error quotes the answer but for an error envelope's
// message, errors and requestId.
func FuzzDecode(f *testing.F) {
	retries := []string{"", "7", "Thu, 14 Nov 2024 13:25:45 GMT", "-1", "99999999999999999999", "x\xff"}
	for i, body := range seedAnswers() {
		f.Add(body, []int{200, 400, 404, 429, 503, 201, 302}[i%7], i%3 == 0, retries[i%len(retries)])
	}
	f.Fuzz(func(t *testing.T, body string, status int, accept bool, retry string) {
		status = httpStatus(status)
		run := func(body []byte) (*envelope, error) {
			c := &Client{cfg: Config{Logger: nopLogger{}}, tune: tuning{Clock: fixedClock(fuzzNow)}}
			r := &request{Request: Request{Method: http.MethodPost, Path: "/orders"},
				cred: newCredential(APIKey, "ACCESS_TOKEN", "/authentication", "", true, nil, "key")}
			if accept {
				r.Accept = []int{status}
			}
			h := jsonHeader()
			h.Set("Retry-After", retry)
			return c.decode(r, &response{status: status, attempts: 1, header: h, body: body, sentAt: fuzzNow})
		}
		env, err := run([]byte(body))
		ref := readEnvelope([]byte(body))
		failed := !accept && (status/100 != 2 || ref.hasCode && ref.code >= 400)
		switch e := err.(type) {
		case nil:
			if answered := ref.object || accept && ref.empty; failed || !answered {
				t.Fatalf("no error for HTTP %d (accepted %v) and %+v", status, accept, ref)
			}
		case *APIError:
			if !failed {
				t.Fatalf("*APIError %q for HTTP %d (accepted %v) and %+v", e, status, accept, ref)
			}
			wantMessage := cmp.Or(ref.message, http.StatusText(status))
			if e.HTTPStatus != status || !ref.object && e.Message != http.StatusText(status) ||
				ref.object && (e.Message != wantMessage || e.RequestID != ref.requestID) {
				t.Fatalf("*APIError %+v does not hold HTTP %d and the envelope %+v", e, status, ref)
			}
			if ref.hasCode && e.StatusCode != int(ref.code) {
				t.Fatalf("statusCode %d, encoding/json reads %v", e.StatusCode, ref.code)
			}
			if e.RetryAfter < 0 || e.RetryAfter > 24*time.Hour {
				t.Fatalf("Retry-After %q read as %s", retry, e.RetryAfter)
			}
		case *ResponseError:
			if failed || ref.object || env != nil || !e.Malformed || e.Reason == "" {
				t.Fatalf("*ResponseError %+v for HTTP %d and %+v", e, status, ref)
			}
		default:
			t.Fatalf("error %T: %v", err, err)
		}
		checkNoLeak(t, body, keepStatus, func(planted []byte) string {
			_, err := run(planted)
			return fmt.Sprint(err)
		})
	})
}

// refEnvelope is what encoding/json reads of the fields decode uses, into
// the same kinds of Go values (a string stays as it was when a duplicate
// name holds another type; a whole number, or a string that is one).
type refEnvelope struct {
	object, empty, hasCode bool
	code                   float64
	message, requestID     string
}

func readEnvelope(body []byte) refEnvelope {
	trimmed := bytes.TrimSpace(body)
	ref := refEnvelope{empty: len(trimmed) == 0}
	ref.object = len(body) <= MaxResponseBytes && json.Valid(trimmed) && trimmed[0] == '{'
	var v struct {
		StatusCode any
		Message    string
		Metadata   struct {
			RequestID string `json:"requestId"`
		}
	}
	if ref.object {
		_ = json.Unmarshal(trimmed, &v) // type errors leave what encoding/json could read
	}
	ref.message, ref.requestID = v.Message, v.Metadata.RequestID
	ref.code, ref.hasCode = wholeNumber(v.StatusCode)
	return ref
}

// wholeNumber reads a JSON number, or a string holding one, as a whole
// number of at most 2^53, as the API's numbers are.
func wholeNumber(v any) (float64, bool) {
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case string:
		var err error
		if x, err = strconv.ParseFloat(n, 64); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	return x, x == math.Trunc(x) && math.Abs(x) <= 1<<53
}

// FuzzLoginResponse: a login answer of either shape gives a token only
// when encoding/json reads that token at data.token, with data.exp as its
// expiry, or at accessToken, expiring expiresIn seconds after the server's
// time; the expiry is a plausible time in epoch milliseconds, later than
// the server's time by at most a year. No error or log line of the login
// repeats a value of the answer but for an error envelope's message,
// errors and requestId.
func FuzzLoginResponse(f *testing.F) {
	for i, body := range seedAnswers() {
		f.Add(body, 200)
		f.Add(body, []int{400, 401, 503, 201}[i%4])
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		status = httpStatus(status)
		c := &Client{cfg: Config{Logger: nopLogger{}}, tune: tuning{Clock: fixedClock(fuzzNow)}}
		r := &request{Request: Request{Method: http.MethodGet, Path: "/authentication"}, login: true,
			cred: newCredential(APIKey, "ACCESS_TOKEN", "/authentication", "", true, nil, "key")}
		resp := &response{status: status, attempts: 1, header: jsonHeader(), body: []byte(body), sentAt: fuzzNow}
		if env, err := c.decode(r, resp); err == nil {
			if tok, reason := c.tokenFrom(r, loginToken(env, resp), env, resp); reason == "" {
				checkLoginToken(t, tok, serverNow(env, resp), []byte(body))
			} else if reason == "" || strings.Contains(reason, "%!") {
				t.Fatalf("reason %q", reason)
			}
		}
		// A marker inside exp, expiresIn or the timestamp makes them
		// implausible: once planted, once kept, so the token is accepted.
		for _, keep := range []func(string) bool{keepStatus, func(path string) bool {
			return keepStatus(path) || slices.Contains([]string{"$.data.exp", "$.expiresIn", "$.metadata.timestamp"}, path)
		}} {
			checkNoLeak(t, body, keep, func(planted []byte) string { return loginThrough(t, status, planted) })
		}
	})
}

// loginThrough logs in once, through Token, against an answer, and returns
// the error and every log line.
func loginThrough(t *testing.T, status int, body []byte) string {
	logs := &lines{}
	c, err := newClient(Config{APIKey: "key", BaseURL: "https://api.test", Logger: logs},
		tuning{Clock: fixedClock(fuzzNow), Transport: serving{status: status, header: jsonHeader(), body: body}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Token(context.Background(), APIKey, Validity{})
	return fmt.Sprint(err) + "\n" + logs.String()
}

// checkLoginToken holds an accepted token to what encoding/json reads of
// the answer, and to a plausible expiry.
func checkLoginToken(t *testing.T, tok Token, server time.Time, body []byte) {
	t.Helper()
	var ref struct {
		Data struct {
			Token string
			Exp   any
		}
		AccessToken string
		ExpiresIn   any
	}
	_ = json.Unmarshal(body, &ref) // type errors leave what could be read
	exp, expOK := wholeNumber(ref.Data.Exp)
	in, inOK := wholeNumber(ref.ExpiresIn)
	fromData := tok.Value == ref.Data.Token && expOK && tok.Exp == int64(exp)
	fromBare := tok.Value == ref.AccessToken && inOK && tok.Exp == server.UnixMilli()+int64(in)*1000
	if !fromData && !fromBare {
		t.Fatalf("token %s (lifetime %s) is neither data's (%v) nor the bare form's (expiresIn %v)",
			tok, tok.Lifetime, ref.Data.Exp, ref.ExpiresIn)
	}
	if !plausibleEpochMillis(tok.Exp) || !tok.ExpiresAt.After(server) || tok.Lifetime > maxTokenLifetime ||
		tok.ExpiresAt.UnixMilli() != tok.Exp {
		t.Fatalf("accepted %s, server time %s", tok, server)
	}
}

// FuzzParseBaseURL: any string is either rejected with a ConfigError or
// accepted as https, or http on a loopback host.
func FuzzParseBaseURL(f *testing.F) {
	for _, seed := range []string{
		"https://api.liquidcommerce.cloud", "http://127.0.0.1:1", "http://[::1]/api/", "http://localhost.",
		"https://user@host", "ftp://x", "//x", "http://0x7f.1", "https://%zz", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("error %T is not a ConfigError", err)
			}
			return
		}
		switch {
		case u.Scheme == "https":
		case u.Scheme == "http" && IsLoopbackHost(u.Hostname()):
		default:
			t.Fatalf("accepted %q as %s", raw, u)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("accepted %q with credentials, query or fragment", raw)
		}
	})
}

// FuzzServerNow: the server's time is metadata.timestamp as encoding/json
// reads it, when it is a plausible time in epoch milliseconds (a number or
// a string holding one) or an RFC 3339 string, else the Date header, else
// the local time the request was sent. An RFC 3339 string is read as it
// stands: it has nothing to escape, so one written with escapes is not
// taken for one.
func FuzzServerNow(f *testing.F) {
	dates := []string{fuzzNow.Format(http.TimeFormat), "", "Thu, 14 Nov 2024 13:25:39 UTC", "yesterday", "\xff"}
	for i, v := range append(oddValues, `"2024-11-14T13:25:39.955123456+01:00"`, `"9999-12-31T23:59:59Z"`,
		`"0000-01-01T00:00:00Z"`, `"2024-11-14T13:25:39\u005a"`, `999999999999`, `10000000000000`, `1e12`, `"0x1p40"`) {
		f.Add(v, dates[i%len(dates)])
	}
	f.Fuzz(func(t *testing.T, timestamp, date string) {
		body := []byte(`{"metadata":{"timestamp":` + timestamp + `}}`)
		env, _ := parseEnvelope(body)
		if env == nil {
			return
		}
		sentAt := fuzzNow.Add(-time.Minute)
		got := serverNow(env, &response{header: http.Header{"Date": {date}}, sentAt: sentAt})
		var ref struct{ Metadata struct{ Timestamp any } }
		_ = json.Unmarshal(body, &ref)
		want := sentAt
		s, isString := ref.Metadata.Timestamp.(string)
		rfc, rfcErr := time.Parse(time.RFC3339Nano, s)
		httpDate, dateErr := http.ParseTime(date)
		switch ms, whole := wholeNumber(ref.Metadata.Timestamp); {
		case whole && plausibleEpochMillis(int64(ms)):
			want = time.UnixMilli(int64(ms))
		case isString && rfcErr == nil && !bytes.Contains(env.Metadata.v.Timestamp, []byte(`\`)):
			want = rfc
		case dateErr == nil:
			want = httpDate
		}
		if !got.Equal(want) {
			t.Fatalf("server time %s, want %s", got, want)
		}
	})
}

// FuzzRetryAfter: a Retry-After header is a wait from none to a day: its
// seconds when it is digits (a day when they are more), its date less the
// server's now, none when it is neither.
func FuzzRetryAfter(f *testing.F) {
	for _, v := range []string{"", "0", "7", " 7 ", "86401", "00000000000000000000000000012", "99999999999999999999",
		"-1", "-99999999999999999999", "+5", "1.5", "1e3", "soon", "\xff",
		fuzzNow.Add(90 * time.Second).Format(http.TimeFormat), fuzzNow.Add(-time.Hour).Format(http.TimeFormat),
		"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, ok := retryAfter(http.Header{"Retry-After": {v}}, fuzzNow)
		if got < 0 || got > 24*time.Hour || !ok && got != 0 {
			t.Fatalf("Retry-After %q read as %s, %v", v, got, ok)
		}
		digits := strings.TrimSpace(v)
		if digits != "" && strings.Trim(digits, "0123456789") == "" {
			want := 24 * time.Hour
			if n := strings.TrimLeft(digits, "0"); len(n) <= 5 {
				secs, _ := strconv.Atoi("0" + n)
				want = min(time.Duration(secs)*time.Second, want)
			}
			if !ok || got != want {
				t.Fatalf("Retry-After %q read as %s, %v; want %s", v, got, ok, want)
			}
		}
		d, err := http.ParseTime(strings.TrimSpace(v))
		if err == nil && (!ok || got != min(max(d.Sub(fuzzNow), 0), 24*time.Hour)) {
			t.Fatalf("Retry-After %q read as %s, %v", v, got, ok)
		}
	})
}
