package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// echoConfig passes an ephemeral value to the echo provider, whose echo
// resource stores it so the test can read it back.
func echoConfig(value string) string {
	return fmt.Sprintf(`
provider "echo" {
  data = %s
}

resource "echo" "test" {}
`, value)
}

func TestAccAccessTokenEphemeral_matchesIssuedToken(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
ephemeral "liquidcommerce_access_token" "test" {}
` + echoConfig("ephemeral.liquidcommerce_access_token.test"),
			ConfigStateChecks: []statecheck.StateCheck{
				issuedToken{srv: srv, address: "echo.test"},
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("min_validity"), knownvalue.Null()),
			},
		}},
	})
	if n := srv.Count(fakeapi.AuthPath); n == 0 {
		t.Error("the API saw no login")
	}
}

func TestAccAccessTokenEphemeral_notInStateOrPlan(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
ephemeral "liquidcommerce_access_token" "test" {
  min_validity = "10m"
}

# A managed resource that can only be created once the token was opened.
resource "terraform_data" "after" {
  input = "created"
  lifecycle {
    precondition {
      condition     = ephemeral.liquidcommerce_access_token.test.type == "ACCESS_TOKEN"
      error_message = "the ephemeral token was not opened"
    }
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{noIssuedTokenInPlan{srv: srv}},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				noIssuedTokenInState{srv: srv},
				statecheck.ExpectKnownValue("terraform_data.after", tfjsonpath.New("output"), knownvalue.StringExact("created")),
			},
		}},
	})
}

func TestAccAccessTokenEphemeral_manyInstancesOneToken(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
ephemeral "liquidcommerce_access_token" "many" {
  count = 5
}

data "liquidcommerce_access_token" "many" {
  count = 5
}
` + echoConfig("[for t in ephemeral.liquidcommerce_access_token.many : t.token]"),
			ConfigStateChecks: []statecheck.StateCheck{
				sameToken{addresses: []string{
					"data.liquidcommerce_access_token.many[0]", "data.liquidcommerce_access_token.many[1]",
					"data.liquidcommerce_access_token.many[2]", "data.liquidcommerce_access_token.many[3]",
					"data.liquidcommerce_access_token.many[4]",
				}},
				echoListSameIssuedToken{srv: srv, echo: "echo.test", want: 5},
			},
		}},
	})
}

func TestAccAccessTokenEphemeral_unknownProviderConfig(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	t.Cleanup(func() {
		if n := srv.Count(""); n != 0 {
			t.Errorf("%d requests made with an unknown configuration", n)
		}
	})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			// The key comes from a resource, so it is unknown while planning.
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}

provider "liquidcommerce" {
  api_key  = terraform_data.key.output
  base_url = %q
}

ephemeral "liquidcommerce_access_token" "test" {}
`, testAPIKey, url) + echoConfig("ephemeral.liquidcommerce_access_token.test"),
			ExpectError: errorPattern("LiquidCommerce Provider Configuration Not Known Yet",
				"api_key is only known after apply", "LIQUIDCOMMERCE_API_KEY", "terraform apply -target=<that resource>"),
		}},
	})
}

func TestAccAccessTokenEphemeral_errors(t *testing.T) {
	cases := []struct {
		name   string
		config func(url string) string
		faults []fakeapi.Fault
		want   []string
		// wantRequests is how many requests the API sees: the plan stops at
		// the first error, in one CLI process.
		wantRequests int
	}{
		{
			name: "bad key",
			config: func(url string) string {
				return fmt.Sprintf(`
