package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// liquidcommerce_catalog_availability: the products, offers and retailers
// of UPCs, product ids and groupings near a location, POST
// /catalog/availability, in requests of at most 20 identifiers.

func newCatalogAvailabilityDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &typedDataSource[catalogAvailabilityModel]{typeBase{p}, catalogAvailabilityRead}
}

const (
	// availabilityBatch is how many identifiers one request carries: the
	// smallest ceiling the API's documentation gives.
	availabilityBatch = 20
	// maxAvailabilityIdentifiers bounds one read to 10 requests.
	maxAvailabilityIdentifiers = 200
)

// identifierList is the schema of upcs, ids and groupings.
func identifierList(desc string) schema.ListAttribute {
	return schema.ListAttribute{
		MarkdownDescription: desc + fmt.Sprintf(" `upcs`, `ids` and `groupings` hold at most %d distinct identifiers "+
			"together (a repeat in one list is sent once, and counts once), and at least one; an empty or blank "+
			"identifier is an error.", maxAvailabilityIdentifiers),
		ElementType: types.StringType,
		Optional:    true,
		// Blank elements are refused by catalogAvailabilityModel.validate,
		// which runs again at read for values known only then.
		Validators: []validator.List{listvalidator.NoNullValues()},
	}
}

var catalogAvailabilityRead = &typedRead[catalogAvailabilityModel]{
	suffix: "_catalog_availability",
	schema: schema.Schema{
		MarkdownDescription: "The catalog's products of the UPCs, product ids and groupings given, with every " +
			"retailer's offer of them near a location (`POST /catalog/availability`), typed. The identifiers are sent " +
			fmt.Sprintf("%d to a request, so `n` distinct ones cost `ceil(n / %d)` requests, at most %d in all, ",
				availabilityBatch, availabilityBatch, maxAvailabilityIdentifiers) +
			"sent together (" + descInFlight + "); the answers are merged in the order of the requests. Without " +
			"`location` the API answers every offer with stock 0 and no way to fulfill it. Prices are in cents, as the API returns them. Needs the provider's API key.",
		Attributes: map[string]schema.Attribute{
			"upcs": identifierList("UPCs, sent as the API's `upcs`; the API answers the products of these UPCs, with " +
				"the sizes it chooses (the sizes of the UPCs, at least)."),
			"ids": identifierList("Product ids, sent as the API's `ids`; the API answers these products."),
			"groupings": identifierList("Groupings (categories, such as `gin`), sent as the API's `grouping`; the " +
				"API answers the products of these groupings. A product found in several ways has the sizes of " +
				"every answer, merged."),
			"location":  locationAttribute("Without it nothing is in stock."),
			"products":  productsAttribute("The products found, merged across the requests."),
			"offers":    offersAttribute(),
			"retailers": retailersAttribute(),
		},
	},
	validate: func(ctx context.Context, m *catalogAvailabilityModel, diags *diag.Diagnostics) {
		m.validate(ctx, diags)
	},
	read: func(ctx context.Context, pd *providerData, m *catalogAvailabilityModel, _ bool, diags *diag.Diagnostics) {
		m.read(ctx, pd, diags)
	},
}

func retailersAttribute() schema.ListAttribute {
	return objectList("The retailers the API lists with its answers, sorted by `id`.", map[string]schema.Attribute{
		"id":   schema.StringAttribute{MarkdownDescription: "The retailer's id.", Computed: true},
		"name": schema.StringAttribute{MarkdownDescription: "The retailer's name.", Computed: true},
		"fulfillment_types": schema.ListAttribute{MarkdownDescription: "How the retailer fulfills, sorted: the " +
			"`type` of each of its fulfillments, such as `shipping`, `onDemand` and `bopis` (pickup).",
			ElementType: types.StringType, Computed: true},
	})
}

// catalogAvailabilityModel is liquidcommerce_catalog_availability.
type catalogAvailabilityModel struct {
	UPCs      types.List        `tfsdk:"upcs"`
	IDs       types.List        `tfsdk:"ids"`
	Groupings types.List        `tfsdk:"groupings"`
	Location  types.Object      `tfsdk:"location"`
	Products  []catalogProduct  `tfsdk:"products"`
	Offers    []flatOffer       `tfsdk:"offers"`
	Retailers []catalogRetailer `tfsdk:"retailers"`
	// The read's own max_retries and request_timeout.
	readLimitsModel
}

