package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/markers"
)

// fuzzNow is the local clock of every fuzz test: the moment the published
// login answer was stamped.
var fuzzNow = time.UnixMilli(1731590739955).UTC()

// Real-shaped answers: the published ones (docs/api authentication page),
// then the fake API's, as internal/fakeapi writes them.
const (
	publishedLogin = `{"statusCode":200,"message":"OK","metadata":{"languages":["en"],"timestamp":1731590739955,` +
		`"timezone":"UTC","requestId":"reqid_123abc45def","path":"/api/authentication","version":"1.7.0"},` +
		`"data":{"token":"<ACCESS_TOKEN>","type":"ACCESS_TOKEN","exp":1731674132795}}`
	publishedFailure = `{"statusCode":5000,"message":"API Key not found","metadata":{"languages":["en"],` +
		`"timestamp":1731590739955,"timezone":"UTC","requestId":"reqid_123abc45def","path":"/api/authentication",` +
		`"version":"1.7.0"},"errors":[]}`
	publishedRefresh = `{"statusCode":200,"message":"OK","metadata":{"timestamp":1731590739955,` +
		`"requestId":"reqid_9"},"data":{"id":"LC-1001"},"auth":{"token":"<NEW>","type":"ACCESS_TOKEN",` +
		`"exp":1731674132795}}`
	fakeLogin = `{"data":{"exp":1731677139955,"token":"lc_0123456789abcdef0123456789abcdef0123456789abcdef",` +
		`"type":"ACCESS_TOKEN"},"message":"OK","metadata":{"languages":["en"],"path":"/authentication",` +
		`"requestId":"reqid_0a1b2c3d0001","timestamp":1731590739955,"timezone":"UTC","version":"1.7.0"},"statusCode":200}`
	fakeOrdersLogin = `{"data":{"exp":1731677139955,"token":"lco_0123456789abcdef","type":"ORDER_API"},` +
		`"message":"OK","metadata":{"requestId":"reqid_0a1b2c3d0002","timestamp":1731590739955},"statusCode":200}`
	fakeBareLogin = `{"accessToken":"lco_0123456789abcdef","expiresIn":86400,"tokenType":"Bearer"}`
	fakeEcho      = `{"auth":{"exp":1731677140955,"token":"lc_fedcba9876543210","type":"ACCESS_TOKEN"},` +
		`"data":{"echo":{"a":1},"method":"POST","query":{},"refreshRequested":true},"message":"OK",` +
		`"metadata":{"requestId":"reqid_0a1b2c3d0003","timestamp":1731590740955},"statusCode":200}`
	fakeError = `{"errors":[],"message":"Unauthorized","metadata":{"requestId":"reqid_0a1b2c3d0004",` +
		`"timestamp":1731590739955},"statusCode":401}`
	fakeOrder = `{"statusCode":200,"message":"OK","metadata":{"requestId":"reqid_5","timestamp":1731590739955},` +
		`"data":{"id":"LC-1001","customer":{"email":"ada@example.com","phone":"+1 212 555 0100"},` +
		`"amounts":{"total":4599},"createdAt":"2026-11-01T00:00:00Z"}}`
	errorsWithObjects = `{"statusCode":400,"message":"Bad Request","metadata":{"requestId":"reqid_6"},` +
		`"errors":[{"field":"email","message":"ada@example.com is not allowed"},"plain",{"code":7},3,null]}`
)

var realAnswers = []string{publishedLogin, publishedFailure, publishedRefresh, fakeLogin, fakeOrdersLogin,
	fakeBareLogin, fakeEcho, fakeError, fakeOrder, errorsWithObjects}

// deep nests arrays deeper than encoding/json's limit of 10,000.
var deep = strings.Repeat("[", 10001) + strings.Repeat("]", 10001)

