package provider_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// These tests run the CLI with the provider in the test process: each CLI
// command (plan, apply, refresh) serves its own provider instance, with its
// own client, as separate processes would. What they share is the cache
// directory, as processes do. token_cache_process_test.go runs real
// provider processes.

// cacheConfig reads an access token with the data source and sends one
// request, with the cache in dir.
func cacheConfig(url, dir string, extra ...string) string {
	return providerBlock(url, fmt.Sprintf("token_cache_dir = %q", dir)) + `
data "liquidcommerce_access_token" "t" {}

data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}

output "expires_at" {
  value = data.liquidcommerce_access_token.t.expires_at
}
` + strings.Join(extra, "\n")
}

// cacheEntries reads the tokens of the cache's entries, by file name.
func cacheEntries(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Entry struct {
				Token string `json:"token"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = e.Entry.Token
	}
	return out
}

// With the cache on, apply (its plan, its apply, the checks that follow)
// makes one login between its provider processes; with the cache off, each
// logs in, which is what makes the count worth checking.
func TestAccTokenCache_applyLogsInOnce(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("cache=%v", on), func(t *testing.T) {
			srv, url := startAPI(t, fakeapi.Options{})
			config := cacheConfig(url, t.TempDir())
			if !on {
				config = strings.Replace(config, "token_cache_dir", "# token_cache_dir", 1)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				// Without the cache, the plan after the apply has a new token.
				Steps: []resource.TestStep{{Config: config, ExpectNonEmptyPlan: !on}},
			})
			logins := srv.Count(fakeapi.AuthPath)
			switch {
			case on && logins != 1:
				t.Errorf("%d logins with the cache on, want 1", logins)
			case !on && logins < 2:
				t.Errorf("%d logins with the cache off: each provider process should log in", logins)
			}
		})
	}
}

// A second plan of a configuration that reads the data-source token shows
// no changes: the token, its exp and expires_at come from the cache. Without
// the cache the token is new, and so is the output.
func TestAccTokenCache_secondPlanShowsNoChanges(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("cache=%v", on), func(t *testing.T) {
			// exp changes with every login only when time moves between them.
			now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
			srv, url := startAPI(t, fakeapi.Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
			config := cacheConfig(url, t.TempDir(), `output "token_hash" {
  value     = sha256(data.liquidcommerce_access_token.t.token)
  sensitive = true
}`)
			if !on {
				config = strings.Replace(config, "token_cache_dir", "# token_cache_dir", 1)
			}
			second := resource.TestStep{Config: config, PlanOnly: true}
			if !on {
				second.ExpectNonEmptyPlan = true
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{
					{Config: config, ExpectNonEmptyPlan: !on},
					second,
				},
			})
			if on && len(srv.Issued()) != 1 {
				t.Errorf("%d tokens issued with the cache on, want 1", len(srv.Issued()))
			}
		})
	}
}

// The cache's files: 0600 in a 0700 directory, and no API key, Orders user
// id or password in any name or content, though both credentials are cached.
func TestAccTokenCache_filesAndModes(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	dir := filepath.Join(t.TempDir(), "cache")
	t.Setenv(provider.EnvTokenCacheDir, dir)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_access_token" "t" {}
data "liquidcommerce_orders_access_token" "o" {}
`,
		}},
	})
	if a, o := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath); a != 1 || o != 1 {
		t.Errorf("%d API-key and %d Orders logins, want 1 each", a, o)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
	}
	files, _ := os.ReadDir(dir)
	if len(cacheEntries(t, dir)) != 2 {
		t.Errorf("%d entries, want 2 (access token and Orders token)", len(cacheEntries(t, dir)))
	}
	for _, f := range files {
		info, _ := f.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f.Name(), info.Mode().Perm())
		}
		b, _ := os.ReadFile(filepath.Join(dir, f.Name()))
		for _, secret := range []string{testAPIKey, testOrdersUser, testOrdersPassword} {
			if strings.Contains(f.Name(), secret) || strings.Contains(string(b), secret) {
				t.Errorf("%s holds a credential", f.Name())
			}
		}
	}
}

// Every entry overwritten with garbage: the run passes, with a new login,
// and the entry is whole again.
func TestAccTokenCache_garbageEntries(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	config := cacheConfig(url, dir)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				PreConfig: func() {
					for name := range cacheEntries(t, dir) {
						if err := os.WriteFile(filepath.Join(dir, name), []byte("\x00garbage{"), 0o600); err != nil {
							t.Fatal(err)
						}
					}
				},
			},
		},
	})
	if n := srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins, want 2: one before the garbage, one after", n)
	}
	if got := cacheEntries(t, dir); len(got) != 1 {
		t.Errorf("entries after the run: %d, want 1 whole entry", len(got))
	}
}

