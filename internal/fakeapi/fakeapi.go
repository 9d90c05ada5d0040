// Package fakeapi is an in-memory LiquidCommerce API for tests and the local
// sandbox. It issues access tokens for the API keys and Orders tokens for the
// Orders users it is given, serves the Orders and Catalog endpoints with
// their published shapes and sample data, answers with the documented
// envelope, records requests and responses, and has fault knobs: statuses
// with Retry-After, delays, malformed or HTML bodies, redirects, dropped
// connections, implausible expiries, re-issued tokens and edits to any
// answer. It also serves a test-only authenticated endpoint, /test/echo (GET
// or POST), that honors "refresh" and echoes the method, body and query.
// It counts the TCP connections it accepts, to check that clients reuse them,
// and the requests it answers at once (MaxInFlight), to check how many a
// client sends together; Options.Latency holds every answer back, as a
// network and a distant API do, so that they overlap.
//
// Every amount and price is an integer number of cents: order amounts,
// item pricing, catalog prices, sale prices, priceInfo, retailer fees and
// the search's price filter.
//
// Orders (see SampleOrders and PersonalData). GET /orders/{id} takes a
// referenceId or a legacy order number. GET /orders takes startDate and
// endDate, each RFC 3339 or YYYY-MM-DD (UTC): the range includes startDate
// and excludes endDate, except that an endDate of YYYY-MM-DD includes that
// whole day, so equal dates give one day. It answers data {startDate,
// endDate (as given), page, limit, total, orders}, the orders in createdAt
// order; page starts at 1, limit is 10 by default and at most 100;
// customerEmail filters, ignoring case. Options.OrdersPageCap and
// OrdersShortPage give pages shorter than the limit asked. The orders follow
// LiquidCommerce's IOrder (see Order): statuses per fulfillment, string
// legacy numbers, some null referenceIds.
//
// Catalog (see SampleProducts and SampleRetailers). POST /catalog/search:
// search matches a substring of a product's name or brand, ignoring case;
// retailers narrows the offers (variants) to those retailers, and a product
// left without offers is not found; filters [{key, values}] must all hold,
// the values of one filter being alternatives: categories, brands, country,
// region, variety, flavor, vintage (equal, ignoring case), sizes (a size such
// as "750ml"), availability (IN_STOCK: an offer has stock; OUT_OF_STOCK:
// none has; PREORDER: a size is on presale; BACKORDER: never), fulfillment
// (shipping, onDemand, bopis: an offer can be fulfilled so), engraving and
// presale (YES or NO), and price, whose values are an object {min, max} in
// cents (numbers or numeric strings, either optional) that an offer's price,
// or its sale price when on sale, must fall within. Other keys are a 400.
// orderBy "price" sorts by the lowest such price, orderDirection asc or
// desc. loc is accepted and ignored: search shows the stock everywhere.
// page is 0-based; perPage is 20 by default, at most 100. navigation gives
// currentPage, totalPages, totalCount, cursor {nextPageToken,
// previousPageToken} and filters (facets: categories, brands,
// availability). Both tokens are strings, "" when there is none, never
// null, as LiquidCommerce's QA schema types them (orders-and-catalog.md §5,
// navigation); they are "" unless Options.CatalogCursor is set: then
// nextPageToken is set while more products remain, and a pageToken given
// wins over page. Options.SearchPagesFromOne and SearchPageCap give the
// other paging LiquidCommerce's material allows.
//
// POST /catalog/availability needs one of upcs, ids or grouping (a
// category), else 400. It answers the products with a size of a UPC asked
// (with only the sizes asked), of an id asked or of a category asked (with
// all their sizes), and the retailers with an offer among them. Without loc
// nothing is available: every offer is still listed, with its prices, but
// with stock 0, no fulfillments or modalities, and every fulfillmentType "".
//
// The catalog's answers follow LiquidCommerce's published types, field by
// field as catalog.go cites them: fulfillmentTypes are strings, offers also
// list the ids of the retailer fulfillments that serve them and their
// modalities (the sample offers say how they are fulfilled each of these
// ways, alone or together), retailers have an address with lat and long
// and fees per fulfillment, UPCs have 14 digits, part numbers are
// {UPC}_{retailerId}, and ids are 24-hex.
package fakeapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Paths the fake serves, below Options.Prefix.
const (
	AuthPath                = "/authentication"
	OrdersAuthPath          = "/order-authentication"
	OrdersPath              = "/orders"
	CatalogSearchPath       = "/catalog/search"
	CatalogAvailabilityPath = "/catalog/availability"
	EchoPath                = "/test/echo"
)

