package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, without a CLI: they reach what an acceptance test cannot, such as
// Renew, the log output, and one provider instance serving both token kinds.

var (
	providerType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"api_key": tftypes.String, "base_url": tftypes.String, "request_timeout": tftypes.String, "max_retries": tftypes.Number,
		"orders_user_id": tftypes.String, "orders_password": tftypes.String,
		"access_token": tftypes.String, "orders_access_token": tftypes.String, "token_cache_dir": tftypes.String,
	}}
	tokenType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"min_validity": tftypes.String, "token": tftypes.String, "type": tftypes.String, "exp": tftypes.Number, "expires_at": tftypes.String,
		"base_url": tftypes.String,
	}}
)

func dynamicValue(t *testing.T, typ tftypes.Object, vals map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	full := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			full[name] = v
		} else {
			full[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, full))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

type protoEnv struct {
	srv    *fakeapi.Server
	server tfprotov6.ProviderServer
	ctx    context.Context
	logs   *bytes.Buffer
}

// configuredServer starts a fake API and a provider configured against it,
// with the provider's logs captured.
func configuredServer(t *testing.T, opts fakeapi.Options, apiKey string, extra ...map[string]tftypes.Value) *protoEnv {
	t.Helper()
	srv, url := startAPI(t, opts)
	logs := &bytes.Buffer{}
	ctx := tflogtest.RootLogger(context.Background(), logs)
	server, err := providerserver.NewProtocol6WithError(provider.New("1.2.3")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           dynamicValue(t, providerType, providerValues(apiKey, url, extra...)),
	})
	if err != nil {
		t.Fatalf("ConfigureProvider: %v", err)
	}
	if msg := diagError(resp.Diagnostics); msg != "" {
		t.Fatalf("ConfigureProvider: %s", msg)
	}
	return &protoEnv{srv: srv, server: server, ctx: ctx, logs: logs}
}

func providerValues(apiKey, url string, extra ...map[string]tftypes.Value) map[string]tftypes.Value {
	vals := map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, apiKey),
		"base_url": tftypes.NewValue(tftypes.String, url),
	}
	for _, m := range extra {
		maps.Copy(vals, m)
	}
	return vals
}