// A directory that group or others can write to is refused, with an error
// that names it and the fix, and the provider leaves its mode alone.
func TestAccTokenCache_refusesAWritableDirectory(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	for _, mode := range []os.FileMode{0o777, 0o770, 0o702} {
		t.Run(mode.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shared")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, mode); err != nil {
				t.Fatal(err)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      cacheConfig(url, dir),
					ExpectError: regexp.MustCompile(`(?s)Unusable token_cache_dir.*` + regexp.QuoteMeta(dir) + `.*chmod go-w`),
				}},
			})
			if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != mode {
				t.Errorf("mode after the run: %v (%v), want %v unchanged", fi.Mode().Perm(), err, mode)
			}
		})
	}
	t.Run("from the environment", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "shared")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		t.Setenv(provider.EnvTokenCacheDir, dir)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      providerBlock(url) + "data \"liquidcommerce_access_token\" \"t\" {}\n",
				ExpectError: regexp.MustCompile(`(?s)Unusable ` + provider.EnvTokenCacheDir + `.*` + regexp.QuoteMeta(dir)),
			}},
		})
	})
}

// A read sent with the wrong credential (an Orders path with the access
// token) is refused; the provider logs in again, is refused again, and
// fails. The shared entry keeps the token other processes use, and the
// next run uses it without a login.
func TestAccTokenCache_wrongCredentialLeavesTheEntry(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	config := cacheConfig(url, dir)
	var before map[string]string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { before = cacheEntries(t, dir) },
				Config: config + `
data "liquidcommerce_api_request" "wrong" {
  path = "/orders/LC-1001"
}
`,
				ExpectError: regexp.MustCompile(`HTTP 401`),
			},
			{
				PreConfig: func() {
					after := cacheEntries(t, dir)
					if len(before) != 1 || fmt.Sprint(after) != fmt.Sprint(before) {
						t.Errorf("the entry changed after the wrong-credential read")
					}
				},
				Config: config,
			},
		},
	})
	issued := srv.Issued()
	if n := len(cacheEntries(t, dir)); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
	for _, tok := range cacheEntries(t, dir) {
		if len(issued) == 0 || tok != issued[0] {
			t.Errorf("the entry holds another token than the first login's")
		}
	}
	if !srv.Valid(issued[0]) {
		t.Error("the first token is no longer valid")
	}
}

// A failed login leaves a marker: a run that starts a moment later fails at
// once with the recorded failure, without a login of its own.
func TestAccTokenCache_failedLoginIsHonoured(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	config := providerBlock(url, fmt.Sprintf("token_cache_dir = %q", dir), "max_retries = 0") +
		"data \"liquidcommerce_access_token\" \"t\" {}\n"
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, RetryAfter: "60"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: regexp.MustCompile(`503`)},
			{Config: config, ExpectError: errorPattern("LiquidCommerce Login Failed in Another Process", dir, "503")},
		},
	})
	if n := srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1: the second run honors the first one's failure", n)
	}
}

// A failed login's marker, honored by a run whose token cache comes from
// the environment variable: the error names the variable, which is what to
// unset or change, not token_cache_dir.
func TestAccTokenCache_failedLoginNamesTheVariable(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	t.Setenv(provider.EnvTokenCacheDir, dir)
	config := providerBlock(url, "max_retries = 0") + "data \"liquidcommerce_access_token\" \"t\" {}\n"
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, RetryAfter: "60"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: regexp.MustCompile(`503`)},
			{Config: config, ExpectError: regexp.MustCompile(`(?s)Login Failed in Another Process.*` + regexp.QuoteMeta(dir) +
				`\s+\(` + provider.EnvTokenCacheDir + `\)`)},
		},
	})
}

