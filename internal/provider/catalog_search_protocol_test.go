package provider_test

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The search follows the pages by page number without a cursor and by
// nextPageToken with one, in pages of a constant size: 100, or max_results
// when smaller. It stops at max_results and at the last page; products
// come once each, sorted by id.
func TestProtocolCatalogSearchPaging(t *testing.T) {
	for _, cursor := range []bool{false, true} {
		for _, tc := range []struct {
			name                                 string
			count, maxResults                    int
			wantProducts, wantCalls, wantPerPage int
		}{
			{"250 products", 250, 1000, 250, 3, 100},
			{"exactly two pages", 200, 1000, 200, 2, 100},
			{"max_results stops early", 250, 120, 120, 2, 100},
			{"the default max_results", 250, 0, 50, 1, 50},
			{"max_results of one", 250, 1, 1, 1, 1},
			{"the sample catalog", 0, 1000, len(fakeapi.SampleProducts), 1, 100},
		} {
			t.Run(fmt.Sprintf("%s cursor=%v", tc.name, cursor), func(t *testing.T) {
				e := catalogEnv(t, fakeapi.Options{ProductCount: tc.count, CatalogCursor: cursor})
				vals := map[string]tftypes.Value{}
				if tc.maxResults > 0 {
					vals["max_results"] = num(float64(tc.maxResults))
				}
				state, errs := e.catalogRead(t, "liquidcommerce_catalog_search", vals)
				if errs != "" {
					t.Fatal(errs)
				}
				got := ids(state["products"])
				if len(got) != tc.wantProducts || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
					t.Errorf("%d products, want %d, unique and sorted: %v", len(got), tc.wantProducts, got)
				}
				if want := max(tc.count, len(fakeapi.SampleProducts)); state["total_count"] != fmt.Sprint(want) {
					t.Errorf("total_count %v, want %d", state["total_count"], want)
				}
				if want := max(tc.maxResults, 0); want == 0 && state["max_results"] != "50" || want > 0 &&
					state["max_results"] != fmt.Sprint(want) {
					t.Errorf("max_results %v", state["max_results"])
				}
				reqs := e.srv.Requests(fakeapi.CatalogSearchPath)
				if len(reqs) != tc.wantCalls {
					t.Errorf("%d calls, want %d", len(reqs), tc.wantCalls)
				}
				// Pages by number are sent together: they arrive in any order.
				bodies := make([]map[string]any, len(reqs))
				for i, r := range reqs {
					if err := json.Unmarshal(r.Body, &bodies[i]); err != nil {
						t.Fatal(err)
					}
				}
				slices.SortStableFunc(bodies, func(a, b map[string]any) int {
					pa, _ := a["page"].(float64)
					pb, _ := b["page"].(float64)
					return cmp.Compare(pa, pb)
				})
				for i, body := range bodies {
					token, _ := body["pageToken"].(string)
					switch {
					case body["perPage"] != float64(tc.wantPerPage):
						t.Errorf("page %d asked with perPage %v, want %d", i, body["perPage"], tc.wantPerPage)
					case body["page"] != float64(i):
						t.Errorf("page %d asked as page %v", i, body["page"])
					case cursor && i > 0 && token != base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", 100*i)):
						t.Errorf("page %d asked with pageToken %q, not the answer's nextPageToken", i, token)
					case (!cursor || i == 0) && token != "":
						t.Errorf("page %d asked with pageToken %q, which no answer gave", i, token)
					}
				}
			})
		}
	}
}

