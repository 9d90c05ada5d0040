package fakeapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The contract is LiquidCommerce's published answer shapes, written down as
// JSON Schema (draft 2020-12) under testdata/contract: each property cites
// the SDK type or QA schema it comes from. These tests hold the fake to it,
// so that the provider's tests cannot agree with our own misreading of the
// API (issue 21, "A contract test keeps the fake honest").

// Answer kinds: each names the schema file an answer must satisfy.
const (
	kindOrder        = "order-answer.json"
	kindOrders       = "orders-answer.json"
	kindSearch       = "search.json"
	kindAvailability = "availability.json"
	kindError        = "error.json"
)

// contract holds the compiled schemas, by answer kind.
type contract map[string]*jsonschema.Schema

func loadContract(t *testing.T) contract {
	t.Helper()
	dir := filepath.Join("testdata", "contract")
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertContent()
	out := contract{}
	for _, kind := range []string{kindOrder, kindOrders, kindSearch, kindAvailability, kindError} {
		sch, err := c.Compile(filepath.Join(dir, kind))
		if err != nil {
			t.Fatalf("compiling the contract %s: %v", kind, err)
		}
		out[kind] = sch
	}
	return out
}

// violation is one rule of the contract that an answer breaks.
type violation struct {
	// at is the JSON pointer of the value in the answer.
	at string
	// rule is the schema keyword that failed, as a location in the
	// contract's files, and its message.
	rule, message string
}

func (v violation) String() string {
	return fmt.Sprintf("at %s: %s (rule %s)", orRoot(v.at), v.message, v.rule)
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// check validates an answer against the contract of its kind and returns
// every leaf violation.
func (c contract) check(kind string, answer any) []violation {
	err := c[kind].Validate(answer)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []violation{{rule: kind, message: err.Error()}}
	}
	var out []violation
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, cause := range e.Causes {
				leaves(cause)
			}
			return
		}
		at := ""
		for _, tok := range e.InstanceLocation {
			at += "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
		}
		rule := e.SchemaURL
		if kw := e.ErrorKind.KeywordPath(); len(kw) > 0 {
			rule += "/" + strings.Join(kw, "/")
		}
		out = append(out, violation{at: at, rule: shortRule(rule), message: e.ErrorKind.LocalizedString(printer)})
	}
	leaves(ve)
	return out
}

var printer = message.NewPrinter(language.English)

var fileURL = regexp.MustCompile(`^file://.*/testdata/contract/`)

// shortRule drops the directory from a rule's schema URL.
func shortRule(rule string) string { return fileURL.ReplaceAllString(rule, "") }

var index = regexp.MustCompile(`/\d+(/|$)`)

// general replaces array indexes in a JSON pointer by *, so that one
// broken field of every order or product is reported once.
func general(p string) string {
	for index.MatchString(p) {
		p = index.ReplaceAllString(p, "/*$1")
	}
	return p
}

// report collects the violations of many answers of a test, grouped by
// field and rule, and fails the test once per group.
type report struct {
	groups  map[string]*group
	answers int
}

type group struct {
	kind, where, rule, message, first string
	count                             int
}

func newReport() *report { return &report{groups: map[string]*group{}} }

func (r *report) add(c contract, kind, what string, answer any) {
	r.answers++
	for _, v := range c.check(kind, answer) {
		key := kind + " " + general(v.at) + " " + v.rule
		g := r.groups[key]
		if g == nil {
			g = &group{kind: kind, where: orRoot(general(v.at)), rule: v.rule, message: v.message, first: what + " at " + orRoot(v.at)}
			r.groups[key] = g
		}
		g.count++
	}
}

func (r *report) finish(t *testing.T, minAnswers int) {
	t.Helper()
	if r.answers < minAnswers {
		t.Errorf("checked %d answers, want at least %d", r.answers, minAnswers)
	}
	keys := make([]string, 0, len(r.groups))
	for k := range r.groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := r.groups[k]
		t.Errorf("%s breaks the contract at %s, %d times: %s; rule %s (first: %s)", g.kind, g.where, g.count, g.message, g.rule, g.first)
	}
	t.Logf("checked %d answers against the contract", r.answers)
}

