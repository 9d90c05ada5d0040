package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The orders follow LiquidCommerce's published order type: IOrder and the
// types it uses, in liquidcommerce/cloud-sdk, branch main,
// src/interfaces/order.interface.ts, the same in @liquidcommerce/cloud-sdk
// 1.18.0's dist/types/interfaces/order.interface.d.ts, and its enums in
// src/enums/enums.ts (orders-and-catalog.md §5). "IOrder.x" below names a
// field of that file; a nullable field is a pointer here.

// Order is an order as GET /orders/{id} answers it in data, and GET /orders
// in data.orders (IOrdersList.orders). Amounts are in cents.
type Order struct {
	// IOrder.referenceId: string | null; older orders have none and are
	// found by their legacy number.
	ReferenceID *string `json:"referenceId"`
	// IOrder.legacyOrderNumber: string | null. It may hold letters, leading
	// zeros or digits beyond 2^53.
	LegacyOrderNumber  *string `json:"legacyOrderNumber"`
	LegacyStorefrontID *int    `json:"legacyStorefrontId"` // IOrder.legacyStorefrontId: number | null
	IsHybrid           bool    `json:"isHybrid"`           // IOrder.isHybrid
	PartnerID          string  `json:"partnerId"`          // IOrder.partnerId
	PartnerName        string  `json:"partnerName"`        // IOrder.partnerName
	PromoCode          *string `json:"promoCode"`          // IOrder.promoCode: string | null
	CreatedAt          string  `json:"createdAt"`          // IOrder.createdAt
	UpdatedAt          string  `json:"updatedAt"`          // IOrder.updatedAt
	// Status is not in IOrder: one docs snapshot (/types/order) lists an
	// untyped top-level status, so some orders carry it and most do not.
	// IOrder has no top-level timeline either: statuses live on each
	// fulfillment.
	Status         string          `json:"status,omitempty"`
	Customer       Customer        `json:"customer"`       // IOrder.customer: IOrderCustomer
	Addresses      Addresses       `json:"addresses"`      // IOrder.addresses: IOrderAddresses
	Options        OrderOptions    `json:"options"`        // IOrder.options: IOrderOptions
	Amounts        Amounts         `json:"amounts"`        // IOrder.amounts: IOrderAmounts
	PaymentMethods []PaymentMethod `json:"paymentMethods"` // IOrder.paymentMethods: IOrderPaymentMethod[]
	Retailers      []OrderRetailer `json:"retailers"`      // IOrder.retailers: IOrderRetailer[]
	Items          []OrderItem     `json:"items"`          // IOrder.items: IOrderItem[]
}

// TimelineEntry is one status a fulfillment went through
// (IOrderFulfillmentTimeline{status: ENUM_ORDER_STATUS, timestamp: string}).
type TimelineEntry struct {
	Status    string `json:"status"`
	Timestamp string `json:"timestamp"`
}

// Customer is an order's customer, IOrderCustomer: personal data.
type Customer struct {
	ID        string  `json:"id"`
	FirstName *string `json:"firstName"`
	LastName  *string `json:"lastName"`
	Email     string  `json:"email"`
	Phone     *string `json:"phone"`
	Birthdate *string `json:"birthdate"`
}

// Addresses are an order's shipping and billing addresses, IOrderAddresses:
// personal data.
type Addresses struct {
	Shipping Address `json:"shipping"`
	Billing  Address `json:"billing"`
}

// Address is a customer's postal address, IOrderFullAddress (IOrderAddress
// with names, email, phone and company).
type Address struct {
	One       string  `json:"one"`
	Two       *string `json:"two"`
	City      string  `json:"city"`
	State     string  `json:"state"`
	Zip       string  `json:"zip"`
	Country   string  `json:"country"`
	FirstName *string `json:"firstName"`
	LastName  *string `json:"lastName"`
	Email     string  `json:"email"`
	Phone     *string `json:"phone"`
	Company   *string `json:"company"`
}

