package fakeapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Product is a catalog product, as POST /catalog/search and
// /catalog/availability answer it in products[]. Every price is in cents.
type Product struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Brand          string     `json:"brand"`
	Category       string     `json:"category"`
	Classification string     `json:"classification"`
	Type           string     `json:"type"`
	SubType        string     `json:"subType"`
	Region         string     `json:"region"`
	Country        string     `json:"country"`
	ABV            string     `json:"abv"`
	Proof          string     `json:"proof"`
	Age            string     `json:"age"`
	Flavor         string     `json:"flavor"`
	Variety        string     `json:"variety"`
	Vintage        string     `json:"vintage"`
	Description    string     `json:"description"`
	Images         []string   `json:"images"`
	PriceInfo      *PriceInfo `json:"priceInfo"`
	Sizes          []Size     `json:"sizes"`
}

// PriceInfo summarizes the prices of a product's offers, sale prices
// counted where there is one. Null when the product has no offer.
type PriceInfo struct {
	Currency string `json:"currency"`
	Minimum  int    `json:"minimum"`
	Average  int    `json:"average"`
	Maximum  int    `json:"maximum"`
}

// Size is one size (one UPC) of a product.
type Size struct {
	ID            string         `json:"id"`
	UPC           string         `json:"upc"`
	Size          string         `json:"size"`
	Volume        string         `json:"volume"`
	UOM           string         `json:"uom"`
	Pack          bool           `json:"pack"`
	PackDesc      string         `json:"packDesc"`
	Container     string         `json:"container"`
	ContainerType string         `json:"containerType"`
	Attributes    SizeAttributes `json:"attributes"`
	Variants      []Variant      `json:"variants"`
}

// SizeAttributes are a size's presale, engraving and pickup terms.
type SizeAttributes struct {
	Presale             Presale       `json:"presale"`
	Engraving           SizeEngraving `json:"engraving"`
	AllowBopis          bool          `json:"allowBopis"`
	MaxQuantityPerOrder int           `json:"maxQuantityPerOrder"`
}

// Presale says whether a size sells before its release.
type Presale struct {
	CanPurchaseOn   *string `json:"canPurchaseOn"`
	EstimatedShipBy *string `json:"estimatedShipBy"`
	IsActive        bool    `json:"isActive"`
	Language        string  `json:"language"`
}

// SizeEngraving says whether, and how, a size can be engraved.
type SizeEngraving struct {
	Status          bool   `json:"status"`
	MaxLines        int    `json:"maxLines"`
	MaxCharsPerLine int    `json:"maxCharsPerLine"`
	Fee             int    `json:"fee"`
	Location        string `json:"location"`
	IsRequired      bool   `json:"isRequired"`
}

// Variant is one retailer's offer of a size. SalePrice is 0 when the offer
// is not on sale; Stock 0 is out of stock.
type Variant struct {
	PartNumber       string           `json:"partNumber"`
	RetailerID       string           `json:"retailerId"`
	Price            int              `json:"price"`
	SalePrice        int              `json:"salePrice"`
	IsEngravable     bool             `json:"isEngravable"`
	Stock            int              `json:"stock"`
	Fulfillments     []string         `json:"fulfillments"`
	FulfillmentTypes FulfillmentTypes `json:"fulfillmentTypes"`
}

// FulfillmentTypes says how an offer can reach the customer.
type FulfillmentTypes struct {
	Shipping bool `json:"shipping"`
	OnDemand bool `json:"onDemand"`
	Bopis    bool `json:"bopis"`
}

// Retailer is a retailer as the catalog answers it in retailers[]. Fees are
// in cents.
type Retailer struct {
	ID           string                `json:"id"`
	Name         string                `json:"name"`
	Address      RetailerAddress       `json:"address"`
	DeliveryFee  int                   `json:"deliveryFee"`
	ShippingFee  int                   `json:"shippingFee"`
	ServiceFee   int                   `json:"serviceFee"`
	PlatformFee  int                   `json:"platformFee"`
	AllowBopis   bool                  `json:"allowBopis"`
	Fulfillments []RetailerFulfillment `json:"fulfillments"`
}

// RetailerAddress is a store's address.
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

// RetailerFulfillment is one way a retailer fulfills: shipping, onDemand or
// bopis.
type RetailerFulfillment struct {
	ID          string      `json:"id"`
	Type        string      `json:"type"`
	Expectation Expectation `json:"expectation"`
	Hours       Hours       `json:"hours"`
	Timezone    string      `json:"timezone"`
}