// Options configures a Server.
type Options struct {
	// Keys are the API keys the server accepts.
	Keys []string
	// TokenLifetime is how long issued tokens last; default 24h, as the API's.
	TokenLifetime time.Duration
	// OrdersUsers maps Orders API user ids to their passwords.
	OrdersUsers map[string]string
	// OrdersTokenLifetime is how long Orders tokens last; default 10m.
	OrdersTokenLifetime time.Duration
	// OrderCount is how many orders /orders serves: the sample orders, and
	// more made like them when it is larger (LC-1005 on, created every 20
	// minutes from 2026-11-01T00:00:00Z). Default: the sample orders.
	OrderCount int
	// ProductCount is how many products the catalog holds: the sample
	// products, and more made like them when it is larger, with ids and
	// UPCs of their own. Default: the sample products.
	ProductCount int
	// CatalogCursor makes /catalog/search page by cursor: it answers a
	// nextPageToken while more products remain, and a pageToken in the
	// request wins over page. Without it, nextPageToken is "" and only
	// page counts.
	CatalogCursor bool
	// SearchPagesFromOne makes /catalog/search count pages from 1, as
	// LiquidCommerce's README example and a public client do (page 0 is
	// answered as page 1, currentPage 1); its docs and QA count from 0,
	// the default (orders-and-catalog.md §5, navigation).
	SearchPagesFromOne bool
	// SearchPageCap, when set, is the most products a search page holds,
	// whatever perPage asks: the largest perPage is not published, and a
	// page may hold fewer products than asked (§5).
	SearchPageCap int
	// OrdersPageCap, when below the limit asked, is the most orders a page
	// of GET /orders holds, and the answer's limit says so; its page p still
	// starts at (p-1) × the limit asked, so a client reads every order only
	// when it asks the next pages with the limit the answer gave. The
	// largest limit is published as 100 (IOrdersListParams), but a server
	// may hold fewer (orders-and-catalog.md §5, orders list).
	OrdersPageCap int
	// OrdersShortPage, when below the limit asked, is the most orders a page
	// of GET /orders holds while the answer's limit echoes the limit asked
	// and total counts every order: page p starts at (p-1) × OrdersShortPage.
	// A short page is then no proof of the end (§5, orders list).
	OrdersShortPage int
	// OrdersBare makes /order-authentication answer in the older bare form,
	// {accessToken, tokenType, expiresIn}, instead of the envelope.
	OrdersBare bool
	// Latency is added before every answer, faults' answers included, as a
	// network and a distant API add it: real time, whatever Now says, and
	// cut short when the client goes away.
	Latency time.Duration
	// Prefix is a path prefix such as /api, as the official SDK uses.
	Prefix string
	// Now is the server's clock; tests shift it to simulate clock skew.
	Now func() time.Time
}

// Server is the fake API. Use it as an http.Handler, or Start it.
type Server struct {
	opts Options

	mu        sync.Mutex
	tokens    map[string]time.Time
	orders    map[string]bool
	responses map[string][]byte
	issued    []string
	faults    []*Fault
	requests  []Request
	seq       int
	conns     int
	// inFlight counts the requests being answered, by path; mostInFlight
	// is the most there were at once, by path and ("") in all.
	inFlight     map[string]int
	mostInFlight map[string]int
	// abandoned counts, by path, the requests whose client went away
	// before their answer (canceled), during Latency or a fault's Delay.
	abandoned map[string]int

	// The data served, made once: orders in referenceId order and in
	// createdAt order, and the catalog's products.
	orderList    []Order
	ordersByDate []Order
	products     []Product
}

