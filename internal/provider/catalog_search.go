package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// liquidcommerce_catalog_search: the products a catalog search finds, POST
// /catalog/search, every page up to max_results.

func newCatalogSearchDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &typedDataSource[catalogSearchModel]{typeBase{p}, catalogSearchRead}
}

const (
	// searchPage is the page size asked for: the catalog's largest is not
	// published, so the Orders API's.
	searchPage              = 100
	defaultSearchMaxResults = 50
	maxSearchMaxResults     = 1000
	maxSearchRetailers      = 20
)

// searchMaxResults is max_results's rule.
var searchMaxResults = whole{1, maxSearchMaxResults}

// priceRule is the rule of the price filter's min and max: whole cents, as
// every amount.
var priceRule = whole{0, maxCents}

// maxCents bounds a price filter: ten billion dollars.
const maxCents = 1_000_000_000_000

var catalogSearchRead = &typedRead[catalogSearchModel]{
	suffix: "_catalog_search",
	schema: schema.Schema{
		MarkdownDescription: "The products a catalog search finds (`POST /catalog/search`), typed, with every " +
			"retailer's offer of them: every page, up to `max_results` products. Pages of 100 (or `max_results`, " +
			"when smaller) are read by the API's cursor when it gives one, one after another, else by page number, " +
			"the pages its navigation says remain asked together (" + descInFlight + ") and read in order, until " +
			"`max_results` or the last page; so `n` products cost `ceil(n / 100)` requests (when a page ends the " +
			"read early, up to 4 pages asked with it are dropped). Prices are in cents, as the API " +
			"returns them. Needs the provider's API key.",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{MarkdownDescription: "The words to search for, sent as the API's " +
				"`search`; leave it out to list the catalog.", Optional: true},
			"categories": schema.ListAttribute{MarkdownDescription: "Only products of these categories, such as " +
				"`gin` (the `categories` filter).", ElementType: types.StringType, Optional: true,
				Validators: []validator.List{listvalidator.NoNullValues()}},
			"price": schema.SingleNestedAttribute{
				MarkdownDescription: "Only products with an offer priced within this range, sale prices counted " +
					"(the `price` filter). In cents, as the API takes it: `{ max = 5000 }` is up to $50.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"min": schema.NumberAttribute{MarkdownDescription: "The lowest price, in whole cents.", Optional: true,
						Validators: []validator.Number{priceRule}},
					"max": schema.NumberAttribute{MarkdownDescription: "The highest price, in whole cents.", Optional: true,
						Validators: []validator.Number{priceRule}},
				},
			},
			"availability": schema.StringAttribute{MarkdownDescription: "Only products so available (the " +
				"`availability` filter): `IN_STOCK`, `OUT_OF_STOCK`, `PREORDER` or `BACKORDER`.", Optional: true,
				Validators: []validator.String{stringvalidator.OneOf("IN_STOCK", "OUT_OF_STOCK", "PREORDER", "BACKORDER")}},
			"fulfillment": schema.ListAttribute{MarkdownDescription: "Only products with an offer fulfilled one of " +
				"these ways (the `fulfillment` filter): `onDemand`, `shipping`, `bopis` (pickup).",
				ElementType: types.StringType, Optional: true,
				Validators: []validator.List{listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf("onDemand", "shipping", "bopis"))}},
			"brands": schema.ListAttribute{MarkdownDescription: "Only products of these brands (the `brands` filter).",
				ElementType: types.StringType, Optional: true, Validators: []validator.List{listvalidator.NoNullValues()}},
			"retailers": schema.ListAttribute{MarkdownDescription: fmt.Sprintf("Only these retailers' offers, by "+
				"id, at most %d; a product none of them offers is not found.", maxSearchRetailers),
				ElementType: types.StringType, Optional: true,
				Validators: []validator.List{listvalidator.NoNullValues(), listvalidator.SizeAtMost(maxSearchRetailers)}},
			"order_by": schema.StringAttribute{MarkdownDescription: "What the API orders by, sent as `orderBy`: " +
				"`price` is the value published. It decides which products are read when there are more than " +
				"`max_results`; `products` are then sorted by `id`.", Optional: true},
			"order_direction": schema.StringAttribute{MarkdownDescription: "`asc` or `desc`, sent as `orderDirection`.",
				Optional: true, Validators: []validator.String{stringvalidator.OneOf("asc", "desc")}},
			"location": locationAttribute("The API's documentation takes it for search too."),
			"max_results": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The most products to read, from 1 to %d; default %d. Reading stops "+
					"there; compare `total_count`.", maxSearchMaxResults, defaultSearchMaxResults),
				Optional: true, Computed: true,
				Validators: []validator.Number{searchMaxResults},
			},
			"total_count": schema.Int64Attribute{MarkdownDescription: "How many products the API says the search " +
				"finds (its `navigation.totalCount`), which may be more than were read; null when it does not say.",
				Computed: true},
			"complete": schema.BoolAttribute{MarkdownDescription: descComplete, Computed: true},
			"products": productsAttribute("The products read: the API's first `max_results`, which `order_by` decides."),
			"offers":   offersAttribute(),
		},
	},
	validate: func(ctx context.Context, m *catalogSearchModel, diags *diag.Diagnostics) { m.validate(ctx, diags) },
	read: func(ctx context.Context, pd *providerData, m *catalogSearchModel, _ bool, diags *diag.Diagnostics) {
		m.read(ctx, pd, diags)
	},
}

