package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// liquidcommerce_orders: the orders created in a date range, GET /orders,
// every page, as summaries without personal data.

func newOrdersDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &typedDataSource[ordersModel]{typeBase{p}, ordersRead}
}

func newOrdersEphemeralResource(p *liquidCommerceProvider) ephemeral.EphemeralResource {
	return &typedEphemeralResource[ordersEphemeralModel]{typeBase{p}, ordersEphemeralRead}
}

// ordersMaxResults is max_results's rule.
var ordersMaxResults = whole{1, maxOrdersMaxResults}

const (
	// ordersPage is the page size the read asks for first: the API's
	// largest. The next pages are asked with the limit the answer gives.
	ordersPage              = 100
	defaultOrdersMaxResults = 1000
	maxOrdersMaxResults     = 10000
)

// descDate describes start_date and end_date.
func descDate(which string) string {
	return "The " + which + " of the range of creation times, as RFC 3339 (`2026-11-01T00:00:00Z`) or a date " +
		"(`2026-11-01`), sent to the API unchanged. A date as `end_date` takes in that whole day, so equal dates " +
		"read one day. `end_date` must not be before `start_date`."
}

var ordersSchema = schema.Schema{
	MarkdownDescription: "The orders created in a date range (`GET /orders`), every page of them, as summaries " +
		"without personal data: reference id, legacy order number, created and updated times, status, fulfillment " +
		"statuses and total. The first page asks for 100 orders, and the next ones for as many as the answer's " +
		"`limit` says a page holds. Once an answer gives `total`, the pages up to it (or up to `max_results`) are " +
		"asked together (" + descInFlight + ") and read in order, as if one after another. Pages are read until " +
		"`max_results` or the API's `total` is reached, or a page comes back empty or with nothing new; a page " +
		"shorter than the limit ends the read only when the API gives no `total`. So `n` orders cost " +
		"`ceil(n / 100)` requests from a server that holds 100 a page (one more, empty, when it gives no `total` " +
		"and `n` is a multiple of 100); when a page ends the read early, up to 4 pages asked with it are dropped. " +
		"A read that stops below both `total` and " +
		"`max_results` warns and sets `complete` to false. Orders come sorted by created time, then reference id; " +
		"a repeated `referenceId` is kept once, and so is a repeated legacy order number of an order without one. " +
		"Needs the provider's Orders credentials.",
	Attributes: map[string]schema.Attribute{
		"start_date": schema.StringAttribute{MarkdownDescription: descDate("start"), Required: true,
			Validators: []validator.String{dateValidator{}}},
		"end_date": schema.StringAttribute{MarkdownDescription: descDate("end"), Required: true,
			Validators: []validator.String{dateValidator{}}},
		"max_results": schema.NumberAttribute{
			MarkdownDescription: fmt.Sprintf("The most orders to read, from 1 to %d; default %d. Reading stops "+
				"there, so a range with more orders is cut short, the earliest pages first; compare `total`.",
				maxOrdersMaxResults, defaultOrdersMaxResults),
			Optional: true, Computed: true,
			Validators: []validator.Number{ordersMaxResults},
		},
		"total": schema.Int64Attribute{MarkdownDescription: "The API's count of orders in the range, which may be " +
			"more than were read.", Computed: true},
		"complete": schema.BoolAttribute{MarkdownDescription: descComplete, Computed: true},
		"orders": objectList("The orders read, sorted by `created_at`, then `reference_id`.", map[string]schema.Attribute{
			"reference_id": schema.StringAttribute{MarkdownDescription: "The order's `referenceId`, null for an older " +
				"order that has only a legacy order number.", Computed: true},
			"legacy_order_number": schema.StringAttribute{MarkdownDescription: descLegacyOrderNumber, Computed: true},
			"created_at": schema.StringAttribute{MarkdownDescription: "When it was created (RFC 3339).",
				Computed: true},
			"updated_at": schema.StringAttribute{MarkdownDescription: "When it was last updated (RFC 3339), as the " +
				"API gives it.", Computed: true},
			"status": schema.StringAttribute{MarkdownDescription: descOrderStatus, Computed: true},
			"fulfillment_statuses": schema.ListAttribute{MarkdownDescription: "The distinct statuses of its " +
				"fulfillments (each its `status`, else its latest `timeline` entry's), sorted; unknown ones left out.",
				ElementType: types.StringType, Computed: true},
			"total": schema.NumberAttribute{MarkdownDescription: descAmount("The order's total"),
				Computed: true},
		}),
	},
}

