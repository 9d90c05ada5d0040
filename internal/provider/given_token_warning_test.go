package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// The warning a refused given token earns when the login's token then
// works, per credential.
const (
	refusedAccessWarning = "LiquidCommerce API Refused the Given Access Token; Logged In Instead"
	refusedOrdersWarning = "LiquidCommerce API Refused the Given Orders API Token; Logged In Instead"
)

// protoRead is one data source read through the plugin protocol.
type protoRead struct {
	typeName string
	vals     map[string]tftypes.Value
}

var (
	searchRead = protoRead{"liquidcommerce_api_request", map[string]tftypes.Value{
		"path": str(fakeapi.CatalogSearchPath), "method": str("POST"), "body": str(`{"search":"gin"}`)}}
	typedSearchRead = protoRead{"liquidcommerce_catalog_search", map[string]tftypes.Value{"search": str("gin")}}
	orderRead       = protoRead{"liquidcommerce_order", map[string]tftypes.Value{"id": str("LC-1001")}}
	ordersPageRead  = protoRead{"liquidcommerce_orders", november}
	ordersAPIRead   = protoRead{"liquidcommerce_api_request", map[string]tftypes.Value{
		"path": str("/orders/LC-1002"), "credentials": str("orders")}}
	echoRead = protoRead{"liquidcommerce_api_request", map[string]tftypes.Value{"path": str(fakeapi.EchoPath)}}
)

// readDiagnostics reads r in e's provider process and returns the read's
// diagnostics.
func (e *protoEnv) readDiagnostics(t *testing.T, r protoRead) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName,
		Config: dynamicValue(t, e.dataSourceType(t, r.typeName), r.vals)})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// warnings lists the summaries of diags' warnings.
func warnings(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			out = append(out, d.Summary)
		}
	}
	return out
}

// A given token that the API refuses, where the login's token then works
// on the same read, gives one warning per provider process and credential,
// on that read, naming where the token came from and never the token: typed
// reads and liquidcommerce_api_request alike. A path that refuses the
// login's token too, and a given token that works, give none.
func TestProtocolGivenTokenRefusedWarnsOnce(t *testing.T) {
	const refused = "lc_given_broken_8c7b6a5948"
	type step struct {
		read protoRead
		// warning is the summary of the one warning the read must give, or
		// empty for none; fails says the read fails.
		warning string
		fails   bool
	}
	for _, tc := range []struct {
		name string
		// attrs are provider attributes besides api_key and base_url; env
		// sets the environment variables.
		attrs map[string]tftypes.Value
		env   map[string]string
		// given is the given token; refused unless the API issued it.
		given string
		// faults are staged before the reads.
		faults []fakeapi.Fault
		steps  []step
		// origin is where the warning must say the token came from.
		origin string
	}{
		{
			name:  "access_token refused, api_key set",
			attrs: map[string]tftypes.Value{"access_token": str(refused)}, given: refused,
			steps:  []step{{read: searchRead, warning: refusedAccessWarning}, {read: typedSearchRead}, {read: searchRead}},
			origin: "the access token from access_token in the provider block",
		},
		{
			name: "LIQUIDCOMMERCE_ACCESS_TOKEN refused on a typed read, api_key set",
			env:  map[string]string{provider.EnvAccessToken: refused}, given: refused,
			steps:  []step{{read: typedSearchRead, warning: refusedAccessWarning}, {read: searchRead}},
			origin: "the access token from the " + provider.EnvAccessToken + " environment variable",
		},
		{
			name: "orders_access_token refused on a typed read, the Orders user id and password set",
			attrs: map[string]tftypes.Value{"orders_access_token": str(refused),
				"orders_user_id": str(testOrdersUser), "orders_password": str(testOrdersPassword)}, given: refused,
			steps: []step{{read: orderRead, warning: refusedOrdersWarning}, {read: ordersPageRead},
				{read: ordersAPIRead}},
			origin: "the Orders API token from orders_access_token in the provider block",
		},
		{
			name: "LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN refused on the orders pages",
			attrs: map[string]tftypes.Value{"orders_user_id": str(testOrdersUser),
				"orders_password": str(testOrdersPassword)},
			env: map[string]string{provider.EnvOrdersAccessToken: refused}, given: refused,
			steps:  []step{{read: ordersPageRead, warning: refusedOrdersWarning}, {read: orderRead}},
			origin: "the Orders API token from the " + provider.EnvOrdersAccessToken + " environment variable",
		},
		{
			// The given token stays the credential's (issue 22, defect 5):
			// this one is refused everywhere, so the next read of another
			// path group meets its refusal, logs in, and warns. The first
			// group refuses the credential: its next read fails at once.
			name:  "the path refuses the login's token too: a wrong-credentials read, no warning; the next read warns",
			attrs: map[string]tftypes.Value{"access_token": str(refused)}, given: refused,
			faults: []fakeapi.Fault{{Path: fakeapi.CatalogSearchPath, Status: 401, Times: 2}},
			steps: []step{{read: searchRead, fails: true}, {read: typedSearchRead, fails: true},
				{read: echoRead, warning: refusedAccessWarning}, {read: searchRead}},
			origin: "the access token from access_token in the provider block",
		},
		{
			name:  "a given token that works: no warning",
			attrs: map[string]tftypes.Value{"access_token": str("")}, // the test's own minted token, set below
			steps: []step{{read: searchRead}, {read: typedSearchRead}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			given := tc.given
			if given == "" {
				given = srv.Mint(false)
				tc.attrs["access_token"] = str(given)
			}
			e := configuredOn(t, srv, url, tc.attrs)
			for _, f := range tc.faults {
				srv.Inject(f)
			}
			warned := 0
			for i, s := range tc.steps {
				diags := e.readDiagnostics(t, s.read)
				errs, got := diagError(diags), warnings(diags)
				if (errs != "") != s.fails {
					t.Errorf("read %d (%s): errors %q, want failure: %v", i, s.read.typeName, errs, s.fails)
				}
				want := []string(nil)
				if s.warning != "" {
					want = []string{s.warning}
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("read %d (%s): warnings %q, want %q", i, s.read.typeName, got, want)
				}
				for _, d := range diags {
					if strings.Contains(d.Summary+d.Detail, given) {
						t.Errorf("read %d: the diagnostic %q holds the given token", i, d.Summary)
					}
					if d.Severity != tfprotov6.DiagnosticSeverityWarning {
						continue
					}
					warned++
					for _, part := range []string{tc.origin, "logging in", "Mint a new token for the jobs",
						"Tokens for CI fan-out", "once per provider process"} {
						if !strings.Contains(d.Detail, part) {
							t.Errorf("read %d: the warning does not say %q:\n%s", i, part, d.Detail)
						}
					}
				}
			}
			if strings.Contains(e.logs.String(), given) {
				t.Error("the given token is in the provider log")
			}
			t.Logf("%d warnings, %d API-key and %d Orders logins", warned, srv.Count(fakeapi.AuthPath),
				srv.Count(fakeapi.OrdersAuthPath))
		})
	}
}

