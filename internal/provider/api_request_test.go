package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// responseAsSent checks an api_request object (a data source's attributes,
// or what an ephemeral one passed to echo): status 200, the request ID of
// the answer, and response_body byte for byte what the API sent, without
// a top-level auth member.
type responseAsSent struct {
	srv     *fakeapi.Server
	address string
	// contains must be in the body.
	contains string
}

func (c responseAsSent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	obj, err := tokenObject(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	rid, _ := obj["request_id"].(string)
	body, _ := obj["response_body"].(string)
	sent := string(c.srv.Response(rid))
	if status, _ := toInt64(obj["status_code"]); status != 200 || sent == "" {
		resp.Error = fmt.Errorf("%s: status_code %v, request_id %q not one the API sent", c.address, obj["status_code"], rid)
		return
	}
	if strings.Contains(sent, `"auth":`) {
		resp.Error = fmt.Errorf("%s: the answer carried auth; compare by hand", c.address)
		return
	}
	if body != sent || !strings.Contains(body, c.contains) {
		resp.Error = fmt.Errorf("%s: response_body differs from what the API sent", c.address)
	}
}

func TestAccAPIRequestDataSource_catalogSearchAndOrderRead(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin", page = 0 })
}

data "liquidcommerce_api_request" "order" {
  path        = "/orders/LC-1001"
  credentials = "orders"
}

output "first_product" {
  value = jsondecode(data.liquidcommerce_api_request.search.response_body).products[0].name
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				responseAsSent{srv: srv, address: "data.liquidcommerce_api_request.search", contains: `"name":"Juniper Dry Gin"`},
				responseAsSent{srv: srv, address: "data.liquidcommerce_api_request.order", contains: `"legacyOrderNumber":"9007199254740993"`},
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.search", tfjsonpath.New("credentials"), knownvalue.StringExact("api_key")),
				statecheck.ExpectKnownValue("data.liquidcommerce_api_request.order", tfjsonpath.New("method"), knownvalue.StringExact("GET")),
				statecheck.ExpectKnownOutputValue("first_product", knownvalue.StringExact("Juniper Dry Gin")),
			},
		}},
	})
	for _, r := range srv.Requests(fakeapi.CatalogSearchPath) {
		if r.Method != "POST" || string(r.Body) != `{"page":0,"search":"gin"}` {
			t.Errorf("search sent as %s %s", r.Method, r.Body)
		}
	}
	for _, r := range srv.Requests("/orders/LC-1001") {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer lco_") {
			t.Error("the order read did not carry the Orders token")
		}
	}
}

// The ephemeral variant with query parameters: encoded, and the orders the
// API returned reach the configuration without being stored by it.
func TestAccAPIRequestEphemeral_ordersListWithQuery(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
ephemeral "liquidcommerce_api_request" "orders" {
  path        = "/orders"
  credentials = "orders"
  query = {
    startDate     = "2026-11-01T00:00:00Z"
    endDate       = "2026-12-01T00:00:00Z"
    customerEmail = "ada+vip@example.com"
    limit         = "100"
  }
}
` + echoConfig("ephemeral.liquidcommerce_api_request.orders"),
			ConfigStateChecks: []statecheck.StateCheck{
				responseAsSent{srv: srv, address: "echo.test", contains: `"limit":100`},
			},
		}},
	})
	reqs := srv.Requests(fakeapi.OrdersPath)
	if len(reqs) == 0 || reqs[0].Query.Get("customerEmail") != "ada+vip@example.com" || reqs[0].Query.Get("startDate") != "2026-11-01T00:00:00Z" {
		t.Errorf("query arrived as %v", reqs)
	}
}

// A personal-data read through the ephemeral resource reaches neither the
// state nor the plan.
func TestAccAPIRequestEphemeral_notInStateOrPlan(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
ephemeral "liquidcommerce_api_request" "order" {
  path        = "/orders/LC-1002"
  credentials = "orders"
}

resource "terraform_data" "uses_it" {
  triggers_replace = ["static"]

  provisioner "local-exec" {
    command = "test -n \"$ORDER\""
    environment = {
      ORDER = ephemeral.liquidcommerce_api_request.order.response_body
    }
  }
}
`,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{noTextInState{text: "grace@example.com"}}},
			ConfigStateChecks: []statecheck.StateCheck{noTextInState{text: "grace@example.com"}},
		}},
	})
}

