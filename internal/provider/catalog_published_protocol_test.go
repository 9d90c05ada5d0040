package provider_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The catalog reads against answers shaped as LiquidCommerce publishes
// them (orders-and-catalog.md §5), whatever the fake's own shapes: each test
// here is one defect of issue 21.

// publishedAvailability is an availability answer in LiquidCommerce's
// published shape: fulfillmentTypes strings (SDK IProductFulfillmentTypes),
// fulfillments ids of the retailers' fulfillments, modalities (QA schema:
// array of strings), 14-digit UPCs, {UPC}_{retailerId} part numbers, 24-hex
// ids. Each offer says how it is fulfilled in one way only.
const publishedAvailability = `{
  "products": [{"id": "64f1c0a2b3d4e5f601234567", "name": "Gin", "brand": "Juniper", "category": "gin",
    "catPath": "Spirits/Gin", "mainImage": "", "additionalImages": [], "attributes": {}, "default": true,
    "abv": "47", "age": "", "priceInfo": {"currency": "USD", "minimum": 5499, "average": 5599, "maximum": 5699},
    "sizes": [{"id": "64f1c0a2b3d4e5f6012345aa", "upc": "00087229178758", "size": "750ml", "volume": "750",
      "uom": "ml", "pack": false, "packDesc": "", "image": "", "catPath": "", "salsifyPid": "SP1",
      "container": "bottle", "containerType": "glass", "attributes": {}, "price": 5699,
      "variants": [
        {"partNumber": "00087229178758_64f1c0a2b3d4e5f6000000a1", "retailerId": "64f1c0a2b3d4e5f6000000a1",
         "price": 5699, "salePrice": 0, "stock": 24, "isEngravable": false,
         "fulfillmentTypes": {"shipping": "", "onDemand": "64f1c0a2b3d4e5f6000000f1", "bopis": "false"}},
        {"partNumber": "00087229178758_64f1c0a2b3d4e5f6000000a2", "retailerId": "64f1c0a2b3d4e5f6000000a2",
         "price": 5599, "salePrice": 5299, "stock": 6, "isEngravable": false,
         "fulfillmentTypes": {"shipping": "", "onDemand": "", "bopis": ""},
         "fulfillments": ["64f1c0a2b3d4e5f6000000f2", "64f1c0a2b3d4e5f6000000ff"]},
        {"partNumber": "00087229178758_64f1c0a2b3d4e5f6000000a3", "retailerId": "64f1c0a2b3d4e5f6000000a3",
         "price": 5499, "salePrice": 0, "stock": 0, "isEngravable": false, "modalities": ["shipping", "bopis"]}]}]}],
  "retailers": [
    {"id": "64f1c0a2b3d4e5f6000000a1", "name": "Corner", "platformFee": 99,
     "address": {"one": "1 Main St", "two": "", "city": "Albany", "state": "NY", "zip": "12207", "country": "US",
       "lat": 42.65, "long": -73.75},
     "fulfillments": [{"id": "64f1c0a2b3d4e5f6000000f1", "type": "onDemand", "canEngrave": false,
       "fees": {"min": 2500, "fee": 499, "free": {"min": 10000, "active": true}}, "expectation": {"detail": "", "short": ""},
       "hours": {}, "breaks": []}]},
    {"id": "64f1c0a2b3d4e5f6000000a2", "name": "Harborview", "platformFee": 99, "address": {},
     "fulfillments": [{"id": "64f1c0a2b3d4e5f6000000f2", "type": "shipping", "canEngrave": true,
       "fees": {"individual": {"maxQuantity": 12, "fee": 1299, "min": 0, "active": true},
         "pack": {"maxQuantity": 4, "fee": 1899, "min": 0, "active": true}, "free": {"min": 0, "active": false}},
       "expectation": {"detail": "", "short": ""}, "hours": {}, "breaks": []}]},
    {"id": "64f1c0a2b3d4e5f6000000a3", "name": "Empire", "platformFee": 99, "address": {}, "fulfillments": []}]}`

// publishedEnv is a fake whose availability answers are publishedAvailability.
func publishedEnv(t *testing.T) *protoEnv {
	t.Helper()
	var answer map[string]any
	if err := json.Unmarshal([]byte(publishedAvailability), &answer); err != nil {
		t.Fatal(err)
	}
	e := catalogEnv(t, fakeapi.Options{})
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogAvailabilityPath, Times: 100, Edit: func(body map[string]any) {
		body["products"], body["retailers"] = answer["products"], answer["retailers"]
	}})
	return e
}

// Offer flags follow the published shapes: a fulfillmentTypes entry that
// is a string other than "" and "false", a fulfillments id of a retailer
// fulfillment of the type (an unknown id ignored), or a name in
// modalities. Before, fulfillmentTypes was read as booleans only, and
// every flag of these offers was null.
func TestProtocolCatalogOfferFlagsOfPublishedShapes(t *testing.T) {
	e := publishedEnv(t)
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
		"upcs": strs("00087229178758"), "location": e.location(t, "liquidcommerce_catalog_availability", albany)})
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, o := range list(state["offers"]) {
		got = append(got, fmt.Sprintf("%v shipping=%v on_demand=%v pickup=%v", field(o, "retailer_id"),
			field(o, "shipping"), field(o, "on_demand"), field(o, "pickup")))
	}
	want := []string{
		"64f1c0a2b3d4e5f6000000a1 shipping=false on_demand=true pickup=false",
		"64f1c0a2b3d4e5f6000000a2 shipping=true on_demand=false pickup=false",
		"64f1c0a2b3d4e5f6000000a3 shipping=true on_demand=false pickup=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("offer flags:\n got %q\nwant %q", got, want)
	}
}

