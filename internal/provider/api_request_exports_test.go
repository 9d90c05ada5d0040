package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// orderExports reads order LC-1001 into state through exports only.
const orderExports = `
data "liquidcommerce_api_request" "order" {
  path        = "/orders/LC-1001"
  credentials = "orders"
  response_export_values = {
    status  = "data.status"
    total   = "data.amounts.total"
    upcs    = "data.items[*].product.upc"
    legacy  = "data.legacyOrderNumber"
    missing = "data.nothing"
  }
}

output "next_total" {
  value = data.liquidcommerce_api_request.order.output.total + 1
}

output "upc_count" {
  value = length(data.liquidcommerce_api_request.order.output.upcs)
}

output "is_delivered" {
  value = data.liquidcommerce_api_request.order.output.status == "delivered"
}
`

// noPersonalData checks that none of the fake orders' personal data is in
// the state or the plan.
func noPersonalData() ([]statecheck.StateCheck, []plancheck.PlanCheck) {
	var states []statecheck.StateCheck
	var plans []plancheck.PlanCheck
	for _, text := range fakeapi.PersonalData {
		states = append(states, noTextInState{text: text})
		plans = append(plans, noTextInState{text: text})
	}
	return states, plans
}

// The exported status and total reach the state typed, the legacy order
// number as the string the API sends, and nothing else of the order: no
// response_body, no personal data.
func TestAccAPIRequest_exportsIntoState(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	noState, noPlan := noPersonalData()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:           ordersProviderBlock(url) + orderExports,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: noPlan},
			ConfigStateChecks: append(noState,
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("output"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"status":  knownvalue.StringExact("delivered"),
						"total":   knownvalue.Int64Exact(6048),
						"upcs":    knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("00000000000017")}),
						"legacy":  knownvalue.StringExact("9007199254740993"),
						"missing": knownvalue.Null(),
					})),
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("response_body"),
					knownvalue.Null()),
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("sensitive_output"),
					knownvalue.Null()),
				statecheck.ExpectKnownOutputValue("next_total", knownvalue.Int64Exact(6049)),
				statecheck.ExpectKnownOutputValue("upc_count", knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownOutputValue("is_delivered", knownvalue.Bool(true)),
				exactNumberInState{address: "data.liquidcommerce_api_request.order", text: `"legacy":"9007199254740993"`},
			),
		}},
	})
	if srv.Count("/orders/LC-1001") == 0 {
		t.Fatal("the order was not read")
	}
}

// exactNumberInState checks the state's JSON text itself, where a number
// rounded to a float64 would show.
type exactNumberInState struct{ address, text string }

func (c exactNumberInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	vals, err := resourceValues(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	raw, _ := json.Marshal(vals["output"])
	if !strings.Contains(string(raw), c.text) {
		resp.Error = fmt.Errorf("output in state is %s, without %s", raw, c.text)
	}
}

// An empty export map stores no response body either, and gives an empty
// object.
func TestAccAPIRequest_emptyExportsStoreNothing(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "order" {
  path                   = "/orders/LC-1001"
  credentials            = "orders"
  response_export_values = {}
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("response_body"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("output"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("status_code"), knownvalue.Int64Exact(200)),
			},
		}},
	})
}

// sensitiveInState checks that show -json lists an attribute of a resource
// among its sensitive_values.
type sensitiveInState struct{ address, attribute string }

func (c sensitiveInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		var sensitive map[string]any
		if err := json.Unmarshal(r.SensitiveValues, &sensitive); err != nil {
			resp.Error = fmt.Errorf("sensitive_values of %s: %w", c.address, err)
			return
		}
		if sensitive[c.attribute] != true {
			resp.Error = fmt.Errorf("sensitive_values of %s is %s, without %s", c.address, r.SensitiveValues, c.attribute)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in state", c.address)
}

// A sensitive export is marked sensitive in show -json, and the CLI treats
// it as such: an output of it must say sensitive = true. (The failing step
// comes first: the CLI destroys with the last configuration.)
func TestAccAPIRequest_sensitiveExports(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	read := `
data "liquidcommerce_api_request" "order" {
  path                             = "/orders/LC-1001"
  credentials                      = "orders"
  response_export_values           = { status = "data.status" }
  sensitive_response_export_values = { email = "data.customer.email" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: ordersProviderBlock(url) + read + `
output "email" {
  value = data.liquidcommerce_api_request.order.sensitive_output.email
}
`,
				ExpectError: errorPattern("Output refers to sensitive values"),
			},
			{
				Config: ordersProviderBlock(url) + read + `
output "email" {
  value     = data.liquidcommerce_api_request.order.sensitive_output.email
  sensitive = true
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					sensitiveInState{address: "data.liquidcommerce_api_request.order", attribute: "sensitive_output"},
					statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("sensitive_output"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"email": knownvalue.StringExact("ada@example.com")})),
					statecheck.ExpectSensitiveValue("data.liquidcommerce_api_request.order", tfjsonpath.New("sensitive_output")),
				},
			},
		},
	})
}

// A JMESPath syntax error fails validation, naming its key, before any
// request or login.
func TestAccAPIRequest_badExpressionFailsValidation(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "order" {
  path                             = "/orders/LC-1001"
  credentials                      = "orders"
  sensitive_response_export_values = { total = "data.amounts.[total" }
}
`,
			ExpectError: errorPattern("Invalid JMESPath Expression", `sensitive_response_export_values["total"]`, "Nothing was sent"),
		}},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// The ephemeral resource exports too, and keeps its response_body, which
// is never stored.
func TestAccAPIRequestEphemeral_exports(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
ephemeral "liquidcommerce_api_request" "order" {
  path                             = "/orders/LC-1002"
  credentials                      = "orders"
  response_export_values           = { status = "data.status || data.retailers[0].fulfillments[0].status", next = "data.amounts.total" }
  sensitive_response_export_values = { zip = "data.addresses.shipping.zip" }
}
` + echoConfig(`{
    status   = ephemeral.liquidcommerce_api_request.order.output.status
    next     = ephemeral.liquidcommerce_api_request.order.output.next + 1
    has_body = ephemeral.liquidcommerce_api_request.order.response_body != null
    zip_len  = length(nonsensitive(ephemeral.liquidcommerce_api_request.order.sensitive_output.zip))
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"status": knownvalue.StringExact("processing"), "next": knownvalue.Int64Exact(14136),
					"has_body": knownvalue.Bool(true), "zip_len": knownvalue.Int64Exact(5),
				})),
			},
		}},
	})
}