// do sends a request and decodes its JSON answer as the schema library
// reads it (numbers kept exact). A nil body is a GET with the Orders token;
// otherwise it is a POST with the access token, the body sent as is when
// it is a string, else as JSON.
func (a *api) do(t *testing.T, path string, body any, header http.Header) (int, any) {
	t.Helper()
	method, token := http.MethodGet, a.orders
	var rd io.Reader = http.NoBody
	switch b := body.(type) {
	case nil:
	case string:
		method, token, rd = http.MethodPost, a.token, strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		method, token, rd = http.MethodPost, a.token, bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, err := jsonschema.UnmarshalJSON(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: the answer (HTTP %d) is not JSON: %v", method, path, resp.StatusCode, err)
	}
	return resp.StatusCode, answer
}

// get is do for a GET that must succeed.
func (a *api) ok(t *testing.T, path string, body any) any {
	t.Helper()
	status, answer := a.do(t, path, body, nil)
	if status != http.StatusOK {
		t.Fatalf("%s answered HTTP %d: %v", path, status, answer)
	}
	return answer
}

// asInt reads a JSON number; -1 when it is not an integer.
func asInt(v any) int {
	if n, ok := v.(json.Number); ok {
		if i, err := strconv.Atoi(string(n)); err == nil {
			return i
		}
	}
	return -1
}

// text reads a JSON string, or the digits of a JSON number, as an
// identifier may arrive either way from the fake today; "" otherwise.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	}
	return ""
}

var allDates = url.Values{"startDate": {"2000-01-01"}, "endDate": {"2100-12-31"}}

func ordersQuery(page, limit int) string {
	q := url.Values{}
	for k, v := range allDates {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(page))
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return fakeapi.OrdersPath + "?" + q.Encode()
}

// Every order the fake serves, read by referenceId and by legacy order
// number, is an order as LiquidCommerce publishes it.
func TestContractOrder(t *testing.T) {
	c := loadContract(t)
	a := startAPI(t, fakeapi.Options{OrderCount: 30})
	rep := newReport()
	data := at(a.ok(t, ordersQuery(1, 100), nil), "data")
	orders := arr(at(data, "orders"))
	if len(orders) != 30 {
		t.Fatalf("the orders list holds %d orders, want 30", len(orders))
	}
	byLegacy := 0
	for i, o := range orders {
		ref, legacy := text(at(o, "referenceId")), text(at(o, "legacyOrderNumber"))
		if ref == "" && legacy == "" {
			t.Errorf("order %d of the list has neither a referenceId nor a legacy order number", i)
			continue
		}
		for _, id := range []string{ref, legacy} {
			if id == "" {
				continue
			}
			rep.add(c, kindOrder, "GET /orders/"+id, a.ok(t, fakeapi.OrdersPath+"/"+url.PathEscape(id), nil))
			if id == legacy {
				byLegacy++
			}
		}
	}
	if byLegacy == 0 {
		t.Error("no order was found by its legacy order number")
	}
	rep.finish(t, 30)
}

// Every page of the orders list, at several limits, is an envelope around
// IOrdersList; the walk reads on while total says more orders exist.
func TestContractOrdersPages(t *testing.T) {
	c := loadContract(t)
	a := startAPI(t, fakeapi.Options{OrderCount: 45})
	rep := newReport()
	for _, limit := range []int{0, 1, 7, 10, 100} {
		seen := 0
		for page := 1; page <= 60; page++ {
			answer := a.ok(t, ordersQuery(page, limit), nil)
			rep.add(c, kindOrders, fmt.Sprintf("page %d, limit %d", page, limit), answer)
			n, total := len(arr(at(answer, "data", "orders"))), asInt(at(answer, "data", "total"))
			seen += n
			if n == 0 || seen >= total {
				// One page past the end is a page too: empty.
				rep.add(c, kindOrders, fmt.Sprintf("page %d, limit %d", page+1, limit), a.ok(t, ordersQuery(page+1, limit), nil))
				break
			}
		}
		if seen != 45 {
			t.Errorf("limit %d: the pages held %d orders, want 45", limit, seen)
		}
	}
	rep.finish(t, 5)
}

// catalogKeys are identifiers the catalog holds, read from a search, so
// that the test follows the fake's data as it changes.
type catalogKeys struct{ ids, upcs, groupings []string }

func readCatalogKeys(t *testing.T, a *api) catalogKeys {
	t.Helper()
	var k catalogKeys
	products := arr(at(a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"perPage": 100}), "products"))
	for _, p := range products {
		if id := text(at(p, "id")); id != "" && len(k.ids) < 3 {
			k.ids = append(k.ids, id)
		}
		if g := text(at(p, "category")); g != "" && !slices.Contains(k.groupings, g) && len(k.groupings) < 2 {
			k.groupings = append(k.groupings, g)
		}
		for _, s := range arr(at(p, "sizes")) {
			if u := text(at(s, "upc")); u != "" && len(k.upcs) < 5 {
				k.upcs = append(k.upcs, u)
			}
		}
	}
	if len(k.ids) == 0 || len(k.upcs) == 0 || len(k.groupings) == 0 {
		t.Fatalf("the catalog gave ids %v, UPCs %v, categories %v", k.ids, k.upcs, k.groupings)
	}
	return k
}

