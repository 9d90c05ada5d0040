package provider_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A typed read's answer that is not what the read expects is an error that
// names the field path and the JSON type found, never a value: encoding/json
// quotes numbers ("cannot unmarshal number ... into ..."), and an answer's
// values may be personal data.
func TestProtocolTypedReadDecodeErrorsQuoteNoValue(t *testing.T) {
	const value = "4815162342e7"
	for _, tc := range []struct {
		typeName, path string
		vals           map[string]tftypes.Value
		edit           func(body map[string]any)
		want           string
	}{
		{"liquidcommerce_order", "/orders/LC-1001", map[string]tftypes.Value{"id": str("LC-1001")},
			func(body map[string]any) { body["data"] = json.Number(value) }, "data is a JSON number, not an object"},
		{"liquidcommerce_orders", fakeapi.OrdersPath, november,
			func(body map[string]any) { body["data"] = json.Number(value) }, "data is a JSON number, not an object"},
		{"liquidcommerce_orders", fakeapi.OrdersPath, november,
			func(body map[string]any) {
				if data, ok := body["data"].(map[string]any); ok {
					data["orders"] = json.Number(value)
				}
			},
			"data.orders is a JSON number, not an array"},
	} {
		e := ordersEnv(t, 3)
		e.srv.Inject(fakeapi.Fault{Path: tc.path, Edit: tc.edit})
		_, errs := e.catalogRead(t, tc.typeName, tc.vals)
		if !strings.Contains(errs, tc.want) || strings.Contains(errs, "4815162342") {
			t.Errorf("%s answering %s: errors\n%s\nwant them to say %q and not to quote the value", tc.typeName,
				tc.want, errs, tc.want)
		}
	}
}

// An empty or blank customer_email is an error, at validation and at open
// (for a value known only then), and nothing is sent: sent blank, it would
// read every customer's orders.
func TestProtocolOrdersBlankCustomerEmail(t *testing.T) {
	e := ordersEnv(t, 3)
	typ := ephemeralType(t, e, "liquidcommerce_orders")
	for _, email := range []string{"", "  ", "\t\n"} {
		cfg := dynamicValue(t, typ, with(november, "customer_email", str(email)))
		v, err := e.server.ValidateEphemeralResourceConfig(e.ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
			TypeName: "liquidcommerce_orders", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		o, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
			TypeName: "liquidcommerce_orders", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		for when, diags := range map[string][]*tfprotov6.Diagnostic{"validate": v.Diagnostics, "open": o.Diagnostics} {
			if errs := diagError(diags); !strings.Contains(errs, "customer_email is empty or only spaces") {
				t.Errorf("customer_email = %q (%s): errors %q, want one naming customer_email", email, when, errs)
			}
		}
	}
	if n := e.srv.Count(fakeapi.OrdersPath); n != 0 {
		t.Errorf("%d requests to /orders, want none", n)
	}
}

// An empty or blank identifier of liquidcommerce_catalog_availability is an
// error that names its index, at validation and at read (for values known
// only then), and nothing is sent.
func TestProtocolAvailabilityBlankIdentifiers(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{})
	typ := e.dataSourceType(t, "liquidcommerce_catalog_availability")
	list := func(values ...string) tftypes.Value {
		elems := make([]tftypes.Value, len(values))
		for i, v := range values {
			elems[i] = str(v)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
	}
	cfg := dynamicValue(t, typ, map[string]tftypes.Value{
		"upcs": list("000000000017", "   "), "ids": list(""), "groupings": list("gin", "\t"),
	})
	v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: "liquidcommerce_catalog_availability", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "liquidcommerce_catalog_availability", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for when, diags := range map[string][]*tfprotov6.Diagnostic{"validate": v.Diagnostics, "read": r.Diagnostics} {
		errs := diagError(diags)
		for _, want := range []string{"upcs[1] is empty or only spaces", "ids[0] is empty or only spaces",
			"groupings[1] is empty or only spaces"} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: errors %q, want %q", when, errs, want)
			}
		}
		if n := strings.Count(errs, "is empty or only spaces"); n != 3 {
			t.Errorf("%s: %d errors on blank identifiers, want 3: %s", when, n, errs)
		}
	}
	if n := e.srv.Count(fakeapi.CatalogAvailabilityPath); n != 0 {
		t.Errorf("%d requests to /catalog/availability, want none", n)
	}
}

// A blank order id is an error at validation and at read, and nothing is
// sent. (This held before blank identifiers were refused elsewhere; it
// stays as the rule's guard for liquidcommerce_order.)
func TestProtocolOrderBlankID(t *testing.T) {
	e := ordersEnv(t, 3)
	typ := e.dataSourceType(t, "liquidcommerce_order")
	for _, id := range []string{"", " ", "\u00a0\t"} {
		cfg := dynamicValue(t, typ, map[string]tftypes.Value{"id": str(id)})
		v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{
			TypeName: "liquidcommerce_order", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "liquidcommerce_order", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		for when, diags := range map[string][]*tfprotov6.Diagnostic{"validate": v.Diagnostics, "read": r.Diagnostics} {
			if errs := diagError(diags); !strings.Contains(errs, "Invalid Order id") {
				t.Errorf("id = %q (%s): errors %q, want Invalid Order id", id, when, errs)
			}
		}
	}
	if n := len(e.srv.Requests("")); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}