var ordersRead = &typedRead[ordersModel]{
	suffix: "_orders", schema: ordersSchema,
	validate: func(_ context.Context, m *ordersModel, diags *diag.Diagnostics) { m.validate(diags) },
	read: func(ctx context.Context, pd *providerData, m *ordersModel, _ bool, diags *diag.Diagnostics) {
		m.read(ctx, pd, "", diags)
	},
}

// ordersEphemeralRead adds customer_email, which the data source lacks:
// its inputs are stored in the state.
var ordersEphemeralRead = &typedRead[ordersEphemeralModel]{
	suffix: "_orders", schema: ordersSchema,
	ephemeralOnly: map[string]schema.Attribute{
		"customer_email": schema.StringAttribute{MarkdownDescription: "Only the orders of the customer with this " +
			"email; an empty or blank value is an error, not a read of every customer's orders. Only on the " +
			"ephemeral resource: a data source's arguments are stored in the state.",
			Optional: true},
	},
	validate: func(_ context.Context, m *ordersEphemeralModel, diags *diag.Diagnostics) {
		m.validate(diags)
		// Sent blank, the filter would be left out and every customer's
		// orders read. This runs at validation and again at read.
		if e := m.CustomerEmail; !e.IsNull() && !e.IsUnknown() && blank(e.ValueString()) {
			diags.AddAttributeError(path.Root("customer_email"), "Blank customer_email", "customer_email is empty "+
				"or only spaces, which would read every customer's orders. Give the customer's email, or leave "+
				"customer_email out to read the orders of every customer. Nothing was sent.")
		}
	},
	read: func(ctx context.Context, pd *providerData, m *ordersEphemeralModel, _ bool, diags *diag.Diagnostics) {
		m.read(ctx, pd, m.CustomerEmail.ValueString(), diags)
	},
}

// ordersModel is liquidcommerce_orders.
type ordersModel struct {
	StartDate  types.String   `tfsdk:"start_date"`
	EndDate    types.String   `tfsdk:"end_date"`
	MaxResults types.Number   `tfsdk:"max_results"`
	Total      types.Int64    `tfsdk:"total"`
	Complete   types.Bool     `tfsdk:"complete"`
	Orders     []orderSummary `tfsdk:"orders"`
	// The read's own max_retries and request_timeout.
	readLimitsModel
}

type ordersEphemeralModel struct {
	ordersModel
	CustomerEmail types.String `tfsdk:"customer_email"`
}

type orderSummary struct {
	ReferenceID         types.String   `tfsdk:"reference_id"`
	LegacyOrderNumber   types.String   `tfsdk:"legacy_order_number"`
	CreatedAt           types.String   `tfsdk:"created_at"`
	UpdatedAt           types.String   `tfsdk:"updated_at"`
	Status              types.String   `tfsdk:"status"`
	FulfillmentStatuses []types.String `tfsdk:"fulfillment_statuses"`
	Total               types.Number   `tfsdk:"total"`
}

// validate checks that the dates are in order, when both are known.
func (m *ordersModel) validate(diags *diag.Diagnostics) {
	if m.StartDate.IsNull() || m.StartDate.IsUnknown() || m.EndDate.IsNull() || m.EndDate.IsUnknown() {
		return
	}
	start, okStart := parseDate(m.StartDate.ValueString(), false)
	end, okEnd := parseDate(m.EndDate.ValueString(), true)
	if okStart && okEnd && end.Before(start) {
		diags.AddAttributeError(path.Root("end_date"), "Dates Out of Order", fmt.Sprintf("end_date (%s) is before "+
			"start_date (%s). Swap them; equal dates read that one day. Nothing was sent.",
			m.EndDate.ValueString(), m.StartDate.ValueString()))
	}
}

// parseDate reads RFC 3339 or a date; a date as the end of a range stands
// for the last instant of that day.
func parseDate(s string, end bool) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err == nil && end {
		t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return t, err == nil
}

// wireOrdersPage is the data of one page of GET /orders (IOrdersList).
type wireOrdersPage struct {
	Total  num              `json:"total"`
	Limit  num              `json:"limit"`
	Orders items[wireOrder] `json:"orders"`
}

