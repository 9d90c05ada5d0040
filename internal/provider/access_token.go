package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// defaultMinValidity is how long a token handed out stays valid at least when
// min_validity is not set: long enough for an ordinary run to use it.
const defaultMinValidity = 5 * time.Minute

// accessTokenModel is the shape shared by the data source and the ephemeral
// resource of the same name.
type accessTokenModel struct {
	MinValidity timetypes.GoDuration `tfsdk:"min_validity"`
	Token       types.String         `tfsdk:"token"`
	Type        types.String         `tfsdk:"type"`
	Exp         types.Int64          `tfsdk:"exp"`
	ExpiresAt   timetypes.RFC3339    `tfsdk:"expires_at"`
}

// Attribute descriptions shared by both schemas.
const (
	descToken       = "The bearer token, for `Authorization: Bearer <token>` on LiquidCommerce API calls. Sensitive."
	descType        = "The token type as the API returns it, `ACCESS_TOKEN`."
	descExp         = "Expiry exactly as the API returns it: Unix time in milliseconds."
	descExpiresAt   = "The same instant as `exp`, as an RFC 3339 UTC timestamp (with the milliseconds of `exp`, when not zero)."
	descMinValidity = "How long the returned token must stay valid at least, as a Go duration such as `30m` or `2h`. " +
		"A cached token with less validity left is replaced by a new one. Must be shorter than the lifetime " +
		"of the tokens the API issues (24h). Defaults to `5m`, or half the token lifetime if tokens live shorter than 10m."
)

// minValidity reads min_validity: a requirement when set, else a
// preference for defaultMinValidity that short-lived tokens may not meet.
func (m *accessTokenModel) minValidity(diags *diag.Diagnostics) client.Validity {
	if m.MinValidity.IsNull() || m.MinValidity.IsUnknown() {
		return client.Validity{Min: defaultMinValidity, Preferred: true}
	}
	d, ds := m.MinValidity.ValueGoDuration()
	diags.Append(ds...)
	if d < 0 {
		diags.AddAttributeError(path.Root("min_validity"), "Invalid min_validity", "min_validity must not be negative.")
	}
	return client.Validity{Min: d}
}

// set copies a token into the model.
func (m *accessTokenModel) set(tok client.Token) {
	m.Token = types.StringValue(tok.Value)
	m.Type = types.StringValue(tok.Type)
	m.Exp = types.Int64Value(tok.Exp)
	// RFC3339Nano keeps the milliseconds of exp, so both name the same instant.
	m.ExpiresAt = timetypes.NewRFC3339ValueMust(tok.ExpiresAt.UTC().Format(time.RFC3339Nano))
}

// readAccessToken reads the configuration of either token kind and fills
// the model from the provider's shared client. The returned context masks
// the token in every later log line.
func readAccessToken(ctx context.Context, pd *providerData, cfg tfsdk.Config, diags *diag.Diagnostics) (context.Context, accessTokenModel, client.Token, bool) {
	var m accessTokenModel
	diags.Append(cfg.Get(ctx, &m)...)
	v := m.minValidity(diags)
	if diags.HasError() {
		return ctx, m, client.Token{}, false
	}
	c := pd.apiClient("liquidcommerce_access_token", diags)
	if c == nil {
		return ctx, m, client.Token{}, false
	}
	tok, err := c.Token(ctx, v)
	if err != nil {
		addTokenError(diags, err, c)
		return ctx, m, client.Token{}, false
	}
	m.set(tok)
	return maskSecrets(ctx, tok.Value), m, tok, true
}

// addTokenError reports a token that could not be had: a validity the
// token cannot meet on min_validity, anything else as every endpoint does.
func addTokenError(diags *diag.Diagnostics, err error, c *client.Client) {
	if errors.As(err, new(*client.TokenLifetimeError)) {
		summary, detail := describeError(err, c)
		diags.AddAttributeError(path.Root("min_validity"), summary, detail)
		return
	}
	addClientError(diags, err, c)
}
