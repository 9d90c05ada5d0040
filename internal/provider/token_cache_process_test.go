package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// These tests run the CLI and the built provider as real processes, as a
// user's machine does, since what they test is shared between processes:
// terraform-plugin-testing serves the provider in this process instead.

// processVersions picks the CLIs the multi-process tests run on: one
// Terraform and one OpenTofu of those `make test` runs, to keep the suite
// short. The cache itself does not depend on the CLI.
var processVersions = featureCheck{feature: "multi-process tests", terraform: "1.10.0", openTofu: "1.12.0", isOpenTofu: cliIsOpenTofu}

// processCLI returns the CLI to run, or skips the test: without TF_ACC, or
// on a CLI that processVersions leaves out.
func processCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	cli, err := exec.LookPath(cli)
	if err != nil {
		t.Fatalf("no CLI to run: %v", err)
	}
	v, err := cliVersion(cli)
	if err != nil {
		t.Fatal(err)
	}
	var resp tfversion.CheckTerraformVersionResponse
	processVersions.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
	if resp.Skip != "" {
		name := "Terraform"
		if processVersions.isOpenTofu() {
			name = "OpenTofu"
		}
		t.Skipf("%s %s: the multi-process tests run on Terraform %s or later and OpenTofu %s or later only, "+
			"to keep the suite short", name, v, processVersions.terraform, processVersions.openTofu)
	}
	return cli
}

// cliVersion asks the CLI for its version number; OpenTofu answers under
// the same JSON key as Terraform.
func cliVersion(cli string) (*version.Version, error) {
	cmd := exec.Command(cli, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w: %s", cli, err, out)
	}
	return version.NewVersion(v.Version)
}

// builtProvider builds the provider once per test binary run, into the
// directory TestMain made for the CLI configuration (which it removes after
// the run, and which the environment's TF_CLI_CONFIG_FILE names), and
// writes there a CLI configuration whose dev_overrides install that build:
// no `init` is needed. It returns the configuration's path.
var builtProvider = sync.OnceValues(func() (string, error) {
	dir := filepath.Dir(os.Getenv("TF_CLI_CONFIG_FILE"))
	if !strings.HasPrefix(filepath.Base(dir), "liquidcommerce-acc-") {
		return "", fmt.Errorf("TF_CLI_CONFIG_FILE is %q, not in TestMain's directory", os.Getenv("TF_CLI_CONFIG_FILE"))
	}
	bin := filepath.Join(dir, "provider")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-liquidcommerce"), ".")
	build.Dir = filepath.Join("..", "..") // the module root
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	rc := filepath.Join(dir, "dev-overrides.tfrc")
	text := fmt.Sprintf(`disable_checkpoint = true

provider_installation {
  dev_overrides {
    "registry.terraform.io/liquidcommerce/liquidcommerce" = %q
  }
  direct {}
}
`, bin)
	return rc, os.WriteFile(rc, []byte(text), 0o600)
})

// processEnv is this process's environment for a CLI run with the built
// provider: without the settings of the developer's shell that would change
// what a run does (every LIQUIDCOMMERCE_ variable, TF_DATA_DIR, TF_CLI_ARGS,
// a provider to reattach to, logging), plus extra.
func processEnv(rc string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "LIQUIDCOMMERCE_"), strings.HasPrefix(name, "TF_CLI_ARGS"),
			strings.HasPrefix(name, "TF_LOG"), name == "TF_DATA_DIR", name == "TF_WORKSPACE",
			name == "TF_REATTACH_PROVIDERS", name == "TF_CLI_CONFIG_FILE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, append([]string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}, extra...)...)
}

// concurrentPlans is the judge of the token cache: twenty plans
// started at once, in twenty directories, as a CI job's matrix or a
// wrapper such as Terragrunt starts them.
const concurrentPlans = 20

