package provider_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// providerEnv lists every environment variable the provider reads.
var providerEnv = []string{
	"LIQUIDCOMMERCE_API_KEY", "LIQUIDCOMMERCE_BASE_URL", "LIQUIDCOMMERCE_ORDERS_USER_ID",
	"LIQUIDCOMMERCE_ORDERS_PASSWORD", "LIQUIDCOMMERCE_REQUEST_TIMEOUT", "LIQUIDCOMMERCE_MAX_RETRIES",
	"LIQUIDCOMMERCE_ACCESS_TOKEN", "LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN", "LIQUIDCOMMERCE_TOKEN_CACHE_DIR",
}

// setProviderEnv gives the provider exactly these environment variables:
// the others are unset, so a developer's own settings do not leak in.
func setProviderEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, name := range providerEnv {
		v, ok := env[name]
		// t.Setenv restores the variable after the test, unset or not.
		t.Setenv(name, v)
		if !ok {
			if err := os.Unsetenv(name); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// configure validates and configures a provider as Terraform does, and
// returns it with the errors of whichever step failed.
func configure(t *testing.T, vals map[string]tftypes.Value) (*protoEnv, string) {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cfg := context.Background(), dynamicValue(t, providerType, vals)
	vresp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if msg := diagError(vresp.Diagnostics); msg != "" {
		return nil, msg
	}
	cresp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return &protoEnv{server: server, ctx: ctx}, diagError(cresp.Diagnostics)
}

// openToken opens an ephemeral token of the type and returns its errors.
func (e *protoEnv) openToken(t *testing.T, typeName string) string {
	t.Helper()
	resp, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: typeName, Config: dynamicValue(t, tokenType, nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	return diagError(resp.Diagnostics)
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// LIQUIDCOMMERCE_REQUEST_TIMEOUT and LIQUIDCOMMERCE_MAX_RETRIES serve when
// their attributes are unset, by the attributes' rules; a bad value is an
// error that names the variable.
func TestProtocolTimeoutAndRetriesFromEnvironment(t *testing.T) {
	t.Run("max retries", func(t *testing.T) {
		srv, url := startAPI(t, fakeapi.Options{})
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, Times: 5})
		setProviderEnv(t, map[string]string{"LIQUIDCOMMERCE_MAX_RETRIES": "1"})
		e, msg := configure(t, providerValues(testAPIKey, url))
		if msg != "" {
			t.Fatal(msg)
		}
		if msg := e.openToken(t, "liquidcommerce_access_token"); !strings.Contains(msg, "HTTP 503") {
			t.Errorf("diagnostics = %q, want the 503", msg)
		}
		if n := srv.Count(fakeapi.AuthPath); n != 2 {
			t.Errorf("%d logins with LIQUIDCOMMERCE_MAX_RETRIES=1, want 2", n)
		}
	})
	t.Run("request timeout", func(t *testing.T) {
		srv, url := startAPI(t, fakeapi.Options{})
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 3 * time.Second})
		setProviderEnv(t, map[string]string{
			"LIQUIDCOMMERCE_REQUEST_TIMEOUT": "100ms", "LIQUIDCOMMERCE_MAX_RETRIES": "0",
		})
		e, msg := configure(t, providerValues(testAPIKey, url))
		if msg != "" {
			t.Fatal(msg)
		}
		msg = e.openToken(t, "liquidcommerce_access_token")
		if !strings.Contains(msg, "LiquidCommerce API Request Timed Out") ||
			!strings.Contains(msg, "request_timeout (100ms)") {
			t.Errorf("diagnostics = %q, want a timeout after 100ms", msg)
		}
	})
	t.Run("the attribute wins", func(t *testing.T) {
		srv, url := startAPI(t, fakeapi.Options{})
		srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503, Times: 5})
		setProviderEnv(t, map[string]string{
			"LIQUIDCOMMERCE_MAX_RETRIES": "3", "LIQUIDCOMMERCE_REQUEST_TIMEOUT": "soon",
		})
		e, msg := configure(t, providerValues(testAPIKey, url, map[string]tftypes.Value{
			"max_retries": tftypes.NewValue(tftypes.Number, 0), "request_timeout": str("30s"),
		}))
		if msg != "" {
			t.Fatalf("a bad variable behind a set attribute was read: %s", msg)
		}
		e.openToken(t, "liquidcommerce_access_token")
		if n := srv.Count(fakeapi.AuthPath); n != 1 {
			t.Errorf("%d logins with max_retries = 0, want 1", n)
		}
	})
	for _, tc := range []struct{ name, value, want string }{
		{"LIQUIDCOMMERCE_MAX_RETRIES", "11", "a whole number from 0 to 10"},
		{"LIQUIDCOMMERCE_MAX_RETRIES", "-1", "a whole number from 0 to 10"},
		{"LIQUIDCOMMERCE_MAX_RETRIES", "three", `got "three"`},
		{"LIQUIDCOMMERCE_REQUEST_TIMEOUT", "0s", "at least 1ms"},
		{"LIQUIDCOMMERCE_REQUEST_TIMEOUT", "30", `a Go duration of at least 1ms, such as "30s" or "1m"; got "30"`},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			setProviderEnv(t, map[string]string{tc.name: tc.value})
			_, msg := configure(t, providerValues(testAPIKey, "http://127.0.0.1:1"))
			if !strings.HasPrefix(msg, "Invalid "+tc.name+": The "+tc.name+" environment variable must be") ||
				!strings.Contains(msg, tc.want) {
				t.Errorf("diagnostics = %q, want Invalid %s and %q", msg, tc.name, tc.want)
			}
		})
	}
	t.Run("unknown attribute", func(t *testing.T) {
		setProviderEnv(t, nil)
		e, msg := configure(t, providerValues(testAPIKey, "http://127.0.0.1:1", map[string]tftypes.Value{
			"max_retries": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue),
		}))
		if msg != "" {
			t.Fatal(msg)
		}
		msg = e.openToken(t, "liquidcommerce_access_token")
		if !strings.Contains(msg, "set the LIQUIDCOMMERCE_MAX_RETRIES environment variable") {
			t.Errorf("diagnostics = %q, want the variable to use instead", msg)
		}
	})
}

