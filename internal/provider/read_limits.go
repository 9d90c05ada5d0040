package provider

import (
	"fmt"
	"maps"
	"time"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// readLimitsModel is a read's own max_retries and request_timeout, which
// liquidcommerce_api_request and every typed read take. Models embed it.
type readLimitsModel struct {
	MaxRetries     types.Number `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// readLimiter is a model that embeds readLimitsModel.
type readLimiter interface{ readLimits() readLimitsModel }

func (l readLimitsModel) readLimits() readLimitsModel { return l }

// readLimitAttributes are the attributes of readLimitsModel.
var readLimitAttributes = map[string]dsschema.Attribute{
	"max_retries": dsschema.NumberAttribute{MarkdownDescription: descReadMaxRetries, Optional: true,
		Validators: []validator.Number{retriesRule}},
	"request_timeout": dsschema.StringAttribute{MarkdownDescription: descReadRequestTimeout, Optional: true,
		Validators: []validator.String{atLeast(minRequestTimeout)}},
}

// withReadLimits is attrs with readLimitAttributes added, in a new map.
func withReadLimits(attrs map[string]dsschema.Attribute) map[string]dsschema.Attribute {
	out := maps.Clone(attrs)
	maps.Copy(out, readLimitAttributes)
	return out
}

// retriesRule is a read's max_retries's rule, as the provider's.
var retriesRule = whole{0, maxMaxRetries}

// apply checks the limits, which may have been unknown when the
// configuration was validated, and returns a copy of pd that holds them:
// its request method puts them on each request of the read, and its limits
// are those the read's errors name. With neither set, the copy limits as pd
// does.
func (l readLimitsModel) apply(pd *providerData, diags *diag.Diagnostics) *providerData {
	if pd == nil {
		return nil
	}
	limited := *pd
	if !l.MaxRetries.IsNull() {
		n, _ := retriesRule.check(path.Root("max_retries"), l.MaxRetries, diags)
		retries := int(n)
		limited.readRetries = &retries
	}
	if !l.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(l.RequestTimeout.ValueString())
		if err != nil || d < minRequestTimeout {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid Duration",
				fmt.Sprintf("request_timeout must be a Go duration of at least %s, such as \"5s\"; got %q.",
					minRequestTimeout, l.RequestTimeout.ValueString()))
		}
		limited.readTimeout, limited.requestTimeout = d, d
	}
	retries := pd.maxRetries
	if limited.readRetries != nil {
		retries = *limited.readRetries
	}
	limited.maxWait = client.Bound(limited.requestTimeout, retries)
	return &limited
}

// request is in with the read's own limits, when pd holds any (see apply):
// every request of a read goes through it.
func (pd *providerData) request(in client.Request) client.Request {
	if pd.readRetries != nil {
		in.MaxRetries = pd.readRetries
	}
	if pd.readTimeout != 0 {
		in.Timeout = pd.readTimeout
	}
	return in
}

// Every typed read's model takes the limits.
var (
	_ readLimiter = &orderModel{}
	_ readLimiter = &ordersModel{}
	_ readLimiter = &ordersEphemeralModel{}
	_ readLimiter = &catalogAvailabilityModel{}
	_ readLimiter = &catalogSearchModel{}
)