// planConfig reads a token and makes one API request through it.
func planConfig(url string) string {
	return `terraform {
  required_providers {
    liquidcommerce = {
      source = "registry.terraform.io/liquidcommerce/liquidcommerce"
    }
  }
}
` + providerBlock(url) + `
data "liquidcommerce_access_token" "t" {}

data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`
}

// planAll runs `plan` in every directory at once and fails the test for
// each plan that does not succeed.
func planAll(t *testing.T, cli string, env []string, dirs []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	errs, outs := make([]error, len(dirs)), make([]bytes.Buffer, len(dirs))
	var wg sync.WaitGroup
	for i, dir := range dirs {
		cmd := exec.CommandContext(ctx, cli, "plan", "-input=false", "-no-color")
		cmd.Dir, cmd.Env = dir, env
		cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
		cmd.WaitDelay = 10 * time.Second
		wg.Go(func() { errs[i] = cmd.Run() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("plan in %s: %v\n%s", dirs[i], err, outs[i].String())
		}
	}
}

// Twenty plans started at once in twenty directories make one login between
// them with a shared token cache, and twenty without: the cache is what
// makes the difference. The cache directory and its files are the user's
// alone, and none holds the API key.
func TestAccTokenCache_twentyConcurrentPlans(t *testing.T) {
	cli := processCLI(t)
	start := time.Now()
	rc, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("provider built in %s", time.Since(start).Round(time.Millisecond))

	for _, tc := range []struct {
		name       string
		cache      bool
		wantLogins int
	}{
		{"cache off", false, concurrentPlans},
		{"cache on", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := startAPI(t, fakeapi.Options{})
			work := t.TempDir()
			dirs := make([]string, concurrentPlans)
			for i := range dirs {
				dirs[i] = filepath.Join(work, fmt.Sprintf("plan-%02d", i))
				if err := os.Mkdir(dirs[i], 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dirs[i], "main.tf"), []byte(planConfig(url)), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			// The provider creates the cache directory: it does not exist yet.
			cacheDir := filepath.Join(work, "token-cache")
			var extra []string
			if tc.cache {
				extra = append(extra, provider.EnvTokenCacheDir+"="+cacheDir)
			}

			start := time.Now()
			planAll(t, cli, processEnv(rc, extra...), dirs)
			t.Logf("%d plans at once in %s", concurrentPlans, time.Since(start).Round(time.Millisecond))

			if got := srv.Count(fakeapi.AuthPath); got != tc.wantLogins {
				t.Errorf("%d logins, want %d", got, tc.wantLogins)
			}
			searches := srv.Requests(fakeapi.CatalogSearchPath)
			tokens := map[string]bool{}
			for _, r := range searches {
				tokens[r.Header.Get("Authorization")] = true
			}
			if len(searches) != concurrentPlans || len(tokens) != tc.wantLogins {
				t.Errorf("%d searches with %d tokens between them, want %d with %d", len(searches), len(tokens),
					concurrentPlans, tc.wantLogins)
			}
			if tc.cache {
				checkCacheFiles(t, cacheDir)
			} else if _, err := os.Stat(cacheDir); !os.IsNotExist(err) {
				t.Errorf("without the setting, the cache directory is there: %v", err)
			}
		})
	}
}

// checkCacheFiles holds dir to mode 0700 and its files to 0600, one entry
// (the API key's) beside the key file, and no file to the API key, in its
// name or its contents.
func checkCacheFiles(t *testing.T, dir string) {
	t.Helper()
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); !info.IsDir() || perm != 0o700 {
		t.Errorf("cache directory mode %v, want a directory of mode 0700", info.Mode())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want a file of mode 0600", e.Name(), info.Mode())
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(e.Name(), testAPIKey) || bytes.Contains(raw, []byte(testAPIKey)) {
			t.Errorf("%s holds the API key", e.Name())
		}
	}
	jsonEntries, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if _, err := os.Stat(filepath.Join(dir, "key")); err != nil || len(jsonEntries) != 1 {
		t.Errorf("cache directory holds %q, want the key file and one entry", names)
	}
}
