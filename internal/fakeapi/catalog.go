package fakeapi

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The catalog's answers follow LiquidCommerce's published types
// (orders-and-catalog.md §5): the QA team's JSON Schema, repository
// liquidcommerce/cloud-sdk, branch initial-test, tests/data/schemas/catalog.ts
// ("QA schema" below); the SDK's types, branch main,
// src/interfaces/catalog.interface.ts and retailer.interface.ts ("SDK");
// and the npm package @liquidcommerce/cloud-sdk 1.18.0, dist/types
// ("1.18.0"). Money is integer cents everywhere (the SDK's README; the QA
// schema types prices, fees and priceInfo as integers). Ids are 24-hex
// strings, UPCs 14 digits zero-padded, part numbers {UPC}_{retailerId}.

// Product is a catalog product, as POST /catalog/search and
// /catalog/availability answer it in products[]: SDK IProduct, QA schema
// products.items (required there: id, name, brand, category, images, sizes,
// attributes, mainImage, default, priceInfo).
type Product struct {
	ID               string         `json:"id"`               // SDK IProduct.id: string
	SalsifyGrouping  string         `json:"salsifyGrouping"`  // QA schema: string
	Name             string         `json:"name"`             // SDK: string
	Brand            string         `json:"brand"`            // SDK: string
	CatPath          string         `json:"catPath"`          // SDK: string
	Category         string         `json:"category"`         // SDK: string
	Classification   string         `json:"classification"`   // SDK: string
	Type             string         `json:"type"`             // SDK: string
	SubType          string         `json:"subType"`          // SDK: string
	Region           string         `json:"region"`           // SDK: string
	Country          string         `json:"country"`          // SDK: string
	Material         string         `json:"material"`         // SDK: string
	Color            string         `json:"color"`            // SDK: string
	ABV              string         `json:"abv"`              // SDK: string, such as "40"
	Proof            string         `json:"proof"`            // SDK: string
	Age              string         `json:"age"`              // SDK: string, such as "14"
	Flavor           string         `json:"flavor"`           // SDK: string
	Variety          string         `json:"variety"`          // SDK: string
	Appellation      string         `json:"appellation"`      // SDK: string
	Vintage          string         `json:"vintage"`          // SDK: string
	Description      string         `json:"description"`      // SDK: string
	HTMLDescription  string         `json:"htmlDescription"`  // SDK: string
	TastingNotes     string         `json:"tastingNotes"`     // SDK: string
	Images           []string       `json:"images"`           // SDK: string[]
	Attributes       map[string]any `json:"attributes"`       // QA schema: object, required; SDK Partial<IAttributes>
	MainImage        string         `json:"mainImage"`        // QA schema: string, required
	AdditionalImages []string       `json:"additionalImages"` // QA schema: string[]
	Volume           string         `json:"volume"`           // QA schema: string
	UOM              string         `json:"uom"`              // QA schema: string
	Pack             bool           `json:"pack"`             // QA schema: boolean
	PackDesc         string         `json:"packDesc"`         // QA schema: string
	ParentCo         string         `json:"parentCo"`         // QA schema: string
	Default          bool           `json:"default"`          // QA schema: boolean, required
	PriceInfo        *PriceInfo     `json:"priceInfo"`        // SDK: IProductPriceInfo | null
	Sizes            []Size         `json:"sizes"`            // SDK: IProductSize[]
	// key and rank are the product's short name in the sample data and
	// its place among them by name: its id sorts so.
	key  string
	rank int
}

// PriceInfo summarizes the prices of a product's offers, sale prices
// counted where there is one. Null when the product has no offer. SDK
// IProductPriceInfo; QA schema priceInfo: integers.
type PriceInfo struct {
	Currency string `json:"currency"`
	Minimum  int    `json:"minimum"`
	Average  int    `json:"average"`
	Maximum  int    `json:"maximum"`
}

// Size is one size (one UPC) of a product: SDK IProductSize, 1.18.0
// IProductSize (adds catPath, default, price); QA schema sizes.items
// (required: id, upc, size, volume, catPath, uom, container, containerType,
// pack, packDesc, image, attributes, variants, salsifyPid).
type Size struct {
	ID            string         `json:"id"`            // SDK: string
	SalsifyPid    string         `json:"salsifyPid"`    // QA schema: string, required
	UPC           string         `json:"upc"`           // SDK: string, 14 digits zero-padded (§5)
	Size          string         `json:"size"`          // SDK: string
	Volume        string         `json:"volume"`        // SDK: string
	CatPath       string         `json:"catPath"`       // 1.18.0: string
	UOM           string         `json:"uom"`           // SDK: string
	Image         string         `json:"image"`         // SDK: string
	Pack          bool           `json:"pack"`          // SDK: boolean
	PackDesc      string         `json:"packDesc"`      // SDK: string
	Container     string         `json:"container"`     // SDK: string
	ContainerType string         `json:"containerType"` // SDK: string
	Default       bool           `json:"default"`       // 1.18.0: boolean, optional
	Price         *int           `json:"price"`         // 1.18.0: null | number (cents)
	Attributes    SizeAttributes `json:"attributes"`    // SDK IProductSizeAttributes
	Variants      []Variant      `json:"variants"`      // SDK IProductVariant[]
}

// SizeAttributes are a size's presale, engraving and pickup terms: SDK
// IProductSizeAttributes.
type SizeAttributes struct {
	Presale             Presale       `json:"presale"`
	Engraving           SizeEngraving `json:"engraving"`
	AllowBopis          bool          `json:"allowBopis"`
	MaxQuantityPerOrder int           `json:"maxQuantityPerOrder"`
}

// Presale says whether a size sells before its release: SDK
// IProductPresale.
type Presale struct {
	CanPurchaseOn   *string `json:"canPurchaseOn"`
	EstimatedShipBy *string `json:"estimatedShipBy"`
	IsActive        bool    `json:"isActive"`
	Language        string  `json:"language"`
}

