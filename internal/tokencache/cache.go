package tokencache

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

const (
	keyFile   = "key"
	keySize   = 32
	entryExt  = ".json"
	lockExt   = ".lock"
	tmpPrefix = ".tmp-"
	version   = 1
	// maxEntrySize bounds what Load reads: an entry is a few hundred bytes.
	maxEntrySize = 64 << 10
	// lockPoll is how often Lock tries a lock another process holds.
	lockPoll = 10 * time.Millisecond
	// maxUnused is how long an entry may go unused before it is pruned.
	maxUnused = 30 * 24 * time.Hour
	// touchEvery is how often, at most, Load records an entry's use.
	touchEvery = time.Hour
	// staleTemp is the age of a temporary file no write is still using.
	staleTemp = time.Hour
)

// ErrBadEntry marks an entry file that is not an entry of this cache: it does
// not parse, has a version this package does not know, belongs to another
// key, or its MAC does not verify.
var ErrBadEntry = errors.New("not an entry of this token cache")

// ErrNoExpiry is what Store refuses: a token of unknown expiry (Exp 0), such
// as one minted elsewhere, is never cached.
var ErrNoExpiry = errors.New("the token's expiry is unknown (exp 0, a token minted elsewhere?), and such a token is never cached")

// PermError reports a cache directory, or its key file, that others could
// write or read: Path names it, Reason says why, Fix what to do.
type PermError struct{ Path, Reason, Fix string }

func (e *PermError) Error() string {
	return fmt.Sprintf("token cache %s cannot be used: %s; to fix it, %s", e.Path, e.Reason, e.Fix)
}

// Error is any other failure of the cache: Op is what was being done (open,
// load, store, lock, evict), Path the file, Err the cause.
type Error struct {
	Op, Path string
	Err      error
}

