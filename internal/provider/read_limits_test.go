package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// Through the CLI, each typed read takes max_retries = 0 and a short
// request_timeout, and then makes one call against a path that answers
// 503, whatever the provider's max_retries.
func TestAccTypedReadFailFast(t *testing.T) {
	for _, tc := range []struct {
		block, path string
	}{
		{`data "liquidcommerce_order" "o" {
  id = "LC-1001"`, "/orders/LC-1001"},
		{`ephemeral "liquidcommerce_order" "o" {
  id = "LC-1001"`, "/orders/LC-1001"},
		{`data "liquidcommerce_orders" "o" {
  start_date = "2026-11-01T00:00:00Z"
  end_date   = "2026-12-01"`, fakeapi.OrdersPath},
		{`data "liquidcommerce_catalog_availability" "a" {
  upcs = ["000000000017"]`, fakeapi.CatalogAvailabilityPath},
		{`data "liquidcommerce_catalog_search" "s" {
  search = "gin"`, fakeapi.CatalogSearchPath},
	} {
		name, _, _ := strings.Cut(tc.block, " {")
		t.Run(name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{OrderCount: 250})
			srv.Inject(fakeapi.Fault{Path: tc.path, Status: 503, Times: 1000})
			var versions []tfversion.TerraformVersionCheck
			if strings.HasPrefix(tc.block, "ephemeral") {
				versions = ephemeralVersions
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   versions,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: ordersProviderBlock(url) + fmt.Sprintf(`
%s
  max_retries     = 0
  request_timeout = "2s"
}
`, tc.block),
					ExpectError: errorPattern("LiquidCommerce API Unavailable", "HTTP 503"),
				}},
			})
			if n := srv.Count(tc.path); n != 1 {
				t.Errorf("%s: %d calls against the 503, want 1", tc.path, n)
			}
		})
	}
}
