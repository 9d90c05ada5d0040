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

// A filtered search's products and offers reach the state typed, in cents
// and sorted, with the API's total_count and the max_results used; a
// second plan shows no change.
func TestAccCatalogSearch_typedValues(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	found := "data.liquidcommerce_catalog_search.found"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_catalog_search" "found" {
  search          = "gin"
  categories      = ["gin"]
  price           = { max = 9000 }
  availability    = "IN_STOCK"
  fulfillment     = ["bopis"]
  retailers       = ["` + ret1 + `"]
  order_by        = "price"
  order_direction = "asc"
  location = {
    address = { one = "100 Main St", city = "Albany", state = "NY", zip = "12207" }
  }
}

data "liquidcommerce_catalog_search" "whiskey" {
  categories = ["whiskey"]
}

output "pickup_upcs" {
  value = [for o in data.liquidcommerce_catalog_search.found.offers : o.upc if o.pickup && o.in_stock]
}

output "whiskey_names" {
  value = [for p in data.liquidcommerce_catalog_search.whiskey.products : p.name]
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(found, tfjsonpath.New("total_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("max_results"), knownvalue.Int64Exact(50)),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("products"), lengthIs(1)),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("products").AtSliceIndex(0), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"id": knownvalue.StringExact(ginID),
						"brand": knownvalue.StringExact("Juniper Works"), "category": knownvalue.StringExact("gin")})),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("products").AtSliceIndex(0).AtMapKey("sizes").AtSliceIndex(1),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(sizeOf("00000000000048")), "upc": knownvalue.StringExact("00000000000048"),
						"size": knownvalue.StringExact("1.75L"), "volume": knownvalue.StringExact("1.75"),
						"uom": knownvalue.StringExact("L"), "pack": knownvalue.Bool(false),
					})),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("offers").AtSliceIndex(1), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"size_id": knownvalue.StringExact(sizeOf("00000000000048")),
						"retailer_id": knownvalue.StringExact(ret1), "price": knownvalue.Int64Exact(8999),
						"stock": knownvalue.Int64Exact(5)})),
				statecheck.ExpectKnownValue(found, tfjsonpath.New("complete"), knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("pickup_upcs", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("00000000000017"), knownvalue.StringExact("00000000000048")})),
				statecheck.ExpectKnownOutputValue("whiskey_names", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("Copper Still Bourbon"), knownvalue.StringExact("Highland Peat 12 Year Scotch")})),
			},
		}},
	})
}

// Every page is read in both paging modes, ceil(n/100) requests a read;
// max_results stops early.
func TestAccCatalogSearch_paging(t *testing.T) {
	for _, cursor := range []bool{false, true} {
		for _, tc := range []struct {
			maxResults, wantProducts, wantCalls int
		}{
			{1000, 250, 3},
			{120, 120, 2},
		} {
			t.Run(fmt.Sprintf("cursor=%v max_results=%d", cursor, tc.maxResults), func(t *testing.T) {
				srv, url := startAPI(t, fakeapi.Options{ProductCount: 250, CatalogCursor: cursor})
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: factories(),
					Steps: []resource.TestStep{{
						Config: providerBlock(url) + fmt.Sprintf(`
data "liquidcommerce_catalog_search" "all" {
  max_results = %d
}

output "count" {
  value = length(data.liquidcommerce_catalog_search.all.products)
}
`, tc.maxResults),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(int64(tc.wantProducts))),
							statecheck.ExpectKnownValue("data.liquidcommerce_catalog_search.all", tfjsonpath.New("total_count"),
								knownvalue.Int64Exact(250)),
						},
					}},
				})
				if n := srv.Count(fakeapi.CatalogSearchPath); n == 0 || n%tc.wantCalls != 0 {
					t.Errorf("%d requests, want a multiple of %d", n, tc.wantCalls)
				}
				tokens := 0
				for _, r := range srv.Requests(fakeapi.CatalogSearchPath) {
					if field(decodeBody(t, r.Body), "pageToken") != nil {
						tokens++
					}
				}
				if want := srv.Count(fakeapi.CatalogSearchPath) / tc.wantCalls * (tc.wantCalls - 1); cursor && tokens != want ||
					!cursor && tokens != 0 {
					t.Errorf("%d requests with a pageToken, cursor=%v", tokens, cursor)
				}
			})
		}
	}
}

// Each validation error names its attribute, before any request.
func TestAccCatalogSearch_validation(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	read := func(body string) string {
		return providerBlock(url) + "\ndata \"liquidcommerce_catalog_search\" \"s\" {\n" + body + "\n}\n"
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: read(`max_results = 1001`), ExpectError: errorPattern("max_results", "whole number from 1 to 1000, got 1001")},
			{Config: read(`max_results = 2.5`), ExpectError: errorPattern("max_results must be a whole number from 1 to 1000, got 2.5")},
			{Config: read(`retailers = [for i in range(21) : "ret_${i}"]`), ExpectError: errorPattern("retailers",
				"at most 20")},
			{Config: read(`availability = "SOON"`), ExpectError: errorPattern("availability", "IN_STOCK")},
			{Config: read(`fulfillment = ["drone"]`), ExpectError: errorPattern("fulfillment", "onDemand")},
			{Config: read(`order_direction = "up"`), ExpectError: errorPattern("order_direction", "asc")},
			{Config: read(`price = { min = 5000, max = 1000 }`), ExpectError: errorPattern("Invalid Price Range",
				"price.max")},
			{Config: read(`location = { address = { zip = "12207" }, latitude = 42.65, longitude = -73.75 }`),
				ExpectError: errorPattern("Invalid Location", "not both")},
		},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}