func (e *Error) Error() string { return fmt.Sprintf("token cache %s %s: %v", e.Op, e.Path, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Entry is what the cache holds for one credential.
type Entry struct {
	// Value is the bearer token, Type its type as the API gave it.
	Value string `json:"token,omitempty"`
	Type  string `json:"type,omitempty"`
	// Exp is the expiry as the API gave it, in epoch milliseconds; ExpiresAt
	// is Exp as a time.
	Exp       int64     `json:"exp,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// LocalExpiry is when the token expires by this machine's clock, which
	// every process sharing the cache reads.
	LocalExpiry time.Time `json:"local_expiry,omitzero"`
	// Lifetime is how long the token was valid when it was issued, by the
	// server's clock.
	Lifetime time.Duration `json:"lifetime_ns,omitempty"`
	// RequestID is the requestId of the response that issued the token.
	RequestID string `json:"request_id,omitempty"`
	// FailedUntil, when in the future, is until when a login failed a moment
	// ago asks the others to wait, Failure says how it failed, and FailedBy
	// names the writer, which takes its own marker for its own state.
	FailedUntil time.Time `json:"failed_until,omitzero"`
	Failure     string    `json:"failure,omitempty"`
	FailedBy    string    `json:"failed_by,omitempty"`
}

func (e Entry) String() string {
	return fmt.Sprintf("Entry{type: %s, exp: %d, failed_until: %s}", e.Type, e.Exp, e.FailedUntil.Format(time.RFC3339))
}

// GoString keeps %#v from printing the token.
func (e Entry) GoString() string { return e.String() }

// Key names one entry. Cache.Key makes it; it holds the entry's keyed name,
// never a secret.
type Key struct{ id string }

// file is an entry file: the entry's JSON with a MAC binding it to its name.
type file struct {
	V     int             `json:"v"`
	ID    string          `json:"id"`
	Entry json.RawMessage `json:"entry"`
	MAC   string          `json:"mac"`
}

// Cache is a token cache directory. It is safe for concurrent use.
type Cache struct {
	dir string
	key []byte
	now func() time.Time
}

// Open opens the cache in dir, creating it and its key file when missing, and
// prunes it.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, &Error{Op: "open", Err: errors.New("no directory given")}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &Error{Op: "open", Path: dir, Err: err}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, &Error{Op: "open", Path: dir, Err: err}
	}
	if err := checkDir(dir, fi); err != nil {
		return nil, err
	}
	key, err := loadKey(dir)
	if err != nil {
		return nil, err
	}
	// A directory this process cannot write to (its mode, a read-only file
	// system) would fail every entry later, one warning at a time: it fails
	// here, once.
	probe, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return nil, &Error{Op: "open", Path: dir, Err: err}
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())
	c := &Cache{dir: dir, key: key, now: time.Now}
	c.prune()
	return c, nil
}

// loadKey reads the key file, creating it first when it is missing.
func loadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, keyFile)
	key, err := readKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	key = make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	tmp, err := writeTemp(dir, key)
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	defer func() { _ = os.Remove(tmp) }()
	// A link, unlike a rename, fails when the key file exists: the first
	// process to link wins, and the others read its key.
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	return readKey(path)
}

// readKey reads the key file; a missing one is a bare fs.ErrNotExist.
func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	} else if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	if err := checkKeyFile(path, fi); err != nil {
		return nil, err
	}
	key, err := io.ReadAll(io.LimitReader(f, keySize+1))
	if err == nil && len(key) != keySize {
		err = fmt.Errorf("it holds %d bytes, not a key of %d; remove it (the cached tokens go with it)", len(key), keySize)
	}
	if err != nil {
		return nil, &Error{Op: "open", Path: path, Err: err}
	}
	return key, nil
}

// Key returns the key of the entry of a credential: the base URL as the
// client spells it, the credential's kind (e.g. api_key or orders) and its
// secrets (the API key, or the user id and the password).
func (c *Cache) Key(baseURL, kind string, secret ...string) Key {
	m := c.mac("entry")
	for _, s := range append([]string{baseURL, kind}, secret...) {
		// Each field is length-prefixed, so no two lists of fields give the
		// same input.
		_, _ = m.Write(binary.AppendUvarint(nil, uint64(len(s))))
		_, _ = io.WriteString(m, s)
	}
	return Key{id: hex.EncodeToString(m.Sum(nil))}
}

// mac returns an HMAC-SHA256 under the cache's key, for one purpose.
func (c *Cache) mac(purpose string) hash.Hash {
	m := hmac.New(sha256.New, c.key)
	_, _ = io.WriteString(m, "liquidcommerce-tokencache/v1 "+purpose+"\x00")
	return m
}

// contentMAC is the MAC of an entry file's id and entry.
func (c *Cache) contentMAC(id string, entry []byte) string {
	m := c.mac("content")
	_, _ = io.WriteString(m, id+"\x00")
	_, _ = m.Write(entry)
	return hex.EncodeToString(m.Sum(nil))
}

func (c *Cache) path(id, ext string) string { return filepath.Join(c.dir, id+ext) }

// check refuses the zero Key.
func check(op string, k Key) error {
	if k.id == "" {
		return &Error{Op: op, Err: errors.New("the zero Key names no entry; use Cache.Key")}
	}
	return nil
}

// Load returns k's entry. ok is false on a miss; err is not nil when the
// cache is not working (an unreadable, corrupt or foreign entry, too), which
// the caller logs and treats as a miss. A token's validity is the caller's to
// judge, a failure marker's too.
func (c *Cache) Load(k Key) (e Entry, ok bool, err error) {
	if err := check("load", k); err != nil {
		return Entry{}, false, err
	}
	e, fi, err := c.read(k)
	if err != nil || fi == nil {
		return Entry{}, false, err
	}
	if now := c.now(); now.Sub(fi.ModTime()) >= touchEvery {
		_ = os.Chtimes(c.path(k.id, entryExt), now, now)
	}
	return e, true, nil
}

// read reads k's entry file; fi is nil when there is none.
func (c *Cache) read(k Key) (Entry, fs.FileInfo, error) {
	path := c.path(k.id, entryExt)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Entry{}, nil, nil
	} else if err != nil {
		return Entry{}, nil, &Error{Op: "load", Path: path, Err: err}
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	var b []byte
	if err == nil {
		b, err = io.ReadAll(io.LimitReader(f, maxEntrySize))
	}
	var e Entry
	if err == nil {
		e, err = c.decode(k.id, b)
	}
	if err != nil {
		return Entry{}, fi, &Error{Op: "load", Path: path, Err: err}
	}
	return e, fi, nil
}

// decode checks an entry file's content and returns its entry.
func (c *Cache) decode(id string, b []byte) (Entry, error) {
	var f file
	// The errors name what is wrong, never what the file holds: it may hold
	// a token.
	if json.Unmarshal(b, &f) != nil {
		return Entry{}, fmt.Errorf("%w: it is not the JSON of an entry file", ErrBadEntry)
	}
	var e Entry
	switch {
	case f.V != version:
		return Entry{}, fmt.Errorf("%w: its version is not %d", ErrBadEntry, version)
	case f.ID != id:
		return Entry{}, fmt.Errorf("%w: it is another entry's", ErrBadEntry)
	case !hmac.Equal([]byte(f.MAC), []byte(c.contentMAC(id, f.Entry))):
		return Entry{}, fmt.Errorf("%w: its MAC does not verify (written under another key file, or altered)", ErrBadEntry)
	case json.Unmarshal(f.Entry, &e) != nil:
		return Entry{}, fmt.Errorf("%w: its entry does not parse", ErrBadEntry)
	}
	return e, nil
}

// Store writes e as k's entry, replacing any entry and failure marker. The
// caller holds k's lock. It refuses a token of unknown expiry (ErrNoExpiry).
func (c *Cache) Store(k Key, e Entry) error {
	if err := check("store", k); err != nil {
		return err
	}
	switch {
	case e.Exp == 0:
		return &Error{Op: "store", Path: c.path(k.id, entryExt), Err: ErrNoExpiry}
	case e.Value == "":
		return &Error{Op: "store", Path: c.path(k.id, entryExt), Err: errors.New("the entry has no token")}
	}
	e.FailedUntil, e.Failure, e.FailedBy = time.Time{}, "", ""
	return c.write(k, e)
}

// StoreFailure marks k's entry as failed until until, for reason, which must
// hold no secret, by the writer that by names (a random id, not a process
// id, which the system reuses); the entry keeps its token. The caller
// holds k's lock.
func (c *Cache) StoreFailure(k Key, until time.Time, by, reason string) error {
	if err := check("store", k); err != nil {
		return err
	}
	if until.IsZero() {
		return &Error{Op: "store", Path: c.path(k.id, entryExt), Err: errors.New("a failure marker needs an end")}
	}
	// An entry that cannot be read is replaced by the marker alone.
	e, _, _ := c.read(k)
	e.FailedUntil, e.Failure, e.FailedBy = until, reason, by
	return c.write(k, e)
}

func (c *Cache) write(k Key, e Entry) error {
	path := c.path(k.id, entryExt)
	entry, err := json.Marshal(e)
	var b []byte
	if err == nil {
		b, err = json.Marshal(file{V: version, ID: k.id, Entry: entry, MAC: c.contentMAC(k.id, entry)})
	}
	var tmp string
	if err == nil {
		tmp, err = writeTemp(c.dir, b)
	}
	if err == nil {
		if err = os.Rename(tmp, path); err != nil {
			_ = os.Remove(tmp)
		}
	}
	if err != nil {
		return &Error{Op: "store", Path: path, Err: err}
	}
	return nil
}

// writeTemp writes b to a new temporary file (0600) in dir, synced and
// closed, and returns its path.
func writeTemp(dir string, b []byte) (string, error) {
	f, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// Lock takes k's lock, shared by the processes of the machine, trying every
// few milliseconds until ctx ends, when it returns ctx's error. The lock is
// for the login and the write of one entry; unlock releases it.
func (c *Cache) Lock(ctx context.Context, k Key) (unlock func(), err error) {
	if err := check("lock", k); err != nil {
		return nil, err
	}
	path := c.path(k.id, lockExt)
	for range 10 {
		fl := flock.New(path)
		if _, err := fl.TryLockContext(ctx, lockPoll); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &Error{Op: "lock", Path: path, Err: err}
		}
		// Prune removes a lock file under its lock: one taken on a removed
		// file locks nothing, so take the one in the directory.
		if held(fl) {
			return func() { _ = fl.Unlock() }, nil
		}
		_ = fl.Unlock()
	}
	return nil, &Error{Op: "lock", Path: path, Err: errors.New("the lock file keeps being removed")}
}

// held reports whether fl, locked, is the file now at its path.
func held(fl *flock.Flock) bool {
	have, err := fl.Stat()
	if err != nil {
		return false
	}
	cur, err := os.Stat(fl.Path())
	return err == nil && os.SameFile(have, cur)
}

// Evict removes k's entry if it holds token, under k's lock, waiting for it
// as Lock does; it reports whether it did. Call it only once the token has
// proved bad (see the package doc), and not while holding k's lock.
func (c *Cache) Evict(ctx context.Context, k Key, token string) (bool, error) {
	unlock, err := c.Lock(ctx, k)
	if err != nil {
		return false, err
	}
	defer unlock()
	e, fi, err := c.read(k)
	if err != nil || fi == nil || token == "" || e.Value != token {
		return false, err
	}
	if err := os.Remove(c.path(k.id, entryExt)); err != nil {
		return false, &Error{Op: "evict", Path: c.path(k.id, entryExt), Err: err}
	}
	return true, nil
}

// prune removes what is no longer of use, ignoring errors: temporary files
// left by a crash, entries expired or unused (see stale), lock files without
// an entry.
func (c *Cache) prune() {
	des, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	now := c.now()
	seen := map[string]bool{}
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, tmpPrefix) {
			if fi, err := de.Info(); err == nil && now.Sub(fi.ModTime()) > staleTemp {
				_ = os.Remove(filepath.Join(c.dir, name))
			}
			continue
		}
		id := strings.TrimSuffix(strings.TrimSuffix(name, entryExt), lockExt)
		if b, err := hex.DecodeString(id); err != nil || len(b) != sha256.Size || seen[id] {
			continue
		}
		seen[id] = true
		if k := (Key{id: id}); c.stale(k, now) {
			c.remove(k, now)
		}
	}
}

// stale reports whether k's entry may go: it is missing (its lock file is
// left), unused for maxUnused, or holds no token still valid and no failure
// marker still in force. An entry that does not verify stays until unused:
// it may be a later version's.
func (c *Cache) stale(k Key, now time.Time) bool {
	e, fi, err := c.read(k)
	switch {
	case fi == nil:
		return err == nil
	case now.Sub(fi.ModTime()) > maxUnused:
		return true
	case err != nil:
		return false
	}
	return !now.Before(e.LocalExpiry) && !now.Before(e.FailedUntil)
}

// remove removes k's entry and lock file if it can take the lock at once and
// the entry is still stale.
func (c *Cache) remove(k Key, now time.Time) {
	fl := flock.New(c.path(k.id, lockExt))
	if ok, err := fl.TryLock(); err != nil || !ok {
		return
	}
	defer func() { _ = fl.Unlock() }()
	if held(fl) && c.stale(k, now) {
		_ = os.Remove(c.path(k.id, entryExt))
		_ = os.Remove(c.path(k.id, lockExt))
	}
}
