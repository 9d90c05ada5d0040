package fakeapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// api is a started fake with a key and an Orders user, and its two tokens.
type api struct {
	srv                 *fakeapi.Server
	base, token, orders string
}

func startAPI(t *testing.T, opts fakeapi.Options) *api {
	t.Helper()
	opts.Keys = []string{"good"}
	opts.OrdersUsers = map[string]string{"user": "pass"}
	srv := fakeapi.New(opts)
	base, stop := srv.Start()
	t.Cleanup(stop)
	return &api{srv: srv, base: base, token: srv.Mint(false), orders: srv.Mint(true)}
}

// call sends a request with the right token and decodes the JSON answer,
// numbers kept exact.
func (a *api) call(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	token := a.orders
	if body != nil {
		raw, _ := json.Marshal(body)
		rd, token = bytes.NewReader(raw), a.token
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, a.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// at walks a decoded JSON value by keys and indexes; nil when absent.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k < 0 || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func arr(v any) []any {
	a, _ := v.([]any)
	return a
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func str(v any) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprint(v)
}

func list(t *testing.T, a *api, q url.Values) (int, map[string]any) {
	t.Helper()
	status, out := a.call(t, http.MethodGet, "/orders?"+q.Encode(), nil)
	data := obj(out["data"])
	return status, data
}

// The sample orders carry the facts the provider's tests and examples use,
// in LiquidCommerce's published shapes (IOrder): statuses per fulfillment,
// legacy numbers as strings, found by referenceId or by legacy number.
func TestSampleOrders(t *testing.T) {
	a := startAPI(t, fakeapi.Options{})
	for _, tc := range []struct {
		id, legacy, status, fulfillments, name, email, created, total string
	}{
		{"LC-1001", "9007199254740993", "delivered", "shipping:delivered", "Ada", "ada@example.com", "2026-11-02T10:15:00Z", "6048"},
		{"LC-1002", "R482913075", "<nil>", "onDemand:processing", "Grace", "grace@example.com", "2026-11-14T08:30:00Z", "14135"},
		{"LC-1003", "0004829130", "<nil>", "shipping:inTransit digital:delivered", "Ada", "ada@example.com", "2026-11-20T19:45:00Z", "3518"},
		{"LC-1004", "<nil>", "<nil>", "shipping:delivered bopis:delivered", "Dorothy", "dorothy@example.com", "2026-11-25T16:05:00Z", "10423"},
	} {
		for _, key := range []string{tc.id, tc.legacy} {
			if key == "<nil>" {
				continue
			}
			status, out := a.call(t, http.MethodGet, "/orders/"+key, nil)
			o := out["data"]
			got := []string{str(at(o, "referenceId")), str(at(o, "legacyOrderNumber")), str(at(o, "status")),
				fulfillments(o), str(at(o, "customer", "firstName")), str(at(o, "customer", "email")),
				str(at(o, "createdAt")), str(at(o, "amounts", "total"))}
			want := []string{tc.id, tc.legacy, tc.status, tc.fulfillments, tc.name, tc.email, tc.created, tc.total}
			if status != 200 || !slices.Equal(got, want) {
				t.Errorf("GET /orders/%s = %d %v, want %v", key, status, got, want)
			}
			if _, has := obj(o)["timeline"]; has {
				t.Errorf("%s has a top-level timeline, which IOrder has not", key)
			}
		}
	}
	_, out := a.call(t, http.MethodGet, "/orders/LC-1001", nil)
	o := out["data"]
	if str(at(o, "amounts", "subtotal")) != "5499" || str(at(o, "amounts", "tax")) != "549" ||
		str(at(o, "items", 0, "product", "upc")) != "00000000000017" || at(o, "items", 1) != nil ||
		len(str(at(o, "addresses", "shipping", "zip"))) != 5 || str(at(o, "retailers", 0, "system")) != "LiquidCommerce OMS" ||
		str(at(o, "options", "hasVerifiedAge")) != "true" || str(at(o, "paymentMethods", 0, "card")) != "visa" {
		t.Errorf("LC-1001 = %v", o)
	}
	if at(o, "retailers", 0, "fulfillments", 0, "bopisContact") != nil {
		t.Error("LC-1001 has a bopisContact without a bopis fulfillment")
	}

	// LC-1004's shipping timeline is out of chronological order: its last
	// entry is not its latest, delivered; its bopis fulfillment has a
	// pickup contact.
	_, out = a.call(t, http.MethodGet, "/orders/LC-1004", nil)
	o = out["data"]
	ship, pickup := at(o, "retailers", 0, "fulfillments", 0), at(o, "retailers", 1, "fulfillments", 0)
	timeline := arr(at(ship, "timeline"))
	latest, last := latestStatus(timeline), str(at(timeline[len(timeline)-1], "status"))
	if latest != "delivered" || last == latest || str(at(ship, "updatedAt")) != latestTime(timeline) {
		t.Errorf("LC-1004 timeline %v: latest %s, last %s, updatedAt %v", timeline, latest, last, at(ship, "updatedAt"))
	}
	if str(at(ship, "packages", 0, "status")) != "delivered" || str(at(pickup, "bopisContact", "lastName")) != "Winston-Jackson" {
		t.Errorf("LC-1004 fulfillments %v, %v", ship, pickup)
	}
	if status, _ := a.call(t, http.MethodGet, "/orders/LC-0999", nil); status != 404 {
		t.Errorf("an unknown order answered %d", status)
	}
}

// fulfillments lists an order's fulfillments as type:status.
func fulfillments(o any) string {
	var out []string
	for _, r := range arr(at(o, "retailers")) {
		for _, f := range arr(at(r, "fulfillments")) {
			out = append(out, str(at(f, "type"))+":"+str(at(f, "status")))
		}
	}
	return strings.Join(out, " ")
}

func latestStatus(timeline []any) string {
	best, status := "", ""
	for _, e := range timeline {
		if ts := str(at(e, "timestamp")); ts > best {
			best, status = ts, str(at(e, "status"))
		}
	}
	return status
}

func beyond2to53(s string) bool {
	n, ok := new(big.Int).SetString(s, 10)
	return ok && n.Cmp(new(big.Int).Lsh(big.NewInt(1), 53)) > 0
}

func latestTime(timeline []any) string {
	best := ""
	for _, e := range timeline {
		best = max(best, str(at(e, "timestamp")))
	}
	return best
}

func num(v any) int {
	n, _ := v.(json.Number)
	i, _ := n.Int64()
	return int(i)
}

// Every order's amounts add up, for the order and each retailer, and its
// items, fulfillments and retailers point at each other; each fulfillment's
// status is its timeline's latest. The orders hold every kind the
// provider's status rule and identifiers must handle.
func TestOrdersAreConsistent(t *testing.T) {
	a := startAPI(t, fakeapi.Options{OrderCount: 300})
	var all []any
	for page := 1; page <= 3; page++ {
		_, data := list(t, a, url.Values{"startDate": {"2026-01-01"}, "endDate": {"2026-12-31"}, "limit": {"100"},
			"page": {strconv.Itoa(page)}})
		all = append(all, arr(data["orders"])...)
	}
	refs, legacies, created := map[string]bool{}, map[string]bool{}, map[string]bool{}
	kinds := map[string]int{}
	for _, listed := range all {
		key, _ := obj(listed)["referenceId"].(string)
		if key == "" {
			key, _ = obj(listed)["legacyOrderNumber"].(string)
			kinds["null referenceId"]++
		}
		status, out := a.call(t, http.MethodGet, "/orders/"+url.PathEscape(key), nil)
		o := obj(out["data"])
		if status != 200 || o == nil {
			t.Fatalf("%s: %d", key, status)
		}
		ref := str(o["referenceId"])
		refs[ref], legacies[str(o["legacyOrderNumber"])], created[str(o["createdAt"])] = true, true, true
		legacy, _ := o["legacyOrderNumber"].(string)
		switch {
		case o["legacyOrderNumber"] == nil:
			kinds["null legacy number"]++
		case strings.ContainsAny(legacy, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
			kinds["legacy number with letters"]++
		case strings.HasPrefix(legacy, "0"):
			kinds["legacy number with leading zeros"]++
		case beyond2to53(legacy):
			kinds["legacy number beyond 2^53"]++
		}
		if _, has := o["status"]; has {
			kinds["top-level status"]++
		}
		if _, has := o["timeline"]; has {
			t.Errorf("%s has a top-level timeline", key)
		}
		statuses := map[string]bool{}
		checkAmounts(t, key, at(o, "amounts"))
		sum := map[string]int{}
		for _, r := range arr(o["retailers"]) {
			checkAmounts(t, key+" "+str(at(r, "id")), at(r, "amounts"))
			for _, k := range []string{"subtotal", "tax", "total", "shipping", "discounts"} {
				sum[k] += num(at(r, "amounts", k))
			}
			for _, f := range arr(at(r, "fulfillments")) {
				fs := str(at(f, "status"))
				statuses[fs] = true
				if tl := arr(at(f, "timeline")); latestStatus(tl) != fs || latestTime(tl) != str(at(f, "updatedAt")) {
					t.Errorf("%s: fulfillment %v status %s updatedAt %v, its timeline %v", key, at(f, "id"), fs,
						at(f, "updatedAt"), tl)
				}
				for _, id := range arr(at(f, "itemIds")) {
					found := false
					for _, it := range arr(o["items"]) {
						found = found || (at(it, "id") == id && at(it, "fulfillmentId") == at(f, "id") && at(it, "retailerId") == at(r, "id"))
					}
					if !found {
						t.Errorf("%s: item %v of fulfillment %v is not in items", key, id, at(f, "id"))
					}
				}
			}
		}
		switch {
		case len(statuses) == 0 && o["status"] != nil:
			kinds["no fulfillments, a top-level status"]++
		case len(statuses) == 0:
			kinds["no fulfillments, no top-level status"]++
		case len(statuses) == 1 && statuses["canceled"]:
			kinds["all canceled"]++
		case len(statuses) == 1 && statuses["test"]:
			kinds["test"]++
		case statuses["canceled"]:
			kinds["canceled and live"]++
		case statuses["test"]:
			kinds["test and other"]++
		case len(statuses) > 1:
			kinds["mixed in the flow"]++
		}
		for k, v := range sum {
			if num(at(o, "amounts", k)) != v {
				t.Errorf("%s: amounts.%s %v, the retailers' add up to %d", key, k, at(o, "amounts", k), v)
			}
		}
		subtotal := 0
		for _, it := range arr(o["items"]) {
			p := at(it, "pricing")
			if num(at(p, "price")) != num(at(p, "unitPrice"))*num(at(p, "quantity")) {
				t.Errorf("%s: pricing %v", key, p)
			}
			subtotal += num(at(p, "price"))
		}
		if subtotal != num(at(o, "amounts", "subtotal")) {
			t.Errorf("%s: items add up to %d, subtotal %v", key, subtotal, at(o, "amounts", "subtotal"))
		}
	}
	if len(all) != 300 || len(refs) != 300-kinds["null referenceId"]+1 || len(legacies) != 300-kinds["null legacy number"]+1 ||
		len(created) != 300 {
		t.Errorf("%d orders: %d referenceIds, %d legacy numbers, %d createdAt times", len(all), len(refs), len(legacies),
			len(created))
	}
	for _, k := range []string{"null referenceId", "null legacy number", "legacy number with letters",
		"legacy number with leading zeros", "legacy number beyond 2^53", "top-level status",
		"no fulfillments, a top-level status", "no fulfillments, no top-level status", "all canceled", "test",
		"canceled and live", "test and other", "mixed in the flow"} {
		if kinds[k] == 0 {
			t.Errorf("no order has %s: %v", k, kinds)
		}
	}
}

func checkAmounts(t *testing.T, what string, a any) {
	t.Helper()
	n := func(k ...any) int { return num(at(a, k...)) }
	total := n("subtotal") + n("shipping") + n("platform") + n("tax") + n("engraving") + n("service") + n("delivery") +
		n("tip") - n("discounts") - n("giftCards")
	tax := n("taxDetails", "products") + n("taxDetails", "shipping") + n("taxDetails", "delivery") + n("taxDetails", "bag") +
		n("taxDetails", "bottleDeposits") + n("taxDetails", "retailDelivery")
	discounts := n("discountDetails", "products") + n("discountDetails", "shipping") + n("discountDetails", "delivery") +
		n("discountDetails", "engraving") + n("discountDetails", "service")
	if total != n("total") || tax != n("tax") || discounts != n("discounts") {
		t.Errorf("%s: amounts do not add up: %v", what, a)
	}
}

// OrdersPageCap holds a page to the cap and says so in limit, while a page
// still starts at (page-1) x the limit asked; OrdersShortPage holds a page
// to its size with the limit asked echoed, a page starting at (page-1) x
// that size. total counts every order either way.
func TestOrdersListShortPages(t *testing.T) {
	read := func(opts fakeapi.Options, page, limit int) (refs []string, echoed, total int) {
		t.Helper()
		opts.OrderCount = 100
		a := startAPI(t, opts)
		status, data := list(t, a, url.Values{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"},
			"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}})
		if status != 200 {
			t.Fatalf("%+v page %d: HTTP %d", opts, page, status)
		}
		for _, o := range arr(data["orders"]) {
			refs = append(refs, str(at(o, "createdAt")))
		}
		return refs, num(data["limit"]), num(data["total"])
	}
	all, _, _ := read(fakeapi.Options{}, 1, 100)
	for _, tc := range []struct {
		name                  string
		opts                  fakeapi.Options
		page, limit           int
		from, size, wantLimit int
	}{
		{"a cap below the limit", fakeapi.Options{OrdersPageCap: 25}, 1, 100, 0, 25, 25},
		{"a cap, the next page by the echoed limit", fakeapi.Options{OrdersPageCap: 25}, 2, 25, 25, 25, 25},
		{"a cap, the next page by the limit asked", fakeapi.Options{OrdersPageCap: 25}, 2, 100, 100, 0, 25},
		{"a cap above the limit", fakeapi.Options{OrdersPageCap: 25}, 3, 10, 20, 10, 10},
		{"short pages", fakeapi.Options{OrdersShortPage: 30}, 1, 100, 0, 30, 100},
		{"short pages, the next page", fakeapi.Options{OrdersShortPage: 30}, 2, 100, 30, 30, 100},
		{"short pages, the last page", fakeapi.Options{OrdersShortPage: 30}, 4, 100, 90, 10, 100},
	} {
		refs, echoed, total := read(tc.opts, tc.page, tc.limit)
		want := all[min(tc.from, len(all)):min(tc.from+tc.size, len(all))]
		if !slices.Equal(refs, want) || echoed != tc.wantLimit || total != 100 {
			t.Errorf("%s: %d orders from %v, limit %d, total %d; want %d from %v, limit %d, total 100", tc.name,
				len(refs), refs[:min(1, len(refs))], echoed, total, len(want), want[:min(1, len(want))], tc.wantLimit)
		}
	}
}

// Each piece of PersonalData is in the sample orders, and nowhere but in
// their personal fields: not in the rest of any order, nor in the catalog.
func TestPersonalDataIsOnlyInPersonalFields(t *testing.T) {
	a := startAPI(t, fakeapi.Options{OrderCount: 40})
	_, out := list(t, a, url.Values{"startDate": {"2026-01-01"}, "endDate": {"2026-12-31"}, "limit": {"100"}})
	orders := arr(out["orders"])
	if len(orders) != 40 {
		t.Fatalf("%d orders", len(orders))
	}
	all, _ := json.Marshal(orders)
	for _, text := range fakeapi.PersonalData {
		if !strings.Contains(string(all), text) {
			t.Errorf("%q is in no order", text)
		}
	}
	for _, o := range orders {
		m := obj(o)
		for _, k := range []string{"customer", "addresses", "paymentMethods", "bopisContact"} {
			delete(m, k)
		}
		opts := obj(m["options"])
		for _, k := range []string{"giftRecipient", "giftMessage", "deliveryInstructions"} {
			delete(opts, k)
		}
		for _, it := range arr(m["items"]) {
			delete(obj(it), "attributes")
		}
		for _, r := range arr(m["retailers"]) {
			for _, f := range arr(at(r, "fulfillments")) {
				delete(obj(f), "bopisContact")
				for _, p := range arr(at(f, "packages")) {
					delete(obj(p), "trackingNumber")
					delete(obj(p), "trackingUrl")
				}
			}
		}
	}
	rest, _ := json.Marshal(orders)
	_, search := a.call(t, http.MethodPost, "/catalog/search", map[string]any{"perPage": 100})
	_, avail := a.call(t, http.MethodPost, "/catalog/availability", map[string]any{"grouping": []string{"gin", "rum", "wine", "whiskey"}})
	catalog, _ := json.Marshal([]any{search, avail})
	for _, text := range fakeapi.PersonalData {
		if strings.Contains(string(rest), text) || strings.Contains(string(catalog), text) {
			t.Errorf("%q is outside the personal fields", text)
		}
	}
}

// The orders list takes RFC 3339 and YYYY-MM-DD dates: a YYYY-MM-DD end
// includes its day, an RFC 3339 end is exclusive. Orders come in createdAt
// order, paged.
func TestOrdersListDates(t *testing.T) {
	a := startAPI(t, fakeapi.Options{OrderCount: 300})
	count := func(start, end string) int {
		t.Helper()
		status, data := list(t, a, url.Values{"startDate": {start}, "endDate": {end}, "limit": {"100"}})
		if status != 200 || str(data["startDate"]) != start || str(data["endDate"]) != end {
			t.Fatalf("%s..%s: %d %v", start, end, status, data)
		}
		return num(data["total"])
	}
	// 296 generated orders every 20 minutes from 2026-11-01T00:00:00Z: 72
	// on each of November 1 to 4, 8 on the 5th; LC-1001 on the 2nd, the
	// other samples later in the month.
	for _, tc := range []struct {
		start, end string
		want       int
	}{
		{"2026-11-01", "2026-11-01", 72},
		{"2026-11-02", "2026-11-02", 73},
		{"2026-11-01", "2026-11-02", 145},
		{"2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 72},
		{"2026-11-01T00:00:00Z", "2026-11-01T00:20:00Z", 1},
		{"2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", 0},
		{"2026-11-01", "2026-11-01T00:20:00Z", 1},
		{"2026-11-05T00:00:00Z", "2026-11-30", 11},
		{"2026-10-01", "2026-10-31", 0},
		{"2026-11-01", "2026-11-30", 300},
	} {
		if got := count(tc.start, tc.end); got != tc.want {
			t.Errorf("%s..%s: total %d, want %d", tc.start, tc.end, got, tc.want)
		}
	}

	var seen []string
	for page := 1; ; page++ {
		status, data := list(t, a, url.Values{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}, "limit": {"70"},
			"page": {fmt.Sprint(page)}})
		orders := arr(data["orders"])
		if status != 200 || num(data["total"]) != 300 || num(data["page"]) != page || num(data["limit"]) != 70 {
			t.Fatalf("page %d: %d %v", page, status, data)
		}
		if len(orders) == 0 {
			break
		}
		for _, o := range orders {
			seen = append(seen, str(at(o, "createdAt")))
		}
	}
	if len(seen) != 300 || !slices.IsSorted(seen) {
		t.Errorf("paged through %d orders, sorted %v", len(seen), slices.IsSorted(seen))
	}

	_, data := list(t, a, url.Values{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}, "limit": {"100"},
		"customerEmail": {"DOROTHY@example.com"}})
	for _, o := range arr(data["orders"]) {
		if str(at(o, "customer", "email")) != "dorothy@example.com" {
			t.Errorf("customerEmail let %v through", at(o, "customer", "email"))
		}
	}
	if n := num(data["total"]); n < 60 || n > 90 {
		t.Errorf("%d orders of dorothy@example.com", n)
	}
	for _, q := range []url.Values{
		{"startDate": {"2026-11-01"}},
		{"startDate": {"2026-11-01"}, "endDate": {"11/30/2026"}},
		{"startDate": {"2026-11-30"}, "endDate": {"2026-11-01"}},
		{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}, "limit": {"101"}},
		{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}, "page": {"0"}},
	} {
		if status, _ := list(t, a, q); status != 400 {
			t.Errorf("%v answered %d", q, status)
		}
	}
}

// Fault.Edit reaches into typed answers, numbers kept exact.
func TestEditReachesIntoOrders(t *testing.T) {
	a := startAPI(t, fakeapi.Options{})
	a.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Edit: func(b map[string]any) {
		data := obj(b["data"])
		data["total"] = 99
		orders := arr(data["orders"])
		first := obj(orders[0])
		first["status"] = "test"
	}})
	_, data := list(t, a, url.Values{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}})
	if num(data["total"]) != 99 || str(at(data, "orders", 0, "status")) != "test" ||
		str(at(data, "orders", 0, "legacyOrderNumber")) != "9007199254740993" {
		t.Errorf("edited answer %v", data)
	}
}

