package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// defaultMinValidity is how long a token handed out stays valid at least when
// min_validity is not set: long enough for an ordinary run to use it.
const defaultMinValidity = 5 * time.Minute

// tokenKind is what sets one token type apart from another: its name, the
// credential it logs in with, and the words its docs use. The data source
// and the ephemeral resource of every kind share one implementation.
type tokenKind struct {
	// suffix follows the provider's type name, e.g. "_access_token".
	suffix     string
	credential client.Credential
	// what names the token in descriptions, title in diagnostic summaries.
	what  string
	title string
	// typeDesc describes the type attribute; lifetime says how long the
	// API's tokens live.
	typeDesc string
	lifetime string
	// login names the request the token comes from; givenAttr the provider
	// attribute that gives a token of the kind minted elsewhere.
	login, givenAttr string
}

// accessToken is liquidcommerce_access_token: the API-key token every
// endpoint but the Orders API takes.
var accessToken = &tokenKind{
	suffix: "_access_token", credential: client.APIKey, what: "LiquidCommerce access token",
	title:    "LiquidCommerce Access Token",
	typeDesc: "The token type as the API returns it, `ACCESS_TOKEN`.", lifetime: "24h",
	login: "`GET /authentication` with the provider's `api_key`", givenAttr: "access_token",
}

// givenDesc tells, for both types' descriptions, what they return when the
// provider is given a token of the kind.
func (k *tokenKind) givenDesc() string {
	return " When the provider is given a token minted elsewhere (`" + k.givenAttr + "`), this returns that " +
		"token without a login, with `exp` and `expires_at` null, since its expiry is unknown."
}