// Expectation is what a fulfillment promises, at length and in short.
type Expectation struct {
	Detail string `json:"detail"`
	Short  string `json:"short"`
}

// Hours are a fulfillment's opening hours by day of the week.
type Hours struct {
	Monday    DayHours `json:"monday"`
	Tuesday   DayHours `json:"tuesday"`
	Wednesday DayHours `json:"wednesday"`
	Thursday  DayHours `json:"thursday"`
	Friday    DayHours `json:"friday"`
	Saturday  DayHours `json:"saturday"`
	Sunday    DayHours `json:"sunday"`
}

// DayHours are one day's opening hours.
type DayHours struct {
	Active bool       `json:"active"`
	Times  []DayTimes `json:"times"`
}

// DayTimes is one opening period, in the retailer's timezone.
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

// SampleRetailers are the catalog's three retailers: Corner Spirits
// delivers on demand and has pickup (bopis), Harborview ships and delivers,
// Empire Cellars only ships.
var SampleRetailers = []Retailer{
	{
		ID: "ret_001", Name: "Corner Spirits", DeliveryFee: 499, ServiceFee: 199, PlatformFee: 99, AllowBopis: true,
		Address: RetailerAddress{One: "350 Fifth Avenue", Two: "Store 3", City: "New York", State: "NY", Zip: "10118",
			Country: "US", Latitude: 40.7484, Longitude: -73.9857},
		Fulfillments: []RetailerFulfillment{
			{ID: "rf_001_ondemand", Type: "onDemand", Timezone: "America/New_York", Hours: hours("10:00", "22:00", true),
				Expectation: Expectation{Detail: "Delivered within 2 hours of the order", Short: "Within 2 hours"}},
			{ID: "rf_001_bopis", Type: "bopis", Timezone: "America/New_York", Hours: hours("10:00", "21:00", true),
				Expectation: Expectation{Detail: "Ready for pickup within 1 hour", Short: "Pickup in 1 hour"}},
		},
	},
	{
		ID: "ret_002", Name: "Harborview Wine and Spirits", DeliveryFee: 599, ShippingFee: 1299, ServiceFee: 149, PlatformFee: 99,
		Address: RetailerAddress{One: "1 Harborside Drive", Two: "", City: "Jersey City", State: "NJ", Zip: "07311",
			Country: "US", Latitude: 40.7178, Longitude: -74.0334},
		Fulfillments: []RetailerFulfillment{
			{ID: "rf_002_shipping", Type: "shipping", Timezone: "America/New_York", Hours: hours("09:00", "17:00", false),
				Expectation: Expectation{Detail: "Ships in 1 to 2 business days, arrives in 3 to 5", Short: "3-5 days"}},
			{ID: "rf_002_ondemand", Type: "onDemand", Timezone: "America/New_York", Hours: hours("11:00", "21:00", false),
				Expectation: Expectation{Detail: "Delivered the same day when ordered before 6pm", Short: "Same day"}},
		},
	},
	{
		ID: "ret_003", Name: "Empire Cellars Direct", ShippingFee: 999, PlatformFee: 99,
		Address: RetailerAddress{One: "2200 Industrial Parkway", Two: "Building C", City: "Albany", State: "NY", Zip: "12205",
			Country: "US", Latitude: 42.6803, Longitude: -73.8370},
		Fulfillments: []RetailerFulfillment{
			{ID: "rf_003_shipping", Type: "shipping", Timezone: "America/New_York", Hours: hours("08:00", "18:00", false),
				Expectation: Expectation{Detail: "Ships the next business day, arrives in 2 to 4", Short: "2-4 days"}},
		},
	},
}

func retailerByID(id string) Retailer {
	for _, r := range SampleRetailers {
		if r.ID == id {
			return r
		}
	}
	panic("fakeapi: no sample retailer " + id)
}

// upc makes a 12-digit UPC-A, check digit included, from a serial number:
// 1, 2 and 3 give 000000000017, 000000000024 and 000000000031.
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
	return d + strconv.Itoa((10-sum%10)%10)
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

