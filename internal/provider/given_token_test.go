package provider_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// givenKind is one of the two credentials a token minted elsewhere can
// stand for, with what a test needs to use it.
type givenKind struct {
	name, env, loginPath string
	orders               bool
	// read is a data source that sends one request with the credential.
	read string
	// sentTo is the path of that request.
	sentTo string
	// tokenType is the token type's name; wantType the type it returns
	// for a given token (null when unknown).
	tokenType string
	wantType  knownvalue.Check
	// withoutLogin is a provider block that lacks the credential's
	// long-lived secrets; summary the error when the given token is refused.
	withoutLogin func(url string) string
	summary      string
}

var givenKinds = []givenKind{
	{
		name: "access token", env: provider.EnvAccessToken, loginPath: fakeapi.AuthPath,
		read: `
data "liquidcommerce_api_request" "read" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`, sentTo: fakeapi.CatalogSearchPath,
		tokenType: "liquidcommerce_access_token", wantType: knownvalue.StringExact("ACCESS_TOKEN"),
		withoutLogin: func(url string) string {
			return fmt.Sprintf("provider \"liquidcommerce\" {\n  base_url = %q\n}\n", url)
		},
		summary: "LiquidCommerce API Rejected the Given Access Token",
	},
	{
		name: "Orders token", env: provider.EnvOrdersAccessToken, loginPath: fakeapi.OrdersAuthPath, orders: true,
		read: `
data "liquidcommerce_api_request" "read" {
  path        = "/orders/LC-1001"
  credentials = "orders"
}
`, sentTo: "/orders/LC-1001",
		tokenType: "liquidcommerce_orders_access_token", wantType: knownvalue.Null(),
		withoutLogin: func(url string) string { return providerBlock(url) },
		summary:      "LiquidCommerce API Rejected the Given Orders API Token",
	},
}

// bearerCount counts the requests to path that carried token.
func bearerCount(srv *fakeapi.Server, path, token string) int {
	n := 0
	for _, r := range srv.Requests(path) {
		if r.Header.Get("Authorization") == "Bearer "+token {
			n++
		}
	}
	return n
}

// A token minted elsewhere and given in the environment serves every
// request and both token types: apply makes no login, although the
// long-lived credentials are configured too.
func TestAccGivenToken_fromEnvironmentMakesNoLogin(t *testing.T) {
	for _, k := range givenKinds {
		t.Run(k.name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			given := srv.Mint(k.orders)
			t.Setenv(k.env, given)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: ordersProviderBlock(url) + k.read + fmt.Sprintf("\ndata %q \"given\" {}\n", k.tokenType),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.liquidcommerce_api_request.read", tfjsonpath.New("status_code"),
							knownvalue.Int64Exact(200)),
						statecheck.ExpectKnownValue("data."+k.tokenType+".given", tfjsonpath.New("token"),
							knownvalue.StringExact(given)),
						statecheck.ExpectKnownValue("data."+k.tokenType+".given", tfjsonpath.New("exp"), knownvalue.Null()),
						statecheck.ExpectKnownValue("data."+k.tokenType+".given", tfjsonpath.New("expires_at"),
							knownvalue.Null()),
						statecheck.ExpectKnownValue("data."+k.tokenType+".given", tfjsonpath.New("type"), k.wantType),
					},
				}},
			})
			if a, o := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath); a+o != 0 {
				t.Errorf("%d API-key and %d Orders logins, want none", a, o)
			}
			if sent, with := srv.Count(k.sentTo), bearerCount(srv, k.sentTo, given); sent == 0 || with != sent {
				t.Errorf("%d of %d requests carried the given token", with, sent)
			}
		})
	}
}

