package fakeapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Order is an order as GET /orders/{id} answers it in data, and GET /orders
// in data.orders. Amounts are in cents. Status is left out of the JSON when
// empty: timeline-only orders carry their status only in Timeline and in
// their fulfillments, as the SDK's type does.
type Order struct {
	ReferenceID string `json:"referenceId"`
	// LegacyOrderNumber is beyond 2^53, so a client that turns JSON numbers
	// into floats changes it.
	LegacyOrderNumber  int64           `json:"legacyOrderNumber"`
	LegacyStorefrontID int             `json:"legacyStorefrontId"`
	IsHybrid           bool            `json:"isHybrid"`
	PartnerID          string          `json:"partnerId"`
	PartnerName        string          `json:"partnerName"`
	PromoCode          *string         `json:"promoCode"`
	CreatedAt          string          `json:"createdAt"`
	UpdatedAt          string          `json:"updatedAt"`
	Status             string          `json:"status,omitempty"`
	Timeline           []TimelineEntry `json:"timeline"`
	Customer           Customer        `json:"customer"`
	Addresses          Addresses       `json:"addresses"`
	Options            OrderOptions    `json:"options"`
	Amounts            Amounts         `json:"amounts"`
	PaymentMethods     []PaymentMethod `json:"paymentMethods"`
	BopisContact       *BopisContact   `json:"bopisContact,omitempty"`
	Retailers          []OrderRetailer `json:"retailers"`
	Items              []OrderItem     `json:"items"`
}

// TimelineEntry is one status an order or fulfillment went through.
type TimelineEntry struct {
	Status    string `json:"status"`
	Timestamp string `json:"timestamp"`
}

// Customer is an order's customer: personal data.
type Customer struct {
	ID        string `json:"id"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	Birthdate string `json:"birthdate"`
}

// Addresses are an order's shipping and billing addresses: personal data.
type Addresses struct {
	Shipping Address `json:"shipping"`
	Billing  Address `json:"billing"`
}

// Address is a customer's postal address.
type Address struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	One       string `json:"one"`
	Two       string `json:"two"`
	City      string `json:"city"`
	State     string `json:"state"`
	Zip       string `json:"zip"`
	Phone     string `json:"phone"`
}

// OrderOptions are the gift and delivery choices of an order: personal data.
type OrderOptions struct {
	IsGift               bool          `json:"isGift"`
	GiftRecipient        GiftRecipient `json:"giftRecipient"`
	GiftMessage          *string       `json:"giftMessage"`
	DeliveryInstructions *string       `json:"deliveryInstructions"`
}

// GiftRecipient is who receives a gift order; all null when not a gift.
type GiftRecipient struct {
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"`
}

// Amounts are an order's or a retailer's amounts, in cents. Total is
// subtotal + shipping + platform + tax + engraving + service + delivery +
// tip - discounts - giftCards; tax and discounts are the sums of their
// details.
type Amounts struct {
	Subtotal        int             `json:"subtotal"`
	Shipping        int             `json:"shipping"`
	Platform        int             `json:"platform"`
	Tax             int             `json:"tax"`
	Engraving       int             `json:"engraving"`
	Service         int             `json:"service"`
	Delivery        int             `json:"delivery"`
	Discounts       int             `json:"discounts"`
	GiftCards       int             `json:"giftCards"`
	Tip             int             `json:"tip"`
	Total           int             `json:"total"`
	TaxDetails      TaxDetails      `json:"taxDetails"`
	DiscountDetails DiscountDetails `json:"discountDetails"`
}

// TaxDetails break an order's tax down.
type TaxDetails struct {
	Products       int `json:"products"`
	Shipping       int `json:"shipping"`
	Delivery       int `json:"delivery"`
	Bag            int `json:"bag"`
	BottleDeposits int `json:"bottleDeposits"`
	RetailDelivery int `json:"retailDelivery"`
}