var (
	address = map[string]any{"address": map[string]any{"one": "100 Main St", "city": "New York", "state": "NY", "zip": "10001"}}
	coords  = map[string]any{"coords": map[string]any{"lat": 40.7506, "long": -73.9935}}
)

// Availability, by UPCs, ids and grouping, with and without a location, is
// the answer LiquidCommerce's QA schema and SDK describe.
func TestContractAvailability(t *testing.T) {
	c := loadContract(t)
	a := startAPI(t, fakeapi.Options{})
	k := readCatalogKeys(t, a)
	rep := newReport()
	asks := map[string]map[string]any{
		"upcs":     {"upcs": k.upcs},
		"ids":      {"ids": k.ids},
		"grouping": {"grouping": k.groupings},
		"all":      {"upcs": k.upcs[:1], "ids": k.ids[:1], "grouping": k.groupings[:1]},
		"unknown":  {"upcs": []string{"00000000000000"}},
	}
	for name, ask := range asks {
		for locName, loc := range map[string]map[string]any{"no location": nil, "address": address, "coords": coords} {
			body := map[string]any{}
			for key, v := range ask {
				body[key] = v
			}
			if loc != nil {
				body["loc"] = loc
			}
			rep.add(c, kindAvailability, name+", "+locName, a.ok(t, fakeapi.CatalogAvailabilityPath, body))
		}
	}
	rep.add(c, kindAvailability, "refresh", a.ok(t, fakeapi.CatalogAvailabilityPath, map[string]any{"upcs": k.upcs, "loc": address, "refresh": true}))
	rep.finish(t, 16)
}

// searchModes are the paging modes the fake offers, each alone and in
// every combination.
func searchModes() map[string]fakeapi.Options {
	modes := map[string]fakeapi.Options{}
	for _, fromOne := range []bool{false, true} {
		for _, cursor := range []bool{false, true} {
			for _, pageCap := range []int{0, 4} {
				var name []string
				if fromOne {
					name = append(name, "SearchPagesFromOne")
				}
				if cursor {
					name = append(name, "CatalogCursor")
				}
				if pageCap > 0 {
					name = append(name, "SearchPageCap")
				}
				if len(name) == 0 {
					name = append(name, "default")
				}
				modes[strings.Join(name, "+")] = fakeapi.Options{ProductCount: 23, SearchPagesFromOne: fromOne, CatalogCursor: cursor, SearchPageCap: pageCap}
			}
		}
	}
	return modes
}

// Every page of a search, in every paging mode, is the answer
// LiquidCommerce's QA schema and SDK describe. Pages are walked by page
// number from the first, and by cursor where the mode gives one.
func TestContractSearch(t *testing.T) {
	c := loadContract(t)
	for name, opts := range searchModes() {
		t.Run(name, func(t *testing.T) {
			a := startAPI(t, opts)
			rep := newReport()
			first := 0
			if opts.SearchPagesFromOne {
				first = 1
			}
			ids := map[string]bool{}
			for page := first; page < first+30; page++ {
				answer := a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"page": page, "perPage": 10})
				rep.add(c, kindSearch, fmt.Sprintf("page %d", page), answer)
				products := arr(at(answer, "products"))
				for _, p := range products {
					ids[text(at(p, "id"))] = true
				}
				if len(products) == 0 {
					break
				}
			}
			if len(ids) != opts.ProductCount {
				t.Errorf("paging by number read %d products, want %d", len(ids), opts.ProductCount)
			}
			if opts.CatalogCursor {
				body := map[string]any{"page": first, "perPage": 10}
				read := 0
				for n := 0; n < 30; n++ {
					answer := a.ok(t, fakeapi.CatalogSearchPath, body)
					rep.add(c, kindSearch, fmt.Sprintf("cursor request %d", n), answer)
					read += len(arr(at(answer, "products")))
					next := at(answer, "navigation", "cursor", "nextPageToken")
					if s, _ := next.(string); s == "" {
						break
					}
					body = map[string]any{"pageToken": next, "perPage": 10}
				}
				if read != opts.ProductCount {
					t.Errorf("paging by cursor read %d products, want %d", read, opts.ProductCount)
				}
			}
			// A search with a term and filters, and one that finds nothing.
			rep.add(c, kindSearch, "search gin", a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"search": "gin", "perPage": 5, "loc": coords}))
			rep.add(c, kindSearch, "search nothing", a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"search": "no such product anywhere"}))
			rep.add(c, kindSearch, "refresh", a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"refresh": true}))
			rep.finish(t, 5)
		})
	}
}