// A token the API hands back in an auth object replaces the entry: the
// cached token is then the adopted one, and the next run uses it.
func TestAccTokenCache_adoptedTokenIsWrittenBack(t *testing.T) {
	// A 20s token whose login answer takes 8s arrives inside the refresh
	// window (three quarters of its lifetime), so the first request asks for
	// a new one (as in TestAccAPIRequest_refreshAndAuthAdoption).
	srv, url := startAPI(t, fakeapi.Options{TokenLifetime: 20 * time.Second})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 8 * time.Second})
	dir := t.TempDir()
	config := providerBlock(url, fmt.Sprintf("token_cache_dir = %q", dir)) + `
data "liquidcommerce_api_request" "echo" {
  path   = "/test/echo"
  method = "POST"
  body   = jsonencode({ hello = "world" })
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: config}},
	})
	issued := srv.Issued()
	if srv.Count(fakeapi.AuthPath) != 1 || len(issued) < 2 {
		t.Fatalf("%d logins and %d tokens issued; want 1 login and a token from auth", srv.Count(fakeapi.AuthPath), len(issued))
	}
	if n := len(cacheEntries(t, dir)); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
	for _, tok := range cacheEntries(t, dir) {
		if tok != issued[len(issued)-1] {
			t.Error("the entry does not hold the last token the API handed back")
		}
	}
}

// A cached token the API has revoked is refused; the provider logs in
// again, and once the new token has served the refused request it replaces
// the entry, so the run after uses it without a login.
func TestAccTokenCache_revokedTokenIsReplaced(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	// The token is read after the request that finds the cached one
	// revoked; read before, it would be the revoked one, until the next plan.
	config := providerBlock(url, fmt.Sprintf("token_cache_dir = %q", dir)) + `
data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}

data "liquidcommerce_access_token" "t" {
  depends_on = [data.liquidcommerce_api_request.search]
}

output "expires_at" {
  value = data.liquidcommerce_access_token.t.expires_at
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: func() { srv.Revoke(srv.Issued()[0]) }, Config: config},
		},
	})
	issued := srv.Issued()
	if n := srv.Count(fakeapi.AuthPath); n != 2 || len(issued) != 2 {
		t.Fatalf("%d logins, %d tokens; want 2: one before the revocation, one after", n, len(issued))
	}
	if n := len(cacheEntries(t, dir)); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
	for _, tok := range cacheEntries(t, dir) {
		if tok != issued[1] {
			t.Error("the entry does not hold the token that replaced the revoked one")
		}
	}
}

// A read with a request_timeout of its own that its login cannot meet fails
// alone: it leaves no marker, and the next run, with the provider's limits,
// logs in.
func TestAccTokenCache_ownTimeoutLeavesNoMarker(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	dir := t.TempDir()
	base := providerBlock(url, fmt.Sprintf("token_cache_dir = %q", dir), "max_retries = 1")
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 500 * time.Millisecond, Times: 100})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: base + `
data "liquidcommerce_api_request" "fast" {
  path            = "/test/echo"
  request_timeout = "50ms"
}
`, ExpectError: regexp.MustCompile(`Timed Out`)},
			{Config: base + "data \"liquidcommerce_access_token\" \"t\" {}\n"},
		},
	})
}

// A path that can never hold the cache fails the configuration, naming the
// path, the reason and the setting it came from: a file, /dev/null, a path
// under a file, one this user may not create. Each used to leave the cache
// off with a warning only TF_LOG=WARN showed.
func TestAccTokenCache_refusesAPathItCannotUse(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	file := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(file, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, dir, reason string }{
		{"a regular file", file, "is not a directory"},
		{"/dev/null", os.DevNull, "is not a directory"},
		{"under a file", filepath.Join(file, "cache"), "is not a directory"},
	}
	// Under /sys, even root may not create a directory on the machines
	// this runs on; elsewhere the case has nothing to show.
	if err := os.Mkdir("/sys/liquidcommerce-token-cache", 0o700); errors.Is(err, fs.ErrPermission) {
		cases = append(cases, struct{ name, dir, reason string }{"not permitted", "/sys/liquidcommerce-token-cache",
			"permission denied"})
	} else {
		t.Logf("no permission case: creating a directory under /sys gave %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: cacheConfig(url, tc.dir),
					ExpectError: regexp.MustCompile(`(?s)Unusable token_cache_dir.*` + regexp.QuoteMeta(tc.dir) + `\s.*` +
						words(tc.reason) + `.*unset\s+token_cache_dir`),
				}},
			})
		})
	}
	t.Run("from the environment", func(t *testing.T) {
		t.Setenv(provider.EnvTokenCacheDir, file)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: providerBlock(url) + "data \"liquidcommerce_access_token\" \"t\" {}\n",
				ExpectError: regexp.MustCompile(`(?s)Unusable ` + provider.EnvTokenCacheDir + `.*` + regexp.QuoteMeta(file) +
					`\s+is\s+not\s+a\s+directory.*unset\s+the\s+` + provider.EnvTokenCacheDir),
			}},
		})
	})
	if b, err := os.ReadFile(file); err != nil || string(b) != "not a directory" {
		t.Errorf("the file named was changed: %q, %v", b, err)
	}
}

// words matches a phrase however the CLI wraps its lines.
func words(phrase string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(phrase)), `\s+`)
}