provider "liquidcommerce" {
  api_key  = "lc_not_a_key"
  base_url = %q
}
`, url)
			},
			want:         []string{"LiquidCommerce API Key Rejected", "HTTP 400 (statusCode 5000): API Key not found", "Request ID for LiquidCommerce support: reqid_"},
			wantRequests: 1,
		},
		{
			name:         "malformed body",
			config:       func(url string) string { return providerBlock(url, "max_retries = 0") },
			faults:       []fakeapi.Fault{{Path: fakeapi.AuthPath, Body: fakeapi.BodyMalformed, Times: 100}},
			want:         []string{"Unexpected Response From LiquidCommerce API", "the body is not valid JSON", "Check that base_url points at the LiquidCommerce API"},
			wantRequests: 1,
		},
		{
			name:         "HTML page",
			config:       func(url string) string { return providerBlock(url) },
			faults:       []fakeapi.Fault{{Path: fakeapi.AuthPath, Body: fakeapi.BodyHTML, Times: 100}},
			want:         []string{"Unexpected Response From LiquidCommerce API", "the body is not a JSON object", "text/html"},
			wantRequests: 1,
		},
		{
			name:         "rate limited beyond max_retries",
			config:       func(url string) string { return providerBlock(url, "max_retries = 1") },
			faults:       []fakeapi.Fault{{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "0", Times: 100}},
			want:         []string{"LiquidCommerce API Rate Limit Reached", "HTTP 429", "after 2 attempts", "raise max_retries"},
			wantRequests: 2,
		},
		{
			name: "min_validity longer than the token lifetime",
			config: func(url string) string {
				return providerBlock(url)
			},
			want:         []string{"Token Lifetime Shorter Than min_validity", "min_validity asks for 48h0m0s"},
			wantRequests: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := startAPI(t, fakeapi.Options{})
			srv.Inject(tc.faults...)
			eph := `ephemeral "liquidcommerce_access_token" "test" {}`
			if tc.name == "min_validity longer than the token lifetime" {
				eph = `ephemeral "liquidcommerce_access_token" "test" {
  min_validity = "48h"
}`
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   ephemeralVersions,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      tc.config(url) + eph + echoConfig("ephemeral.liquidcommerce_access_token.test"),
					ExpectError: errorPattern(tc.want...),
				}},
			})
			if n := srv.Count(fakeapi.AuthPath); n != tc.wantRequests {
				t.Errorf("%d requests to /authentication, want %d", n, tc.wantRequests)
			}
		})
	}
}

func TestAccAccessTokenEphemeral_rateLimitedThenSuccess(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "1"})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
ephemeral "liquidcommerce_access_token" "test" {}
` + echoConfig("ephemeral.liquidcommerce_access_token.test"),
			ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "echo.test"}},
		}},
	})
	reqs := srv.Requests(fakeapi.AuthPath)
	if len(reqs) < 2 {
		t.Errorf("%d logins; the 429 was not retried", len(reqs))
	}
}

func TestAccAccessTokenEphemeral_missingKey(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	t.Setenv("LIQUIDCOMMERCE_API_KEY", "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "liquidcommerce" {
  base_url = %q
}

ephemeral "liquidcommerce_access_token" "test" {}
`, url) + echoConfig("ephemeral.liquidcommerce_access_token.test"),
			ExpectError: errorPattern("Missing LiquidCommerce API Key", "Set api_key in the provider \"liquidcommerce\" block, or set the LIQUIDCOMMERCE_API_KEY environment variable"),
		}},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests were made without a key", n)
	}
}

func TestAccAccessTokenEphemeral_environmentVariables(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{Prefix: "/api"})
	t.Setenv("LIQUIDCOMMERCE_API_KEY", testAPIKey)
	t.Setenv("LIQUIDCOMMERCE_BASE_URL", url)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "test" {}
` + echoConfig("ephemeral.liquidcommerce_access_token.test"),
			ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "echo.test"}},
		}},
	})
}

func TestAccProvider_invalidBaseURL(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
provider "liquidcommerce" {
  api_key  = "lc_any"
  base_url = "http://api.liquidcommerce.cloud"
}

data "liquidcommerce_access_token" "test" {}
`,
			ExpectError: errorPattern("Invalid LiquidCommerce Base URL", "must use https"),
		}},
	})
}
