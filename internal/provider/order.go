package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// liquidcommerce_order: one order of the Orders API, GET /orders/{id},
// typed, without its personal data.

func newOrderDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &typedDataSource[orderModel]{typeBase{p}, orderRead}
}

func newOrderEphemeralResource(p *liquidCommerceProvider) ephemeral.EphemeralResource {
	return &typedEphemeralResource[orderModel]{typeBase{p}, orderRead}
}

// descOrderStatus is the status rule, said the same way wherever it applies
// (orderStatus).
const descOrderStatus = "The order's status, derived from its fulfillments the same way for every order, since " +
	"LiquidCommerce's order type keeps statuses on each fulfillment: (1) a fulfillment's status is its `status`, " +
	"else the status of its latest `timeline` entry by timestamp, else unknown; (2) an order with no " +
	"fulfillments takes the API's top-level `status` (an empty one counts as absent), else null; (3) otherwise " +
	"`canceled` fulfillments are left out, and when none is left the order is `canceled`; (4) when every " +
	"fulfillment left is `created`, `processing`, `inTransit` or `delivered`, the order takes the least advanced " +
	"of them, so it is `delivered` only when every live fulfillment is; (5) otherwise, when every fulfillment left " +
	"has the same status (such as `test`), the order takes it; any other mix, or an unknown status, gives null. " +
	"So compare it null-safe, as in `coalesce(status, \"unknown\") == \"delivered\"`."

// descAPIStatus describes api_status.
const descAPIStatus = "The top-level `status` exactly as the API sent it, null when the answer has none: " +
	"LiquidCommerce's order type has no such field, and only some answers carry one. `status` is the one to check."

// descLegacyOrderNumber describes legacy_order_number.
const descLegacyOrderNumber = "The legacy order number, a string exactly as the API sent it (it may hold letters " +
	"or leading zeros; a JSON number keeps its exact digits); null when the order has none. It can be passed back as " +
	"`id` of `liquidcommerce_order`."

// descAmount describes one amount; the unit is the API's, unconverted.
func descAmount(what string) string {
	return what + ", in cents as the API returns it (`6048` is $60.48), unconverted; null when the API leaves it out."
}

