package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource                   = &apiRequestDataSource{}
	_ datasource.DataSourceWithValidateConfig = &apiRequestDataSource{}
)

// newAPIRequestDataSource returns the liquidcommerce_api_request data source.
func newAPIRequestDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &apiRequestDataSource{typeBase{p}}
}

type apiRequestDataSource struct {
	typeBase
}

func (d *apiRequestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_request"
}

func (d *apiRequestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An authenticated read of the LiquidCommerce API through the provider's credentials, shared " +
			"token cache, retries and diagnostics. It runs at every plan. With `response_export_values` or " +
			"`sensitive_response_export_values`, only the values they export are written to the Terraform state; " +
			"without them, **the whole response body is**. For personal data such as orders, export only what you " +
			"need, or use the `liquidcommerce_api_request` ephemeral resource (Terraform 1.10+, OpenTofu 1.11+), " +
			"which never stores anything.",
		Attributes: apiRequestAttributes,
	}
}

func (d *apiRequestDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateAPIRequest(ctx, req.Config, &resp.Diagnostics)
}

func (d *apiRequestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, ok := readAPIRequest(ctx, d.providerData(), req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	// With exports, the state holds what they select and nothing else.
	if m.exporting() {
		m.ResponseBody = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