func diagError(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

func (e *protoEnv) open(t *testing.T, minValidity string) *tfprotov6.OpenEphemeralResourceResponse {
	t.Helper()
	vals := map[string]tftypes.Value{}
	if minValidity != "" {
		vals["min_validity"] = tftypes.NewValue(tftypes.String, minValidity)
	}
	resp, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "liquidcommerce_access_token",
		Config:   dynamicValue(t, tokenType, vals),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func tokenFrom(t *testing.T, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(tokenType)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func stringOf(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProtocolDataSourceAndEphemeralShareOneToken(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{}, testAPIKey)
	opened := e.open(t, "")
	if msg := diagError(opened.Diagnostics); msg != "" {
		t.Fatal(msg)
	}
	read, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "liquidcommerce_access_token",
		Config:   dynamicValue(t, tokenType, nil),
	})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	if msg := diagError(read.Diagnostics); msg != "" {
		t.Fatalf("ReadDataSource: %s", msg)
	}
	a := stringOf(t, tokenFrom(t, opened.Result)["token"])
	b := stringOf(t, tokenFrom(t, read.State)["token"])
	if a == "" || a != b {
		t.Errorf("the ephemeral resource and the data source got different tokens")
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1 for one provider configuration", n)
	}
	ua := e.srv.Requests(fakeapi.AuthPath)[0].Header.Get("User-Agent")
	if !strings.HasPrefix(ua, "terraform-provider-liquidcommerce/1.2.3 ") || !strings.HasSuffix(ua, " Terraform/1.11.4") {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestProtocolEphemeralRenewWarnsBeforeExpiry(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{TokenLifetime: time.Hour}, testAPIKey)
	opened := e.open(t, "1m")
	if msg := diagError(opened.Diagnostics); msg != "" {
		t.Fatal(msg)
	}
	tok := stringOf(t, tokenFrom(t, opened.Result)["token"])
	exp, _ := e.srv.Expiry(tok)
	if opened.RenewAt.IsZero() {
		t.Fatal("no RenewAt")
	}
	if lead := exp.Sub(opened.RenewAt); lead < 55*time.Second || lead > 65*time.Second {
		t.Errorf("RenewAt is %s before expiry, want about 1m", lead)
	}
	if bytes.Contains(opened.Private, []byte(tok)) {
		t.Error("the token is in the private data")
	}
	renewed, err := e.server.RenewEphemeralResource(e.ctx, &tfprotov6.RenewEphemeralResourceRequest{
		TypeName: "liquidcommerce_access_token",
		Private:  opened.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(renewed.Diagnostics) != 1 || renewed.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
		t.Fatalf("diagnostics = %+v, want one warning", renewed.Diagnostics)
	}
	d := renewed.Diagnostics[0]
	if d.Summary != "LiquidCommerce Access Token About to Expire" || !strings.Contains(d.Detail, exp.UTC().Format(time.RFC3339)) {
		t.Errorf("warning = %q: %q", d.Summary, d.Detail)
	}
	if !renewed.RenewAt.IsZero() {
		t.Errorf("Renew asked to be called again at %s", renewed.RenewAt)
	}
	if strings.Contains(d.Detail, tok) {
		t.Error("the warning contains the token")
	}
	// Closing needs no call to the API: there is no revocation endpoint.
	before := e.srv.Count("")
	if _, err := e.server.CloseEphemeralResource(e.ctx, &tfprotov6.CloseEphemeralResourceRequest{
		TypeName: "liquidcommerce_access_token", Private: opened.Private,
	}); err != nil {
		t.Fatal(err)
	}
	if e.srv.Count("") != before {
		t.Error("Close made a request")
	}
}

func TestProtocolSecretsStayOutOfLogsAndDiagnostics(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{}, testAPIKey)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503})
	opened := e.open(t, "")
	if msg := diagError(opened.Diagnostics); msg != "" {
		t.Fatal(msg)
	}
	tok := stringOf(t, tokenFrom(t, opened.Result)["token"])
	entries, err := tflogtest.MultilineJSONDecode(e.logs)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no log lines captured: the test proves nothing")
	}
	raw, _ := json.Marshal(entries)
	for _, secret := range []string{testAPIKey, tok} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("a secret is in the logs")
		}
	}
	for _, want := range []string{"LiquidCommerce API response", "Obtained LiquidCommerce token", "Opened liquidcommerce_access_token"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("log line %q missing", want)
		}
	}

	// A rejected key: the diagnostic names the problem, not the key.
	const wrongKey = "lc_wrong_key_in_config_7731"
	bad := configuredServer(t, fakeapi.Options{}, wrongKey)
	resp := bad.open(t, "")
	msg := diagError(resp.Diagnostics)
	if !strings.Contains(msg, "API Key not found") || strings.Contains(msg, wrongKey) {
		t.Errorf("diagnostic = %q", msg)
	}
	if strings.Contains(bad.logs.String(), wrongKey) {
		t.Error("the rejected key is in the logs")
	}
}