// ordersPaging is where a read of the orders list stands between pages.
type ordersPaging struct {
	// page is the next page to ask for, limit its size: the limit the last
	// answer gave, when it gave one from 1 to 100.
	page, limit int
	// seen holds the keys of the orders read (orderKey).
	seen map[string]bool
	// why is why the read stopped, for completeness's warning.
	why string
}

func newOrdersPaging() *ordersPaging {
	return &ordersPaging{page: 1, limit: ordersPage, seen: map[string]bool{}}
}

// orderKey is what makes an order of the list the same as another: its
// referenceId, else its legacy order number; "" for neither, which is
// never a repeat.
func orderKey(o *wireOrder) string {
	switch {
	case o.ReferenceID.ok:
		return "r" + o.ReferenceID.v
	case o.LegacyOrderNumber.ok:
		return "l" + o.LegacyOrderNumber.v
	}
	return ""
}

// read reads every page it needs, with the Orders credentials: once an
// answer gives a total, the pages it calls for together (sendInOrder), and
// each answer in page order through addPage, as one after another would.
func (m *ordersModel) read(ctx context.Context, pd *providerData, email string, diags *diag.Diagnostics) {
	c := pd.apiClient("liquidcommerce_orders", client.Orders, diags)
	if c == nil {
		return
	}
	if m.MaxResults.IsNull() || m.MaxResults.IsUnknown() {
		m.MaxResults = types.NumberValue(big.NewFloat(defaultOrdersMaxResults))
	}
	// The validators ran, unless the values were known only now.
	for attr, v := range map[string]types.String{"start_date": m.StartDate, "end_date": m.EndDate} {
		resp := validator.StringResponse{}
		dateValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root(attr), ConfigValue: v}, &resp)
		diags.Append(resp.Diagnostics...)
	}
	m.validate(diags)
	n, _ := ordersMaxResults.check(path.Root("max_results"), m.MaxResults, diags)
	limit := int(n)
	if diags.HasError() {
		return
	}
	pg := newOrdersPaging()
	m.Orders, m.Total = []orderSummary{}, types.Int64Null()
	for more := true; more && len(m.Orders) < limit; {
		// The pages up to the last one the total (and max_results) calls
		// for are sent together; before a total, and past it, one at a time.
		first, asked := pg.page, pg.limit
		var reqs []client.Request
		for p := first; p == first || p <= m.lastPage(limit, asked); p++ {
			q := url.Values{"startDate": {m.StartDate.ValueString()}, "endDate": {m.EndDate.ValueString()},
				"page": {strconv.Itoa(p)}, "limit": {strconv.Itoa(asked)}}
			if email != "" {
				q.Set("customerEmail", email)
			}
			reqs = append(reqs, pd.request(client.Request{Method: http.MethodGet, Path: "/orders", Query: q,
				Credential: client.Orders}))
		}
		sendInOrder(ctx, c, reqs, func(i int, res *client.Response, err error) bool {
			if err != nil {
				addClientErrorAt(diags, err, pd, fmt.Sprintf("page %d", first+i))
				more = false
				return false
			}
			pd.warnGivenTokenRefused(res, client.Orders, diags)
			more = m.addPage(pg, res, diags)
			// The pages sent with it asked for the limit before this answer;
			// a new limit asks them again.
			return more && len(m.Orders) < limit && pg.limit == asked
		})
	}
	if !diags.HasError() {
		m.Complete = completeness("liquidcommerce_orders read", "orders", len(m.Orders), limit, m.Total, pg.why, diags)
		m.finish(limit)
	}
}

// lastPage is the number of the last page of size pageSize that the API's
// total, or limit when smaller, calls for; 0 while no answer gave a total.
func (m *ordersModel) lastPage(limit, pageSize int) int {
	if m.Total.IsNull() {
		return 0
	}
	n := min(int64(limit), m.Total.ValueInt64())
	return int((n + int64(pageSize) - 1) / int64(pageSize))
}