var orderRead = &typedRead[orderModel]{
	suffix: "_order",
	schema: schema.Schema{
		MarkdownDescription: "One order of the LiquidCommerce Orders API (`GET /orders/{id}`), typed: its ids, times, " +
			"status, amounts, retailers with their fulfillments and packages, and items. **No personal data**: the " +
			"customer, addresses, payment methods, gift and pickup contacts, messages, engraving lines, tracking " +
			"numbers and tracking URLs are not in the schema, so they reach neither the state nor the plan; read " +
			"them, when you must, with the ephemeral `liquidcommerce_api_request`. Needs the provider's Orders " +
			"credentials. A missing order is an error; for a check that an order is absent, use " +
			"`liquidcommerce_api_request` with `accept_status = [404]`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The order's `referenceId` (e.g. `LC-1001`) or its legacy order number, as the " +
					"string the API gives (e.g. `R482913075` or `0004829130`).",
				Required:   true,
				Validators: []validator.String{orderIDValidator{}},
			},
			"reference_id": schema.StringAttribute{MarkdownDescription: "The order's `referenceId`, null for an older " +
				"order that has only a legacy order number.", Computed: true},
			"legacy_order_number": schema.StringAttribute{MarkdownDescription: descLegacyOrderNumber, Computed: true},
			"partner_id":          schema.StringAttribute{MarkdownDescription: "The partner's id.", Computed: true},
			"partner_name":        schema.StringAttribute{MarkdownDescription: "The partner's name.", Computed: true},
			"created_at": schema.StringAttribute{MarkdownDescription: "When the order was created (RFC 3339), as the API " +
				"gives it.", Computed: true},
			"updated_at": schema.StringAttribute{MarkdownDescription: "When the order was last updated (RFC 3339), as the " +
				"API gives it.", Computed: true},
			"status":     schema.StringAttribute{MarkdownDescription: descOrderStatus, Computed: true},
			"api_status": schema.StringAttribute{MarkdownDescription: descAPIStatus, Computed: true},
			"amounts": schema.SingleNestedAttribute{
				MarkdownDescription: "The order's amounts, in cents as the API returns them, unconverted.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"subtotal":  schema.NumberAttribute{MarkdownDescription: descAmount("The subtotal"), Computed: true},
					"shipping":  schema.NumberAttribute{MarkdownDescription: descAmount("Shipping"), Computed: true},
					"platform":  schema.NumberAttribute{MarkdownDescription: descAmount("The platform fee"), Computed: true},
					"tax":       schema.NumberAttribute{MarkdownDescription: descAmount("Tax"), Computed: true},
					"engraving": schema.NumberAttribute{MarkdownDescription: descAmount("Engraving"), Computed: true},
					"service":   schema.NumberAttribute{MarkdownDescription: descAmount("The service fee"), Computed: true},
					"delivery":  schema.NumberAttribute{MarkdownDescription: descAmount("Delivery"), Computed: true},
					"discounts": schema.NumberAttribute{MarkdownDescription: descAmount("Discounts"), Computed: true},
					"gift_cards": schema.NumberAttribute{MarkdownDescription: descAmount("What gift cards paid"),
						Computed: true},
					"tip":   schema.NumberAttribute{MarkdownDescription: descAmount("The tip"), Computed: true},
					"total": schema.NumberAttribute{MarkdownDescription: descAmount("The total"), Computed: true},
				},
			},
			"retailers": objectList("The retailers that fill the order, by id.", map[string]schema.Attribute{
				"id":   schema.StringAttribute{MarkdownDescription: "The retailer's id.", Computed: true},
				"name": schema.StringAttribute{MarkdownDescription: "The retailer's name.", Computed: true},
				"fulfillments": schema.ListNestedAttribute{
					MarkdownDescription: "The retailer's fulfillments of the order, by id.",
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{MarkdownDescription: "The fulfillment's id.", Computed: true},
						"type": schema.StringAttribute{MarkdownDescription: "`shipping`, `onDemand`, `digital` or `bopis`.",
							Computed: true},
						"status": schema.StringAttribute{MarkdownDescription: "The fulfillment's status: its `status`, " +
							"else the status of its latest `timeline` entry by timestamp; null when neither says.",
							Computed: true},
						"updated_at": schema.StringAttribute{MarkdownDescription: "When the fulfillment last changed " +
							"(RFC 3339), as the API gives it.", Computed: true},
						"scheduled_for": schema.StringAttribute{MarkdownDescription: "When it is scheduled for (RFC 3339), " +
							"null when it is not scheduled.", Computed: true},
						"packages": schema.ListNestedAttribute{
							MarkdownDescription: "Its packages, by id, without tracking numbers and URLs.",
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
								"id":      schema.StringAttribute{MarkdownDescription: "The package's id.", Computed: true},
								"carrier": schema.StringAttribute{MarkdownDescription: "The carrier.", Computed: true},
								"status": schema.StringAttribute{MarkdownDescription: "`pending`, `shipped`, `delivered`, " +
									"`canceled`, `returned` or `exception`.", Computed: true},
							}},
						},
					}},
				},
			}),
			"items": objectList("The order's items, by id.", map[string]schema.Attribute{
				"id":             schema.StringAttribute{MarkdownDescription: "The item's id.", Computed: true},
				"retailer_id":    schema.StringAttribute{MarkdownDescription: "The retailer that fills it.", Computed: true},
				"fulfillment_id": schema.StringAttribute{MarkdownDescription: "The fulfillment it is in.", Computed: true},
				"name":           schema.StringAttribute{MarkdownDescription: "The product's name.", Computed: true},
				"brand":          schema.StringAttribute{MarkdownDescription: "The product's brand.", Computed: true},
				"upc":            schema.StringAttribute{MarkdownDescription: "The product's UPC, as a string.", Computed: true},
				"sku":            schema.StringAttribute{MarkdownDescription: "The product's SKU.", Computed: true},
				"quantity":       schema.NumberAttribute{MarkdownDescription: "How many were ordered.", Computed: true},
				"price":          schema.NumberAttribute{MarkdownDescription: descAmount("The line's price"), Computed: true},
				"unit_price":     schema.NumberAttribute{MarkdownDescription: descAmount("The unit price"), Computed: true},
			}),
		},
	},
	read: readOrder,
}

// orderModel is liquidcommerce_order.
type orderModel struct {
	ID                types.String    `tfsdk:"id"`
	ReferenceID       types.String    `tfsdk:"reference_id"`
	LegacyOrderNumber types.String    `tfsdk:"legacy_order_number"`
	PartnerID         types.String    `tfsdk:"partner_id"`
	PartnerName       types.String    `tfsdk:"partner_name"`
	CreatedAt         types.String    `tfsdk:"created_at"`
	UpdatedAt         types.String    `tfsdk:"updated_at"`
	Status            types.String    `tfsdk:"status"`
	APIStatus         types.String    `tfsdk:"api_status"`
	Amounts           *orderAmounts   `tfsdk:"amounts"`
	Retailers         []orderRetailer `tfsdk:"retailers"`
	Items             []orderItem     `tfsdk:"items"`
	// The read's own max_retries and request_timeout.
	readLimitsModel
}