func TestProtocolProviderValidation(t *testing.T) {
	cases := []struct {
		name string
		vals map[string]tftypes.Value
		want string
	}{
		{"plain http to a remote host", map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "http://api.liquidcommerce.cloud")}, "must use https"},
		{"credentials in the URL", map[string]tftypes.Value{"base_url": tftypes.NewValue(tftypes.String, "https://u:p@api.liquidcommerce.cloud")}, "must not contain credentials"},
		{"timeout not a duration", map[string]tftypes.Value{"request_timeout": tftypes.NewValue(tftypes.String, "thirty")}, "request_timeout must be a Go duration"},
		{"timeout zero", map[string]tftypes.Value{"request_timeout": tftypes.NewValue(tftypes.String, "0s")}, "at least 1ms"},
		{"too many retries", map[string]tftypes.Value{"max_retries": tftypes.NewValue(tftypes.Number, 50)}, "whole number from 0 to 10"},
		{"negative retries", map[string]tftypes.Value{"max_retries": tftypes.NewValue(tftypes.Number, -1)}, "whole number from 0 to 10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			server, _ := providerserver.NewProtocol6WithError(provider.New("test")())()
			resp, err := server.ValidateProviderConfig(context.Background(), &tfprotov6.ValidateProviderConfigRequest{
				Config: dynamicValue(t, providerType, tc.vals),
			})
			if err != nil {
				t.Fatal(err)
			}
			if msg := diagError(resp.Diagnostics); !strings.Contains(msg, tc.want) {
				t.Errorf("diagnostics %q do not contain %q", msg, tc.want)
			}
		})
	}
}

