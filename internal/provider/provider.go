// Package provider implements the liquidcommerce Terraform provider on
// terraform-plugin-framework. It knows Terraform; everything about HTTP and
// the LiquidCommerce API lives in internal/client.
package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

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
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/tokencache"
)

// Environment variables the provider reads when the attribute is not set.
// An empty attribute or variable counts as unset.
const (
	EnvAPIKey         = "LIQUIDCOMMERCE_API_KEY"
	EnvBaseURL        = "LIQUIDCOMMERCE_BASE_URL"
	EnvOrdersUserID   = "LIQUIDCOMMERCE_ORDERS_USER_ID"
	EnvOrdersPassword = "LIQUIDCOMMERCE_ORDERS_PASSWORD"
	EnvRequestTimeout = "LIQUIDCOMMERCE_REQUEST_TIMEOUT"
	EnvMaxRetries     = "LIQUIDCOMMERCE_MAX_RETRIES"
	// Tokens minted elsewhere, used instead of logging in.
	EnvAccessToken       = "LIQUIDCOMMERCE_ACCESS_TOKEN"
	EnvOrdersAccessToken = "LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN"
)

// EnvTokenCacheDir (in token_cache.go) turns on the token cache on disk.

const maxMaxRetries = 10

// blankIsUnset is the rule for every string setting, said in its description.
const blankIsUnset = "An empty value, here or in the environment variable, counts as unset " +
	"(so does one of only spaces)."

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
	APIKey            types.String `tfsdk:"api_key"`
	AccessToken       types.String `tfsdk:"access_token"`
	OrdersUserID      types.String `tfsdk:"orders_user_id"`
	OrdersPassword    types.String `tfsdk:"orders_password"`
	OrdersAccessToken types.String `tfsdk:"orders_access_token"`
	BaseURL           types.String `tfsdk:"base_url"`
	RequestTimeout    types.String `tfsdk:"request_timeout"`
	MaxRetries        types.Number `tfsdk:"max_retries"`
	TokenCacheDir     types.String `tfsdk:"token_cache_dir"`
}

func (p *liquidCommerceProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "liquidcommerce"
	resp.Version = p.version
}

