package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// Every page of a month's orders reaches the state as summaries, in
// ceil(n/100) calls per read, with no personal data; max_results stops
// early, and the plan shows the max_results used.
func TestAccOrders_everyPage(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{OrderCount: 250})
	var instances atomic.Int64
	noState, noPlan := noPersonalData()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: countingFactories(&instances),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_orders" "november" {
  start_date = "2026-11-01"
  end_date   = "2026-11-30"
}

output "count" {
  value = length(data.liquidcommerce_orders.november.orders)
}

output "delivered" {
  value = length([for o in data.liquidcommerce_orders.november.orders : o if o.status == "delivered"])
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noPlan},
			ConfigStateChecks: append(noState,
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(250)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.november", tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.november", tfjsonpath.New("complete"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.november", tfjsonpath.New("max_results"),
					knownvalue.Int64Exact(1000)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.november",
					tfjsonpath.New("orders").AtSliceIndex(0).AtMapKey("reference_id"), knownvalue.StringExact("LC-1005")),
				sortedByCreation{address: "data.liquidcommerce_orders.november"},
			),
		}},
	})
	// Each read is 3 calls; the CLI commands that read it make it a
	// multiple of 3.
	if n := srv.Count(fakeapi.OrdersPath); n == 0 || n%3 != 0 {
		t.Errorf("%d list calls, want a multiple of 3 (250 orders in pages of 100)", n)
	}
}

// max_results stops the paging early.
func TestAccOrders_maxResultsStopsEarly(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{OrderCount: 250})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_orders" "some" {
  start_date  = "2026-11-01T00:00:00Z"
  end_date    = "2026-12-01T00:00:00Z"
  max_results = 120
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.some", tfjsonpath.New("orders"), lengthIs(120)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.some", tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
			},
		}},
	})
	if n := srv.Count(fakeapi.OrdersPath); n == 0 || n%2 != 0 {
		t.Errorf("%d list calls, want a multiple of 2 (120 orders in pages of 100)", n)
	}
}

// Each validation error names its attribute, before any request.
func TestAccOrders_validation(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	read := func(start, end, extra string) string {
		return ordersProviderBlock(url) + fmt.Sprintf(`
data "liquidcommerce_orders" "o" {
  start_date = %q
  end_date   = %q
  %s
}
`, start, end, extra)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: read("2026-11-02", "2026-11-01", ""), ExpectError: errorPattern("Dates Out of Order", "end_date")},
			{Config: read("2026-11-01", "November", ""), ExpectError: errorPattern("Invalid Date", "end_date")},
			{Config: read("2026-11-01", "2026-11-02", "max_results = 10001"), ExpectError: errorPattern("max_results",
				"10000")},
			{Config: read("2026-11-01", "2026-11-02", "max_results = 1.5"), ExpectError: errorPattern(
				"max_results must be a whole number from 1 to 10000, got 1.5")},
		},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// The ephemeral orders, filtered by a customer's email, feed a provisioner,
// and nothing of them reaches the state.
func TestAccOrdersEphemeral_feedsAProvisioner(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	out := filepath.Join(t.TempDir(), "orders.txt")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + fmt.Sprintf(`
ephemeral "liquidcommerce_orders" "ada" {
  start_date     = "2026-11-01"
  end_date       = "2026-11-30"
  customer_email = "ada@example.com"
}

resource "terraform_data" "report" {
  provisioner "local-exec" {
    command = "printf '%%s' \"$IDS\" > %s"
    environment = {
      IDS = join(",", [for o in ephemeral.liquidcommerce_orders.ada.orders : o.reference_id])
    }
  }
}
`, out),
			ConfigStateChecks: []statecheck.StateCheck{
				noTextInState{text: "LC-1001"}, noTextInState{text: "ada@example.com"},
			},
		}},
	})
	if got, err := os.ReadFile(out); err != nil || string(got) != "LC-1001,LC-1003" {
		t.Errorf("the provisioner wrote %q (%v), want LC-1001,LC-1003", got, err)
	}
	for _, r := range srv.Requests(fakeapi.OrdersPath) {
		if r.Query.Get("customerEmail") != "ada@example.com" {
			t.Errorf("a page was asked without the email: %v", r.Query)
		}
	}
}
