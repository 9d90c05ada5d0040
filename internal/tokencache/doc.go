// Package tokencache is a token cache on disk, shared by the processes of one
// machine (one user), so that the provider processes of a Terraform run, and
// of runs that start together, log in once between them instead of once
// each. It knows nothing of Terraform or of the API client: the client keeps
// its own rules for which token is good enough and uses this package through
// a small interface.
//
// # Files
//
// Everything lives in one directory, given to Open:
//
//	key           32 random bytes, mode 0600: the secret key of the names and MACs
//	<name>.json   one entry, mode 0600
//	<name>.lock   the entry's lock file (empty), mode 0600
//	.tmp-*        a write in progress; left over only by a crash, pruned after an hour
//
// Open creates the directory, and its missing parents, with mode 0700. On
// unix it uses an existing directory only when it belongs to the current user
// and neither group nor others can write to it, and the key file only when it
// belongs to the user and only the user can read it; otherwise it returns a
// *PermError naming the path and the fix. The package never changes a mode.
// On Windows these checks are skipped: the directory is meant to be under the
// user's profile, whose ACL keeps other users out.
//
// The key file is created on the first Open: written in full to a temporary
// file, then linked into place, which fails if another process got there
// first, whose key is then read. So the key file is either absent or
// complete, and processes that open a new directory at once share one key.
//
// # Entries
//
// There is one entry per base URL, credential kind and credential. Its name
// is the hex HMAC-SHA256, under the secret key, of the base URL, the kind and
// the credential's secrets (see Cache.Key): no file name or content holds an
// API key, user id or password, and no name is a plain hash that could be
// checked offline against a guess. An entry file is JSON:
//
//	{"v":1,"id":"<name>","entry":{...},"mac":"<hex HMAC-SHA256 of id and entry>"}
//
// where entry holds the fields of Entry: the token, its type, exp (epoch
// milliseconds), expires_at, local_expiry (this machine's clock, which every
// process sharing the directory reads), lifetime_ns, request_id, and, after a
// failed login, failed_until and failure. The token itself is there, in
// the clear, as in any CLI's credential cache: hence the modes. A file whose version is not 1,
// whose id is not its name, or whose MAC does not verify (another key file,
// another entry copied over it, an alteration, garbage) is not an entry of
// this cache: Load reports it as a miss with an error wrapping ErrBadEntry.
// An entry's last use is its file's modification time: Store sets it, and
// Load moves it forward at most once an hour.
//
// Writes are atomic: a temporary file in the directory (0600) is written,
// synced, closed, then renamed over the entry, so a reader sees the old
// entry or the new one, never part of one. On Windows a rename over a file
// that another process has open can fail; it is a write failure like any
// other.
//
// # Protocol
//
// A caller that needs a token for key k, with ctx bounded as its request is:
//
//	e, ok, err := c.Load(k)       // err: WARN, and carry on as on a miss
//	if ok && good(e) { use e.Value }
//	if ok && now.Before(e.FailedUntil) { fail, or wait, with e.Failure }
//	unlock, err := c.Lock(ctx, k) // ctx's error: the caller's bound ran out; other: WARN, log in without the cache
//	defer unlock()
//	e, ok, err = c.Load(k)        // another process may have just logged in
//	if ok && good(e) { use e.Value }
//	if ok && now.Before(e.FailedUntil) { fail, or wait, with e.Failure }
//	log in; on failure c.StoreFailure(k, until, reason), else c.Store(k, entry)
//	unlock()
//
// The lock covers the login and the write only, never a whole run, and the
// wait for it counts against the caller's ctx. Processes that start together
// thus make one login between them. Tokens of unknown expiry (minted
// elsewhere) are never stored: Store refuses an Exp of 0.
//
// A failed login (a 429, say) leaves a failure marker in the entry, beside
// the token it held: other processes see FailedUntil and Failure and fail or
// wait instead of running their own retries. A successful Store clears it.
//
// Evict removes an entry only if it still holds the given token. The caller
// decides when: only once a new login's token has succeeded on the request
// the cached token failed on, so that a request refused for another reason
// (a wrong credential, a wrong base URL) never evicts a token other
// processes use.
//
// Open prunes, ignoring errors: entries whose token has expired (by
// local_expiry) and whose failure marker, if any, has passed; entries not
// used for 30 days, whatever they hold; lock files without an entry. It
// removes an entry only under its lock, taken without waiting, and Lock
// checks after taking a lock that its file is still the one in the directory.
//
// # Failures
//
// Nothing in this package should fail a run: an unreadable, corrupt or
// foreign entry is a miss with an error, a write or a lock that fails is an
// error, all for the caller to log as a warning and carry on without the
// cache. Load tells a miss (ok false, err nil) from a cache that is not
// working (err not nil). The package logs nothing. Errors are *PermError for
// a directory or key file that is not safe to use, and *Error for the rest.
package tokencache