func search(t *testing.T, a *api, body map[string]any) (products []any, nav map[string]any) {
	t.Helper()
	status, out := a.call(t, http.MethodPost, "/catalog/search", body)
	if status != 200 {
		t.Fatalf("search %v: %d %v", body, status, out)
	}
	products = arr(out["products"])
	nav = obj(out["navigation"])
	return products, nav
}

// Page paging: page counts pages of perPage from 0, nextPageToken is null.
func TestCatalogSearchPages(t *testing.T) {
	a := startAPI(t, fakeapi.Options{ProductCount: 250})
	ids := map[string]bool{}
	upcs := map[string]bool{}
	for page := 0; ; page++ {
		products, nav := search(t, a, map[string]any{"page": page, "perPage": 100, "pageToken": "ignored"})
		if num(nav["currentPage"]) != page || num(nav["totalPages"]) != 3 || num(nav["totalCount"]) != 250 ||
			at(nav, "cursor", "nextPageToken") != "" {
			t.Fatalf("page %d: navigation %v", page, nav)
		}
		if len(products) == 0 {
			break
		}
		for _, p := range products {
			ids[str(at(p, "id"))] = true
			for _, s := range arr(at(p, "sizes")) {
				upcs[str(at(s, "upc"))] = true
			}
		}
	}
	if len(ids) != 250 || len(upcs) < 400 {
		t.Errorf("%d distinct ids, %d distinct UPCs", len(ids), len(upcs))
	}
	products, nav := search(t, a, map[string]any{"search": "GIN"})
	if num(nav["totalCount"]) != 28 || !strings.Contains(str(at(products, 0, "name")), "Juniper Dry Gin") {
		t.Errorf("search GIN: %v, first %v", nav["totalCount"], at(products, 0, "name"))
	}
	for _, body := range []map[string]any{{"perPage": 101}, {"page": -1}, {"filters": []any{map[string]any{"key": "shade", "values": []string{"red"}}}}} {
		if status, _ := a.call(t, http.MethodPost, "/catalog/search", body); status != 400 {
			t.Errorf("%v answered %d", body, status)
		}
	}
}

