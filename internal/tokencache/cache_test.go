package tokencache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

const (
	baseURL  = "https://api.example.test"
	apiKey   = "lc-api-key-5b1f0e77"
	userID   = "orders-user-93d2"
	password = "p@ssw0rd-c41a"
)

// helperEnv makes the test binary a helper process of the mode it names:
// "open" prints the key the cache has, "login" runs the protocol once.
const helperEnv = "TOKENCACHE_TEST_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := helper(mode, os.Getenv("TOKENCACHE_TEST_DIR")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func helper(mode, dir string) error {
	// Processes start together: each waits for the start file.
	for start := filepath.Join(dir, "..", "start"); ; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(start); err == nil {
			break
		}
	}
	c, err := Open(dir)
	if err != nil {
		return err
	}
	switch mode {
	case "open":
		fmt.Print(hex.EncodeToString(c.key))
	case "login":
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		e, err := getToken(ctx, c, c.Key(baseURL, "api_key", apiKey), func() Entry {
			logins, err := os.OpenFile(filepath.Join(dir, "..", "logins"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
			if err == nil {
				_, err = logins.WriteString("x")
				_ = logins.Close()
			}
			if err != nil {
				panic(err)
			}
			time.Sleep(200 * time.Millisecond)
			return token(fmt.Sprintf("tok-%d", os.Getpid()), time.Hour)
		})
		if err != nil {
			return err
		}
		fmt.Print(e.Value)
	}
	return nil
}

// getToken is the protocol of the package doc: login runs only under the lock
// and only when no other process has just stored a token.
func getToken(ctx context.Context, c *Cache, k Key, login func() Entry) (Entry, error) {
	good := func(e Entry, ok bool, err error) bool { return err == nil && ok && c.now().Before(e.LocalExpiry) }
	if e, ok, err := c.Load(k); good(e, ok, err) {
		return e, nil
	}
	unlock, err := c.Lock(ctx, k)
	if err != nil {
		return Entry{}, err
	}
	defer unlock()
	if e, ok, err := c.Load(k); good(e, ok, err) {
		return e, nil
	}
	e := login()
	return e, c.Store(k, e)
}

// token is an entry of a token that lives for d from now.
func token(value string, d time.Duration) Entry {
	now := time.Now()
	return Entry{Value: value, Type: "ACCESS_TOKEN", Exp: now.Add(d).UnixMilli(), ExpiresAt: now.Add(d).UTC(),
		LocalExpiry: now.Add(d + 2*time.Second), Lifetime: d, RequestID: "req-1"}
}

func open(t *testing.T, dir string) *Cache {
	t.Helper()
	c, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return c
}

// processes runs n helper processes of mode on dir, started together, and
// returns what each printed.
func processes(t *testing.T, mode, dir string, n int) []string {
	t.Helper()
	outs := make([]*bytes.Buffer, n)
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		outs[i] = new(bytes.Buffer)
		cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), helperEnv+"="+mode, "TOKENCACHE_TEST_DIR="+dir)
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "..", "start"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make([]string, n)
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper %d: %v: %s", i, err, outs[i])
		}
		got[i] = outs[i].String()
	}
	return got
}

func TestKeyFileReused(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	path := filepath.Join(dir, keyFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(b, c.key) || len(b) != keySize {
		t.Fatalf("key file holds %x (%v), the cache uses %x", b, err, c.key)
	}
	if again := open(t, dir); !bytes.Equal(again.key, c.key) {
		t.Errorf("a second Open made a new key")
	}
	if err := os.WriteFile(path, b[:10], 0o600); err != nil {
		t.Fatal(err)
	}
	var ce *Error
	if _, err := Open(dir); !errors.As(err, &ce) || !strings.Contains(err.Error(), path) {
		t.Errorf("a short key file: Open returned %v, want an *Error naming it", err)
	}
}

func TestConcurrentOpensShareOneKey(t *testing.T) {
	t.Run("goroutines", func(t *testing.T) {
		dir := t.TempDir()
		keys := make([][]byte, 16)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range keys {
			wg.Go(func() {
				<-start
				if c, err := Open(dir); err == nil {
					keys[i] = c.key
				} else {
					t.Error(err)
				}
			})
		}
		close(start)
		wg.Wait()
		for i, k := range keys {
			if !bytes.Equal(k, keys[0]) {
				t.Errorf("Open %d has key %x, Open 0 has %x", i, k, keys[0])
			}
		}
	})
	t.Run("processes", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "cache")
		got := processes(t, "open", dir, 6)
		c := open(t, dir)
		for i, k := range got {
			if k != hex.EncodeToString(c.key) {
				t.Errorf("process %d has key %s, the key file holds %x", i, k, c.key)
			}
		}
	})
}