// Servers that page oddly end the read: a nextPageToken seen before, no
// navigation, navigation that says more pages but repeats the first, a
// short page.
func TestProtocolCatalogSearchPagingOddServers(t *testing.T) {
	second := base64.RawURLEncoding.EncodeToString([]byte("offset:100"))
	for _, tc := range []struct {
		name                    string
		cursor                  bool
		edit                    func(body map[string]any, first *[]any)
		wantProducts, wantCalls int
		wantTotal               any
	}{
		{"a repeated token", true, func(body map[string]any, _ *[]any) {
			dict(field(body, "navigation", "cursor"))["nextPageToken"] = second
		}, 200, 2, "250"},
		{"no navigation", false, func(body map[string]any, _ *[]any) { delete(body, "navigation") }, 100, 1, nil},
		{"navigation of another type", true, func(body map[string]any, _ *[]any) { body["navigation"] = "next" }, 100, 1, nil},
		{"the first page again and again", false, func(body map[string]any, first *[]any) {
			if *first == nil {
				*first = list(body["products"])
			}
			body["products"] = *first
		}, 100, 3, "250"}, // pages 1 and 2 go out together, as navigation counts 3

		// The API's largest page may be smaller than the one asked for: a
		// short page with a next token is not the last.
		{"short pages with a next token", true, func(body map[string]any, _ *[]any) {
			if p := list(body["products"]); len(p) > 99 {
				body["products"] = p[:99]
			}
		}, 248, 3, "250"},
		{"a short page without a next token", true, func(body map[string]any, _ *[]any) {
			body["products"] = list(body["products"])[:99]
			if nav, ok := body["navigation"].(map[string]any); ok {
				nav["cursor"] = map[string]any{"nextPageToken": nil, "previousPageToken": nil}
				nav["totalPages"] = 1
			}
		}, 99, 1, "250"},
		{"an empty page", false, func(body map[string]any, _ *[]any) { body["products"] = []any{} }, 0, 1, "250"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := catalogEnv(t, fakeapi.Options{ProductCount: 250, CatalogCursor: tc.cursor})
			var first []any
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Times: 100, Edit: func(body map[string]any) {
				tc.edit(body, &first)
			}})
			state, errs := e.catalogRead(t, "liquidcommerce_catalog_search",
				map[string]tftypes.Value{"max_results": num(1000)})
			if errs != "" {
				t.Fatal(errs)
			}
			if n := e.srv.Count(fakeapi.CatalogSearchPath); len(list(state["products"])) != tc.wantProducts || n != tc.wantCalls {
				t.Errorf("%d products in %d calls, want %d in %d", len(list(state["products"])), n, tc.wantProducts,
					tc.wantCalls)
			}
			if state["total_count"] != tc.wantTotal {
				t.Errorf("total_count %v, want %v", state["total_count"], tc.wantTotal)
			}
		})
	}
}

// Every input reaches the request in the API's form: filters as [{key,
// values}], price in cents as {min, max}, availability as one value, the
// location as loc.address or loc.coords; the answer is typed.
func TestProtocolCatalogSearchRequest(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	priceType := attrType(e.dataSourceType(t, "liquidcommerce_catalog_search"), "price")
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{
		"search": str("gin"), "categories": strs("gin"), "brands": strs("Juniper Works"),
		"price":        object(priceType, map[string]tftypes.Value{"max": num(9000)}),
		"availability": str("IN_STOCK"), "fulfillment": strs("bopis", "onDemand"), "retailers": strs(ret1),
		"order_by": str("price"), "order_direction": str("desc"),
		"location": e.location(t, "liquidcommerce_catalog_search", albany),
	})
	if errs != "" {
		t.Fatal(errs)
	}
	want := `{"search":"gin","page":0,"perPage":50,"retailers":["` + ret1 + `"],"orderBy":"price","orderDirection":"desc",` +
		`"filters":[{"key":"categories","values":["gin"]},{"key":"brands","values":["Juniper Works"]},` +
		`{"key":"fulfillment","values":["bopis","onDemand"]},{"key":"availability","values":"IN_STOCK"},` +
		`{"key":"price","values":{"max":9000}}],` +
		`"loc":{"address":{"one":"100 Main St","city":"Albany","state":"NY","zip":"12207"}}}`
	if got := string(e.srv.Requests(fakeapi.CatalogSearchPath)[0].Body); got != want {
		t.Errorf("request body\n got %s\nwant %s", got, want)
	}
	if got := ids(state["products"]); !slices.Equal(got, []string{ginID}) {
		t.Fatalf("products %v", got)
	}
	var offers []string
	for _, o := range list(state["offers"]) {
		offers = append(offers, fmt.Sprint(field(o, "upc"), " ", field(o, "retailer_id"), " ", field(o, "price"), " ",
			field(o, "in_stock"), " ", field(o, "pickup")))
	}
	if want := []string{"00000000000017 " + ret1 + " 5699 true true", "00000000000048 " + ret1 + " 8999 true true"}; !slices.Equal(offers, want) {
		t.Errorf("offers %q, want %q", offers, want)
	}
	if got := field(state, "offers", 1, "part_number"); got != "00000000000048_"+ret1 {
		t.Errorf("part_number %v", got)
	}
	if state["total_count"] != "1" {
		t.Errorf("total_count %v", state["total_count"])
	}

	// Coordinates go as loc.coords.
	if _, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{
		"location": e.location(t, "liquidcommerce_catalog_search", nil, 42.65, -73.75)}); errs != "" {
		t.Fatal(errs)
	}
	if got := string(e.srv.Requests(fakeapi.CatalogSearchPath)[1].Body); got != `{"page":0,"perPage":50,"loc":{"coords":{"lat":42.65,"long":-73.75}}}` {
		t.Errorf("request body %s", got)
	}
}

