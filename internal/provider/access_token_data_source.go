package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var _ datasource.DataSource = &tokenDataSource{}

// newAccessTokenDataSource returns the liquidcommerce_access_token data source.
func newAccessTokenDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &tokenDataSource{typeBase: typeBase{p}, kind: accessToken}
}

// tokenDataSource is the data source of a token kind.
type tokenDataSource struct {
	typeBase
	kind *tokenKind
}

func (d *tokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.kind.suffix
}

func (d *tokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	k := d.kind
	resp.Schema = schema.Schema{
		MarkdownDescription: "A " + k.what + ", from " + k.login + ". **The token is written to the Terraform state** " +
			"(marked sensitive, but stored in plain text). With Terraform 1.10+ or OpenTofu 1.11+, use the " +
			"`liquidcommerce" + k.suffix + "` ephemeral resource instead, which never stores it." + k.givenDesc(),
		Attributes: k.attributes(),
	}
}

func (d *tokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m, _, ok := d.kind.read(ctx, d.providerData(), req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