// Each offer is stored once, in the flat offers, with its size and part
// number; a size holds what it is, not its offers again. Before, every
// offer was in products[].sizes[].offers and again in offers.
func TestProtocolCatalogEachOfferStoredOnce(t *testing.T) {
	e := publishedEnv(t)
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
		"upcs": strs("00087229178758"), "location": e.location(t, "liquidcommerce_catalog_availability", albany)})
	if errs != "" {
		t.Fatal(errs)
	}
	size := dict(field(state, "products", 0, "sizes", 0))
	if _, nested := size["offers"]; nested || size["upc"] != "00087229178758" {
		t.Errorf("the size is %v: want its UPC and no offers, which are in the flat offers", size)
	}
	offers := list(state["offers"])
	if len(offers) != 3 {
		t.Fatalf("%d offers, want 3", len(offers))
	}
	if o := offers[1]; field(o, "size_id") != "64f1c0a2b3d4e5f6012345aa" ||
		field(o, "part_number") != "00087229178758_64f1c0a2b3d4e5f6000000a2" || field(o, "sale_price") != "5299" {
		t.Errorf("offer %v: want its size_id, part_number and sale_price", o)
	}
	raw, _ := json.Marshal(state)
	if n := strings.Count(string(raw), `"00087229178758_64f1c0a2b3d4e5f6000000a2"`); n != 1 {
		t.Errorf("the part number of an offer is in the state %d times, want once", n)
	}
}

// The price filter takes whole cents, as every amount, and refuses a
// fraction, naming the attribute; nothing is sent. Before, 1999.5 was sent.
func TestProtocolCatalogSearchPriceIsWholeCents(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	priceType := attrType(e.dataSourceType(t, "liquidcommerce_catalog_search"), "price")
	_, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{
		"price": object(priceType, map[string]tftypes.Value{"min": num(1999.5), "max": num(5000)})})
	if !strings.Contains(errs, "price.min") || !strings.Contains(errs, "whole number") {
		t.Errorf("errors %q, want one naming price.min, a whole number", errs)
	}
	if n := e.srv.Count(fakeapi.CatalogSearchPath); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{
		"price": object(priceType, map[string]tftypes.Value{"min": num(2000), "max": num(5000)})})
	if errs != "" || len(list(state["products"])) == 0 {
		t.Fatalf("whole cents: %v, products %v", errs, state["products"])
	}
	if got := string(e.srv.Requests(fakeapi.CatalogSearchPath)[0].Body); !strings.Contains(got,
		`{"key":"price","values":{"min":2000,"max":5000}}`) {
		t.Errorf("request body %s", got)
	}
}

// Search reads every product in every paging mode LiquidCommerce's
// material allows, pages a page cap may make smaller than asked among
// them, and says so in complete; a read that stops below both the total
// and max_results is not complete.
func TestProtocolCatalogSearchEveryPageAndComplete(t *testing.T) {
	for _, fromOne := range []bool{false, true} {
		for _, cursor := range []bool{false, true} {
			for _, tc := range []struct{ count, pageCap, maxResults, want int }{
				{0, 2, 1000, len(fakeapi.SampleProducts)}, // 9 products on 5 pages of 2
				{250, 7, 1000, 250},
				{250, 30, 120, 120},
				{250, 0, 1000, 250},
				{0, 4, 5, 5},
			} {
				name := fmt.Sprintf("from one %v, cursor %v, %d products, page cap %d, max_results %d", fromOne, cursor,
					tc.count, tc.pageCap, tc.maxResults)
				t.Run(name, func(t *testing.T) {
					e := catalogEnv(t, fakeapi.Options{ProductCount: tc.count, CatalogCursor: cursor,
						SearchPagesFromOne: fromOne, SearchPageCap: tc.pageCap})
					state, errs := e.catalogRead(t, "liquidcommerce_catalog_search",
						map[string]tftypes.Value{"max_results": num(float64(tc.maxResults))})
					if errs != "" {
						t.Fatal(errs)
					}
					got := ids(state["products"])
					if len(got) != tc.want || len(slices.Compact(slices.Clone(got))) != tc.want {
						t.Errorf("%d products, want %d, each once", len(got), tc.want)
					}
					if state["complete"] != true {
						t.Errorf("complete %v, want true", state["complete"])
					}
				})
			}
		}
	}
	// An empty page before the end: 100 of 250 read.
	e := catalogEnv(t, fakeapi.Options{ProductCount: 250})
	page := 0
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Times: 100, Edit: func(body map[string]any) {
		if page++; page > 1 {
			body["products"] = []any{}
		}
	}})
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{"max_results": num(1000)})
	if errs != "" {
		t.Fatal(errs)
	}
	if len(list(state["products"])) != 100 || state["complete"] != false || state["total_count"] != "250" {
		t.Errorf("%d products, complete %v, total_count %v; want 100, false, 250", len(list(state["products"])),
			state["complete"], state["total_count"])
	}
}
