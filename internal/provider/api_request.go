package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

const apiRequestTypeName = "liquidcommerce_api_request"

// apiRequestModel is the shape shared by the data source and the ephemeral
// resource liquidcommerce_api_request.
type apiRequestModel struct {
	Path         types.String `tfsdk:"path"`
	Method       types.String `tfsdk:"method"`
	Query        types.Map    `tfsdk:"query"`
	Body         types.String `tfsdk:"body"`
	Credentials  types.String `tfsdk:"credentials"`
	StatusCode   types.Int64  `tfsdk:"status_code"`
	RequestID    types.String `tfsdk:"request_id"`
	ResponseBody types.String `tfsdk:"response_body"`
	// The exports and their results.
	ResponseExportValues          types.Map     `tfsdk:"response_export_values"`
	SensitiveResponseExportValues types.Map     `tfsdk:"sensitive_response_export_values"`
	Output                        types.Dynamic `tfsdk:"output"`
	SensitiveOutput               types.Dynamic `tfsdk:"sensitive_output"`
	// What the read may meet and how long it may take.
	AcceptStatus types.List `tfsdk:"accept_status"`
	readLimitsModel
}

// exports returns the export map named attrName.
func (m *apiRequestModel) exports(attrName string) types.Map {
	if attrName == "sensitive_response_export_values" {
		return m.SensitiveResponseExportValues
	}
	return m.ResponseExportValues
}

// exporting reports whether either export map is set, even to {}: then
// the data source stores no response_body.
func (m *apiRequestModel) exporting() bool {
	return !m.ResponseExportValues.IsNull() || !m.SensitiveResponseExportValues.IsNull()
}

