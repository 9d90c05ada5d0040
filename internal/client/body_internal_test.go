package client

import "testing"

func TestSplitAuth(t *testing.T) {
	cases := []struct{ in, rest, auth string }{
		{`{"auth":{"token":"t"},"a":1}`, `{"a":1}`, `{"token":"t"}`},
		{`{"a":1,"auth":{"token":"t"}}`, `{"a":1}`, `{"token":"t"}`},
		{`{"a":1, "auth" : {"token":"t"} , "b":[1,2]}`, `{"a":1 , "b":[1,2]}`, `{"token":"t"}`},
		{`{"auth":{"token":"t"}}`, `{}`, `{"token":"t"}`},
		{` { "auth":1 ,  "id":9007199254740993}`, ` {  "id":9007199254740993}`, `1`},
		{`{"z":2,"a":{"auth":"nested stays"},"b":1.50}`, `{"z":2,"a":{"auth":"nested stays"},"b":1.50}`, ``},
		// Every member named auth goes; the last is the one a decoder reads.
		{`{"auth":1,"x":"y","auth":2}`, `{"x":"y"}`, `2`},
		{`{"auth":1,"auth":2,"x":"y"}`, `{"x":"y"}`, `2`},
		// Names are compared decoded and case-sensitively.
		{`{"\u0061uth":{"token":"t"},"a":1}`, `{"a":1}`, `{"token":"t"}`},
		{`{"a":1,"au\u0074h":3}`, `{"a":1}`, `3`},
		{`{"Auth":{"token":"t"},"AUTH":1,"a":1}`, `{"Auth":{"token":"t"},"AUTH":1,"a":1}`, ``},
		{`[{"auth":1}]`, `[{"auth":1}]`, ``},
		{`{"auth":`, `{"auth":`, ``},
		{`{"a":"\u00e9","auth":{"token":"t"},"c":"a,b\"auth"}`, `{"a":"\u00e9","c":"a,b\"auth"}`, `{"token":"t"}`},
	}
	for _, tc := range cases {
		rest, auth := splitAuth([]byte(tc.in))
		if string(rest) != tc.rest || string(auth) != tc.auth {
			t.Errorf("splitAuth(%s) = %s, %s; want %s, %s", tc.in, rest, auth, tc.rest, tc.auth)
		}
	}
}