func makeSize(s sizeSpec) Size {
	code := upc(s.serial)
	out := Size{
		ID: "siz_" + code, UPC: code, Size: s.size, Volume: s.volume, UOM: s.uom, PackDesc: "Single bottle",
		Container: s.container, ContainerType: "glass",
		Attributes: SizeAttributes{AllowBopis: s.bopis, MaxQuantityPerOrder: 12},
		Variants:   []Variant{},
	}
	if s.presale != nil {
		out.Attributes.Presale = *s.presale
	}
	if s.engraving {
		out.Attributes.Engraving = SizeEngraving{Status: true, MaxLines: 3, MaxCharsPerLine: 20, Fee: 1500, Location: "front"}
	}
	for _, o := range s.offers {
		r := retailerByID(o.retailer)
		v := Variant{PartNumber: r.ID + "_" + code, RetailerID: r.ID, Price: o.price, SalePrice: o.sale,
			IsEngravable: o.engravable && s.engraving, Stock: o.stock, Fulfillments: []string{}}
		for _, f := range r.Fulfillments {
			if f.Type == "bopis" && !s.bopis {
				continue
			}
			v.Fulfillments = append(v.Fulfillments, f.ID)
			switch f.Type {
			case "shipping":
				v.FulfillmentTypes.Shipping = true
			case "onDemand":
				v.FulfillmentTypes.OnDemand = true
			case "bopis":
				v.FulfillmentTypes.Bopis = true
			}
		}
		out.Variants = append(out.Variants, v)
	}
	return out
}

func strPtr(s string) *string { return &s }

