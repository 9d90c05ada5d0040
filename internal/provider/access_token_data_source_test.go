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
