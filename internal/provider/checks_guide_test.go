package provider_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// guideConfig is an example of the guides without its terraform and
// provider blocks, which the test gives itself.
func guideConfig(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	top := regexp.MustCompile(`(?ms)^(provider "liquidcommerce" \{\}|(terraform|provider "liquidcommerce") \{\n.*?^\})\n`)
	return top.ReplaceAllString(string(raw), "")
}

// The guide "Checks with typed reads" runs as written against the fake,
// and its stock check holds: the UPC is in stock near the address.
func TestAccGuide_checksWithTypedReads(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	config := guideConfig(t, "../../examples/guides/checks-typed-reads/main.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + config,
			// The orders check's window moves with plantimestamp(), so every
			// plan reads it again: the plan after apply is never empty.
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{
				inStock{address: "data.liquidcommerce_catalog_availability.near_albany", upc: "00000000000017"},
				statecheck.ExpectKnownValue("data.liquidcommerce_order.watched", tfjsonpath.New("status"),
					knownvalue.StringExact("delivered")),
			},
		}},
	})
	for _, path := range []string{fakeapi.CatalogAvailabilityPath, fakeapi.OrdersPath, "/orders/LC-1001"} {
		if srv.Count(path) == 0 {
			t.Errorf("the guide's checks sent nothing to %s", path)
		}
	}
}

// inStock holds when the check's condition would: an offer of the UPC in
// stock, in the scoped data source as the state has it.
type inStock struct{ address, upc string }

func (c inStock) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	vals, err := resourceValues(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	offers, _ := vals["offers"].([]any)
	for _, o := range offers {
		if m, _ := o.(map[string]any); m["upc"] == c.upc && m["in_stock"] == true {
			return
		}
	}
	resp.Error = fmt.Errorf("no offer of %s in stock among %d offers", c.upc, len(offers))
}
