package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// absentOrder reads an order that does not exist, with extra settings.
func absentOrder(extra string) string {
	return `
data "liquidcommerce_api_request" "absent" {
  path                   = "/orders/LC-9999"
  credentials            = "orders"
  response_export_values = { message = "message" }
  ` + extra + `
}

check "order_is_absent" {
  assert {
    condition     = data.liquidcommerce_api_request.absent.status_code == 404
    error_message = "order LC-9999 exists"
  }
}
`
}

// With accept_status = [404], an absent order is a result: status_code 404,
// the exports filled from the API's answer, and the run succeeds. Without
// it, the same read fails as it always has.
func TestAccAPIRequest_acceptStatus(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      ordersProviderBlock(url) + absentOrder(""),
				ExpectError: errorPattern("LiquidCommerce API Error", "HTTP 404", "Order not found"),
			},
			{
				Config: ordersProviderBlock(url) + absentOrder("accept_status = [404]"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.liquidcommerce_api_request.absent", tfjsonpath.New("status_code"),
						knownvalue.Int64Exact(404)),
					statecheck.ExpectKnownValue("data.liquidcommerce_api_request.absent", tfjsonpath.New("output"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"message": knownvalue.StringExact("Order not found")})),
					statecheck.ExpectKnownValue("data.liquidcommerce_api_request.absent", tfjsonpath.New("request_id"),
						knownvalue.StringRegexp(regexp.MustCompile(`^reqid_`))),
				},
			},
		},
	})
	if srv.Count("/orders/LC-9999") == 0 {
		t.Fatal("the order was not read")
	}
}

// A proxy's HTML 404 page is not the API's answer: with 404 accepted it
// stays an error, so a wrong base_url never reads as "absent".
func TestAccAPIRequest_acceptStatusNeedsTheAPIsAnswer(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: "/orders/LC-9999", Status: 404, Body: fakeapi.BodyHTML, Times: 100})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      ordersProviderBlock(url) + absentOrder("accept_status = [404]"),
			ExpectError: errorPattern("Unexpected Response From LiquidCommerce API", "HTTP 404"),
		}},
	})
}

// Statuses the provider handles itself cannot be accepted: a validation
// error, before any request.
func TestAccAPIRequest_acceptStatusRefusesWhatTheClientHandles(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      ordersProviderBlock(url) + absentOrder("accept_status = [404, 503]"),
			ExpectError: errorPattern("Invalid accept_status", "503", "Nothing was sent"),
		}},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// A read's own max_retries = 0 makes one call against a 503, whatever the
// provider's max_retries, and says so.
func TestAccAPIRequest_failFastRead(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 503, Times: 100})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "max_retries = 4") + `
data "liquidcommerce_api_request" "health" {
  path            = "/catalog/search"
  method          = "POST"
  body            = jsonencode({ search = "gin" })
  max_retries     = 0
  request_timeout = "5s"
}
`,
			ExpectError: errorPattern("LiquidCommerce API Unavailable", "HTTP 503"),
		}},
	})
	if n := srv.Count(fakeapi.CatalogSearchPath); n != 1 {
		t.Errorf("%d calls against the 503, want 1", n)
	}
}

// When the whole API is down, a fail-fast read makes one request in all:
// the login it starts has its limits too.
func TestAccAPIRequest_failFastWhenAllIsDown(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Status: 503, Times: 1000})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_api_request" "health" {
  path        = "/catalog/search"
  method      = "POST"
  body        = jsonencode({ search = "gin" })
  max_retries = 0
}
`,
			ExpectError: errorPattern("LiquidCommerce API Unavailable", "GET /authentication with HTTP 503"),
		}},
	})
	if n := srv.Count(""); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// A read's own request_timeout bounds each of its attempts, and the error
// names it, not the provider's; with no retries, a read that times out says
// so, not that it outlasted its bound (which is then the same time).
func TestAccAPIRequest_readTimeout(t *testing.T) {
	for _, tc := range []struct {
		retries   int
		want      string
		wantCalls int // 0: not counted
	}{
		{1, "within request_timeout (300ms)", 2},
		{0, "within request_timeout (300ms), with no retries", 0},
	} {
		srv, url := startOrdersAPI(t, fakeapi.Options{})
		srv.Inject(fakeapi.Fault{Path: "/orders/LC-1001", Delay: 5 * time.Second, Times: 100})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: ordersProviderBlock(url) + fmt.Sprintf(`
data "liquidcommerce_api_request" "slow" {
  path            = "/orders/LC-1001"
  credentials     = "orders"
  max_retries     = %d
  request_timeout = "300ms"
}
`, tc.retries),
				ExpectError: errorPattern("LiquidCommerce API Request Timed Out", tc.want),
			}},
		})
		if n := srv.Count("/orders/LC-1001"); tc.wantCalls > 0 && n != tc.wantCalls {
			t.Errorf("max_retries = %d: %d calls, want %d: the GET and its retries", tc.retries, n, tc.wantCalls)
		}
	}
}
