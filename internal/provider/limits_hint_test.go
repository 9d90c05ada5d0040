package provider_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// The hints that say which limit to raise name the setting that gave it:
// the environment variable when it did, the attribute otherwise.
func TestProtocolLimitHintsNameTheirSource(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		attrs   map[string]tftypes.Value
		fault   fakeapi.Fault
		want    []string
		notWant string
	}{
		{
			name:    "max_retries from the environment, rate limited",
			env:     map[string]string{provider.EnvMaxRetries: "0"},
			fault:   fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429},
			want:    []string{"raise the " + provider.EnvMaxRetries + " environment variable"},
			notWant: "max_retries in the provider block",
		},
		{
			name:  "max_retries in the provider block, rate limited",
			attrs: map[string]tftypes.Value{"max_retries": tftypes.NewValue(tftypes.Number, 0)},
			fault: fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429},
			want:  []string{"raise max_retries in the provider block"},
		},
		{
			name:  "both from the environment, timed out",
			env:   map[string]string{provider.EnvMaxRetries: "0", provider.EnvRequestTimeout: "50ms"},
			fault: fakeapi.Fault{Path: fakeapi.AuthPath, Delay: time.Second},
			want: []string{"the " + provider.EnvRequestTimeout + " environment variable",
				"the " + provider.EnvMaxRetries + " environment variable"},
			notWant: "in the provider block",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			e := configuredServer(t, fakeapi.Options{}, testAPIKey, tc.attrs)
			e.srv.Inject(tc.fault)
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