// OrderOptions are an order's choices, IOrderOptions; the gift recipient
// and message and the delivery instructions are personal data.
type OrderOptions struct {
	IsGift                bool                 `json:"isGift"`
	GiftMessage           *string              `json:"giftMessage"`
	GiftRecipient         GiftRecipient        `json:"giftRecipient"`
	HasVerifiedAge        bool                 `json:"hasVerifiedAge"`
	AllowsSubstitution    bool                 `json:"allowsSubstitution"`
	BillingSameAsShipping bool                 `json:"billingSameAsShipping"`
	DeliveryInstructions  *string              `json:"deliveryInstructions"`
	MarketingPreferences  MarketingPreferences `json:"marketingPreferences"`
}

// MarketingPreferences are IOrderMarketingPreferences.
type MarketingPreferences struct {
	Email bool `json:"email"`
	SMS   bool `json:"sms"`
}

// GiftRecipient is who receives a gift order, IOrderGiftRecipient; all null
// when not a gift.
type GiftRecipient struct {
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"`
}

// Amounts are an order's or a retailer's amounts, in cents, IOrderAmounts
// with IOrderTaxDetails and IOrderDiscountDetails. Total is
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

// TaxDetails break an order's tax down: IOrderTaxDetails (cloud-sdk main,
// src/interfaces/order.interface.ts), in cents.
type TaxDetails struct {
	Products       int `json:"products"`
	Shipping       int `json:"shipping"`
	Delivery       int `json:"delivery"`
	Bag            int `json:"bag"`
	BottleDeposits int `json:"bottleDeposits"`
	RetailDelivery int `json:"retailDelivery"`
}

// DiscountDetails break an order's discounts down: IOrderDiscountDetails
// (cloud-sdk main, src/interfaces/order.interface.ts), in cents.
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

// PaymentMethod is how an order was paid, IOrderPaymentMethod: personal
// data.
type PaymentMethod struct {
	Type   *string `json:"type"`
	Card   *string `json:"card"`
	Last4  *string `json:"last4"`
	Holder *string `json:"holder"`
	Code   *string `json:"code"`
}

// BopisContact is who picks up a bopis fulfillment,
// IOrderFulfillmentBopisContact: personal data.
type BopisContact struct {
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Email       string `json:"email"`
	PhoneNumber string `json:"phoneNumber"`
	IsGift      bool   `json:"isGift"`
}

// OrderRetailer is one retailer's part of an order, IOrderRetailer. System
// is ENUM_ORDER_SYSTEM: "LiquidCommerce OMS" or "ReserveBar OMS".
type OrderRetailer struct {
	ID           string               `json:"id"`
	LegacyID     *string              `json:"legacyId"`
	TdLinx       *string              `json:"tdLinx"`
	Name         string               `json:"name"`
	System       string               `json:"system"`
	Timezone     string               `json:"timezone"`
	Address      OrderRetailerAddress `json:"address"`
	Amounts      Amounts              `json:"amounts"`
	Fulfillments []Fulfillment        `json:"fulfillments"`
}

