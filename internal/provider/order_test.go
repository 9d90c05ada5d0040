package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// An order's typed values reach the state, exact and usable as they are,
// and none of its personal data does.
func TestAccOrder_typedValuesInState(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	noState, noPlan := noPersonalData()
	order := "data.liquidcommerce_order.o"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_order" "o" {
  id = "LC-1001"
}

output "next_total" {
  value = data.liquidcommerce_order.o.amounts.total + 1
}

output "upcs" {
  value = [for i in data.liquidcommerce_order.o.items : i.upc]
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noPlan},
			ConfigStateChecks: append(noState,
				statecheck.ExpectKnownValue(order, tfjsonpath.New("reference_id"), knownvalue.StringExact("LC-1001")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("status"), knownvalue.StringExact("delivered")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("api_status"), knownvalue.StringExact("delivered")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("legacy_order_number"),
					knownvalue.StringExact("9007199254740993")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("retailers").AtSliceIndex(0).AtMapKey("fulfillments").
					AtSliceIndex(0).AtMapKey("updated_at"), knownvalue.StringExact("2026-11-04T12:15:00Z")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-11-02T10:15:00Z")),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("amounts").AtMapKey("total"), knownvalue.Int64Exact(6048)),
				statecheck.ExpectKnownValue(order, tfjsonpath.New("amounts").AtMapKey("subtotal"), knownvalue.Int64Exact(5499)),
				statecheck.ExpectKnownOutputValue("next_total", knownvalue.Int64Exact(6049)),
				statecheck.ExpectKnownOutputValue("upcs", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("00000000000017")})),
			),
		}},
	})
	if n := srv.Count("/orders/LC-1001"); n == 0 {
		t.Fatal("the order was not read")
	}
	if n := srv.Count(fakeapi.AuthPath); n != 0 {
		t.Errorf("%d API-key logins for an order, want none: orders use the Orders credentials", n)
	}
}

// An order without a top-level status takes its status from its
// fulfillments; a legacy order number with letters or leading zeros finds
// its order and comes back exact; lists come sorted by id.
func TestAccOrder_fulfillmentStatusAndLegacyNumber(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_order" "timeline" {
  id = "LC-1004"
}

data "liquidcommerce_order" "legacy" {
  id = "R482913075"
}

data "liquidcommerce_order" "zeros" {
  id = "0004829130"
}

output "retailer_ids" {
  value = [for r in data.liquidcommerce_order.timeline.retailers : r.id]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.liquidcommerce_order.timeline", tfjsonpath.New("status"),
					knownvalue.StringExact("delivered")),
				statecheck.ExpectKnownValue("data.liquidcommerce_order.timeline", tfjsonpath.New("api_status"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.liquidcommerce_order.legacy", tfjsonpath.New("reference_id"),
					knownvalue.StringExact("LC-1002")),
				statecheck.ExpectKnownValue("data.liquidcommerce_order.legacy", tfjsonpath.New("legacy_order_number"),
					knownvalue.StringExact("R482913075")),
				statecheck.ExpectKnownValue("data.liquidcommerce_order.zeros", tfjsonpath.New("legacy_order_number"),
					knownvalue.StringExact("0004829130")),
				statecheck.ExpectKnownValue("data.liquidcommerce_order.zeros", tfjsonpath.New("status"),
					knownvalue.StringExact("inTransit")),
				sortedOutput{name: "retailer_ids"},
			},
		}},
	})
}

// A missing order is an error with the API's message and request id, and
// the way to check for absence; a bad id is a validation error, with no
// request.
func TestAccOrder_notFoundAndInvalidID(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      ordersProviderBlock(url) + `data "liquidcommerce_order" "o" { id = "LC/1" }`,
				ExpectError: errorPattern("Invalid Order id", `"LC/1"`, "Nothing was sent"),
			},
			{
				Config: ordersProviderBlock(url) + `data "liquidcommerce_order" "o" { id = "LC-9999" }`,
				ExpectError: errorPattern("LiquidCommerce Order Not Found", "HTTP 404", "Order not found",
					"accept_status = [404]", "Request ID for LiquidCommerce support"),
			},
		},
	})
	for _, r := range srv.Requests("") {
		if r.Path != fakeapi.OrdersAuthPath && r.Path != "/orders/LC-9999" {
			t.Errorf("unexpected request to %s", r.Path)
		}
	}
}