type orderAmounts struct {
	Subtotal  types.Number `tfsdk:"subtotal"`
	Shipping  types.Number `tfsdk:"shipping"`
	Platform  types.Number `tfsdk:"platform"`
	Tax       types.Number `tfsdk:"tax"`
	Engraving types.Number `tfsdk:"engraving"`
	Service   types.Number `tfsdk:"service"`
	Delivery  types.Number `tfsdk:"delivery"`
	Discounts types.Number `tfsdk:"discounts"`
	GiftCards types.Number `tfsdk:"gift_cards"`
	Tip       types.Number `tfsdk:"tip"`
	Total     types.Number `tfsdk:"total"`
}

type orderRetailer struct {
	ID           types.String       `tfsdk:"id"`
	Name         types.String       `tfsdk:"name"`
	Fulfillments []orderFulfillment `tfsdk:"fulfillments"`
}

type orderFulfillment struct {
	ID           types.String   `tfsdk:"id"`
	Type         types.String   `tfsdk:"type"`
	Status       types.String   `tfsdk:"status"`
	UpdatedAt    types.String   `tfsdk:"updated_at"`
	ScheduledFor types.String   `tfsdk:"scheduled_for"`
	Packages     []orderPackage `tfsdk:"packages"`
}

type orderPackage struct {
	ID      types.String `tfsdk:"id"`
	Carrier types.String `tfsdk:"carrier"`
	Status  types.String `tfsdk:"status"`
}

type orderItem struct {
	ID            types.String `tfsdk:"id"`
	RetailerID    types.String `tfsdk:"retailer_id"`
	FulfillmentID types.String `tfsdk:"fulfillment_id"`
	Name          types.String `tfsdk:"name"`
	Brand         types.String `tfsdk:"brand"`
	UPC           types.String `tfsdk:"upc"`
	SKU           types.String `tfsdk:"sku"`
	Quantity      types.Number `tfsdk:"quantity"`
	Price         types.Number `tfsdk:"price"`
	UnitPrice     types.Number `tfsdk:"unit_price"`
}

// wireOrder is an order as the API sends it (LiquidCommerce's IOrder): only
// what the schema keeps is decoded, so personal data is never even held in
// a typed field. Identifiers are labels: strings, or numbers kept as their
// exact digits. IOrder has no top-level status or timeline; a status that
// some answers carry is read as sent, for api_status and for an order
// without fulfillments.
type wireOrder struct {
	ReferenceID       label                `json:"referenceId"`
	LegacyOrderNumber label                `json:"legacyOrderNumber"`
	PartnerID         label                `json:"partnerId"`
	PartnerName       text                 `json:"partnerName"`
	CreatedAt         text                 `json:"createdAt"`
	UpdatedAt         text                 `json:"updatedAt"`
	Status            text                 `json:"status"`
	Amounts           opt[wireAmounts]     `json:"amounts"`
	Retailers         items[wireRetailer]  `json:"retailers"`
	Items             items[wireOrderItem] `json:"items"`
}

type wireAmounts struct {
	Subtotal  num `json:"subtotal"`
	Shipping  num `json:"shipping"`
	Platform  num `json:"platform"`
	Tax       num `json:"tax"`
	Engraving num `json:"engraving"`
	Service   num `json:"service"`
	Delivery  num `json:"delivery"`
	Discounts num `json:"discounts"`
	GiftCards num `json:"giftCards"`
	Tip       num `json:"tip"`
	Total     num `json:"total"`
}

type wireRetailer struct {
	ID           label                  `json:"id"`
	Name         text                   `json:"name"`
	Fulfillments items[wireFulfillment] `json:"fulfillments"`
}

type wireFulfillment struct {
	ID           label              `json:"id"`
	Type         text               `json:"type"`
	Status       text               `json:"status"`
	Timeline     items[event]       `json:"timeline"`
	UpdatedAt    text               `json:"updatedAt"`
	ScheduledFor text               `json:"scheduledFor"`
	Packages     items[wirePackage] `json:"packages"`
}