// catalogSearchModel is liquidcommerce_catalog_search.
type catalogSearchModel struct {
	Search         types.String     `tfsdk:"search"`
	Categories     types.List       `tfsdk:"categories"`
	Price          types.Object     `tfsdk:"price"`
	Availability   types.String     `tfsdk:"availability"`
	Fulfillment    types.List       `tfsdk:"fulfillment"`
	Brands         types.List       `tfsdk:"brands"`
	Retailers      types.List       `tfsdk:"retailers"`
	OrderBy        types.String     `tfsdk:"order_by"`
	OrderDirection types.String     `tfsdk:"order_direction"`
	Location       types.Object     `tfsdk:"location"`
	MaxResults     types.Number     `tfsdk:"max_results"`
	TotalCount     types.Int64      `tfsdk:"total_count"`
	Complete       types.Bool       `tfsdk:"complete"`
	Products       []catalogProduct `tfsdk:"products"`
	Offers         []flatOffer      `tfsdk:"offers"`
	// The read's own max_retries and request_timeout.
	readLimitsModel
}

type priceRange struct {
	Min types.Number `tfsdk:"min"`
	Max types.Number `tfsdk:"max"`
}

// validate checks the location and the price range; unknown values pass
// until they are known.
func (m *catalogSearchModel) validate(ctx context.Context, diags *diag.Diagnostics) {
	validateLocation(ctx, m.Location, diags)
	if m.Price.IsNull() || m.Price.IsUnknown() {
		return
	}
	var p priceRange
	if diags.Append(m.Price.As(ctx, &p, basetypes.ObjectAsOptions{})...); diags.HasError() {
		return
	}
	at := path.Root("price")
	switch {
	case p.Min.IsNull() && p.Max.IsNull():
		diags.AddAttributeError(at, "Invalid Price Range", "price is empty: give min, max or both, in cents; or leave "+
			"price out. Nothing was sent.")
	case !p.Min.IsNull() && !p.Max.IsNull() && !p.Min.IsUnknown() && !p.Max.IsUnknown() &&
		p.Min.ValueBigFloat().Cmp(p.Max.ValueBigFloat()) > 0:
		diags.AddAttributeError(at.AtName("max"), "Invalid Price Range", fmt.Sprintf("price.max (%s) is below "+
			"price.min (%s). Nothing was sent.", p.Max.ValueBigFloat().Text('g', -1), p.Min.ValueBigFloat().Text('g', -1)))
	}
}