func TestAccAPIRequest_validation(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	cases := []struct {
		attrs string
		want  []string
	}{
		{`path = "https://evil.example/orders"`, []string{"Invalid LiquidCommerce API Path", "must start with /"}},
		{`path = "//evil.example/orders"`, []string{"Invalid LiquidCommerce API Path", "empty"}},
		{`path = "/orders/../authentication"`, []string{"Invalid LiquidCommerce API Path", `".."`}},
		{`path = "/orders?id=1"`, []string{"Invalid LiquidCommerce API Path", "give query parameters in query"}},
		{`path = "/orders#x"`, []string{"Invalid LiquidCommerce API Path", "? or #"}},
		{"path = \"/catalog/search\"\nmethod = \"DELETE\"", []string{"Invalid Attribute Value Match", "GET", "POST"}},
		{"path = \"/catalog/search\"\nbody = jsonencode({})", []string{"Request Body Without POST", `method = "POST"`}},
		{"path = \"/catalog/search\"\nmethod = \"POST\"\nbody = \"{not json\"", []string{"Invalid JSON Request Body", "jsonencode"}},
		{"path = \"/orders\"\ncredentials = \"admin\"", []string{"Invalid Attribute Value Match", "api_key", "orders"}},
	}
	for _, tc := range cases {
		for _, kind := range []string{"data", "ephemeral"} {
			var checks []tfversion.TerraformVersionCheck
			if kind == "ephemeral" {
				checks = ephemeralVersions
			}
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   checks,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      ordersProviderBlock(url) + kind + ` "liquidcommerce_api_request" "bad" {` + "\n" + tc.attrs + "\n}\n",
					ExpectError: errorPattern(tc.want...),
				}},
			})
		}
	}
	if n := srv.Count(""); n != 0 {
		t.Errorf("%d requests for invalid configurations", n)
	}
}

// A null query value is an error that names its key, and nothing is sent,
// also when the value is known only at apply: the CLI validates the
// configuration again before it reads. (The provider checks again when it
// reads; TestProtocolAPIRequestNullQueryValue covers that.)
func TestAccAPIRequest_nullQueryValue(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	for _, kind := range []string{"data", "ephemeral"} {
		var checks []tfversion.TerraformVersionCheck
		if kind == "ephemeral" {
			checks = ephemeralVersions
		}
		request := func(email string) string {
			return kind + ` "liquidcommerce_api_request" "orders" {
  path        = "/orders"
  credentials = "orders"
  query = {
    customerEmail = ` + email + `
    limit         = "10"
  }
}
`
		}
		resource.Test(t, resource.TestCase{
			TerraformVersionChecks:   checks,
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{
					Config:      ordersProviderBlock(url) + request("null"),
					ExpectError: errorPattern("Null Query Parameter", `"customerEmail" is null`, "Nothing was sent"),
				},
				{
					Config: ordersProviderBlock(url) + `
resource "terraform_data" "email" {
  input = "unset"
}
` + request(`terraform_data.email.output == "unset" ? null : "ada@example.com"`),
					ExpectError: errorPattern("Null Query Parameter", `"customerEmail" is null`, "Nothing was sent"),
				},
			},
		})
	}
	if n := srv.Count(fakeapi.OrdersPath); n != 0 {
		t.Errorf("%d requests sent with a null query value", n)
	}
}

