package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/markers"
)

// The typed reads' fuzz tests take an answer's bytes through the read's
// decoding seam (orderModel.fromAnswer, ordersModel.addPage, catalogAnswer
// with catalogMerge and catalogSearchModel.addPage) to State.Set on the
// type's own schema, and check that:
//   - nothing panics, and a decoded model always fits its schema;
//   - two runs on the same bytes give the same state and the same
//     diagnostics, every list in the same order, and the lists are sorted
//     as the schema says;
//   - no diagnostic repeats a value of the answer: when the bytes are JSON,
//     a marker is planted in every value and key, and none may appear in a
//     summary or a detail but those of the envelope's message, errors and
//     requestId.

// decoded is what one run of a read's decoding gives.
type decoded struct {
	state tftypes.Value
	diags diag.Diagnostics
}

// response is the client's response for body: its requestId taken from
// metadata.requestId, as the client does.
func response(body []byte) *client.Response {
	var env struct {
		Metadata struct {
			RequestID string `json:"requestId"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(body, &env)
	return &client.Response{Status: http.StatusOK, RequestID: env.Metadata.RequestID, Body: body}
}

// toState sets m into a state of schema s; a model that does not fit its
// schema fails the test.
func toState(t *testing.T, s dsschema.Schema, m any) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, m); d.HasError() {
		t.Fatalf("State.Set of a decoded model: %v", d)
	}
	// What Terraform is sent: a number far beyond 1e±1000 would take minutes
	// or all memory to write here.
	if _, err := tfprotov6.NewDynamicValue(state.Raw.Type(), state.Raw); err != nil {
		t.Fatalf("the state cannot be sent to Terraform: %v", err)
	}
	return state.Raw
}

// emptyConfig is a model as a read gets it from a configuration that sets
// nothing: every input null, with its type.
func emptyConfig[M any](t *testing.T, s dsschema.Schema) M {
	t.Helper()
	ctx := context.Background()
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T, not an object", s.Type().TerraformType(ctx))
	}
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	var m M
	if d := (tfsdk.Config{Schema: s, Raw: tftypes.NewValue(typ, attrs)}).Get(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	return m
}

// checkDecoding runs decode twice on body and once on body with markers
// planted, and checks the properties above.
func checkDecoding(t *testing.T, body []byte, decode func(body []byte) decoded) {
	first, second := decode(body), decode(body)
	if !first.state.Equal(second.state) {
		t.Fatalf("two runs on the same bytes differ:\n%v\n%v", first.state, second.state)
	}
	if !first.diags.Equal(second.diags) {
		t.Fatalf("two runs on the same bytes report differently:\n%v\n%v", first.diags, second.diags)
	}
	if !json.Valid(body) {
		return
	}
	h := fnv.New64a()
	_, _ = h.Write(body)
	planted, err := markers.Plant(body, h.Sum64(), nil)
	if err != nil {
		return
	}
	for _, d := range decode(planted.JSON).diags {
		text := d.Summary() + "\n" + d.Detail()
		if leaks := planted.Leaks(text, markers.Envelope); len(leaks) > 0 {
			t.Fatalf("a diagnostic repeats the answer's values at %v:\n%s", leaks, text)
		}
	}
}

// isSorted checks that keys are in the order cmp gives.
func isSorted[T any](t *testing.T, what string, list []T, cmp func(a, b T) int) {
	t.Helper()
	if !slices.IsSortedFunc(list, cmp) {
		t.Fatalf("%s are not sorted", what)
	}
}

// orderShapes are orders in the shapes LiquidCommerce publishes (IOrder)
// and their odd corners: no referenceId, legacy numbers as strings with
// letters or leading zeros and as a big JSON number, statuses only on the
// fulfillments or only in their timelines, an empty or a top-level
// status, amounts with a fraction.
var orderShapes = []string{
	`{"statusCode":200,"data":{"referenceId":null,"legacyOrderNumber":"R482913075","retailers":[{"id":"r","fulfillments":[
	 {"id":"f","timeline":[{"status":"delivered","timestamp":"2026-11-05T08:00:00Z"},{"status":"created","timestamp":1762078500000}],
	  "updatedAt":"2026-11-05T08:00:00Z","bopisContact":{"firstName":"Mary","email":"m@example.com","isGift":true}}]}]}}`,
	`{"statusCode":200,"data":{"referenceId":"LC-1","legacyOrderNumber":9007199254740993,"status":"","retailers":[]}}`,
	`{"statusCode":200,"data":{"legacyOrderNumber":"0004829130","status":"test","retailers":[{"fulfillments":[
	 {"status":"canceled"},{"status":"test"},{"status":""}]}]}}`,
	`{"statusCode":200,"data":{"referenceId":"LC-2","amounts":{"total":6048.5,"tax":"12.345"},"retailers":[{"fulfillments":[
	 {"id":2,"status":"inTransit"},{"id":"1","status":"delivered","timeline":null,"updatedAt":7}]}],
	 "items":[{"id":1,"fulfillmentId":null,"product":{"upc":87229178758,"sku":"S","mskus":["m"]},"pricing":{"price":1.5}}]}}`,
	`{"statusCode":200,"data":{"referenceId":null,"legacyOrderNumber":null,"status":"created"}}`,
}

// ordersPageShapes are pages of the orders list with an echoed limit, a
// total that says more than the page holds, and orders told apart only by
// their legacy number.
var ordersPageShapes = []string{
	`{"statusCode":200,"data":{"total":5,"limit":2,"page":1,"orders":[{"referenceId":null,"legacyOrderNumber":"R1"},
	 {"referenceId":null,"legacyOrderNumber":"R1"},{"referenceId":null,"legacyOrderNumber":null},{"referenceId":"R1"}]}}`,
	`{"statusCode":200,"data":{"total":"7","limit":"100","orders":[]}}`,
	`{"statusCode":200,"data":{"total":7,"limit":0,"orders":[{"referenceId":"LC-1","retailers":[{"fulfillments":[{"status":"test"},
	 {"status":"delivered"}]}]}]}}`,
	`{"statusCode":200,"data":{"limit":1e2,"orders":[{"referenceId":7,"legacyOrderNumber":7},{"referenceId":"7"}]}}`,
	`{"statusCode":200,"data":{"total":1e30,"limit":101,"orders":[{"legacyOrderNumber":"0007"},{"legacyOrderNumber":"7"}]}}`,
}

func FuzzOrderAnswer(f *testing.F) {
	seeds := recorded(f)
	addSeeds(f, seeds.order...)
	addSeeds(f, orderJSON)
	addSeeds(f, orderShapes...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"message":"OK","data":%s}`)...)
	addSeeds(f, wrongTypes(f, seeds.order[0])...)
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecoding(t, body, func(body []byte) decoded {
			var diags diag.Diagnostics
			m := emptyConfig[orderModel](t, orderRead.fullSchema())
			m.ID = types.StringValue("LC-1001")
			m.fromAnswer(response(body), &diags)
			if diags.HasError() {
				return decoded{diags: diags}
			}
			isSorted(t, "retailers", m.Retailers, func(a, b orderRetailer) int { return byID(a.ID, b.ID) })
			isSorted(t, "items", m.Items, func(a, b orderItem) int { return byID(a.ID, b.ID) })
			for _, r := range m.Retailers {
				isSorted(t, "fulfillments", r.Fulfillments, func(a, b orderFulfillment) int { return byID(a.ID, b.ID) })
			}
			return decoded{state: toState(t, orderRead.fullSchema(), &m), diags: diags}
		})
	})
}