// searchBody is the body of one POST /catalog/search.
type searchBody struct {
	Search         string         `json:"search,omitempty"`
	Page           int            `json:"page"`
	PerPage        int            `json:"perPage"`
	PageToken      string         `json:"pageToken,omitempty"`
	Retailers      []string       `json:"retailers,omitempty"`
	OrderBy        string         `json:"orderBy,omitempty"`
	OrderDirection string         `json:"orderDirection,omitempty"`
	Filters        []searchFilter `json:"filters,omitempty"`
	Loc            *wireLoc       `json:"loc,omitempty"`
	// first is the number of the API's first page, which it is not sent:
	// 0 as its docs say, or 1 when it answers the first request, page 0, as
	// page 1 (its README example and a public client count from 1).
	first int
	// ahead is how many pages after this one the last answer's navigation
	// says remain, when the read follows page numbers; 0 otherwise.
	ahead int
}

// name is the page as the read's reasons and errors name it: the API's
// number of it, or its cursor.
func (b *searchBody) name() string {
	if b.PageToken != "" {
		return "the page of a cursor token"
	}
	return fmt.Sprintf("page %d", max(b.Page, b.first))
}

// searchFilter is one of the API's filters, its values in the published
// form of its key: a list, a string (availability) or {min, max} (price).
type searchFilter struct {
	Key    string `json:"key"`
	Values any    `json:"values"`
}

type priceValues struct {
	Min *int64 `json:"min,omitempty"`
	Max *int64 `json:"max,omitempty"`
}

// body is the first page's request.
func (m *catalogSearchModel) body(ctx context.Context, perPage int, diags *diag.Diagnostics) searchBody {
	b := searchBody{Search: m.Search.ValueString(), PerPage: perPage, Retailers: knownStrings(m.Retailers),
		OrderBy: m.OrderBy.ValueString(), OrderDirection: m.OrderDirection.ValueString(),
		Loc: locBody(ctx, m.Location, diags)}
	for _, f := range []struct {
		key string
		l   types.List
	}{{"categories", m.Categories}, {"brands", m.Brands}, {"fulfillment", m.Fulfillment}} {
		if values := knownStrings(f.l); len(values) > 0 {
			b.Filters = append(b.Filters, searchFilter{Key: f.key, Values: values})
		}
	}
	if !m.Availability.IsNull() {
		b.Filters = append(b.Filters, searchFilter{Key: "availability", Values: m.Availability.ValueString()})
	}
	if !m.Price.IsNull() {
		var p priceRange
		diags.Append(m.Price.As(ctx, &p, basetypes.ObjectAsOptions{})...)
		// Checked again: a value known only at read was not validated.
		var v priceValues
		if n, ok := priceRule.check(path.Root("price").AtName("min"), p.Min, diags); ok {
			v.Min = &n
		}
		if n, ok := priceRule.check(path.Root("price").AtName("max"), p.Max, diags); ok {
			v.Max = &n
		}
		b.Filters = append(b.Filters, searchFilter{Key: "price", Values: v})
	}
	return b
}