// Cursor paging: nextPageToken while more remain, and a pageToken wins
// over page.
func TestCatalogSearchCursor(t *testing.T) {
	a := startAPI(t, fakeapi.Options{ProductCount: 250, CatalogCursor: true})
	var token any = ""
	seen := map[string]bool{}
	for n := 0; ; n++ {
		body := map[string]any{"perPage": 100, "page": 7}
		if token != "" {
			body["pageToken"] = token
		} else {
			body["page"] = 0
		}
		products, nav := search(t, a, body)
		if num(nav["currentPage"]) != n || num(nav["totalCount"]) != 250 {
			t.Fatalf("request %d: %v", n, nav)
		}
		for _, p := range products {
			seen[str(at(p, "id"))] = true
		}
		if (n == 0) != (at(nav, "cursor", "previousPageToken") == "") {
			t.Errorf("request %d: previousPageToken %v", n, at(nav, "cursor", "previousPageToken"))
		}
		token = at(nav, "cursor", "nextPageToken")
		if token == "" {
			if n != 2 || len(products) != 50 {
				t.Errorf("the last page is request %d, with %d products", n, len(products))
			}
			break
		}
	}
	if len(seen) != 250 {
		t.Errorf("%d products seen", len(seen))
	}
	if status, _ := a.call(t, http.MethodPost, "/catalog/search", map[string]any{"pageToken": "not a token"}); status != 400 {
		t.Errorf("a bad pageToken answered %d", status)
	}
}

