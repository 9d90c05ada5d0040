// Package provider implements the liquidcommerce Terraform provider on
// terraform-plugin-framework. It knows Terraform; everything about HTTP and
// the LiquidCommerce API lives in internal/client.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// Environment variables the provider reads when the attribute is not set.
const (
	EnvAPIKey         = "LIQUIDCOMMERCE_API_KEY"
	EnvBaseURL        = "LIQUIDCOMMERCE_BASE_URL"
	EnvOrdersUserID   = "LIQUIDCOMMERCE_ORDERS_USER_ID"
	EnvOrdersPassword = "LIQUIDCOMMERCE_ORDERS_PASSWORD"
)

const maxMaxRetries = 10

var (
	_ provider.Provider                       = &liquidCommerceProvider{}
	_ provider.ProviderWithEphemeralResources = &liquidCommerceProvider{}
)

type liquidCommerceProvider struct {
	version string
	// data is what Configure made of the provider configuration, for the
	// types to read when they run (see typeBase).
	data atomic.Pointer[providerData]
}

// New returns a function that builds the provider, as providerserver wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &liquidCommerceProvider{version: version}
	}
}

type providerModel struct {
	APIKey         types.String `tfsdk:"api_key"`
	OrdersUserID   types.String `tfsdk:"orders_user_id"`
	OrdersPassword types.String `tfsdk:"orders_password"`
	BaseURL        types.String `tfsdk:"base_url"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
}

func (p *liquidCommerceProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "liquidcommerce"
	resp.Version = p.version
}

func (p *liquidCommerceProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The LiquidCommerce provider exchanges a LiquidCommerce API key (and, for the Orders API, " +
			"an Orders user id and password) for bearer tokens, and shares one token cache per credential among " +
			"everything that uses the same provider configuration.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce API key, sent as `X-LIQUID-API-KEY` to `GET /authentication`. " +
					"Defaults to the `" + EnvAPIKey + "` environment variable. Required by everything that needs a token.",
				Optional:  true,
				Sensitive: true,
			},
			"orders_user_id": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce Orders API user id, sent with `orders_password` as HTTP Basic credentials to " +
					"`GET /order-authentication`. Defaults to the `" + EnvOrdersUserID + "` environment variable. " +
					"Needed only by what uses the Orders API: `liquidcommerce_orders_access_token`, and " +
					"`liquidcommerce_api_request` with `credentials = \"orders\"`.",
				Optional: true,
			},
			"orders_password": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce Orders API password. Defaults to the `" + EnvOrdersPassword + "` " +
					"environment variable. Needed only by what uses the Orders API.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the LiquidCommerce API; API paths such as `/authentication` are joined to it. " +
					"Defaults to the `" + EnvBaseURL + "` environment variable, then `" + client.DefaultBaseURL + "`. " +
					"Use `https://staging.api.liquidcommerce.cloud` for staging, or add a path prefix such as `/api`. " +
					"Must use `https`; `http` is accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`).",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of each HTTP request, as a Go duration such as `30s` or `1m`. " +
					"Defaults to `" + client.DefaultRequestTimeout.String() + "`.",
				Optional:   true,
				Validators: []validator.String{atLeast(time.Millisecond)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after a transient failure "+
					"(429, 502, 503, 504 or a connection error), with exponential backoff that honors `Retry-After`. "+
					"`0` disables retries. Defaults to `%d`, at most `%d`.", client.DefaultMaxRetries, maxMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
		},
	}
}