// An empty attribute, such as a variable's empty default, counts as unset:
// the environment variable serves. So does an empty environment variable,
// and one of only spaces where the client would trim them.
func TestProtocolBlankSettingsCountAsUnset(t *testing.T) {
	_, url := startOrdersAPI(t, fakeapi.Options{})
	t.Run("blank attributes", func(t *testing.T) {
		setProviderEnv(t, map[string]string{
			"LIQUIDCOMMERCE_API_KEY": testAPIKey, "LIQUIDCOMMERCE_BASE_URL": url,
			"LIQUIDCOMMERCE_ORDERS_USER_ID": testOrdersUser, "LIQUIDCOMMERCE_ORDERS_PASSWORD": testOrdersPassword,
		})
		e, msg := configure(t, map[string]tftypes.Value{
			"api_key": str(""), "base_url": str(""), "orders_user_id": str("  "), "orders_password": str(""),
			"request_timeout": str(""),
		})
		if msg != "" {
			t.Fatalf("configuration with blank attributes: %s", msg)
		}
		for _, typeName := range []string{"liquidcommerce_access_token", "liquidcommerce_orders_access_token"} {
			if msg := e.openToken(t, typeName); msg != "" {
				t.Errorf("%s: %s", typeName, msg)
			}
		}
	})
	t.Run("blank environment variables", func(t *testing.T) {
		setProviderEnv(t, map[string]string{
			"LIQUIDCOMMERCE_API_KEY": " ", "LIQUIDCOMMERCE_BASE_URL": " ", "LIQUIDCOMMERCE_REQUEST_TIMEOUT": " ",
			"LIQUIDCOMMERCE_MAX_RETRIES": " ",
		})
		e, msg := configure(t, map[string]tftypes.Value{})
		if msg != "" {
			t.Fatalf("configuration with blank environment variables: %s", msg)
		}
		msg = e.openToken(t, "liquidcommerce_access_token")
		if !strings.Contains(msg, "Missing LiquidCommerce API Key") {
			t.Errorf("diagnostics = %q, want the missing key", msg)
		}
	})
}

