package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type constProvider struct{}

func newProvider() provider.Provider { return constProvider{} }

func (constProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "liquidcommerce"
}

func (constProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"api_key":             pschema.StringAttribute{Optional: true, Sensitive: true},
		"orders_user_id":      pschema.StringAttribute{Optional: true},
		"orders_password":     pschema.StringAttribute{Optional: true, Sensitive: true},
		"access_token":        pschema.StringAttribute{Optional: true, Sensitive: true},
		"orders_access_token": pschema.StringAttribute{Optional: true, Sensitive: true},
		"base_url":            pschema.StringAttribute{Optional: true},
		"request_timeout":     pschema.StringAttribute{Optional: true},
		"max_retries":         pschema.Int64Attribute{Optional: true},
		"token_cache_dir":     pschema.StringAttribute{Optional: true},
	}}
}

func (constProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (constProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (constProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		func() datasource.DataSource { return &tokenDataSource{suffix: "_access_token"} },
		func() datasource.DataSource { return &tokenDataSource{suffix: "_orders_access_token"} },
		func() datasource.DataSource { return &requestDataSource{} },
	}
}

func (constProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		func() ephemeral.EphemeralResource { return &tokenEphemeral{suffix: "_access_token"} },
		func() ephemeral.EphemeralResource { return &tokenEphemeral{suffix: "_orders_access_token"} },
		func() ephemeral.EphemeralResource { return &requestEphemeral{} },
	}
}

// The attribute sets of the real provider's types, as plain attributes.
type spec struct {
	optional, computed, sensitive, required bool
	int64, stringMap, dynamic, intList      bool
}

var (
	tokenSpecs = map[string]spec{
		"min_validity": {optional: true},
		"token":        {computed: true, sensitive: true},
		"type":         {computed: true},
		"exp":          {computed: true, int64: true},
		"expires_at":   {computed: true},
		"base_url":     {computed: true},
	}
	requestSpecs = map[string]spec{
		"path":                             {required: true},
		"method":                           {optional: true, computed: true},
		"query":                            {optional: true, stringMap: true},
		"body":                             {optional: true},
		"credentials":                      {optional: true, computed: true},
		"status_code":                      {computed: true, int64: true},
		"request_id":                       {computed: true},
		"response_body":                    {computed: true},
		"response_export_values":           {optional: true, stringMap: true},
		"sensitive_response_export_values": {optional: true, stringMap: true},
		"output":                           {computed: true, dynamic: true},
		"sensitive_output":                 {computed: true, dynamic: true, sensitive: true},
		"accept_status":                    {optional: true, intList: true},
		"max_retries":                      {optional: true, int64: true},
		"request_timeout":                  {optional: true},
	}
)

func dsAttrs(specs map[string]spec) map[string]dsschema.Attribute {
	out := map[string]dsschema.Attribute{}
	for n, s := range specs {
		switch {
		case s.int64:
			out[n] = dsschema.Int64Attribute{Optional: s.optional, Computed: s.computed, Required: s.required}
		case s.stringMap:
			out[n] = dsschema.MapAttribute{Optional: s.optional, ElementType: types.StringType}
		case s.dynamic:
			out[n] = dsschema.DynamicAttribute{Computed: s.computed, Sensitive: s.sensitive}
		case s.intList:
			out[n] = dsschema.ListAttribute{Optional: s.optional, ElementType: types.Int64Type}
		default:
			out[n] = dsschema.StringAttribute{Optional: s.optional, Computed: s.computed, Required: s.required, Sensitive: s.sensitive}
		}
	}
	return out
}

func ephAttrs(specs map[string]spec) map[string]ephschema.Attribute {
	out := map[string]ephschema.Attribute{}
	for n, s := range specs {
		switch {
		case s.int64:
			out[n] = ephschema.Int64Attribute{Optional: s.optional, Computed: s.computed, Required: s.required}
		case s.stringMap:
			out[n] = ephschema.MapAttribute{Optional: s.optional, ElementType: types.StringType}
		case s.dynamic:
			out[n] = ephschema.DynamicAttribute{Computed: s.computed, Sensitive: s.sensitive}
		case s.intList:
			out[n] = ephschema.ListAttribute{Optional: s.optional, ElementType: types.Int64Type}
		default:
			out[n] = ephschema.StringAttribute{Optional: s.optional, Computed: s.computed, Required: s.required, Sensitive: s.sensitive}
		}
	}
	return out
}

type tokenModel struct {
	MinValidity types.String `tfsdk:"min_validity"`
	Token       types.String `tfsdk:"token"`
	Type        types.String `tfsdk:"type"`
	Exp         types.Int64  `tfsdk:"exp"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	BaseURL     types.String `tfsdk:"base_url"`
}

func constToken(m *tokenModel) {
	m.Token = types.StringValue("constant-token-0123456789abcdef0123456789abcdef")
	m.Type = types.StringValue("ACCESS_TOKEN")
	m.Exp = types.Int64Value(4102444800000)
	m.ExpiresAt = types.StringValue("2100-01-01T00:00:00Z")
	m.BaseURL = types.StringValue("https://api.liquidcommerce.cloud")
}

type requestModel struct {
	Path         types.String `tfsdk:"path"`
	Method       types.String `tfsdk:"method"`
	Query        types.Map    `tfsdk:"query"`
	Body         types.String `tfsdk:"body"`
	Credentials  types.String `tfsdk:"credentials"`
	StatusCode   types.Int64  `tfsdk:"status_code"`
	RequestID    types.String `tfsdk:"request_id"`
	ResponseBody types.String `tfsdk:"response_body"`

	ResponseExportValues          types.Map     `tfsdk:"response_export_values"`
	SensitiveResponseExportValues types.Map     `tfsdk:"sensitive_response_export_values"`
	Output                        types.Dynamic `tfsdk:"output"`
	SensitiveOutput               types.Dynamic `tfsdk:"sensitive_output"`
	AcceptStatus                  types.List    `tfsdk:"accept_status"`
	MaxRetries                    types.Int64   `tfsdk:"max_retries"`
	RequestTimeout                types.String  `tfsdk:"request_timeout"`
}

func constResponse(m *requestModel) {
	if m.Method.IsNull() {
		m.Method = types.StringValue("GET")
	}
	if m.Credentials.IsNull() {
		m.Credentials = types.StringValue("api_key")
	}
	if m.Query.IsUnknown() {
		m.Query = types.MapNull(types.StringType)
	}
	m.StatusCode = types.Int64Value(200)
	m.RequestID = types.StringValue("reqid_constant")
	m.ResponseBody = types.StringValue(`{"statusCode":200,"message":"OK","products":[]}`)
	m.Output, m.SensitiveOutput = types.DynamicNull(), types.DynamicNull()
}

type tokenDataSource struct{ suffix string }

func (d *tokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.suffix
}

func (d *tokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{Attributes: dsAttrs(tokenSpecs)}
}

func (d *tokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m tokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	constToken(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type tokenEphemeral struct{ suffix string }

func (r *tokenEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.suffix
}

func (r *tokenEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephschema.Schema{Attributes: ephAttrs(tokenSpecs)}
}

func (r *tokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m tokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	constToken(&m)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

type requestDataSource struct{}

func (d *requestDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_request"
}

func (d *requestDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{Attributes: dsAttrs(requestSpecs)}
}

func (d *requestDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m requestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	constResponse(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type requestEphemeral struct{}

func (r *requestEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_request"
}

func (r *requestEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephschema.Schema{Attributes: ephAttrs(requestSpecs)}
}

func (r *requestEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m requestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	constResponse(&m)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