// wirePackage leaves out trackingNumber and trackingUrl, which are
// personal data.
type wirePackage struct {
	ID      label `json:"id"`
	Carrier text  `json:"carrier"`
	Status  text  `json:"status"`
}

type wireOrderItem struct {
	ID            label `json:"id"`
	RetailerID    label `json:"retailerId"`
	FulfillmentID label `json:"fulfillmentId"`
	Product       opt[struct {
		Name  text  `json:"name"`
		Brand text  `json:"brand"`
		UPC   label `json:"upc"`
		SKU   label `json:"sku"`
	}] `json:"product"`
	Pricing opt[struct {
		Price     num `json:"price"`
		UnitPrice num `json:"unitPrice"`
		Quantity  num `json:"quantity"`
	}] `json:"pricing"`
}

// status is a fulfillment's status: its status, else its latest timeline
// entry's; null when neither says (an empty status says nothing).
func (f *wireFulfillment) status() types.String {
	if f.Status.ok && f.Status.v != "" {
		return f.Status.value()
	}
	if s := latestStatus(f.Timeline.v); !s.IsNull() && s.ValueString() != "" {
		return s
	}
	return types.StringNull()
}

// fulfillmentStatuses are the statuses of every fulfillment of every
// retailer of o, null for one whose status is unknown.
func (o *wireOrder) fulfillmentStatuses() []types.String {
	var out []types.String
	for _, r := range o.Retailers.v {
		for _, f := range r.Fulfillments.v {
			out = append(out, f.status())
		}
	}
	return out
}

// status is the order's status by the rule of descOrderStatus.
func (o *wireOrder) status() types.String {
	return orderStatus(o.fulfillmentStatuses(), o.Status)
}

// statusFlow ranks the statuses an order goes through, least advanced first.
var statusFlow = map[string]int{"created": 0, "processing": 1, "inTransit": 2, "delivered": 3}

// orderStatus is an order's status from its fulfillments' statuses (null
// for unknown) and the top-level status the API may send: the five steps of
// descOrderStatus.
func orderStatus(fulfillments []types.String, top text) types.String {
	if len(fulfillments) == 0 {
		if top.ok && top.v != "" {
			return top.value()
		}
		return types.StringNull()
	}
	var live []string
	for _, s := range fulfillments {
		if s.IsNull() || s.IsUnknown() {
			return types.StringNull()
		}
		if s.ValueString() != "canceled" {
			live = append(live, s.ValueString())
		}
	}
	if len(live) == 0 {
		return types.StringValue("canceled")
	}
	least, allInFlow, allSame := live[0], true, true
	for _, s := range live {
		rank, ok := statusFlow[s]
		allInFlow = allInFlow && ok
		allSame = allSame && s == live[0]
		if ok && rank < statusFlow[least] {
			least = s
		}
	}
	switch {
	case allInFlow:
		return types.StringValue(least)
	case allSame:
		return types.StringValue(live[0])
	}
	return types.StringNull()
}

// fill copies what the schema keeps of o into m, every list by id.
func (o *wireOrder) fill(m *orderModel) {
	m.ReferenceID, m.LegacyOrderNumber = o.ReferenceID.value(), o.LegacyOrderNumber.value()
	m.PartnerID, m.PartnerName = o.PartnerID.value(), o.PartnerName.value()
	m.CreatedAt, m.UpdatedAt, m.Status, m.APIStatus = o.CreatedAt.value(), o.UpdatedAt.value(), o.status(), o.Status.value()
	m.Amounts, m.Retailers, m.Items = nil, []orderRetailer{}, []orderItem{}
	if a := o.Amounts.v; o.Amounts.ok {
		m.Amounts = &orderAmounts{Subtotal: a.Subtotal.value(), Shipping: a.Shipping.value(),
			Platform: a.Platform.value(), Tax: a.Tax.value(), Engraving: a.Engraving.value(),
			Service: a.Service.value(), Delivery: a.Delivery.value(), Discounts: a.Discounts.value(),
			GiftCards: a.GiftCards.value(), Tip: a.Tip.value(), Total: a.Total.value()}
	}
	for _, r := range o.Retailers.v {
		retailer := orderRetailer{ID: r.ID.value(), Name: r.Name.value(), Fulfillments: []orderFulfillment{}}
		for _, f := range r.Fulfillments.v {
			ful := orderFulfillment{ID: f.ID.value(), Type: f.Type.value(), Status: f.status(),
				UpdatedAt: f.UpdatedAt.value(), ScheduledFor: f.ScheduledFor.value(), Packages: []orderPackage{}}
			for _, p := range f.Packages.v {
				ful.Packages = append(ful.Packages, orderPackage{ID: p.ID.value(), Carrier: p.Carrier.value(),
					Status: p.Status.value()})
			}
			slices.SortStableFunc(ful.Packages, func(a, b orderPackage) int { return byID(a.ID, b.ID) })
			retailer.Fulfillments = append(retailer.Fulfillments, ful)
		}
		slices.SortStableFunc(retailer.Fulfillments, func(a, b orderFulfillment) int { return byID(a.ID, b.ID) })
		m.Retailers = append(m.Retailers, retailer)
	}
	slices.SortStableFunc(m.Retailers, func(a, b orderRetailer) int { return byID(a.ID, b.ID) })
	for _, it := range o.Items.v {
		p, price := it.Product.v, it.Pricing.v
		m.Items = append(m.Items, orderItem{ID: it.ID.value(), RetailerID: it.RetailerID.value(),
			FulfillmentID: it.FulfillmentID.value(), Name: p.Name.value(), Brand: p.Brand.value(),
			UPC: p.UPC.value(), SKU: p.SKU.value(), Quantity: price.Quantity.value(),
			Price: price.Price.value(), UnitPrice: price.UnitPrice.value()})
	}
	slices.SortStableFunc(m.Items, func(a, b orderItem) int { return byID(a.ID, b.ID) })
}

