package tokencache

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeEntry feeds any bytes to the decoding of an entry file, which
// another process, or anyone who can write the directory, may have left:
// it never panics, it accepts nothing but what Store wrote (the MAC binds
// the entry, so only the whitespace around it may differ), and its errors
// are ErrBadEntry and never repeat the file's content, a token among it.
func FuzzDecodeEntry(f *testing.F) {
	dir := f.TempDir()
	c, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	k := c.Key("https://api.liquidcommerce.cloud", "api_key", "key")
	stored := Entry{Value: "tok-zqxwvjkm", Type: "ACCESS_TOKEN", Exp: 1731674132795,
		ExpiresAt: time.UnixMilli(1731674132795).UTC(), LocalExpiry: time.UnixMilli(1731674132795).UTC(),
		Lifetime: 24 * time.Hour, RequestID: "reqid_1"}
	if err := c.Store(k, stored); err != nil {
		f.Fatal(err)
	}
	genuine, err := os.ReadFile(c.path(k.id, entryExt))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(genuine)
	f.Add(bytes.ReplaceAll(genuine, []byte(`"v":`), []byte(`"v": `)))
	f.Add(bytes.Replace(genuine, []byte("tok-zqxwvjkm"), []byte("tok-zqxwvjkn"), 1))
	for _, s := range []string{``, `{}`, `null`, `[]`, `{"v":1e9999999999}`, `{"v":"tok-zqxwvjkm"}`,
		`{"v":1,"id":"x","entry":{"token":"tok-zqxwvjkm"},"mac":""}`, "\xff\xfe", `{"entry":` + strings.Repeat("[", 5000)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := c.decode(k.id, b)
		if err != nil {
			if !errors.Is(err, ErrBadEntry) {
				t.Fatalf("error %v is not ErrBadEntry", err)
			}
			if strings.Contains(err.Error(), "tok-") {
				t.Fatalf("the error repeats the file: %v", err)
			}
			return
		}
		if e.Value != stored.Value || e.Exp != stored.Exp || !e.LocalExpiry.Equal(stored.LocalExpiry) ||
			e.RequestID != stored.RequestID || e.Lifetime != stored.Lifetime {
			t.Fatalf("accepted an entry Store did not write: %v", e)
		}
	})
}
