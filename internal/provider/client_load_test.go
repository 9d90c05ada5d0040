package provider_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// What users see of the client under the load Terraform creates, through a
// real CLI: concurrent reads, rate-limit bursts, outages and 401s.

// searches is count catalog searches through liquidcommerce_api_request.
func searches(count string) string {
	return `
data "liquidcommerce_api_request" "search" {
  count  = ` + count + `
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`
}

// Ten concurrent reads that meet a burst of three 429s, shorter than one
// retry ladder, all succeed: the others wait while one request retries.
func TestAccClient_concurrent429Burst(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 429, RetryAfter: "1", Times: 3})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "max_retries = 4") + searches("10"),
			Check:  resource.TestCheckResourceAttr("data.liquidcommerce_api_request.search.9", "status_code", "200"),
		}},
	})
}

// The login answering HTTP 500 with statusCode 5000 is an outage, retried
// and reported as one, not a rejected key.
func TestAccClient_outageIsNotARejectedKey(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 500, Times: 100, Edit: func(b map[string]any) {
		b["statusCode"], b["message"] = 5000, "API Key not found"
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      providerBlock(url, "max_retries = 1") + `data "liquidcommerce_access_token" "test" {}`,
			ExpectError: errorPattern("LiquidCommerce API Unavailable", "HTTP 500 (statusCode 5000)", "after 2 attempts"),
		}},
	})
}

// An answer whose auth member is spelled "Auth" carries no token the client
// takes: later requests keep the token they had, and the member stays in
// response_body, where it is the API's data.
func TestAccClient_caseVariantAuthIsNotAdopted(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Auth: true, Edit: func(b map[string]any) {
		b["Auth"] = b["auth"]
		delete(b, "auth")
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `
data "liquidcommerce_api_request" "first" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}

data "liquidcommerce_api_request" "second" {
  path       = "/catalog/search"
  method     = "POST"
  body       = jsonencode({ search = "rum" })
  depends_on = [data.liquidcommerce_api_request.first]
}
`,
			Check: resource.TestMatchResourceAttr("data.liquidcommerce_api_request.first", "response_body",
				regexp.MustCompile(`"Auth":\{`)),
		}},
	})
	// The token in Auth was issued second, after the first command's login.
	auth := srv.Issued()[1]
	for i, r := range srv.Requests(fakeapi.CatalogSearchPath) {
		if r.Header.Get("Authorization") == "Bearer "+auth {
			t.Errorf("search %d carried the token of the Auth member: it was adopted", i+1)
		}
	}
}

// The first token of a run, revoked right after it was issued, earns one
// new login, and the read succeeds.
func TestAccClient_firstToken401IsRecovered(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 401})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + searches("1"),
			Check:  resource.TestCheckResourceAttr("data.liquidcommerce_api_request.search.0", "status_code", "200"),
		}},
	})
	// The first command logged in twice; each later one once.
	if n, cmds := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.CatalogSearchPath)-1; n != cmds+1 {
		t.Errorf("%d logins for %d commands, want %d", n, cmds, cmds+1)
	}
}

// A Retry-After too large to parse is the longest wait: a read fails after
// one call, saying the wait is longer than the provider waits.
func TestAccClient_oversizedRetryAfter(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 429, RetryAfter: strings.Repeat("9", 30), Times: 100})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      providerBlock(url) + searches("3"),
			ExpectError: errorPattern("LiquidCommerce API Rate Limit Reached", "longer than the provider waits"),
		}},
	})
	// None is retried: at most one request each, those sent before the
	// first answer; the wait is then held for the others.
	if n := srv.Count(fakeapi.CatalogSearchPath); n > 3 {
		t.Errorf("%d requests for 3 instances, want at most 3: none is retried", n)
	}
}