// byID orders by id, those without one last.
func byID(a, b types.String) int {
	switch {
	case a.IsNull() || b.IsNull():
		return cmp.Compare(boolInt(a.IsNull()), boolInt(b.IsNull()))
	}
	return strings.Compare(a.ValueString(), b.ValueString())
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var errNoData = errors.New("the answer has no data object")

// readOrder reads one order with the Orders credentials.
func readOrder(ctx context.Context, pd *providerData, m *orderModel, _ bool, diags *diag.Diagnostics) {
	c := pd.apiClient("liquidcommerce_order", client.Orders, diags)
	// The validator ran, unless id was known only now.
	check := validator.StringResponse{}
	orderIDValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root("id"), ConfigValue: m.ID}, &check)
	if diags.Append(check.Diagnostics...); c == nil || diags.HasError() {
		return
	}
	res, err := c.Do(ctx, pd.request(client.Request{Method: http.MethodGet,
		Path: "/orders/" + url.PathEscape(m.ID.ValueString()), Credential: client.Orders}))
	var apiErr *client.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatus == http.StatusNotFound && !apiErr.Login:
		_, detail := describeAPIError(apiErr, pd)
		support := supportLine(apiErr.RequestID)
		diags.AddAttributeError(path.Root("id"), "LiquidCommerce Order Not Found", strings.TrimSuffix(detail, support)+
			"\n\nCheck id: the order's referenceId or legacy order number. For a check that an order is absent, read "+
			"it with liquidcommerce_api_request and accept_status = [404]."+support)
		return
	case err != nil:
		addClientError(diags, err, pd)
		return
	}
	pd.warnGivenTokenRefused(res, client.Orders, diags)
	m.fromAnswer(res, diags)
}

// fromAnswer fills m from an answer of GET /orders/{id}, or reports in
// diags that it is not an order: the one place such an answer is decoded,
// shared by the read and FuzzOrderAnswer.
func (m *orderModel) fromAnswer(res *client.Response, diags *diag.Diagnostics) {
	var o wireOrder
	err := envelopeData(res.Body, &o)
	if err == nil && !o.ReferenceID.ok && !o.LegacyOrderNumber.ok {
		err = errors.New("data has neither a referenceId nor a legacyOrderNumber")
	}
	if err != nil {
		diags.AddError("Unexpected Response From LiquidCommerce API", fmt.Sprintf("GET /orders/%s answered HTTP %d, "+
			"but not with an order: %s.", m.ID.ValueString(), res.Status, err)+supportLine(res.RequestID))
		return
	}
	o.fill(m)
}

// orderIDValidator checks an order id before anything is sent: one path
// segment, not empty.
type orderIDValidator struct{}

func (orderIDValidator) Description(context.Context) string {
	return "must be an order's referenceId or legacy order number"
}

func (v orderIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (orderIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if id := req.ConfigValue.ValueString(); strings.TrimSpace(id) == "" || strings.ContainsAny(id, "/?#") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Order id", fmt.Sprintf("id must be an order's "+
			"referenceId (such as LC-1001) or legacy order number, not empty and without /, ? or #; got %q. "+
			"Nothing was sent.", id))
	}
}