// DiscountDetails break an order's discounts down.
type DiscountDetails struct {
	Products  int `json:"products"`
	Shipping  int `json:"shipping"`
	Delivery  int `json:"delivery"`
	Engraving int `json:"engraving"`
	Service   int `json:"service"`
}

func (a *Amounts) add(b Amounts) {
	a.Subtotal += b.Subtotal
	a.Shipping += b.Shipping
	a.Platform += b.Platform
	a.Tax += b.Tax
	a.Engraving += b.Engraving
	a.Service += b.Service
	a.Delivery += b.Delivery
	a.Discounts += b.Discounts
	a.GiftCards += b.GiftCards
	a.Tip += b.Tip
	a.Total += b.Total
	t, u := &a.TaxDetails, b.TaxDetails
	t.Products, t.Shipping, t.Delivery = t.Products+u.Products, t.Shipping+u.Shipping, t.Delivery+u.Delivery
	t.Bag, t.BottleDeposits, t.RetailDelivery = t.Bag+u.Bag, t.BottleDeposits+u.BottleDeposits, t.RetailDelivery+u.RetailDelivery
	d, e := &a.DiscountDetails, b.DiscountDetails
	d.Products, d.Shipping, d.Delivery = d.Products+e.Products, d.Shipping+e.Shipping, d.Delivery+e.Delivery
	d.Engraving, d.Service = d.Engraving+e.Engraving, d.Service+e.Service
}

// PaymentMethod is a card an order was paid with: personal data.
type PaymentMethod struct {
	Type   string `json:"type"`
	Brand  string `json:"brand"`
	Last4  string `json:"last4"`
	Holder string `json:"holder"`
	Expiry string `json:"expiry"`
}

// BopisContact is who picks up a bopis order: personal data.
type BopisContact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// OrderRetailer is one retailer's part of an order.
type OrderRetailer struct {
	ID           string          `json:"id"`
	LegacyID     string          `json:"legacyId"`
	TdLinx       string          `json:"tdLinx"`
	Name         string          `json:"name"`
	System       string          `json:"system"`
	Timezone     string          `json:"timezone"`
	Address      RetailerAddress `json:"address"`
	Amounts      Amounts         `json:"amounts"`
	Fulfillments []Fulfillment   `json:"fulfillments"`
}

// Fulfillment is how a retailer fulfills some of an order's items.
type Fulfillment struct {
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	Status       string          `json:"status"`
	ScheduledFor *string         `json:"scheduledFor"`
	UpdatedAt    string          `json:"updatedAt"`
	ItemIDs      []string        `json:"itemIds"`
	Cancellation *Cancellation   `json:"cancellation"`
	Timeline     []TimelineEntry `json:"timeline"`
	Packages     []Package       `json:"packages"`
}

// Cancellation says why a fulfillment was canceled.
type Cancellation struct {
	Category    string `json:"category"`
	Subcategory string `json:"subcategory"`
	Notes       string `json:"notes"`
}

// Package is a parcel of a shipping fulfillment. Its tracking number and
// URL are personal data.
type Package struct {
	ID             string  `json:"id"`
	Carrier        string  `json:"carrier"`
	TrackingNumber string  `json:"trackingNumber"`
	TrackingURL    string  `json:"trackingUrl"`
	Status         string  `json:"status"`
	DateShipped    *string `json:"dateShipped"`
}

// OrderItem is one line of an order. Prices are in cents.
type OrderItem struct {
	ID                string         `json:"id"`
	FulfillmentID     string         `json:"fulfillmentId"`
	RetailerID        string         `json:"retailerId"`
	VariantID         string         `json:"variantId"`
	LiquidID          string         `json:"liquidId"`
	CustomerPlacement string         `json:"customerPlacement"`
	IsPresale         bool           `json:"isPresale"`
	EstimatedShipBy   *string        `json:"estimatedShipBy"`
	Product           ItemProduct    `json:"product"`
	Pricing           ItemPricing    `json:"pricing"`
	Attributes        ItemAttributes `json:"attributes"`
}