func FuzzOrdersPageAnswer(f *testing.F) {
	seeds := recorded(f)
	addSeeds(f, seeds.ordersPage...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"message":"OK","data":%s}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"message":"OK","data":{"total":3,"orders":%s}}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"message":"OK","data":{"total":%s,"orders":[]}}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"message":"OK","data":{"total":3,"limit":%s,"orders":[{"referenceId":"a"}]}}`)...)
	addSeeds(f, ordersPageShapes...)
	addSeeds(f, wrongTypes(f, seeds.ordersPage[0])...)
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecoding(t, body, func(body []byte) decoded {
			var diags diag.Diagnostics
			m := emptyConfig[ordersModel](t, ordersRead.fullSchema())
			m.MaxResults, m.Orders = types.NumberValue(big.NewFloat(defaultOrdersMaxResults)), []orderSummary{}
			pg := newOrdersPaging()
			m.addPage(pg, response(body), &diags)
			if diags.HasError() {
				return decoded{diags: diags}
			}
			if pg.page != 2 || pg.limit < 1 || pg.limit > ordersPage {
				t.Fatalf("after page 1, page %d with limit %d", pg.page, pg.limit)
			}
			// The same page again adds only the orders with neither a
			// referenceId nor a legacy order number, which cannot be told
			// apart, and ends the read when it adds none.
			before := len(m.Orders)
			more := m.addPage(pg, response(body), &diags)
			unnamed := 0
			for _, o := range m.Orders[:before] {
				if o.ReferenceID.IsNull() && o.LegacyOrderNumber.IsNull() {
					unnamed++
				}
			}
			if added := len(m.Orders) - before; added != unnamed || diags.HasError() || added == 0 && more {
				t.Fatalf("the page read again added %d orders, want %d (those without a referenceId or legacy "+
					"order number), and reads on: %v; %v", added, unnamed, more, diags)
			}
			m.Complete = types.BoolValue(true)
			m.finish(defaultOrdersMaxResults)
			isSorted(t, "orders", m.Orders, func(a, b orderSummary) int {
				if c := compareTimes(a.CreatedAt, b.CreatedAt); c != 0 {
					return c
				}
				return byID(a.ReferenceID, b.ReferenceID)
			})
			return decoded{state: toState(t, ordersRead.fullSchema(), &m), diags: diags}
		})
	})
}

func FuzzAvailabilityAnswer(f *testing.F) {
	seeds := recorded(f)
	addSeeds(f, seeds.availability...)
	addSeeds(f, catalogJSON...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":%s,"retailers":[]}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":[{"id":"p","sizes":[{"upc":%s,"variants":[]}]}]}`)...)
	addSeeds(f, oddAnswers(`%s`)...)
	// How an offer is fulfilled, each of the three ways, with odd values.
	for _, variant := range []string{`"fulfillmentTypes":{"shipping":%s,"onDemand":"","bopis":"false"}`,
		`"fulfillmentTypes":%s`, `"fulfillments":%s`, `"fulfillments":["f",%s]`, `"modalities":%s`,
		`"modalities":["bopis",%s]`} {
		addSeeds(f, oddAnswers(`{"statusCode":200,"products":[{"id":"p","sizes":[{"id":"s","upc":"00000000000017",`+
			`"variants":[{"partNumber":"00000000000017_r","retailerId":"r",`+variant+`}]}]}],`+
			`"retailers":[{"id":"r","fulfillments":[{"id":"f","type":"shipping"}]}]}`)...)
	}
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":[{"id":"p","sizes":[{"id":"s","variants":[`+
		`{"retailerId":"r","fulfillments":["f"]}]}]}],"retailers":[{"id":"r","fulfillments":[{"id":%s,"type":"bopis"}]}]}`)...)
	addSeeds(f, wrongTypes(f, seeds.availability[0])...)
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecoding(t, body, func(body []byte) decoded {
			var diags diag.Diagnostics
			w := catalogAnswer("/catalog/availability", response(body), &diags)
			if w == nil {
				return decoded{diags: diags}
			}
			merged := newCatalogMerge()
			merged.add(w)
			m := emptyConfig[catalogAvailabilityModel](t, catalogAvailabilityRead.fullSchema())
			m.Products, m.Offers, m.Retailers = merged.result()
			checkCatalogOrder(t, m.Products, m.Offers, m.Retailers)
			return decoded{state: toState(t, catalogAvailabilityRead.fullSchema(), &m), diags: diags}
		})
	})
}