func names(products []any) []string {
	var out []string
	for _, p := range products {
		out = append(out, str(at(p, "name")))
	}
	return out
}

func TestCatalogSearchFilters(t *testing.T) {
	a := startAPI(t, fakeapi.Options{})
	filter := func(key string, values any) map[string]any {
		return map[string]any{"filters": []any{map[string]any{"key": key, "values": values}}}
	}
	for _, tc := range []struct {
		body map[string]any
		want []string
	}{
		{map[string]any{"search": "valley"}, []string{"Valley Cabernet Sauvignon"}},
		{filter("categories", []string{"wine", "rum"}), []string{"Harbor Spiced Rum", "Valley Cabernet Sauvignon", "Coastal Sauvignon Blanc"}},
		{filter("brands", "Agave Sol"), []string{"Agave Sol Blanco Tequila"}},
		{filter("availability", []string{"OUT_OF_STOCK"}), []string{"Highland Peat 12 Year Scotch"}},
		{filter("availability", "PREORDER"), []string{"Maison Etoile Brut Champagne"}},
		{filter("fulfillment", []string{"bopis"}), []string{"Juniper Dry Gin", "Harbor Spiced Rum", "Valley Cabernet Sauvignon",
			"Agave Sol Blanco Tequila", "Coastal Sauvignon Blanc"}},
		{filter("price", map[string]any{"min": 6000, "max": "7300"}), []string{"Copper Still Bourbon", "Highland Peat 12 Year Scotch"}},
		{filter("price", map[string]any{"max": 1500}), []string{"Coastal Sauvignon Blanc"}},
		{map[string]any{"retailers": []string{fakeapi.SampleRetailers[2].ID}, "filters": []any{map[string]any{"key": "availability", "values": "IN_STOCK"}},
			"orderBy": "price", "orderDirection": "desc"},
			[]string{"Maison Etoile Brut Champagne", "Juniper Dry Gin", "Copper Still Bourbon", "Harbor Spiced Rum", "Northern Lights Vodka"}},
	} {
		products, nav := search(t, a, tc.body)
		if got := names(products); !slices.Equal(got, tc.want) || num(nav["totalCount"]) != len(tc.want) {
			t.Errorf("%v: %v (%v), want %v", tc.body, got, nav["totalCount"], tc.want)
		}
	}
	// An offer of another retailer is left out, and so is its retailer.
	status, out := a.call(t, http.MethodPost, "/catalog/search", map[string]any{"search": "gin", "retailers": []string{fakeapi.SampleRetailers[1].ID}})
	if status != 200 || len(arr(at(out, "products", 0, "sizes", 0, "variants"))) != 1 ||
		len(arr(out["retailers"])) != 1 || str(at(out, "retailers", 0, "id")) != fakeapi.SampleRetailers[1].ID {
		t.Errorf("retailers filter: %v", out)
	}
	// The sample data has offers in and out of stock, and on sale.
	var inStock, outOfStock, onSale bool
	for _, p := range fakeapi.SampleProducts {
		for _, s := range p.Sizes {
			for _, v := range s.Variants {
				inStock, outOfStock, onSale = inStock || v.Stock > 0, outOfStock || v.Stock == 0, onSale || v.SalePrice > 0
			}
		}
	}
	if len(fakeapi.SampleProducts) < 8 || !inStock || !outOfStock || !onSale {
		t.Error("the sample catalog lacks variety")
	}
}