// Request is what the server recorded of one request.
type Request struct {
	Method string
	// Path is the path below the prefix, e.g. /authentication.
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
	// At is when it arrived, by the real clock (not Now).
	At time.Time
}

// New returns a Server.
func New(opts Options) *Server {
	if opts.TokenLifetime == 0 {
		opts.TokenLifetime = 24 * time.Hour
	}
	if opts.OrderCount == 0 {
		opts.OrderCount = len(SampleOrders)
	}
	if opts.ProductCount == 0 {
		opts.ProductCount = len(SampleProducts)
	}
	if opts.OrdersTokenLifetime == 0 {
		opts.OrdersTokenLifetime = 10 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Prefix = strings.TrimRight(opts.Prefix, "/")
	orders := makeOrders(opts.OrderCount)
	byDate := append([]Order(nil), orders...)
	slices.SortStableFunc(byDate, func(a, b Order) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })
	return &Server{opts: opts, tokens: map[string]time.Time{}, orders: map[string]bool{}, responses: map[string][]byte{},
		inFlight: map[string]int{}, mostInFlight: map[string]int{}, abandoned: map[string]int{},
		orderList: orders, ordersByDate: byDate, products: makeProducts(opts.ProductCount)}
}

// Start serves on a loopback port until close is called. It returns the base
// URL to configure, prefix included.
func (s *Server) Start() (baseURL string, closeFn func()) {
	ts := httptest.NewUnstartedServer(s)
	ts.Config.ConnState = s.ConnState
	ts.Start()
	return ts.URL + s.opts.Prefix, ts.Close
}

// ConnState counts the connections accepted. Start wires it; set it as the
// http.Server's ConnState when serving the fake another way.
func (s *Server) ConnState(_ net.Conn, state http.ConnState) {
	if state != http.StateNew {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns++
}

// Connections returns how many TCP connections the server has accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Prefix returns the path prefix the server answers under.
func (s *Server) Prefix() string { return s.opts.Prefix }

// SetNow replaces the server's clock.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Now = now
}

func (s *Server) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Now()
}

// Inject queues faults. Each applies to the next matching requests, in order.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range faults {
		f := faults[i]
		if f.Times == 0 {
			f.Times = 1
		}
		s.faults = append(s.faults, &f)
	}
}

// ClearFaults drops the faults not yet used, as when the API recovers.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Revoke makes the server reject a token it issued, as after a server-side
// rotation, so clients see 401.
func (s *Server) Revoke(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, token)
}

// Mint issues a token without a login request, as when one is minted
// elsewhere and handed to the client: an Orders token when orders is true.
func (s *Server) Mint(orders bool) string {
	token, _, _ := s.newToken(nil, orders)
	return token
}

// Issued returns the tokens issued so far, oldest first.
func (s *Server) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// Valid reports whether token was issued by the server and is still valid.
func (s *Server) Valid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[token]
	return ok && s.opts.Now().Before(exp)
}

// Expiry returns the expiry the server gave a token it issued.
func (s *Server) Expiry(token string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[token]
	return exp, ok
}

// Requests returns the recorded requests, optionally only those to path.
func (s *Server) Requests(path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if path == "" || r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Count returns how many requests reached path ("" for all).
func (s *Server) Count(path string) int { return len(s.Requests(path)) }

// MaxInFlight returns the most requests to path ("" for all) the server was
// answering at once since it started or since ResetInFlight; with Latency,
// a client's concurrent requests overlap there.
func (s *Server) MaxInFlight(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mostInFlight[path]
}

// ResetInFlight starts MaxInFlight's count again from the requests being
// answered now.
func (s *Server) ResetInFlight() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.mostInFlight)
	for path, n := range s.inFlight {
		s.mostInFlight[path] = n
		s.mostInFlight[""] += n
	}
}