// SizeEngraving says whether, and how, a size can be engraved: SDK
// IProductSizeEngraving (fee an integer of cents in the QA schema).
type SizeEngraving struct {
	Status          bool   `json:"status"`
	MaxLines        int    `json:"maxLines"`
	MaxCharsPerLine int    `json:"maxCharsPerLine"`
	Fee             int    `json:"fee"`
	Location        string `json:"location"`
	IsRequired      bool   `json:"isRequired"`
}

// Variant is one retailer's offer of a size: SDK IProductVariant, QA schema
// variants.items. SalePrice is 0 when the offer is not on sale; Stock 0 is
// out of stock. How it reaches the customer is said three ways, and the
// sample offers use each alone or together (see offerStyle): the
// fulfillmentTypes strings, the ids in fulfillments of the retailer's
// fulfillments, and modalities.
type Variant struct {
	PartNumber   string `json:"partNumber"`   // SDK: string, {UPC}_{retailerId} (§5)
	RetailerID   string `json:"retailerId"`   // SDK: string
	Price        int    `json:"price"`        // SDK: number; QA schema: integer (cents)
	SalePrice    int    `json:"salePrice"`    // SDK: number; QA schema: integer (cents)
	IsEngravable bool   `json:"isEngravable"` // SDK: boolean
	Stock        int    `json:"stock"`        // SDK: number; QA schema: integer
	// SDK: string[], ids of retailers[].fulfillments[]; QA schema: required
	// array of strings, so [] when none serves the offer.
	Fulfillments []string `json:"fulfillments"`
	// SDK IProductFulfillmentTypes: strings; QA schema: required object.
	FulfillmentTypes FulfillmentTypes `json:"fulfillmentTypes"`
	// QA schema: array of strings (the SDK: ENUM_MODALITIES, optional).
	Modalities []string `json:"modalities,omitempty"`
	// modes are how the offer can be fulfilled, for the fulfillment filter.
	modes []string
}

// FulfillmentTypes says how an offer can reach the customer: SDK
// IProductFulfillmentTypes, each a string. The sample's are the id of the
// retailer's fulfillment of that type, "true", or "" or "false" for none.
type FulfillmentTypes struct {
	Shipping string `json:"shipping"`
	OnDemand string `json:"onDemand"`
	Bopis    string `json:"bopis"`
}

// Retailer is a retailer as the catalog answers it in retailers[]: SDK
// IRetailer, QA schema retailers.items (required: id, name, platformFee,
// address, fulfillments). Its fees are per fulfillment; there is no
// retailer-level delivery, shipping or service fee.
type Retailer struct {
	ID          string `json:"id"`          // SDK: string
	Name        string `json:"name"`        // SDK: string
	PlatformFee int    `json:"platformFee"` // QA schema: integer (cents)
	AllowBopis  bool   `json:"allowBopis"`  // SDK: boolean, optional
	// Address is the store's address as orders give it (latitude,
	// longitude); the catalog answers it as CatalogAddress (see MarshalJSON).
	Address      RetailerAddress       `json:"-"`
	Fulfillments []RetailerFulfillment `json:"fulfillments"` // SDK IRetailerFulfillments[]
	// key is the short name the sample data uses, such as "ret_001".
	key string
}

// MarshalJSON writes the retailer as the catalog answers it, its address
// with lat and long.
func (r Retailer) MarshalJSON() ([]byte, error) {
	type plain Retailer
	a := r.Address
	return json.Marshal(struct {
		plain
		Address CatalogAddress `json:"address"`
	}{plain(r), CatalogAddress{One: a.One, Two: a.Two, City: a.City, State: a.State, Zip: a.Zip, Country: a.Country,
		Lat: a.Latitude, Long: a.Longitude}})
}

