package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	lc "github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

var tokenType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"min_validity": tftypes.String, "token": tftypes.String, "type": tftypes.String, "exp": tftypes.Number, "expires_at": tftypes.String,
	"base_url": tftypes.String,
}}

// BenchmarkPerInstance is the provider's side of one instance of the access
// token in a plan, as the CLI drives it over the protocol: the real
// provider (with a cached token) against the constant fixture.
func BenchmarkPerInstance(b *testing.B) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"bench-key"}})
	url, stop := srv.Start()
	defer stop()
	cfg := tftypes.NewValue(tokenType, map[string]tftypes.Value{
		"min_validity": tftypes.NewValue(tftypes.String, nil), "token": tftypes.NewValue(tftypes.String, nil),
		"type": tftypes.NewValue(tftypes.String, nil), "exp": tftypes.NewValue(tftypes.Number, nil),
		"expires_at": tftypes.NewValue(tftypes.String, nil), "base_url": tftypes.NewValue(tftypes.String, nil),
	})
	dv, err := tfprotov6.NewDynamicValue(tokenType, cfg)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct {
		name string
		new  func() provider.Provider
	}{{"provider", lc.New("bench")}, {"constant", newProvider}} {
		server, err := providerserver.NewProtocol6WithError(p.new())()
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
			b.Fatal(err)
		}
		pt := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"api_key": tftypes.String, "orders_user_id": tftypes.String, "orders_password": tftypes.String,
			"base_url": tftypes.String, "request_timeout": tftypes.String, "max_retries": tftypes.Number,
			"access_token": tftypes.String, "orders_access_token": tftypes.String, "token_cache_dir": tftypes.String,
		}}
		pv, _ := tfprotov6.NewDynamicValue(pt, tftypes.NewValue(pt, map[string]tftypes.Value{
			"api_key": tftypes.NewValue(tftypes.String, "bench-key"), "orders_user_id": tftypes.NewValue(tftypes.String, nil),
			"orders_password": tftypes.NewValue(tftypes.String, nil), "base_url": tftypes.NewValue(tftypes.String, url),
			"request_timeout": tftypes.NewValue(tftypes.String, nil), "max_retries": tftypes.NewValue(tftypes.Number, nil),
			"access_token": tftypes.NewValue(tftypes.String, nil), "orders_access_token": tftypes.NewValue(tftypes.String, nil),
			"token_cache_dir": tftypes.NewValue(tftypes.String, nil),
		}))
		if r, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &pv}); err != nil || len(r.Diagnostics) > 0 {
			b.Fatal(err, r.Diagnostics)
		}
		// Per ephemeral instance the CLI validates, opens and closes; per
		// data-source instance it validates and reads.
		b.Run(p.name+"/ephemeral", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: "liquidcommerce_access_token", Config: &dv})
				if err != nil || len(v.Diagnostics) > 0 {
					b.Fatal(err, v.Diagnostics)
				}
				r, err := server.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: "liquidcommerce_access_token", Config: &dv})
				if err != nil || len(r.Diagnostics) > 0 {
					b.Fatal(err, r.Diagnostics)
				}
				if _, err := server.CloseEphemeralResource(ctx, &tfprotov6.CloseEphemeralResourceRequest{TypeName: "liquidcommerce_access_token", Private: r.Private}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(p.name+"/data", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "liquidcommerce_access_token", Config: &dv})
				if err != nil || len(v.Diagnostics) > 0 {
					b.Fatal(err, v.Diagnostics)
				}
				r, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "liquidcommerce_access_token", Config: &dv})
				if err != nil || len(r.Diagnostics) > 0 {
					b.Fatal(err, r.Diagnostics)
				}
			}
		})
	}
}