// ItemProduct is the product an item is of.
type ItemProduct struct {
	Name       string                `json:"name"`
	Brand      string                `json:"brand"`
	UPC        string                `json:"upc"`
	SKU        string                `json:"sku"`
	Category   string                `json:"category"`
	Size       string                `json:"size"`
	Volume     string                `json:"volume"`
	UOM        string                `json:"uom"`
	Proof      string                `json:"proof"`
	Attributes ItemProductAttributes `json:"attributes"`
}

// ItemProductAttributes are the packaging details of an item's product.
type ItemProductAttributes struct {
	Pack            bool   `json:"pack"`
	PackDescription string `json:"packDescription"`
	ABV             string `json:"abv"`
	Container       string `json:"container"`
	ContainerType   string `json:"containerType"`
}

// ItemPricing is what an item cost: Price is UnitPrice × Quantity.
type ItemPricing struct {
	Price          int `json:"price"`
	UnitPrice      int `json:"unitPrice"`
	Quantity       int `json:"quantity"`
	Tax            int `json:"tax"`
	BottleDeposits int `json:"bottleDeposits"`
}

// ItemAttributes hold an item's engraving and gift card: personal data.
type ItemAttributes struct {
	Engraving ItemEngraving `json:"engraving"`
	GiftCard  ItemGiftCard  `json:"giftCard"`
}

// ItemEngraving is the text engraved on an item.
type ItemEngraving struct {
	HasEngraving bool     `json:"hasEngraving"`
	Fee          int      `json:"fee"`
	Location     *string  `json:"location"`
	Lines        []string `json:"lines"`
}

// ItemGiftCard is a digital gift card's sender, message and recipients.
type ItemGiftCard struct {
	Sender     *string  `json:"sender"`
	Message    *string  `json:"message"`
	Recipients []string `json:"recipients"`
	SendDate   *string  `json:"sendDate"`
}

// PersonalData lists distinctive parts of the personal data in the orders:
// names, emails, phones, birthdates, streets, gift and delivery texts, card
// holders, engraving lines, gift-card sender, message and recipients, the
// pickup contact, tracking numbers and the tracking host. None of them
// appears anywhere else in the fake's answers, so that tests can prove none
// reaches a state, a plan or a log.
var PersonalData = []string{
	// customers
	"Lovelace", "Hopper", "Vaughan", "ada@example.com", "grace@example.com", "dorothy@example.com",
	"+1 212-555-0143", "+1 718-555-0186", "+1 757-555-0129", "1815-12-10", "1906-12-09", "1910-09-20",
	// addresses
	"12 Saint James Place", "88 Admiralty Row", "1 Sands Street", "400 Langley Boulevard", "Apt 4B", "Suite 1947",
	// options
	"Turing", "alan.turing@example.net", "+1 646-555-0177", "Cheers to the next chapter",
	"Leave with the concierge at the side gate", "Ring twice and wait by the blue door", "behind the cedar planter",
	// cards and pickup
	"A K LOVELACE", "GRACE B HOPPER", "DOROTHY J VAUGHAN", "Mary W. Jackson", "+1 757-555-0112",
	// items
	"To the Admiral", "Semper Navigare", "Aunt Ada", "Lunch is on me this time", "katherine.j@example.org",
	// packages
	"1ZLCX", "parcelwise.example",
}

// Everyone in the sample orders.
type person struct {
	customer   Customer
	ship, bill Address
	card       PaymentMethod
	notes      *string
}

