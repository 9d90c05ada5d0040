package provider_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// sampleUPCs are the UPCs of the fake's sample catalog.
func sampleUPCs() []string {
	var out []string
	for _, p := range fakeapi.SampleProducts {
		for _, s := range p.Sizes {
			out = append(out, s.UPC)
		}
	}
	return out
}

// n UPCs: the sample catalog's, then ones the catalog does not have.
func manyUPCs(n int) []string {
	out := sampleUPCs()
	for i := 0; len(out) < n; i++ {
		out = append(out, fmt.Sprintf("99%012d", i))
	}
	return out[:n]
}

// Identifiers go out 20 to a request, in the order given, with the
// location in each; the answers merge into one sorted result, in stock
// near a location and out of stock without one.
func TestProtocolCatalogAvailabilityBatches(t *testing.T) {
	for _, tc := range []struct {
		upcs, ids, groupings []string
		wantCalls            int
	}{
		{manyUPCs(1), nil, nil, 1},
		{manyUPCs(20), nil, nil, 1},
		{manyUPCs(21), nil, nil, 2},
		{manyUPCs(45), []string{rumID}, []string{"wine"}, 3},
		{manyUPCs(200), nil, nil, 10},
		{nil, []string{ginID}, nil, 1},
	} {
		for _, near := range []bool{true, false} {
			name := fmt.Sprintf("%d+%d+%d near=%v", len(tc.upcs), len(tc.ids), len(tc.groupings), near)
			t.Run(name, func(t *testing.T) {
				e := catalogEnv(t, fakeapi.Options{})
				vals := map[string]tftypes.Value{}
				for k, l := range map[string][]string{"upcs": tc.upcs, "ids": tc.ids, "groupings": tc.groupings} {
					if l != nil {
						vals[k] = strs(l...)
					}
				}
				if near {
					vals["location"] = e.location(t, "liquidcommerce_catalog_availability", nil, 42.65, -73.75)
				}
				state, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", vals)
				if errs != "" {
					t.Fatal(errs)
				}
				reqs := e.srv.Requests(fakeapi.CatalogAvailabilityPath)
				if len(reqs) != tc.wantCalls {
					t.Errorf("%d calls, want %d", len(reqs), tc.wantCalls)
				}
				// The batches go out together, so they arrive in any order:
				// each is a run of the identifiers, in their order.
				var batches [][]string
				for _, r := range reqs {
					var body struct {
						UPCs, IDs, Grouping []string
						Loc                 map[string]any
					}
					if err := json.Unmarshal(r.Body, &body); err != nil {
						t.Fatal(err)
					}
					if n := len(body.UPCs) + len(body.IDs) + len(body.Grouping); n > 20 || n == 0 {
						t.Errorf("a request of %d identifiers", n)
					}
					if near != (body.Loc != nil) {
						t.Errorf("loc %v in a request, near=%v", body.Loc, near)
					}
					batches = append(batches, slices.Concat(body.UPCs, body.IDs, body.Grouping))
				}
				want := slices.Concat(tc.upcs, tc.ids, tc.groupings)
				slices.SortFunc(batches, func(a, b []string) int {
					return slices.Index(want, a[0]) - slices.Index(want, b[0])
				})
				if sent := slices.Concat(batches...); !slices.Equal(sent, want) {
					t.Errorf("sent %v, want %v", sent, want)
				}
				products := ids(state["products"])
				if len(products) == 0 || !slices.IsSorted(products) || len(slices.Compact(slices.Clone(products))) != len(products) {
					t.Errorf("products %v, want some, unique and sorted", products)
				}
				inStock := false
				for _, o := range list(state["offers"]) {
					inStock = inStock || field(o, "in_stock") == true
				}
				if inStock != near {
					t.Errorf("some offer in stock: %v, want %v", inStock, near)
				}
				if len(list(state["retailers"])) == 0 {
					t.Error("no retailers")
				}
			})
		}
	}
}

