package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// These tests read orders shaped as LiquidCommerce publishes them (IOrder,
// which the fake follows): statuses on each fulfillment, legacy order
// numbers as strings, some orders without a referenceId, and orders lists
// whose pages hold fewer orders than asked. Values are compared as text,
// "<nil>" for null, so that a schema of other types fails an assertion,
// not the test's setup.

// plain is the text of a plain state value, "<nil>" for null.
func plain(v any) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprint(v)
}

// typedReadWarnings reads a data source as Terraform does and returns its
// state as plain values, its errors and its warnings.
func (e *protoEnv) typedReadWarnings(t *testing.T, typeName string, vals map[string]tftypes.Value) (
	state map[string]any, errs, warnings string) {
	t.Helper()
	typ := e.dataSourceType(t, typeName)
	resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName,
		Config: dynamicValue(t, typ, vals)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			warnings += d.Summary + ": " + d.Detail + "\n"
		}
	}
	if errs = diagError(resp.Diagnostics); errs != "" {
		return nil, errs, warnings
	}
	v, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return dict(goValue(t, v)), "", warnings
}

// fakeOrders lists the orders the fake serves in November 2026, as it
// sends them.
func fakeOrders(t *testing.T, srv *fakeapi.Server) []map[string]any {
	t.Helper()
	token := srv.Mint(true)
	var out []map[string]any
	for page := 1; ; page++ {
		q := url.Values{"startDate": {"2026-11-01"}, "endDate": {"2026-11-30"}, "page": {strconv.Itoa(page)},
			"limit": {"100"}}
		req := httptest.NewRequest(http.MethodGet, fakeapi.OrdersPath+"?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var body struct {
			Data struct {
				Orders []map[string]any `json:"orders"`
			} `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("the fake's orders: HTTP %d, %v", rec.Code, err)
		}
		if len(body.Data.Orders) == 0 {
			return out
		}
		out = append(out, body.Data.Orders...)
	}
}

// An order's status comes from its fulfillments when the answer has no
// top-level status, as LiquidCommerce's order type has none; so does each
// row of the orders list. api_status is the top-level status as sent.
func TestProtocolOrderStatusFromFulfillments(t *testing.T) {
	e := ordersEnv(t, 0)
	for id, want := range map[string]string{
		"LC-1001": "delivered/delivered", // one shipment delivered, and a top-level status
		"LC-1002": "processing/<nil>",    // one on-demand delivery processing
		"LC-1003": "inTransit/<nil>",     // a shipment inTransit and a gift card delivered
		"LC-1004": "delivered/<nil>",     // a shipment and a pickup, both delivered
	} {
		m, errs := e.catalogRead(t, "liquidcommerce_order", map[string]tftypes.Value{"id": str(id)})
		if errs != "" {
			t.Fatalf("%s: %s", id, errs)
		}
		if got := plain(m["status"]) + "/" + plain(m["api_status"]); got != want {
			t.Errorf("%s: status/api_status %s, want %s", id, got, want)
		}
	}
	m, errs := e.catalogRead(t, "liquidcommerce_orders", november)
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, o := range list(m["orders"]) {
		row := dict(o)
		got = append(got, plain(row["reference_id"])+":"+plain(row["status"])+":"+plain(row["fulfillment_statuses"]))
	}
	want := "LC-1001:delivered:[delivered] LC-1002:processing:[processing] LC-1003:inTransit:[delivered inTransit] " +
		"LC-1004:delivered:[delivered]"
	if strings.Join(got, " ") != want {
		t.Errorf("orders rows %v, want %s", got, want)
	}
}

// A legacy order number is a string, kept exactly as sent: with letters or
// leading zeros it still reaches the state, and it finds its order.
func TestProtocolOrderLegacyNumbersAsSent(t *testing.T) {
	e := ordersEnv(t, 0)
	for legacy, ref := range map[string]string{"R482913075": "LC-1002", "0004829130": "LC-1003",
		"9007199254740993": "LC-1001"} {
		m, errs := e.catalogRead(t, "liquidcommerce_order", map[string]tftypes.Value{"id": str(legacy)})
		if errs != "" {
			t.Fatalf("id = %s: %s", legacy, errs)
		}
		if got := plain(m["reference_id"]) + " " + plain(m["legacy_order_number"]); got != ref+" "+legacy {
			t.Errorf("id = %s: reference_id and legacy_order_number %s, want %s %s", legacy, got, ref, legacy)
		}
	}
	m, errs := e.catalogRead(t, "liquidcommerce_orders", november)
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, o := range list(m["orders"]) {
		got = append(got, plain(dict(o)["legacy_order_number"]))
	}
	if want := "9007199254740993 R482913075 0004829130 <nil>"; strings.Join(got, " ") != want {
		t.Errorf("orders' legacy numbers %v, want %s", got, want)
	}
}

// An order whose referenceId is null is an order: it is read by its legacy
// number, and listed once, however often its pages repeat it.
func TestProtocolOrderWithoutReferenceID(t *testing.T) {
	e := ordersEnv(t, 60)
	var legacies []string
	for _, o := range fakeOrders(t, e.srv) {
		if legacy, ok := o["legacyOrderNumber"].(string); o["referenceId"] == nil && ok {
			legacies = append(legacies, legacy)
		}
	}
	if len(legacies) < 2 {
		t.Fatalf("the fake has %d orders without a referenceId, want some", len(legacies))
	}
	for _, legacy := range legacies {
		m, errs := e.catalogRead(t, "liquidcommerce_order", map[string]tftypes.Value{"id": str(legacy)})
		if errs != "" {
			t.Errorf("id = %s: %s", legacy, errs)
			continue
		}
		if got := plain(m["reference_id"]) + " " + plain(m["legacy_order_number"]); got != "<nil> "+legacy {
			t.Errorf("id = %s: reference_id and legacy_order_number %s", legacy, got)
		}
	}
	// Every page holds its orders twice: each is kept once.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Times: 10, Edit: func(body map[string]any) {
		data, _ := body["data"].(map[string]any)
		orders, _ := data["orders"].([]any)
		data["orders"] = append(orders, orders...)
	}})
	m, errs := e.catalogRead(t, "liquidcommerce_orders", november)
	if errs != "" {
		t.Fatal(errs)
	}
	rows, unnamed := list(m["orders"]), 0
	for _, o := range rows {
		if dict(o)["reference_id"] == nil {
			unnamed++
		}
	}
	if len(rows) != 60 || unnamed != len(legacies) {
		t.Errorf("%d orders, %d without a referenceId; want 60, %d", len(rows), unnamed, len(legacies))
	}
}

// The orders list reads every order whatever its server's pages hold:
// pages of the limit asked; pages capped below it, whose answers say so in
// limit (the next pages are asked with it); pages shorter than the limit
// they echo, while total says more exist. Each mode also stops at
// max_results, in as few requests as its pages allow, and is complete.
func TestProtocolOrdersPagingEveryMode(t *testing.T) {
	modes := []struct {
		name      string
		opts      fakeapi.Options
		page      int    // how many orders a page holds
		nextLimit string // the limit the pages after the first ask for
	}{
		{"pages of the limit asked", fakeapi.Options{}, 100, "100"},
		{"a page cap echoed as the limit", fakeapi.Options{OrdersPageCap: 25}, 25, "25"},
		{"short pages while total says more", fakeapi.Options{OrdersShortPage: 30}, 30, "100"},
	}
	for _, mode := range modes {
		for _, tc := range []struct {
			name              string
			count, maxResults int
		}{
			{"250 orders", 250, 0},
			{"exactly two full pages of 100", 200, 0},
			{"max_results stops early", 250, 150},
			{"max_results of one", 250, 1},
			{"one page", 3, 0},
		} {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				opts := mode.opts
				opts.OrdersUsers, opts.OrderCount = map[string]string{testOrdersUser: testOrdersPassword}, tc.count
				e := configuredServer(t, opts, testAPIKey, map[string]tftypes.Value{
					"orders_user_id": str(testOrdersUser), "orders_password": str(testOrdersPassword)})
				vals, want := november, tc.count
				if tc.maxResults > 0 {
					vals, want = with(vals, "max_results", tftypes.NewValue(tftypes.Number, tc.maxResults)), tc.maxResults
				}
				m, errs, warnings := e.typedReadWarnings(t, "liquidcommerce_orders", vals)
				if errs != "" {
					t.Fatal(errs)
				}
				rows, seen := list(m["orders"]), map[string]bool{}
				for _, o := range rows {
					key := plain(dict(o)["reference_id"]) + "/" + plain(dict(o)["legacy_order_number"])
					if seen[key] {
						t.Errorf("%s twice", key)
					}
					seen[key] = true
				}
				calls := (want + mode.page - 1) / mode.page
				if n := e.srv.Count(fakeapi.OrdersPath); len(rows) != want || n != calls {
					t.Errorf("%d orders in %d requests, want %d in %d", len(rows), n, want, calls)
				}
				if plain(m["total"]) != strconv.Itoa(tc.count) || plain(m["complete"]) != "true" || warnings != "" {
					t.Errorf("total %s, complete %s, warnings %q; want %d, true, none", plain(m["total"]),
						plain(m["complete"]), warnings, tc.count)
				}
				// The pages after the first go out together, in any order.
				reqs := e.srv.Requests(fakeapi.OrdersPath)
				slices.SortStableFunc(reqs, func(a, b fakeapi.Request) int {
					pa, _ := strconv.Atoi(a.Query.Get("page"))
					pb, _ := strconv.Atoi(b.Query.Get("page"))
					return pa - pb
				})
				for i, r := range reqs {
					want := map[bool]string{true: "100", false: mode.nextLimit}[i == 0]
					if r.Query.Get("page") != strconv.Itoa(i+1) || r.Query.Get("limit") != want {
						t.Errorf("request %d asked page %s with limit %s, want page %d with limit %s", i+1,
							r.Query.Get("page"), r.Query.Get("limit"), i+1, want)
					}
				}
			})
		}
	}
}

// A read that stops below both total and max_results, at an empty page or
// a page with nothing new, says so: complete is false, with a warning of
// how many were read, of how many, and why it stopped.
func TestProtocolOrdersIncompleteRead(t *testing.T) {
	e := ordersEnv(t, 250)
	// total says more than the server will ever give.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Times: 100, Edit: func(body map[string]any) {
		data, _ := body["data"].(map[string]any)
		data["total"] = 300
	}})
	m, errs, warnings := e.typedReadWarnings(t, "liquidcommerce_orders", november)
	if errs != "" {
		t.Fatal(errs)
	}
	if plain(m["complete"]) != "false" || len(list(m["orders"])) != 250 ||
		!strings.Contains(warnings, "got 250 of the 300 orders") || !strings.Contains(warnings, "page 4 was empty") {
		t.Errorf("complete %s, %d orders, warnings %q", plain(m["complete"]), len(list(m["orders"])), warnings)
	}

	// Every page is the first one again.
	e = ordersEnv(t, 250)
	var first []any
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Times: 100, Edit: func(body map[string]any) {
		data, _ := body["data"].(map[string]any)
		if first == nil {
			first, _ = data["orders"].([]any)
		}
		data["orders"] = first
	}})
	m, errs, warnings = e.typedReadWarnings(t, "liquidcommerce_orders", november)
	if errs != "" {
		t.Fatal(errs)
	}
	if plain(m["complete"]) != "false" || !strings.Contains(warnings, "got 100 of the 250 orders") ||
		!strings.Contains(warnings, "page 2 had no order not read before") {
		t.Errorf("complete %s, warnings %q", plain(m["complete"]), warnings)
	}
}
