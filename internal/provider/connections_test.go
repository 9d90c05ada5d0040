package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// maxConnsPerCommand bounds the connections one CLI command may open for
// 100 reads: the CLI runs ten operations at once, so ten connections, and
// a little room for a dial that a request freed before it finished.
const maxConnsPerCommand = 12

// 100 api_request reads in one command, at the CLI's default parallelism,
// share at most 12 connections: the client keeps an idle connection for
// every concurrent read instead of closing it and dialing again (with
// GOMAXPROCS+1 idle connections, the pooled default, they opened 23 to 49).
// The harness starts the in-process provider through its factory for each
// CLI command it runs, and each configures a new client, so the
// connections the fake API accepted between two starts are one command's.
func TestAccAPIRequest_hundredReadsReuseConnections(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	type mark struct{ conns, reads int }
	var starts []mark
	f := factories()
	start := f["liquidcommerce"]
	f["liquidcommerce"] = func() (tfprotov6.ProviderServer, error) {
		starts = append(starts, mark{srv.Connections(), srv.Count(fakeapi.CatalogSearchPath)})
		return start()
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: f,
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_api_request" "search" {
  count  = 100
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}

output "answered" {
  value = length(distinct([for r in data.liquidcommerce_api_request.search : r.request_id if r.status_code == 200]))
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("answered", knownvalue.Int64Exact(100)),
			},
		}},
	})

	starts = append(starts, mark{srv.Connections(), srv.Count(fakeapi.CatalogSearchPath)})
	commands := 0
	for i := 1; i < len(starts); i++ {
		conns, reads := starts[i].conns-starts[i-1].conns, starts[i].reads-starts[i-1].reads
		if reads == 0 {
			continue
		}
		commands++
		t.Logf("CLI command %d: %d reads over %d connections", i, reads, conns)
		if reads != 100 {
			t.Errorf("CLI command %d made %d reads, want 100", i, reads)
		}
		if conns > maxConnsPerCommand {
			t.Errorf("CLI command %d opened %d connections for %d reads, want at most %d",
				i, conns, reads, maxConnsPerCommand)
		}
	}
	if commands == 0 {
		t.Error("no command read the data sources")
	}
}