// The merged result of many requests is the result of one: a product
// asked by UPCs in different requests has all of their sizes.
func TestProtocolCatalogAvailabilityMerging(t *testing.T) {
	// The gin's two UPCs, 00000000000017 and 00000000000048, 20 apart.
	upcs := append([]string{"00000000000017"}, manyUPCs(40)[sampleCount():][:19]...)
	upcs = append(upcs, "00000000000048")
	e := catalogEnv(t, fakeapi.Options{})
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
		"upcs": strs(upcs...), "location": e.location(t, "liquidcommerce_catalog_availability", albany)})
	if errs != "" {
		t.Fatal(errs)
	}
	if n := e.srv.Count(fakeapi.CatalogAvailabilityPath); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	if got := ids(field(state, "products", 0, "sizes")); len(ids(state["products"])) != 1 ||
		!slices.Equal(got, []string{sizeOf("00000000000017"), sizeOf("00000000000048")}) {
		t.Errorf("products %v, sizes %v; want the gin with both sizes", ids(state["products"]), got)
	}
	var retailers []string
	for _, r := range list(state["retailers"]) {
		retailers = append(retailers, fmt.Sprint(field(r, "id"), field(r, "fulfillment_types")))
	}
	if want := []string{ret1 + "[bopis onDemand]", ret2 + "[onDemand shipping]", ret3 + "[shipping]"}; !slices.Equal(retailers, want) {
		t.Errorf("retailers %v, want %v", retailers, want)
	}
	body := string(e.srv.Requests(fakeapi.CatalogAvailabilityPath)[0].Body)
	if !strings.Contains(body, `"loc":{"address":{"one":"100 Main St","city":"Albany","state":"NY","zip":"12207"}}`) {
		t.Errorf("request body %s", body)
	}
}

func sampleCount() int { return len(sampleUPCs()) }

// Each bad input is an error naming its attribute, and nothing is sent.
func TestProtocolCatalogAvailabilityValidation(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	const avail = "liquidcommerce_catalog_availability"
	upcs := map[string]tftypes.Value{"upcs": strs("00000000000017")}
	for _, tc := range []struct {
		name string
		vals map[string]tftypes.Value
		want []string
	}{
		{"no identifier", nil, []string{"No Catalog Identifiers", "upcs"}},
		{"empty lists", map[string]tftypes.Value{"upcs": strs(), "ids": strs()}, []string{"No Catalog Identifiers"}},
		{"more than 200", map[string]tftypes.Value{"upcs": strs(manyUPCs(150)...), "ids": strs(manyUPCs(51)...)},
			[]string{"Too Many Catalog Identifiers", "201 distinct identifiers", "at most 200"}},
		{"an empty UPC", map[string]tftypes.Value{"upcs": strs("00000000000017", "")}, []string{"upcs[1]"}},
		{"address and coordinates", with(upcs, "location", e.location(t, avail, albany, 1, 2)),
			[]string{"Invalid Location", "not both"}},
		{"an empty location", with(upcs, "location", e.location(t, avail, nil)),
			[]string{"Invalid Location", "location is empty"}},
		{"only latitude", with(upcs, "location", e.location(t, avail, nil, 42.6)),
			[]string{"Invalid Location", "only one of latitude and longitude"}},
		{"latitude out of range", with(upcs, "location", e.location(t, avail, nil, 91, 0)),
			[]string{"latitude must be from -90 to 90"}},
		{"an empty address", with(upcs, "location", e.location(t, avail, map[string]string{"zip": " "})),
			[]string{"location.address is empty"}},
	} {
		if _, errs := e.catalogRead(t, avail, tc.vals); !strings.Contains(errs, "Nothing was sent") &&
			!strings.Contains(errs, "Attribute") || !containsAll(errs, tc.want) {
			t.Errorf("%s: errors %q, want %q", tc.name, errs, tc.want)
		}
	}
	if n := e.srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// The ceiling counts what is sent: 201 copies of one UPC are one identifier
// and one request; and a location part known only at apply is no conflict
// with the known ones until it is known.
func TestProtocolCatalogAvailabilityCountsWhatIsSent(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	const avail = "liquidcommerce_catalog_availability"
	copies := make([]string, 201)
	for i := range copies {
		copies[i] = "00000000000017"
	}
	if _, errs := e.catalogRead(t, avail, map[string]tftypes.Value{"upcs": strs(copies...)}); errs != "" {
		t.Errorf("201 copies of one UPC: %s", errs)
	}
	if n := e.srv.Count(fakeapi.CatalogAvailabilityPath); n != 1 {
		t.Errorf("%d requests for one distinct UPC, want 1", n)
	}

	locType := attrType(e.dataSourceType(t, avail), "location")
	unknownAddress := object(locType, map[string]tftypes.Value{
		"address": tftypes.NewValue(attrType(locType, "address"), tftypes.UnknownValue), "latitude": num(42.65),
		"longitude": num(-73.75)})
	typ := e.dataSourceType(t, avail)
	v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: avail,
		Config: dynamicValue(t, typ, map[string]tftypes.Value{"upcs": strs("00000000000017"), "location": unknownAddress})})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagError(v.Diagnostics); errs != "" {
		t.Errorf("an address known only at apply beside known coordinates: %s", errs)
	}
}
