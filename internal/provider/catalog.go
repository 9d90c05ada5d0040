package provider

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// What liquidcommerce_catalog_availability and liquidcommerce_catalog_search
// share: the location input, the typed products and flat offers they
// answer, the wire types of the catalog's answers (their fields at the top
// level of the envelope, not under data) and the merging of several
// answers into one sorted result.

// locationAttribute is the location input of both catalog reads.
func locationAttribute(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Where the customer is, sent as the API's `loc`: either `address` or both `latitude` and " +
			"`longitude`, not both. " + what,
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"address": schema.SingleNestedAttribute{
				MarkdownDescription: "A street address, sent as `loc.address`; give at least one of its fields.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"one":   schema.StringAttribute{MarkdownDescription: "The street address.", Optional: true},
					"two":   schema.StringAttribute{MarkdownDescription: "A second line (suite, unit).", Optional: true},
					"city":  schema.StringAttribute{MarkdownDescription: "The city.", Optional: true},
					"state": schema.StringAttribute{MarkdownDescription: "The state, e.g. `NY`.", Optional: true},
					"zip":   schema.StringAttribute{MarkdownDescription: "The ZIP code, as a string.", Optional: true},
				},
			},
			"latitude": schema.Float64Attribute{MarkdownDescription: "The latitude, from -90 to 90, sent as " +
				"`loc.coords.lat`; needs `longitude`.", Optional: true},
			"longitude": schema.Float64Attribute{MarkdownDescription: "The longitude, from -180 to 180, sent as " +
				"`loc.coords.long`; needs `latitude`.", Optional: true},
		},
	}
}

// productsAttribute is the typed products of both catalog reads.
func productsAttribute(what string) schema.ListAttribute {
	return objectList(what+" Sorted by `id`, their sizes by `id`. The retailers' offers of each size are in "+
		"`offers`, once each.", map[string]schema.Attribute{
		"id":       schema.StringAttribute{MarkdownDescription: "The product's id.", Computed: true},
		"name":     schema.StringAttribute{MarkdownDescription: "The product's name.", Computed: true},
		"brand":    schema.StringAttribute{MarkdownDescription: "The product's brand.", Computed: true},
		"category": schema.StringAttribute{MarkdownDescription: "The product's category.", Computed: true},
		"sizes": schema.ListNestedAttribute{
			MarkdownDescription: "The product's sizes, one per UPC: what they are; their offers are in `offers`.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": schema.StringAttribute{MarkdownDescription: "The size's id.", Computed: true},
				"upc": schema.StringAttribute{MarkdownDescription: "The size's UPC, a string exactly as the API sends " +
					"it (the API stores UPCs zero-padded to 14 digits, such as `00000000000017`).", Computed: true},
				"size":   schema.StringAttribute{MarkdownDescription: "The size, e.g. `750ml`.", Computed: true},
				"volume": schema.StringAttribute{MarkdownDescription: "The volume, e.g. `750`.", Computed: true},
				"uom":    schema.StringAttribute{MarkdownDescription: "The unit of `volume`, e.g. `ml`.", Computed: true},
				"pack":   schema.BoolAttribute{MarkdownDescription: "Whether the size is a pack.", Computed: true},
			}},
		},
	})
}

// descOfferFlag describes an offer's flag for a way of fulfillment: the
// API's name of it (api) and what it is.
func descOfferFlag(what, api string) string {
	return fmt.Sprintf("Whether %s. True when the offer's `fulfillmentTypes.%s` is `true` or a string other than "+
		"`\"\"` and `\"false\"`, or one of its `fulfillments` ids is a retailer fulfillment of type `%s`, or its "+
		"`modalities` holds `%s`; false when the API sends any of these and none says so; null when it sends none.",
		what, api, api, api)
}