var (
	ada = person{
		customer: Customer{ID: "cus_0001", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			Phone: "+1 212-555-0143", Birthdate: "1815-12-10"},
		ship: Address{FirstName: "Ada", LastName: "Lovelace", One: "12 Saint James Place", Two: "Apt 4B", City: "Brooklyn",
			State: "NY", Zip: "11205", Phone: "+1 212-555-0143"},
		card:  PaymentMethod{Type: "card", Brand: "visa", Last4: "4242", Holder: "A K LOVELACE", Expiry: "12/29"},
		notes: strPtr("Leave with the concierge at the side gate"),
	}
	grace = person{
		customer: Customer{ID: "cus_0002", FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com",
			Phone: "+1 718-555-0186", Birthdate: "1906-12-09"},
		ship: Address{FirstName: "Grace", LastName: "Hopper", One: "88 Admiralty Row", Two: "", City: "New York",
			State: "NY", Zip: "10014", Phone: "+1 718-555-0186"},
		bill: Address{FirstName: "Grace", LastName: "Hopper", One: "1 Sands Street", Two: "Suite 1947", City: "Brooklyn",
			State: "NY", Zip: "11201", Phone: "+1 718-555-0186"},
		card:  PaymentMethod{Type: "card", Brand: "mastercard", Last4: "5454", Holder: "GRACE B HOPPER", Expiry: "03/28"},
		notes: strPtr("Ring twice and wait by the blue door"),
	}
	dorothy = person{
		customer: Customer{ID: "cus_0003", FirstName: "Dorothy", LastName: "Vaughan", Email: "dorothy@example.com",
			Phone: "+1 757-555-0129", Birthdate: "1910-09-20"},
		ship: Address{FirstName: "Dorothy", LastName: "Vaughan", One: "400 Langley Boulevard", Two: "", City: "Hampton",
			State: "VA", Zip: "23681", Phone: "+1 757-555-0129"},
		card:  PaymentMethod{Type: "card", Brand: "amex", Last4: "8431", Holder: "DOROTHY J VAUGHAN", Expiry: "07/30"},
		notes: strPtr("Porch, behind the cedar planter"),
	}
)

// orderParams are what sets one order apart from the others made from the
// same template.
type orderParams struct {
	index      int // LC-(1001+index), legacy number 9007199254740993 + 2×index
	created    time.Time
	status     string
	withStatus bool // a top-level status; otherwise only the timeline says
	shuffled   bool // the timeline out of chronological order
}

// The sample orders.
var sampleParams = []orderParams{
	{index: 0, created: time.Date(2026, 11, 2, 10, 15, 0, 0, time.UTC), status: "delivered", withStatus: true},
	{index: 1, created: time.Date(2026, 11, 14, 8, 30, 0, 0, time.UTC), status: "processing", withStatus: true},
	{index: 2, created: time.Date(2026, 11, 20, 19, 45, 0, 0, time.UTC), status: "inTransit", withStatus: true},
	{index: 3, created: time.Date(2026, 11, 25, 16, 5, 0, 0, time.UTC), status: "delivered", shuffled: true},
}

// Generated orders start here, one every generatedEvery.
var (
	generatedFrom  = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	generatedEvery = 20 * time.Minute
	// generatedStatuses cycle over the generated orders.
	generatedStatuses = []string{"delivered", "inTransit", "processing", "delivered", "created", "canceled", "delivered"}
)

// SampleOrders are the sample orders the Orders endpoints serve:
//   - LC-1001: delivered, Ada, created 2026-11-02T10:15:00Z, one item of UPC
//     000000000017 shipped by Empire Cellars Direct, total 6048;
//   - LC-1002: processing, Grace, 2026-11-14T08:30:00Z, a gift delivered on
//     demand by Corner Spirits with an engraving, total 14135;
//   - LC-1003: inTransit, Ada, 2026-11-20T19:45:00Z, a bottle shipped and a
//     digital gift card, total 3518;
//   - LC-1004: no top-level status; its timeline, out of chronological
//     order, ends with inTransit but its latest entry is delivered; Dorothy,
//     2026-11-25T16:05:00Z, shipped by Empire Cellars Direct and picked up
//     (bopis) at Corner Spirits.
var SampleOrders = makeOrders(len(sampleParams))