// OrderRetailerAddress is IOrderRetailerAddress: an order's retailer has
// latitude and longitude, where the catalog's has lat and long.
type OrderRetailerAddress struct {
	One       string   `json:"one"`
	Two       *string  `json:"two"`
	City      string   `json:"city"`
	State     string   `json:"state"`
	Zip       string   `json:"zip"`
	Country   string   `json:"country"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
}

// Fulfillment is how a retailer fulfills some of an order's items,
// IOrderFulfillment: Type is ENUM_ORDER_FULFILLMENT_TYPE (shipping,
// onDemand, digital, bopis), Status ENUM_ORDER_STATUS (created,
// processing, inTransit, canceled, delivered, test), and Timeline the
// statuses it went through, with UpdatedAt its last change.
type Fulfillment struct {
	ID                   string               `json:"id"`
	Type                 string               `json:"type"`
	Status               string               `json:"status"`
	ScheduledFor         *string              `json:"scheduledFor"`
	UpdatedAt            string               `json:"updatedAt"`
	ItemIDs              []string             `json:"itemIds"`
	Cancellation         Cancellation         `json:"cancellation"`
	ExpectationFormatted ExpectationFormatted `json:"expectationFormatted"`
	Packages             []Package            `json:"packages"`
	Timeline             []TimelineEntry      `json:"timeline"`
	BopisContact         *BopisContact        `json:"bopisContact,omitempty"` // optional and nullable
}

// Cancellation says why a fulfillment was canceled,
// IOrderFulfillmentCancellation: all null when it was not.
type Cancellation struct {
	Category    *string `json:"category"`
	Subcategory *string `json:"subcategory"`
	Notes       *string `json:"notes"`
}

// ExpectationFormatted is IOrderFulfillmentExpectationFormatted.
type ExpectationFormatted struct {
	Detail    *string `json:"detail"`
	Engraving *string `json:"engraving"`
}

// Package is a parcel of a shipping fulfillment, IOrderFulfillmentPackage;
// Status is ENUM_ORDER_PACKAGE_STATUS. Its tracking number and URL are
// personal data.
type Package struct {
	ID             string  `json:"id"`
	Carrier        *string `json:"carrier"`
	TrackingNumber *string `json:"trackingNumber"`
	TrackingURL    *string `json:"trackingUrl"`
	Status         string  `json:"status"`
	DateShipped    *string `json:"dateShipped"`
}

// OrderItem is one line of an order, IOrderItem. Prices are in cents.
// CustomerPlacement is ENUM_CUSTOMER_PLACEMENT.
type OrderItem struct {
	ID                string         `json:"id"`
	FulfillmentID     *string        `json:"fulfillmentId"`
	RetailerID        string         `json:"retailerId"`
	VariantID         string         `json:"variantId"`
	LiquidID          *string        `json:"liquidId"`
	LegacyGrouping    *string        `json:"legacyGrouping"`
	LegacyPid         *string        `json:"legacyPid"`
	Expectation       *string        `json:"expectation"`
	CustomerPlacement string         `json:"customerPlacement"`
	Product           ItemProduct    `json:"product"`
	Image             *string        `json:"image"`
	Pricing           ItemPricing    `json:"pricing"`
	Attributes        ItemAttributes `json:"attributes"`
	IsPresale         bool           `json:"isPresale"`
	EstimatedShipBy   *string        `json:"estimatedShipBy"`
}

// ItemProduct is the product an item is of, IOrderItemProduct.
type ItemProduct struct {
	Name       string                `json:"name"`
	Brand      string                `json:"brand"`
	UPC        string                `json:"upc"`
	SKU        string                `json:"sku"`
	MSKUs      []string              `json:"mskus"`
	Category   *string               `json:"category"`
	Size       *string               `json:"size"`
	Volume     *string               `json:"volume"`
	UOM        *string               `json:"uom"`
	Proof      *string               `json:"proof"`
	Attributes ItemProductAttributes `json:"attributes"`
}

// ItemProductAttributes are the packaging details of an item's product,
// IOrderItemProductAttributes.
type ItemProductAttributes struct {
	Pack            bool    `json:"pack"`
	PackDescription *string `json:"packDescription"`
	ABV             *string `json:"abv"`
	Container       *string `json:"container"`
	ContainerType   *string `json:"containerType"`
}

// ItemPricing is what an item cost, IOrderItemPricing: Price, the line
// total, is UnitPrice × Quantity.
type ItemPricing struct {
	Price          int `json:"price"`
	UnitPrice      int `json:"unitPrice"`
	Quantity       int `json:"quantity"`
	Tax            int `json:"tax"`
	BottleDeposits int `json:"bottleDeposits"`
}

// ItemAttributes hold an item's engraving and gift card,
// IOrderItemAttributes: personal data.
type ItemAttributes struct {
	Engraving ItemEngraving `json:"engraving"`
	GiftCard  ItemGiftCard  `json:"giftCard"`
}

// ItemEngraving is the text engraved on an item, IOrderItemEngraving.
type ItemEngraving struct {
	HasEngraving bool     `json:"hasEngraving"`
	Fee          int      `json:"fee"`
	Location     *string  `json:"location"`
	Lines        []string `json:"lines"`
}

// ItemGiftCard is a digital gift card's sender, message and recipients,
// IOrderItemGiftCard.
type ItemGiftCard struct {
	Sender     *string  `json:"sender"`
	Message    *string  `json:"message"`
	Recipients []string `json:"recipients"`
	SendDate   *string  `json:"sendDate"`
}

// PersonalData lists distinctive parts of the personal data in the orders:
// names, emails, phones, birthdates, streets, companies, gift and delivery
// texts, card holders and codes, engraving lines, gift-card sender, message
// and recipients, the pickup contact, tracking numbers and the tracking
// host. None of them appears anywhere else in the fake's answers, so that
// tests can prove none reaches a state, a plan or a log.
var PersonalData = []string{
	// customers
	"Lovelace", "Hopper", "Vaughan", "ada@example.com", "grace@example.com", "dorothy@example.com",
	"+1 212-555-0143", "+1 718-555-0186", "+1 757-555-0129", "1815-12-10", "1906-12-09", "1910-09-20",
	// addresses
	"12 Saint James Place", "88 Admiralty Row", "1 Sands Street", "400 Langley Boulevard", "Apt 4B", "Suite 1947",
	"Analytical Engines Ltd", "Harvard Mark Works",
	// options
	"Turing", "alan.turing@example.net", "+1 646-555-0177", "Cheers to the next chapter",
	"Leave with the concierge at the side gate", "Ring twice and wait by the blue door", "behind the cedar planter",
	// cards and pickup
	"A K LOVELACE", "GRACE B HOPPER", "DOROTHY J VAUGHAN", "PMX-7Q4ZK", "Winston-Jackson", "mary.wj@example.org",
	"+1 757-555-0112",
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
		customer: Customer{ID: "cus_0001", FirstName: strPtr("Ada"), LastName: strPtr("Lovelace"), Email: "ada@example.com",
			Phone: strPtr("+1 212-555-0143"), Birthdate: strPtr("1815-12-10")},
		ship: Address{FirstName: strPtr("Ada"), LastName: strPtr("Lovelace"), One: "12 Saint James Place", Two: strPtr("Apt 4B"),
			City: "Brooklyn", State: "NY", Zip: "11205", Country: "US", Email: "ada@example.com", Phone: strPtr("+1 212-555-0143"),
			Company: strPtr("Analytical Engines Ltd")},
		card: PaymentMethod{Type: strPtr("card"), Card: strPtr("visa"), Last4: strPtr("4242"), Holder: strPtr("A K LOVELACE"),
			Code: strPtr("PMX-7Q4ZK")},
		notes: strPtr("Leave with the concierge at the side gate"),
	}
	grace = person{
		customer: Customer{ID: "cus_0002", FirstName: strPtr("Grace"), LastName: strPtr("Hopper"), Email: "grace@example.com",
			Phone: strPtr("+1 718-555-0186"), Birthdate: strPtr("1906-12-09")},
		ship: Address{FirstName: strPtr("Grace"), LastName: strPtr("Hopper"), One: "88 Admiralty Row", City: "New York",
			State: "NY", Zip: "10014", Country: "US", Email: "grace@example.com", Phone: strPtr("+1 718-555-0186")},
		bill: Address{FirstName: strPtr("Grace"), LastName: strPtr("Hopper"), One: "1 Sands Street", Two: strPtr("Suite 1947"),
			City: "Brooklyn", State: "NY", Zip: "11201", Country: "US", Email: "grace@example.com",
			Phone: strPtr("+1 718-555-0186"), Company: strPtr("Harvard Mark Works")},
		card:  PaymentMethod{Type: strPtr("card"), Card: strPtr("mastercard"), Last4: strPtr("5454"), Holder: strPtr("GRACE B HOPPER")},
		notes: strPtr("Ring twice and wait by the blue door"),
	}
	dorothy = person{
		customer: Customer{ID: "cus_0003", FirstName: strPtr("Dorothy"), LastName: strPtr("Vaughan"), Email: "dorothy@example.com",
			Phone: strPtr("+1 757-555-0129"), Birthdate: strPtr("1910-09-20")},
		ship: Address{FirstName: strPtr("Dorothy"), LastName: strPtr("Vaughan"), One: "400 Langley Boulevard", City: "Hampton",
			State: "VA", Zip: "23681", Country: "US", Email: "dorothy@example.com", Phone: strPtr("+1 757-555-0129")},
		card:  PaymentMethod{Type: strPtr("card"), Card: strPtr("amex"), Last4: strPtr("8431"), Holder: strPtr("DOROTHY J VAUGHAN")},
		notes: strPtr("Porch, behind the cedar planter"),
	}
)

// The kinds of order status the fake serves, beyond the statuses
// themselves (ENUM_ORDER_STATUS), which every fulfillment then has.
const (
	// partlyCanceled: the first fulfillment is canceled, the others
	// delivered (all canceled when there is only one).
	partlyCanceled = "partlyCanceled"
	// oddMix: the first fulfillment is test, the others delivered, a mix
	// outside the flow created, processing, inTransit, delivered (all test
	// when there is only one).
	oddMix = "oddMix"
	// unfulfilled: no fulfillments yet, the items in none.
	unfulfilled = "unfulfilled"
)

// orderParams are what sets one order apart from the others made from the
// same template.
type orderParams struct {
	index      int // LC-(1001+index)
	created    time.Time
	status     string // a status, or one of the kinds above
	withStatus bool   // a top-level status (the order's, by the fulfillments)
	shuffled   bool   // fulfillment timelines out of chronological order
	noRef      bool   // referenceId null: found by its legacy number
	legacy     *string
}

// The sample orders.
var sampleParams = []orderParams{
	{index: 0, created: time.Date(2026, 11, 2, 10, 15, 0, 0, time.UTC), status: "delivered", withStatus: true,
		legacy: strPtr("9007199254740993")},
	{index: 1, created: time.Date(2026, 11, 14, 8, 30, 0, 0, time.UTC), status: "processing", legacy: strPtr("R482913075")},
	{index: 2, created: time.Date(2026, 11, 20, 19, 45, 0, 0, time.UTC), status: "inTransit", legacy: strPtr("0004829130")},
	{index: 3, created: time.Date(2026, 11, 25, 16, 5, 0, 0, time.UTC), status: "delivered", shuffled: true},
}

// Generated orders start here, one every generatedEvery.
var (
	generatedFrom  = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	generatedEvery = 20 * time.Minute
	// generatedStatuses cycle over the generated orders.
	generatedStatuses = []string{"delivered", "inTransit", "processing", "delivered", "created", "canceled", "delivered",
		"test", partlyCanceled, oddMix, unfulfilled, "delivered", unfulfilled}
)

// SampleOrders are the sample orders the Orders endpoints serve:
//   - LC-1001: legacy number "9007199254740993", a top-level status
//     delivered, Ada, created 2026-11-02T10:15:00Z, one item of UPC
//     00000000000017 shipped by Empire Cellars Direct (delivered), total 6048;
//   - LC-1002: legacy number "R482913075", Grace, 2026-11-14T08:30:00Z, a
//     gift delivered on demand by Corner Spirits (processing) with an
//     engraving, total 14135;
//   - LC-1003: legacy number "0004829130", Ada, 2026-11-20T19:45:00Z, a
//     bottle shipped (inTransit) and a digital gift card (delivered), so
//     the order is inTransit, total 3518;
//   - LC-1004: no legacy number, Dorothy, 2026-11-25T16:05:00Z, shipped by
//     Empire Cellars Direct and picked up (bopis) at Corner Spirits, both
//     delivered, their timelines out of chronological order.
//
// None has a top-level timeline, and only LC-1001 a top-level status.
var SampleOrders = makeOrders(len(sampleParams))

// makeOrders returns the sample orders and, up to count, more made like
// them: LC-1005 on, created every 20 minutes from 2026-11-01T00:00:00Z.
// Their statuses cycle through generatedStatuses; one in four has a
// top-level status; their legacy numbers are by turns digits beyond 2^53,
// letters and digits, and digits with leading zeros, one in ten null; and
// one in ten (another) has a null referenceId.
func makeOrders(count int) []Order {
	out := make([]Order, 0, count)
	for i := range count {
		if i < len(sampleParams) {
			out = append(out, buildOrder(i, sampleParams[i]))
			continue
		}
		k := i - len(sampleParams)
		p := orderParams{index: i, created: generatedFrom.Add(time.Duration(k) * generatedEvery),
			status: generatedStatuses[k%len(generatedStatuses)], withStatus: k%4 == 0, shuffled: k%4 == 2,
			noRef: k%10 == 7}
		switch {
		case k%10 == 3:
		case k%3 == 0:
			p.legacy = strPtr(strconv.FormatInt(9007199254740993+2*int64(i), 10))
		case k%3 == 1:
			p.legacy = strPtr(fmt.Sprintf("R%09d", 482913075+i))
		default:
			p.legacy = strPtr(fmt.Sprintf("%010d", 4829130+i))
		}
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
	var ref *string
	if !p.noRef {
		ref = strPtr("LC-" + strconv.Itoa(1001+p.index))
	}
	storefront := 1207
	return &orderBuilder{p: p, o: Order{
		ReferenceID: ref, LegacyOrderNumber: p.legacy, LegacyStorefrontID: &storefront,
		PartnerID: "prt_42", PartnerName: "Northwind Beverage Group",
		CreatedAt: ts(p.created), Customer: who.customer, Addresses: Addresses{Shipping: who.ship, Billing: bill},
		Options: OrderOptions{DeliveryInstructions: who.notes, HasVerifiedAge: true, AllowsSubstitution: p.index%2 == 0,
			BillingSameAsShipping: who.bill.One == "", MarketingPreferences: MarketingPreferences{Email: p.index%3 == 0}},
		PaymentMethods: []PaymentMethod{who.card}, Retailers: []OrderRetailer{}, Items: []OrderItem{},
	}}
}

// orderAddress is a catalog retailer's address as an order gives it
// (IOrderRetailerAddress): read through JSON, so that it holds whichever
// names the catalog's type uses for the coordinates.
func orderAddress(a any) OrderRetailerAddress {
	raw, _ := json.Marshal(a)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	s := func(k string) string { v, _ := m[k].(string); return v }
	f := func(keys ...string) *float64 {
		for _, k := range keys {
			if v, ok := m[k].(float64); ok {
				return &v
			}
		}
		return nil
	}
	out := OrderRetailerAddress{One: s("one"), City: s("city"), State: s("state"), Zip: s("zip"), Country: s("country"),
		Latitude: f("latitude", "lat"), Longitude: f("longitude", "long")}
	if two := s("two"); two != "" {
		out.Two = &two
	}
	return out
}

// retailer adds a retailer's part with its fees (all but subtotal, product
// tax, tax and total, which finish works out) and returns its index.
func (b *orderBuilder) retailer(id string, fees Amounts) int {
	r := retailerByID(id)
	n := strings.TrimPrefix(r.ID, "ret_")
	system := "LiquidCommerce OMS"
	if n == "002" {
		system = "ReserveBar OMS"
	}
	b.o.Retailers = append(b.o.Retailers, OrderRetailer{
		ID: r.ID, LegacyID: strPtr("RL" + n), TdLinx: strPtr("TDL" + n + "88"), Name: r.Name, System: system,
		Timezone: "America/New_York", Address: orderAddress(r.Address), Amounts: fees, Fulfillments: []Fulfillment{},
	})
	return len(b.o.Retailers) - 1
}

// fulfillment adds a fulfillment of a type to a retailer and returns its
// index; -1, and none, for an unfulfilled order.
func (b *orderBuilder) fulfillment(ri int, typ string) int {
	if b.p.status == unfulfilled {
		return -1
	}
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
// price, fulfilled by a retailer's fulfillment (none when fi is -1), and
// returns it to adjust.
func (b *orderBuilder) item(ri, fi int, code string, quantity, unitPrice int) *OrderItem {
	r := &b.o.Retailers[ri]
	it := OrderItem{ID: fmt.Sprintf("itm_%d_%d", 1001+b.p.index, len(b.o.Items)+1), RetailerID: r.ID,
		VariantID: r.ID + "_" + code, LiquidID: strPtr("liq_" + code), CustomerPlacement: "standard",
		LegacyGrouping: strPtr("grp_" + code), LegacyPid: strPtr("pid_" + code),
		Expectation: strPtr("Ships in 1-2 business days"),
		Pricing:     ItemPricing{Price: unitPrice * quantity, UnitPrice: unitPrice, Quantity: quantity},
		Attributes:  ItemAttributes{Engraving: ItemEngraving{Lines: []string{}}, GiftCard: ItemGiftCard{Recipients: []string{}}}}
	for _, p := range SampleProducts {
		for _, s := range p.Sizes {
			if s.UPC == code {
				it.Product = ItemProduct{Name: p.Name, Brand: p.Brand, UPC: s.UPC, SKU: "SKU-" + s.UPC,
					MSKUs: []string{"MSKU-" + s.UPC}, Category: strPtr(p.Category), Size: strPtr(s.Size),
					Volume: strPtr(s.Volume), UOM: strPtr(s.UOM), Proof: strPtr(p.Proof),
					Attributes: ItemProductAttributes{PackDescription: strPtr(s.PackDesc), ABV: strPtr(p.ABV),
						Container: strPtr(s.Container), ContainerType: strPtr(s.ContainerType)}}
				it.Image = strPtr("https://images.example.com/" + s.UPC + ".png")
			}
		}
	}
	if fi >= 0 {
		f := &r.Fulfillments[fi]
		it.FulfillmentID = strPtr(f.ID)
		f.ItemIDs = append(f.ItemIDs, it.ID)
	}
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
	switch status {
	case "canceled":
		path = []string{"created", "processing", "canceled"}
		delays = []time.Duration{delays[0], 2 * time.Hour}
	case "test":
		return []step{{status: "test"}}
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

// fulfillmentStatus is where the n-th fulfillment (from 0) of a type
// stands when its order is at status: bopis has no inTransit (it waits for
// pickup), a digital gift card is delivered as soon as the order is on its
// way.
func fulfillmentStatus(typ, status string, n int) string {
	switch {
	case status == partlyCanceled && n == 0:
		return "canceled"
	case status == partlyCanceled:
		return "delivered"
	case status == oddMix && n == 0:
		return "test"
	case status == oddMix:
		return "delivered"
	case status == "inTransit" && typ == "bopis":
		return "processing"
	case status == "inTransit" && typ == "digital":
		return "delivered"
	}
	return status
}

// finish sets the fulfillments' statuses, timelines and packages, the
// amounts, and the order's status and updatedAt.
func (b *orderBuilder) finish() Order {
	o, p := &b.o, b.p
	at := func(e step) TimelineEntry {
		return TimelineEntry{Status: e.status, Timestamp: ts(p.created.Add(e.after))}
	}
	o.UpdatedAt = o.CreatedAt
	pkg, n := 0, 0
	for ri := range o.Retailers {
		r := &o.Retailers[ri]
		for fi := range r.Fulfillments {
			f := &r.Fulfillments[fi]
			f.Status = fulfillmentStatus(f.Type, p.status, n)
			n++
			f.Timeline = []TimelineEntry{}
			for _, st := range steps(f.Type, f.Status) {
				e := at(st)
				f.Timeline = append(f.Timeline, e)
				f.UpdatedAt = e.Timestamp
			}
			if f.UpdatedAt > o.UpdatedAt {
				o.UpdatedAt = f.UpdatedAt
			}
			if p.shuffled && len(f.Timeline) > 1 {
				// Move the latest entry from the end to second place (first
				// when there are only two), so the last entry is not the
				// latest.
				last := f.Timeline[len(f.Timeline)-1]
				f.Timeline = slices.Insert(f.Timeline[:len(f.Timeline)-1], min(1, len(f.Timeline)-2), last)
			}
			f.ExpectationFormatted = ExpectationFormatted{Detail: strPtr(map[string]string{"shipping": "Ships in 1-2 days",
				"onDemand": "Delivered within 2 hours", "bopis": "Ready for pickup tomorrow",
				"digital": "Sent by email"}[f.Type])}
			switch f.Type {
			case "onDemand":
				f.ScheduledFor = strPtr(ts(p.created.Add(2 * time.Hour)))
			case "bopis":
				f.ScheduledFor = strPtr(ts(p.created.Add(26 * time.Hour)))
				f.BopisContact = &BopisContact{FirstName: "Mary", LastName: "Winston-Jackson", Email: "mary.wj@example.org",
					PhoneNumber: "+1 757-555-0112"}
			}
			if f.Status == "canceled" {
				f.Cancellation = Cancellation{Category: strPtr("customer"), Subcategory: strPtr("changed_mind"),
					Notes: strPtr("Canceled at the customer's request before the retailer accepted it.")}
			}
			if f.Type == "shipping" {
				pkg++
				number := fmt.Sprintf("1ZLCX%06d%02d", 1001+p.index, pkg)
				status, shipped := map[string]string{"created": "pending", "processing": "pending", "inTransit": "shipped",
					"delivered": "delivered", "canceled": "canceled", "test": "pending"}[f.Status], (*string)(nil)
				for _, e := range f.Timeline {
					if e.Status == "inTransit" {
						shipped = strPtr(e.Timestamp)
					}
				}
				f.Packages = append(f.Packages, Package{ID: fmt.Sprintf("pkg_%d_%d", 1001+p.index, pkg), Carrier: strPtr("UPS"),
					TrackingNumber: strPtr(number), TrackingURL: strPtr("https://parcelwise.example/track/" + number),
					Status: status, DateShipped: shipped})
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
	if p.withStatus {
		o.Status = map[string]string{partlyCanceled: "delivered", oddMix: "", unfulfilled: "created"}[p.status]
		if o.Status == "" && p.status != oddMix {
			o.Status = p.status
		}
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
		b.o.Options.IsGift = true
		b.o.Options.GiftRecipient = GiftRecipient{Name: strPtr("Alan Turing"), Email: strPtr("alan.turing@example.net"),
			Phone: strPtr("+1 646-555-0177")}
		b.o.Options.GiftMessage = strPtr("Cheers to the next chapter, Alan!")
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
		card.VariantID, card.LiquidID = "ret_002_giftcard_1500", strPtr("liq_giftcard")
		card.LegacyGrouping, card.LegacyPid, card.Expectation = nil, nil, nil
		card.Product = ItemProduct{Name: "Digital Gift Card", Brand: "Harborview Wine and Spirits", SKU: "GIFTCARD-1500",
			MSKUs: []string{}, Category: strPtr("gift card"),
			Attributes: ItemProductAttributes{PackDescription: strPtr("Digital")}}
		card.Attributes.GiftCard = ItemGiftCard{Sender: strPtr("Aunt Ada"), Message: strPtr("Lunch is on me this time."),
			Recipients: []string{"katherine.j@example.org"}, SendDate: strPtr(ts(p.created.Add(5 * time.Minute)))}
		return b.finish()
	default: // two retailers: one ships, one holds for pickup
		b := newOrder(p, dorothy)
		b.o.IsHybrid = true
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
			if o.ReferenceID != nil && *o.ReferenceID == id || o.LegacyOrderNumber != nil && *o.LegacyOrderNumber == id {
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
	// A page holds limit orders from (page-1)×limit, unless a cap says
	// otherwise (see Options.OrdersPageCap and OrdersShortPage).
	total, echoed, offset, size := len(found), limit, (page-1)*limit, limit
	if c := s.opts.OrdersPageCap; c > 0 && c < limit {
		echoed, size = c, c
	}
	if c := s.opts.OrdersShortPage; c > 0 && c < limit {
		offset, size = (page-1)*c, c
	}
	from := min(offset, total)
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{"statusCode": 200, "message": "OK", "data": map[string]any{
		"startDate": q.Get("startDate"), "endDate": q.Get("endDate"), "page": page, "limit": echoed,
		"total": total, "orders": append([]Order{}, found[from:min(from+size, total)]...),
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