// Abandoned returns how many requests to path the client went away from
// (canceled) before their answer, while the server waited out Latency or a
// fault's Delay.
func (s *Server) Abandoned(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.abandoned[path]
}

// wait sleeps for d, in real time, whatever Now says; false, and the
// request counted as abandoned, when its client went away first.
func (s *Server) wait(r *http.Request, path string, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		s.abandoned[path]++
		return false
	}
}

// arrive counts a request to path in flight until the function it returns
// is called. The caller holds s.mu.
func (s *Server) arrive(path string) (leave func()) {
	s.inFlight[path]++
	s.inFlight[""]++
	for _, p := range []string{path, ""} {
		s.mostInFlight[p] = max(s.mostInFlight[p], s.inFlight[p])
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.inFlight[path]--
		s.inFlight[""]--
	}
}

const maxRecorded = 10000

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if s.opts.Prefix != "" {
		if !strings.HasPrefix(path, s.opts.Prefix+"/") {
			s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+path)
			return
		}
		path = strings.TrimPrefix(path, s.opts.Prefix)
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	rec := Request{Method: r.Method, Path: path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		At: time.Now()}
	if len(s.requests) < maxRecorded {
		s.requests = append(s.requests, rec)
	}
	fault := s.takeFault(rec)
	leave := s.arrive(path)
	s.mu.Unlock()
	defer leave()
	if !s.wait(r, path, s.opts.Latency) {
		return
	}

	if fault != nil && fault.apply(s, w, r, path) {
		return
	}
	switch {
	case path == AuthPath:
		s.authenticate(w, r, fault)
	case path == OrdersAuthPath:
		s.ordersAuthenticate(w, r, fault)
	case path == EchoPath:
		s.echo(w, r, body, fault)
	case path == OrdersPath || strings.HasPrefix(path, OrdersPath+"/"):
		s.serveOrders(w, r, path, fault)
	case path == CatalogSearchPath || path == CatalogAvailabilityPath:
		s.serveCatalog(w, r, path, body, fault)
	default:
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+path)
	}
}

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, fault *Fault) {
	if r.Method != http.MethodGet {
		s.writeError(w, r, http.StatusNotFound, 404, "Cannot "+r.Method+" "+AuthPath)
		return
	}
	key := r.Header.Get("X-LIQUID-API-KEY")
	if !s.knownKey(key) {
		s.writeError(w, r, http.StatusBadRequest, 5000, "API Key not found")
		return
	}
	s.writeJSON(w, r, http.StatusOK, fault, map[string]any{
		"statusCode": 200,
		"message":    "OK",
		"data":       s.issue(fault),
	})
}

func (s *Server) echo(w http.ResponseWriter, r *http.Request, body []byte, fault *Fault) {
	if !s.authorize(w, r, false) {
		return
	}
	var in any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			s.writeError(w, r, http.StatusBadRequest, 400, "Invalid JSON body")
			return
		}
	}
	// Like every authenticated endpoint, only an object body can ask for refresh.
	refresh := false
	if obj, ok := in.(map[string]any); ok {
		refresh = obj["refresh"] == true
		delete(obj, "refresh")
	}
	out := map[string]any{
		"statusCode": 200,
		"message":    "OK",
		"data":       map[string]any{"method": r.Method, "echo": in, "query": r.URL.Query(), "refreshRequested": refresh},
	}
	if refresh {
		out["auth"] = s.issue(fault)
	}
	s.writeJSON(w, r, http.StatusOK, fault, out)
}

func (s *Server) knownKey(key string) bool {
	if key == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.opts.Keys {
		if k == key {
			return true
		}
	}
	return false
}

