package fakeapi

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Order is the part of an order the fake serves; customer data is personal
// data, as in the real API.
type Order struct {
	ReferenceID string `json:"referenceId"`
	// LegacyOrderNumber is beyond 2^53, so a client that turns JSON numbers
	// into floats changes it.
	LegacyOrderNumber int64          `json:"legacyOrderNumber"`
	PartnerID         string         `json:"partnerId"`
	Status            string         `json:"status"`
	CreatedAt         string         `json:"createdAt"`
	UpdatedAt         string         `json:"updatedAt"`
	Customer          Customer       `json:"customer"`
	Amounts           map[string]int `json:"amounts"`
	PaymentMethods    []any          `json:"paymentMethods"`
	Retailers         []any          `json:"retailers"`
	Items             []any          `json:"items"`
	// ShippingAddress, BillingAddress and GiftMessage are personal data too.
	ShippingAddress Address `json:"shippingAddress"`
	BillingAddress  Address `json:"billingAddress"`
	GiftMessage     string  `json:"giftMessage"`
}

// Customer is an order's customer.
type Customer struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	BirthDate string `json:"birthDate"`
}

// Address is a postal address of a customer.
type Address struct {
	Name    string `json:"name"`
	Street  string `json:"street"`
	City    string `json:"city"`
	State   string `json:"state"`
	ZipCode string `json:"zipCode"`
	Phone   string `json:"phone"`
}

// PersonalData lists the personal values in the sample orders, so that tests
// can prove none of them reaches a state, a plan or a log.
var PersonalData = []string{
	"ada@example.com", "grace@example.com", "Lovelace", "Hopper", "+1 555 0100", "+1 555 0199", "1815-12-10",
	"12 St James's Square", "Happy birthday", "4242", "Cardholder",
}

