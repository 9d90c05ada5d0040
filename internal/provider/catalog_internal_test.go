package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// catalogJSON is two availability answers in the published shape, lists
// out of order, overlapping: the second has the first's product again with
// another size, a repeated offer, and a retailer again with another
// fulfillment. The offers say how they are fulfilled each way
// LiquidCommerce's types allow: fulfillmentTypes strings (an id, "", or
// "false"), fulfillments ids (one matching no retailer fulfillment), and
// modalities; the repeated offer says pickup only in the second answer.
var catalogJSON = []string{`{"statusCode":200,"message":"OK","metadata":{"requestId":"r1"},
  "products":[
    {"id":"prd_rum","name":"Rum","brand":"Harbor","category":"rum","images":["x.png"],"priceInfo":{"minimum":1},
     "sizes":[{"id":"siz_2","upc":"00000000000024","size":"1L","volume":"1","uom":"L","pack":false,
       "attributes":{"engraving":{"status":true}},
       "variants":[
         {"partNumber":"00000000000024_ret_2","retailerId":"ret_2","price":3299,"salePrice":0,"stock":0,
          "fulfillmentTypes":{"shipping":"f2","onDemand":"","bopis":"false"}},
         {"partNumber":"00000000000024_ret_1","retailerId":"ret_1","price":3425,"salePrice":0,"stock":18,
          "modalities":["onDemand","bopis"]}]}]},
    {"id":"prd_gin","name":"Gin","brand":"Juniper","category":"gin",
     "sizes":[{"id":"siz_1","upc":"00000000000017","size":"750ml","volume":"750","uom":"ml","pack":false,
       "variants":[{"partNumber":"00000000000017_ret_1","retailerId":"ret_1","price":5699,"salePrice":0,"stock":24,
          "fulfillmentTypes":{"shipping":"","onDemand":"","bopis":""},"fulfillments":["f1b","f_gone"]}]}]}],
  "retailers":[
    {"id":"ret_2","name":"Harborview","fulfillments":[{"id":"f2","type":"shipping","hours":{}}]},
    {"id":"ret_1","name":"Corner","fulfillments":[{"id":"f1b","type":"onDemand"}]}]}`,
	`{"statusCode":200,"message":"OK",
  "products":[
    {"id":"prd_gin","name":"Gin","brand":"Juniper","category":"gin",
     "sizes":[
       {"id":"siz_4","upc":"00000000000048","size":"1.75L","volume":"1.75","uom":"L","pack":false,
        "variants":[{"partNumber":"00000000000048_ret_3","retailerId":"ret_3","price":9299,"salePrice":8999,"stock":12,
          "fulfillmentTypes":{"shipping":true,"onDemand":false,"bopis":false}}]},
       {"id":"siz_1","upc":"00000000000017","size":"750ml","volume":"750","uom":"ml","pack":false,
        "variants":[
          {"partNumber":"00000000000017_ret_1","retailerId":"ret_1","price":5699,"salePrice":0,"stock":24,
           "fulfillmentTypes":{"shipping":"","onDemand":"","bopis":""},"fulfillments":["f1a"]},
          {"partNumber":"00000000000017_ret_3","retailerId":"ret_3","price":5499,"salePrice":0,"stock":0,
           "fulfillmentTypes":{"shipping":"true","onDemand":"false","bopis":""}}]}]}],
  "retailers":[
    {"id":"ret_1","name":"Corner","fulfillments":[{"id":"f1a","type":"bopis"},{"id":"f1b","type":"onDemand"}]},
    {"id":"ret_3","name":"Empire","fulfillments":[{"id":"f3","type":"shipping"}]}]}`}

func mergeAnswers(t *testing.T, answers ...string) ([]catalogProduct, []flatOffer, []catalogRetailer) {
	t.Helper()
	merged := newCatalogMerge()
	for _, a := range answers {
		var diags diag.Diagnostics
		w := catalogAnswer("/catalog/search", &client.Response{Status: 200, Body: []byte(a)}, &diags)
		if diags.HasError() {
			t.Fatal(diags)
		}
		merged.add(w)
	}
	return merged.result()
}