// validate checks the identifiers, their count and the location; unknown
// values pass until they are known (it runs at validation and at read).
func (m *catalogAvailabilityModel) validate(ctx context.Context, diags *diag.Diagnostics) {
	validateLocation(ctx, m.Location, diags)
	lists := []struct {
		name, what string
		l          types.List
	}{{"upcs", "a UPC", m.UPCs}, {"ids", "a product id", m.IDs}, {"groupings", "a grouping", m.Groupings}}
	// A blank identifier would be sent as it is, and match nothing or,
	// worse, whatever the API makes of it.
	for _, l := range lists {
		for i, e := range l.l.Elements() {
			if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() && blank(s.ValueString()) {
				diags.AddAttributeError(path.Root(l.name).AtListIndex(i), "Blank Catalog Identifier",
					fmt.Sprintf("%s[%d] is empty or only spaces: give %s, or leave the element out. Nothing was sent.",
						l.name, i, l.what))
			}
		}
	}
	// The ceiling counts what is sent: each list's distinct known values (a
	// repeat goes once, see batches); values known only at read count then.
	total, most, unknown, largest := 0, 0, false, "upcs"
	for _, l := range lists {
		n := len(slices.Compact(slices.Sorted(slices.Values(knownStrings(l.l)))))
		unknown = unknown || l.l.IsUnknown() || slices.ContainsFunc(l.l.Elements(), attr.Value.IsUnknown)
		total += n
		if n > most {
			most, largest = n, l.name
		}
	}
	switch {
	case total == 0 && !unknown:
		diags.AddAttributeError(path.Root("upcs"), "No Catalog Identifiers", "Give at least one UPC, product id or "+
			"grouping, in upcs, ids or groupings. Nothing was sent.")
	case total > maxAvailabilityIdentifiers:
		diags.AddAttributeError(path.Root(largest), "Too Many Catalog Identifiers", fmt.Sprintf("upcs, ids and "+
			"groupings hold %d distinct identifiers together; at most %d can be read at once (%d requests of %d). Split them "+
			"across several liquidcommerce_catalog_availability data sources. Nothing was sent.", total,
			maxAvailabilityIdentifiers, maxAvailabilityIdentifiers/availabilityBatch, availabilityBatch))
	}
}

// availabilityBody is the body of one POST /catalog/availability.
type availabilityBody struct {
	UPCs     []string `json:"upcs,omitempty"`
	IDs      []string `json:"ids,omitempty"`
	Grouping []string `json:"grouping,omitempty"`
	Loc      *wireLoc `json:"loc,omitempty"`
}

// batches splits the identifiers, each kind without repeats, in the order
// given (upcs, then ids, then groupings), into bodies of at most
// availabilityBatch identifiers.
func (m *catalogAvailabilityModel) batches(loc *wireLoc) []availabilityBody {
	var out []availabilityBody
	n := availabilityBatch
	for kind, l := range []types.List{m.UPCs, m.IDs, m.Groupings} {
		seen := map[string]bool{}
		for _, id := range knownStrings(l) {
			if seen[id] {
				continue
			}
			seen[id] = true
			if n == availabilityBatch {
				out, n = append(out, availabilityBody{Loc: loc}), 0
			}
			b := &out[len(out)-1]
			dst := [...]*[]string{&b.UPCs, &b.IDs, &b.Grouping}[kind]
			*dst = append(*dst, id)
			n++
		}
	}
	return out
}

// read sends the batches with the API key's token, at most maxInFlight at a
// time, and merges the answers in the batches' order.
func (m *catalogAvailabilityModel) read(ctx context.Context, pd *providerData, diags *diag.Diagnostics) {
	c := pd.apiClient("liquidcommerce_catalog_availability", client.APIKey, diags)
	if c == nil {
		return
	}
	loc := locBody(ctx, m.Location, diags)
	if diags.HasError() {
		return
	}
	const at = "/catalog/availability"
	batches := m.batches(loc)
	reqs := catalogRequests(pd, at, batches, diags)
	if diags.HasError() {
		return
	}
	merged := newCatalogMerge()
	sendInOrder(ctx, c, reqs, func(i int, res *client.Response, err error) bool {
		w := catalogResult(pd, at, fmt.Sprintf("request %d of %d", i+1, len(batches)), res, err, diags)
		if w != nil {
			merged.add(w)
		}
		return w != nil
	})
	if !diags.HasError() {
		m.Products, m.Offers, m.Retailers = merged.result()
	}
}