// addPage adds the orders of the answer to page pg.page to m, each once
// (pg.seen holds those read), sets the page and limit to ask next, and says
// whether another page may hold more; it reports an answer that is not a
// page of orders in diags. It is the one place such an answer is decoded,
// shared by the read and FuzzOrdersPageAnswer.
func (m *ordersModel) addPage(pg *ordersPaging, res *client.Response, diags *diag.Diagnostics) bool {
	page := pg.page
	var data wireOrdersPage
	err := envelopeData(res.Body, &data)
	if err == nil && !data.Orders.ok {
		var probe struct {
			Orders json.RawMessage `json:"orders"`
		}
		_ = envelopeData(res.Body, &probe)
		err = fmt.Errorf("data.orders is %s, not an array", jsonType(probe.Orders))
	}
	if err != nil {
		diags.AddError("Unexpected Response From LiquidCommerce API", fmt.Sprintf("GET /orders (page %d) answered "+
			"HTTP %d, but not with a page of orders: %s.", page, res.Status, err)+supportLine(res.RequestID))
		return false
	}
	total, known := wholeNumber(data.Total)
	if known {
		m.Total = types.Int64Value(total)
	}
	asked := pg.limit
	// The next pages are asked with the limit this answer says a page
	// holds: a server whose pages hold fewer than asked may count its
	// pages by its own limit.
	if l, ok := wholeNumber(data.Limit); ok && l >= 1 && l <= ordersPage {
		pg.limit = int(l)
	}
	before := len(m.Orders)
	for _, o := range data.Orders.v {
		if key := orderKey(&o); key == "" || !pg.seen[key] {
			pg.seen[key] = true
			m.Orders = append(m.Orders, summary(&o))
		}
	}
	pg.page++
	switch {
	case data.Orders.len() == 0:
		pg.why = fmt.Sprintf("page %d was empty", page)
	case len(m.Orders) == before:
		// A server repeating its pages sends them.
		pg.why = fmt.Sprintf("page %d had no order not read before", page)
	case known:
		// A short page is no proof of the end while total says more exist.
		return int64(len(m.Orders)) < total
	default:
		// Without a total, a page shorter than both the limit asked and
		// the one given is the only sign of the end.
		return data.Orders.len() >= min(asked, pg.limit)
	}
	return false
}

// finish keeps the first limit orders read and sorts them.
func (m *ordersModel) finish(limit int) {
	m.Orders = m.Orders[:min(len(m.Orders), limit)]
	slices.SortStableFunc(m.Orders, func(a, b orderSummary) int {
		if c := compareTimes(a.CreatedAt, b.CreatedAt); c != 0 {
			return c
		}
		return byID(a.ReferenceID, b.ReferenceID)
	})
}

func summary(o *wireOrder) orderSummary {
	total := types.NumberNull()
	if o.Amounts.ok {
		total = o.Amounts.v.Total.value()
	}
	statuses := []types.String{}
	for _, s := range o.fulfillmentStatuses() {
		if !s.IsNull() && !slices.Contains(statuses, s) {
			statuses = append(statuses, s)
		}
	}
	slices.SortFunc(statuses, func(a, b types.String) int { return strings.Compare(a.ValueString(), b.ValueString()) })
	return orderSummary{ReferenceID: o.ReferenceID.value(), LegacyOrderNumber: o.LegacyOrderNumber.value(),
		CreatedAt: o.CreatedAt.value(), UpdatedAt: o.UpdatedAt.value(), Status: o.status(),
		FulfillmentStatuses: statuses, Total: total}
}

// wholeNumber is n as a whole number, when it is one an int64 holds.
func wholeNumber(n num) (int64, bool) {
	if n.n == nil {
		return 0, false
	}
	i, acc := n.n.Int64()
	return i, acc == big.Exact
}

// compareTimes orders RFC 3339 times by instant, others (and nulls) after
// them by their text.
func compareTimes(a, b types.String) int {
	ta, errA := time.Parse(time.RFC3339Nano, a.ValueString())
	tb, errB := time.Parse(time.RFC3339Nano, b.ValueString())
	switch {
	case errA == nil && errB == nil:
		return ta.Compare(tb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a.ValueString(), b.ValueString())
}

// dateValidator checks a date of the range: RFC 3339 or YYYY-MM-DD.
type dateValidator struct{}

func (dateValidator) Description(context.Context) string {
	return "must be RFC 3339, such as 2026-11-01T00:00:00Z, or a date, such as 2026-11-01"
}

func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v dateValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, ok := parseDate(req.ConfigValue.ValueString(), false); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Date", fmt.Sprintf("%s %s; got %q. Nothing was sent.",
			req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