// offersAttribute is the flat offers of both catalog reads: every offer
// once.
func offersAttribute() schema.ListAttribute {
	return objectList("Every retailer's offer of every size of `products` (the API's `variants`), once each, "+
		"sorted by `product_id`, `size_id`, `upc`, `retailer_id`, then `part_number`. Whether a UPC is in stock: "+
		"`anytrue([for o in data.<type>.<name>.offers : o.in_stock if o.upc == \"00000000000017\"])`.",
		map[string]schema.Attribute{
			"product_id":  schema.StringAttribute{MarkdownDescription: "The id of the product offered.", Computed: true},
			"size_id":     schema.StringAttribute{MarkdownDescription: "The id of the size offered.", Computed: true},
			"upc":         schema.StringAttribute{MarkdownDescription: "The UPC of the size offered.", Computed: true},
			"retailer_id": schema.StringAttribute{MarkdownDescription: "The retailer's id.", Computed: true},
			"part_number": schema.StringAttribute{MarkdownDescription: "The retailer's part number (the API's " +
				"`partNumber`, `{UPC}_{retailer id}`).", Computed: true},
			"price": schema.NumberAttribute{MarkdownDescription: descAmount("The price") + " An amount the API sends " +
				"with a fraction is kept exactly as sent.", Computed: true},
			"sale_price": schema.NumberAttribute{MarkdownDescription: descAmount("The sale price (`0` when the offer is " +
				"not on sale, as the API gives it)"), Computed: true},
			"stock": schema.NumberAttribute{MarkdownDescription: "How many the retailer has; `0` is out of stock, as is " +
				"every offer the API answers without a location.", Computed: true},
			"in_stock": schema.BoolAttribute{MarkdownDescription: "Whether `stock` is more than 0; false when the API " +
				"gives no stock.", Computed: true},
			"shipping":  schema.BoolAttribute{MarkdownDescription: descOfferFlag("the retailer ships it", "shipping"), Computed: true},
			"on_demand": schema.BoolAttribute{MarkdownDescription: descOfferFlag("the retailer delivers it on demand", "onDemand"), Computed: true},
			"pickup": schema.BoolAttribute{MarkdownDescription: descOfferFlag("it can be picked up in store", "bopis"),
				Computed: true},
		})
}

// catalogLocation is the location input.
type catalogLocation struct {
	Address   types.Object  `tfsdk:"address"`
	Latitude  types.Float64 `tfsdk:"latitude"`
	Longitude types.Float64 `tfsdk:"longitude"`
}

type catalogAddress struct {
	One   types.String `tfsdk:"one"`
	Two   types.String `tfsdk:"two"`
	City  types.String `tfsdk:"city"`
	State types.String `tfsdk:"state"`
	Zip   types.String `tfsdk:"zip"`
}

type catalogProduct struct {
	ID       types.String  `tfsdk:"id"`
	Name     types.String  `tfsdk:"name"`
	Brand    types.String  `tfsdk:"brand"`
	Category types.String  `tfsdk:"category"`
	Sizes    []catalogSize `tfsdk:"sizes"`
}

type catalogSize struct {
	ID     types.String `tfsdk:"id"`
	UPC    types.String `tfsdk:"upc"`
	Size   types.String `tfsdk:"size"`
	Volume types.String `tfsdk:"volume"`
	UOM    types.String `tfsdk:"uom"`
	Pack   types.Bool   `tfsdk:"pack"`
}

// flatOffer is one element of the flat offers list.
type flatOffer struct {
	ProductID  types.String `tfsdk:"product_id"`
	SizeID     types.String `tfsdk:"size_id"`
	UPC        types.String `tfsdk:"upc"`
	RetailerID types.String `tfsdk:"retailer_id"`
	PartNumber types.String `tfsdk:"part_number"`
	Price      types.Number `tfsdk:"price"`
	SalePrice  types.Number `tfsdk:"sale_price"`
	Stock      types.Number `tfsdk:"stock"`
	InStock    types.Bool   `tfsdk:"in_stock"`
	Shipping   types.Bool   `tfsdk:"shipping"`
	OnDemand   types.Bool   `tfsdk:"on_demand"`
	Pickup     types.Bool   `tfsdk:"pickup"`
}

type catalogRetailer struct {
	ID               types.String   `tfsdk:"id"`
	Name             types.String   `tfsdk:"name"`
	FulfillmentTypes []types.String `tfsdk:"fulfillment_types"`
}