// issue makes a new access token and returns its data object.
func (s *Server) issue(fault *Fault) map[string]any {
	token, _, expValue := s.newToken(fault, false)
	return map[string]any{"token": token, "type": "ACCESS_TOKEN", "exp": expValue}
}

// newToken makes a token of either kind, or hands back the last one issued
// for a Reissue fault. It returns the token, its expiry, and the exp value
// to answer with (the expiry in epoch milliseconds, unless a fault says).
func (s *Server) newToken(fault *Fault, orders bool) (string, time.Time, any) {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	token, exp := "lc_"+hex.EncodeToString(b), now.Add(s.opts.TokenLifetime)
	if orders {
		token, exp = "lco_"+hex.EncodeToString(b), now.Add(s.opts.OrdersTokenLifetime)
	}
	if fault != nil && fault.Reissue && len(s.issued) > 0 {
		token = s.issued[len(s.issued)-1]
		exp = s.tokens[token]
	} else {
		s.tokens[token] = exp
		s.orders[token] = orders
		s.issued = append(s.issued, token)
	}
	var expValue any = exp.UnixMilli()
	if fault != nil && fault.Exp != nil {
		expValue = fault.Exp(now)
	}
	return token, exp, expValue
}

// authorize checks the request's bearer token: issued, valid, and of the
// kind the endpoint takes. It answers 401 otherwise.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, orders bool) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	isOrders := s.orders[token]
	s.mu.Unlock()
	if !ok || !s.Valid(token) || isOrders != orders {
		s.writeError(w, r, http.StatusUnauthorized, 401, "Unauthorized")
		return false
	}
	return true
}

func (s *Server) requestID() string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("reqid_%s%04d", hex.EncodeToString(b), n)
}

func (s *Server) metadata(r *http.Request, omitTimestamp bool) map[string]any {
	m := map[string]any{
		"languages": []string{"en"},
		"timezone":  "UTC",
		"requestId": s.requestID(),
		"path":      r.URL.Path,
		"version":   "1.7.0",
	}
	if !omitTimestamp {
		m["timestamp"] = s.now().UnixMilli()
	}
	return m
}

func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, fault *Fault, body map[string]any) {
	body["metadata"] = s.metadata(r, fault != nil && fault.OmitTimestamp)
	if fault != nil && fault.Auth {
		if _, ok := body["auth"]; !ok {
			body["auth"] = s.issue(nil)
		}
	}
	if fault != nil && fault.Edit != nil {
		for k, v := range body {
			body[k] = plain(v)
		}
		fault.Edit(body)
	}
	s.writeRaw(w, status, body)
}

// plain turns the typed data in an answer (orders, products) into the maps,
// slices and json.Numbers that decoding it gives, so that an Edit can reach
// into it. Numbers stay exact.
func plain(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int, int64, float64, json.Number:
		return v
	case map[string]any:
		for k, e := range x {
			x[k] = plain(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = plain(e)
		}
		return x
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return v
	}
	return out
}

// writeRaw writes body as JSON and records the bytes by the answer's
// requestId, for tests that compare what a client passed on.
func (s *Server) writeRaw(w http.ResponseWriter, status int, body map[string]any) {
	raw, _ := json.Marshal(body)
	if md, ok := body["metadata"].(map[string]any); ok {
		if rid, ok := md["requestId"].(string); ok {
			s.mu.Lock()
			s.responses[rid] = raw
			s.mu.Unlock()
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// Response returns the body the server sent with a requestId.
func (s *Server) Response(requestID string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.responses[requestID]
}

// writeError answers with the documented error envelope.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status, code int, message string) {
	s.writeJSON(w, r, status, nil, map[string]any{
		"statusCode": code,
		"message":    message,
		"errors":     []any{},
	})
}

// takeFault returns the first queued fault for the request. The caller
// holds s.mu.
func (s *Server) takeFault(r Request) *Fault {
	for i, f := range s.faults {
		if f.Path != "" && f.Path != r.Path || f.Match != nil && !f.Match(r) {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}