// files returns the name and content of every file in dir.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[de.Name()] = b
	}
	return m
}

func TestNamesAndContentHoldNoSecret(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	api, orders := c.Key(baseURL, "api_key", apiKey), c.Key(baseURL, "orders", userID, password)
	other := open(t, t.TempDir())
	if other.Key(baseURL, "api_key", apiKey) == api {
		t.Error("two caches with different keys give the same name")
	}
	if api == orders || c.Key(baseURL+"/v2", "api_key", apiKey) == api || c.Key(baseURL, "orders", apiKey) == api ||
		c.Key(baseURL, "orders", userID+password) == orders {
		t.Error("different credentials share a name")
	}
	for _, k := range []Key{api, orders} {
		if err := c.Store(k, token("tok", time.Hour)); err != nil {
			t.Fatal(err)
		}
		unlock, err := c.Lock(t.Context(), k)
		if err != nil {
			t.Fatal(err)
		}
		unlock()
	}
	if err := c.StoreFailure(orders, time.Now().Add(time.Minute), "client-a", "HTTP 429"); err != nil {
		t.Fatal(err)
	}
	// Plain hashes of the secrets, alone or with the base URL and kind, that
	// a name could be checked against offline.
	var guesses []string
	for _, s := range []string{apiKey, userID, password, userID + ":" + password, userID + password,
		baseURL + "api_key" + apiKey, baseURL + "\x00api_key\x00" + apiKey, baseURL + "orders" + userID + password,
		baseURL + "\x00orders\x00" + userID + "\x00" + password} {
		sum := sha256.Sum256([]byte(s))
		guesses = append(guesses, hex.EncodeToString(sum[:]))
	}
	secrets := []string{apiKey, userID, password, base64.StdEncoding.EncodeToString([]byte(userID + ":" + password))}
	got := files(t, dir)
	if len(got) != 5 {
		t.Errorf("files %v, want the key and two entries with their locks", got)
	}
	for name, b := range got {
		for _, s := range append(secrets, guesses...) {
			if strings.Contains(name, s) || bytes.Contains(b, []byte(s)) {
				t.Errorf("file %s holds %q", name, s)
			}
		}
	}
	if _, ok := got[api.id+entryExt]; !ok {
		t.Errorf("no file %s%s", api.id, entryExt)
	}
}