func (p *liquidCommerceProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The LiquidCommerce provider exchanges a LiquidCommerce API key (and, for the Orders API, " +
			"an Orders user id and password) for bearer tokens, and shares one token cache per credential among " +
			"everything that uses the same provider configuration. It can also take tokens minted elsewhere " +
			"(`access_token`, `orders_access_token`), so that many runs share one login.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce API key, sent as `X-LIQUID-API-KEY` to `GET /authentication`. " +
					"Defaults to the `" + EnvAPIKey + "` environment variable. " + blankIsUnset +
					" Required by everything that needs an access token, unless `access_token` is set; with both set, " +
					"the provider logs in with the key only when the API refuses the given token.",
				Optional:  true,
				Sensitive: true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "An access token minted elsewhere (by `GET /authentication`, or by " +
					"`liquidcommerce_access_token` in another configuration), used instead of logging in: " +
					"while it is set, the provider makes no login with `api_key`, so that many runs share one " +
					"login. Defaults to the `" + EnvAccessToken + "` environment variable. " + blankIsUnset +
					" Its expiry is unknown to the provider, which sends it as it is and never asks to refresh it; " +
					"a token the API hands back in an `auth` object replaces it. When the API refuses it (HTTP 401: " +
					"expired after its day, or revoked), the provider logs in once (per provider process) with " +
					"`api_key` if that is set, and otherwise fails with an error that names where the token came " +
					"from. When the login's token then works where the given one was refused, the read also gets a " +
					"warning (once per provider process) that names where the token came from, never the token: " +
					"every job given it logs in, so mint a new one for the jobs. An `api_key` not known until apply " +
					"does not stop the reads this token serves. " +
					"Tokens last a day: mint one per pipeline run, not per day.",
				Optional:  true,
				Sensitive: true,
			},
			"orders_user_id": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce Orders API user id, sent with `orders_password` as HTTP Basic credentials to " +
					"`GET /order-authentication`. Defaults to the `" + EnvOrdersUserID + "` environment variable. " +
					blankIsUnset + " Needed only by what uses the Orders API: " +
					"`liquidcommerce_orders_access_token`, and " +
					"`liquidcommerce_api_request` with `credentials = \"orders\"`.",
				Optional: true,
			},
			"orders_password": schema.StringAttribute{
				MarkdownDescription: "LiquidCommerce Orders API password. Defaults to the `" + EnvOrdersPassword + "` " +
					"environment variable. An empty value, here or in the environment variable, counts as " +
					"unset (so does one of only line breaks; spaces belong to the password). Needed only by " +
					"what uses the Orders API, unless `orders_access_token` is set.",
				Optional:  true,
				Sensitive: true,
			},
			"orders_access_token": schema.StringAttribute{
				MarkdownDescription: "An Orders API token minted elsewhere (by `GET /order-authentication`, or by " +
					"`liquidcommerce_orders_access_token` in another configuration), used instead of logging in " +
					"with `orders_user_id` and `orders_password`, which then serve only when the API refuses the " +
					"token. Defaults to the `" + EnvOrdersAccessToken + "` environment variable. " + blankIsUnset +
					" Its expiry is unknown to the provider. When the API refuses it (HTTP 401), the provider logs " +
					"in once (per provider process) with the Orders user id and password if both are set, and otherwise fails with an " +
					"error that names where the token came from. When the login's token then works where the given " +
					"one was refused, the read also gets a warning (once per provider process) that names where the " +
					"token came from, never the token. Orders tokens live minutes, not a day: " +
					"mint one right before the runs that use it.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the LiquidCommerce API; API paths such as `/authentication` are joined to it. " +
					"Defaults to the `" + EnvBaseURL + "` environment variable, then `" + client.DefaultBaseURL + "`. " +
					blankIsUnset + " " +
					"Use `https://staging.api.liquidcommerce.cloud` for staging, or add a path prefix such as `/api`. " +
					"Must use `https`; `http` is accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`).",
				Optional:   true,
				Validators: []validator.String{unsetWhenBlank{baseURLValidator{}}},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of each HTTP request, as a Go duration of at least `" +
					minRequestTimeout.String() + "` such as `30s` or `1m`. Defaults to the `" + EnvRequestTimeout +
					"` environment variable, in the same form, then `" + client.DefaultRequestTimeout.String() + "`. " +
					blankIsUnset,
				Optional:   true,
				Validators: []validator.String{unsetWhenBlank{atLeast(minRequestTimeout)}},
			},
			"max_retries": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("How many times each request is retried after a transient failure: "+
					"429 and 503 for every method; 500, 502, 504 and connection errors for `GET` requests and logins "+
					"(a `POST` only when its connection never opened); nothing else. The waits honor `Retry-After`, "+
					"else back off exponentially with jitter. `0` disables retries, at most `%d`. Defaults to the "+
					"`%s` environment variable, a whole number in the same range (empty counts as unset), then `%d`.",
					maxMaxRetries, EnvMaxRetries, client.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Number{retriesRule},
			},
			"token_cache_dir": schema.StringAttribute{
				MarkdownDescription: "A directory where the provider keeps the tokens it logs in for, shared by the " +
					"provider processes of this machine, so that they log in once per token lifetime between them " +
					"instead of once each: the plan and the apply of a run, runs that start together, and runs that " +
					"follow each other. Off by default. Defaults to the `" + EnvTokenCacheDir + "` environment " +
					"variable. " + blankIsUnset + " A leading `~` is the home directory; a relative path is taken " +
					"from the working directory. A missing directory is created with mode `0700`; an existing one " +
					"must belong to the user running Terraform, and group and others must not be able to write to it " +
					"(on unix; on Windows the user profile's ACL applies), else the provider fails and names it. " +
					"So it does for a path that is no directory, or that this user cannot create or write to; a " +
					"passing problem, such as a full disk, leaves the cache off for the run, with a warning. " +
					"**The tokens are stored on disk, in the clear, in files of mode `0600`**: an access token lives a " +
					"day, and an Orders token grants access to customers' personal data. Tokens given in " +
					"`access_token` or `orders_access_token` are never written, and win over cached ones. See the " +
					"guide \"Tokens across runs on one machine\" before turning it on, and never on a CI runner " +
					"whose cache or artifacts outlive the job.",
				Optional: true,
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
	pd := &providerData{unknownCreds: map[client.Credential][]string{}, warned: &givenWarnings{}}
	for _, a := range []struct {
		name string
		cred client.Credential
		v    types.String
	}{
		{"api_key", client.APIKey, cfg.APIKey},
		{"access_token", client.APIKey, cfg.AccessToken},
		{"orders_user_id", client.Orders, cfg.OrdersUserID},
		{"orders_password", client.Orders, cfg.OrdersPassword},
		{"orders_access_token", client.Orders, cfg.OrdersAccessToken},
	} {
		if a.v.IsUnknown() {
			pd.unknownCreds[a.cred] = append(pd.unknownCreds[a.cred], a.name)
		}
	}
	for _, a := range []struct {
		name string
		v    attr.Value
	}{{"base_url", cfg.BaseURL}, {"request_timeout", cfg.RequestTimeout}, {"max_retries", cfg.MaxRetries},
		{"token_cache_dir", cfg.TokenCacheDir}} {
		if a.v.IsUnknown() {
			pd.unknown = append(pd.unknown, a.name)
		}
	}
	// A given token serves without the long-lived credential, which need not
	// be known yet: it is only the fallback, for apply.
	for cred, given := range map[client.Credential]struct {
		v   types.String
		env string
	}{client.APIKey: {cfg.AccessToken, EnvAccessToken}, client.Orders: {cfg.OrdersAccessToken, EnvOrdersAccessToken}} {
		if v, _ := lookup(given.v, "", given.env, blank); !given.v.IsUnknown() && v != "" {
			delete(pd.unknownCreds, cred)
		}
	}
	if len(pd.unknown) > 0 {
		tflog.Debug(ctx, "LiquidCommerce provider configuration is not known yet", map[string]any{"unknown": pd.unknown})
		p.data.Store(pd)
		return
	}

	apiKey, apiKeySrc := lookup(cfg.APIKey, "api_key", EnvAPIKey, blank)
	ordersUserID, userSrc := lookup(cfg.OrdersUserID, "orders_user_id", EnvOrdersUserID, blank)
	ordersPassword, passwordSrc := lookup(cfg.OrdersPassword, "orders_password", EnvOrdersPassword, blankPassword)
	accessToken, tokenSrc := lookup(cfg.AccessToken, "access_token", EnvAccessToken, blank)
	ordersToken, ordersTokenSrc := lookup(cfg.OrdersAccessToken, "orders_access_token", EnvOrdersAccessToken, blank)
	// The client sends the tokens and the key trimmed: mask both forms.
	secrets := []string{apiKey, ordersPassword, accessToken, ordersToken,
		strings.TrimSpace(apiKey), strings.TrimSpace(accessToken), strings.TrimSpace(ordersToken)}
	ctx = maskSecrets(ctx, secrets...)
	checkGivenToken(accessToken, tokenSrc, &resp.Diagnostics)
	checkGivenToken(ordersToken, ordersTokenSrc, &resp.Diagnostics)
	baseURL, baseURLSrc := lookup(cfg.BaseURL, "base_url", EnvBaseURL, blank)
	timeout, timeoutSrc := requestTimeout(cfg.RequestTimeout, &resp.Diagnostics)
	maxRetries, retriesSrc := maxRetries(cfg.MaxRetries, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var shared *sharedTokens
	cacheDirValue, cacheDirSrc := lookup(cfg.TokenCacheDir, "token_cache_dir", EnvTokenCacheDir, blank)
	if base, err := client.ParseBaseURL(cmp.Or(baseURL, client.DefaultBaseURL)); cacheDirSrc.set && err == nil {
		shared = openTokenCache(ctx, cacheDirValue, cacheDirSrc, base.String(), apiKey, ordersUserID, ordersPassword,
			&resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	ccfg := client.Config{
		APIKey:            apiKey,
		AccessToken:       accessToken,
		OrdersUserID:      ordersUserID,
		OrdersPassword:    ordersPassword,
		OrdersAccessToken: ordersToken,
		BaseURL:           baseURL,
		RequestTimeout:    timeout,
		MaxRetries:        maxRetries,
		UserAgent:         userAgent(p.version, req.TerraformVersion),
		Logger:            tflogLogger{secrets: secrets},
	}
	if shared != nil {
		ccfg.Tokens = shared
	}
	c, err := client.New(ccfg)
	if err != nil {
		addConfigError(&resp.Diagnostics, err, apiKeySrc, userSrc, passwordSrc, tokenSrc, ordersTokenSrc, baseURLSrc)
		return
	}
	tflog.Debug(ctx, "Configured LiquidCommerce client", map[string]any{
		"base_url": c.BaseURL(), "request_timeout": timeout.String(), "max_retries": maxRetries,
		"api_key_from": apiKeySrc.logged(), "orders_user_id_from": userSrc.logged(),
		"orders_password_from": passwordSrc.logged(), "access_token_from": tokenSrc.logged(),
		"orders_access_token_from": ordersTokenSrc.logged(), "token_cache_dir": cacheDirSrc.logged(),
	})
	pd.client = c
	pd.maxWait, pd.requestTimeout, pd.maxRetries = client.Bound(timeout, maxRetries), timeout, maxRetries
	pd.apiKey, pd.ordersUserID, pd.ordersPassword = apiKeySrc, userSrc, passwordSrc
	pd.accessToken, pd.ordersAccessToken = tokenSrc, ordersTokenSrc
	pd.baseURL, pd.tokenCacheDir = baseURLSrc, cacheDirSrc
	pd.requestTimeoutSrc, pd.maxRetriesSrc = timeoutSrc, retriesSrc
	p.data.Store(pd)
}

// openTokenCache opens token_cache_dir. A directory that others could write
// to, or that is not the user's, fails the configuration, naming it and the
// fix; any other failure leaves the cache off, with a warning.
func openTokenCache(ctx context.Context, v string, src source, baseURL, apiKey, user, password string,
	diags *diag.Diagnostics) *sharedTokens {
	fail := func(detail string) {
		if src.fromEnv {
			diags.AddError("Unusable "+EnvTokenCacheDir, "The "+EnvTokenCacheDir+" environment variable names a "+
				"token cache the provider will not use: "+detail)
		} else {
			diags.AddAttributeError(path.Root("token_cache_dir"), "Unusable token_cache_dir",
				"token_cache_dir names a token cache the provider will not use: "+detail)
		}
	}
	dir, err := cacheDir(v)
	if err != nil {
		fail(err.Error() + ".")
		return nil
	}
	shared, err := newSharedTokens(dir, baseURL, apiKey, user, password)
	var perm *tokencache.PermError
	switch unusable := unusableDir(err); {
	case errors.As(err, &perm):
		fail(fmt.Sprintf("%s: %s, and the cache holds bearer tokens: to fix it, %s. The provider never changes "+
			"a file's or a directory's mode. Or unset %s to run without the cache.", perm.Path, perm.Reason, perm.Fix,
			src.origin()))
		return nil
	case unusable != "":
		fail(fmt.Sprintf("%s %s. Give a directory this user can create and write to, or unset %s to run "+
			"without the cache.", dir, unusable, src.origin()))
		return nil
	case err != nil:
		tflog.Warn(ctx, "LiquidCommerce token cache not opened; logging in without it",
			map[string]any{"token_cache_dir": dir, "error": err.Error()})
		return nil
	}
	return shared
}

// unusableDir says why a token cache directory can never work, for the
// errors that come back run after run; "" for those that may pass (a full
// disk, say), which leave the cache off with a warning.
func unusableDir(err error) string {
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return "is not a directory, or a part of its path is a file"
	case errors.Is(err, fs.ErrPermission):
		return "cannot be created, read or written to: permission denied"
	case errors.Is(err, syscall.EROFS):
		return "cannot be written to: it is on a read-only file system"
	}
	return ""
}

// checkGivenToken catches the two usual slips in passing a token minted
// elsewhere: the whole Authorization header value, or the whole login
// answer. The error names where the value came from, never the value.
func checkGivenToken(v string, src source, diags *diag.Diagnostics) {
	t := strings.TrimSpace(v)
	var problem string
	switch {
	case len(t) > 7 && strings.EqualFold(t[:7], "bearer "):
		problem = "starts with \"Bearer \": give the token alone; the provider sends it as \"Authorization: Bearer <token>\""
	case strings.HasPrefix(t, "{"):
		problem = "is a JSON object, as the login answers: give the token alone, the answer's data.token " +
			"(for example with jq -r .data.token)"
	default:
		return
	}
	if src.fromEnv {
		diags.AddError("Invalid "+src.env, "The "+src.env+" environment variable "+problem+".")
		return
	}
	diags.AddAttributeError(path.Root(src.attr), "Invalid "+src.attr, src.attr+" "+problem+".")
}

// minRequestTimeout is the shortest request_timeout, from the attribute or
// the environment.
const minRequestTimeout = time.Millisecond

// requestTimeout reads request_timeout, or LIQUIDCOMMERCE_REQUEST_TIMEOUT
// when the attribute is unset, by the same rules.
func requestTimeout(v types.String, diags *diag.Diagnostics) (time.Duration, source) {
	s, src := lookup(v, "request_timeout", EnvRequestTimeout, blank)
	if !src.set {
		return client.DefaultRequestTimeout, src
	}
	d, err := time.ParseDuration(s)
	if err == nil && d >= minRequestTimeout {
		return d, src
	}
	// A duration is no secret: repeating it shows what was read.
	rule := fmt.Sprintf("a Go duration of at least %s, such as \"30s\" or \"1m\"; got %q.", minRequestTimeout, s)
	if src.fromEnv {
		diags.AddError("Invalid "+EnvRequestTimeout, "The "+EnvRequestTimeout+" environment variable must be "+rule+
			" Unset it, or leave it empty, for the default of "+client.DefaultRequestTimeout.String()+
			"; request_timeout in the provider block wins over it.")
	} else {
		diags.AddAttributeError(path.Root("request_timeout"), "Invalid Duration", "request_timeout must be "+rule)
	}
	return 0, src
}

// maxRetries reads max_retries, or LIQUIDCOMMERCE_MAX_RETRIES when the
// attribute is null.
func maxRetries(v types.Number, diags *diag.Diagnostics) (int, source) {
	src := source{attr: "max_retries", env: EnvMaxRetries, set: !v.IsNull()}
	if !v.IsNull() {
		// The validator has checked it, unless it was known only now.
		n, _ := retriesRule.check(path.Root("max_retries"), v, diags)
		return int(n), src
	}
	s := os.Getenv(EnvMaxRetries)
	if blank(s) {
		return client.DefaultMaxRetries, src
	}
	src.set, src.fromEnv = true, true
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxMaxRetries {
		diags.AddError("Invalid "+EnvMaxRetries, fmt.Sprintf("The %s environment variable must be a whole number "+
			"from 0 to %d, the retries after a transient failure (0 disables them); got %q. Unset it, or leave it "+
			"empty, for the default of %d; max_retries in the provider block wins over it.",
			EnvMaxRetries, maxMaxRetries, s, client.DefaultMaxRetries))
	}
	return n, src
}

// envVars names the environment variable behind each attribute that has one.
var envVars = map[string]string{
	"api_key": EnvAPIKey, "base_url": EnvBaseURL, "orders_user_id": EnvOrdersUserID, "orders_password": EnvOrdersPassword,
	"request_timeout": EnvRequestTimeout, "max_retries": EnvMaxRetries, "token_cache_dir": EnvTokenCacheDir,
	"access_token": EnvAccessToken, "orders_access_token": EnvOrdersAccessToken,
}

// addConfigError reports a setting the client refused, on the attribute, or
// on the environment variable when the value came from there. The value
// itself is never repeated: it may be a secret.
func addConfigError(diags *diag.Diagnostics, err error, sources ...source) {
	var ce *client.ConfigError
	if !errors.As(err, &ce) {
		diags.AddError("Cannot Configure LiquidCommerce Client", err.Error())
		return
	}
	for _, src := range sources {
		if src.attr == ce.Field && src.fromEnv {
			diags.AddError("Invalid "+src.env, fmt.Sprintf("The %s environment variable is not usable as %s: %s.",
				src.env, ce.Field, ce.Reason))
			return
		}
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
		newOrderDataSource,
		newOrdersDataSource,
		newCatalogAvailabilityDataSource,
		newCatalogSearchDataSource,
	)
}

func (p *liquidCommerceProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return bind(p,
		newAccessTokenEphemeralResource,
		newOrdersAccessTokenEphemeralResource,
		newAPIRequestEphemeralResource,
		newOrderEphemeralResource,
		newOrdersEphemeralResource,
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