// Attribute descriptions and validators shared by both schemas.
const (
	descPath = "The API path, starting with one `/`, joined to the provider's `base_url`, e.g. `/catalog/search` or " +
		"`/orders/LC-1001`. Taken as already escaped. A URL, `//host`, `..`, `?` or `#` is rejected when the " +
		"configuration is validated, so the token goes to no host but `base_url`'s: give query parameters in `query`."
	descMethod = "`GET` (the default) or `POST`. `POST` is for read-only lookups such as `/catalog/search`: this type " +
		"runs at every plan, so a request with a side effect would repeat."
	descQuery = "Query parameters, encoded by the provider, e.g. " +
		"`{ startDate = \"2026-11-01T00:00:00Z\" }`. A `null` value is an error that names its key: leave " +
		"the key out, or drop the nulls of a map `m` with `{ for k, v in m : k => v if v != null }`."
	descBody        = "A JSON request body, with `method = \"POST\"` only; write it with `jsonencode(...)`."
	descCredentials = "Which token the request carries: `api_key` (the default) sends the access token, which every " +
		"endpoint but the Orders API takes; `orders` sends the Orders API token (`/orders`), and needs " +
		"`orders_user_id` and `orders_password` in the provider block (or their environment variables)."
	descStatusCode   = "The HTTP status of the response."
	descRequestID    = "The response's `metadata.requestId` (or its `X-Request-Id` header), the identifier LiquidCommerce support asks for."
	descResponseBody = "The response JSON exactly as the API returned it, without a top-level `auth` object (a " +
		"refreshed token, which the provider keeps to itself). Decode it with `jsondecode(...)`. On the data source " +
		"it is null when `response_export_values` or `sensitive_response_export_values` is set (even to `{}`), so " +
		"that the state holds only what they export; the ephemeral resource always has it."
	descExportValues = "Values to export from the response into `output`: a map from a name to a JMESPath " +
		"expression (jmespath.org), evaluated against the response JSON without its `auth` object, for example " +
		"`{ status = \"data.status\", total = \"data.amounts.total\", ids = \"data.items[*].product.upc\" }`. An " +
		"expression that does not parse is an error when the configuration is validated, naming its key, and " +
		"nothing is sent; an unknown function or a type error is an error of the read, naming its key; an " +
		"expression that matches nothing gives `null`. On the data source, setting this (or " +
		"`sensitive_response_export_values`) keeps `response_body` out of the state: only the exports are stored."
	descSensitiveExportValues = "Like `response_export_values`, into `sensitive_output`, which the CLI masks in " +
		"its output and in `show`. The state file still holds the values in plain text, as with every sensitive " +
		"attribute: personal data belongs in the ephemeral resource, which is never stored."
	descOutput = "The results of `response_export_values`, an object with one attribute per name: JSON objects " +
		"become objects and arrays tuples, strings stay strings (ids keep their leading zeros), and numbers stay " +
		"numbers with their exact value, integers beyond 2^53 included (inside JMESPath, comparisons and " +
		"functions on numbers a 64-bit float cannot hold are approximate). " +
		"Use it directly: `output.total + 1`, `length(output.ids)`. Null when `response_export_values` is not set."
	descSensitiveOutput = "The results of `sensitive_response_export_values`, as `output`; sensitive. Null when " +
		"`sensitive_response_export_values` is not set."
	descAcceptStatus = "HTTP statuses outside 2xx that count as results, not errors, for example `[404]` for a " +
		"`check` that something is absent. For such a status, `status_code`, `request_id`, the exports and " +
		"`response_body` are filled from the answer, when it is the API's JSON or empty: a page that is not JSON " +
		"(a proxy's HTML 404) stays an error, so a wrong `base_url` never reads as absent. Accepted statuses are " +
		"not retried. Only the HTTP status is matched: an error `statusCode` inside an HTTP 200 answer stays an " +
		"error. 401, 429, 500, 502, 503 and 504 cannot be listed: the provider handles them itself (a new login, " +
		"retries)."
	descReadMaxRetries = "How many times each request of this read (each page or batch of a typed read) is " +
		"retried after a transient failure, from 0 to 10, instead of the provider's `max_retries`, by the same rules. `0` with a short `request_timeout` makes a fail-fast read " +
		"for a `check` against an API that may be down. A login the read starts itself (the first read of the " +
		"credential in the provider process) has the read's limits too; a read that waits for a login another " +
		"read started shares that login's."
	descReadRequestTimeout = "Timeout of each attempt of each request of this read, as a Go duration of at least `1ms` such as " +
		"`5s`, instead of the provider's `request_timeout`. With this or `max_retries` set, a login that fails " +
		"within the read's limits fails this read alone: other reads, and the processes sharing a " +
		"`token_cache_dir`, still log in for themselves."
)

// apiRequestAttributes is the schema of both types.
var apiRequestAttributes = withReadLimits(map[string]dsschema.Attribute{
	"path": dsschema.StringAttribute{MarkdownDescription: descPath, Required: true,
		Validators: []validator.String{apiPathValidator{}}},
	"method": dsschema.StringAttribute{MarkdownDescription: descMethod, Optional: true, Computed: true,
		Validators: []validator.String{stringvalidator.OneOf(http.MethodGet, http.MethodPost)}},
	"query": dsschema.MapAttribute{MarkdownDescription: descQuery, Optional: true, ElementType: types.StringType},
	"body": dsschema.StringAttribute{MarkdownDescription: descBody, Optional: true,
		Validators: []validator.String{jsonValidator{}}},
	"credentials": dsschema.StringAttribute{MarkdownDescription: descCredentials, Optional: true, Computed: true,
		Validators: []validator.String{stringvalidator.OneOf(string(client.APIKey), string(client.Orders))}},
	"status_code":   dsschema.Int64Attribute{MarkdownDescription: descStatusCode, Computed: true},
	"request_id":    dsschema.StringAttribute{MarkdownDescription: descRequestID, Computed: true},
	"response_body": dsschema.StringAttribute{MarkdownDescription: descResponseBody, Computed: true},
	"response_export_values": dsschema.MapAttribute{MarkdownDescription: descExportValues, Optional: true,
		ElementType: types.StringType},
	"sensitive_response_export_values": dsschema.MapAttribute{MarkdownDescription: descSensitiveExportValues,
		Optional: true, ElementType: types.StringType},
	"output": dsschema.DynamicAttribute{MarkdownDescription: descOutput, Computed: true},
	"sensitive_output": dsschema.DynamicAttribute{MarkdownDescription: descSensitiveOutput, Computed: true,
		Sensitive: true},
	"accept_status": dsschema.ListAttribute{MarkdownDescription: descAcceptStatus, Optional: true,
		ElementType: types.NumberType, Validators: []validator.List{acceptValidator{}}},
})