func FuzzSearchAnswer(f *testing.F) {
	seeds := recorded(f)
	addSeeds(f, seeds.search...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":[],"navigation":%s}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":[{"id":"p"}],"navigation":{"currentPage":%s,"totalPages":9}}`)...)
	addSeeds(f, oddAnswers(`{"statusCode":200,"products":[{"id":"p"}],"navigation":{"cursor":{"nextPageToken":%s}}}`)...)
	addSeeds(f, wrongTypes(f, seeds.search[0])...)
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecoding(t, body, func(body []byte) decoded {
			var diags diag.Diagnostics
			w := catalogAnswer("/catalog/search", response(body), &diags)
			if w == nil {
				return decoded{diags: diags}
			}
			m := emptyConfig[catalogSearchModel](t, catalogSearchRead.fullSchema())
			m.MaxResults = types.NumberValue(big.NewFloat(defaultSearchMaxResults))
			merged, page := newCatalogMerge(), searchBody{PerPage: defaultSearchMaxResults}
			more, _ := m.addPage(w, merged, &page, map[string]bool{}, defaultSearchMaxResults, defaultSearchMaxResults)
			if more && page.Page <= 0 && page.PageToken == "" {
				t.Fatalf("another page is to be read, but the request for it is page %d", page.Page)
			}
			merged.products = merged.products[:min(defaultSearchMaxResults, len(merged.products))]
			m.Products, m.Offers, _ = merged.result()
			checkCatalogOrder(t, m.Products, m.Offers, nil)
			return decoded{state: toState(t, catalogSearchRead.fullSchema(), &m), diags: diags}
		})
	})
}

// checkCatalogOrder checks the orders the catalog schemas promise.
func checkCatalogOrder(t *testing.T, products []catalogProduct, offers []flatOffer, retailers []catalogRetailer) {
	t.Helper()
	isSorted(t, "products", products, func(a, b catalogProduct) int { return byID(a.ID, b.ID) })
	for _, p := range products {
		isSorted(t, "sizes", p.Sizes, func(a, b catalogSize) int {
			if c := byID(a.ID, b.ID); c != 0 {
				return c
			}
			return byID(a.UPC, b.UPC)
		})
	}
	isSorted(t, "offers", offers, func(a, b flatOffer) int {
		for _, c := range []int{byID(a.ProductID, b.ProductID), byID(a.SizeID, b.SizeID), byID(a.UPC, b.UPC),
			byID(a.RetailerID, b.RetailerID), byID(a.PartNumber, b.PartNumber)} {
			if c != 0 {
				return c
			}
		}
		return 0
	})
	isSorted(t, "retailers", retailers, func(a, b catalogRetailer) int { return byID(a.ID, b.ID) })
}

func addSeeds[T string | []byte](f *testing.F, seeds ...T) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

// fakeSeeds are the fake API's answers to each typed read's requests.
type fakeSeeds struct {
	order, ordersPage, availability, search [][]byte
}

// recorded asks the fake API what each typed read asks, and records its
// answers: every sample order, a page of orders, availability with and
// without a location, and search pages by number and by cursor, pages
// counted from 0 and from 1, in pages smaller than asked.
func recorded(tb testing.TB) fakeSeeds {
	tb.Helper()
	var out fakeSeeds
	for _, opts := range []fakeapi.Options{{}, {CatalogCursor: true}, {SearchPagesFromOne: true, SearchPageCap: 2},
		{SearchPagesFromOne: true, SearchPageCap: 2, CatalogCursor: true}} {
		srv := fakeapi.New(opts)
		keyToken := srv.Mint(false)
		ask := func(method, path, body, token string) []byte {
			req := httptest.NewRequest(method, path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				tb.Fatalf("%s %s: HTTP %d: %s", method, path, rec.Code, rec.Body)
			}
			return rec.Body.Bytes()
		}
		if opts.SearchPagesFromOne {
			// The orders and availability are those of the modes before.
			for _, body := range []string{`{"page":0,"perPage":3}`, `{"page":2,"perPage":3,"orderBy":"price"}`} {
				out.search = append(out.search, ask(http.MethodPost, fakeapi.CatalogSearchPath, body, keyToken))
			}
			continue
		}
		// The orders come from a fake with every kind of order it makes
		// (statuses, legacy numbers, null referenceIds, no fulfillments),
		// once with a page cap that it echoes as the limit.
		osrv := fakeapi.New(fakeapi.Options{OrderCount: 30, OrdersPageCap: map[bool]int{true: 7}[opts.CatalogCursor]})
		osrvToken := osrv.Mint(true)
		askOrders := func(path string) []byte {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+osrvToken)
			rec := httptest.NewRecorder()
			osrv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				tb.Fatalf("GET %s: HTTP %d: %s", path, rec.Code, rec.Body)
			}
			return rec.Body.Bytes()
		}
		var page []byte
		for _, limit := range []string{"1", "100"} {
			q := url.Values{"startDate": {"2020-01-01T00:00:00Z"}, "endDate": {"2030-01-01"}, "page": {"1"},
				"limit": {limit}}
			page = askOrders(fakeapi.OrdersPath + "?" + q.Encode())
			out.ordersPage = append(out.ordersPage, page)
		}
		var list struct {
			Data struct {
				Orders []struct {
					ReferenceID       *string `json:"referenceId"`
					LegacyOrderNumber *string `json:"legacyOrderNumber"`
				} `json:"orders"`
			} `json:"data"`
		}
		if err := json.Unmarshal(page, &list); err != nil || len(list.Data.Orders) == 0 {
			tb.Fatalf("no orders in the fake's page: %v", err)
		}
		for _, o := range list.Data.Orders {
			id := o.LegacyOrderNumber
			if o.ReferenceID != nil {
				id = o.ReferenceID
			}
			out.order = append(out.order, askOrders(fakeapi.OrdersPath+"/"+url.PathEscape(*id)))
		}
		// The first answers are small: the wrong types are planted in them.
		for _, body := range []string{`{"search":"gin","perPage":1}`, `{"page":1,"perPage":2,"orderBy":"price"}`,
			`{"page":0,"perPage":100}`} {
			out.search = append(out.search, ask(http.MethodPost, fakeapi.CatalogSearchPath, body, keyToken))
		}
		var upcs []string
		for _, p := range fakeapi.SampleProducts {
			for _, s := range p.Sizes {
				upcs = append(upcs, s.UPC)
			}
		}
		one, _ := json.Marshal(upcs[:1])
		all, _ := json.Marshal(upcs)
		for _, body := range []string{`{"upcs":` + string(one) + `,"loc":{"coords":{"lat":40.7,"long":-74}}}`,
			`{"upcs":` + string(all) + `}`,
			`{"upcs":` + string(all) + `,"loc":{"address":{"one":"1 Main St","city":"New York","state":"NY","zip":"10001"}}}`} {
			out.availability = append(out.availability, ask(http.MethodPost, fakeapi.CatalogAvailabilityPath, body, keyToken))
		}
	}
	return out
}

// oddValues are values no field expects: numbers beyond float64 and
// int64, huge exponents, every JSON type, escapes, invalid UTF-8, deep
// nesting.
var oddValues = []string{
	`1e9999999999`, `-1e9999999999`, `1e-9999999999`, `1E400`, `123456789012345678901234567890`,
	`1e600000000`, `-1e-150000`, `"1e600000000"`, `1e1000`, `1e-1000`,
	`-0`, `0.000000000000000000001`, `9223372036854775808`, `-9223372036854775809`, `1.5`,
	`"1e9999999999"`, `"12345678901234567890"`, `""`, `"  "`, `"\u0000"`, `"\ud800"`, "\"\xff\xfe\"", `"é\u00e9"`,
	`null`, `true`, `false`, `{}`, `[]`, `[null]`, `[1,"a",{},[]]`, `{"":null,"\u0069d":"x","id":"y"}`,
	strings.Repeat(`[`, 2000) + strings.Repeat(`]`, 2000),
	strings.Repeat(`{"a":`, 2000) + `1` + strings.Repeat(`}`, 2000),
}

// oddAnswers puts each odd value where the template's %s is.
func oddAnswers(template string) []string {
	out := make([]string, len(oddValues))
	for i, v := range oddValues {
		out[i] = fmt.Sprintf(template, v)
	}
	return out
}

// wrongTypes are doc with one value at a time replaced by a value of every
// other JSON type, a huge number among them: a field of each type where
// each field belongs, in the first element of each array, at most 300
// answers.
func wrongTypes(tb testing.TB, doc []byte) [][]byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		tb.Fatal(err)
	}
	replacements := []any{"x", json.Number("1e9999999999"), map[string]any{}, []any{}, true, nil}
	var out [][]byte
	var walk func(v any, set func(any))
	walk = func(v any, set func(any)) {
		if len(out) >= 300 {
			return
		}
		for _, r := range replacements {
			set(r)
			b, err := json.Marshal(root)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
		set(v)
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], func(n any) { x[k] = n })
			}
		case []any:
			// The first element stands for the others.
			if len(x) > 0 {
				walk(x[0], func(n any) { x[0] = n })
			}
		}
	}
	walk(root, func(n any) { root = n })
	return out
}
