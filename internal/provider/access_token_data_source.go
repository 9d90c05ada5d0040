package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ datasource.DataSourceWithConfigure = &accessTokenDataSource{}

// NewAccessTokenDataSource returns the liquidcommerce_access_token data source.
func NewAccessTokenDataSource() datasource.DataSource {
	return &accessTokenDataSource{}
}

type accessTokenDataSource struct {
	data *providerData
}

func (d *accessTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (d *accessTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A LiquidCommerce access token. **The token is written to the Terraform state** " +
			"(marked sensitive, but stored in plain text). With Terraform 1.10+ or OpenTofu 1.11+, use the " +
			"`liquidcommerce_access_token` ephemeral resource instead, which never stores it.",
		Attributes: map[string]schema.Attribute{
			"min_validity": schema.StringAttribute{
				MarkdownDescription: descMinValidity,
				Optional:            true,
				CustomType:          timetypes.GoDurationType{},
				Validators:          []validator.String{durationAtLeast{min: 0}},
			},
			"token":      schema.StringAttribute{MarkdownDescription: descToken, Computed: true, Sensitive: true},
			"type":       schema.StringAttribute{MarkdownDescription: descType, Computed: true},
			"exp":        schema.Int64Attribute{MarkdownDescription: descExp, Computed: true},
			"expires_at": schema.StringAttribute{MarkdownDescription: descExpiresAt, Computed: true, CustomType: timetypes.RFC3339Type{}},
		},
	}
}

func (d *accessTokenDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *accessTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, m, _, ok := readAccessToken(ctx, d.data, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