// read follows the pages with the API key's token: by the cursor's
// nextPageToken when the API gives one, one after another, else by page
// number while navigation says more pages remain, sending the pages it
// counts together (sendInOrder). It stops at max_results, the last
// page, a short or empty page, a page with nothing new, or a token seen
// before.
func (m *catalogSearchModel) read(ctx context.Context, pd *providerData, diags *diag.Diagnostics) {
	c := pd.apiClient("liquidcommerce_catalog_search", client.APIKey, diags)
	if c == nil {
		return
	}
	if m.MaxResults.IsNull() || m.MaxResults.IsUnknown() {
		m.MaxResults = types.NumberValue(big.NewFloat(defaultSearchMaxResults))
	}
	n, _ := searchMaxResults.check(path.Root("max_results"), m.MaxResults, diags)
	limit := int(n)
	perPage := min(searchPage, limit)
	body := m.body(ctx, perPage, diags)
	if diags.HasError() {
		return
	}
	const at = "/catalog/search"
	merged, tokens := newCatalogMerge(), map[string]bool{}
	m.TotalCount = types.Int64Null()
	for more := true; more; {
		// By page number, the pages navigation says remain (as many as
		// max_results needs) are sent together; by cursor, and before
		// navigation says, one at a time.
		need := (limit - len(merged.products) + perPage - 1) / perPage
		bodies := []searchBody{body}
		for len(bodies) < min(1+body.ahead, need) {
			next := bodies[len(bodies)-1]
			next.Page++
			bodies = append(bodies, next)
		}
		reqs := catalogRequests(pd, at, bodies, diags)
		if diags.HasError() {
			return
		}
		sendInOrder(ctx, c, reqs, func(i int, res *client.Response, err error) bool {
			w := catalogResult(pd, at, bodies[i].name(), res, err, diags)
			if w == nil {
				more = false
				return false
			}
			var why string
			if more, why = m.addPage(w, merged, &body, tokens, limit, perPage); !more {
				m.Complete = completeness("liquidcommerce_catalog_search read", "products", len(merged.products),
					limit, m.TotalCount, why, diags)
				return false
			}
			// The pages sent with it follow page numbers; an answer that
			// turns to a cursor, or to another number, asks again.
			return i+1 < len(bodies) && body.PageToken == "" && body.Page == bodies[i+1].Page
		})
		if diags.HasError() {
			return
		}
	}
	// The first max_results, in the API's order.
	merged.products = merged.products[:min(limit, len(merged.products))]
	m.Products, m.Offers, _ = merged.result()
}

// addPage merges one decoded page into merged, keeps its total count, and
// says whether to read another, and if not, why it stopped: it sets body to
// ask for the next page, by the cursor's nextPageToken when the answer
// gives one (tokens holds those followed), else by page number while
// navigation says more pages remain. A page is the last at limit products,
// when it adds none, when it is short and says no more follow, or when its
// token was followed before. With catalogAnswer it is what FuzzSearchAnswer
// runs of a read.
func (m *catalogSearchModel) addPage(w *wireCatalog, merged *catalogMerge, body *searchBody, tokens map[string]bool,
	limit, perPage int) (bool, string) {
	nav := w.Navigation.v
	if n, ok := wholeNumber(nav.TotalCount); ok {
		m.TotalCount = types.Int64Value(n)
	}
	got := w.Products.len()
	added := merged.add(w)
	asked := body.name()
	body.ahead = 0
	switch {
	case len(merged.products) >= limit:
		return false, "it reached max_results"
	case got == 0:
		return false, asked + " was empty"
	case added == 0:
		return false, asked + " had no product not read before"
	}
	// A short page is the last unless the answer says more follow: the
	// API's largest page may be smaller than the one asked for.
	current, ok := wholeNumber(nav.CurrentPage)
	if !ok {
		current = int64(max(body.Page, body.first))
	}
	if body.Page == 0 && body.PageToken == "" && current == 1 {
		body.first = 1
	}
	pages, known := wholeNumber(nav.TotalPages)
	next := nav.Cursor.v.NextPageToken
	// A page number out of the pages known is the last page too (and
	// current+1 cannot overflow below).
	lastPage := pages - 1 + int64(body.first)
	last := !known || current < 0 || current > pages || current >= lastPage
	const noNext = "the API gave no next page (no cursor token, and navigation says it was the last page)"
	if got < perPage && (!next.ok || next.v == "") && last {
		return false, noNext
	}
	if next.ok && next.v != "" {
		if tokens[next.v] {
			return false, "the API gave a cursor token already followed"
		}
		tokens[next.v] = true
		body.Page, body.PageToken = body.Page+1, next.v
		return true, ""
	}
	if last {
		return false, noNext
	}
	body.Page, body.PageToken, body.ahead = int(current)+1, "", int(min(lastPage-current-1, maxSearchMaxResults))
	return true, ""
}