// oddValues are a value of every JSON type and the odd ones: a huge
// exponent, escapes, invalid UTF-8, nesting (deeper than encoding/json's
// limit in oddAnswers, whose size slows every mutation of it).
var oddValues = []string{`null`, `true`, `false`, `0`, `-1`, `1.5`, `7`, `1e9999999999`, `-1e9999999999`,
	`1731674132795`, `"1731674132795"`, `86400`, `"2024-11-14T13:25:39.955Z"`, `""`, `"x"`, `"\u0061\ud800"`,
	"\"\xff\xfe\"", `[]`, `{}`, `[1,"a",null,{"b":[]}]`, `{"token":"t","type":"ACCESS_TOKEN","exp":1731674132795}`,
	strings.Repeat("[", 200) + strings.Repeat("]", 200)}

// oddAnswers are answers of odd shapes: escaped and duplicate names,
// invalid UTF-8, bytes around the object, deep nesting.
var oddAnswers = []string{
	``, ` `, `null`, `[]`, `"x"`, `<html><body>502 Bad Gateway</body></html>`, `{"data":{"token":"t`,
	`{"statusCode":200}` + "x", `{"statusCode":200} {"statusCode":400}`, "\xef\xbb\xbf{}",
	`{"\u0061uth":{"token":"t","type":"ACCESS_TOKEN","exp":1731674132795},"a":1}`,
	`{"auth":1,"x":"y","auth":{"token":"t","type":"ACCESS_TOKEN","exp":1731674132795}}`,
	`{"Auth":{"token":"t"},"AUTH":{"token":"u"},"auth":{"token":"v"}}`,
	`{"auth":{"token":"v","type":"ACCESS_TOKEN","exp":1731674132795},"AUTH":{"token":"u"}}`,
	`{"statusCode":400,"statusCode":200}`, `{"statusCode":200,"statusCode":400,"message":"m"}`,
	`{"\u0073tatusCode":400,"message":"escaped"}`, `{"statusCode":"400"}`, `{"statusCode":"\u0034\u0030\u0030"}`,
	`{"data":{"token":"a","type":"ACCESS_TOKEN","exp":1731674132795},"data":null}`,
	`{"data":{"token":"a","exp":1731674132795},"data":{"type":"ACCESS_TOKEN"}}`,
	`{"data":{"token":"a","type":5,"exp":1731674132795}}`, `{"DATA":{"TOKEN":"a","EXP":1731674132795}}`,
	`{"accessToken":"a","expiresIn":18446747674}`, `{"accessToken":"a","expiresIn":-18446740474}`,
	`{"accessToken":"a","expiresIn":9007199254740992}`, `{"accessToken":"a","expiresIn":"3600"}`,
	`{"data":null,"accessToken":"a","expiresIn":3600}`, `{"data":{"token":"d","exp":1731674132795},"accessToken":"a"}`,
	"{\"data\":{\"token\":\"\xff\",\"exp\":1731674132795},\"message\":\"\xc3\x28\"}",
	`{"metadata":{"timestamp":"2024-11-14T13:25:39.955Z"},"accessToken":"a","expiresIn":60}`,
	`{"metadata":{"timestamp":"1731590739955"},"data":{"token":"t","exp":"1731674132795"}}`,
	`{"metadata":{"timestamp":1e9999999999},"data":{"token":"t","exp":1e9999999999}}`,
	`{"errors":[` + deep + `],"statusCode":400}`, `{"data":` + deep + `}`, `{"auth":` + deep + `}`,
}

// fieldPaths are the fields the client reads, each in the real answer
// that has it, for oddValues to replace.
var fieldPaths = map[string][]string{
	publishedLogin:   {"statusCode", "metadata", "metadata.timestamp", "data", "data.token", "data.type", "data.exp"},
	fakeBareLogin:    {"accessToken", "tokenType", "expiresIn"},
	fakeEcho:         {"auth", "auth.token", "auth.type", "auth.exp"},
	publishedFailure: {"message", "metadata.requestId", "errors"},
}