func (p *liquidCommerceProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that comes from a resource not yet created is unknown during
	// plan. Nothing can use it yet. Settings of the client stop everything;
	// an unknown credential stops only what uses that credential.
	pd := &providerData{unknownCreds: map[client.Credential][]string{}}
	for _, a := range []struct {
		name string
		cred client.Credential
		v    types.String
	}{
		{"api_key", client.APIKey, cfg.APIKey},
		{"orders_user_id", client.Orders, cfg.OrdersUserID},
		{"orders_password", client.Orders, cfg.OrdersPassword},
	} {
		if a.v.IsUnknown() {
			pd.unknownCreds[a.cred] = append(pd.unknownCreds[a.cred], a.name)
		}
	}
	for _, a := range []struct {
		name string
		v    attr.Value
	}{{"base_url", cfg.BaseURL}, {"request_timeout", cfg.RequestTimeout}, {"max_retries", cfg.MaxRetries}} {
		if a.v.IsUnknown() {
			pd.unknown = append(pd.unknown, a.name)
		}
	}
	if len(pd.unknown) > 0 {
		tflog.Debug(ctx, "LiquidCommerce provider configuration is not known yet", map[string]any{"unknown": pd.unknown})
		p.data.Store(pd)
		return
	}

	apiKey := valueOrEnv(cfg.APIKey, EnvAPIKey)
	ordersUserID, ordersPassword := valueOrEnv(cfg.OrdersUserID, EnvOrdersUserID), valueOrEnv(cfg.OrdersPassword, EnvOrdersPassword)
	ctx = maskSecrets(ctx, apiKey, ordersPassword)

	baseURL, baseURLFrom := cfg.BaseURL.ValueString(), "base_url"
	if cfg.BaseURL.IsNull() {
		baseURL, baseURLFrom = os.Getenv(EnvBaseURL), EnvBaseURL
		if baseURL == "" {
			baseURL = client.DefaultBaseURL
		}
	}

	timeout := client.DefaultRequestTimeout
	if !cfg.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid Duration",
				fmt.Sprintf("request_timeout must be a Go duration such as \"30s\" or \"1m\"; got %q.", cfg.RequestTimeout.ValueString()))
		}
		timeout = d
	}
	maxRetries := client.DefaultMaxRetries
	if !cfg.MaxRetries.IsNull() {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if resp.Diagnostics.HasError() {
		return
	}

	c, err := client.New(client.Config{
		APIKey:         apiKey,
		OrdersUserID:   ordersUserID,
		OrdersPassword: ordersPassword,
		BaseURL:        baseURL,
		RequestTimeout: timeout,
		MaxRetries:     maxRetries,
		UserAgent:      userAgent(p.version, req.TerraformVersion),
		Logger:         tflogLogger{secrets: []string{apiKey, ordersPassword}},
	})
	if err != nil {
		addConfigError(&resp.Diagnostics, err, map[string]bool{
			"api_key": cfg.APIKey.IsNull(), "base_url": baseURLFrom == EnvBaseURL,
			"orders_user_id": cfg.OrdersUserID.IsNull(), "orders_password": cfg.OrdersPassword.IsNull(),
		})
		return
	}
	tflog.Debug(ctx, "Configured LiquidCommerce client", map[string]any{
		"base_url": c.BaseURL(), "api_key_set": apiKey != "", "orders_credentials_set": ordersUserID != "" && ordersPassword != "",
		"request_timeout": timeout.String(), "max_retries": maxRetries,
	})
	pd.client = c
	pd.maxWait = maxWait(timeout, maxRetries)
	for name, v := range map[string]string{"orders_user_id": ordersUserID, "orders_password": ordersPassword} {
		if strings.TrimSpace(v) == "" {
			pd.ordersMissing = append(pd.ordersMissing, name)
		}
	}
	slices.Sort(pd.ordersMissing)
	p.data.Store(pd)
}

// maxWait bounds one request with its retries: every attempt at the
// timeout, every pause between them at the longest the client waits.
func maxWait(timeout time.Duration, retries int) time.Duration {
	n := time.Duration(retries)
	return (n+1)*timeout + n*max(client.DefaultRetryWaitMax, client.DefaultMaxRetryAfter)
}

// valueOrEnv is the attribute's value, or the environment variable's when
// the attribute is not set.
func valueOrEnv(v types.String, env string) string {
	if v.IsNull() {
		return os.Getenv(env)
	}
	return v.ValueString()
}

// envVars names the environment variable behind each attribute that has one.
var envVars = map[string]string{
	"api_key": EnvAPIKey, "base_url": EnvBaseURL, "orders_user_id": EnvOrdersUserID, "orders_password": EnvOrdersPassword,
}

// addConfigError reports a setting the client refused, on the attribute, or
// on the environment variable when the value came from there. The value
// itself is never repeated: it may be a secret.
func addConfigError(diags *diag.Diagnostics, err error, fromEnv map[string]bool) {
	var ce *client.ConfigError
	if !errors.As(err, &ce) {
		diags.AddError("Cannot Configure LiquidCommerce Client", err.Error())
		return
	}
	if env := envVars[ce.Field]; env != "" && fromEnv[ce.Field] {
		diags.AddError("Invalid "+env, fmt.Sprintf("The %s environment variable is not usable as %s: %s.", env, ce.Field, ce.Reason))
		return
	}
	diags.AddAttributeError(path.Root(ce.Field), "Invalid LiquidCommerce Provider Setting", reason(err)+".")
}

func (p *liquidCommerceProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

func (p *liquidCommerceProvider) DataSources(context.Context) []func() datasource.DataSource {
	return bind(p,
		newAccessTokenDataSource,
		newOrdersAccessTokenDataSource,
		newAPIRequestDataSource,
	)
}

func (p *liquidCommerceProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return bind(p,
		newAccessTokenEphemeralResource,
		newOrdersAccessTokenEphemeralResource,
		newAPIRequestEphemeralResource,
	)
}

func userAgent(version, terraformVersion string) string {
	if version == "" {
		version = "dev"
	}
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-liquidcommerce/%s (+https://registry.terraform.io/providers/liquidcommerce/liquidcommerce) Terraform/%s",
		version, terraformVersion)
}