// The ephemeral resources return the given token too, with a null expiry.
func TestAccGivenToken_ephemeralResourcesReturnIt(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	given, ordersGiven := srv.Mint(false), srv.Mint(true)
	t.Setenv(provider.EnvAccessToken, given)
	t.Setenv(provider.EnvOrdersAccessToken, ordersGiven)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: ordersProviderBlock(url) + `
ephemeral "liquidcommerce_access_token" "api" {}
ephemeral "liquidcommerce_orders_access_token" "orders" {}
` + echoConfig(`{
    api    = ephemeral.liquidcommerce_access_token.api
    orders = ephemeral.liquidcommerce_orders_access_token.orders
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"api": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"token": knownvalue.StringExact(given), "type": knownvalue.StringExact("ACCESS_TOKEN"),
						"exp": knownvalue.Null(), "expires_at": knownvalue.Null(), "min_validity": knownvalue.Null(),
						"base_url": knownvalue.StringExact(url),
					}),
					"orders": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"token": knownvalue.StringExact(ordersGiven), "type": knownvalue.Null(),
						"exp": knownvalue.Null(), "expires_at": knownvalue.Null(), "min_validity": knownvalue.Null(),
						"base_url": knownvalue.StringExact(url),
					}),
				})),
			},
		}},
	})
	if a, o := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath); a+o != 0 {
		t.Errorf("%d API-key and %d Orders logins, want none", a, o)
	}
}

// The attribute wins over the environment variable, and an empty attribute
// leaves it to the variable.
func TestAccGivenToken_attributeWinsOverEnvironment(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	fromAttr, fromEnv := srv.Mint(false), srv.Mint(false)
	t.Setenv(provider.EnvAccessToken, fromEnv)
	for _, tc := range []struct{ name, attr, want string }{{"set", fromAttr, fromAttr}, {"empty", "", fromEnv}} {
		before := srv.Count(fakeapi.CatalogSearchPath)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: providerBlock(url, fmt.Sprintf("access_token = %q", tc.attr)) + givenKinds[0].read,
			}},
		})
		sent, with := srv.Count(fakeapi.CatalogSearchPath)-before, bearerCount(srv, fakeapi.CatalogSearchPath, tc.want)
		if sent == 0 || with != sent {
			t.Errorf("access_token %s: %d of %d requests carried the token it should pick", tc.name, with, sent)
		}
	}
	if n := srv.Count(fakeapi.AuthPath); n != 0 {
		t.Errorf("%d logins, want none", n)
	}
}

// A refused given token with the long-lived credentials configured costs
// one login per provider process, and the read succeeds with its token.
func TestAccGivenToken_refusedWithCredentialsLogsInOnce(t *testing.T) {
	for _, k := range givenKinds {
		t.Run(k.name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			refused := "lc_given_expired_4d3c2b1a"
			t.Setenv(k.env, refused)
			var instances atomic.Int64
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: countingFactories(&instances),
				Steps: []resource.TestStep{{
					Config: ordersProviderBlock(url) + k.read,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.liquidcommerce_api_request.read", tfjsonpath.New("status_code"),
							knownvalue.Int64Exact(200)),
					},
				}},
			})
			// Each process that read sent the given token once, got the 401,
			// logged in once and sent the read again with the new token.
			logins, refusals := srv.Count(k.loginPath), bearerCount(srv, k.sentTo, refused)
			t.Logf("%d provider processes, %d refusals, %d logins", instances.Load(), refusals, logins)
			if logins == 0 || logins != refusals || int64(logins) > instances.Load() {
				t.Errorf("%d logins for %d refusals of the given token in %d provider processes, want one per refusal",
					logins, refusals, instances.Load())
			}
			if other := srv.Count(fakeapi.AuthPath) + srv.Count(fakeapi.OrdersAuthPath) - logins; other != 0 {
				t.Errorf("%d logins with the other credential", other)
			}
			if n := srv.Count(k.sentTo); n != 2*refusals {
				t.Errorf("%d requests to %s for %d refusals, want each sent twice", n, k.sentTo, refusals)
			}
		})
	}
}

// A refused given token without the long-lived credentials fails with the
// error that names where it came from and how to get another; no
// diagnostic holds the token, and nothing logs in.
func TestAccGivenToken_refusedWithoutCredentialsFails(t *testing.T) {
	for _, k := range givenKinds {
		t.Run(k.name, func(t *testing.T) {
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			refused := srv.Mint(k.orders)
			srv.Revoke(refused)
			t.Setenv(k.env, refused)
			diags := &diagnosticLog{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: diags.factories(),
				Steps: []resource.TestStep{{
					Config: k.withoutLogin(url) + k.read,
					ExpectError: errorPattern(k.summary, "HTTP 401", "The token from the "+k.env+" environment variable",
						"was rejected: it has expired or was revoked", "did not log in instead", "Mint a new token"),
				}},
			})
			if text := diags.text(); !strings.Contains(text, k.summary) || strings.Contains(text, refused) {
				t.Errorf("the diagnostics hold the summary: %v, the token: %v", strings.Contains(text, k.summary),
					strings.Contains(text, refused))
			}
			if a, o := srv.Count(fakeapi.AuthPath), srv.Count(fakeapi.OrdersAuthPath); a+o != 0 {
				t.Errorf("%d API-key and %d Orders logins, want none", a, o)
			}
		})
	}
}

// diagnosticLog records the text of every diagnostic the provider returns
// from a read, which is what the CLI prints.
type diagnosticLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *diagnosticLog) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"liquidcommerce": func() (tfprotov6.ProviderServer, error) {
			s, err := providerserver.NewProtocol6WithError(provider.New("test")())()
			return recordingServer{ProviderServer: s, log: l}, err
		},
		"echo": echoprovider.NewProviderServer(),
	}
}

func (l *diagnosticLog) add(diags []*tfprotov6.Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range diags {
		l.lines = append(l.lines, d.Summary+"\n"+d.Detail)
	}
}

func (l *diagnosticLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// recordingServer passes every call on, and records the diagnostics of
// data source reads and ephemeral resource opens.
type recordingServer struct {
	tfprotov6.ProviderServer
	log *diagnosticLog
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.log.add(resp.Diagnostics)
	}
	return resp, err
}

func (s recordingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	resp, err := s.ProviderServer.OpenEphemeralResource(ctx, req)
	if resp != nil {
		s.log.add(resp.Diagnostics)
	}
	return resp, err
}

// With a given token, the token types make no request; the ephemeral
// resource sets no renewal time, and an explicit min_validity, which
// cannot be checked, gives a warning on both types.
func TestProtocolGivenTokenTypes(t *testing.T) {
	const given = "lc_given_protocol_7a6b5c"
	e := configuredServer(t, fakeapi.Options{}, "", map[string]tftypes.Value{
		"access_token": tftypes.NewValue(tftypes.String, given),
	})
	for _, minValidity := range []string{"", "1h"} {
		opened := e.open(t, minValidity)
		vals := map[string]tftypes.Value{}
		if minValidity != "" {
			vals["min_validity"] = tftypes.NewValue(tftypes.String, minValidity)
		}
		read, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
			TypeName: "liquidcommerce_access_token",
			Config:   dynamicValue(t, tokenType, vals),
		})
		if err != nil {
			t.Fatal(err)
		}
		for what, r := range map[string]struct {
			diags []*tfprotov6.Diagnostic
			value *tfprotov6.DynamicValue
		}{"ephemeral": {opened.Diagnostics, opened.Result}, "data source": {read.Diagnostics, read.State}} {
			if msg := diagError(r.diags); msg != "" {
				t.Fatalf("%s: %s", what, msg)
			}
			warned := len(r.diags) == 1 && r.diags[0].Summary == "min_validity Not Checked" &&
				!strings.Contains(r.diags[0].Detail, given)
			if want := minValidity != ""; warned != want || !want && len(r.diags) != 0 {
				t.Errorf("%s with min_validity %q: diagnostics %+v, want a warning: %v", what, minValidity, r.diags, want)
			}
			got := tokenFrom(t, r.value)
			if stringOf(t, got["token"]) != given || !got["exp"].IsNull() || !got["expires_at"].IsNull() ||
				stringOf(t, got["type"]) != "ACCESS_TOKEN" {
				t.Errorf("%s: not the given token with a null expiry", what)
			}
		}
		if !opened.RenewAt.IsZero() || len(opened.Private) != 0 {
			t.Errorf("the ephemeral resource set RenewAt %v and %d bytes of private data for a token of unknown expiry",
				opened.RenewAt, len(opened.Private))
		}
	}
	if n := len(e.srv.Requests("")); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
	if strings.Contains(e.logs.String(), given) {
		t.Error("the given token is in the provider log")
	}
}

// A refused given token whose fallback login is refused too says both.
func TestAccGivenToken_refusedThenKeyRejected(t *testing.T) {
	_, url := startAPI(t, fakeapi.Options{})
	t.Setenv(provider.EnvAccessToken, "lc_given_expired_9e8d7c")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"liquidcommerce\" {\n  api_key  = \"lc_wrong_key\"\n  base_url = %q\n}\n", url) +
				givenKinds[0].read,
			ExpectError: errorPattern("LiquidCommerce API Key Rejected", "logged in only because the API refused the token "+
				"from the "+provider.EnvAccessToken+" environment variable", `may need other credentials: the Orders API`),
		}},
	})
}

// The two usual slips in passing a token, the header value and the whole
// login answer, are errors that name the place, not the value; a given
// token serves while the long-lived credential is not known yet.
func TestProtocolGivenTokenSettings(t *testing.T) {
	setProviderEnv(t, nil)
	for name, tc := range map[string]struct {
		env, attr, want string
	}{
		"header value in the variable": {env: "Bearer lc_abc123", want: "Invalid " + provider.EnvAccessToken},
		"login answer in the attribute": {attr: `{"statusCode":200,"data":{"token":"lc_abc123"}}`,
			want: "Invalid access_token: access_token is a JSON object"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(provider.EnvAccessToken, tc.env)
			vals := providerValues(testAPIKey, "http://127.0.0.1:1")
			if tc.attr != "" {
				vals["access_token"] = str(tc.attr)
			}
			_, msg := configure(t, vals)
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "abc123") {
				t.Errorf("errors %q, want %q and no token", msg, tc.want)
			}
		})
	}
	t.Run("unknown api_key with a given token", func(t *testing.T) {
		for _, token := range []string{"lc_given_abc", ""} {
			vals := providerValues(testAPIKey, "http://127.0.0.1:1", map[string]tftypes.Value{
				"api_key":      tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
				"access_token": str(token),
			})
			e, msg := configure(t, vals)
			if msg != "" {
				t.Fatal(msg)
			}
			got := e.openToken(t, "liquidcommerce_access_token")
			if blocked := strings.Contains(got, "Not Known Yet"); blocked != (token == "") {
				t.Errorf("access_token %q with an unknown api_key: %q", token, got)
			}
		}
	})
}
