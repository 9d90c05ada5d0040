package provider_test

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccLive_accessToken runs against the real API when
// LIQUIDCOMMERCE_API_KEY is set (and LIQUIDCOMMERCE_BASE_URL, if not
// production); it skips otherwise.
func TestAccLive_accessToken(t *testing.T) {
	if os.Getenv("LIQUIDCOMMERCE_API_KEY") == "" {
		t.Skip("LIQUIDCOMMERCE_API_KEY is not set: skipping the test against the real API")
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "live" {}

data "liquidcommerce_access_token" "live" {}
` + echoConfig("ephemeral.liquidcommerce_access_token.live"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("type"), knownvalue.StringExact("ACCESS_TOKEN")),
				statecheck.ExpectKnownValue("data.liquidcommerce_access_token.live", tfjsonpath.New("type"), knownvalue.StringExact("ACCESS_TOKEN")),
			},
		}},
	})
}