// The ephemeral order feeds a provisioner, and nothing of it reaches the
// state.
func TestAccOrderEphemeral_feedsAProvisioner(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	out := filepath.Join(t.TempDir(), "status.txt")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + fmt.Sprintf(`
ephemeral "liquidcommerce_order" "o" {
  id = "LC-1002"
}

resource "terraform_data" "report" {
  provisioner "local-exec" {
    command = "printf '%%s %%s' \"$STATUS\" \"$TOTAL\" > %s"
    environment = {
      STATUS = ephemeral.liquidcommerce_order.o.status
      TOTAL  = ephemeral.liquidcommerce_order.o.amounts.total
    }
  }
}
`, out),
			ConfigStateChecks: []statecheck.StateCheck{
				noTextInState{text: "processing"}, noTextInState{text: "14135"}, noTextInState{text: "LC-1002"},
			},
		}},
	})
	got, err := os.ReadFile(out)
	if err != nil || string(got) != "processing 14135" {
		t.Errorf("the provisioner wrote %q (%v), want %q", got, err, "processing 14135")
	}
}

// sortedOutput checks that an output is a list of at least two strings in
// ascending order.
type sortedOutput struct{ name string }

func (c sortedOutput) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.Outputs[c.name] == nil {
		resp.Error = fmt.Errorf("no output %s", c.name)
		return
	}
	list, ok := req.State.Values.Outputs[c.name].Value.([]any)
	if !ok || len(list) < 2 {
		resp.Error = fmt.Errorf("output %s is %v, want a list of at least two", c.name, req.State.Values.Outputs[c.name].Value)
		return
	}
	if !slices.IsSortedFunc(list, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) }) {
		resp.Error = fmt.Errorf("output %s is %v, not sorted", c.name, list)
	}
}

// lengthIs checks a list's length.
func lengthIs(n int) knownvalue.Check {
	checks := make([]knownvalue.Check, n)
	for i := range checks {
		checks[i] = knownvalue.NotNull()
	}
	return knownvalue.ListExact(checks)
}

// sortedByCreation checks that a liquidcommerce_orders list is sorted by
// created_at, then reference_id.
type sortedByCreation struct{ address string }

func (c sortedByCreation) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	vals, err := resourceValues(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	orders, _ := vals["orders"].([]any)
	keys := make([]string, len(orders))
	for i, o := range orders {
		m, _ := o.(map[string]any)
		keys[i] = fmt.Sprint(m["created_at"], " ", m["reference_id"])
	}
	if len(keys) < 2 || !slices.IsSorted(keys) {
		resp.Error = fmt.Errorf("%s.orders is not sorted by created_at, then reference_id: %v", c.address, keys)
	}
}

// The status checks of the guides hold on every kind of order the fake
// serves, a mix that gives a null status among them: each order read by
// its referenceId or legacy number has the status of its row in the list,
// and a null-safe comparison never fails the plan.
func TestAccOrder_statusChecksHoldOnEveryOrder(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{OrderCount: 30})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_orders" "all" {
  start_date = "2026-11-01"
  end_date   = "2026-11-30"
}

locals {
  rows = { for o in data.liquidcommerce_orders.all.orders : (o.reference_id != null ? o.reference_id : o.legacy_order_number) => o }
  ids  = sort(keys(local.rows))
}

data "liquidcommerce_order" "each" {
  count = length(local.ids)
  id    = local.ids[count.index]
}

output "statuses" {
  value = sort(distinct([for o in data.liquidcommerce_order.each : coalesce(o.status, "null")]))
}

output "same_as_rows" {
  value = alltrue([for i, o in data.liquidcommerce_order.each : o.status == local.rows[local.ids[i]].status])
}

# The guides' null-safe check, on every order.
output "delivered_agree" {
  value = length([for o in data.liquidcommerce_order.each : o if coalesce(o.status, "unknown") == "delivered"]) == length(
    [for o in data.liquidcommerce_orders.all.orders : o if coalesce(o.status, "unknown") == "delivered"])
}

output "without_reference_id" {
  value = length([for o in data.liquidcommerce_order.each : o if o.reference_id == null])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("statuses", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("canceled"), knownvalue.StringExact("created"), knownvalue.StringExact("delivered"),
					knownvalue.StringExact("inTransit"), knownvalue.StringExact("null"), knownvalue.StringExact("processing"),
					knownvalue.StringExact("test"),
				})),
				statecheck.ExpectKnownOutputValue("same_as_rows", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("delivered_agree", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("without_reference_id", knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.liquidcommerce_orders.all", tfjsonpath.New("complete"), knownvalue.Bool(true)),
			},
		}},
	})
}
