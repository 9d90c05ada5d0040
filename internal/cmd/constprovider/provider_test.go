package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	lc "github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// The fixture is only a fair floor while its wire schema is the real
// provider's: for the provider block and every type that `make bench-plan`
// measures (the tokens and liquidcommerce_api_request), the same
// attributes, attribute types, optionality and sensitivity. The typed reads
// it does not measure it leaves out.
func TestSameWireSchemaAsTheProvider(t *testing.T) {
	want, got := wireSchema(t, lc.New("bench")), wireSchema(t, newProvider)
	if len(want) < 20 {
		t.Fatalf("the real schema has %d attributes; the comparison proves little", len(want))
	}
	measured := func(k string) bool {
		typ, _, _ := strings.Cut(k, ".")
		return strings.HasPrefix(typ, "provider ") || strings.HasSuffix(typ, "_access_token") ||
			strings.HasSuffix(typ, "_api_request")
	}
	for k, v := range want {
		if measured(k) && got[k] != v {
			t.Errorf("%s: fixture has %q, provider has %q", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: only in the fixture", k)
		}
	}
}

// wireSchema flattens a provider's schema to "kind type.attribute" → its
// type and flags.
func wireSchema(t *testing.T, p func() provider.Provider) map[string]string {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(p())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, resp.Diagnostics)
	}
	out := map[string]string{}
	add := func(kind, name string, s *tfprotov6.Schema) {
		for _, a := range s.Block.Attributes {
			out[fmt.Sprintf("%s %s.%s", kind, name, a.Name)] = fmt.Sprintf("%s optional=%v required=%v computed=%v sensitive=%v",
				a.Type, a.Optional, a.Required, a.Computed, a.Sensitive)
		}
	}
	add("provider", "liquidcommerce", resp.Provider)
	for name, s := range resp.DataSourceSchemas {
		add("data", name, s)
	}
	for name, s := range resp.EphemeralResourceSchemas {
		add("ephemeral", name, s)
	}
	for name, s := range resp.ResourceSchemas {
		add("resource", name, s)
	}
	return out
}
