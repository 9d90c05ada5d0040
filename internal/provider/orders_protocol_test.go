package provider_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

var (
	orderSummaryType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"reference_id": tftypes.String, "legacy_order_number": tftypes.String, "created_at": tftypes.String,
		"updated_at": tftypes.String, "status": tftypes.String, "fulfillment_statuses": tftypes.List{ElementType: tftypes.String},
		"total": tftypes.Number,
	}}
	ordersType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"start_date": tftypes.String, "end_date": tftypes.String, "max_results": tftypes.Number,
		"total": tftypes.Number, "complete": tftypes.Bool, "orders": tftypes.List{ElementType: orderSummaryType},
		"max_retries": tftypes.Number, "request_timeout": tftypes.String,
	}}
)

// ordersRead reads liquidcommerce_orders in one provider process and
// returns the reference ids read, or the errors.
func (e *protoEnv) ordersRead(t *testing.T, vals map[string]tftypes.Value) (ids []string, errs string) {
	t.Helper()
	resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "liquidcommerce_orders", Config: dynamicValue(t, ordersType, vals),
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs = diagError(resp.Diagnostics); errs != "" {
		return nil, errs
	}
	v, err := resp.State.Unmarshal(ordersType)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]tftypes.Value
	var list []tftypes.Value
	if err := v.As(&obj); err != nil {
		t.Fatal(err)
	}
	if err := obj["orders"].As(&list); err != nil {
		t.Fatal(err)
	}
	for _, o := range list {
		var fields map[string]tftypes.Value
		var id string
		if err := o.As(&fields); err != nil || fields["reference_id"].As(&id) != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids, ""
}

func ordersEnv(t *testing.T, count int) *protoEnv {
	t.Helper()
	return ordersServer(t, fakeapi.Options{OrderCount: count})
}

// ordersServer is a provider with the Orders and API key credentials of a
// fake API of opts.
func ordersServer(t *testing.T, opts fakeapi.Options) *protoEnv {
	t.Helper()
	opts.OrdersUsers = map[string]string{testOrdersUser: testOrdersPassword}
	return configuredServer(t, opts, testAPIKey, map[string]tftypes.Value{
		"orders_user_id": str(testOrdersUser), "orders_password": str(testOrdersPassword),
	})
}

var november = map[string]tftypes.Value{"start_date": str("2026-11-01T00:00:00Z"), "end_date": str("2026-12-01")}

func with(base map[string]tftypes.Value, k string, v tftypes.Value) map[string]tftypes.Value {
	out := map[string]tftypes.Value{k: v}
	for bk, bv := range base {
		if bk != k {
			out[bk] = bv
		}
	}
	return out
}

// A page that repeats orders adds only the new ones; a short page does not
// end the read while total says more; an empty page or one with nothing new
// ends it. (Every paging mode: TestProtocolOrdersPagingEveryMode.)
func TestProtocolOrdersPagingOddServers(t *testing.T) {
	e := ordersEnv(t, 250)
	// Each page holds its first 50 orders twice, and total says far more.
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Times: 100, Edit: func(body map[string]any) {
		data, _ := body["data"].(map[string]any)
		if orders, _ := data["orders"].([]any); len(orders) >= 50 {
			data["orders"] = append(orders[:50:50], orders[:50]...)
		}
		data["total"] = 100000
	}})
	ids, errs := e.ordersRead(t, november)
	if errs != "" {
		t.Fatal(errs)
	}
	// The pages up to max_results go out 4 at a time: up to 4 past the
	// empty one may have been sent, and their answers are dropped.
	if n := e.srv.Count(fakeapi.OrdersPath); len(ids) != 150 || n < 4 || n > 4+4 {
		t.Errorf("%d orders in %d calls, want 150 in 4 to 8: three pages of 50 new orders, then an empty one",
			len(ids), n)
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
	ids, errs = e.ordersRead(t, november)
	if errs != "" {
		t.Fatal(errs)
	}
	// Pages 2 and 3 of the 250 orders go out together; the read stops at 2.
	if n := e.srv.Count(fakeapi.OrdersPath); len(ids) != 100 || n != 3 {
		t.Errorf("%d orders in %d calls from a server repeating its first page, want 100 in 3", len(ids), n)
	}
}

// Bad input is an error naming the attribute, and nothing is sent.
func TestProtocolOrdersValidation(t *testing.T) {
	e := ordersEnv(t, 10)
	for name, tc := range map[string]struct {
		vals map[string]tftypes.Value
		want string
	}{
		"dates out of order": {map[string]tftypes.Value{"start_date": str("2026-11-02"), "end_date": str("2026-11-01T23:00:00Z")},
			"Dates Out of Order"},
		"a date that is not one": {with(november, "start_date", str("11/01/2026")), "Invalid Date"},
		"max_results over the ceiling": {with(november, "max_results", tftypes.NewValue(tftypes.Number, 10001)),
			"max_results"},
	} {
		_, errs := e.ordersRead(t, tc.vals)
		if !strings.Contains(errs, tc.want) {
			t.Errorf("%s: errors %q, want %q", name, errs, tc.want)
		}
	}
	// Equal dates, and an end date that is a day after an RFC 3339 start
	// on it, are fine.
	for _, vals := range []map[string]tftypes.Value{
		{"start_date": str("2026-11-02"), "end_date": str("2026-11-02")},
		{"start_date": str("2026-11-02T10:00:00Z"), "end_date": str("2026-11-02")},
	} {
		if _, errs := e.ordersRead(t, vals); errs != "" {
			t.Errorf("%v: %s", vals, errs)
		}
	}
	if n := e.srv.Count(fakeapi.OrdersPath); n != 2 {
		t.Errorf("%d list requests, want 2: none for the bad inputs", n)
	}
}