// seedAnswers are the real answers, the odd ones, and every real answer
// with each field it has set to each odd value in turn.
func seedAnswers() []string {
	out := append(append([]string(nil), realAnswers...), oddAnswers...)
	for _, answer := range []string{publishedLogin, fakeBareLogin, fakeEcho, publishedFailure} {
		for _, path := range fieldPaths[answer] {
			for _, v := range oddValues {
				out = append(out, withField(answer, path, v))
			}
		}
	}
	return out
}

// withField is doc with the member at path (dots between names) set to raw
// JSON, creating the objects on the way; the raw bytes are kept as they are.
func withField(doc, path, raw string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(doc), &m) != nil {
		panic("seed is not an object: " + doc)
	}
	name, rest, nested := strings.Cut(path, ".")
	if nested {
		inner := string(m[name])
		if len(inner) == 0 || inner[0] != '{' {
			inner = "{}"
		}
		raw = withField(inner, rest, raw)
	}
	m[name] = nil
	var b strings.Builder
	b.WriteByte('{')
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, k := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		v := string(m[k])
		if k == name {
			v = raw
		}
		fmt.Fprintf(&b, "%q:%s", k, v)
	}
	return b.String() + "}"
}

// lines is a Logger that keeps every message and field of every call.
type lines struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lines) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.b, "%s %v\n", msg, fields)
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// keepStatus keeps statusCode, under any name encoding/json takes for it,
// as it is: a marker inside it turns a 200 into an error, which only skips
// the path under test. Error texts may name the statusCode (STYLE rule 4),
// a whole number that cannot carry a string.
func keepStatus(path string) bool { return strings.EqualFold(path, "$.statusCode") }

// checkNoLeak plants markers in body, when it is JSON, runs the planted
// answer through run, which returns every error text and log line it saw,
// and fails when one repeats a marker outside the envelope fields an error
// may quote (message, errors, metadata.requestId).
func checkNoLeak(t *testing.T, body string, keep func(string) bool, run func(planted []byte) string) {
	t.Helper()
	if !json.Valid([]byte(body)) {
		return
	}
	h := fnv.New64a()
	_, _ = io.WriteString(h, body)
	p, err := markers.Plant([]byte(body), h.Sum64(), keep)
	if err != nil {
		return
	}
	text := run(p.JSON)
	if leaks := p.Leaks(text, envelopeField); len(leaks) > 0 {
		t.Fatalf("values at %v leak into errors or logs:\n%s\nplanted answer: %s", leaks, text, p.JSON)
	}
}

// envelopeField accepts the fields an error may quote (markers.Envelope)
// under any name encoding/json takes for theirs: the client reads the
// envelope as encoding/json does, matching names case-insensitively, so a
// member "MESSAGE" is the message it quotes. (Exact names would take a
// decoder of the client's own, which it does not have.)
func envelopeField(path string) bool {
	first, _ := strings.CutPrefix(path, "$.")
	if i := strings.IndexAny(first, "[.{"); i >= 0 {
		first = first[:i]
	}
	return strings.EqualFold(path, "$.message") || strings.EqualFold(path, "$.metadata.requestId") ||
		strings.EqualFold(first, "errors")
}

// serving is a transport that answers every request with one status and body.
type serving struct {
	status int
	header http.Header
	body   []byte
}

func (s serving) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: s.status, Status: fmt.Sprint(s.status), Header: s.header.Clone(),
		Body: io.NopCloser(bytes.NewReader(s.body)), Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
}

// httpStatus folds any int into 100 to 599, the statuses a server sends.
func httpStatus(n int) int { return 100 + ((n-100)%500+500)%500 }

// jsonHeader is a JSON answer's header, with a Date one second after the
// published answer's metadata.timestamp.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "Date": {fuzzNow.Add(time.Second).Format(http.TimeFormat)}}
}
