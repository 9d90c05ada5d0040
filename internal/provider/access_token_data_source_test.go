package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

func TestAccAccessTokenDataSource_matchesIssuedToken(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_access_token" "test" {
  min_validity = "1h"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				issuedToken{srv: srv, address: "data.liquidcommerce_access_token.test"},
				statecheck.ExpectKnownValue("data.liquidcommerce_access_token.test", tfjsonpath.New("min_validity"), knownvalue.StringExact("1h")),
				statecheck.ExpectSensitiveValue("data.liquidcommerce_access_token.test", tfjsonpath.New("token")),
			},
		}},
	})
}

func TestAccAccessTokenDataSource_badKey(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "liquidcommerce" {
  api_key  = "lc_not_a_key"
  base_url = %q
}

data "liquidcommerce_access_token" "test" {}
`, url),
			ExpectError: errorPattern("LiquidCommerce API Key Rejected", "API Key not found", "Request ID for LiquidCommerce support: reqid_"),
		}},
	})
	if n := srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins; a rejected key must not be retried", n)
	}
}

func TestAccAccessTokenDataSource_unknownProviderConfig(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}

provider "liquidcommerce" {
  api_key  = terraform_data.key.output
  base_url = %q
}

data "liquidcommerce_access_token" "test" {}
`, testAPIKey, url),
			ExpectError: errorPattern("LiquidCommerce Provider Configuration Not Known Yet", "api_key is only known after apply", "LIQUIDCOMMERCE_API_KEY"),
		}},
	})
}

func TestAccAccessTokenDataSource_serverErrorThenSuccess(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503}, fakeapi.Fault{Path: fakeapi.AuthPath, Status: 502})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_access_token" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "data.liquidcommerce_access_token.test"}},
		}},
	})
}

// An invalid or negative min_validity is rejected when the configuration is
// validated, with the attribute named, before any request.
func TestAccAccessToken_invalidMinValidity(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	for _, tc := range []struct{ value, want string }{
		{"-5m", "Duration Too Short"},
		{"soon", "Invalid Duration"},
		{"30", "Invalid Duration"},
	} {
		for _, kind := range []string{"data", "ephemeral"} {
			var checks []tfversion.TerraformVersionCheck
			if kind == "ephemeral" {
				checks = ephemeralVersions
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   checks,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: providerBlock(url) + fmt.Sprintf(`
%s "liquidcommerce_access_token" "test" {
  min_validity = %q
}`, kind, tc.value),
					ExpectError: errorPattern(tc.want, "min_validity", tc.value),
				}},
			})
		}
	}
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests for invalid configurations", n)
	}
}

// base_url of both token kinds is the provider's base URL as resolved: the
// attribute (its trailing slash dropped, a path prefix kept), else
// LIQUIDCOMMERCE_BASE_URL, else production. The data sources run on every
// CLI, the ephemeral resources where there are ephemeral resources.
func TestAccAccessToken_baseURL(t *testing.T) {
	const kinds = `
%[1]s "liquidcommerce_access_token" "test" {}

%[1]s "liquidcommerce_orders_access_token" "test" {}
`
	cases := []struct {
		name string
		// block configures the provider against the fake's URL; env, when
		// set, is what LIQUIDCOMMERCE_BASE_URL holds.
		block func(url string) string
		env   func(url string) map[string]string
		want  func(url string) string
	}{{
		name: "attribute",
		block: func(url string) string {
			return fmt.Sprintf(`
provider "liquidcommerce" {
  api_key         = %q
  orders_user_id  = %q
  orders_password = %q
  base_url        = "%s/"
}
`, testAPIKey, testOrdersUser, testOrdersPassword, url)
		},
		env:  func(string) map[string]string { return nil },
		want: func(url string) string { return url },
	}, {
		name:  "environment",
		block: func(string) string { return `provider "liquidcommerce" {}` },
		env: func(url string) map[string]string {
			return map[string]string{"LIQUIDCOMMERCE_API_KEY": testAPIKey, "LIQUIDCOMMERCE_BASE_URL": url,
				"LIQUIDCOMMERCE_ORDERS_USER_ID": testOrdersUser, "LIQUIDCOMMERCE_ORDERS_PASSWORD": testOrdersPassword}
		},
		want: func(url string) string { return url },
	}, {
		// Given tokens make no login, so production is never called.
		name:  "default",
		block: func(string) string { return `provider "liquidcommerce" {}` },
		env: func(string) map[string]string {
			return map[string]string{"LIQUIDCOMMERCE_ACCESS_TOKEN": "lc_given_0a1b2c", "LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN": "lc_given_3d4e5f"}
		},
		want: func(string) string { return "https://api.liquidcommerce.cloud" },
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{Prefix: "/api"})
			setProviderEnv(t, tc.env(url))
			want := knownvalue.StringExact(tc.want(url))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: tc.block(url) + fmt.Sprintf(kinds, "data"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.liquidcommerce_access_token.test", tfjsonpath.New("base_url"), want),
						statecheck.ExpectKnownValue("data.liquidcommerce_orders_access_token.test", tfjsonpath.New("base_url"), want),
					},
				}},
			})
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   ephemeralVersions,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: tc.block(url) + fmt.Sprintf(kinds, "ephemeral") + echoConfig(`{
    access = ephemeral.liquidcommerce_access_token.test.base_url
    orders = ephemeral.liquidcommerce_orders_access_token.test.base_url
  }`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
							"access": want, "orders": want,
						})),
					},
				}},
			})
			if tc.name == "default" && srv.Count("") != 0 {
				t.Errorf("%d requests reached the fake, which the configuration does not name", srv.Count(""))
			}
		})
	}
}