func TestProtocolInvalidBaseURLFromEnvironment(t *testing.T) {
	t.Setenv("LIQUIDCOMMERCE_BASE_URL", "http://staging.api.liquidcommerce.cloud")
	server, _ := providerserver.NewProtocol6WithError(provider.New("test")())()
	resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(t, providerType, map[string]tftypes.Value{"api_key": tftypes.NewValue(tftypes.String, "k")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if msg := diagError(resp.Diagnostics); !strings.Contains(msg, "Invalid LIQUIDCOMMERCE_BASE_URL") || !strings.Contains(msg, "must use https") {
		t.Errorf("diagnostics = %q", msg)
	}
}

func TestProtocolShortLivedTokens(t *testing.T) {
	e := configuredServer(t, fakeapi.Options{TokenLifetime: 2 * time.Minute}, testAPIKey)
	// The default min_validity (5m) is a preference: it settles for what
	// the API issues, and instances still share one token.
	var tokens []string
	for range 3 {
		opened := e.open(t, "")
		if msg := diagError(opened.Diagnostics); msg != "" {
			t.Fatal(msg)
		}
		tokens = append(tokens, stringOf(t, tokenFrom(t, opened.Result)["token"]))
	}
	if tokens[0] != tokens[1] || tokens[1] != tokens[2] {
		t.Error("instances got different tokens")
	}
	if n := e.srv.Count(fakeapi.AuthPath); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
	// An explicit min_validity is a requirement.
	msg := diagError(e.open(t, "5m").Diagnostics)
	if !strings.Contains(msg, "Token Lifetime Shorter Than min_validity") || !strings.Contains(msg, "min_validity asks for 5m0s") {
		t.Errorf("diagnostics = %q", msg)
	}
}

func TestProtocolExpiresAtIsTheInstantOfExp(t *testing.T) {
	issued := time.Date(2024, 11, 14, 12, 35, 32, 795_000_000, time.UTC)
	e := configuredServer(t, fakeapi.Options{Now: func() time.Time { return issued }}, testAPIKey)
	opened := e.open(t, "")
	if msg := diagError(opened.Diagnostics); msg != "" {
		t.Fatal(msg)
	}
	vals := tokenFrom(t, opened.Result)
	var exp big.Float
	if err := vals["exp"].As(&exp); err != nil {
		t.Fatal(err)
	}
	if got, _ := exp.Int64(); got != 1731674132795 {
		t.Errorf("exp = %d, want 1731674132795 as issued", got)
	}
	if got := stringOf(t, vals["expires_at"]); got != "2024-11-15T12:35:32.795Z" {
		t.Errorf("expires_at = %q, want 2024-11-15T12:35:32.795Z", got)
	}
}

func TestProtocolDiagnosticsSayWhatToCheck(t *testing.T) {
	cases := []struct {
		name    string
		opts    fakeapi.Options
		baseURL func(url string) string
		fault   *fakeapi.Fault
		// fromEnv gives base_url in LIQUIDCOMMERCE_BASE_URL instead.
		fromEnv bool
		want    []string
		notWant string
	}{
		{
			name:    "base_url lacks the API's path prefix",
			opts:    fakeapi.Options{Prefix: "/api"},
			baseURL: func(url string) string { return strings.TrimSuffix(url, "/api") },
			want:    []string{"LiquidCommerce API Not Found at base_url", "HTTP 404", "include it, for example https://api.liquidcommerce.cloud/api"},
		},
		{
			name:    "base_url ends in a prefix the API lacks",
			baseURL: func(url string) string { return url + "/api" },
			want: []string{
				"LiquidCommerce API Not Found at base_url", "HTTP 404", "Check base_url:", "It ends in /api", "remove it",
				`as in base_url = "http://`,
			},
			notWant: "include it",
		},
		{
			name:    "LIQUIDCOMMERCE_BASE_URL ends in a prefix the API lacks",
			baseURL: func(url string) string { return url + "/api" },
			fromEnv: true,
			want: []string{
				"Check " + provider.EnvBaseURL + ":", "It ends in /api", "as in " + provider.EnvBaseURL + "=http://",
			},
			notWant: "base_url =",
		},
		{
			name:    "LIQUIDCOMMERCE_BASE_URL lacks the API's path prefix",
			opts:    fakeapi.Options{Prefix: "/api"},
			baseURL: func(url string) string { return strings.TrimSuffix(url, "/api") },
			fromEnv: true,
			want:    []string{"Check " + provider.EnvBaseURL + ":", "include it"},
			notWant: "Check base_url",
		},
		{
			name:    "an HTML page at LIQUIDCOMMERCE_BASE_URL",
			fault:   &fakeapi.Fault{Path: fakeapi.AuthPath, Body: fakeapi.BodyHTML},
			fromEnv: true,
			want:    []string{"Check that " + provider.EnvBaseURL + " points at the LiquidCommerce API"},
			notWant: "that base_url",
		},
		{
			name:    "an HTML page",
			fault:   &fakeapi.Fault{Path: fakeapi.AuthPath, Body: fakeapi.BodyHTML},
			want:    []string{"Unexpected Response From LiquidCommerce API", "the body is not a JSON object", "text/html", "not at a proxy or web page"},
			notWant: "cannot use safely",
		},
		{
			name:    "exp in seconds",
			fault:   &fakeapi.Fault{Path: fakeapi.AuthPath, Exp: func(now time.Time) any { return now.Add(24 * time.Hour).Unix() }},
			want:    []string{"Unexpected Response From LiquidCommerce API", "may be sending seconds", "cannot use safely", "reqid_"},
			notWant: "proxy",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := startAPI(t, tc.opts)
			if tc.baseURL != nil {
				url = tc.baseURL(url)
			}
			if tc.fault != nil {
				srv.Inject(*tc.fault)
			}
			server, _ := providerserver.NewProtocol6WithError(provider.New("test")())()
			ctx := context.Background()
			baseURL := tftypes.NewValue(tftypes.String, url)
			if tc.fromEnv {
				t.Setenv(provider.EnvBaseURL, url)
				baseURL = tftypes.NewValue(tftypes.String, nil)
			}
			cresp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
				Config: dynamicValue(t, providerType, map[string]tftypes.Value{
					"api_key":     tftypes.NewValue(tftypes.String, testAPIKey),
					"base_url":    baseURL,
					"max_retries": tftypes.NewValue(tftypes.Number, 0),
				}),
			})
			if err != nil || diagError(cresp.Diagnostics) != "" {
				t.Fatalf("ConfigureProvider: %v %v", err, cresp)
			}
			e := &protoEnv{srv: srv, server: server, ctx: ctx}
			msg := diagError(e.open(t, "").Diagnostics)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("diagnostic lacks %q:\n%s", w, msg)
				}
			}
			if tc.notWant != "" && strings.Contains(msg, tc.notWant) {
				t.Errorf("diagnostic has %q:\n%s", tc.notWant, msg)
			}
		})
	}
}