// Every error the fake answers keeps LiquidCommerce's error envelope.
func TestContractErrors(t *testing.T) {
	c := loadContract(t)
	a := startAPI(t, fakeapi.Options{})
	rep := newReport()
	type errCase struct {
		name, path string
		body       any
		header     http.Header
		fault      *fakeapi.Fault
	}
	cases := []errCase{
		{name: "unknown order", path: fakeapi.OrdersPath + "/NO-SUCH-ORDER"},
		{name: "orders list without dates", path: fakeapi.OrdersPath},
		{name: "orders list, limit over 100", path: ordersQuery(1, 101)},
		{name: "bad key", path: fakeapi.AuthPath, body: map[string]any{}, header: http.Header{"X-Liquid-Api-Key": {"wrong"}}},
		{name: "bad token", path: fakeapi.CatalogSearchPath, body: map[string]any{}, header: http.Header{"Authorization": {"Bearer not-a-token"}}},
		{name: "catalog token on orders", path: fakeapi.OrdersPath + "/x", header: http.Header{"Authorization": {"Bearer " + a.token}}},
		{name: "body not JSON", path: fakeapi.CatalogSearchPath, body: "{"},
		{name: "perPage over the limit", path: fakeapi.CatalogSearchPath, body: map[string]any{"perPage": 101}},
		{name: "unknown filter", path: fakeapi.CatalogSearchPath, body: map[string]any{"filters": []any{map[string]any{"key": "shade", "values": []string{"red"}}}}},
		{name: "availability without identifiers", path: fakeapi.CatalogAvailabilityPath, body: map[string]any{"loc": address}},
		{name: "unknown path", path: "/no/such/path", body: map[string]any{}},
		{name: "fault 503 on search", path: fakeapi.CatalogSearchPath, body: map[string]any{}, fault: &fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 503}},
		{name: "fault 429 on orders", path: ordersQuery(1, 0), fault: &fakeapi.Fault{Path: fakeapi.OrdersPath, Status: 429, RetryAfter: "1"}},
		{name: "fault 500 on availability", path: fakeapi.CatalogAvailabilityPath, body: map[string]any{"upcs": []string{"1"}}, fault: &fakeapi.Fault{Path: fakeapi.CatalogAvailabilityPath, Status: 500}},
	}
	for _, tc := range cases {
		if tc.fault != nil {
			a.srv.Inject(*tc.fault)
		}
		status, answer := a.do(t, tc.path, tc.body, tc.header)
		if status < 400 {
			t.Errorf("%s: HTTP %d, want an error status", tc.name, status)
			continue
		}
		rep.add(c, kindError, tc.name, answer)
	}
	rep.finish(t, len(cases))
}

// The contract itself must reject what LiquidCommerce's types rule out,
// or the checks above prove nothing.
func TestContractRejectsForeignShapes(t *testing.T) {
	c := loadContract(t)
	for _, tc := range []struct {
		kind, doc string
	}{
		{kindError, `{"message": "x", "metadata": {}}`},
		{kindOrders, `{"statusCode": 200, "message": "OK", "metadata": {}, "data": []}`},
		{kindSearch, `[]`},
		{kindAvailability, `{"statusCode": 200, "message": "OK"}`},
		{kindOrder, `{"statusCode": 200, "message": "OK", "metadata": {}, "data": {"legacyOrderNumber": 12}}`},
	} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.check(tc.kind, doc)) == 0 {
			t.Errorf("the contract %s accepts %s", tc.kind, tc.doc)
		}
	}
}

// readSchemaFile is used by the mutation test to say where each field's
// rule lives; it also proves every contract file is valid JSON.
func TestContractFilesCiteTheirSources(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "contract", "*.json"))
	if err != nil || len(files) < 5 {
		t.Fatalf("contract files %v: %v", files, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var walkSchema func(v any, at string)
		walkSchema = func(v any, at string) {
			switch x := v.(type) {
			case map[string]any:
				if props, ok := x["properties"].(map[string]any); ok {
					for name, p := range props {
						m, _ := p.(map[string]any)
						if s, _ := m["$comment"].(string); !strings.Contains(s, "cloud-sdk") && !strings.Contains(s, "orders-and-catalog.md") && !strings.Contains(s, "IResponseMetadata") {
							t.Errorf("%s: property %s/%s cites no source in its $comment", f, at, name)
						}
					}
				}
				for k, e := range x {
					walkSchema(e, at+"/"+k)
				}
			case []any:
				for i, e := range x {
					walkSchema(e, at+"/"+strconv.Itoa(i))
				}
			}
		}
		walkSchema(doc, "")
	}
}
