package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = &tokenEphemeralResource{}
	_ ephemeral.EphemeralResourceWithRenew     = &tokenEphemeralResource{}
)

// renewLead is how long before expiry Terraform is asked to call Renew, so the
// warning comes while the token still works.
const renewLead = time.Minute

// privateKeyExpiresAt is the private-data key under which Open leaves the
// token's expiry for Renew.
const privateKeyExpiresAt = "expires_at"

// NewAccessTokenEphemeralResource returns the liquidcommerce_access_token
// ephemeral resource.
func NewAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &tokenEphemeralResource{kind: accessToken}
}

// tokenEphemeralResource is the ephemeral resource of a token kind.
type tokenEphemeralResource struct {
	ephemeralBase
	kind *tokenKind
}

// tokenPrivate is what Open leaves for Renew. It holds no secret.
type tokenPrivate struct {
	ExpiresAt time.Time `json:"expires_at"`
}

func (r *tokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.suffix
}

func (r *tokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	k := r.kind
	resp.Schema = schema.Schema{
		MarkdownDescription: "A " + k.what + ", from " + k.login + ", that is never stored in the plan or state. " +
			"Requires Terraform 1.10+ or OpenTofu 1.11+. Tokens come from the provider's shared cache: " +
			"every instance with the same provider configuration gets the same token while it has at least " +
			"`min_validity` left. There is no revocation endpoint, so closing does nothing; the token simply expires.",
		Attributes: ephemeralAttributes(k.attributes()),
	}
}

func (r *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx, m, tok, ok := r.kind.read(ctx, r.data, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)

	resp.RenewAt = renewAt(tok, time.Now())
	private, err := json.Marshal(tokenPrivate{ExpiresAt: tok.LocalExpiry})
	if err == nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyExpiresAt, private)...)
	}
	tflog.Debug(ctx, "Opened liquidcommerce"+r.kind.suffix, map[string]any{
		"expires_at": tok.ExpiresAt.Format(time.RFC3339), "renew_at": resp.RenewAt.Format(time.RFC3339),
	})
}

// renewAt is when Terraform should call Renew: shortly before the token
// expires by the local clock, or halfway through a very short lifetime.
func renewAt(tok client.Token, now time.Time) time.Time {
	lead := renewLead
	if left := tok.Remaining(now); left < 2*lead {
		lead = left / 2
	}
	return tok.LocalExpiry.Add(-lead)
}

// Renew cannot hand Terraform a new token: an ephemeral resource's values are
// fixed once opened. It warns that the token is about to expire instead.
func (r *tokenEphemeralResource) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	var p tokenPrivate
	raw, diags := req.Private.GetKey(ctx, privateKeyExpiresAt)
	resp.Diagnostics.Append(diags...)
	when := "shortly"
	if len(raw) > 0 && json.Unmarshal(raw, &p) == nil && !p.ExpiresAt.IsZero() {
		when = fmt.Sprintf("at %s (in %s)", p.ExpiresAt.UTC().Format(time.RFC3339), time.Until(p.ExpiresAt).Round(time.Second))
	}
	resp.Diagnostics.AddWarning(r.kind.title+" About to Expire",
		"The token from liquidcommerce"+r.kind.suffix+" expires "+when+". An ephemeral resource cannot replace its "+
			"value during a run, so anything that still uses this token afterwards will be rejected by the API.\n\n"+
			"If runs take this long, raise min_validity so each run starts with a token that outlasts it, "+
			"or split the run.")
}