// Answers merge: products by id, sizes by id, offers once per retailer and
// part number, retailers by id with their fulfillment types; every list
// sorted, prices as the API gives them; each offer's flags by the rule,
// a true from either answer winning.
func TestCatalogMerging(t *testing.T) {
	products, offers, retailers := mergeAnswers(t, catalogJSON...)
	var got []string
	for _, p := range products {
		for _, s := range p.Sizes {
			got = append(got, p.ID.ValueString()+"/"+s.ID.ValueString()+"/"+s.UPC.ValueString())
		}
	}
	want := []string{"prd_gin/siz_1/00000000000017", "prd_gin/siz_4/00000000000048", "prd_rum/siz_2/00000000000024"}
	if !slices.Equal(got, want) {
		t.Errorf("sizes:\n got %q\nwant %q", got, want)
	}
	got = nil
	for _, o := range offers {
		got = append(got, fmt.Sprintf("%s/%s/%s/%s/%s %s %s %s in_stock=%s ship=%s now=%s pickup=%s",
			o.ProductID.ValueString(), o.SizeID.ValueString(), o.UPC.ValueString(), o.RetailerID.ValueString(),
			o.PartNumber.ValueString(), o.Price, o.SalePrice, o.Stock, o.InStock, o.Shipping, o.OnDemand, o.Pickup))
	}
	want = []string{
		"prd_gin/siz_1/00000000000017/ret_1/00000000000017_ret_1 5699 0 24 in_stock=true ship=false now=true pickup=true",
		"prd_gin/siz_1/00000000000017/ret_3/00000000000017_ret_3 5499 0 0 in_stock=false ship=true now=false pickup=false",
		"prd_gin/siz_4/00000000000048/ret_3/00000000000048_ret_3 9299 8999 12 in_stock=true ship=true now=false pickup=false",
		"prd_rum/siz_2/00000000000024/ret_1/00000000000024_ret_1 3425 0 18 in_stock=true ship=false now=true pickup=true",
		"prd_rum/siz_2/00000000000024/ret_2/00000000000024_ret_2 3299 0 0 in_stock=false ship=true now=false pickup=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("offers:\n got %q\nwant %q", got, want)
	}
	got = nil
	for _, r := range retailers {
		got = append(got, fmt.Sprint(r.ID.ValueString(), " ", r.Name.ValueString(), " ", r.FulfillmentTypes))
	}
	want = []string{`ret_1 Corner ["bopis" "onDemand"]`, `ret_2 Harborview ["shipping"]`, `ret_3 Empire ["shipping"]`}
	if !slices.Equal(got, want) {
		t.Errorf("retailers:\n got %q\nwant %q", got, want)
	}
	if p := products[0]; p.Name.ValueString() != "Gin" || p.Brand.ValueString() != "Juniper" ||
		p.Category.ValueString() != "gin" || p.Sizes[1].Size.ValueString() != "1.75L" ||
		p.Sizes[1].Volume.ValueString() != "1.75" || p.Sizes[1].UOM.ValueString() != "L" || p.Sizes[1].Pack.ValueBool() {
		t.Errorf("product decoded as %+v", p)
	}
}

// The flags' rule, field by field: null only when the offer says nothing
// of how it is fulfilled.
func TestCatalogOfferFlags(t *testing.T) {
	for _, tc := range []struct{ variant, want string }{
		{`{}`, "<null> <null> <null>"},
		{`{"fulfillmentTypes":null,"fulfillments":null,"modalities":null}`, "<null> <null> <null>"},
		{`{"fulfillmentTypes":{"shipping":"f9"}}`, "true <null> <null>"},
		{`{"fulfillmentTypes":{"shipping":"","onDemand":"false","bopis":"0"}}`, "false false true"},
		{`{"fulfillmentTypes":{"shipping":false,"onDemand":true,"bopis":7}}`, "false true <null>"},
		{`{"fulfillments":[]}`, "false false false"},
		{`{"fulfillments":["fs","nowhere",5]}`, "true false false"},
		{`{"modalities":"bopis"}`, "false false true"},
		{`{"modalities":["onDemand","shipping"]}`, "true true false"},
		{`{"fulfillmentTypes":{"shipping":""},"modalities":["shipping"]}`, "true false false"},
	} {
		_, offers, _ := mergeAnswers(t, `{"products":[{"id":"p","sizes":[{"id":"s","variants":[`+tc.variant+`]}]}],
		  "retailers":[{"id":"r","fulfillments":[{"id":"fs","type":"shipping"},{"id":"fb","type":"bopis"}]}]}`)
		if len(offers) != 1 {
			t.Fatalf("%s: %d offers", tc.variant, len(offers))
		}
		o := offers[0]
		if got := fmt.Sprint(o.Shipping, " ", o.OnDemand, " ", o.Pickup); got != tc.want {
			t.Errorf("%s: flags %s, want %s", tc.variant, got, tc.want)
		}
	}
}