// RetailerAddress is a store's address as the sample data holds it; it is
// never sent as is: catalog answers write it as CatalogAddress (lat, long)
// and order answers as OrderRetailerAddress.
type RetailerAddress struct {
	One       string  `json:"one"`
	Two       string  `json:"two"`
	City      string  `json:"city"`
	State     string  `json:"state"`
	Zip       string  `json:"zip"`
	Country   string  `json:"country"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// CatalogAddress is a store's address as the catalog gives it: SDK
// IAddress & ICoords (lat, long); QA schema retailers.items.address.
type CatalogAddress struct {
	One     string  `json:"one"`
	Two     string  `json:"two"`
	City    string  `json:"city"`
	State   string  `json:"state"`
	Zip     string  `json:"zip"`
	Country string  `json:"country"`
	Lat     float64 `json:"lat"`
	Long    float64 `json:"long"`
}

// RetailerFulfillment is one way a retailer fulfills, shipping, onDemand or
// bopis: SDK IRetailerFulfillments, QA schema fulfillments.items.
type RetailerFulfillment struct {
	ID          string      `json:"id"`          // SDK: string
	Type        string      `json:"type"`        // SDK: ENUM_MODALITIES
	CanEngrave  bool        `json:"canEngrave"`  // SDK: boolean
	Timezone    string      `json:"timezone"`    // SDK: string, optional
	Fees        any         `json:"fees"`        // SDK IRetailerFees: DeliveryFees or ShippingFees
	Expectation Expectation `json:"expectation"` // SDK IRetailerExpectation
	Hours       Hours       `json:"hours"`       // SDK RetailerHours
	Breaks      []DayTimes  `json:"breaks"`      // SDK IRetailerTimes[]
	// SDK IRetailerFulfillments (cloud-sdk main, src/interfaces/
	// retailer.interface.ts): items, "item identifiers included in the
	// fulfillment", string[]; the flags, boolean; productTypesAllowed,
	// SHIPPING_CATEGORY_TYPE[] (enums.ts: SPIRITS, WINE, ...). All required.
	Items               []string `json:"items"`
	DoesAllowPromos     bool     `json:"doesAllowPromos"`
	DoesAllowGiftCards  bool     `json:"doesAllowGiftCards"`
	ProductTypesAllowed []string `json:"productTypesAllowed"`
}

// DeliveryFees are an onDemand (or bopis) fulfillment's fees: SDK
// IRetailerFeeDelivery, in cents.
type DeliveryFees struct {
	Min  int          `json:"min"`
	Fee  int          `json:"fee"`
	Free FreeDelivery `json:"free"`
}

// ShippingFees are a shipping fulfillment's fees: SDK IRetailerFeeShipping.
type ShippingFees struct {
	Individual ShippingFee  `json:"individual"`
	Pack       ShippingFee  `json:"pack"`
	Free       FreeDelivery `json:"free"`
}

// ShippingFee is SDK IFeeShippingConfig, in cents.
type ShippingFee struct {
	MaxQuantity int  `json:"maxQuantity"`
	Fee         int  `json:"fee"`
	Min         int  `json:"min"`
	Active      bool `json:"active"`
}

// FreeDelivery is SDK IRetailerFreeDelivery: free above min cents when
// active.
type FreeDelivery struct {
	Min    int  `json:"min"`
	Active bool `json:"active"`
}

// Expectation is what a fulfillment promises, at length and in short:
// IRetailerExpectation (cloud-sdk main, src/interfaces/retailer.interface.ts).
type Expectation struct {
	Detail string `json:"detail"`
	Short  string `json:"short"`
}

// Hours are a fulfillment's opening hours by day of the week (SDK
// RetailerHours, keyed by DAYS_OF_WEEK).
type Hours struct {
	Monday    DayHours `json:"monday"`
	Tuesday   DayHours `json:"tuesday"`
	Wednesday DayHours `json:"wednesday"`
	Thursday  DayHours `json:"thursday"`
	Friday    DayHours `json:"friday"`
	Saturday  DayHours `json:"saturday"`
	Sunday    DayHours `json:"sunday"`
}

// DayHours are one day's opening hours: IRetailerHoursConfig (cloud-sdk
// main, src/interfaces/retailer.interface.ts).
type DayHours struct {
	Active bool       `json:"active"`
	Times  []DayTimes `json:"times"`
}

// DayTimes is one opening period, in the retailer's timezone:
// IRetailerTimes (cloud-sdk main, src/interfaces/retailer.interface.ts).
type DayTimes struct {
	StartsAt string `json:"startsAt"`
	EndsAt   string `json:"endsAt"`
}

func hours(start, end string, sunday bool) Hours {
	day := DayHours{Active: true, Times: []DayTimes{{StartsAt: start, EndsAt: end}}}
	sun := DayHours{Active: sunday, Times: []DayTimes{}}
	if sunday {
		sun = DayHours{Active: true, Times: []DayTimes{{StartsAt: "12:00", EndsAt: "18:00"}}}
	}
	return Hours{Monday: day, Tuesday: day, Wednesday: day, Thursday: day, Friday: day, Saturday: day, Sunday: sun}
}

// hexID is a 24-hex id, as LiquidCommerce's ObjectIds, made from seed.
func hexID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:12])
}

// objectID is a 24-hex id whose order is that of (kind, a, b): the sample
// data's ids sort as its short names do (gin_01 before rum_01, a product
// before the copies made like it), so that sorted lists keep one order.
func objectID(kind, a, b int, seed string) string {
	return fmt.Sprintf("65a%d%04x%08x", kind, a, b) + hexID(seed)[:8]
}

// sizeID is the id of the size of a UPC, which sorts as the UPC does.
func sizeID(code string) string { return "65a2000000" + code }

// fulfillment makes a retailer's fulfillment of a type, its id from the
// retailer's short name.
func fulfillment(key, typ, start, end string, sunday bool, fees any, detail, short string) RetailerFulfillment {
	return RetailerFulfillment{ID: hexID("fulfillment:" + key + ":" + typ), Type: typ, CanEngrave: typ != "bopis",
		Timezone: "America/New_York", Fees: fees, Hours: hours(start, end, sunday), Breaks: []DayTimes{},
		Expectation: Expectation{Detail: detail, Short: short}, Items: []string{}, DoesAllowPromos: true,
		DoesAllowGiftCards: typ != "bopis", ProductTypesAllowed: []string{"SPIRITS", "WINE"}}
}

// shippingFees are the fees of a shipping fulfillment: fee a bottle, 1.5
// times that a pack, free above free cents.
func shippingFees(fee, free int) ShippingFees {
	return ShippingFees{Individual: ShippingFee{MaxQuantity: 12, Fee: fee, Active: true},
		Pack: ShippingFee{MaxQuantity: 4, Fee: fee * 3 / 2, Active: true}, Free: FreeDelivery{Min: free, Active: free > 0}}
}

// SampleRetailers are the catalog's three retailers: Corner Spirits
// (ret_001 in the sample data) delivers on demand and has pickup (bopis),
// Harborview (ret_002) ships and delivers, Empire Cellars (ret_003) only
// ships.
var SampleRetailers = []Retailer{
	{
		ID: objectID(3, 1, 0, "retailer:ret_001"), key: "ret_001", Name: "Corner Spirits", PlatformFee: 99, AllowBopis: true,
		Address: RetailerAddress{One: "350 Fifth Avenue", Two: "Store 3", City: "New York", State: "NY", Zip: "10118",
			Country: "US", Latitude: 40.7484, Longitude: -73.9857},
		Fulfillments: []RetailerFulfillment{
			fulfillment("ret_001", "onDemand", "10:00", "22:00", true, DeliveryFees{Min: 2500, Fee: 499,
				Free: FreeDelivery{Min: 10000, Active: true}}, "Delivered within 2 hours of the order", "Within 2 hours"),
			fulfillment("ret_001", "bopis", "10:00", "21:00", true, DeliveryFees{Free: FreeDelivery{}},
				"Ready for pickup within 1 hour", "Pickup in 1 hour"),
		},
	},
	{
		ID: objectID(3, 2, 0, "retailer:ret_002"), key: "ret_002", Name: "Harborview Wine and Spirits", PlatformFee: 99,
		Address: RetailerAddress{One: "1 Harborside Drive", Two: "", City: "Jersey City", State: "NJ", Zip: "07311",
			Country: "US", Latitude: 40.7178, Longitude: -74.0334},
		Fulfillments: []RetailerFulfillment{
			fulfillment("ret_002", "shipping", "09:00", "17:00", false, shippingFees(1299, 0),
				"Ships in 1 to 2 business days, arrives in 3 to 5", "3-5 days"),
			fulfillment("ret_002", "onDemand", "11:00", "21:00", false, DeliveryFees{Min: 3000, Fee: 599},
				"Delivered the same day when ordered before 6pm", "Same day"),
		},
	},
	{
		ID: objectID(3, 3, 0, "retailer:ret_003"), key: "ret_003", Name: "Empire Cellars Direct", PlatformFee: 99,
		Address: RetailerAddress{One: "2200 Industrial Parkway", Two: "Building C", City: "Albany", State: "NY", Zip: "12205",
			Country: "US", Latitude: 42.6803, Longitude: -73.8370},
		Fulfillments: []RetailerFulfillment{
			fulfillment("ret_003", "shipping", "08:00", "18:00", false, shippingFees(999, 15000),
				"Ships the next business day, arrives in 2 to 4", "2-4 days"),
		},
	},
}

// retailerByID is the sample retailer of an id or short name ("ret_001").
func retailerByID(id string) Retailer {
	for _, r := range SampleRetailers {
		if r.ID == id || r.key == id {
			return r
		}
	}
	panic("fakeapi: no sample retailer " + id)
}

// upc makes a UPC-A, check digit included, from a serial number, stored as
// LiquidCommerce stores UPCs, zero-padded to 14 digits (§5): 1, 2 and 3 give
// 00000000000017, 00000000000024 and 00000000000031.
func upc(n int) string {
	d := fmt.Sprintf("%011d", n)
	sum := 0
	for i, c := range d {
		w := 1
		if i%2 == 0 {
			w = 3
		}
		sum += w * int(c-'0')
	}
	return "00" + d + strconv.Itoa((10-sum%10)%10)
}

// offer is a retailer's offer in the sample data: price, sale price (0 for
// none), stock, and whether the retailer engraves it.
type offer struct {
	retailer           string
	price, sale, stock int
	engravable         bool
}

// sizeSpec is a size in the sample data; serial makes its UPC.
type sizeSpec struct {
	serial                       int
	size, volume, uom, container string
	bopis, engraving             bool
	presale                      *Presale
	offers                       []offer
}

// offerStyle is how an offer says the ways it is fulfilled, so that every
// rule of the typed reads is used: 0 all three fields (fulfillmentTypes
// holding fulfillment ids, "" for none); 1 only fulfillmentTypes ("true",
// "false"); 2 only fulfillments ids (fulfillmentTypes all "", and an id of
// no retailer fulfillment); 3 only modalities.
func offerStyle(serial, k int) int { return (serial + k) % 4 }

// setModes sets how v says it is fulfilled, by style, from the retailer
// fulfillments f that serve it.
func (v *Variant) setModes(style int, r Retailer, served []RetailerFulfillment) {
	v.modes, v.Fulfillments, v.Modalities, v.FulfillmentTypes = nil, []string{}, nil, FulfillmentTypes{}
	ft := FulfillmentTypes{}
	if style == 1 {
		ft = FulfillmentTypes{Shipping: "false", OnDemand: "false", Bopis: "false"}
	}
	for _, f := range served {
		v.modes = append(v.modes, f.Type)
		id := f.ID
		if style == 1 {
			id = "true"
		}
		switch f.Type {
		case "shipping":
			ft.Shipping = id
		case "onDemand":
			ft.OnDemand = id
		case "bopis":
			ft.Bopis = id
		}
		v.Fulfillments = append(v.Fulfillments, f.ID)
		v.Modalities = append(v.Modalities, f.Type)
	}
	switch style {
	case 0:
		v.FulfillmentTypes = ft
	case 1:
		v.FulfillmentTypes, v.Fulfillments, v.Modalities = ft, []string{}, nil
	case 2:
		v.Modalities = nil
		v.Fulfillments = append(v.Fulfillments, hexID("fulfillment:retired:"+r.key))
	case 3:
		v.Fulfillments = []string{}
	}
}

func makeSize(s sizeSpec) Size {
	code := upc(s.serial)
	out := Size{
		ID: sizeID(code), SalsifyPid: "SP" + code[6:], UPC: code, Size: s.size, Volume: s.volume,
		CatPath: "", UOM: s.uom, Image: "https://images.liquidcommerce.example/sizes/" + code + ".png",
		PackDesc: "Single bottle", Container: s.container, ContainerType: "glass",
		Attributes: SizeAttributes{AllowBopis: s.bopis, MaxQuantityPerOrder: 12},
		Variants:   []Variant{},
	}
	if s.presale != nil {
		out.Attributes.Presale = *s.presale
	}
	if s.engraving {
		out.Attributes.Engraving = SizeEngraving{Status: true, MaxLines: 3, MaxCharsPerLine: 20, Fee: 1500, Location: "front"}
	}
	for k, o := range s.offers {
		r := retailerByID(o.retailer)
		v := Variant{PartNumber: code + "_" + r.ID, RetailerID: r.ID, Price: o.price, SalePrice: o.sale,
			IsEngravable: o.engravable && s.engraving, Stock: o.stock}
		var served []RetailerFulfillment
		for _, f := range r.Fulfillments {
			if f.Type != "bopis" || s.bopis {
				served = append(served, f)
			}
		}
		v.setModes(offerStyle(s.serial, k), r, served)
		out.Variants = append(out.Variants, v)
	}
	if len(out.Variants) > 0 {
		price := effective(out.Variants[0])
		out.Price = &price
	}
	return out
}

func strPtr(s string) *string { return &s }

// sampleProducts makes the sample products. Serials 1, 2 and 3 are the UPCs the
// tests and examples use.
func sampleProducts() []Product {
	p := func(key, name, brand, category, typ, subType, region, country, abv, proof, age, flavor, variety, vintage, description string, sizes ...sizeSpec) Product {
		out := Product{key: key, SalsifyGrouping: "SG-" + strings.ToUpper(key), Name: name, Brand: brand,
			CatPath: classification(category) + "/" + typ, Category: category, Classification: classification(category),
			Type: typ, SubType: subType, Region: region, Country: country, ABV: strings.TrimSuffix(abv, "%"), Proof: proof,
			Age: strings.TrimSuffix(age, " Years"), Flavor: flavor, Variety: variety, Vintage: vintage,
			Description: description, HTMLDescription: "<p>" + description + "</p>", ParentCo: brand + " Holdings",
			Attributes: map[string]any{"tags": []string{category}, "ownershipType": []string{}}, AdditionalImages: []string{},
			Default: true}
		for _, s := range sizes {
			out.Sizes = append(out.Sizes, makeSize(s))
		}
		out.setImages()
		first := out.Sizes[0]
		out.Sizes[0].Default = true
		out.Volume, out.UOM, out.Pack, out.PackDesc = first.Volume, first.UOM, first.Pack, first.PackDesc
		return out
	}
	out := []Product{
		p("gin_01", "Juniper Dry Gin", "Juniper Works", "gin", "Gin", "London Dry Gin", "Hudson Valley", "United States",
			"47%", "94", "", "Juniper, citrus peel", "", "", "A bright, juniper-forward dry gin distilled with lemon peel and coriander.",
			sizeSpec{serial: 1, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 5699, 0, 24, false}, {"ret_002", 5599, 5299, 6, false}, {"ret_003", 5499, 0, 0, false}}},
			sizeSpec{serial: 4, size: "1.75L", volume: "1.75", uom: "L", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 8999, 0, 5, false}, {"ret_003", 9299, 0, 12, false}}}),
		p("rum_01", "Harbor Spiced Rum", "Harbor Distilling", "rum", "Rum", "Spiced Rum", "Caribbean", "Barbados",
			"35%", "70", "", "Vanilla, clove, orange", "", "", "A spiced rum of aged Barbados rum, vanilla and a touch of clove.",
			sizeSpec{serial: 2, size: "1L", volume: "1", uom: "L", container: "bottle", bopis: true, engraving: true,
				offers: []offer{{"ret_001", 3425, 0, 18, true}, {"ret_002", 3299, 0, 0, false}}},
			sizeSpec{serial: 5, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2699, 0, 30, false}, {"ret_003", 2799, 2499, 40, false}}}),
		p("wine_01", "Valley Cabernet Sauvignon", "Valley Winery", "wine", "Red Wine", "Cabernet Sauvignon", "Napa Valley",
			"United States", "14.5%", "", "", "Blackcurrant, cedar", "Cabernet Sauvignon", "2021",
			"A full-bodied Napa Valley Cabernet with dark fruit and firm tannins.",
			sizeSpec{serial: 3, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2000, 0, 48, false}, {"ret_002", 1699, 0, 12, false}, {"ret_003", 1899, 0, 0, false}}},
			sizeSpec{serial: 6, size: "1.5L", volume: "1.5", uom: "L", container: "magnum",
				offers: []offer{{"ret_002", 3899, 0, 0, false}}}),
		p("whiskey_01", "Copper Still Bourbon", "Copper Still", "whiskey", "Whiskey", "Bourbon", "Kentucky", "United States",
			"45%", "90", "4 Years", "Caramel, oak", "", "", "A straight bourbon aged four years in charred new oak.",
			sizeSpec{serial: 7, size: "750ml", volume: "750", uom: "ml", container: "bottle", engraving: true,
				offers: []offer{{"ret_003", 3999, 0, 20, true}, {"ret_001", 4199, 3799, 3, false}}},
			sizeSpec{serial: 8, size: "1.75L", volume: "1.75", uom: "L", container: "bottle",
				offers: []offer{{"ret_003", 6999, 0, 0, false}}}),
		p("whiskey_02", "Highland Peat 12 Year Scotch", "Ardmhor Distillers", "whiskey", "Whiskey", "Single Malt Scotch",
			"Highlands", "Scotland", "43%", "86", "12 Years", "Peat smoke, honey", "", "",
			"A peated Highland single malt matured twelve years in ex-bourbon casks.",
			sizeSpec{serial: 9, size: "750ml", volume: "750", uom: "ml", container: "bottle", engraving: true,
				offers: []offer{{"ret_001", 7499, 0, 0, false}, {"ret_003", 7299, 0, 0, true}}}),
		p("tequila_01", "Agave Sol Blanco Tequila", "Agave Sol", "tequila", "Tequila", "Blanco", "Jalisco", "Mexico",
			"40%", "80", "", "Agave, black pepper", "", "", "An unaged tequila of highland blue agave.",
			sizeSpec{serial: 10, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 4299, 0, 15, false}, {"ret_002", 4399, 0, 9, false}}},
			sizeSpec{serial: 11, size: "375ml", volume: "375", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2299, 0, 7, false}}}),
		p("vodka_01", "Northern Lights Vodka", "Northern Lights Distillery", "vodka", "Vodka", "Wheat Vodka", "Minnesota",
			"United States", "40%", "80", "", "Clean, light grain", "", "", "A wheat vodka filtered through birch charcoal.",
			sizeSpec{serial: 12, size: "750ml", volume: "750", uom: "ml", container: "bottle",
				offers: []offer{{"ret_002", 2199, 1899, 50, false}, {"ret_003", 2299, 0, 22, false}}},
			sizeSpec{serial: 13, size: "1L", volume: "1", uom: "L", container: "bottle",
				offers: []offer{{"ret_002", 2799, 0, 0, false}}}),
		p("wine_02", "Coastal Sauvignon Blanc", "Coastal Cellars", "wine", "White Wine", "Sauvignon Blanc", "Marlborough",
			"New Zealand", "13%", "", "", "Grapefruit, cut grass", "Sauvignon Blanc", "2023",
			"A crisp Marlborough Sauvignon Blanc with citrus and herbal notes.",
			sizeSpec{serial: 14, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 1599, 0, 36, false}, {"ret_002", 1499, 0, 0, false}}}),
		p("champagne_01", "Maison Etoile Brut Champagne", "Maison Etoile", "champagne", "Sparkling Wine", "Brut",
			"Champagne", "France", "12%", "", "", "Brioche, green apple", "Chardonnay, Pinot Noir", "2018",
			"A vintage brut Champagne, released in December.",
			sizeSpec{serial: 15, size: "750ml", volume: "750", uom: "ml", container: "bottle",
				presale: &Presale{CanPurchaseOn: strPtr("2026-11-01T00:00:00Z"), EstimatedShipBy: strPtr("2026-12-15T00:00:00Z"),
					IsActive: true, Language: "Pre-order: ships by December 15"},
				offers: []offer{{"ret_003", 5999, 0, 10, false}}}),
	}
	keys := make([]string, len(out))
	for i, p := range out {
		keys[i] = p.key
	}
	slices.Sort(keys)
	for i := range out {
		out[i].rank = slices.Index(keys, out[i].key) + 1
		out[i].ID = objectID(1, out[i].rank, 0, "product:"+out[i].key)
		out[i].setImages()
	}
	return out
}

// setImages sets the product's images from its id.
func (p *Product) setImages() {
	p.MainImage = "https://images.liquidcommerce.example/products/" + p.ID + "/front.png"
	p.Images = []string{p.MainImage}
	for i := range p.Sizes {
		p.Sizes[i].CatPath = p.CatPath
	}
}

func classification(category string) string {
	switch category {
	case "wine", "champagne":
		return "Wine"
	default:
		return "Spirits"
	}
}

// SampleProducts are the catalog's products; Options.ProductCount adds more
// made like them.
var SampleProducts = sampleProducts()

// makeProducts returns the sample products and, up to count, more made like
// them: "Juniper Dry Gin No. 10" and so on, with ids and UPCs of their own.
func makeProducts(count int) []Product {
	out := sampleProducts()
	n := len(out)
	for i := n; i < count; i++ {
		p := sampleProducts()[i%n]
		p.ID = objectID(1, p.rank, i+1, fmt.Sprintf("product:%s:%d", p.key, i+1))
		p.Name = fmt.Sprintf("%s No. %d", p.Name, i+1)
		p.setImages()
		for k := range p.Sizes {
			s := &p.Sizes[k]
			code := upc(1000 + 4*i + k)
			s.ID, s.UPC, s.SalsifyPid = sizeID(code), code, "SP"+code[6:]
			s.Image = "https://images.liquidcommerce.example/sizes/" + code + ".png"
			for v := range s.Variants {
				s.Variants[v].PartNumber = code + "_" + s.Variants[v].RetailerID
				// Vary prices and stock a little from product to product.
				s.Variants[v].Price += 100 * (i % 7)
				if s.Variants[v].SalePrice > 0 {
					s.Variants[v].SalePrice += 100 * (i % 7)
				}
				if s.Variants[v].Stock > 0 {
					s.Variants[v].Stock += i % 5
				}
			}
			if len(s.Variants) > 0 {
				price := effective(s.Variants[0])
				s.Price = &price
			}
		}
		out = append(out, p)
	}
	return out
}

// effective is what an offer sells for: its sale price when on sale.
func effective(v Variant) int {
	if v.SalePrice > 0 {
		return v.SalePrice
	}
	return v.Price
}

// withOffers returns a copy of p with only the sizes keep accepts and, in
// them, only the offers of the retailers given (all when none), with the
// stock zeroed when noStock. It also sets priceInfo.
func withOffers(p Product, keepSize func(Size) bool, retailers []string, noStock bool) Product {
	out := p
	out.Sizes = []Size{}
	var prices []int
	for _, s := range p.Sizes {
		if keepSize != nil && !keepSize(s) {
			continue
		}
		vs := []Variant{}
		for _, v := range s.Variants {
			if len(retailers) > 0 && !slices.Contains(retailers, v.RetailerID) {
				continue
			}
			if noStock {
				v.Stock, v.modes, v.Fulfillments, v.Modalities = 0, nil, []string{}, nil
				v.FulfillmentTypes = FulfillmentTypes{}
			}
			vs = append(vs, v)
			prices = append(prices, effective(v))
		}
		s.Variants = vs
		out.Sizes = append(out.Sizes, s)
	}
	out.PriceInfo = nil
	if len(prices) > 0 {
		sum := 0
		for _, x := range prices {
			sum += x
		}
		out.PriceInfo = &PriceInfo{Currency: "USD", Minimum: slices.Min(prices), Maximum: slices.Max(prices),
			Average: int(math.Round(float64(sum) / float64(len(prices))))}
	}
	return out
}

func variants(p Product) []Variant {
	var out []Variant
	for _, s := range p.Sizes {
		out = append(out, s.Variants...)
	}
	return out
}

func inStock(p Product) bool {
	for _, v := range variants(p) {
		if v.Stock > 0 {
			return true
		}
	}
	return false
}

// retailersOf lists, in catalog order, the retailers with an offer in products.
func retailersOf(products []Product) []Retailer {
	seen := map[string]bool{}
	for _, p := range products {
		for _, v := range variants(p) {
			seen[v.RetailerID] = true
		}
	}
	out := []Retailer{}
	for _, r := range SampleRetailers {
		if seen[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// catalogRequest is the body of both catalog endpoints.
type catalogRequest struct {
	Search         string          `json:"search"`
	Page           int             `json:"page"`
	PerPage        int             `json:"perPage"`
	PageToken      string          `json:"pageToken"`
	Retailers      []string        `json:"retailers"`
	OrderBy        string          `json:"orderBy"`
	OrderDirection string          `json:"orderDirection"`
	Filters        []catalogFilter `json:"filters"`
	Loc            json.RawMessage `json:"loc"`
	UPCs           []string        `json:"upcs"`
	IDs            []string        `json:"ids"`
	Grouping       []string        `json:"grouping"`
	Refresh        bool            `json:"refresh"`
}

type catalogFilter struct {
	Key    string          `json:"key"`
	Values json.RawMessage `json:"values"`
}

// hasLoc reports whether the request gives a location: a non-empty loc
// object.
func (in catalogRequest) hasLoc() bool {
	var m map[string]any
	return json.Unmarshal(in.Loc, &m) == nil && len(m) > 0
}

// serveCatalog answers POST /catalog/search and /catalog/availability with
// an access token. Their fields stand at the top level of the envelope, and
// "refresh": true adds an "auth" object with a new token.
func (s *Server) serveCatalog(w http.ResponseWriter, r *http.Request, path string, body []byte, fault *Fault) {
	if r.Method != http.MethodPost {
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+path)
		return
	}
	if !s.authorize(w, r, false) {
		return
	}
	var in catalogRequest
	if len(body) > 0 && json.Unmarshal(body, &in) != nil {
		s.writeError(w, r, http.StatusBadRequest, 400, "Invalid JSON body")
		return
	}
	var out map[string]any
	var msg string
	if path == CatalogSearchPath {
		out, msg = s.search(in)
	} else {
		out, msg = s.availability(in)
	}
	if msg != "" {
		s.writeError(w, r, http.StatusBadRequest, 400, msg)
		return
	}
	out["statusCode"], out["message"] = 200, "OK"
	if in.Refresh {
		out["auth"] = s.issue(nil)
	}
	s.writeJSON(w, r, http.StatusOK, fault, out)
}

// availability answers the products with a size of the UPCs asked, an id
// asked, or a category in grouping; a product found by UPC keeps only the
// sizes asked. Without loc nothing is available: every offer has stock 0,
// no fulfillments, and all fulfillmentTypes false.
func (s *Server) availability(in catalogRequest) (map[string]any, string) {
	if len(in.UPCs)+len(in.IDs)+len(in.Grouping) == 0 {
		return nil, "At least one of upcs, ids or grouping is required"
	}
	products := []Product{}
	for _, p := range s.products {
		whole := slices.Contains(in.IDs, p.ID) || slices.ContainsFunc(in.Grouping, func(g string) bool { return strings.EqualFold(g, p.Category) })
		keep := func(sz Size) bool { return whole || slices.Contains(in.UPCs, sz.UPC) }
		if !whole && !slices.ContainsFunc(p.Sizes, keep) {
			continue
		}
		products = append(products, withOffers(p, keep, in.Retailers, !in.hasLoc()))
	}
	return map[string]any{"products": products, "retailers": retailersOf(products)}, ""
}

// search answers a catalog search; see the package documentation for the
// filters, ordering and paging.
func (s *Server) search(in catalogRequest) (map[string]any, string) {
	perPage := in.PerPage
	switch {
	case perPage == 0:
		perPage = 20
	case perPage < 0 || perPage > 100:
		return nil, "perPage must be between 1 and 100"
	}
	if in.Page < 0 {
		return nil, "page must be 0 or more"
	}
	if in.OrderBy != "" && in.OrderBy != "price" {
		return nil, "orderBy must be price"
	}
	if in.OrderDirection != "" && in.OrderDirection != "asc" && in.OrderDirection != "desc" {
		return nil, "orderDirection must be asc or desc"
	}
	match, msg := filterFunc(in.Filters)
	if msg != "" {
		return nil, msg
	}
	found := []Product{}
	needle := strings.ToLower(in.Search)
	for _, p := range s.products {
		if !strings.Contains(strings.ToLower(p.Name), needle) && !strings.Contains(strings.ToLower(p.Brand), needle) {
			continue
		}
		p = withOffers(p, nil, in.Retailers, false)
		if len(variants(p)) == 0 || !match(p) {
			continue
		}
		found = append(found, p)
	}
	if in.OrderBy == "price" {
		slices.SortStableFunc(found, func(a, b Product) int {
			if in.OrderDirection == "desc" {
				return b.PriceInfo.Minimum - a.PriceInfo.Minimum
			}
			return a.PriceInfo.Minimum - b.PriceInfo.Minimum
		})
	}
	if s.opts.SearchPageCap > 0 {
		perPage = min(perPage, s.opts.SearchPageCap)
	}
	// first is the number of the first page.
	first := 0
	if s.opts.SearchPagesFromOne {
		first = 1
	}
	offset := (max(in.Page, first) - first) * perPage
	if s.opts.CatalogCursor && in.PageToken != "" {
		var ok bool
		if offset, ok = parsePageToken(in.PageToken); !ok {
			return nil, "Invalid pageToken"
		}
	}
	total := len(found)
	from, to := min(offset, total), min(offset+perPage, total)
	next, prev := "", ""
	if s.opts.CatalogCursor {
		if to < total {
			next = pageToken(to)
		}
		if offset > 0 {
			prev = pageToken(max(offset-perPage, 0))
		}
	}
	page := found[from:to]
	return map[string]any{
		"products":  append([]Product{}, page...),
		"retailers": retailersOf(page),
		"navigation": map[string]any{
			// SDK INavigationSchema; QA schema navigation (required: correctedQuery,
			// attributionToken, currentPage, totalPages, totalCount,
			// availableOrderBy, availableOrderDirection, cursor, filters). The
			// cursor's tokens are strings, "" when there is none.
			"id": hexID("navigation:" + in.Search), "correctedQuery": in.Search,
			"attributionToken": hexID(fmt.Sprintf("attribution:%s:%d", in.Search, offset)),
			"currentPage":      offset/perPage + first, "totalPages": (total + perPage - 1) / perPage, "totalCount": total,
			"availableOrderBy": []string{"price"}, "availableOrderDirection": []string{"asc", "desc"},
			"cursor":  map[string]any{"nextPageToken": next, "previousPageToken": prev},
			"filters": facets(found),
		},
	}, ""
}

func pageToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func parsePageToken(token string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
	return n, err == nil && n >= 0 && strings.HasPrefix(string(raw), "offset:")
}

// facets counts the categories, brands and availability of the products
// found, as navigation.filters.
func facets(found []Product) []any {
	count := func(bucket string, value func(Product) string) map[string]any {
		counts := map[string]int{}
		for _, p := range found {
			counts[value(p)]++
		}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		values := []any{}
		for _, k := range keys {
			values = append(values, map[string]any{"value": k, "count": counts[k]})
		}
		return map[string]any{"bucket": bucket, "values": values}
	}
	return []any{
		count("categories", func(p Product) string { return p.Category }),
		count("brands", func(p Product) string { return p.Brand }),
		count("availability", func(p Product) string {
			if inStock(p) {
				return "IN_STOCK"
			}
			return "OUT_OF_STOCK"
		}),
	}
}

// filterStrings reads filter values given as a string or a list of strings.
func filterStrings(raw json.RawMessage) ([]string, bool) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, true
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil && len(many) > 0 {
		return many, true
	}
	return nil, false
}

// filterFunc turns search filters into one test of a product (its offers
// already narrowed to the retailers asked). All filters must hold; the
// values of one filter are alternatives.
func filterFunc(filters []catalogFilter) (func(Product) bool, string) {
	var tests []func(Product) bool
	field := map[string]func(Product) string{
		"categories": func(p Product) string { return p.Category },
		"brands":     func(p Product) string { return p.Brand },
		"country":    func(p Product) string { return p.Country },
		"region":     func(p Product) string { return p.Region },
		"variety":    func(p Product) string { return p.Variety },
		"flavor":     func(p Product) string { return p.Flavor },
		"vintage":    func(p Product) string { return p.Vintage },
	}
	for _, f := range filters {
		if f.Key == "price" {
			var pr struct {
				Min json.Number `json:"min"`
				Max json.Number `json:"max"`
			}
			if json.Unmarshal(f.Values, &pr) != nil {
				return nil, "price filter values must be {min, max}, in cents"
			}
			lo, hi := math.Inf(-1), math.Inf(1)
			var err error
			if pr.Min != "" {
				if lo, err = pr.Min.Float64(); err != nil {
					return nil, "price filter min must be a number of cents"
				}
			}
			if pr.Max != "" {
				if hi, err = pr.Max.Float64(); err != nil {
					return nil, "price filter max must be a number of cents"
				}
			}
			tests = append(tests, func(p Product) bool {
				return slices.ContainsFunc(variants(p), func(v Variant) bool {
					e := float64(effective(v))
					return e >= lo && e <= hi
				})
			})
			continue
		}
		values, ok := filterStrings(f.Values)
		if !ok {
			return nil, "filter " + f.Key + " needs values"
		}
		is := func(v string) bool { return slices.Contains(values, v) }
		switch f.Key {
		case "availability":
			for _, v := range values {
				if !slices.Contains([]string{"IN_STOCK", "OUT_OF_STOCK", "PREORDER", "BACKORDER"}, v) {
					return nil, "availability must be IN_STOCK, OUT_OF_STOCK, PREORDER or BACKORDER"
				}
			}
			tests = append(tests, func(p Product) bool {
				presale := slices.ContainsFunc(p.Sizes, func(s Size) bool { return s.Attributes.Presale.IsActive })
				return is("IN_STOCK") && inStock(p) || is("OUT_OF_STOCK") && !inStock(p) || is("PREORDER") && presale
			})
		case "fulfillment":
			tests = append(tests, func(p Product) bool {
				return slices.ContainsFunc(variants(p), func(v Variant) bool {
					return slices.ContainsFunc(v.modes, is)
				})
			})
		case "engraving", "presale":
			key := f.Key
			tests = append(tests, func(p Product) bool {
				yes := slices.ContainsFunc(p.Sizes, func(s Size) bool {
					if key == "presale" {
						return s.Attributes.Presale.IsActive
					}
					return s.Attributes.Engraving.Status
				})
				return is("YES") && yes || is("NO") && !yes
			})
		case "sizes":
			tests = append(tests, func(p Product) bool {
				return slices.ContainsFunc(p.Sizes, func(s Size) bool { return is(s.Size) })
			})
		default:
			get, ok := field[f.Key]
			if !ok {
				return nil, "Unsupported filter key " + strconv.Quote(f.Key)
			}
			tests = append(tests, func(p Product) bool {
				return slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, get(p)) })
			})
		}
	}
	return func(p Product) bool {
		for _, t := range tests {
			if !t(p) {
				return false
			}
		}
		return true
	}, ""
}