// Availability answers the products asked, only the sizes asked by UPC;
// without loc nothing is available.
func TestCatalogAvailability(t *testing.T) {
	a := startAPI(t, fakeapi.Options{})
	loc := map[string]any{"address": map[string]any{"one": "100 Main St", "city": "New York", "state": "NY", "zip": "10001"}}
	stock := func(out map[string]any) (total int, sizes []string) {
		for _, p := range arr(out["products"]) {
			for _, s := range arr(at(p, "sizes")) {
				sizes = append(sizes, str(at(s, "upc")))
				for _, v := range arr(at(s, "variants")) {
					total += num(at(v, "stock"))
				}
			}
		}
		return total, sizes
	}
	body := map[string]any{"upcs": []string{"00000000000017", "00000000000024"}}
	status, out := a.call(t, http.MethodPost, "/catalog/availability", body)
	n, sizes := stock(out)
	if status != 200 || n != 0 || !slices.Equal(sizes, []string{"00000000000017", "00000000000024"}) {
		t.Errorf("without loc: %d, stock %d, sizes %v", status, n, sizes)
	}
	if len(arr(out["retailers"])) != 3 {
		t.Errorf("retailers %v", out["retailers"])
	}
	for _, p := range arr(out["products"]) {
		for _, s := range arr(at(p, "sizes")) {
			for _, v := range arr(at(s, "variants")) {
				if len(arr(at(v, "fulfillments"))) != 0 || at(v, "fulfillmentTypes", "shipping") != "" {
					t.Errorf("without loc, offer %v is available", v)
				}
			}
		}
	}
	body["loc"] = loc
	_, out = a.call(t, http.MethodPost, "/catalog/availability", body)
	if n, _ := stock(out); n != 24+6+18 {
		t.Errorf("with loc: stock %d", n)
	}
	_, out = a.call(t, http.MethodPost, "/catalog/availability", map[string]any{"ids": []string{fakeapi.SampleProducts[1].ID}, "grouping": []string{"wine"}, "loc": loc})
	if got := names(arr(out["products"])); !slices.Equal(got, []string{"Harbor Spiced Rum", "Valley Cabernet Sauvignon", "Coastal Sauvignon Blanc"}) {
		t.Errorf("ids and grouping: %v", got)
	}
	if _, sizes := stock(out); len(sizes) != 5 {
		t.Errorf("ids and grouping: sizes %v", sizes)
	}
	if status, _ := a.call(t, http.MethodPost, "/catalog/availability", map[string]any{"loc": loc}); status != 400 {
		t.Errorf("no upcs, ids or grouping: %d", status)
	}
}
