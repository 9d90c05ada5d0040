package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// FuzzSplitAuth: every top-level member named auth leaves the body, every
// other member's bytes stay as they were, in order, and the auth returned
// is the value encoding/json reads for the name auth.
//
// The reference is encoding/json decoding into a map, not into a struct
// with an auth field: a struct would also take "Auth" and "AUTH" (its
// case-insensitive match), where the client, as README documents, compares
// the decoded name case-sensitively and passes those members on as the
// caller's data. Both take the last of duplicate names, and compare names
// decoded, escapes and all.
func FuzzSplitAuth(f *testing.F) {
	for _, body := range seedAnswers() {
		f.Add(body)
	}
	for _, body := range []string{`{"a":1, "auth" : {"token":"t"} , "b":[1,2]}`, ` { "auth":1 ,  "id":9007199254740993}`,
		`{"a":"\u00e9","auth":{"token":"t"},"c":"a,b\"auth"}`, `{"a":1,"au\u0074h":3}`, "{\"a\xff\":1,\"auth\":2}",
		`{"z":2,"a":{"auth":"nested stays"},"b":1.50}`, `{"auth":1,"auth":2,"x":"y"}`, `[{"auth":1}]`} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rest, auth := splitAuth([]byte(body))
		members, ok := objectMembers([]byte(body))
		if !ok {
			if json.Valid([]byte(body)) && (auth != nil || string(rest) != body) {
				t.Fatalf("a JSON value that is no object was split: %s, %s", rest, auth)
			}
			return
		}
		var want []member
		var wantAuth []byte
		for _, m := range members {
			if m.name == "auth" {
				wantAuth = m.value
			} else {
				want = append(want, m)
			}
		}
		var decoded map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &decoded); err != nil || !bytes.Equal(decoded["auth"], wantAuth) {
			t.Fatalf("the reference splitter reads auth %s, encoding/json %s (%v)", wantAuth, decoded["auth"], err)
		}
		if !bytes.Equal(auth, wantAuth) {
			t.Fatalf("auth = %s, encoding/json reads %s", auth, wantAuth)
		}
		if wantAuth == nil {
			if string(rest) != body {
				t.Fatalf("a body without auth changed: %s", rest)
			}
			return
		}
		got, ok := objectMembers(rest)
		if !ok || len(got) != len(want) {
			t.Fatalf("rest %s is not the object of the %d other members", rest, len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i].key, want[i].key) || !bytes.Equal(got[i].value, want[i].value) {
				t.Fatalf("member %d is %s:%s, was %s:%s", i, got[i].key, got[i].value, want[i].key, want[i].value)
			}
		}
	})
}

// member is a top-level member of a JSON object: its name decoded, and its
// key and value as they are in the body.
type member struct {
	name       string
	key, value []byte
}

// objectMembers is a reference splitter, written apart from splitAuth: it
// scans the bytes of a valid JSON object by hand. It is false for anything
// else.
func objectMembers(b []byte) ([]member, bool) {
	if !json.Valid(b) {
		return nil, false
	}
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return nil, false
	}
	var out []member
	for i++; ; {
		i = skipSpace(b, i)
		switch b[i] {
		case '}':
			return out, true
		case ',':
			i = skipSpace(b, i+1)
		}
		start := i
		i = skipString(b, i)
		m := member{key: b[start:i]}
		_ = json.Unmarshal(m.key, &m.name)
		i = skipSpace(b, skipSpace(b, i)+1) // the colon
		start = i
		i = skipValue(b, i)
		m.value = b[start:i]
		out = append(out, m)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string that starts at i.
func skipString(b []byte, i int) int {
	for i++; b[i] != '"'; i++ {
		if b[i] == '\\' {
			i++
		}
	}
	return i + 1
}

// skipValue returns the index after the value that starts at i.
func skipValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		for depth := 0; ; {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
	}
	for i < len(b) && bytes.IndexByte([]byte(",}] \t\n\r"), b[i]) < 0 {
		i++
	}
	return i
}

// keeper records the tokens the client keeps.
type keeper struct{ kept []Token }

func (k *keeper) Login(context.Context, Credential, Validity, string, func(context.Context) (Token, error)) (Token,
	error) {
	return Token{}, errors.New("no login here")
}

func (k *keeper) Keep(_ context.Context, _ Credential, t Token, _ string) { k.kept = append(k.kept, t) }

// FuzzAdopt: a response's auth replaces the cached token only with the
// token encoding/json reads at auth.token, of type ACCESS_TOKEN, with
// auth.exp a plausible time in epoch milliseconds no earlier than the
// cached token's; otherwise the cached token stays. Its log line repeats
// no value of the answer.
func FuzzAdopt(f *testing.F) {
	for _, body := range seedAnswers() {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		old := Token{Value: "cached", Type: "ACCESS_TOKEN", ExpiresAt: fuzzNow.Add(time.Hour)}
		old.Exp, old.LocalExpiry, old.Lifetime = old.ExpiresAt.UnixMilli(), old.ExpiresAt, time.Hour
		run := func(body []byte) (*credential, bool, string) {
			logs := &lines{}
			k := &keeper{}
			c := &Client{cfg: Config{Logger: logs, Tokens: k}, tune: tuning{Clock: fixedClock(fuzzNow)}}
			cr := newCredential(APIKey, "ACCESS_TOKEN", "/authentication", "", true, nil, "key")
			cached := old
			cr.token = &cached
			r := &request{Request: Request{Method: http.MethodPost, Path: "/orders"}, cred: cr, secrets: []string{"cached"}}
			resp := &response{status: 200, attempts: 1, header: jsonHeader(), body: body, sentAt: fuzzNow}
			env, _ := parseEnvelope(body)
			_, auth := splitAuth(body)
			if env == nil || auth == nil {
				return cr, false, ""
			}
			c.adopt(context.Background(), r, cached, "", resp, env)
			if len(k.kept) > 1 || len(k.kept) == 1 && k.kept[0].Value != cr.token.Value {
				t.Errorf("adopt kept %d tokens, or one it did not cache", len(k.kept))
			}
			return cr, len(k.kept) == 1, logs.String()
		}
		cr, adopted, _ := run([]byte(body))
		_, auth := splitAuth([]byte(body))
		var ref struct {
			Token, Type string
			Exp         any
		}
		_ = json.Unmarshal(auth, &ref) // type errors leave what could be read
		exp, expOK := wholeNumber(ref.Exp)
		switch {
		case !adopted && *cr.token != old:
			t.Fatalf("not adopted, yet the cached token is now %s", cr.token)
		case !adopted:
		case cr.token.Value != ref.Token || ref.Type != "ACCESS_TOKEN" || !expOK || cr.token.Exp != int64(exp):
			t.Fatalf("adopted %s, but encoding/json reads %+v in auth %s", cr.token, ref, auth)
		case !plausibleEpochMillis(cr.token.Exp) || cr.token.ExpiresAt.Before(old.ExpiresAt):
			t.Fatalf("adopted %s in place of %s", cr.token, old)
		}
		for _, keep := range []func(string) bool{keepStatus, func(path string) bool {
			return keepStatus(path) || path == "$.auth.exp" || path == "$.metadata.timestamp"
		}} {
			checkNoLeak(t, body, keep, func(planted []byte) string {
				_, adopted, logs := run(planted)
				return fmt.Sprint(adopted) + "\n" + logs
			})
		}
	})
}