// A non-2xx answer is an error with the HTTP status, the API's message and
// the requestId.
func TestAccAPIRequest_apiError(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "missing" {
  path        = "/orders/LC-9999"
  credentials = "orders"
}`,
			ExpectError: errorPattern("LiquidCommerce API Error", "GET /orders/LC-9999 with HTTP 404: Order not found",
				"Request ID for LiquidCommerce support: reqid_"),
		}},
	})
}

// Reading the Orders API with the access token: rejected, so the error
// points at credentials, and five instances, among five good reads, cost
// one extra login in all (the first token's 401 earns one, in case it was
// revoked; the /orders group then refuses the credential), not five.
func TestAccAPIRequest_wrongCredentials(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "order" {
  count = 5
  path  = "/orders/LC-1001"
}

data "liquidcommerce_api_request" "search" {
  count  = 5
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}`,
			ExpectError: errorPattern("LiquidCommerce API Rejected the Token", "HTTP 401", `credentials = "orders"`),
		}},
	})
	if n := srv.Count(fakeapi.AuthPath); n != 2 {
		t.Errorf("%d logins for 5 instances with the wrong credentials among good ones, want 2", n)
	}
}

// A POST that may have reached the server (502) is not sent again; a 503,
// which says it was not processed, is.
func TestAccAPIRequest_postRetriedOnlyWhenUnprocessed(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 503}, fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Status: 502})
	search := `
data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "rum" })
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      ordersProviderBlock(url) + search,
			ExpectError: errorPattern("LiquidCommerce API Unavailable", "POST /catalog/search with HTTP 502", "after 2 attempts"),
		}},
	})
	if n := srv.Count(fakeapi.CatalogSearchPath); n != 2 {
		t.Errorf("%d requests, want 2: the 503 retried, the 502 not", n)
	}
}

// A request near the access token's expiry asks for a refresh; the new token
// in auth is adopted by the next request, and kept out of response_body.
func TestAccAPIRequest_refreshAndAuthAdoption(t *testing.T) {
	// A 20s token whose login answer takes 8s arrives with 12s left, inside
	// the refresh window (three quarters of its lifetime); the token from
	// auth serves any request within the next 10s, half its lifetime, which
	// leaves room for a slow machine.
	srv, url := startOrdersAPI(t, fakeapi.Options{TokenLifetime: 20 * time.Second})
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 8 * time.Second})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
data "liquidcommerce_api_request" "first" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}

data "liquidcommerce_api_request" "second" {
  path   = "/catalog/availability"
  method = "POST"
  body   = jsonencode({ upcs = ["000000000017"], refresh = false })

  depends_on = [data.liquidcommerce_api_request.first]
}

output "first_has_auth" {
  value = can(jsondecode(data.liquidcommerce_api_request.first.response_body).auth)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("first_has_auth", knownvalue.Bool(false)),
			},
		}},
	})
	searches, checks := srv.Requests(fakeapi.CatalogSearchPath), srv.Requests(fakeapi.CatalogAvailabilityPath)
	if len(searches) == 0 || len(checks) == 0 {
		t.Fatal("no requests")
	}
	if !strings.HasPrefix(string(searches[0].Body), `{"refresh":true,`) {
		t.Errorf("the first request near expiry was sent as %s", searches[0].Body)
	}
	// The second read carries the token of the first one's auth: a token
	// other than the first read's, with no login in between. (Should the CLI
	// read it in a later command, whose process logs in anew, there is
	// nothing to compare; the client's tests cover adoption too.)
	all, first, second := srv.Requests(""), -1, -1
	for i, r := range all {
		switch {
		case r.Path == fakeapi.CatalogSearchPath && first < 0:
			first = i
		case r.Path == fakeapi.CatalogAvailabilityPath && second < 0:
			second = i
		}
	}
	loginBetween := false
	for _, r := range all[first+1 : max(second, first+1)] {
		loginBetween = loginBetween || r.Path == fakeapi.AuthPath
	}
	if got := all[second].Header.Get("Authorization"); second > first && !loginBetween &&
		got == all[first].Header.Get("Authorization") {
		t.Error("the second request did not carry the token adopted from auth")
	}
	if string(checks[0].Body) != `{"refresh":false,"upcs":["000000000017"]}` {
		t.Errorf("a body that sets refresh itself was changed: %s", checks[0].Body)
	}
}

// countingFactories serves the providers in-process and counts how many
// liquidcommerce provider instances (one per CLI provider process) ran.
func countingFactories(n *atomic.Int64) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"liquidcommerce": func() (tfprotov6.ProviderServer, error) {
			n.Add(1)
			return providerserver.NewProtocol6WithError(provider.New("test")())()
		},
		"echo": echoprovider.NewProviderServer(),
	}
}

// Many requests and both token types in one configuration: each provider
// process logs in once per credential. Response bodies, tokens and
// credentials reach no log line at any level.
func TestAccAPIRequest_oneLoginPerCredentialAndNothingInLogs(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	logFile := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	// The CLI logs the configuration's source at TRACE: the credentials come
	// from the environment, as the docs recommend.
	t.Setenv("LIQUIDCOMMERCE_API_KEY", testAPIKey)
	t.Setenv("LIQUIDCOMMERCE_ORDERS_USER_ID", testOrdersUser)
	t.Setenv("LIQUIDCOMMERCE_ORDERS_PASSWORD", testOrdersPassword)
	var instances atomic.Int64
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: countingFactories(&instances),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "liquidcommerce" {
  base_url = %q
}
`, url) + `
data "liquidcommerce_api_request" "search" {
  count  = 10
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "wine" })
}

ephemeral "liquidcommerce_api_request" "order" {
  count       = 10
  path        = "/orders/LC-1003"
  credentials = "orders"
}

ephemeral "liquidcommerce_access_token" "api" {}

data "liquidcommerce_orders_access_token" "orders" {}
` + echoConfig("[for o in ephemeral.liquidcommerce_api_request.order : o.status_code]"),
		}},
	})
	n := int(instances.Load())
	t.Logf("%d provider processes, %d API-key logins, %d Orders logins", n, srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath))
	if a, o := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath); a > n || o > n || a == 0 || o == 0 {
		t.Errorf("%d API-key and %d Orders logins for %d provider processes, want at most one each per process", a, o, n)
	}
	if srv.Count(fakeapi.CatalogSearchPath) < 10 || srv.Count("/orders/LC-1003") < 10 {
		t.Fatal("the requests were not all made")
	}
	raw, err := os.ReadFile(logFile)
	if err != nil || len(raw) == 0 {
		t.Fatalf("no TRACE log: %v", err)
	}
	logs := string(raw)
	secrets := append([]string{"ada@example.com", "0004829130", "Valley Cabernet", testAPIKey, testOrdersPassword}, srv.Issued()...)
	for i, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("item %d of what must stay out of logs is in the TRACE log", i)
		}
	}
}