func TestStoreLoad(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	k := c.Key(baseURL, "api_key", apiKey)
	if e, ok, err := c.Load(k); ok || err != nil {
		t.Fatalf("empty cache: Load = %v, %v, %v; want a miss", e, ok, err)
	}
	want := token("tok-1", time.Hour)
	if err := c.Store(k, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := open(t, dir).Load(k)
	if err != nil || !ok || got.Value != want.Value || got.Type != want.Type || got.Exp != want.Exp ||
		!got.ExpiresAt.Equal(want.ExpiresAt) || !got.LocalExpiry.Equal(want.LocalExpiry) ||
		got.Lifetime != want.Lifetime || got.RequestID != want.RequestID || !got.FailedUntil.IsZero() {
		t.Fatalf("Load = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	if fi, err := os.Stat(c.path(k.id, entryExt)); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("entry file: %v, %v; want mode 0600", fi, err)
	}
	if s := fmt.Sprintf("%v %#v %+v", got, got, got); strings.Contains(s, "tok-1") {
		t.Errorf("an Entry prints its token: %s", s)
	}
}

func TestStoreRefusesUnknownExpiry(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	k := c.Key(baseURL, "api_key", apiKey)
	preMinted := Entry{Value: "minted-elsewhere", Type: "ACCESS_TOKEN"}
	if err := c.Store(k, preMinted); !errors.Is(err, ErrNoExpiry) || !strings.Contains(err.Error(), "never cached") {
		t.Errorf("Store of a token of unknown expiry: %v, want ErrNoExpiry", err)
	}
	if _, ok, _ := c.Load(k); ok {
		t.Error("the token of unknown expiry was stored")
	}
	for name, b := range files(t, dir) {
		if bytes.Contains(b, []byte("minted-elsewhere")) {
			t.Errorf("%s holds the token", name)
		}
	}
}

func TestReadersNeverSeePartialEntries(t *testing.T) {
	dir := t.TempDir()
	writer, reader := open(t, dir), open(t, dir)
	k := writer.Key(baseURL, "api_key", apiKey)
	// Tokens of very different sizes, so a partial write cannot pass for one.
	values := []string{"short", strings.Repeat("long", 4000)}
	if err := writer.Store(k, token(values[0], time.Hour)); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var writers, readers sync.WaitGroup
	for w := range 2 {
		writers.Go(func() {
			for i := 0; !stop.Load(); i++ {
				if err := writer.Store(k, token(values[(i+w)%2], time.Hour)); err != nil && runtime.GOOS != "windows" {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 2 {
		readers.Go(func() {
			for range 500 {
				e, ok, err := reader.Load(k)
				if runtime.GOOS == "windows" && err != nil && !errors.Is(err, ErrBadEntry) {
					continue // a sharing violation with a rename: a failure, not a partial entry
				}
				if err != nil || !ok || e.Value != values[0] && e.Value != values[1] {
					t.Errorf("Load during writes = %v, %v, %v", e, ok, err)
					return
				}
			}
		})
	}
	readers.Wait()
	stop.Store(true)
	writers.Wait()
}

func TestBadEntriesAreMissesWithAnError(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	k, other := c.Key(baseURL, "api_key", apiKey), c.Key(baseURL, "orders", userID, password)
	path := c.path(k.id, entryExt)
	if err := c.Store(other, token("others", time.Hour)); err != nil {
		t.Fatal(err)
	}
	foreign, err := os.ReadFile(c.path(other.id, entryExt))
	if err != nil {
		t.Fatal(err)
	}
	// The same entry written by a cache of another key file.
	elsewhere := open(t, t.TempDir())
	elsewhere.key = bytes.Repeat([]byte{7}, keySize)
	if err := elsewhere.Store(k, token("tok", time.Hour)); err != nil {
		t.Fatal(err)
	}
	otherKey, err := os.ReadFile(elsewhere.path(k.id, entryExt))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Store(k, token("tok-1", time.Hour)); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"empty":          nil,
		"garbage":        []byte("\x00\xffnot json"),
		"truncated":      good[:len(good)/2],
		"not an entry":   []byte(`{"hello":"world"}`),
		"newer version":  bytes.Replace(good, []byte(`"v":1`), []byte(`"v":2`), 1),
		"another's":      foreign,
		"altered":        bytes.Replace(good, []byte("tok-1"), []byte("tok-2"), 1),
		"other key file": otherKey,
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			e, ok, err := c.Load(k)
			var ce *Error
			if ok || !errors.As(err, &ce) || !errors.Is(err, ErrBadEntry) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Load = %v, %v, %v; want a miss with an *Error wrapping ErrBadEntry", e, ok, err)
			}
			if err := c.Store(k, token("tok-3", time.Hour)); err != nil {
				t.Fatal(err)
			}
			if e, ok, err := c.Load(k); !ok || err != nil || e.Value != "tok-3" {
				t.Errorf("Load after Store = %v, %v, %v", e, ok, err)
			}
		})
	}
}

func TestProcessesLogInOnce(t *testing.T) {
	t.Run("goroutines", func(t *testing.T) {
		dir := t.TempDir()
		open(t, dir)
		var logins atomic.Int32
		got := make([]string, 8)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range got {
			// A Cache each, as each process has its own.
			c := open(t, dir)
			wg.Go(func() {
				<-start
				e, err := getToken(t.Context(), c, c.Key(baseURL, "api_key", apiKey), func() Entry {
					n := logins.Add(1)
					time.Sleep(100 * time.Millisecond)
					return token(fmt.Sprintf("tok-%d", n), time.Hour)
				})
				if err != nil {
					t.Error(err)
				}
				got[i] = e.Value
			})
		}
		close(start)
		wg.Wait()
		if n := logins.Load(); n != 1 {
			t.Errorf("%d logins, want 1", n)
		}
		for i, v := range got {
			if v != "tok-1" {
				t.Errorf("goroutine %d got %q, want tok-1", i, v)
			}
		}
	})
	t.Run("processes", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "cache")
		got := processes(t, "login", dir, 5)
		if b, err := os.ReadFile(filepath.Join(dir, "..", "logins")); err != nil || len(b) != 1 {
			t.Errorf("logins %q (%v), want 1", b, err)
		}
		for i, v := range got {
			if v != got[0] || !strings.HasPrefix(v, "tok-") {
				t.Errorf("process %d got %q, process 0 %q", i, v, got[0])
			}
		}
	})
}

func TestLockEndsWithContext(t *testing.T) {
	dir := t.TempDir()
	c, other := open(t, dir), open(t, dir)
	k := c.Key(baseURL, "api_key", apiKey)
	unlock, err := c.Lock(t.Context(), k)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	if u, err := other.Lock(ctx, k); err != context.DeadlineExceeded || u != nil {
		t.Errorf("Lock of a held lock = %v; want the context's error", err)
	}
	if waited := time.Since(began); waited < 90*time.Millisecond || waited > 2*time.Second {
		t.Errorf("Lock waited %v for a context of 100ms", waited)
	}
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := other.Lock(canceled, k); err != context.Canceled {
		t.Errorf("Lock with a canceled context = %v", err)
	}
	unlock()
	if u, err := other.Lock(t.Context(), k); err != nil {
		t.Errorf("Lock after unlock: %v", err)
	} else {
		u()
	}
}

// A lock taken on a lock file that prune removed meanwhile is no lock: held
// tells it from the lock on the file in the directory, which Lock then takes.
func TestHeldOnlyOnTheFileInTheDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("an open file cannot be removed on Windows")
	}
	path := filepath.Join(t.TempDir(), "x"+lockExt)
	fl := flock.New(path)
	if ok, err := fl.TryLock(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	defer func() { _ = fl.Unlock() }()
	if !held(fl) {
		t.Error("held is false for the lock on the file in the directory")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if held(fl) {
		t.Error("held is true for a removed lock file")
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if held(fl) {
		t.Error("held is true for a lock file replaced by another")
	}
}

func TestFailureMarker(t *testing.T) {
	dir := t.TempDir()
	c, other := open(t, dir), open(t, dir)
	k := c.Key(baseURL, "orders", userID, password)
	until := time.Now().Add(30 * time.Second)
	if err := c.StoreFailure(k, until, "client-a", "HTTP 429: too many requests"); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := other.Load(k); !ok || err != nil || !e.FailedUntil.Equal(until) ||
		e.Failure != "HTTP 429: too many requests" || e.FailedBy != "client-a" || e.Value != "" {
		t.Fatalf("Load after a failed login = %+v, %v, %v", e, ok, err)
	}
	if err := c.Store(k, token("tok-1", time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.StoreFailure(k, until, "client-b", "HTTP 503"); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := other.Load(k); !ok || err != nil || e.Value != "tok-1" || e.Failure != "HTTP 503" {
		t.Fatalf("a marker beside a token: Load = %+v, %v, %v", e, ok, err)
	}
	// A success clears the marker, even given an entry read with it.
	e, _, _ := other.Load(k)
	e.Value = "tok-2"
	if err := c.Store(k, e); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := other.Load(k); !ok || err != nil || e.Value != "tok-2" || !e.FailedUntil.IsZero() || e.Failure != "" || e.FailedBy != "" {
		t.Errorf("Load after a success = %+v, %v, %v; want no failure", e, ok, err)
	}
}

func TestEvictComparesAndDeletes(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	k := c.Key(baseURL, "api_key", apiKey)
	if ok, err := c.Evict(t.Context(), k, "tok-1"); ok || err != nil {
		t.Errorf("Evict of no entry = %v, %v", ok, err)
	}
	if err := c.Store(k, token("tok-2", time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"tok-1", "", "tok-"} {
		if ok, err := c.Evict(t.Context(), k, tok); ok || err != nil {
			t.Errorf("Evict(%q) of tok-2 = %v, %v", tok, ok, err)
		}
	}
	if e, ok, _ := c.Load(k); !ok || e.Value != "tok-2" {
		t.Fatalf("an Evict of another token removed tok-2: %v, %v", e, ok)
	}
	if ok, err := c.Evict(t.Context(), k, "tok-2"); !ok || err != nil {
		t.Errorf("Evict(tok-2) = %v, %v", ok, err)
	}
	if e, ok, err := c.Load(k); ok || err != nil {
		t.Errorf("Load after Evict = %v, %v, %v", e, ok, err)
	}
	unlock, err := c.Lock(t.Context(), k)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := open(t, dir).Evict(ctx, k, "tok-2"); err != context.DeadlineExceeded {
		t.Errorf("Evict under another's lock = %v, want it to wait for the lock", err)
	}
}

func TestPrune(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir)
	now := time.Now()
	c.now = func() time.Time { return now }
	k := func(s string) Key { return c.Key(baseURL, "api_key", s) }
	store := func(name string, d time.Duration) {
		if err := c.Store(k(name), token(name, d)); err != nil {
			t.Fatal(err)
		}
	}
	exists := func(name string) bool {
		_, err := os.Stat(c.path(k(name).id, entryExt))
		return err == nil
	}
	store("expiring", time.Hour)
	if unlock, err := c.Lock(t.Context(), k("expiring")); err == nil {
		unlock()
	} else {
		t.Fatal(err)
	}
	store("long", 90*24*time.Hour)
	store("used", 90*24*time.Hour)
	if err := c.StoreFailure(k("failed"), now.Add(10*time.Minute), "client-a", "HTTP 429"); err != nil {
		t.Fatal(err)
	}
	store("failed-with-token", time.Hour)
	if err := c.StoreFailure(k("failed-with-token"), now.Add(3*time.Hour), "client-a", "HTTP 429"); err != nil {
		t.Fatal(err)
	}
	store("locked", time.Hour)
	garbage := filepath.Join(dir, strings.Repeat("ab", sha256.Size)+entryExt)
	orphanLock := filepath.Join(dir, strings.Repeat("cd", sha256.Size)+lockExt)
	oldTemp, newTemp := filepath.Join(dir, tmpPrefix+"1"), filepath.Join(dir, tmpPrefix+"2")
	for _, p := range []string{garbage, orphanLock, oldTemp, newTemp} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// By the clock of the prune below, a write began 10 minutes ago, a crash
	// left a file 2 hours ago.
	for p, at := range map[string]time.Time{oldTemp: now, newTemp: now.Add(110 * time.Minute)} {
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := c.Lock(t.Context(), k("locked"))
	if err != nil {
		t.Fatal(err)
	}

	now = now.Add(2 * time.Hour)
	c.prune()
	for name, want := range map[string]bool{"expiring": false, "failed": false, "failed-with-token": true,
		"locked": true, "long": true, "used": true} {
		if exists(name) != want {
			t.Errorf("2 hours on: entry %s exists %v, want %v", name, !want, want)
		}
	}
	for p, want := range map[string]bool{garbage: true, orphanLock: false, oldTemp: false, newTemp: true,
		c.path(k("expiring").id, lockExt): false, c.path(k("locked").id, lockExt): true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("2 hours on: %s exists %v, want %v", filepath.Base(p), !want, want)
		}
	}
	unlock()
	c.prune()
	if exists("locked") {
		t.Error("the expired entry stays once unlocked")
	}

	now = now.Add(20 * 24 * time.Hour)
	if _, ok, err := c.Load(k("used")); !ok || err != nil {
		t.Fatalf("Load(used) = %v, %v", ok, err)
	}
	now = now.Add(11 * 24 * time.Hour)
	c.prune()
	for name, want := range map[string]bool{"failed-with-token": false, "long": false, "used": true} {
		if exists(name) != want {
			t.Errorf("31 days on: entry %s exists %v, want %v", name, !want, want)
		}
	}
	if _, err := os.Stat(garbage); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("31 days on: the unused garbage stays (%v)", err)
	}
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
}