// makeOrders returns the sample orders and, up to count, more made like
// them: LC-1005 on, created every 20 minutes from 2026-11-01T00:00:00Z,
// every other one without a top-level status.
func makeOrders(count int) []Order {
	out := make([]Order, 0, count)
	for i := range count {
		if i < len(sampleParams) {
			out = append(out, buildOrder(i, sampleParams[i]))
			continue
		}
		k := i - len(sampleParams)
		p := orderParams{index: i, created: generatedFrom.Add(time.Duration(k) * generatedEvery),
			status: generatedStatuses[k%len(generatedStatuses)], withStatus: k%2 == 0}
		p.shuffled = !p.withStatus && (k/2)%2 == 1
		out = append(out, buildOrder((k+k/4)%len(sampleParams), p))
	}
	return out
}

// orderBuilder assembles an order and works out its amounts, statuses and
// timelines.
type orderBuilder struct {
	p orderParams
	o Order
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func newOrder(p orderParams, who person) *orderBuilder {
	bill := who.bill
	if bill.One == "" {
		bill = who.ship
	}
	return &orderBuilder{p: p, o: Order{
		ReferenceID: "LC-" + strconv.Itoa(1001+p.index), LegacyOrderNumber: 9007199254740993 + 2*int64(p.index),
		LegacyStorefrontID: 1207, PartnerID: "prt_42", PartnerName: "Northwind Beverage Group",
		CreatedAt: ts(p.created), Customer: who.customer, Addresses: Addresses{Shipping: who.ship, Billing: bill},
		Options:        OrderOptions{DeliveryInstructions: who.notes},
		PaymentMethods: []PaymentMethod{who.card}, Retailers: []OrderRetailer{}, Items: []OrderItem{},
	}}
}

// retailer adds a retailer's part with its fees (all but subtotal, product
// tax, tax and total, which finish works out) and returns its index.
func (b *orderBuilder) retailer(id string, fees Amounts) int {
	r := retailerByID(id)
	b.o.Retailers = append(b.o.Retailers, OrderRetailer{
		ID: r.ID, LegacyID: "RL" + strings.TrimPrefix(r.ID, "ret_"), TdLinx: "TDL" + strings.TrimPrefix(r.ID, "ret_") + "88",
		Name: r.Name, System: "liquidcommerce", Timezone: "America/New_York", Address: r.Address, Amounts: fees,
		Fulfillments: []Fulfillment{},
	})
	return len(b.o.Retailers) - 1
}

// fulfillment adds a fulfillment of a type to a retailer and returns its index.
func (b *orderBuilder) fulfillment(ri int, typ string) int {
	r := &b.o.Retailers[ri]
	n := 0
	for _, x := range b.o.Retailers {
		n += len(x.Fulfillments)
	}
	r.Fulfillments = append(r.Fulfillments, Fulfillment{ID: fmt.Sprintf("ful_%d_%d", 1001+b.p.index, n+1), Type: typ,
		ItemIDs: []string{}, Packages: []Package{}})
	return len(r.Fulfillments) - 1
}

// item adds quantity bottles of the catalog size with UPC code at a unit
// price, fulfilled by a retailer's fulfillment, and returns it to adjust.
func (b *orderBuilder) item(ri, fi int, code string, quantity, unitPrice int) *OrderItem {
	r := &b.o.Retailers[ri]
	f := &r.Fulfillments[fi]
	it := OrderItem{ID: fmt.Sprintf("itm_%d_%d", 1001+b.p.index, len(b.o.Items)+1), FulfillmentID: f.ID, RetailerID: r.ID,
		VariantID: r.ID + "_" + code, LiquidID: "liq_" + code, CustomerPlacement: "standard",
		Pricing:    ItemPricing{Price: unitPrice * quantity, UnitPrice: unitPrice, Quantity: quantity},
		Attributes: ItemAttributes{Engraving: ItemEngraving{Lines: []string{}}, GiftCard: ItemGiftCard{Recipients: []string{}}}}
	for _, p := range SampleProducts {
		for _, s := range p.Sizes {
			if s.UPC == code {
				it.Product = ItemProduct{Name: p.Name, Brand: p.Brand, UPC: s.UPC, SKU: "SKU-" + s.UPC, Category: p.Category,
					Size: s.Size, Volume: s.Volume, UOM: s.UOM, Proof: p.Proof, Attributes: ItemProductAttributes{
						PackDescription: s.PackDesc, ABV: p.ABV, Container: s.Container, ContainerType: s.ContainerType}}
			}
		}
	}
	f.ItemIDs = append(f.ItemIDs, it.ID)
	b.o.Items = append(b.o.Items, it)
	return &b.o.Items[len(b.o.Items)-1]
}

// step is a status a fulfillment goes through, some time after the order
// was placed.
type step struct {
	status string
	after  time.Duration
}

// steps are the statuses a fulfillment of a type goes through to status.
func steps(typ, status string) []step {
	delays := map[string][]time.Duration{ // processing, inTransit, delivered
		"shipping": {15 * time.Minute, 20 * time.Hour, 50 * time.Hour},
		"onDemand": {10 * time.Minute, time.Hour, 2 * time.Hour},
		"bopis":    {15 * time.Minute, 0, 26 * time.Hour},
		"digital":  {time.Minute, 0, 5 * time.Minute},
	}[typ]
	path := []string{"created", "processing", "inTransit", "delivered"}
	if status == "canceled" {
		path = []string{"created", "processing", "canceled"}
		delays = []time.Duration{delays[0], 2 * time.Hour}
	}
	out := []step{{status: "created"}}
	for i, s := range path[1:] {
		if delays[i] == 0 {
			continue // bopis and digital have no inTransit
		}
		if out[len(out)-1].status == status {
			break
		}
		out = append(out, step{status: s, after: delays[i]})
	}
	return out
}

// fulfillmentStatus is where a fulfillment of a type stands when its order
// is at status: bopis has no inTransit (it waits for pickup), a digital
// gift card is delivered as soon as the order is on its way.
func fulfillmentStatus(typ, status string) string {
	switch {
	case status == "inTransit" && typ == "bopis":
		return "processing"
	case status == "inTransit" && typ == "digital":
		return "delivered"
	}
	return status
}

// finish sets the fulfillments' statuses, timelines and packages, the
// amounts, and the order's timeline, status and updatedAt.
func (b *orderBuilder) finish() Order {
	o, p := &b.o, b.p
	at := func(e step) TimelineEntry {
		return TimelineEntry{Status: e.status, Timestamp: ts(p.created.Add(e.after))}
	}
	latest := map[string]string{} // order status -> latest timestamp among the fulfillments
	pkg := 0
	for ri := range o.Retailers {
		r := &o.Retailers[ri]
		for fi := range r.Fulfillments {
			f := &r.Fulfillments[fi]
			f.Status = fulfillmentStatus(f.Type, p.status)
			f.Timeline = []TimelineEntry{}
			for _, st := range steps(f.Type, f.Status) {
				e := at(st)
				f.Timeline = append(f.Timeline, e)
				f.UpdatedAt = e.Timestamp
				if e.Timestamp > latest[e.Status] {
					latest[e.Status] = e.Timestamp
				}
			}
			switch f.Type {
			case "onDemand":
				f.ScheduledFor = strPtr(ts(p.created.Add(2 * time.Hour)))
			case "bopis":
				f.ScheduledFor = strPtr(ts(p.created.Add(26 * time.Hour)))
			}
			if f.Status == "canceled" {
				f.Cancellation = &Cancellation{Category: "customer", Subcategory: "changed_mind",
					Notes: "Canceled at the customer's request before the retailer accepted it."}
			}
			if f.Type == "shipping" {
				pkg++
				number := fmt.Sprintf("1ZLCX%06d%02d", 1001+p.index, pkg)
				status, shipped := map[string]string{"created": "pending", "processing": "pending", "inTransit": "shipped",
					"delivered": "delivered", "canceled": "canceled"}[f.Status], (*string)(nil)
				for _, e := range f.Timeline {
					if e.Status == "inTransit" {
						shipped = strPtr(e.Timestamp)
					}
				}
				f.Packages = append(f.Packages, Package{ID: fmt.Sprintf("pkg_%d_%d", 1001+p.index, pkg), Carrier: "UPS",
					TrackingNumber: number, TrackingURL: "https://parcelwise.example/track/" + number, Status: status,
					DateShipped: shipped})
			}
		}
	}
	for i := range o.Items {
		it := &o.Items[i]
		it.Pricing.Tax = it.Pricing.Price / 10
	}
	o.Amounts = Amounts{}
	for ri := range o.Retailers {
		r := &o.Retailers[ri]
		a := &r.Amounts
		for _, it := range o.Items {
			if it.RetailerID == r.ID {
				a.Subtotal += it.Pricing.Price
				a.TaxDetails.Products += it.Pricing.Tax
			}
		}
		t, d := a.TaxDetails, a.DiscountDetails
		a.Tax = t.Products + t.Shipping + t.Delivery + t.Bag + t.BottleDeposits + t.RetailDelivery
		a.Discounts = d.Products + d.Shipping + d.Delivery + d.Engraving + d.Service
		a.Total = a.Subtotal + a.Shipping + a.Platform + a.Tax + a.Engraving + a.Service + a.Delivery + a.Tip -
			a.Discounts - a.GiftCards
		o.Amounts.add(*a)
	}
	o.Timeline = []TimelineEntry{}
	for _, st := range steps("shipping", p.status) {
		e := at(st)
		if t, ok := latest[st.status]; ok {
			e.Timestamp = t
		}
		o.Timeline = append(o.Timeline, e)
		o.UpdatedAt = e.Timestamp
	}
	if p.shuffled && len(o.Timeline) > 1 {
		// Move the latest entry from the end to second place (first when
		// there are only two), so the last entry is not the latest.
		last := o.Timeline[len(o.Timeline)-1]
		o.Timeline = slices.Insert(o.Timeline[:len(o.Timeline)-1], min(1, len(o.Timeline)-2), last)
	}
	if p.withStatus {
		o.Status = p.status
	}
	return *o
}

// buildOrder makes an order from one of the four templates, those of the
// sample orders LC-1001 to LC-1004.
func buildOrder(template int, p orderParams) Order {
	switch template {
	case 0: // one bottle shipped, free shipping by promo code
		b := newOrder(p, ada)
		b.o.PromoCode = strPtr("FREESHIP")
		r := b.retailer("ret_003", Amounts{Shipping: 599, DiscountDetails: DiscountDetails{Shipping: 599}})
		b.item(r, b.fulfillment(r, "shipping"), upc(1), 1, 5499)
		return b.finish()
	case 1: // a gift delivered on demand, with an engraving, fees waived
		b := newOrder(p, grace)
		b.o.PromoCode = strPtr("LAUNCHWEEK")
		b.o.Options = OrderOptions{IsGift: true, GiftRecipient: GiftRecipient{Name: strPtr("Alan Turing"),
			Email: strPtr("alan.turing@example.net"), Phone: strPtr("+1 646-555-0177")},
			GiftMessage: strPtr("Cheers to the next chapter, Alan!"), DeliveryInstructions: grace.notes}
		r := b.retailer("ret_001", Amounts{Delivery: 499, Engraving: 1500, Service: 199,
			DiscountDetails: DiscountDetails{Delivery: 499, Engraving: 1500, Service: 199}})
		f := b.fulfillment(r, "onDemand")
		rum := b.item(r, f, upc(2), 2, 3425)
		rum.Attributes.Engraving = ItemEngraving{HasEngraving: true, Fee: 1500, Location: strPtr("front"),
			Lines: []string{"To the Admiral", "Semper Navigare"}}
		b.item(r, f, upc(3), 3, 2000)
		return b.finish()
	case 2: // a bottle shipped and a digital gift card
		b := newOrder(p, ada)
		r := b.retailer("ret_002", Amounts{Shipping: 1299, DiscountDetails: DiscountDetails{Shipping: 1299}})
		b.item(r, b.fulfillment(r, "shipping"), upc(3), 1, 1699)
		card := b.item(r, b.fulfillment(r, "digital"), "", 1, 1500)
		card.VariantID, card.LiquidID = "ret_002_giftcard_1500", "liq_giftcard"
		card.Product = ItemProduct{Name: "Digital Gift Card", Brand: "Harborview Wine and Spirits", SKU: "GIFTCARD-1500",
			Category: "gift card", Attributes: ItemProductAttributes{PackDescription: "Digital"}}
		card.Attributes.GiftCard = ItemGiftCard{Sender: strPtr("Aunt Ada"), Message: strPtr("Lunch is on me this time."),
			Recipients: []string{"katherine.j@example.org"}, SendDate: strPtr(ts(p.created.Add(5 * time.Minute)))}
		return b.finish()
	default: // two retailers: one ships, one holds for pickup
		b := newOrder(p, dorothy)
		b.o.IsHybrid = true
		b.o.BopisContact = &BopisContact{Name: "Mary W. Jackson", Phone: "+1 757-555-0112"}
		ship := b.retailer("ret_003", Amounts{Shipping: 999, Platform: 99})
		b.item(ship, b.fulfillment(ship, "shipping"), upc(7), 1, 3999)
		pickup := b.retailer("ret_001", Amounts{Service: 199})
		b.item(pickup, b.fulfillment(pickup, "bopis"), upc(10), 1, 4299)
		return b.finish()
	}
}

// serveOrders answers GET /orders/{identifier} and GET /orders?startDate&...
// with an Orders token.
func (s *Server) serveOrders(w http.ResponseWriter, r *http.Request, path string, fault *Fault) {
	if r.Method != http.MethodGet {
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+path)
		return
	}
	if !s.authorize(w, r, true) {
		return
	}
	if id, ok := strings.CutPrefix(path, OrdersPath+"/"); ok {
		for _, o := range s.orderList {
			if o.ReferenceID == id || strconv.FormatInt(o.LegacyOrderNumber, 10) == id {
				s.writeJSON(w, r, http.StatusOK, fault, map[string]any{"statusCode": 200, "message": "OK", "data": o})
				return
			}
		}
		s.writeError(w, r, http.StatusNotFound, 404, "Order not found")
		return
	}
	q := r.URL.Query()
	start, errStart := parseDate(q.Get("startDate"), false)
	end, errEnd := parseDate(q.Get("endDate"), true)
	page, limit := intParam(q.Get("page"), 1), intParam(q.Get("limit"), 10)
	switch {
	case errStart != nil || errEnd != nil:
		s.writeError(w, r, http.StatusBadRequest, 400, "startDate and endDate are required, as ISO 8601 dates")
		return
	case end.Before(start):
		s.writeError(w, r, http.StatusBadRequest, 400, "endDate must not be before startDate")
		return
	case page < 1 || limit < 1 || limit > 100:
		s.writeError(w, r, http.StatusBadRequest, 400, "page must be at least 1 and limit between 1 and 100")
		return
	}
	email := q.Get("customerEmail")
	found := []Order{}
	for _, o := range s.ordersByDate {
		created, _ := time.Parse(time.RFC3339, o.CreatedAt)
		if !created.Before(start) && created.Before(end) && (email == "" || strings.EqualFold(o.Customer.Email, email)) {
			found = append(found, o)
		}
	}
	total := len(found)
	from := min((page-1)*limit, total)
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{"statusCode": 200, "message": "OK", "data": map[string]any{
		"startDate": q.Get("startDate"), "endDate": q.Get("endDate"), "page": page, "limit": limit,
		"total": total, "orders": append([]Order{}, found[from:min(from+limit, total)]...),
	}})
}

// parseDate reads a date of the orders list: RFC 3339, or YYYY-MM-DD for
// the start of that day (UTC). As an end, YYYY-MM-DD means the end of that
// day, so that equal dates give that day; the end is exclusive.
func parseDate(v string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err == nil && end {
		t = t.AddDate(0, 0, 1)
	}
	return t, err
}

func intParam(v string, def int) int {
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