// One provider process serving many concurrent requests with both token
// types logs in exactly once per credential, and its log, at the most
// verbose level, holds no part of an order it read.
func TestProtocolOneLoginPerCredentialAndNoBodyInLogs(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{OrdersUsers: map[string]string{testOrdersUser: testOrdersPassword}}, testAPIKey,
		map[string]tftypes.Value{
			"orders_user_id":  tftypes.NewValue(tftypes.String, testOrdersUser),
			"orders_password": tftypes.NewValue(tftypes.String, testOrdersPassword),
		})
	reqType := apiRequestType
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			var diags []*tfprotov6.Diagnostic
			if i%2 == 0 {
				resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
					TypeName: "liquidcommerce_api_request", Config: dynamicValue(t, reqType, map[string]tftypes.Value{
						"path": tftypes.NewValue(tftypes.String, "/catalog/search"), "method": tftypes.NewValue(tftypes.String, "POST"),
						"body": tftypes.NewValue(tftypes.String, `{"search":"gin"}`),
					}),
				})
				if err != nil {
					t.Error(err)
					return
				}
				diags = resp.Diagnostics
			} else {
				resp, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
					TypeName: "liquidcommerce_api_request", Config: dynamicValue(t, reqType, map[string]tftypes.Value{
						"path": tftypes.NewValue(tftypes.String, "/orders/LC-1001"), "credentials": tftypes.NewValue(tftypes.String, "orders"),
					}),
				})
				if err != nil {
					t.Error(err)
					return
				}
				diags = resp.Diagnostics
			}
			if msg := diagError(diags); msg != "" {
				t.Error(msg)
			}
		})
	}
	wg.Wait()
	if a, o := e.srv.Count(fakeapi.AuthPath), e.srv.Count(fakeapi.OrdersAuthPath); a != 1 || o != 1 {
		t.Errorf("%d API-key and %d Orders logins for 20 concurrent requests in one process, want 1 and 1", a, o)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "Read liquidcommerce_api_request") {
		t.Fatal("the provider log is empty; the check proves nothing")
	}
	for i, s := range append([]string{"ada@example.com", "9007199254740993", "Juniper Dry Gin", testAPIKey, testOrdersPassword}, e.srv.Issued()...) {
		if strings.Contains(logs, s) {
			t.Errorf("item %d of what must stay out of logs is in the provider log", i)
		}
	}
}

