package provider_test

import (
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

// The products, offers and retailers near an address reach the state
// typed, in cents and sorted; "is this UPC in stock near here" is an
// anytrue over the flat offers, in a check block and an output; without a
// location nothing is in stock; a second plan shows no change.
func TestAccCatalogAvailability_typedValuesAndInStock(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	near := "data.liquidcommerce_catalog_availability.near"
	gin := tfjsonpath.New("products").AtSliceIndex(0)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_catalog_availability" "near" {
  upcs = ["00000000000024", "00000000000017"]
  location = {
    address = { one = "100 Main St", city = "Albany", state = "NY", zip = "12207" }
  }
}

data "liquidcommerce_catalog_availability" "nowhere" {
  upcs = ["00000000000017"]
}

check "gin_near_albany" {
  assert {
    condition     = anytrue([for o in data.liquidcommerce_catalog_availability.near.offers : o.in_stock if o.upc == "00000000000017"])
    error_message = "The gin is not in stock near Albany."
  }
}

output "gin_in_stock" {
  value = anytrue([for o in data.liquidcommerce_catalog_availability.near.offers : o.in_stock if o.upc == "00000000000017"])
}

output "gin_in_stock_nowhere" {
  value = anytrue([for o in data.liquidcommerce_catalog_availability.nowhere.offers : o.in_stock if o.upc == "00000000000017"])
}

output "cheapest_gin_dollars" {
  value = min([for o in data.liquidcommerce_catalog_availability.near.offers : o.price if o.upc == "00000000000017"]...) / 100
}

output "pickup_retailers" {
  value = [for r in data.liquidcommerce_catalog_availability.near.retailers : r.id if contains(r.fulfillment_types, "bopis")]
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("gin_in_stock", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("gin_in_stock_nowhere", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("cheapest_gin_dollars", knownvalue.Float64Exact(54.99)),
				statecheck.ExpectKnownOutputValue("pickup_retailers", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(ret1)})),
				statecheck.ExpectKnownValue(near, gin.AtMapKey("id"), knownvalue.StringExact(ginID)),
				statecheck.ExpectKnownValue(near, gin.AtMapKey("name"), knownvalue.StringExact("Juniper Dry Gin")),
				statecheck.ExpectKnownValue(near, gin.AtMapKey("sizes"), lengthIs(1)),
				statecheck.ExpectKnownValue(near, gin.AtMapKey("sizes").AtSliceIndex(0), knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"upc": knownvalue.StringExact("00000000000017"),
						"size": knownvalue.StringExact("750ml"), "pack": knownvalue.Bool(false)})),
				statecheck.ExpectKnownValue(near, tfjsonpath.New("offers").AtSliceIndex(1),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"product_id": knownvalue.StringExact(ginID), "size_id": knownvalue.StringExact(sizeOf("00000000000017")),
						"upc": knownvalue.StringExact("00000000000017"), "retailer_id": knownvalue.StringExact(ret2),
						"part_number": knownvalue.StringExact("00000000000017_" + ret2),
						"price":       knownvalue.Int64Exact(5599), "sale_price": knownvalue.Int64Exact(5299),
						"stock": knownvalue.Int64Exact(6), "in_stock": knownvalue.Bool(true), "shipping": knownvalue.Bool(true),
						"on_demand": knownvalue.Bool(true), "pickup": knownvalue.Bool(false),
					})),
				statecheck.ExpectKnownValue(near, tfjsonpath.New("products").AtSliceIndex(1).AtMapKey("id"),
					knownvalue.StringExact(rumID)),
				statecheck.ExpectKnownValue(near, tfjsonpath.New("offers"), lengthIs(5)),
				statecheck.ExpectKnownValue(near, tfjsonpath.New("offers").AtSliceIndex(2), knownvalue.ObjectExact(
					map[string]knownvalue.Check{
						"upc": knownvalue.StringExact("00000000000017"), "product_id": knownvalue.StringExact(ginID),
						"size_id":     knownvalue.StringExact(sizeOf("00000000000017")),
						"part_number": knownvalue.StringExact("00000000000017_" + ret3),
						"retailer_id": knownvalue.StringExact(ret3), "price": knownvalue.Int64Exact(5499),
						"sale_price": knownvalue.Int64Exact(0), "stock": knownvalue.Int64Exact(0),
						"in_stock": knownvalue.Bool(false), "shipping": knownvalue.Bool(true),
						"on_demand": knownvalue.Bool(false), "pickup": knownvalue.Bool(false),
					})),
				statecheck.ExpectKnownValue(near, tfjsonpath.New("retailers").AtSliceIndex(0), knownvalue.ObjectExact(
					map[string]knownvalue.Check{
						"id": knownvalue.StringExact(ret1), "name": knownvalue.StringExact("Corner Spirits"),
						"fulfillment_types": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("bopis"), knownvalue.StringExact("onDemand")}),
					})),
				statecheck.ExpectKnownValue("data.liquidcommerce_catalog_availability.nowhere",
					tfjsonpath.New("offers").AtSliceIndex(0).AtMapKey("stock"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// 45 UPCs, by coordinates, are read in 3 requests of at most 20 each time
// the data source is read.
func TestAccCatalogAvailability_batchesOf20(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	upcs := manyUPCs(45)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + fmt.Sprintf(`
data "liquidcommerce_catalog_availability" "many" {
  upcs     = ["%s"]
  location = { latitude = 42.65, longitude = -73.75 }
}

output "in_stock_upcs" {
  value = distinct([for o in data.liquidcommerce_catalog_availability.many.offers : o.upc if o.in_stock])
}
`, strings.Join(upcs, `", "`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.liquidcommerce_catalog_availability.many", tfjsonpath.New("products"),
					lengthIs(len(fakeapi.SampleProducts))),
				// 11 of the sample catalog's 15 UPCs have an offer in stock.
				statecheck.ExpectKnownOutputValue("in_stock_upcs", lengthIs(11)),
			},
		}},
	})
	if n := srv.Count(fakeapi.CatalogAvailabilityPath); n == 0 || n%3 != 0 {
		t.Errorf("%d requests, want a multiple of 3 (45 UPCs in requests of 20)", n)
	}
	for _, r := range srv.Requests(fakeapi.CatalogAvailabilityPath) {
		if !strings.Contains(string(r.Body), `"loc":{"coords":{"lat":42.65,"long":-73.75}}`) {
			t.Errorf("a request without the coordinates: %s", r.Body)
		}
	}
}

// Each validation error names its attribute, before any request.
func TestAccCatalogAvailability_validation(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	read := func(body string) string {
		return providerBlock(url) + "\ndata \"liquidcommerce_catalog_availability\" \"a\" {\n" + body + "\n}\n"
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: read(`upcs = []`), ExpectError: errorPattern("No Catalog Identifiers", "upcs")},
			{Config: read(`upcs = [for i in range(150) : format("%012d", i)]
  ids  = [for i in range(51) : "prd_${i}"]`),
				ExpectError: errorPattern("Too Many Catalog Identifiers", "upcs", "201 distinct identifiers", "at most 200")},
			{Config: read(`upcs = ["00000000000017"]
  location = {
    address  = { zip = "12207" }
    latitude = 42.65
    longitude = -73.75
  }`), ExpectError: errorPattern("Invalid Location", "location", "not both")},
			{Config: read(`upcs = ["00000000000017"]
  location = {}`), ExpectError: errorPattern("Invalid Location", "location is empty")},
			{Config: read(`upcs = ["00000000000017"]
  location = { latitude = 42.65 }`), ExpectError: errorPattern("Invalid Location",
				"only one of latitude and longitude")},
		},
	})
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}
