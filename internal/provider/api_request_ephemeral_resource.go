package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

var (
	_ ephemeral.EphemeralResource                   = &apiRequestEphemeralResource{}
	_ ephemeral.EphemeralResourceWithValidateConfig = &apiRequestEphemeralResource{}
)

// newAPIRequestEphemeralResource returns the liquidcommerce_api_request
// ephemeral resource.
func newAPIRequestEphemeralResource(p *liquidCommerceProvider) ephemeral.EphemeralResource {
	return &apiRequestEphemeralResource{typeBase{p}}
}

type apiRequestEphemeralResource struct {
	typeBase
}

func (r *apiRequestEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_request"
}

func (r *apiRequestEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An authenticated read of the LiquidCommerce API through the provider's credentials, shared " +
			"token cache, retries and diagnostics, whose response is never stored in the plan or state. Requires " +
			"Terraform 1.10+ or OpenTofu 1.11+. It runs at plan and again at apply, so use it for reads and lookups only.",
		Attributes: ephemeralSchema(apiRequestAttributes),
	}
}

func (r *apiRequestEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	validateAPIRequest(ctx, req.Config, &resp.Diagnostics)
}

func (r *apiRequestEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	m, ok := readAPIRequest(ctx, r.providerData(), req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