// accessTokenModel is the shape shared by the data source and the ephemeral
// resource of every token kind.
type accessTokenModel struct {
	MinValidity types.String `tfsdk:"min_validity"`
	Token       types.String `tfsdk:"token"`
	Type        types.String `tfsdk:"type"`
	Exp         types.Int64  `tfsdk:"exp"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	BaseURL     types.String `tfsdk:"base_url"`
}

// Attribute descriptions shared by both schemas of every kind.
const (
	descToken = "The bearer token, for `Authorization: Bearer <token>` on LiquidCommerce API calls. Sensitive."
	descExp   = "Expiry exactly as the API returns it: Unix time in milliseconds. Null for a token given to the " +
		"provider (`access_token`, `orders_access_token`), whose expiry is unknown."
	descExpiresAt = "The same instant as `exp`, as an RFC 3339 UTC timestamp (with the milliseconds of `exp`, when not " +
		"zero). Null when `exp` is."
	descBaseURL = "The base URL of the API the token is for: the provider's `base_url` as it resolved it (the " +
		"attribute, else `LIQUIDCOMMERCE_BASE_URL`, else `" + client.DefaultBaseURL + "`), without a trailing slash. " +
		"Join API paths to it, so that calls made with the token go to the API that issued it, in staging as in " +
		"production, never to a host written into the configuration."
)

func (k *tokenKind) descMinValidity() string {
	return "How long the returned token must stay valid at least, as a Go duration such as `30m` or `2h`. " +
		"A cached token with less validity left is replaced by a new one, and a token the API hands out with less " +
		"left is an error that names its expiry. Must be shorter than the lifetime of the tokens the API issues (" +
		k.lifetime + "). Defaults to `5m`, or half the lifetime of the token at hand when it lives shorter than 10m. " +
		"Not checked for a token given to the provider in `" + k.givenAttr + "`, whose expiry is unknown: " +
		"setting it then gives a warning."
}

// attributes are the schema of both types of the kind.
func (k *tokenKind) attributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"min_validity": dsschema.StringAttribute{MarkdownDescription: k.descMinValidity(), Optional: true,
			Validators: []validator.String{atLeast(0)}},
		"token":      dsschema.StringAttribute{MarkdownDescription: descToken, Computed: true, Sensitive: true},
		"type":       dsschema.StringAttribute{MarkdownDescription: k.typeDesc, Computed: true},
		"exp":        dsschema.Int64Attribute{MarkdownDescription: descExp, Computed: true},
		"expires_at": dsschema.StringAttribute{MarkdownDescription: descExpiresAt, Computed: true},
		"base_url":   dsschema.StringAttribute{MarkdownDescription: descBaseURL, Computed: true},
	}
}

// minValidity reads min_validity: a requirement when set, else a
// preference for defaultMinValidity that short-lived tokens may not meet.
func (m *accessTokenModel) minValidity(diags *diag.Diagnostics) client.Validity {
	if m.MinValidity.IsNull() || m.MinValidity.IsUnknown() {
		return client.Validity{Min: defaultMinValidity, Preferred: true}
	}
	// The validator has checked it; a value known only now is checked here.
	d, err := time.ParseDuration(m.MinValidity.ValueString())
	if err != nil || d < 0 {
		diags.AddAttributeError(path.Root("min_validity"), "Invalid min_validity",
			fmt.Sprintf("min_validity must be a Go duration of 0s or more, such as \"30m\"; got %q.", m.MinValidity.ValueString()))
	}
	return client.Validity{Min: d}
}

// set copies a token into the model. A token given to the provider has no
// known expiry: exp and expires_at are null, and so is a type not known.
func (m *accessTokenModel) set(tok client.Token) {
	m.Token = types.StringValue(tok.Value)
	m.Type, m.Exp, m.ExpiresAt = types.StringNull(), types.Int64Null(), types.StringNull()
	if tok.Type != "" {
		m.Type = types.StringValue(tok.Type)
	}
	if tok.Exp != 0 {
		m.Exp = types.Int64Value(tok.Exp)
		// RFC3339Nano keeps the milliseconds of exp, so both name the same instant.
		m.ExpiresAt = types.StringValue(tok.ExpiresAt.UTC().Format(time.RFC3339Nano))
	}
}

// read reads the configuration of either type of the kind and fills the
// model from the provider's shared client. A log line of the caller's that
// could hold the token goes through maskSecrets; the framework logs no
// attribute values.
func (k *tokenKind) read(ctx context.Context, pd *providerData, cfg tfsdk.Config, diags *diag.Diagnostics) (accessTokenModel, client.Token, bool) {
	var m accessTokenModel
	diags.Append(cfg.Get(ctx, &m)...)
	v := m.minValidity(diags)
	if diags.HasError() {
		return m, client.Token{}, false
	}
	c := pd.apiClient("liquidcommerce"+k.suffix, k.credential, diags)
	if c == nil {
		return m, client.Token{}, false
	}
	tok, err := c.Token(ctx, k.credential, v)
	var lifetime *client.TokenLifetimeError
	switch {
	case errors.As(err, &lifetime):
		diags.AddAttributeError(path.Root("min_validity"), "Token Lifetime Shorter Than min_validity",
			fmt.Sprintf("The LiquidCommerce API handed out a token that expires at %s, in %s, but min_validity asks for %s. "+
				"The API may hand back a token it issued earlier, with less time left. "+
				"Lower min_validity, or leave it unset to take any token with enough time left for the run.",
				lifetime.ExpiresAt.UTC().Format(time.RFC3339), lifetime.Remaining.Round(time.Second), lifetime.MinValidity)+
				supportLine(lifetime.RequestID))
	case err != nil:
		addClientError(diags, err, pd)
	}
	if err != nil {
		return m, client.Token{}, false
	}
	if given := pd.given(k.credential); tok.Exp == 0 && !m.MinValidity.IsNull() {
		diags.AddAttributeWarning(path.Root("min_validity"), "min_validity Not Checked",
			"The "+k.what+" is the one given in "+given.origin()+", minted elsewhere: its expiry is unknown, so "+
				"the provider cannot check that it stays valid for "+m.MinValidity.ValueString()+". It returns the "+
				"token as it was given, with exp and expires_at null. Mint tokens with enough time left for the "+
				"runs that use them, or remove min_validity.")
	}
	m.set(tok)
	m.BaseURL = types.StringValue(c.BaseURL())
	return m, tok, true
}