// A missing or rejected credential's error names where its value came
// from, the attribute or the environment variable, and never the value.
func TestProtocolCredentialErrorsNameTheirSource(t *testing.T) {
	const wrongKey, wrongPassword = "lc_wrong_key_4411", "wrong-orders-pw-9931"
	_, url := startOrdersAPI(t, fakeapi.Options{})
	cases := []struct {
		name     string
		env      map[string]string
		vals     map[string]tftypes.Value
		typeName string
		want     []string
		notWant  string
	}{
		{
			name: "key from the attribute", vals: map[string]tftypes.Value{"api_key": str(wrongKey)},
			want: []string{
				"LiquidCommerce API Key Rejected", "The API key from api_key in the provider block was rejected.",
			},
			notWant: "LIQUIDCOMMERCE_API_KEY",
		},
		{
			name: "key from the environment", env: map[string]string{"LIQUIDCOMMERCE_API_KEY": wrongKey},
			want: []string{"The API key from the LIQUIDCOMMERCE_API_KEY environment variable was rejected."},
		},
		{
			name: "the attribute hides the environment", env: map[string]string{"LIQUIDCOMMERCE_API_KEY": testAPIKey},
			vals: map[string]tftypes.Value{"api_key": str(wrongKey)},
			want: []string{"from api_key in the provider block was rejected. api_key in the provider block wins over " +
				"the LIQUIDCOMMERCE_API_KEY environment variable, which is also set."},
		},
		{
			name: "no key", want: []string{"Missing LiquidCommerce API Key", "neither api_key in the provider block " +
				"nor the LIQUIDCOMMERCE_API_KEY environment variable is set"},
		},
		{
			name: "an empty key", vals: map[string]tftypes.Value{"api_key": str("")},
			want: []string{"Missing LiquidCommerce API Key", "api_key in the provider block is empty, which " +
				"counts as unset, and the LIQUIDCOMMERCE_API_KEY environment variable is not set"},
		},
		{
			name: "an empty variable", env: map[string]string{"LIQUIDCOMMERCE_API_KEY": " "},
			want: []string{"Missing LiquidCommerce API Key", "api_key is not set in the provider block, and the " +
				"LIQUIDCOMMERCE_API_KEY environment variable is empty, which counts as unset"},
		},
		{
			name: "Orders credentials from both places", typeName: "liquidcommerce_orders_access_token",
			env:  map[string]string{"LIQUIDCOMMERCE_ORDERS_PASSWORD": wrongPassword},
			vals: map[string]tftypes.Value{"orders_user_id": str(testOrdersUser)},
			want: []string{"LiquidCommerce Orders API Credentials Rejected", "The Orders API user id from " +
				"orders_user_id in the provider block and the password from the LIQUIDCOMMERCE_ORDERS_PASSWORD " +
				"environment variable were rejected."},
		},
		{
			name: "no Orders password", typeName: "liquidcommerce_orders_access_token",
			env: map[string]string{"LIQUIDCOMMERCE_ORDERS_USER_ID": testOrdersUser},
			want: []string{"Missing LiquidCommerce Orders API Credentials", "The provider has no Orders API password " +
				"(neither orders_password in the provider block nor the LIQUIDCOMMERCE_ORDERS_PASSWORD environment " +
				"variable is set), so it cannot obtain an Orders API token"},
			notWant: "user id (",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			setProviderEnv(t, tc.env)
			vals := map[string]tftypes.Value{"base_url": str(url), "max_retries": tftypes.NewValue(tftypes.Number, 0)}
			for k, v := range tc.vals {
				vals[k] = v
			}
			e, msg := configure(t, vals)
			if msg != "" {
				t.Fatal(msg)
			}
			typeName := tc.typeName
			if typeName == "" {
				typeName = "liquidcommerce_access_token"
			}
			msg = e.openToken(t, typeName)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("diagnostic lacks %q:\n%s", w, msg)
				}
			}
			if tc.notWant != "" && strings.Contains(msg, tc.notWant) {
				t.Errorf("diagnostic has %q:\n%s", tc.notWant, msg)
			}
			for _, secret := range []string{wrongKey, wrongPassword, testAPIKey} {
				if strings.Contains(msg, secret) {
					t.Error("a credential is in the diagnostic")
				}
			}
		})
	}
}
