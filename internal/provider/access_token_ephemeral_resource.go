package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

var (
	_ ephemeral.EphemeralResource          = &tokenEphemeralResource{}
	_ ephemeral.EphemeralResourceWithRenew = &tokenEphemeralResource{}
)

// renewLead is how long before expiry Terraform is asked to call Renew, so the
// warning comes while the token still works.
const renewLead = time.Minute

// privateKeyExpiresAt is the private-data key under which Open leaves the
// token's local expiry for Renew, as a JSON number of Unix milliseconds. It
// holds no secret.
const privateKeyExpiresAt = "expires_at"

// newAccessTokenEphemeralResource returns the liquidcommerce_access_token
// ephemeral resource.
func newAccessTokenEphemeralResource(p *liquidCommerceProvider) ephemeral.EphemeralResource {
	return &tokenEphemeralResource{typeBase: typeBase{p}, kind: accessToken}
}

// tokenEphemeralResource is the ephemeral resource of a token kind.
type tokenEphemeralResource struct {
	typeBase
	kind *tokenKind
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
			"`min_validity` left. There is no revocation endpoint, so closing does nothing; the token simply expires." +
			k.givenDesc() + " Such a token is not renewed: Terraform gets no renewal time for it.",
		Attributes: ephemeralSchema(k.attributes()),
	}
}

func (r *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	m, tok, ok := r.kind.read(ctx, r.providerData(), req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	if tok.Exp == 0 {
		// A token given to the provider: its expiry is unknown, so there is
		// nothing to renew and no time to warn at.
		tflog.Debug(ctx, "Opened liquidcommerce"+r.kind.suffix+" with the token given to the provider")
		return
	}
	resp.RenewAt = renewAt(tok, time.Now())
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyExpiresAt, strconv.AppendInt(nil, tok.LocalExpiry.UnixMilli(), 10))...)
	tflog.Debug(maskSecrets(ctx, tok.Value), "Opened liquidcommerce"+r.kind.suffix, map[string]any{"exp": tok.Exp, "renew_at_ms": resp.RenewAt.UnixMilli()})
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
	raw, diags := req.Private.GetKey(ctx, privateKeyExpiresAt)
	resp.Diagnostics.Append(diags...)
	when := "shortly"
	if ms, err := strconv.ParseInt(string(raw), 10, 64); err == nil && ms > 0 {
		at := time.UnixMilli(ms)
		when = fmt.Sprintf("at %s (in %s)", at.UTC().Format(time.RFC3339), time.Until(at).Round(time.Second))
	}
	resp.Diagnostics.AddWarning(r.kind.title+" About to Expire",
		"The token from liquidcommerce"+r.kind.suffix+" expires "+when+". An ephemeral resource cannot replace its "+
			"value during a run, so anything that still uses this token afterwards will be rejected by the API.\n\n"+
			"If runs take this long, raise min_validity so each run starts with a token that outlasts it, "+
			"or split the run.")
}