// Product is a catalog product.
type Product struct {
	ID       string `json:"id"`
	UPC      string `json:"upc"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Price    int    `json:"price"`
}

// Sample data the Orders and Catalog endpoints serve.
var (
	SampleOrders = []Order{
		sampleOrder("LC-1001", 9007199254740993, "delivered", "Ada", "ada@example.com", "2026-11-02T10:15:00Z", 5499),
		sampleOrder("LC-1002", 9007199254740995, "processing", "Grace", "grace@example.com", "2026-11-14T08:30:00Z", 12850),
		sampleOrder("LC-1003", 9007199254740997, "inTransit", "Ada", "ada@example.com", "2026-11-20T19:45:00Z", 3199),
	}
	SampleProducts = []Product{
		{ID: "prd_gin_01", UPC: "000000000017", Name: "Juniper Dry Gin 750ml", Category: "gin", Price: 2999},
		{ID: "prd_rum_01", UPC: "000000000024", Name: "Harbor Spiced Rum 1L", Category: "rum", Price: 2499},
		{ID: "prd_wine_01", UPC: "000000000031", Name: "Valley Cabernet 750ml", Category: "wine", Price: 1899},
	}
	sampleRetailers = []any{map[string]any{"id": "ret_001", "name": "Corner Spirits", "isOpen": true}}
)

// lastNames completes the sample customers' names.
var lastNames = map[string]string{"Ada": "Lovelace", "Grace": "Hopper"}

func sampleOrder(ref string, legacy int64, status, name, email, created string, total int) Order {
	return Order{
		ReferenceID: ref, LegacyOrderNumber: legacy, PartnerID: "prt_42", Status: status, CreatedAt: created, UpdatedAt: created,
		Customer: Customer{FirstName: name, LastName: lastNames[name], Email: email, Phone: "+1 555 0100",
			BirthDate: "1815-12-10"},
		Amounts: map[string]int{"subtotal": total, "tax": total / 10, "total": total + total/10},
		PaymentMethods: []any{map[string]any{"type": "card", "brand": "visa", "last4": "4242",
			"holder": "Cardholder " + name + " " + lastNames[name], "expiry": "12/29"}},
		ShippingAddress: Address{Name: name + " " + lastNames[name], Street: "12 St James's Square", City: "London",
			State: "NY", ZipCode: "10001", Phone: "+1 555 0199"},
		BillingAddress: Address{Name: name + " " + lastNames[name], Street: "12 St James's Square", City: "London",
			State: "NY", ZipCode: "10001", Phone: "+1 555 0199"},
		GiftMessage: "Happy birthday, " + name + "!",
		Retailers:   []any{map[string]any{"id": "ret_001", "name": "Corner Spirits"}},
		Items:       []any{map[string]any{"upc": "000000000017", "quantity": 1, "price": total}},
	}
}

// ordersAuthenticate answers GET /order-authentication: HTTP Basic with an
// Orders user id and password, no API key.
func (s *Server) ordersAuthenticate(w http.ResponseWriter, r *http.Request, fault *Fault) {
	if r.Method != http.MethodGet {
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+OrdersAuthPath)
		return
	}
	user, password, ok := r.BasicAuth()
	if want, known := s.opts.OrdersUsers[user]; !ok || !known || want != password {
		s.writeError(w, r, http.StatusUnauthorized, 401, "Invalid credentials")
		return
	}
	token, exp, expValue := s.newToken(fault, true)
	if s.opts.OrdersBare {
		s.writeRaw(w, http.StatusOK, map[string]any{
			"accessToken": token, "tokenType": "Bearer", "expiresIn": int(math.Round(exp.Sub(s.now()).Seconds())),
		})
		return
	}
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{
		"statusCode": 200, "message": "OK",
		"data": map[string]any{"token": token, "type": "ORDER_API", "exp": expValue},
	})
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
	orders := s.allOrders()
	if id, ok := strings.CutPrefix(path, OrdersPath+"/"); ok {
		for _, o := range orders {
			if o.ReferenceID == id || strconv.FormatInt(o.LegacyOrderNumber, 10) == id {
				s.writeJSON(w, r, http.StatusOK, fault, map[string]any{"statusCode": 200, "message": "OK", "data": o})
				return
			}
		}
		s.writeError(w, r, http.StatusNotFound, 404, "Order not found")
		return
	}
	q := r.URL.Query()
	start, errStart := time.Parse(time.RFC3339, q.Get("startDate"))
	end, errEnd := time.Parse(time.RFC3339, q.Get("endDate"))
	page, limit := intParam(q.Get("page"), 1), intParam(q.Get("limit"), 10)
	switch {
	case errStart != nil || errEnd != nil:
		s.writeError(w, r, http.StatusBadRequest, 400, "startDate and endDate are required, as ISO 8601 dates")
		return
	case page < 1 || limit < 1 || limit > 100:
		s.writeError(w, r, http.StatusBadRequest, 400, "page must be at least 1 and limit between 1 and 100")
		return
	}
	var found []any
	for _, o := range orders {
		created, _ := time.Parse(time.RFC3339, o.CreatedAt)
		if !created.Before(start) && created.Before(end) && (q.Get("customerEmail") == "" || o.Customer.Email == q.Get("customerEmail")) {
			found = append(found, o)
		}
	}
	total := len(found)
	from := min((page-1)*limit, total)
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{"statusCode": 200, "message": "OK", "data": map[string]any{
		"startDate": q.Get("startDate"), "endDate": q.Get("endDate"), "page": page, "limit": limit,
		"total": total, "orders": append([]any{}, found[from:min(from+limit, total)]...),
	}})
}

// allOrders is the sample orders, and more made like them up to OrderCount.
func (s *Server) allOrders() []Order {
	out := append([]Order(nil), SampleOrders...)
	for i := len(out); i < s.opts.OrderCount; i++ {
		o := SampleOrders[i%len(SampleOrders)]
		o.ReferenceID = "LC-" + strconv.Itoa(1001+i)
		o.LegacyOrderNumber += int64(2 * i)
		out = append(out, o)
	}
	return out
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
	var in struct {
		Search   string   `json:"search"`
		Page     int      `json:"page"`
		PerPage  int      `json:"perPage"`
		UPCs     []string `json:"upcs"`
		IDs      []string `json:"ids"`
		Grouping []string `json:"grouping"`
		Refresh  bool     `json:"refresh"`
	}
	if len(body) > 0 && json.Unmarshal(body, &in) != nil {
		s.writeError(w, r, http.StatusBadRequest, 400, "Invalid JSON body")
		return
	}
	out := map[string]any{"statusCode": 200, "message": "OK", "retailers": sampleRetailers}
	var products []any
	if path == CatalogSearchPath {
		for _, p := range SampleProducts {
			if strings.Contains(strings.ToLower(p.Name), strings.ToLower(in.Search)) {
				products = append(products, p)
			}
		}
		out["navigation"] = map[string]any{"currentPage": in.Page, "totalPages": 1, "totalCount": len(products),
			"cursor": map[string]any{"nextPageToken": nil, "previousPageToken": nil}, "filters": []any{}}
	} else {
		if len(in.UPCs)+len(in.IDs)+len(in.Grouping) == 0 {
			s.writeError(w, r, http.StatusBadRequest, 400, "At least one of upcs, ids or grouping is required")
			return
		}
		for _, p := range SampleProducts {
			for _, want := range append(in.UPCs, in.IDs...) {
				if p.UPC == want || p.ID == want {
					products = append(products, map[string]any{"id": p.ID, "upc": p.UPC, "available": true})
				}
			}
		}
	}
	out["products"] = append([]any{}, products...)
	if in.Refresh {
		out["auth"] = s.issue(nil)
	}
	s.writeJSON(w, r, http.StatusOK, fault, out)
}

// BasicAuth is the Authorization header value of HTTP Basic credentials.
func BasicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}