// apiRequestType is the object type of liquidcommerce_api_request.
var apiRequestType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"path": tftypes.String, "method": tftypes.String, "query": tftypes.Map{ElementType: tftypes.String},
	"body": tftypes.String, "credentials": tftypes.String, "status_code": tftypes.Number,
	"request_id": tftypes.String, "response_body": tftypes.String,
	"response_export_values": tftypes.Map{ElementType: tftypes.String}, "output": tftypes.DynamicPseudoType,
	"sensitive_response_export_values": tftypes.Map{ElementType: tftypes.String},
	"sensitive_output":                 tftypes.DynamicPseudoType,
	"accept_status":                    tftypes.List{ElementType: tftypes.Number},
	"max_retries":                      tftypes.Number, "request_timeout": tftypes.String,
}}

// validateAPIRequest validates a liquidcommerce_api_request configuration
// as the data source and as the ephemeral resource, and returns the errors
// of each.
func validateAPIRequest(t *testing.T, vals map[string]tftypes.Value) (dataErrs, ephemeralErrs []*tfprotov6.Diagnostic) {
	t.Helper()
	server, _ := providerserver.NewProtocol6WithError(provider.New("test")())()
	ctx, cfg := context.Background(), dynamicValue(t, apiRequestType, vals)
	d, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: "liquidcommerce_api_request", Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
		TypeName: "liquidcommerce_api_request", Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	errorsOf := func(diags []*tfprotov6.Diagnostic) (out []*tfprotov6.Diagnostic) {
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				out = append(out, d)
			}
		}
		return out
	}
	return errorsOf(d.Diagnostics), errorsOf(e.Diagnostics)
}