// validateLocation checks a location: an address or both coordinates, not
// both, within range. Unknown values pass.
func validateLocation(ctx context.Context, obj types.Object, diags *diag.Diagnostics) {
	if obj.IsNull() || obj.IsUnknown() {
		return
	}
	var loc catalogLocation
	if d := obj.As(ctx, &loc, basetypes.ObjectAsOptions{}); d.HasError() {
		diags.Append(d...)
		return
	}
	at := path.Root("location")
	hasAddress, hasLat, hasLong := !loc.Address.IsNull(), !loc.Latitude.IsNull(), !loc.Longitude.IsNull()
	// A part known only at apply may turn out null: which parts the
	// location has is checked once all are known, at read.
	partsKnown := !loc.Address.IsUnknown() && !loc.Latitude.IsUnknown() && !loc.Longitude.IsUnknown()
	switch {
	case !partsKnown:
	case hasAddress && (hasLat || hasLong):
		diags.AddAttributeError(at, "Invalid Location", "location has an address and coordinates: give either "+
			"address, or latitude and longitude, not both. Nothing was sent.")
	case !hasAddress && !hasLat && !hasLong:
		diags.AddAttributeError(at, "Invalid Location", "location is empty: give address, or latitude and "+
			"longitude; or leave location out. Nothing was sent.")
	case hasLat != hasLong:
		missing := "longitude"
		if !hasLat {
			missing = "latitude"
		}
		diags.AddAttributeError(at.AtName(missing), "Invalid Location", "location has only one of latitude and "+
			"longitude: give both, or an address instead. Nothing was sent.")
	}
	for _, c := range []struct {
		name  string
		v     types.Float64
		limit float64
	}{{"latitude", loc.Latitude, 90}, {"longitude", loc.Longitude, 180}} {
		if f := c.v.ValueFloat64(); !c.v.IsUnknown() && (f < -c.limit || f > c.limit) {
			diags.AddAttributeError(at.AtName(c.name), "Invalid Location", fmt.Sprintf("%s must be from %g to %g; "+
				"got %g. Nothing was sent.", c.name, -c.limit, c.limit, f))
		}
	}
	if !hasAddress || loc.Address.IsUnknown() {
		return
	}
	var a catalogAddress
	diags.Append(loc.Address.As(ctx, &a, basetypes.ObjectAsOptions{})...)
	if slices.ContainsFunc([]types.String{a.One, a.Two, a.City, a.State, a.Zip}, func(s types.String) bool {
		return s.IsUnknown() || strings.TrimSpace(s.ValueString()) != ""
	}) {
		return
	}
	diags.AddAttributeError(at.AtName("address"), "Invalid Location", "location.address is empty: give at least "+
		"one of one, two, city, state and zip. Nothing was sent.")
}

// wireLoc is the API's loc.
type wireLoc struct {
	Address *wireAddress `json:"address,omitempty"`
	Coords  *wireCoords  `json:"coords,omitempty"`
}

type wireAddress struct {
	One   string `json:"one,omitempty"`
	Two   string `json:"two,omitempty"`
	City  string `json:"city,omitempty"`
	State string `json:"state,omitempty"`
	Zip   string `json:"zip,omitempty"`
}

type wireCoords struct {
	Lat  float64 `json:"lat"`
	Long float64 `json:"long"`
}

// locBody is the loc to send for a validated, known location; nil for none.
func locBody(ctx context.Context, obj types.Object, diags *diag.Diagnostics) *wireLoc {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	var loc catalogLocation
	diags.Append(obj.As(ctx, &loc, basetypes.ObjectAsOptions{})...)
	if loc.Address.IsNull() {
		return &wireLoc{Coords: &wireCoords{Lat: loc.Latitude.ValueFloat64(), Long: loc.Longitude.ValueFloat64()}}
	}
	var a catalogAddress
	diags.Append(loc.Address.As(ctx, &a, basetypes.ObjectAsOptions{})...)
	return &wireLoc{Address: &wireAddress{One: a.One.ValueString(), Two: a.Two.ValueString(),
		City: a.City.ValueString(), State: a.State.ValueString(), Zip: a.Zip.ValueString()}}
}

