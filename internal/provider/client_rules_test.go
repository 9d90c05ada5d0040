package provider_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// What users see of the shared client's rules, through a real CLI.

// An error statusCode in an HTTP 200 is an error with the API's message and
// requestId, even when the envelope also holds a token-shaped data object.
func TestAccClient_errorStatusCodeInHTTP200(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Times: 100, Edit: func(b map[string]any) {
		b["statusCode"] = 5003
		b["message"] = "Account suspended"
		b["errors"] = []any{"contact your representative"}
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + `data "liquidcommerce_access_token" "test" {}`,
			ExpectError: errorPattern("LiquidCommerce API Error", "HTTP 200 (statusCode 5003): Account suspended",
				"contact your representative", "Request ID for LiquidCommerce support: reqid_"),
		}},
	})
}

// Optional fields of unexpected types fail nothing.
func TestAccClient_optionalFieldsAreBestEffort(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Times: 100, Edit: func(b map[string]any) {
		md, _ := b["metadata"].(map[string]any)
		md["timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
		md["version"] = 1.7
		md["requestId"] = 12345
		b["message"] = []any{"OK"}
		b["unknownField"] = map[string]any{"x": 1}
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url) + `data "liquidcommerce_access_token" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{issuedToken{srv: srv, address: "data.liquidcommerce_access_token.test"}},
		}},
	})
}

// Under a permanent 429, many instances in one plan make at most
// 2 × (max_retries + 1) requests, and each reports the rate limit.
func TestAccClient_permanentRateLimitIsRemembered(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "0", Times: 1 << 20})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "max_retries = 1") + `
data "liquidcommerce_access_token" "test" {
  count = 20
}
`,
			ExpectError: errorPattern("LiquidCommerce API Rate Limit Reached", "HTTP 429"),
		}},
	})
	if n := srv.Count(fakeapi.AuthPath); n > 2*(1+1) {
		t.Errorf("%d requests for 20 instances under a permanent 429, want at most 4", n)
	}
}

// An attempt that outlasts request_timeout says so, names the setting and
// the bound of the whole operation.
func TestAccClient_requestTimeout(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 3 * time.Second, Times: 100})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, `request_timeout = "200ms"`, "max_retries = 1") + `data "liquidcommerce_access_token" "test" {}`,
			ExpectError: errorPattern("LiquidCommerce API Request Timed Out", "GET /authentication",
				"within request_timeout (200ms) on each of 2 attempts", "at most 2m0.4s"),
		}},
	})
}

// A token the API hands out again with ten minutes left: the default takes
// it, an explicit min_validity it cannot meet names its expiry.
func TestAccClient_reissuedToken(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	exp := time.Now().Add(10 * time.Minute).UnixMilli()
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Times: 100, Exp: func(time.Time) any { return exp }})
	expiresAt := time.UnixMilli(exp).UTC().Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + `data "liquidcommerce_access_token" "test" {}`,
				Check:  resource.TestCheckResourceAttr("data.liquidcommerce_access_token.test", "exp", strconv.FormatInt(exp, 10)),
			},
			{
				Config: providerBlock(url) + `
data "liquidcommerce_access_token" "test" {
  min_validity = "30m"
}`,
				ExpectError: errorPattern("Token Lifetime Shorter Than min_validity", "expires at "+expiresAt, "min_validity asks for 30m0s"),
			},
		},
	})
}

// An interrupt says the operation was canceled, not that it timed out.
func TestProtocolCancellationSaysCanceled(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{}, testAPIKey)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 5 * time.Second})
	ctx, cancel := context.WithCancel(e.ctx)
	time.AfterFunc(100*time.Millisecond, cancel)
	e.ctx = ctx
	msg := diagError(e.open(t, "").Diagnostics)
	if !strings.Contains(msg, "LiquidCommerce Request Canceled") || !strings.Contains(msg, "GET /authentication") ||
		strings.Contains(msg, "timed out") {
		t.Errorf("diagnostic = %q", msg)
	}
}

// Under a permanent 429, api_request instances already in flight wait for
// one of them, the prober, to retry, and fail with its error: at most the
// CLI's parallelism (10) plus 2 × (max_retries + 1) requests for any number
// of instances.
func TestAccClient_permanentRateLimitOnRequests(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 429, RetryAfter: "0", Times: 1 << 20})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "max_retries = 2") + `
data "liquidcommerce_api_request" "search" {
  count  = 30
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`,
			ExpectError: errorPattern("LiquidCommerce API Rate Limit Reached", "HTTP 429"),
		}},
	})
	if n := srv.Count(fakeapi.CatalogSearchPath); n > 10+2*(2+1) {
		t.Errorf("%d requests for 30 instances under a permanent 429, want at most 16", n)
	}
}

// A server that echoes the API key as the request ID does not get it shown.
func TestAccClient_secretEchoedAsRequestID(t *testing.T) {
	srv, url := startAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 400, Times: 100, Edit: func(b map[string]any) {
		md, _ := b["metadata"].(map[string]any)
		md["requestId"] = testAPIKey
	}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      providerBlock(url) + `data "liquidcommerce_access_token" "test" {}`,
			ExpectError: errorPattern("LiquidCommerce API Key Rejected", "Request ID for LiquidCommerce support: [redacted]"),
		}},
	})
}
