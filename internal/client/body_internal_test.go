package client

import "testing"

func TestWithoutAuth(t *testing.T) {
	cases := map[string]string{
		`{"auth":{"token":"t"},"a":1}`:                        `{"a":1}`,
		`{"a":1,"auth":{"token":"t"}}`:                        `{"a":1}`,
		`{"a":1, "auth" : {"token":"t"} , "b":[1,2]}`:         `{"a":1 , "b":[1,2]}`,
		`{"auth":{"token":"t"}}`:                              `{}`,
		` { "auth":1 ,  "id":9007199254740993}`:               ` {  "id":9007199254740993}`,
		`{"z":2,"a":{"auth":"nested stays"},"b":1.50}`:        `{"z":2,"a":{"auth":"nested stays"},"b":1.50}`,
		`{"auth":1,"x":"y","auth":2}`:                         `{"x":"y"}`,
		`[{"auth":1}]`:                                        `[{"auth":1}]`,
		`{"auth":`:                                            `{"auth":`,
		`{"a":"\u00e9","auth":{"token":"t"},"c":"a,b\"auth"}`: `{"a":"\u00e9","c":"a,b\"auth"}`,
	}
	for in, want := range cases {
		if got := string(withoutAuth([]byte(in))); got != want {
			t.Errorf("withoutAuth(%s) = %s, want %s", in, got, want)
		}
	}
}