// validateAPIRequest checks what no single attribute's validator can: a
// body goes with POST only, and every query parameter has a value.
func validateAPIRequest(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) {
	var m apiRequestModel
	diags.Append(cfg.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	addNullQueryErrors(m.Query, diags)
	for _, e := range exportMaps {
		addExpressionErrors(e.in, m.exports(e.in), diags)
	}
	// A method other than GET and POST has its own error; a body is wrong
	// only with GET, which is also the default.
	if !m.Body.IsNull() && (m.Method.IsNull() || m.Method.ValueString() == http.MethodGet) {
		diags.AddAttributeError(path.Root("body"), "Request Body Without POST",
			"body is sent with method = \"POST\" only; GET requests have no body. Set method = \"POST\", or give the "+
				"parameters in query.")
	}
}

// addNullQueryErrors reports each query parameter whose value is null,
// which has no value to send. Values still unknown are checked again when
// the request is read.
func addNullQueryErrors(query types.Map, diags *diag.Diagnostics) {
	if query.IsNull() || query.IsUnknown() {
		return
	}
	elems := query.Elements()
	for _, k := range slices.Sorted(maps.Keys(elems)) {
		if !elems[k].IsNull() {
			continue
		}
		diags.AddAttributeError(path.Root("query").AtMapKey(k), "Null Query Parameter",
			fmt.Sprintf("The query parameter %q is null, so it has no value to send. Give it a value, or "+
				"leave the key out of query; to drop the parameters that are null from a map of them, write "+
				"query = { for k, v in <the map> : k => v if v != null }. Nothing was sent.", k))
	}
}

// readAPIRequest sends the configured request through the provider's shared
// client and fills the model with the answer. The response body goes to no
// log line: it may hold personal data.
func readAPIRequest(ctx context.Context, pd *providerData, cfg tfsdk.Config, diags *diag.Diagnostics) (apiRequestModel, bool) {
	var m apiRequestModel
	diags.Append(cfg.Get(ctx, &m)...)
	// Query values and expressions known only now were not validated.
	addNullQueryErrors(m.Query, diags)
	for _, e := range exportMaps {
		addExpressionErrors(e.in, m.exports(e.in), diags)
	}
	if diags.HasError() {
		return m, false
	}
	if m.Method.IsNull() {
		m.Method = types.StringValue(http.MethodGet)
	}
	if m.Credentials.IsNull() {
		m.Credentials = types.StringValue(string(client.APIKey))
	}
	cred := client.Credential(m.Credentials.ValueString())
	c := pd.apiClient(apiRequestTypeName, cred, diags)
	if c == nil {
		return m, false
	}
	in := client.Request{Method: m.Method.ValueString(), Path: m.Path.ValueString(), Credential: cred}
	if !m.Query.IsNull() {
		var q map[string]string
		diags.Append(m.Query.ElementsAs(ctx, &q, false)...)
		if diags.HasError() {
			return m, false
		}
		in.Query = url.Values{}
		for k, v := range q {
			in.Query.Set(k, v)
		}
	}
	if !m.Body.IsNull() {
		in.Body = []byte(m.Body.ValueString())
	}
	limits := readLimits(ctx, &m, &in, pd, diags)
	if diags.HasError() {
		return m, false
	}
	res, err := c.Do(ctx, in)
	if err != nil {
		addClientError(diags, err, limits)
		return m, false
	}
	pd.warnGivenTokenRefused(res, cred, diags)
	m.StatusCode = types.Int64Value(int64(res.Status))
	m.RequestID = types.StringValue(res.RequestID)
	m.ResponseBody = types.StringValue(string(res.Body))
	m.Output, m.SensitiveOutput = types.DynamicNull(), types.DynamicNull()
	if exports := m.exports(exportMaps[0].in); !exports.IsNull() {
		m.Output = exportValues(ctx, exportMaps[0].in, exports, res.Body, diags)
	}
	if exports := m.exports(exportMaps[1].in); !exports.IsNull() {
		m.SensitiveOutput = exportValues(ctx, exportMaps[1].in, exports, res.Body, diags)
	}
	if diags.HasError() {
		return m, false
	}
	tflog.Debug(ctx, "Read "+apiRequestTypeName, map[string]any{
		"method": in.Method, "path": in.Path, "credentials": string(cred), "status": res.Status,
		"request_id": res.RequestID, "response_bytes": len(res.Body),
	})
	return m, true
}

// readLimits sets the read's own accepted statuses, retries and timeout
// on in, checking what was known only now, and returns the provider data
// whose limits its errors should name.
func readLimits(ctx context.Context, m *apiRequestModel, in *client.Request, pd *providerData,
	diags *diag.Diagnostics) *providerData {
	if !m.AcceptStatus.IsNull() {
		// Values known only now were not validated: the validator's checks.
		resp := validator.ListResponse{}
		acceptValidator{}.ValidateList(ctx, validator.ListRequest{Path: path.Root("accept_status"),
			ConfigValue: m.AcceptStatus}, &resp)
		diags.Append(resp.Diagnostics...)
		for _, e := range m.AcceptStatus.Elements() {
			// What is not a status has its error from the validator above.
			if n, ok := e.(types.Number); ok {
				if status, ok := acceptRule.check(path.Root("accept_status"), n, &diag.Diagnostics{}); ok {
					in.Accept = append(in.Accept, int(status))
				}
			}
		}
	}
	limited := m.apply(pd, diags)
	*in = limited.request(*in)
	return limited
}

// acceptRule is an accept_status element's: client.ValidateAccept then
// refuses the statuses the client handles itself.
var acceptRule = whole{300, 599}

// acceptValidator applies client.ValidateAccept at validate time.
type acceptValidator struct{}

func (acceptValidator) Description(context.Context) string {
	return "HTTP statuses from 300 to 599, but not 401, 429, 500, 502, 503 or 504"
}

func (v acceptValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (acceptValidator) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var statuses []int
	for i, e := range req.ConfigValue.Elements() {
		if n, ok := e.(types.Number); ok && n.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path.AtListIndex(i), "Invalid accept_status",
				fmt.Sprintf("accept_status[%d] is null: give an HTTP status such as 404, or leave it out.", i))
		} else if status, isStatus := acceptRule.check(req.Path.AtListIndex(i), n, &resp.Diagnostics); ok && isStatus {
			statuses = append(statuses, int(status))
		}
	}
	if err := client.ValidateAccept(statuses); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid accept_status", reason(err)+". Nothing was sent.")
	}
}

// apiPathValidator applies client.ValidatePath at validate time.
type apiPathValidator struct{}

func (apiPathValidator) Description(context.Context) string {
	return "must be an API path starting with one /, without a host, .., ? or #"
}

func (v apiPathValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (apiPathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := client.ValidatePath(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid LiquidCommerce API Path", reason(err)+".")
	}
}

// jsonValidator checks that a string is one JSON value.
type jsonValidator struct{}

func (jsonValidator) Description(context.Context) string {
	return "must be JSON, as jsonencode(...) writes it"
}

func (v jsonValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (jsonValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !json.Valid([]byte(req.ConfigValue.ValueString())) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON Request Body",
			"body is not valid JSON; write it with jsonencode(...), for example body = jsonencode({ search = \"gin\" }).")
	}
}