// A null query value is an error that names its key: when the
// configuration is validated, and, for a value known only at apply, before
// the request is sent.
func TestProtocolAPIRequestNullQueryValue(t *testing.T) {
	vals := map[string]tftypes.Value{
		"path": tftypes.NewValue(tftypes.String, "/orders"), "credentials": tftypes.NewValue(tftypes.String, "orders"),
		"query": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{
			"customerEmail": tftypes.NewValue(tftypes.String, nil), "limit": tftypes.NewValue(tftypes.String, "10"),
		}),
	}
	dataErrs, ephemeralErrs := validateAPIRequest(t, vals)
	for kind, errs := range map[string][]*tfprotov6.Diagnostic{"data": dataErrs, "ephemeral": ephemeralErrs} {
		if len(errs) != 1 || errs[0].Summary != "Null Query Parameter" ||
			!strings.Contains(errs[0].Detail, `"customerEmail"`) {
			t.Errorf("%s: validation errors = %s, want one that names customerEmail", kind, diagError(errs))
		}
	}

	ordersUsers := fakeapi.Options{OrdersUsers: map[string]string{testOrdersUser: testOrdersPassword}}
	e := configuredServer(t, ordersUsers, testAPIKey, map[string]tftypes.Value{
		"orders_user_id":  tftypes.NewValue(tftypes.String, testOrdersUser),
		"orders_password": tftypes.NewValue(tftypes.String, testOrdersPassword),
	})
	read, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "liquidcommerce_api_request", Config: dynamicValue(t, apiRequestType, vals),
	})
	if err != nil {
		t.Fatal(err)
	}
	opened, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "liquidcommerce_api_request", Config: dynamicValue(t, apiRequestType, vals),
	})
	if err != nil {
		t.Fatal(err)
	}
	for kind, diags := range map[string][]*tfprotov6.Diagnostic{"read": read.Diagnostics, "open": opened.Diagnostics} {
		msg := diagError(diags)
		if !strings.HasPrefix(msg, "Null Query Parameter: ") || !strings.Contains(msg, `"customerEmail"`) ||
			strings.Contains(msg, "always an error in the provider") {
			t.Errorf("%s: diagnostics = %q, want one that names customerEmail", kind, msg)
		}
	}
	if n := e.srv.Count(fakeapi.OrdersPath); n != 0 {
		t.Errorf("%d requests sent with a null query value", n)
	}
}

// A method in the wrong case is one error, about the method: a body is
// wrong only with GET.
func TestProtocolAPIRequestWrongCaseMethodIsOneError(t *testing.T) {
	body := tftypes.NewValue(tftypes.String, `{"search":"gin"}`)
	path := tftypes.NewValue(tftypes.String, "/catalog/search")
	cases := []struct {
		method  tftypes.Value
		summary string
	}{
		{tftypes.NewValue(tftypes.String, "post"), "Invalid Attribute Value Match"},
		{tftypes.NewValue(tftypes.String, "GET"), "Request Body Without POST"},
		{tftypes.NewValue(tftypes.String, nil), "Request Body Without POST"},
	}
	for _, tc := range cases {
		dataErrs, ephemeralErrs := validateAPIRequest(t, map[string]tftypes.Value{
			"path": path, "method": tc.method, "body": body,
		})
		for kind, errs := range map[string][]*tfprotov6.Diagnostic{"data": dataErrs, "ephemeral": ephemeralErrs} {
			if len(errs) != 1 || errs[0].Summary != tc.summary {
				t.Errorf("%s, method %s: errors = %q, want one %q", kind, tc.method, diagError(errs), tc.summary)
			}
		}
	}
	dataErrs, ephemeralErrs := validateAPIRequest(t, map[string]tftypes.Value{
		"path": path, "method": tftypes.NewValue(tftypes.String, "POST"), "body": body,
	})
	if len(dataErrs)+len(ephemeralErrs) != 0 {
		t.Errorf("a POST with a body: %s%s", diagError(dataErrs), diagError(ephemeralErrs))
	}
}

// A null in accept_status is an error that names its index.
func TestProtocolAPIRequestNullAcceptStatus(t *testing.T) {
	dataErrs, ephErrs := validateAPIRequest(t, map[string]tftypes.Value{
		"path": tftypes.NewValue(tftypes.String, "/orders/LC-1"), "credentials": tftypes.NewValue(tftypes.String, "orders"),
		"accept_status": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{
			tftypes.NewValue(tftypes.Number, 404), tftypes.NewValue(tftypes.Number, nil),
		}),
	})
	for what, errs := range map[string][]*tfprotov6.Diagnostic{"data source": dataErrs, "ephemeral resource": ephErrs} {
		if len(errs) != 1 || !strings.Contains(errs[0].Detail, "accept_status[1] is null") {
			t.Errorf("%s: %+v, want one error naming accept_status[1]", what, errs)
		}
	}
}
