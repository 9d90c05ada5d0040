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
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

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
	// A token given in the developer's environment would stand in for every
	// test's login.
	os.Unsetenv(provider.EnvAccessToken)
	os.Unsetenv(provider.EnvOrdersAccessToken)
	// So would a token cache of the developer's, and tests that use one
	// give their own.
	os.Unsetenv(provider.EnvTokenCacheDir)
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

// An empty attribute, as a variable's empty default gives, leaves each
// setting to its environment variable.
func TestAccProvider_emptyAttributesLeaveTheEnvironment(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	setProviderEnv(t, map[string]string{
		"LIQUIDCOMMERCE_API_KEY": testAPIKey, "LIQUIDCOMMERCE_BASE_URL": url,
		"LIQUIDCOMMERCE_ORDERS_USER_ID": testOrdersUser, "LIQUIDCOMMERCE_ORDERS_PASSWORD": testOrdersPassword,
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
variable "api_key" {
  type      = string
  default   = ""
  sensitive = true
}

variable "orders_user_id" {
  type    = string
  default = ""
}

variable "orders_password" {
  type      = string
  default   = ""
  sensitive = true
}

variable "base_url" {
  type    = string
  default = ""
}

provider "liquidcommerce" {
  api_key         = var.api_key
  orders_user_id  = var.orders_user_id
  orders_password = var.orders_password
  base_url        = var.base_url
  request_timeout = ""
}

data "liquidcommerce_access_token" "api" {}

data "liquidcommerce_orders_access_token" "orders" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				issuedToken{srv: srv, address: "data.liquidcommerce_access_token.api"},
				issuedToken{srv: srv, address: "data.liquidcommerce_orders_access_token.orders", wantType: "ORDER_API"},
			},
		}},
	})
}