// Each bad input is an error naming its attribute, and nothing is sent.
func TestProtocolCatalogSearchValidation(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	const search = "liquidcommerce_catalog_search"
	priceType := attrType(e.dataSourceType(t, search), "price")
	for _, tc := range []struct {
		name string
		vals map[string]tftypes.Value
		want []string
	}{
		{"max_results above 1000", map[string]tftypes.Value{"max_results": num(1001)}, []string{"max_results", "1000"}},
		{"max_results of 0", map[string]tftypes.Value{"max_results": num(0)}, []string{"max_results"}},
		{"21 retailers", map[string]tftypes.Value{"retailers": strs(manyUPCs(21)...)}, []string{"retailers", "20"}},
		{"an unknown availability", map[string]tftypes.Value{"availability": str("SOON")}, []string{"availability"}},
		{"an unknown fulfillment", map[string]tftypes.Value{"fulfillment": strs("drone")}, []string{"fulfillment"}},
		{"an unknown order direction", map[string]tftypes.Value{"order_direction": str("up")}, []string{"order_direction"}},
		{"a price of a fraction of a cent", map[string]tftypes.Value{"price": object(priceType,
			map[string]tftypes.Value{"min": num(1999.5)})}, []string{"price.min", "whole number"}},
		{"a negative price", map[string]tftypes.Value{"price": object(priceType,
			map[string]tftypes.Value{"max": num(-1)})}, []string{"price.max", "whole number"}},
		{"a price range upside down", map[string]tftypes.Value{"price": object(priceType,
			map[string]tftypes.Value{"min": num(5000), "max": num(1000)})}, []string{"Invalid Price Range", "price.max"}},
		{"an empty price range", map[string]tftypes.Value{"price": object(priceType, nil)},
			[]string{"Invalid Price Range", "price is empty"}},
		{"a search location with both", map[string]tftypes.Value{"location": e.location(t, search, albany, 1, 2)},
			[]string{"Invalid Location"}},
	} {
		if _, errs := e.catalogRead(t, search, tc.vals); !strings.Contains(errs, "Nothing was sent") &&
			!strings.Contains(errs, "Attribute") || !containsAll(errs, tc.want) {
			t.Errorf("%s: errors %q, want %q", tc.name, errs, tc.want)
		}
	}
	if n := e.srv.Count(""); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// Search reads every product whichever way the API pages: counting pages
// from 0 (its docs) or from 1 (its README example, answering page 0 as
// page 1), with cursor tokens or without, and with a page cap below the
// page size asked for, so that every page is short.
func TestProtocolCatalogSearchEveryPagingMode(t *testing.T) {
	for _, fromOne := range []bool{false, true} {
		for _, cursor := range []bool{false, true} {
			for _, capped := range []int{0, 30} {
				name := fmt.Sprintf("from one %v, cursor %v, page cap %d", fromOne, cursor, capped)
				t.Run(name, func(t *testing.T) {
					e := catalogEnv(t, fakeapi.Options{ProductCount: 250, CatalogCursor: cursor,
						SearchPagesFromOne: fromOne, SearchPageCap: capped})
					state, errs := e.catalogRead(t, "liquidcommerce_catalog_search",
						map[string]tftypes.Value{"max_results": num(1000)})
					if errs != "" {
						t.Fatal(errs)
					}
					got := ids(state["products"])
					if len(got) != 250 || len(slices.Compact(slices.Clone(got))) != 250 {
						t.Errorf("%d products, want all 250, each once", len(got))
					}
					perPage := 100
					if capped > 0 {
						perPage = capped
					}
					if n, want := e.srv.Count(fakeapi.CatalogSearchPath), (250+perPage-1)/perPage; n != want {
						t.Errorf("%d requests, want %d, one a page", n, want)
					}
				})
			}
		}
	}
}
