package fakeapi_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

var (
	hex24  = regexp.MustCompile(`^[0-9a-f]{24}$`)
	digits = regexp.MustCompile(`^[0-9]{14}$`)
)

// The catalog's answers have LiquidCommerce's published shapes (see
// catalog.go): 24-hex ids, 14-digit UPCs, {UPC}_{retailerId} part numbers,
// the required product and size fields, string fulfillmentTypes, retailers
// with lat and long and fees per fulfillment only, navigation with its
// extra fields and string tokens.
func TestCatalogPublishedShapes(t *testing.T) {
	a := startAPI(t, fakeapi.Options{ProductCount: 30})
	loc := map[string]any{"coords": map[string]any{"lat": 42.65, "long": -73.75}}
	_, out := a.call(t, http.MethodPost, "/catalog/search", map[string]any{"perPage": 100, "loc": loc})
	products := arr(out["products"])
	if len(products) != 30 {
		t.Fatalf("%d products", len(products))
	}
	for _, p := range products {
		for _, k := range []string{"id", "name", "brand", "category", "images", "sizes", "attributes", "mainImage",
			"default", "priceInfo", "catPath", "additionalImages", "parentCo", "volume", "uom", "pack", "packDesc"} {
			if _, ok := obj(p)[k]; !ok {
				t.Fatalf("product without %s: %v", k, p)
			}
		}
		if !hex24.MatchString(str(at(p, "id"))) || strings.ContainsAny(str(at(p, "abv")), "% ") {
			t.Errorf("product id %v, abv %v", at(p, "id"), at(p, "abv"))
		}
		for _, s := range arr(at(p, "sizes")) {
			for _, k := range []string{"id", "upc", "size", "volume", "catPath", "uom", "container", "containerType",
				"pack", "packDesc", "image", "attributes", "variants", "salsifyPid", "price", "default"} {
				if _, ok := obj(s)[k]; !ok {
					t.Fatalf("size without %s: %v", k, s)
				}
			}
			upc := str(at(s, "upc"))
			if !hex24.MatchString(str(at(s, "id"))) || !digits.MatchString(upc) {
				t.Errorf("size id %v, upc %q", at(s, "id"), upc)
			}
			for _, v := range arr(at(s, "variants")) {
				if want := upc + "_" + str(at(v, "retailerId")); str(at(v, "partNumber")) != want {
					t.Errorf("part number %v, want %s", at(v, "partNumber"), want)
				}
			}
		}
	}
	for _, r := range arr(out["retailers"]) {
		for _, k := range []string{"deliveryFee", "shippingFee", "serviceFee"} {
			if _, ok := obj(r)[k]; ok {
				t.Errorf("retailer with a retailer-level %s: %v", k, r)
			}
		}
		if _, ok := obj(at(r, "address"))["lat"]; !ok || !hex24.MatchString(str(at(r, "id"))) {
			t.Errorf("retailer %v", r)
		}
		for _, f := range arr(at(r, "fulfillments")) {
			fees := obj(at(f, "fees"))
			if at(f, "type") == "shipping" && (fees["individual"] == nil || fees["pack"] == nil) ||
				at(f, "type") == "onDemand" && fees["fee"] == nil || fees["free"] == nil || at(f, "breaks") == nil {
				t.Errorf("fulfillment %v", f)
			}
		}
	}
	nav := obj(out["navigation"])
	for _, k := range []string{"id", "correctedQuery", "attributionToken", "currentPage", "totalPages", "totalCount",
		"availableOrderBy", "availableOrderDirection", "cursor", "filters"} {
		if _, ok := nav[k]; !ok {
			t.Errorf("navigation without %s", k)
		}
	}
	if at(nav, "cursor", "nextPageToken") != "" || at(nav, "cursor", "previousPageToken") != "" {
		t.Errorf("cursor %v, want tokens of \"\"", nav["cursor"])
	}
}

// The sample offers say how they are fulfilled each way the published
// types allow, so that every rule of the typed reads has an offer: by
// fulfillmentTypes strings alone (some "false"), by fulfillments ids alone
// (fulfillmentTypes all "", and an id of no retailer fulfillment), by
// modalities alone (fulfillmentTypes all "", fulfillments empty), and by all
// three. The two required fields are always there (the QA schema).
func TestCatalogOffersUseEveryShape(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range fakeapi.SampleRetailers {
		for _, f := range r.Fulfillments {
			ids[f.ID] = true
		}
	}
	seen := map[string]bool{}
	for _, p := range fakeapi.SampleProducts {
		for _, s := range p.Sizes {
			for _, v := range s.Variants {
				ft, none := v.FulfillmentTypes, v.FulfillmentTypes == fakeapi.FulfillmentTypes{}
				switch {
				case !none && len(v.Fulfillments) > 0 && len(v.Modalities) > 0:
					seen["all three"] = true
				case len(v.Fulfillments) == 0 && len(v.Modalities) == 0 &&
					slices.Contains([]string{ft.Shipping, ft.OnDemand, ft.Bopis}, "false"):
					seen["fulfillmentTypes alone"] = true
				case none && len(v.Fulfillments) > 0 && len(v.Modalities) == 0:
					seen["fulfillments alone"] = true
					for _, id := range v.Fulfillments {
						if !ids[id] {
							seen["an unknown fulfillment id"] = true
						}
					}
				case none && len(v.Fulfillments) == 0 && len(v.Modalities) > 0:
					seen["modalities alone"] = true
				}
			}
		}
	}
	for _, want := range []string{"all three", "fulfillmentTypes alone", "fulfillments alone", "an unknown fulfillment id",
		"modalities alone"} {
		if !seen[want] {
			t.Errorf("no sample offer says how it is fulfilled by %s", want)
		}
	}
}