// Odd values are tolerated: a field of another type is null, numbers may
// come as strings, booleans as strings, a UPC, a volume or an id as a
// number (its digits kept); an unknown stock is not in stock. Only an
// answer that is not an object fails.
func TestCatalogDecodingOddAnswers(t *testing.T) {
	products, offers, retailers := mergeAnswers(t, `{"products":[
	  {"id":"prd_odd","name":7,"brand":null,"sizes":[
	    {"id":12345678901234567890,"upc":17,"size":"750ml","volume":750,"uom":["ml"],"pack":"true","variants":[
	      {"partNumber":"p1","retailerId":"ret_1","price":"5699","salePrice":true,"stock":null,
	       "fulfillmentTypes":{"shipping":"false","onDemand":"TRUE","bopis":null}},
	      {"partNumber":"p2","retailerId":"ret_1","price":12.5,"stock":"3","fulfillmentTypes":"all"}]},
	    {"id":"siz_y","upc":"00000000000024","variants":{"not":"a list"}}]},
	  {"name":"No id","sizes":null},
	  {"name":"No id either","sizes":[]}],
	  "retailers":[{"id":"ret_1","name":"Corner","fulfillments":[{"type":null},{"type":"bopis"}]},{"name":"Nameless"}],
	  "navigation":"odd"}`)
	if len(products) != 3 || products[0].ID.ValueString() != "prd_odd" || !products[1].ID.IsNull() || !products[2].ID.IsNull() {
		t.Fatalf("products decoded as %+v", products)
	}
	p := products[0]
	if !p.Name.IsNull() || !p.Brand.IsNull() || !p.Category.IsNull() || len(p.Sizes) != 2 {
		t.Errorf("odd product decoded as %+v", p)
	}
	s := p.Sizes[0]
	if s.ID.ValueString() != "12345678901234567890" || s.UPC.ValueString() != "17" || s.Volume.ValueString() != "750" ||
		!s.UOM.IsNull() || !s.Pack.ValueBool() {
		t.Errorf("odd size decoded as %+v", s)
	}
	if products[1].Sizes == nil || len(products[1].Sizes) != 0 {
		t.Errorf("a product without a sizes list has sizes %+v", products[1].Sizes)
	}
	if len(offers) != 2 {
		t.Fatalf("offers decoded as %+v", offers)
	}
	o := offers[0]
	if o.SizeID.ValueString() != "12345678901234567890" || o.Price.String() != "5699" || !o.SalePrice.IsNull() ||
		!o.Stock.IsNull() || o.Shipping.ValueBool() || !o.OnDemand.ValueBool() || !o.Pickup.IsNull() {
		t.Errorf("odd offer decoded as %+v", o)
	}
	if o := offers[1]; o.Price.String() != "12.5" || o.Stock.String() != "3" || !o.Shipping.IsNull() {
		t.Errorf("second odd offer decoded as %+v", o)
	}
	if offers[0].InStock.ValueBool() || !offers[1].InStock.ValueBool() {
		t.Errorf("in_stock of unknown and string stock: %+v", offers)
	}
	if len(retailers) != 2 || !slices.Equal(retailers[0].FulfillmentTypes, []types.String{types.StringValue("bopis")}) ||
		!retailers[1].ID.IsNull() || retailers[1].FulfillmentTypes == nil {
		t.Errorf("retailers decoded as %+v", retailers)
	}
	for _, body := range []string{`[]`, `null`, `"OK"`, `<html>`, ``} {
		var diags diag.Diagnostics
		if catalogAnswer("/catalog/search", &client.Response{Status: 200, Body: []byte(body)}, &diags) != nil ||
			!diags.HasError() {
			t.Errorf("%q decoded as a catalog", body)
		}
	}
	if products, offers, retailers := mergeAnswers(t, `{"statusCode":200}`); products == nil || offers == nil ||
		retailers == nil || len(products)+len(offers)+len(retailers) != 0 {
		t.Error("an answer without products is not an empty result")
	}
}

func stringList(values ...string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

// Identifiers go out 20 to a request, in the order given (UPCs, ids,
// groupings), each kind without repeats, with the location in every one.
func TestAvailabilityBatches(t *testing.T) {
	var upcs, ids []string
	for i := range 30 {
		upcs = append(upcs, fmt.Sprintf("u%02d", i))
	}
	for i := range 10 {
		ids = append(ids, fmt.Sprintf("i%02d", i))
	}
	upcs = append(upcs, "u05") // a repeat
	m := catalogAvailabilityModel{UPCs: stringList(upcs...), IDs: stringList(ids...),
		Groupings: stringList("gin", "rum", "gin"), Location: types.ObjectNull(nil)}
	loc := &wireLoc{Coords: &wireCoords{Lat: 42.65, Long: -73.75}}
	batches := m.batches(loc)
	var sizes []string
	for _, b := range batches {
		sizes = append(sizes, fmt.Sprintf("%d+%d+%d", len(b.UPCs), len(b.IDs), len(b.Grouping)))
		if b.Loc != loc {
			t.Error("a batch without the location")
		}
	}
	if want := []string{"20+0+0", "10+10+0", "0+0+2"}; !slices.Equal(sizes, want) {
		t.Errorf("batches %v, want %v", sizes, want)
	}
	if batches[1].UPCs[0] != "u20" || batches[1].IDs[9] != "i09" || strings.Join(batches[2].Grouping, ",") != "gin,rum" {
		t.Errorf("batches out of order: %+v", batches)
	}
}