// knownStrings is a known list's strings, nulls left out.
func knownStrings(l types.List) []string {
	var out []string
	for _, e := range l.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// wireCatalog is an answer of /catalog/search or /catalog/availability:
// its fields at the top level. Free-form members (attributes, images,
// hours) are not decoded. Identifiers are labels: strings as sent, or a
// number's exact digits.
type wireCatalog struct {
	Products   items[wireProduct]         `json:"products"`
	Retailers  items[wireCatalogRetailer] `json:"retailers"`
	Navigation opt[wireNavigation]        `json:"navigation"`
}

type wireProduct struct {
	ID       label           `json:"id"`
	Name     text            `json:"name"`
	Brand    text            `json:"brand"`
	Category text            `json:"category"`
	Sizes    items[wireSize] `json:"sizes"`
}

type wireSize struct {
	ID       label              `json:"id"`
	UPC      label              `json:"upc"`
	Size     label              `json:"size"`
	Volume   label              `json:"volume"`
	UOM      text               `json:"uom"`
	Pack     flag               `json:"pack"`
	Variants items[wireVariant] `json:"variants"`
}

// wireVariant is an offer. How it is fulfilled is said three ways, any of
// which LiquidCommerce may send: fulfillmentTypes (strings in its types),
// the ids of the retailer's fulfillments that serve it, and modalities.
type wireVariant struct {
	PartNumber       label              `json:"partNumber"`
	RetailerID       label              `json:"retailerId"`
	Price            num                `json:"price"`
	SalePrice        num                `json:"salePrice"`
	Stock            num                `json:"stock"`
	FulfillmentTypes opt[wireModeFlags] `json:"fulfillmentTypes"`
	Fulfillments     opt[[]label]       `json:"fulfillments"`
	Modalities       names              `json:"modalities"`
}

// wireModeFlags are an offer's fulfillmentTypes, in the order of modes.
type wireModeFlags struct {
	Shipping modeFlag `json:"shipping"`
	OnDemand modeFlag `json:"onDemand"`
	Bopis    modeFlag `json:"bopis"`
}

// modes are the API's names of the ways an offer is fulfilled, in the
// order of an offer's flags: shipping, on_demand, pickup.
var modes = [3]string{"shipping", "onDemand", "bopis"}

// modeFlag is an entry of fulfillmentTypes: true, or a string other than ""
// and "false" (LiquidCommerce types them as strings), says yes; false, ""
// and "false" say no; null and other values say nothing.
type modeFlag struct{ yes, ok bool }

func (f *modeFlag) UnmarshalJSON(b []byte) error {
	var s string
	switch {
	case bytes.Equal(bytes.TrimSpace(b), []byte("null")):
	case json.Unmarshal(b, &f.yes) == nil:
		f.ok = true
	case json.Unmarshal(b, &s) == nil:
		f.yes, f.ok = s != "" && s != "false", true
	}
	return nil
}

// names is a list of strings, or one string (the SDK types modalities as
// one name, the QA schema as an array); ok when the API sends either.
type names struct {
	v  []string
	ok bool
}

func (n *names) UnmarshalJSON(b []byte) error {
	var one string
	var many items[text]
	switch {
	case bytes.Equal(bytes.TrimSpace(b), []byte("null")):
	case json.Unmarshal(b, &one) == nil:
		n.v, n.ok = []string{one}, true
	case json.Unmarshal(b, &many) == nil && many.ok:
		n.ok = true
		for _, t := range many.v {
			if t.ok {
				n.v = append(n.v, t.v)
			}
		}
	}
	return nil
}

type wireCatalogRetailer struct {
	ID           label `json:"id"`
	Name         text  `json:"name"`
	Fulfillments items[struct {
		ID   label `json:"id"`
		Type text  `json:"type"`
	}] `json:"fulfillments"`
}

type wireNavigation struct {
	CurrentPage num `json:"currentPage"`
	TotalPages  num `json:"totalPages"`
	TotalCount  num `json:"totalCount"`
	Cursor      opt[struct {
		NextPageToken text `json:"nextPageToken"`
	}] `json:"cursor"`
}

// catalogAnswer decodes an answer of POST path, or reports in diags that
// it is not a catalog (nil then): the one place a catalog answer is
// decoded, shared by the catalog reads and FuzzAvailabilityAnswer and
// FuzzSearchAnswer. Only an answer that is not a JSON object fails.
func catalogAnswer(path string, res *client.Response, diags *diag.Diagnostics) *wireCatalog {
	var w wireCatalog
	if err := decodeObject("the answer", res.Body, &w); err != nil {
		diags.AddError("Unexpected Response From LiquidCommerce API", fmt.Sprintf("POST %s answered HTTP %d, but "+
			"not with a catalog: %s.", path, res.Status, err)+supportLine(res.RequestID))
		return nil
	}
	return &w
}

// catalogRequests are the requests of the bodies to path, with the API
// key's token; nil after an error, reported in diags.
func catalogRequests[B any](pd *providerData, path string, bodies []B, diags *diag.Diagnostics) []client.Request {
	reqs := make([]client.Request, len(bodies))
	for i, body := range bodies {
		raw, err := json.Marshal(body)
		if err != nil {
			diags.AddError("Cannot Encode Request", err.Error())
			return nil
		}
		reqs[i] = pd.request(client.Request{Method: http.MethodPost, Path: path, Body: raw})
	}
	return reqs
}

// catalogResult is the decoded answer to a catalog request, sent as part
// of the read (such as "page 2"); nil after an error, reported in diags.
func catalogResult(pd *providerData, path, part string, res *client.Response, err error,
	diags *diag.Diagnostics) *wireCatalog {
	if err != nil {
		addClientErrorAt(diags, err, pd, part)
		return nil
	}
	pd.warnGivenTokenRefused(res, client.APIKey, diags)
	return catalogAnswer(path, res, diags)
}

// catalogMerge gathers the products and retailers of several answers:
// products by id, their sizes by id (or UPC), offers once per retailer and
// part number, retailers by id. What has no id is kept as it comes.
type catalogMerge struct {
	products  []*mergedProduct
	byID      map[string]*mergedProduct
	retailers []*catalogRetailer
	retailer  map[string]*catalogRetailer
	// modeOf is the type of each retailer fulfillment, by id.
	modeOf map[string]string
}

type mergedProduct struct {
	catalogProduct
	sizes  []*mergedSize
	bySize map[string]*mergedSize
}

type mergedSize struct {
	catalogSize
	offers []*mergedOffer
	seen   map[[2]string]*mergedOffer
}

// mergedOffer is an offer and what its answers say of how it is fulfilled,
// for each of modes: whether any field says so (yes), whether any field
// for it was sent (known), and the fulfillment ids to look up once every
// retailer is known.
type mergedOffer struct {
	flatOffer
	yes, known [3]bool
	ids        []string
}

func newCatalogMerge() *catalogMerge {
	return &catalogMerge{byID: map[string]*mergedProduct{}, retailer: map[string]*catalogRetailer{},
		modeOf: map[string]string{}}
}

// add merges an answer in and says how many of its products were new.
func (c *catalogMerge) add(w *wireCatalog) (added int) {
	for _, p := range w.Products.v {
		mp := c.byID[p.ID.v]
		if mp == nil || !p.ID.ok {
			mp = &mergedProduct{catalogProduct: catalogProduct{ID: p.ID.value(), Name: p.Name.value(),
				Brand: p.Brand.value(), Category: p.Category.value()}, bySize: map[string]*mergedSize{}}
			c.products = append(c.products, mp)
			if p.ID.ok {
				c.byID[p.ID.v] = mp
			}
			added++
		}
		for _, s := range p.Sizes.v {
			mp.addSize(s)
		}
	}
	for _, r := range w.Retailers.v {
		cr := c.retailer[r.ID.v]
		if cr == nil || !r.ID.ok {
			cr = &catalogRetailer{ID: r.ID.value(), Name: r.Name.value(), FulfillmentTypes: []types.String{}}
			c.retailers = append(c.retailers, cr)
			if r.ID.ok {
				c.retailer[r.ID.v] = cr
			}
		}
		for _, f := range r.Fulfillments.v {
			if f.ID.ok && f.Type.ok {
				c.modeOf[f.ID.v] = f.Type.v
			}
			if f.Type.ok && !slices.ContainsFunc(cr.FulfillmentTypes, func(t types.String) bool {
				return t.ValueString() == f.Type.v
			}) {
				cr.FulfillmentTypes = append(cr.FulfillmentTypes, f.Type.value())
			}
		}
	}
	return added
}

func (p *mergedProduct) addSize(s wireSize) {
	key := "id:" + s.ID.v
	if !s.ID.ok {
		key = "upc:" + s.UPC.v
	}
	ms := p.bySize[key]
	if ms == nil || !s.ID.ok && !s.UPC.ok {
		ms = &mergedSize{catalogSize: catalogSize{ID: s.ID.value(), UPC: s.UPC.value(), Size: s.Size.value(),
			Volume: s.Volume.value(), UOM: s.UOM.value(), Pack: s.Pack.value()}, seen: map[[2]string]*mergedOffer{}}
		p.sizes = append(p.sizes, ms)
		p.bySize[key] = ms
	}
	for _, v := range s.Variants.v {
		key := [2]string{v.RetailerID.v, v.PartNumber.v}
		mo := ms.seen[key]
		if mo == nil || !v.RetailerID.ok && !v.PartNumber.ok {
			mo = &mergedOffer{flatOffer: flatOffer{RetailerID: v.RetailerID.value(), PartNumber: v.PartNumber.value(),
				Price: v.Price.value(), SalePrice: v.SalePrice.value(), Stock: v.Stock.value()}}
			ms.offers = append(ms.offers, mo)
			ms.seen[key] = mo
		}
		mo.addModes(v)
	}
}

// addModes adds what v says of how the offer is fulfilled: a second answer
// of one offer can only add a yes.
func (o *mergedOffer) addModes(v wireVariant) {
	ft := v.FulfillmentTypes.v
	for i, f := range [3]modeFlag{ft.Shipping, ft.OnDemand, ft.Bopis} {
		o.known[i] = o.known[i] || v.FulfillmentTypes.ok && f.ok || v.Fulfillments.ok || v.Modalities.ok
		o.yes[i] = o.yes[i] || v.FulfillmentTypes.ok && f.ok && f.yes || slices.Contains(v.Modalities.v, modes[i])
	}
	for _, id := range v.Fulfillments.v {
		if id.ok {
			o.ids = append(o.ids, id.v)
		}
	}
}

// flags are the offer's shipping, on_demand and pickup: modeOf gives the
// type of each retailer fulfillment id (ids it lacks are ignored).
func (o *mergedOffer) flags(modeOf map[string]string) [3]types.Bool {
	var out [3]types.Bool
	for i, mode := range modes {
		yes := o.yes[i] || slices.ContainsFunc(o.ids, func(id string) bool { return modeOf[id] == mode })
		out[i] = types.BoolNull()
		if o.known[i] {
			out[i] = types.BoolValue(yes)
		}
	}
	return out
}

// result is the products, the flat offers and the retailers, every list
// sorted.
func (c *catalogMerge) result() ([]catalogProduct, []flatOffer, []catalogRetailer) {
	products, offers, retailers := []catalogProduct{}, []flatOffer{}, []catalogRetailer{}
	for _, mp := range c.products {
		p := mp.catalogProduct
		p.Sizes = []catalogSize{}
		for _, ms := range mp.sizes {
			s := ms.catalogSize
			for _, mo := range ms.offers {
				o := mo.flatOffer
				o.ProductID, o.SizeID, o.UPC, o.InStock = p.ID, s.ID, s.UPC, types.BoolValue(positive(o.Stock))
				f := mo.flags(c.modeOf)
				o.Shipping, o.OnDemand, o.Pickup = f[0], f[1], f[2]
				offers = append(offers, o)
			}
			p.Sizes = append(p.Sizes, s)
		}
		slices.SortStableFunc(p.Sizes, func(a, b catalogSize) int { return cmp.Or(byID(a.ID, b.ID), byID(a.UPC, b.UPC)) })
		products = append(products, p)
	}
	slices.SortStableFunc(products, func(a, b catalogProduct) int { return byID(a.ID, b.ID) })
	slices.SortStableFunc(offers, func(a, b flatOffer) int {
		return cmp.Or(byID(a.ProductID, b.ProductID), byID(a.SizeID, b.SizeID), byID(a.UPC, b.UPC),
			byID(a.RetailerID, b.RetailerID), byID(a.PartNumber, b.PartNumber))
	})
	for _, r := range c.retailers {
		cr := *r
		cr.FulfillmentTypes = append([]types.String{}, r.FulfillmentTypes...)
		slices.SortFunc(cr.FulfillmentTypes, byID)
		retailers = append(retailers, cr)
	}
	slices.SortStableFunc(retailers, func(a, b catalogRetailer) int { return byID(a.ID, b.ID) })
	return products, offers, retailers
}

// positive is whether n is known and more than 0.
func positive(n types.Number) bool {
	return !n.IsNull() && !n.IsUnknown() && n.ValueBigFloat().Sign() > 0
}
