package provider_test

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

func number(s string) tftypes.Value {
	f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return tftypes.NewValue(tftypes.Number, f)
}

// checkWhole checks that diags hold exactly one error, with want in it,
// and not the framework's conversion error that blames the provider.
func checkWhole(t *testing.T, what string, diags []*tfprotov6.Diagnostic, want string) {
	t.Helper()
	errs := diagError(diags)
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, want) || strings.Contains(errs, "Value Conversion Error") ||
		strings.Contains(errs, "always an error in the provider") {
		t.Errorf("%s: errors\n%s\nwant one error saying %q", what, errs, want)
	}
}

// A fraction, or a whole number out of range, in a whole-number input is
// one error that names the attribute and the value, at validation and at
// read, and nothing is sent: not the framework's "Value Conversion Error
// ... This is always an error in the provider", twice.
func TestProtocolWholeNumbers(t *testing.T) {
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ value, want string }{
		{"2.5", "max_retries must be a whole number from 0 to 10, got 2.5"},
		{"50", "max_retries must be a whole number from 0 to 10, got 50"},
	} {
		vals := map[string]tftypes.Value{"api_key": str("k"), "max_retries": number(tc.value)}
		v, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{
			Config: dynamicValue(t, providerType, vals)})
		if err != nil {
			t.Fatal(err)
		}
		checkWhole(t, "provider max_retries = "+tc.value+" (validate)", v.Diagnostics, tc.want)
		c, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			Config: dynamicValue(t, providerType, vals)})
		if err != nil {
			t.Fatal(err)
		}
		checkWhole(t, "provider max_retries = "+tc.value+" (configure)", c.Diagnostics, tc.want)
	}

	e := ordersEnv(t, 3)
	ordersTyp := e.dataSourceType(t, "liquidcommerce_orders")
	searchTyp := e.dataSourceType(t, "liquidcommerce_catalog_search")
	for _, tc := range []struct {
		typeName string
		typ      tftypes.Object
		vals     map[string]tftypes.Value
		want     string
	}{
		{"liquidcommerce_orders", ordersTyp, with(november, "max_results", number("1.5")),
			"max_results must be a whole number from 1 to 10000, got 1.5"},
		{"liquidcommerce_orders", ordersTyp, with(november, "max_results", number("1e400")),
			"max_results must be a whole number from 1 to 10000, got 1e+400"},
		{"liquidcommerce_catalog_search", searchTyp, map[string]tftypes.Value{"max_results": number("2.5")},
			"max_results must be a whole number from 1 to 1000, got 2.5"},
		{"liquidcommerce_api_request", apiRequestType, map[string]tftypes.Value{"path": str("/orders/LC-1001"),
			"credentials": str("orders"), "max_retries": number("2.5")}, "max_retries must be a whole number from 0 to 10, got 2.5"},
		{"liquidcommerce_api_request", apiRequestType, map[string]tftypes.Value{"path": str("/orders/LC-1001"),
			"credentials": str("orders"), "accept_status": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number},
				[]tftypes.Value{number("404"), number("404.5")})},
			"accept_status[1] must be a whole number from 300 to 599, got 404.5"},
	} {
		what := tc.typeName + " " + tc.want
		cfg := dynamicValue(t, tc.typ, tc.vals)
		v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{
			TypeName: tc.typeName, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		checkWhole(t, what+" (validate)", v.Diagnostics, tc.want)
		// A value known only at apply is checked at read.
		r, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: tc.typeName, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		checkWhole(t, what+" (read)", r.Diagnostics, tc.want)
	}
	// The ephemeral variants too.
	ephTyp := ephemeralType(t, e, "liquidcommerce_orders")
	cfg := dynamicValue(t, ephTyp, with(november, "max_results", number("1.5")))
	v, err := e.server.ValidateEphemeralResourceConfig(e.ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
		TypeName: "liquidcommerce_orders", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	checkWhole(t, "ephemeral liquidcommerce_orders (validate)", v.Diagnostics, "max_results must be a whole number")
	o, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "liquidcommerce_orders", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	checkWhole(t, "ephemeral liquidcommerce_orders (open)", o.Diagnostics, "max_results must be a whole number")
	for _, p := range []string{fakeapi.OrdersPath, fakeapi.CatalogSearchPath, "/orders/LC-1001"} {
		if n := e.srv.Count(p); n != 0 {
			t.Errorf("%d requests to %s, want none", n, p)
		}
	}
}

// ephemeralType is an ephemeral resource's object type, from the
// provider's own schema.
func ephemeralType(t *testing.T, e *protoEnv, typeName string) tftypes.Object {
	t.Helper()
	resp, err := e.server.GetProviderSchema(e.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || resp.EphemeralResourceSchemas[typeName] == nil {
		t.Fatalf("no ephemeral schema for %s: %v", typeName, err)
	}
	typ, _ := resp.EphemeralResourceSchemas[typeName].ValueType().(tftypes.Object)
	return typ
}
