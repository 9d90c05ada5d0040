package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

const (
	testOrdersUser     = "reports@example.com"
	testOrdersPassword = "orders-pw-7f6e5d"
)

// startOrdersAPI runs a fake API that knows the test Orders user.
func startOrdersAPI(t *testing.T, opts fakeapi.Options) (*fakeapi.Server, string) {
	t.Helper()
	opts.OrdersUsers = map[string]string{testOrdersUser: testOrdersPassword}
	return startAPI(t, opts)
}

// ordersProviderBlock configures both credentials.
func ordersProviderBlock(url string) string {
	return providerBlock(url, fmt.Sprintf("orders_user_id = %q", testOrdersUser), fmt.Sprintf("orders_password = %q", testOrdersPassword))
}

// Both published login answers, through both types: the token is the one
// the API issued, with the type as the API gave it. The data source runs on
// every CLI, the ephemeral resource where there are ephemeral resources.
func TestAccOrdersAccessToken_bothAnswerForms(t *testing.T) {
	for _, tc := range []struct {
		bare      bool
		ephemeral bool
	}{{false, false}, {true, false}, {false, true}, {true, true}} {
		t.Run(fmt.Sprintf("bare=%v/ephemeral=%v", tc.bare, tc.ephemeral), func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{OrdersBare: tc.bare})
			wantType := map[bool]string{false: "ORDER_API", true: "Bearer"}[tc.bare]
			early := map[bool]time.Duration{false: 0, true: time.Second}[tc.bare]
			config, address := `data "liquidcommerce_orders_access_token" "test" {}`, "data.liquidcommerce_orders_access_token.test"
			var checks []tfversion.TerraformVersionCheck
			if tc.ephemeral {
				config = `ephemeral "liquidcommerce_orders_access_token" "test" {}` +
					echoConfig("ephemeral.liquidcommerce_orders_access_token.test")
				address, checks = "echo.test", ephemeralVersions
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   checks,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:            ordersProviderBlock(url) + config,
					ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: address, wantType: wantType, expEarly: early}},
				}},
			})
			for _, r := range srv.Requests(fakeapi.OrdersAuthPath) {
				if r.Header.Get("Authorization") != fakeapi.BasicAuth(testOrdersUser, testOrdersPassword) || r.Header.Get("X-Liquid-Api-Key") != "" {
					t.Fatalf("login headers: Authorization %t, API key %t", r.Header.Get("Authorization") != "", r.Header.Get("X-Liquid-Api-Key") != "")
				}
			}
			if srv.Count(fakeapi.AuthPath) != 0 {
				t.Error("the Orders token cost an API-key login")
			}
		})
	}
}

// Without Orders credentials, the error names both attributes and both
// environment variables, and nothing is sent.
func TestAccOrdersAccessToken_missingCredentials(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	t.Setenv("LIQUIDCOMMERCE_ORDERS_USER_ID", "")
	t.Setenv("LIQUIDCOMMERCE_ORDERS_PASSWORD", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `data "liquidcommerce_orders_access_token" "test" {}`,
			ExpectError: errorPattern("Missing LiquidCommerce Orders API Credentials", "no request was made",
				"orders_user_id and orders_password", "LIQUIDCOMMERCE_ORDERS_USER_ID and LIQUIDCOMMERCE_ORDERS_PASSWORD"),
		}},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests without Orders credentials", n)
	}
}

// The environment variables supply the credentials; wrong ones are rejected
// with an error that says where each came from, and the password appears
// nowhere.
func TestAccOrdersAccessToken_environmentAndRejection(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	t.Setenv("LIQUIDCOMMERCE_ORDERS_USER_ID", testOrdersUser)
	t.Setenv("LIQUIDCOMMERCE_ORDERS_PASSWORD", testOrdersPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + `data "liquidcommerce_orders_access_token" "test" {}`,
				ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "data.liquidcommerce_orders_access_token.test", wantType: "ORDER_API"}},
			},
			{
				Config: providerBlock(url, `orders_password = "not-the-password"`) + `data "liquidcommerce_orders_access_token" "test" {}`,
				ExpectError: errorPattern("LiquidCommerce Orders API Credentials Rejected", "HTTP 401",
					"The Orders API user id from the LIQUIDCOMMERCE_ORDERS_USER_ID environment variable and "+
						"the password from orders_password in the provider block were rejected. orders_password "+
						"in the provider block wins over the LIQUIDCOMMERCE_ORDERS_PASSWORD environment variable, "+
						"which is also set.",
					"Request ID for LiquidCommerce support"),
			},
		},
	})
}

// An Orders password unknown at plan stops only the Orders types: the
// access token still works in the same configuration.
func TestAccOrdersAccessToken_unknownPasswordLeavesTheAPIKeyAlone(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "password" {
  input = %q
}

provider "liquidcommerce" {
  api_key         = %q
  base_url        = %q
  orders_user_id  = %q
  orders_password = terraform_data.password.output
}

data "liquidcommerce_access_token" "test" {}
`, testOrdersPassword, testAPIKey, url, testOrdersUser),
			ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "data.liquidcommerce_access_token.test"}},
		}},
	})
}

// Orders tokens live minutes; the default min_validity reuses one across
// instances, and an explicit one longer than the token fails with its expiry.
func TestAccOrdersAccessToken_shortLivedTokens(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: ordersProviderBlock(url) + `
data "liquidcommerce_orders_access_token" "many" {
  count = 5
}`,
				ConfigStateChecks: []statecheck.StateCheck{sameToken{addresses: []string{
					"data.liquidcommerce_orders_access_token.many[0]", "data.liquidcommerce_orders_access_token.many[4]",
				}}},
			},
			{
				Config: ordersProviderBlock(url) + `
data "liquidcommerce_orders_access_token" "many" {
  count        = 5
  min_validity = "30m"
}`,
				ExpectError: errorPattern("Token Lifetime Shorter Than min_validity", "expires at", "min_validity asks for 30m0s"),
			},
		},
	})
	if n := srv.Count(fakeapi.OrdersAuthPath); n > 6 {
		t.Errorf("%d Orders logins across two steps of 5 instances each", n)
	}
}

// Renew of the Orders token warns with the Orders token's name.
func TestProtocolOrdersTokenRenewWarns(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{OrdersUsers: map[string]string{testOrdersUser: testOrdersPassword}}, testAPIKey,
		map[string]tftypes.Value{
			"orders_user_id":  tftypes.NewValue(tftypes.String, testOrdersUser),
			"orders_password": tftypes.NewValue(tftypes.String, testOrdersPassword),
		})
	opened, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "liquidcommerce_orders_access_token", Config: dynamicValue(t, tokenType, nil),
	})
	if err != nil || diagError(opened.Diagnostics) != "" {
		t.Fatalf("open: %v %s", err, diagError(opened.Diagnostics))
	}
	if left := time.Until(opened.RenewAt); left > 10*time.Minute || left < 8*time.Minute {
		t.Errorf("RenewAt in %s, want about a minute before a 10m token expires", left)
	}
	renewed, err := e.server.RenewEphemeralResource(context.Background(), &tfprotov6.RenewEphemeralResourceRequest{
		TypeName: "liquidcommerce_orders_access_token", Private: opened.Private,
	})
	if err != nil || len(renewed.Diagnostics) != 1 || !strings.Contains(renewed.Diagnostics[0].Summary, "Orders API Token About to Expire") {
		t.Fatalf("renew: %v %+v", err, renewed.Diagnostics)
	}
}