// sampleProducts makes the sample products. Serials 1, 2 and 3 are the UPCs the
// tests and examples use.
func sampleProducts() []Product {
	p := func(id, name, brand, category, typ, subType, region, country, abv, proof, age, flavor, variety, vintage, description string, sizes ...sizeSpec) Product {
		out := Product{ID: id, Name: name, Brand: brand, Category: category, Classification: classification(category),
			Type: typ, SubType: subType, Region: region, Country: country, ABV: abv, Proof: proof, Age: age,
			Flavor: flavor, Variety: variety, Vintage: vintage, Description: description,
			Images: []string{"https://images.liquidcommerce.example/products/" + id + "/front.png"}}
		for _, s := range sizes {
			out.Sizes = append(out.Sizes, makeSize(s))
		}
		return out
	}
	return []Product{
		p("prd_gin_01", "Juniper Dry Gin", "Juniper Works", "gin", "Gin", "London Dry Gin", "Hudson Valley", "United States",
			"47%", "94", "", "Juniper, citrus peel", "", "", "A bright, juniper-forward dry gin distilled with lemon peel and coriander.",
			sizeSpec{serial: 1, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 5699, 0, 24, false}, {"ret_002", 5599, 5299, 6, false}, {"ret_003", 5499, 0, 0, false}}},
			sizeSpec{serial: 4, size: "1.75L", volume: "1.75", uom: "L", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 8999, 0, 5, false}, {"ret_003", 9299, 0, 12, false}}}),
		p("prd_rum_01", "Harbor Spiced Rum", "Harbor Distilling", "rum", "Rum", "Spiced Rum", "Caribbean", "Barbados",
			"35%", "70", "", "Vanilla, clove, orange", "", "", "A spiced rum of aged Barbados rum, vanilla and a touch of clove.",
			sizeSpec{serial: 2, size: "1L", volume: "1", uom: "L", container: "bottle", bopis: true, engraving: true,
				offers: []offer{{"ret_001", 3425, 0, 18, true}, {"ret_002", 3299, 0, 0, false}}},
			sizeSpec{serial: 5, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2699, 0, 30, false}, {"ret_003", 2799, 2499, 40, false}}}),
		p("prd_wine_01", "Valley Cabernet Sauvignon", "Valley Winery", "wine", "Red Wine", "Cabernet Sauvignon", "Napa Valley",
			"United States", "14.5%", "", "", "Blackcurrant, cedar", "Cabernet Sauvignon", "2021",
			"A full-bodied Napa Valley Cabernet with dark fruit and firm tannins.",
			sizeSpec{serial: 3, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2000, 0, 48, false}, {"ret_002", 1699, 0, 12, false}, {"ret_003", 1899, 0, 0, false}}},
			sizeSpec{serial: 6, size: "1.5L", volume: "1.5", uom: "L", container: "magnum",
				offers: []offer{{"ret_002", 3899, 0, 0, false}}}),
		p("prd_whiskey_01", "Copper Still Bourbon", "Copper Still", "whiskey", "Whiskey", "Bourbon", "Kentucky", "United States",
			"45%", "90", "4 Years", "Caramel, oak", "", "", "A straight bourbon aged four years in charred new oak.",
			sizeSpec{serial: 7, size: "750ml", volume: "750", uom: "ml", container: "bottle", engraving: true,
				offers: []offer{{"ret_003", 3999, 0, 20, true}, {"ret_001", 4199, 3799, 3, false}}},
			sizeSpec{serial: 8, size: "1.75L", volume: "1.75", uom: "L", container: "bottle",
				offers: []offer{{"ret_003", 6999, 0, 0, false}}}),
		p("prd_whiskey_02", "Highland Peat 12 Year Scotch", "Ardmhor Distillers", "whiskey", "Whiskey", "Single Malt Scotch",
			"Highlands", "Scotland", "43%", "86", "12 Years", "Peat smoke, honey", "", "",
			"A peated Highland single malt matured twelve years in ex-bourbon casks.",
			sizeSpec{serial: 9, size: "750ml", volume: "750", uom: "ml", container: "bottle", engraving: true,
				offers: []offer{{"ret_001", 7499, 0, 0, false}, {"ret_003", 7299, 0, 0, true}}}),
		p("prd_tequila_01", "Agave Sol Blanco Tequila", "Agave Sol", "tequila", "Tequila", "Blanco", "Jalisco", "Mexico",
			"40%", "80", "", "Agave, black pepper", "", "", "An unaged tequila of highland blue agave.",
			sizeSpec{serial: 10, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 4299, 0, 15, false}, {"ret_002", 4399, 0, 9, false}}},
			sizeSpec{serial: 11, size: "375ml", volume: "375", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 2299, 0, 7, false}}}),
		p("prd_vodka_01", "Northern Lights Vodka", "Northern Lights Distillery", "vodka", "Vodka", "Wheat Vodka", "Minnesota",
			"United States", "40%", "80", "", "Clean, light grain", "", "", "A wheat vodka filtered through birch charcoal.",
			sizeSpec{serial: 12, size: "750ml", volume: "750", uom: "ml", container: "bottle",
				offers: []offer{{"ret_002", 2199, 1899, 50, false}, {"ret_003", 2299, 0, 22, false}}},
			sizeSpec{serial: 13, size: "1L", volume: "1", uom: "L", container: "bottle",
				offers: []offer{{"ret_002", 2799, 0, 0, false}}}),
		p("prd_wine_02", "Coastal Sauvignon Blanc", "Coastal Cellars", "wine", "White Wine", "Sauvignon Blanc", "Marlborough",
			"New Zealand", "13%", "", "", "Grapefruit, cut grass", "Sauvignon Blanc", "2023",
			"A crisp Marlborough Sauvignon Blanc with citrus and herbal notes.",
			sizeSpec{serial: 14, size: "750ml", volume: "750", uom: "ml", container: "bottle", bopis: true,
				offers: []offer{{"ret_001", 1599, 0, 36, false}, {"ret_002", 1499, 0, 0, false}}}),
		p("prd_champagne_01", "Maison Etoile Brut Champagne", "Maison Etoile", "champagne", "Sparkling Wine", "Brut",
			"Champagne", "France", "12%", "", "", "Brioche, green apple", "Chardonnay, Pinot Noir", "2018",
			"A vintage brut Champagne, released in December.",
			sizeSpec{serial: 15, size: "750ml", volume: "750", uom: "ml", container: "bottle",
				presale: &Presale{CanPurchaseOn: strPtr("2026-11-01T00:00:00Z"), EstimatedShipBy: strPtr("2026-12-15T00:00:00Z"),
					IsActive: true, Language: "Pre-order: ships by December 15"},
				offers: []offer{{"ret_003", 5999, 0, 10, false}}}),
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
		p.ID = fmt.Sprintf("%s_%04d", p.ID, i+1)
		p.Name = fmt.Sprintf("%s No. %d", p.Name, i+1)
		p.Images = []string{"https://images.liquidcommerce.example/products/" + p.ID + "/front.png"}
		for k := range p.Sizes {
			s := &p.Sizes[k]
			code := upc(1000 + 4*i + k)
			s.ID, s.UPC = "siz_"+code, code
			for v := range s.Variants {
				s.Variants[v].PartNumber = s.Variants[v].RetailerID + "_" + code
				// Vary prices and stock a little from product to product.
				s.Variants[v].Price += 100 * (i % 7)
				if s.Variants[v].SalePrice > 0 {
					s.Variants[v].SalePrice += 100 * (i % 7)
				}
				if s.Variants[v].Stock > 0 {
					s.Variants[v].Stock += i % 5
				}
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
				v.Stock, v.Fulfillments, v.FulfillmentTypes = 0, []string{}, FulfillmentTypes{}
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
			"currentPage": offset/perPage + first, "totalPages": (total + perPage - 1) / perPage, "totalCount": total,
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
					t := v.FulfillmentTypes
					return is("shipping") && t.Shipping || is("onDemand") && t.OnDemand || is("bopis") && t.Bopis
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
