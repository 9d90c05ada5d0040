package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

const testAPIKey = "lc_acc_key_5e4d3c2b1a09"

// TestMain gives the CLI under test a configuration of its own: the
// environment may point TF_CLI_CONFIG_FILE at a file that does not exist, and
// no CLI should phone home.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "liquidcommerce-acc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cfg, []byte("disable_checkpoint = true\n"), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// factories serves this provider and the echo provider in-process.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"liquidcommerce": providerserver.NewProtocol6WithError(provider.New("test")()),
		"echo":           echoprovider.NewProviderServer(),
	}
}

// startAPI runs a fake LiquidCommerce API for one test.
func startAPI(t *testing.T, opts fakeapi.Options) (*fakeapi.Server, string) {
	t.Helper()
	if opts.Keys == nil {
		opts.Keys = []string{testAPIKey}
	}
	srv := fakeapi.New(opts)
	url, stop := srv.Start()
	t.Cleanup(stop)
	return srv, url
}

// providerBlock configures the provider against url with the test key.
func providerBlock(url string, extra ...string) string {
	return fmt.Sprintf(`
provider "liquidcommerce" {
  api_key  = %q
  base_url = %q
  %s
}
`, testAPIKey, url, strings.Join(extra, "\n  "))
}