// Concurrent reads that all meet the refusal share one warning: one
// provider process, one warning per credential.
func TestProtocolGivenTokenRefusedWarnsOnceUnderConcurrency(t *testing.T) {
	const refused, reads = "lc_given_broken_7d6c5b4a39", 10
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	e := configuredOn(t, srv, url, map[string]tftypes.Value{"access_token": str(refused)})
	// Every read sends the given token before the first 401 comes back.
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Delay: 100 * time.Millisecond, Times: reads})
	diags := make([][]*tfprotov6.Diagnostic, reads)
	var wg sync.WaitGroup
	for i := range reads {
		wg.Go(func() { diags[i] = e.readDiagnostics(t, searchRead) })
	}
	wg.Wait()
	warned := 0
	for i, d := range diags {
		if errs := diagError(d); errs != "" {
			t.Fatalf("read %d: %s", i, errs)
		}
		warned += len(warnings(d))
	}
	refusals := bearerCount(srv, fakeapi.CatalogSearchPath, refused)
	if warned != 1 || refusals < 2 {
		t.Errorf("%d warnings for %d refusals of the given token in one provider process, want 1 (and 2 refusals or more)",
			warned, refusals)
	}
	if n := srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
}

// configuredOn is a provider configured with the test key against srv, at
// url, with the provider's logs captured.
func configuredOn(t *testing.T, srv *fakeapi.Server, url string, attrs map[string]tftypes.Value) *protoEnv {
	t.Helper()
	logs := &bytes.Buffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, providerType, providerValues(testAPIKey, url, attrs))})
	if err != nil {
		t.Fatal(err)
	}
	if msg := diagError(resp.Diagnostics); msg != "" {
		t.Fatalf("ConfigureProvider: %s", msg)
	}
	return &protoEnv{srv: srv, server: server, ctx: ctx, logs: logs}
}

// Through the CLI, each provider process that meets the refusal warns once,
// and no diagnostic of any process holds the token.
func TestAccGivenToken_refusedWithCredentialsWarns(t *testing.T) {
	for _, k := range givenKinds {
		t.Run(k.name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			refused := "lc_given_expired_0f1e2d3c"
			t.Setenv(k.env, refused)
			diags := &diagnosticLog{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: diags.factories(),
				Steps:                    []resource.TestStep{{Config: ordersProviderBlock(url) + k.read}},
			})
			summary := map[bool]string{false: refusedAccessWarning, true: refusedOrdersWarning}[k.orders]
			text := diags.text()
			warned, refusals := strings.Count(text, summary), bearerCount(srv, k.sentTo, refused)
			if warned == 0 || warned != refusals {
				t.Errorf("%d warnings for %d refusals of the given token, want one per provider process that met one",
					warned, refusals)
			}
			if !strings.Contains(text, "from the "+k.env+" environment variable") || strings.Contains(text, refused) {
				t.Errorf("the diagnostics name %s: %v, hold the token: %v", k.env,
					strings.Contains(text, k.env), strings.Contains(text, refused))
			}
		})
	}
}

// A working given token with a stale api_key: a read of the Orders API with
// it is refused, and the fallback login is rejected. That read fails, saying
// both and pointing at credentials; the token stays, so every good read of
// the run goes on, and the next wrong read fails at once, with no login
// (issue 22, the reviewer's third scenario).
func TestProtocolGivenTokenWithAStaleKeyOnTheWrongEndpoint(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	e := configuredOn(t, srv, url, map[string]tftypes.Value{"access_token": str(srv.Mint(false)),
		"api_key": str("lc_stale_key_3c4d5e")})
	wrong := protoRead{"liquidcommerce_api_request", map[string]tftypes.Value{"path": str("/orders/LC-1001")}}
	for i, r := range []protoRead{searchRead, wrong, typedSearchRead, echoRead, wrong, searchRead} {
		errs := diagError(e.readDiagnostics(t, r))
		switch {
		case i == 1 || i == 4:
			if !strings.Contains(errs, "may need other credentials") || !strings.Contains(errs, `credentials = "orders"`) {
				t.Errorf("read %d, the wrong endpoint: %q, want the rejection pointing at credentials", i, errs)
			}
		case errs != "":
			t.Errorf("read %d (%s), a good read: %s", i, r.typeName, errs)
		}
	}
	if n := srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want the one fallback login", n)
	}
}
