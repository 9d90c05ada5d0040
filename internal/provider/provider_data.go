package provider

import (
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// providerData is what Configure leaves for the types (see typeBase): the one
// client of this provider configuration, or, while parts of the configuration
// are unknown during plan, the names of those parts. An unknown client
// setting stops everything; an unknown credential only what uses it.
type providerData struct {
	client *client.Client
	// maxWait bounds one request with its retries: every attempt at
	// request_timeout, every pause at the longest the client waits.
	maxWait, requestTimeout time.Duration
	maxRetries              int
	// readRetries and readTimeout are a read's own max_retries and
	// request_timeout, on the copy a read makes (readLimitsModel.apply):
	// nil and zero when the read has none.
	readRetries *int
	readTimeout time.Duration
	// apiKey, ordersUserID, ordersPassword and the given tokens say where
	// each credential came from, for errors that name the place to fix.
	apiKey, ordersUserID, ordersPassword source
	accessToken, ordersAccessToken       source
	// baseURL, tokenCacheDir and the limits say where those came from, for
	// hints.
	baseURL, tokenCacheDir           source
	requestTimeoutSrc, maxRetriesSrc source
	unknown                          []string
	unknownCreds                     map[client.Credential][]string
	// warned is whether this process has warned that the API refused a
	// given token, per credential; a pointer, so that the copies reads make
	// for their own limits share it.
	warned *givenWarnings
}

// givenWarnings is one flag per credential (see warnGivenTokenRefused).
type givenWarnings struct{ apiKey, orders atomic.Bool }

// first reports whether this is the first call for cred.
func (w *givenWarnings) first(cred client.Credential) bool {
	if cred == client.Orders {
		return w.orders.CompareAndSwap(false, true)
	}
	return w.apiKey.CompareAndSwap(false, true)
}

// apiClient gives a resource its client, or a diagnostic that says why there
// is none: the provider was not configured, or the parts of its
// configuration that the credential needs are not known yet. typeName names
// the resource type in that diagnostic.
func (pd *providerData) apiClient(typeName string, cred client.Credential, diags *diag.Diagnostics) *client.Client {
	switch {
	case pd == nil:
		diags.AddError("Provider Not Configured", "The liquidcommerce provider was not configured before "+typeName+
			" was used. This is a bug in Terraform or the provider; please report it.")
		return nil
	case len(pd.unknown) > 0:
		addUnknownError(pd.unknown, typeName, diags)
		return nil
	case len(pd.unknownCreds[cred]) > 0:
		addUnknownError(pd.unknownCreds[cred], typeName, diags)
		return nil
	}
	return pd.client
}

// addUnknownError explains why nothing can be read while the provider
// configuration is unknown, and what to do instead. Both Terraform and
// OpenTofu open ephemeral resources and read data sources during plan; OpenTofu
// rejects unknown results, so an error that names the way out is the one
// behavior that is right on both.
func addUnknownError(unknown []string, typeName string, diags *diag.Diagnostics) {
	verb := "is"
	if len(unknown) > 1 {
		verb = "are"
	}
	var env []string
	for _, name := range unknown {
		if v := envVars[name]; v != "" {
			env = append(env, v)
		}
	}
	fix := "Set the value statically"
	if len(env) > 0 {
		fix += ", or remove it from the provider block and set the " + strings.Join(env, " / ") + " environment variable"
		if len(env) > 1 {
			fix += "s"
		}
	}
	diags.AddError("LiquidCommerce Provider Configuration Not Known Yet",
		"The provider configuration's "+strings.Join(unknown, ", ")+" "+verb+" only known after apply (it refers to "+
			"a resource that is not created yet), but "+typeName+" needs the API during plan.\n\n"+
			fix+", or create what it depends on first (terraform apply -target=<that resource>), then run again.")
}

// given is where the token of cred minted elsewhere came from.
func (pd *providerData) given(cred client.Credential) source {
	if cred == client.Orders {
		return pd.ordersAccessToken
	}
	return pd.accessToken
}

// canLogIn reports whether the provider has the long-lived credential to
// log in with for cred: the API key, or both Orders user id and password.
func (pd *providerData) canLogIn(cred client.Credential) bool {
	if cred == client.Orders {
		return pd.ordersUserID.set && pd.ordersPassword.set
	}
	return pd.apiKey.set
}
